"""Shared helpers for the index tests (imported relatively; fixtures live in conftest.py)."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from processes import stop

from vbassist.index.corpus import CorpusIndex
from vbassist.index.embeddings import EmbeddingCache
from vbassist.settings import Settings

DATA = Path(__file__).resolve().parent.parent / "data"
SAMPLES = ("vb2024_kungsholmen_vuxenenheten.docx", "vb2024_kungsholmen_familjeenheten.docx")


def copy_samples(corpus: Path, names: tuple[str, ...] = SAMPLES) -> Path:
    """The samples, sliced (see `slice_report`), as the files of a corpus directory."""
    corpus.mkdir(parents=True, exist_ok=True)
    for name in names:
        slice_report(DATA / name, corpus / name)
    return corpus


@dataclass
class Built:
    settings: Settings
    index: CorpusIndex
    corpus: Path
    cache: Path


def fresh_settings(tmp_path: Path, cache: Path | None, **extra: object) -> Settings:
    """Settings with an empty index in tmp_path, optionally starting from a filled embedding cache."""
    data = tmp_path / "data"
    data.mkdir(parents=True, exist_ok=True)
    if cache is not None:
        EmbeddingCache(cache).copy_to(data / "embeddings.sqlite")
    return Settings(data_dir=data, corpus_dir=tmp_path / "corpus", **extra)  # type: ignore[arg-type]


def slice_report(src: Path, dst: Path) -> Path:
    """A short real report: the .docx with the nämndmål and enhetsmål under KF goal 1 and everything
    under KF goal 3 cut out (the summary, KF goal 1's indicators, KF goal 2 with its nämndmål and
    enhetsmål, and the economy sections stay). Embedding whole samples takes
    minutes on a loaded 2-core machine; the slice keeps every kind of chunk at a fifth of the cost."""
    import docx

    document = docx.Document(str(src))
    body = document.element.body
    children = list(body.iterchildren())
    texts = ["".join(child.itertext()).strip() for child in children]

    def last(prefix: str) -> int:
        # the last occurrence: the first ones are the table of contents
        return max(i for i, t in enumerate(texts) if t.startswith(prefix))

    kf1 = last("KF:s inriktningsmål: 1.")
    first_namndmal = next(i for i in range(kf1, len(texts)) if texts[i].startswith("Nämndmål"))
    cut = [
        (first_namndmal, last("KF:s inriktningsmål: 2.")),
        (last("KF:s inriktningsmål: 3."), last("Uppföljning av ekonomi")),
    ]
    for start, end in cut:
        for child in children[start:end]:
            body.remove(child)
    document.save(str(dst))
    return dst


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def http_process(command: list[str], health_url: str, log: Path) -> Iterator[None]:
    """`command` in its own process, output to `log`; yields once `health_url` answers 200 (fails
    after 60 s or when the process ends), terminates the process afterwards."""
    with log.open("wb") as sink:
        proc = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(health_url, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None, log.read_text(errors="replace")[-2000:]
            assert time.monotonic() < deadline, f"{command[0]} did not answer {health_url}"
            time.sleep(0.2)
        yield
    finally:
        stop(proc, timeout=15)
