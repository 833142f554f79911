"""Shared helpers for the index tests (imported relatively; fixtures live in conftest.py)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from vbassist.index.corpus import CorpusIndex
from vbassist.settings import Settings

DATA = Path(__file__).resolve().parent.parent / "data"
SAMPLES = ("vb2024_kungsholmen_vuxenenheten.docx", "vb2024_kungsholmen_familjeenheten.docx")


def copy_samples(corpus: Path, names: tuple[str, ...] = SAMPLES) -> Path:
    corpus.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copyfile(DATA / name, corpus / name)  # copyfile: the originals are read-only
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
        shutil.copyfile(cache, data / "embeddings.sqlite")
    return Settings(data_dir=data, corpus_dir=tmp_path / "corpus", **extra)  # type: ignore[arg-type]
