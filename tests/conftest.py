"""Fixtures shared across test packages."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

OUTPUT = Path(__file__).resolve().parents[1] / "test-output"


class OpenAIStandIn(ThreadingHTTPServer):
    """A scripted local stand-in for an OpenAI-compatible chat and embedding server (a cloud or
    llama.cpp model cannot run in the default tests). Answers each chat POST with the next of `replies`,
    or `default_reply` once they are used up; answers /embeddings with vectors hashed from the words (so
    texts sharing words are near); records every request's target and body. It also answers as an HTTP
    proxy (`HTTP_PROXY=<url without /v1>`): then `targets` holds the URL the client meant to reach."""

    replies: list[str]
    requests: list[dict[str, Any]]
    targets: list[str]
    default_reply: str | None = None
    delay_s: float = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"

    @property
    def proxy(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the timeout tests hang up on a slow reply on purpose


EMBEDDING_DIM = 64


def word_vector(text: str) -> list[float]:
    """A bag-of-words vector: each word adds 1 at the place its hash names."""
    vector = [0.0] * EMBEDDING_DIM
    for word in re.findall(r"\w+", text.lower()):
        vector[int(hashlib.sha256(word.encode()).hexdigest(), 16) % EMBEDDING_DIM] += 1.0
    vector[0] += 1e-3  # never all zeros
    return vector


class _Handler(BaseHTTPRequestHandler):
    server: OpenAIStandIn

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append(body)
        self.server.targets.append(self.path)
        if self.path.rstrip("/").endswith("/embeddings"):
            inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
            data = [
                {"object": "embedding", "index": i, "embedding": word_vector(t)} for i, t in enumerate(inputs)
            ]
            self._answer({"object": "list", "data": data, "model": body.get("model", "m")})
            return
        time.sleep(self.server.delay_s)
        content = self.server.replies.pop(0) if self.server.replies else self.server.default_reply
        self._answer(
            {
                "id": "x",
                "object": "chat.completion",
                "created": 0,
                "model": body.get("model", "m"),
                "choices": [
                    {
                        "index": 0,
                        "finish_reason": "stop",
                        "message": {"role": "assistant", "content": content},
                    }
                ],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
            }
        )

    def _answer(self, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass


@contextmanager
def openai_stand_in() -> Iterator[OpenAIStandIn]:
    """A running stand-in on a free loopback port, stopped afterwards."""
    srv = OpenAIStandIn(("127.0.0.1", 0), _Handler)
    srv.replies, srv.requests, srv.targets = [], [], []
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()


@pytest.fixture
def openai_server() -> Iterator[OpenAIStandIn]:
    with openai_stand_in() as srv:
        yield srv


class Chromium:
    """Headless Chromium for tests that look at a page as a browser shows it (the HTML report, the
    service's /docs): the DOM after the page's scripts ran, and screenshots in test-output/ to look at."""

    def __init__(self, executable: str, home: Path) -> None:
        self.executable, self.home = executable, home

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                self.executable,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                f"--user-data-dir={self.home / 'profile'}",
                *args,
            ],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "HOME": str(self.home)},
        )

    def dom(self, url: str, *args: str) -> str:
        """The page's DOM after its scripts ran (`args`: e.g. a virtual time budget for fetches)."""
        return self.run(*args, "--dump-dom", url).stdout

    def screenshot(self, url: str, name: str, *args: str) -> Path:
        """A PNG of `url` at test-output/<name>, replacing an earlier one."""
        shot = OUTPUT / name
        shot.parent.mkdir(parents=True, exist_ok=True)
        shot.unlink(missing_ok=True)
        self.run(*args, f"--screenshot={shot}", url)
        return shot


@pytest.fixture(scope="session")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Chromium:
    executable = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("chromium saknas: scripts/setup.sh installerar det")
        pytest.skip("chromium is not installed")
    return Chromium(executable, tmp_path_factory.mktemp("chromium"))


@pytest.fixture
def umask_022() -> Iterator[None]:
    """The usual umask (files rw-r--r--) while the test writes, whatever the runner's own umask."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)
