"""The optional LLM pass wired into the batch check: off by default; when switched on it runs over the
real OpenAI client against a scripted local stand-in for an OpenAI-compatible server (a cloud model
cannot run here), and its claims are verified by code before they become warnings."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from vbassist.checks.batch import check_documents
from vbassist.settings import Settings

DATA = Path(__file__).resolve().parent.parent / "data"
FAMILJEHEM = DATA / "vb2025_hagersten-alvsjo_familjehemsenheten.docx"
ORGANIC = "Andel inköpta ekologiska livsmedel i kronor"


class _Server(ThreadingHTTPServer):
    reply: str
    calls: int = 0


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.calls += 1
        payload = {
            "id": "x",
            "object": "chat.completion",
            "created": 0,
            "model": body.get("model", "m"),
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "stop",
                    "message": {"role": "assistant", "content": self.server.reply},
                }
            ],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[_Server]:
    srv = _Server(("127.0.0.1", 0), _Handler)
    # the model "reads" 45 % in the organic-food analysis; the table says 48,84 %
    srv.reply = json.dumps(
        {"claims": [{"indicator": ORGANIC, "measure": "utfall", "value": 45, "quote": "45% av alla inköp"}]}
    )
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def _settings(tmp_path: Path, url: str, on: bool) -> Settings:
    return Settings(
        data_dir=tmp_path, llm="m", llm_base_url=url, llm_timeout_s=10, llm_check_pass=on, corpus_dir=tmp_path
    )


def test_llm_pass_adds_verified_warnings_when_switched_on(server: _Server, tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    result = check_documents([FAMILJEHEM], jobs=1, use_corpus=False, settings=_settings(tmp_path, url, True))
    llm = [f for d in result.documents for f in d.findings if f.rule == "VB-TEXT-LLM"]
    assert server.calls > 0
    assert len(llm) == 1  # only the goal whose indicator list holds the claimed indicator
    assert llm[0].severity == "warning" and llm[0].category == "text_vs_table"
    assert {e.value for e in llm[0].evidence} >= {45.0, 48.84}
    assert result.summary.by_severity["warning"] >= 1


def test_llm_pass_is_off_by_default(server: _Server, tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    result = check_documents([FAMILJEHEM], jobs=1, use_corpus=False, settings=_settings(tmp_path, url, False))
    assert server.calls == 0
    assert not [f for d in result.documents for f in d.findings if f.rule == "VB-TEXT-LLM"]
