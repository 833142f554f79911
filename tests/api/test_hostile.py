"""Hostile clients against the service as deployed (`vbassist serve`, real uvicorn, two check worker
processes): each input is generated here, and each test asserts the HTTP status, the message, a time
bound and a memory bound (the worker limit is VBASSIST_WORKER_MEMORY_MB; the service process's own
memory is watched from /proc).

- the span bomb (a 57 kB .docx whose one cell spans 30 million grid columns, or whose one row starts
  30 million columns in): refused (413) within seconds, never more memory than a worker may use, the
  memory given back, and other clients answered meanwhile;
- slowloris (request headers sent a byte at a time) and an idle keep-alive connection: closed;
- a spoofed Host header: the manifest still names the service's own address;
- the Content-Security-Policy of every page, and /docs rendered under it in Chromium.
"""

from __future__ import annotations

import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from vbassist.api.processes import resident_mb

from .conftest import FAMILJEHEM, descendants, free_port, serve_env, serve_process
from .hostile import span_bomb

pytestmark = pytest.mark.slow  # starts a server process

WORKER_MB = 600
HEADER_TIMEOUT_S = 1
KEEP_ALIVE_S = 1
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class Service:
    def __init__(self, url: str, proc: subprocess.Popen[bytes]) -> None:
        self.url, self.proc = url, proc

    def worker_pids(self) -> set[int]:
        return descendants(self.proc.pid)

    def check(self, data: bytes, name: str = "utkast.docx", timeout: float = 60) -> httpx.Response:
        return httpx.post(f"{self.url}/v1/check", files={"file": (name, data, DOCX)}, timeout=timeout)


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    root = tmp_path_factory.mktemp("hostile")
    port = free_port()
    env = serve_env(
        root,
        WORKERS="2",
        WORKER_MEMORY_MB=str(WORKER_MB),
        REQUEST_TIMEOUT_S="20",
        HEADER_TIMEOUT_S=str(HEADER_TIMEOUT_S),
        KEEP_ALIVE_S=str(KEEP_ALIVE_S),
    )
    url = f"http://127.0.0.1:{port}"
    with serve_process(
        ["--port", str(port), "--no-index"], env, root / "serve.log", f"{url}/v1/health"
    ) as proc:
        service = Service(url, proc)
        assert service.check(FAMILJEHEM.read_bytes()).status_code == 200  # workers warm
        yield service


class MemoryWatch:
    """The largest resident memory of the service process and of any of its workers, sampled every
    20 ms while the block runs."""

    def __init__(self, service: Service) -> None:
        self.service = service
        self.service_mb = 0.0
        self.worker_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.service_mb = max(self.service_mb, resident_mb(self.service.proc.pid))
            for pid in self.service.worker_pids():
                self.worker_mb = max(self.worker_mb, resident_mb(pid))
            time.sleep(0.02)

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _assert_refused(response: httpx.Response) -> None:
    assert response.status_code == 413, response.text
    body = response.json()
    assert body["code"] == "for_stor_fil"
    # the worker's memory limit, or (once the parser counts spans) the column budget
    assert "minne" in body["message"] or "kolumner" in body["message"], body["message"]


@pytest.mark.parametrize("before", [False, True], ids=["gridSpan", "gridBefore"])
def test_span_bomb_is_refused_within_its_budgets(service: Service, before: bool) -> None:
    bomb = span_bomb(before=before)
    assert len(bomb) < 60_000
    service_before = resident_mb(service.proc.pid)
    with MemoryWatch(service) as memory:
        started = time.perf_counter()
        response = service.check(bomb, "bomb.docx")
        elapsed = time.perf_counter() - started
    _assert_refused(response)
    assert elapsed < 10, f"refused after {elapsed:.1f} s"
    assert memory.worker_mb < WORKER_MB, f"a worker held {memory.worker_mb:.0f} MB"
    assert memory.service_mb < service_before + 50, "the service process itself did not grow"
    # the memory is given back: the worker that read the bomb is replaced, the pool is fresh again
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        sizes = [resident_mb(pid) for pid in service.worker_pids()]
        if len(sizes) >= 3 and max(sizes) < 250:  # the forkserver and two workers, all small
            break
        time.sleep(0.2)
    assert len(sizes) >= 3 and max(sizes) < 250, sizes
    assert service.check(FAMILJEHEM.read_bytes()).status_code == 200


