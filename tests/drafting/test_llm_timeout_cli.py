"""A model that times out leaves nothing running: `vbassist draft` exits on time with the grounded draft.

No language model can run here, so a local stand-in for an OpenAI-compatible server plays one that
never finishes its answer: it sends the response headers and then one byte every half second, so the
HTTP client's own read timeout never fires. The CLI runs as a real process with a 2 s model budget."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).resolve().parent.parent / "data"
FAMILJEHEM = DATA / "vb2025_hagersten-alvsjo_familjehemsenheten.docx"


class _Trickle(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        try:
            for _ in range(120):  # a minute of whitespace, never a complete answer
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.5)
        except OSError:
            pass  # the client went away: as it should

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def trickling_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Trickle)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


def _draft(env: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], float]:
    command = [sys.executable, "-m", "vbassist.cli", "draft", str(FAMILJEHEM), "--goal", "Familjehem erbjuds"]
    start = time.monotonic()
    done = subprocess.run([*command, "--no-sources"], env=env, capture_output=True, text=True, timeout=90)
    return done, time.monotonic() - start


def test_cli_exits_on_time_when_the_model_never_answers(
    trickling_server: str, openai_server: Any, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "VBASSIST_DATA_DIR": str(tmp_path),
        "VBASSIST_LLM": "stand-in",
        "VBASSIST_LLM_TIMEOUT_S": "2",
    }
    # the same command against a stand-in that answers at once: start-up, parsing and the model client's
    # imports, which a shared machine makes slow
    answer = {"text": "Enheten bedömer att målet uppfylls delvis.", "assessment": "delvis", "gaps": []}
    openai_server.default_reply = json.dumps(answer)
    answered, baseline = _draft({**env, "VBASSIST_LLM_BASE_URL": openai_server.url})
    assert answered.returncode == 0 and "(llm)" in answered.stdout, answered.stdout + answered.stderr
    done, elapsed = _draft({**env, "VBASSIST_LLM_BASE_URL": trickling_server})
    assert done.returncode == 0, done.stderr
    # the model gets its 2 s and no more (before, the process waited for the server's whole minute)
    assert elapsed < baseline + 2 + 5, (elapsed, baseline)
    assert "Enheten bedömer att målet uppfylls delvis." in done.stdout
    assert "Obs: Språkmodellen svarade inte inom 2 sekunder; utkastet är regelbaserat." in done.stdout
    assert "(grounded)" in done.stdout
