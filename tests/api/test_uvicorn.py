"""The service as users run it: `vbassist serve` in its own process (uvicorn, a worker process for
checks) on a free loopback port, driven over real HTTP; its JSON log lines checked for what they must
and must not hold."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from .conftest import FAMILJEHEM, USER_TOKEN, alive, descendants, free_port, serve_env, serve_process

pytestmark = pytest.mark.slow  # starts a server process

SECRET_NAME = "Lex Sarah Anna Andersson 4711.docx"
SECRET_QUERY = "hemligfråga om Anna"


class Server:
    def __init__(self, url: str, log: Path) -> None:
        self.url, self.log = url, log

    def log_lines(self) -> list[dict]:
        out = []
        for line in self.log.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("{"):
                out.append(json.loads(line))
        return out


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("uvicorn")
    port = free_port()
    env = serve_env(root, WORKERS="1", API_TOKENS=USER_TOKEN, MAX_UPLOAD_MB="2")
    url = f"http://127.0.0.1:{port}"
    log = root / "server.log"
    with serve_process(["--port", str(port), "--no-index"], env, log, f"{url}/v1/health"):
        yield Server(url, log)


def test_serve_prints_where_docs_and_manifest_are(server: Server) -> None:
    text = server.log.read_text(encoding="utf-8")
    assert f"{server.url}/docs" in text and f"{server.url}/addin/manifest.xml" in text


def test_check_over_real_http(server: Server) -> None:
    auth = {"Authorization": f"Bearer {USER_TOKEN}"}
    files = {"file": (SECRET_NAME, FAMILJEHEM.read_bytes())}
    assert httpx.post(f"{server.url}/v1/check", files=files, timeout=60).status_code == 401
    response = httpx.post(
        f"{server.url}/v1/check", files=files, headers={**auth, "X-Request-ID": "test-req-1"}, timeout=60
    )
    assert response.status_code == 200, response.text
    assert response.headers["x-request-id"] == "test-req-1"
    body = response.json()
    assert body["documents"][0]["source"] == SECRET_NAME and body["summary"]["findings"] > 0
    manifest = httpx.get(f"{server.url}/addin/manifest.xml").text
    assert f"{server.url}/addin/taskpane.html" in manifest
    httpx.get(f"{server.url}/v1/search", params={"q": SECRET_QUERY}, headers=auth, timeout=60)


def test_upload_limit_over_real_http(server: Server) -> None:
    auth = {"Authorization": f"Bearer {USER_TOKEN}"}
    response = httpx.post(
        f"{server.url}/v1/check",
        files={"file": ("stor.txt", b"x" * (3 * 1024 * 1024))},
        headers=auth,
        timeout=60,
    )
    assert response.status_code == 413 and response.json()["code"] == "for_stor_fil"

    def chunks() -> Iterator[bytes]:  # no content-length: refused while streaming
        yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="s.txt"\r\n\r\n'
        for _ in range(3 * 16):
            yield b"z" * 65536
        yield b"\r\n--b--\r\n"

    try:
        streamed = httpx.post(
            f"{server.url}/v1/check",
            content=chunks(),
            headers={**auth, "content-type": "multipart/form-data; boundary=b"},
            timeout=60,
        )
        assert streamed.status_code == 413
    except (httpx.WriteError, httpx.RemoteProtocolError):
        pass  # the server answered 413 and closed before the client finished sending: also a refusal
    assert httpx.get(f"{server.url}/v1/health").status_code == 200  # and it is still up


def test_log_lines_are_json_with_request_facts_and_no_document_details(server: Server) -> None:
    time.sleep(0.3)  # let the last line reach the file
    lines = server.log_lines()
    requests = [line for line in lines if line.get("event") == "request"]
    mine = [line for line in requests if line.get("request_id") == "test-req-1"]
    assert len(mine) == 1
    (line,) = mine
    assert line["path"] == "/v1/check" and line["status"] == 200 and line["method"] == "POST"
    assert line["duration_ms"] > 0 and line["findings"] > 0
    assert {r["status"] for r in requests} >= {200, 401, 413}
    raw = server.log.read_text(encoding="utf-8")
    for secret in ("Anna", "4711", "hemligfråga", "Lex Sarah", "Familjehem"):
        assert secret not in raw, f"{secret!r} reached the log"


def test_other_modules_log_without_their_arguments() -> None:
    """A vbassist module logging a file name for the terminal ("index: skipped <file>") reaches the
    service log as its message template only; the service's own lines keep their fields."""
    import logging

    from vbassist.api.logging import JsonFormatter

    formatter = JsonFormatter()

    def line(name: str, msg: str, args: tuple, **extra: object) -> dict:
        record = logging.LogRecord(name, logging.WARNING, __file__, 1, msg, args, None)
        record.__dict__.update(extra)
        return json.loads(formatter.format(record))

    other = line("vbassist.index.corpus", "index: skipped %s (%s)", (SECRET_NAME, "X"))
    assert other["event"] == "index: skipped %s (%s)" and "Anna" not in json.dumps(other)
    own = line("vbassist.api", "request", (), status=200, path="/v1/check")
    assert own["event"] == "request" and own["status"] == 200 and own["path"] == "/v1/check"


@pytest.mark.parametrize("how", ["SIGTERM", "SIGKILL"])
def test_no_worker_outlives_the_service(tmp_path: Path, how: str) -> None:
    """Stopped (SIGTERM) or killed outright (SIGKILL, a crash), the service leaves no worker processes
    (nor the forkserver they hang on) behind."""
    import signal

    port = free_port()
    env = serve_env(tmp_path, WORKERS="2")
    url = f"http://127.0.0.1:{port}"
    with serve_process(
        ["--port", str(port), "--no-index"], env, tmp_path / "log", f"{url}/v1/health"
    ) as proc:
        with FAMILJEHEM.open("rb") as fh:
            assert httpx.post(f"{url}/v1/check", files={"file": fh}, timeout=60).status_code == 200
        workers = descendants(proc.pid)
        assert len(workers) >= 2, "the service runs its checks in worker processes"
        proc.send_signal(getattr(signal, how))
        proc.wait(timeout=30)
    deadline = time.monotonic() + 15
    while any(alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [p for p in workers if alive(p)]


def test_docs_render_the_operations_in_chromium(server: Server, chromium) -> None:
    """/docs in a real browser: Swagger UI fetches /openapi.json (OpenAPI 3.1) and lists every
    operation, where the bundled Swagger UI 4 showed "Unable to render this definition"."""
    schema = httpx.get(f"{server.url}/openapi.json", timeout=30).json()
    assert schema["openapi"].startswith("3.1")
    operations = [(method.upper(), path) for path, ops in schema["paths"].items() for method in ops]
    assert len(operations) >= 6
    wait = "--virtual-time-budget=15000"  # let the page's scripts fetch and render the schema
    dom = chromium.dom(f"{server.url}/docs", wait)
    assert "Unable to render" not in dom and "opblock" in dom, dom[-2000:]
    for method, path in operations:
        assert re.search(rf'opblock-summary-method">{method}<.*?data-path="{re.escape(path)}"', dom, re.S), (
            method,
            path,
        )
    assert "vbassist" in dom and "Granskning, utkast och sökning" in dom
    shot = chromium.screenshot(f"{server.url}/docs", "docs/docs.png", wait, "--window-size=1200,1800")
    assert shot.is_file() and shot.stat().st_size > 20_000
