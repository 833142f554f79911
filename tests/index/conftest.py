"""Index fixtures: two real Kungsholmen VB 2024 .docx samples (same district, so they share nämndmål
texts), parsed by the real parser and embedded once per session by the real bundled model; tests that
need their own index copy the filled embedding cache, so no passage is embedded twice in a session."""

from __future__ import annotations

import pytest

from vbassist.index.corpus import CorpusIndex
from vbassist.settings import Settings

from .helpers import Built, copy_samples


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """One index over the two samples, shared by the read-only tests."""
    root = tmp_path_factory.mktemp("index")
    corpus = copy_samples(root / "corpus")
    settings = Settings(data_dir=root / "data", corpus_dir=corpus)
    index = CorpusIndex(settings)
    result = index.index_paths([corpus])
    assert not result.failed, result.failed
    return Built(settings, index, corpus, root / "data" / "embeddings.sqlite")
