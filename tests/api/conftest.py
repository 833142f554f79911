"""API fixtures: one service per configuration, built by `create_app` with real settings (a temporary
data dir, the real parser, checker, drafter and index) and driven through the ASGI app with Starlette's
TestClient. The main service runs a real process pool of one worker (the production path); the small
variants run their CPU work in threads (`workers=0`) to keep the suite fast on two cores."""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from processes import stop

from vbassist.api import create_app
from vbassist.settings import Settings

DATA = Path(__file__).resolve().parent.parent / "data"
SAMPLES = sorted(DATA.glob("*.docx"))
FAMILJEHEM = DATA / "vb2025_hagersten-alvsjo_familjehemsenheten.docx"
UNGDOM = DATA / "vb2025_hagersten-alvsjo_ungdomsenheten.docx"
PDF = DATA / "vb2025_hagersten-alvsjo_familjehemsenheten.pdf"
REPO = Path(__file__).resolve().parent.parent.parent
CORPUS_MD = REPO / "corpus" / "vb2025_hagersten-alvsjo_ungdomsenheten.md"

USER_TOKEN = "anvandar-token-123"
ADMIN_TOKEN = "admin-token-456"


def make_settings(root: Path, **extra: object) -> Settings:
    corpus = root / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    values: dict[str, object] = {
        "data_dir": root / "data",
        "corpus_dir": corpus,
        "workers": 0,
        "request_timeout_s": 60.0,
        "api_tokens": "",
        "admin_tokens": "",
        "llm": None,
        "public_url": None,
        **extra,
    }
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def service_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return make_settings(tmp_path_factory.mktemp("api"), workers=1)


@pytest.fixture(scope="session")
def client(service_settings: Settings) -> Iterator[TestClient]:
    """The service as deployed (a worker process for checks), without tokens."""
    with TestClient(create_app(service_settings, warm=False)) as c:
        yield c


@pytest.fixture(scope="session")
def auth_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = make_settings(
        tmp_path_factory.mktemp("auth"), api_tokens=f" {USER_TOKEN} ,other", admin_tokens=ADMIN_TOKEN
    )
    with TestClient(create_app(settings, warm=False)) as c:
        yield c


def docx_upload(path: Path, name: str | None = None) -> dict[str, tuple[str, bytes, str]]:
    return {
        "file": (
            name or path.name,
            path.read_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    }


def descendants(pid: int) -> set[int]:
    """Every live process below `pid`, read from /proc (Linux)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    """True while `pid` runs (a zombie, ended but not yet reaped, is not running)."""
    try:
        return "Z" not in (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[:1]
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_env(root: Path, **settings: str) -> dict[str, str]:
    """The environment of a `vbassist serve` under `root`: its own data folder and an empty corpus,
    plus `settings` (VBASSIST_ names without the prefix, e.g. WORKERS="2")."""
    (root / "corpus").mkdir(parents=True, exist_ok=True)
    return {
        **os.environ,
        "VBASSIST_DATA_DIR": str(root / "data"),
        "VBASSIST_CORPUS_DIR": str(root / "corpus"),
        **{f"VBASSIST_{name}": value for name, value in settings.items()},
    }


@contextmanager
def serve_process(
    args: list[str], env: dict[str, str], log: Path, health_url: str, verify: ssl.SSLContext | bool = True
) -> Iterator[subprocess.Popen[bytes]]:
    """`vbassist serve <args>` in its own process, output to `log`; yields once `health_url` answers
    200, stops it with SIGTERM afterwards."""
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "vbassist.cli", "serve", *args],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(health_url, verify=verify, timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"server did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)
        yield proc
    finally:
        stop(proc)