def test_other_clients_are_answered_while_two_send_span_bombs(service: Service) -> None:
    stop = threading.Event()
    bomb_answers: list[int] = []

    def bomber() -> None:
        bomb = span_bomb()
        while not stop.is_set():
            bomb_answers.append(service.check(bomb, "bomb.docx").status_code)

    bombers = [threading.Thread(target=bomber, daemon=True) for _ in range(2)]
    for thread in bombers:
        thread.start()
    latencies = []
    try:
        time.sleep(0.5)  # both bombs are being read
        sample = FAMILJEHEM.read_bytes()
        for _ in range(10):
            started = time.perf_counter()
            response = service.check(sample)
            latencies.append(time.perf_counter() - started)
            assert response.status_code == 200, response.text
    finally:
        stop.set()
        for thread in bombers:
            thread.join(timeout=60)
    assert bomb_answers and set(bomb_answers) == {413}
    latencies.sort()
    # bench/api_load.py measures the p95 under load; here: nobody waits for a bomb to be refused
    assert latencies[len(latencies) // 2] < 1.5 and latencies[-1] < 4.0, latencies


def _closed_within(sock: socket.socket, seconds: float) -> float | None:
    """Seconds until the server closed `sock` (None if it stayed open)."""
    sock.settimeout(seconds)
    started = time.perf_counter()
    try:
        while sock.recv(1024):
            pass
    except TimeoutError:
        return None
    except ConnectionError:
        pass
    return time.perf_counter() - started


def test_slow_headers_are_cut_off(service: Service) -> None:
    port = int(service.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port)) as slow:
        slow.sendall(b"GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # the headers never end
        for _ in range(3):
            time.sleep(0.2)
            slow.sendall(b"X-Slow: 1\r\n")
        closed = _closed_within(slow, HEADER_TIMEOUT_S + 3)
    assert closed is not None, "a connection with unfinished headers was kept open"
    # near miss: headers sent in time, slowly, are answered
    with socket.create_connection(("127.0.0.1", port)) as ok:
        for part in (b"GET /v1/health HTTP/1.1\r\n", b"Host: 127.0.0.1\r\n", b"Connection: close\r\n\r\n"):
            ok.sendall(part)
            time.sleep(0.1)
        assert ok.recv(4096).startswith(b"HTTP/1.1 200")


def test_an_idle_keep_alive_connection_is_closed(service: Service) -> None:
    port = int(service.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port)) as idle:
        idle.sendall(b"GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert idle.recv(4096).startswith(b"HTTP/1.1 200")
        closed = _closed_within(idle, KEEP_ALIVE_S + HEADER_TIMEOUT_S + 3)
    assert closed is not None


def test_a_spoofed_host_header_does_not_move_the_manifest(service: Service) -> None:
    manifest = httpx.get(f"{service.url}/addin/manifest.xml", headers={"Host": "elak.example.com"}).text
    assert "elak.example.com" not in manifest
    assert f'DefaultValue="{service.url}/addin/taskpane.html"' in manifest
    # near miss: "localhost" is the loopback service's own name (a development certificate's)
    local = httpx.get(f"{service.url}/addin/manifest.xml", headers={"Host": "localhost"}).text
    port = service.url.rsplit(":", 1)[1]
    assert f'DefaultValue="http://localhost:{port}/addin/taskpane.html"' in local


def test_every_page_has_its_content_security_policy(service: Service) -> None:
    pane = httpx.get(f"{service.url}/addin/taskpane.html").headers["content-security-policy"]
    assert "script-src 'self' https://appsforoffice.microsoft.com" in pane and "unsafe-eval" not in pane
    docs = httpx.get(f"{service.url}/docs").headers["content-security-policy"]
    assert "script-src 'self' 'sha256-" in docs and "frame-ancestors 'none'" in docs
    assert "unsafe-inline" not in docs.split("script-src", 1)[1].split(";")[0]
    for path in ("/v1/health", "/openapi.json", "/finns-inte"):
        assert (
            httpx.get(f"{service.url}{path}")
            .headers["content-security-policy"]
            .startswith("default-src 'none'")
        ), path


def test_docs_run_under_their_policy_in_chromium(service: Service, chromium: Any) -> None:
    run = chromium.run(
        "--enable-logging=stderr", "--v=0", "--virtual-time-budget=8000", "--dump-dom", f"{service.url}/docs"
    )
    assert "Content Security Policy" not in run.stderr, run.stderr[-2000:]
    # Swagger UI's start-up script ran (allowed by its hash): it filled the page
    assert 'class="swagger-ui' in run.stdout, run.stdout[-2000:]
