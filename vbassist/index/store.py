"""The vector store (Chroma, embedded or server) and the manifest of indexed files (sqlite).

Chroma is always given our own embedding function and precomputed vectors: its default embedding
function downloads a model, which fails offline. One embedded persistent store must not be opened by
several server processes, so service deployments point `VBASSIST_CHROMA_URL` (or host/port) at a
`chroma run` server instead.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from vbassist.errors import ConfigurationError
from vbassist.settings import Settings

# list-valued metadata used only for filtering: a shared nämndmål chunk belongs to several units/years
FILTER_KEYS = {"unit": "f_unit", "district": "f_district", "year": "f_year", "kind": "f_kind"}
_BATCH = 500


def make_client(settings: Settings) -> Any:
    """Chroma client: HttpClient when a server is configured, else a PersistentClient in data_dir."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url or settings.chroma_host:
        if settings.chroma_url:
            parsed = urlparse(settings.chroma_url)
            host = parsed.hostname or "localhost"
            port = parsed.port or (443 if parsed.scheme == "https" else 8000)
            ssl = parsed.scheme == "https"
        else:
            host, port, ssl = str(settings.chroma_host), int(settings.chroma_port or 8000), False
        try:
            return chromadb.HttpClient(host=host, port=port, ssl=ssl, settings=chroma_settings)
        except Exception as exc:  # connection refused, bad host: a configuration problem, not a bug
            raise ConfigurationError(
                f"Kan inte nå Chroma-servern på {host}:{port} ({type(exc).__name__}). "
                "Kontrollera VBASSIST_CHROMA_URL eller starta servern med `chroma run`."
            ) from exc
    path = Path(settings.data_dir) / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def filter_metadata(meta: dict[str, Any], refs: Sequence[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Chunk metadata plus the list-valued `f_*` filter keys (from all units sharing it, if any).
    None values are dropped: Chroma cannot filter on them and they carry no information."""
    out = {k: v for k, v in meta.items() if v is not None}
    sources = refs or [meta]
    for key, fkey in FILTER_KEYS.items():
        values = sorted({r[key] for r in sources if r.get(key) is not None}, key=str)
        if values:
            out[fkey] = values
    return out


def public_metadata(meta: dict[str, Any]) -> dict[str, Any]:
    """Metadata as callers see it: without the internal `f_*` filter lists."""
    return {k: v for k, v in meta.items() if not k.startswith("f_")}


def build_where(filters: dict[str, Any]) -> dict[str, Any] | None:
    """A Chroma `where` for the non-empty filters (unit, district, year, kind on the f_* lists; anything
    else on scalar metadata)."""
    clauses: list[dict[str, Any]] = []
    for key, value in filters.items():
        if value is None:
            continue
        if key in FILTER_KEYS:
            clauses.append({FILTER_KEYS[key]: {"$contains": value}})
        else:
            clauses.append({key: value})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


class ChromaStore:
    """One Chroma collection holding chunk texts, vectors and metadata."""

    def __init__(self, settings: Settings, embedding_function: Any) -> None:
        self.settings = settings
        self.client = make_client(settings)
        self.embedding_function = embedding_function
        self.name = settings.chroma_collection
        self._collection: Any = None

    @property
    def collection(self) -> Any:
        if self._collection is None:
            try:
                self._collection = self.client.get_or_create_collection(
                    self.name,
                    embedding_function=self.embedding_function,
                    configuration={"hnsw": {"space": "cosine"}},
                    metadata={"generation": uuid.uuid4().hex},
                )
            except ConfigurationError:
                raise
            except Exception as exc:
                raise ConfigurationError(f"Kan inte öppna Chroma-samlingen {self.name!r}: {exc}") from exc
        return self._collection

    def _call(self, op: str, *args: Any, **kwargs: Any) -> Any:
        """Run a collection method; if another process dropped and recreated the collection (a
        `--rebuild` elsewhere), fetch the new one and try once more."""
        from chromadb.errors import NotFoundError

        try:
            return getattr(self.collection, op)(*args, **kwargs)
        except NotFoundError:
            self._collection = None
            return getattr(self.collection, op)(*args, **kwargs)

    @property
    def collection_id(self) -> str:
        return str(self.collection.id)

    def count(self) -> int:
        return int(self._call("count"))

    def info(self) -> dict[str, Any]:
        """The collection's own metadata: `generation` (changes whenever the contents change; the BM25
        side rebuilds when it sees a new one) and `model_id` (the embedding model its vectors are from).
        Read fresh from the store, so other processes' writes are seen."""
        from chromadb.errors import NotFoundError

        try:
            col = self.client.get_collection(self.name, embedding_function=self.embedding_function)
        except NotFoundError:  # dropped by a rebuild elsewhere and not yet recreated
            self._collection = None
            return {}
        return dict(col.metadata or {})

    def generation(self) -> str:
        return str(self.info().get("generation", ""))

    def bump_generation(self, model_id: str | None = None) -> str:
        gen = f"{time.time_ns()}-{uuid.uuid4().hex[:8]}"
        meta = {"generation": gen}
        model_id = model_id or self.info().get("model_id")
        if model_id:
            meta["model_id"] = model_id
        self._call("modify", metadata=meta)
        return gen

    def upsert(
        self,
        ids: Sequence[str],
        texts: Sequence[str],
        embeddings: np.ndarray,
        metadatas: Sequence[dict[str, Any]],
    ) -> None:
        for i in range(0, len(ids), _BATCH):
            self._call(
                "upsert",
                ids=list(ids[i : i + _BATCH]),
                documents=list(texts[i : i + _BATCH]),
                embeddings=np.asarray(embeddings[i : i + _BATCH], dtype=np.float32),
                metadatas=list(metadatas[i : i + _BATCH]),
            )

    def update_metadata(self, ids: Sequence[str], metadatas: Sequence[dict[str, Any]]) -> None:
        self._call("update", ids=list(ids), metadatas=list(metadatas))

    def delete(self, ids: Sequence[str]) -> None:
        ids = list(ids)
        for i in range(0, len(ids), _BATCH):
            self._call("delete", ids=ids[i : i + _BATCH])

    def ids_where(self, where: dict[str, Any]) -> list[str]:
        return list(self._call("get", where=where, include=[])["ids"])

    def get(self, ids: Sequence[str]) -> dict[str, Any]:
        got: dict[str, Any] = self._call(
            "get", ids=list(ids), include=["documents", "metadatas", "embeddings"]
        )
        return got

    def iter_all(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """Every (id, text, metadata) in the collection, in pages."""
        offset = 0
        while True:
            page = self._call("get", limit=_BATCH * 4, offset=offset, include=["documents", "metadatas"])
            ids = page["ids"]
            if not ids:
                return
            for cid, doc, meta in zip(ids, page["documents"], page["metadatas"], strict=True):
                yield cid, doc or "", dict(meta or {})
            offset += len(ids)

    def query(self, vector: np.ndarray, n: int, where: dict[str, Any] | None) -> list[tuple[str, float]]:
        """Nearest chunk ids and cosine similarities (1 - distance)."""
        # n may exceed the collection size: Chroma then returns what it has (no count() round trip)
        result = self._call(
            "query",
            query_embeddings=[np.asarray(vector, dtype=np.float32)],
            n_results=n,
            where=where,
            include=["distances"],
        )
        return [
            (cid, 1.0 - float(d)) for cid, d in zip(result["ids"][0], result["distances"][0], strict=True)
        ]

    def reset(self) -> None:
        """Drop the collection (for --rebuild); it is recreated empty on next use."""
        with contextlib.suppress(Exception):  # did not exist: nothing to drop
            self.client.delete_collection(self.name)
        self._collection = None


def _locked(method: Any) -> Any:
    def wrapper(self: Manifest, *args: Any, **kwargs: Any) -> Any:
        with self.lock:
            return method(self, *args, **kwargs)

    wrapper.__doc__ = method.__doc__
    wrapper.__name__ = method.__name__
    return wrapper


class Manifest:
    """sqlite record of which files are indexed (with their content hash) and which sources refer to
    each shared chunk. A file is marked `pending` before its chunks are written and `done` after, so a
    run killed in between is redone by the next run."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # usable from any thread (the service opens the index in one thread and writes from another);
        # the lock serialises use of the one connection
        self.conn = sqlite3.connect(path, timeout=30.0, check_same_thread=False)
        self.lock = threading.RLock()
        self.conn.execute("PRAGMA journal_mode=WAL")
        with self.conn:
            self.conn.executescript(
                """
                CREATE TABLE IF NOT EXISTS files (
                    path TEXT PRIMARY KEY, file_hash TEXT, status TEXT, chunks INTEGER, indexed_at REAL,
                    reports INTEGER, error TEXT);
                CREATE TABLE IF NOT EXISTS refs (
                    chunk_id TEXT, source TEXT, ref TEXT, PRIMARY KEY (chunk_id, source, ref));
                CREATE INDEX IF NOT EXISTS refs_source ON refs(source);
                CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
                """
            )

    @_locked
    def get_meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    @_locked
    def set_meta(self, key: str, value: str) -> None:
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    @_locked
    def clear(self) -> None:
        with self.conn:
            self.conn.execute("DELETE FROM files")
            self.conn.execute("DELETE FROM refs")
            self.conn.execute("DELETE FROM meta")

    @_locked
    def file(self, path: str) -> tuple[str, str] | None:
        row = self.conn.execute("SELECT file_hash, status FROM files WHERE path=?", (path,)).fetchone()
        return (row[0], row[1]) if row else None

    @_locked
    def files(self) -> dict[str, tuple[str, str]]:
        return {p: (h, s) for p, h, s in self.conn.execute("SELECT path, file_hash, status FROM files")}

    @_locked
    def mark(
        self,
        path: str,
        file_hash: str,
        status: str,
        *,
        chunks: int = 0,
        reports: int = 0,
        error: str | None = None,
    ) -> None:
        with self.conn:
            self.conn.execute(
                "INSERT OR REPLACE INTO files (path, file_hash, status, chunks, indexed_at, reports, error) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (path, file_hash, status, chunks, time.time(), reports, error),
            )

    @_locked
    def forget(self, path: str) -> None:
        with self.conn:
            self.conn.execute("DELETE FROM files WHERE path=?", (path,))

    @_locked
    def shared_of(self, source: str) -> set[str]:
        return {
            r[0] for r in self.conn.execute("SELECT DISTINCT chunk_id FROM refs WHERE source=?", (source,))
        }

    @_locked
    def replace_refs(self, source: str, refs: dict[str, list[dict[str, Any]]]) -> None:
        """Set the shared chunks `source` refers to (chunk id -> the report refs), in one transaction."""
        with self.conn:
            self.conn.execute("DELETE FROM refs WHERE source=?", (source,))
            self.conn.executemany(
                "INSERT OR IGNORE INTO refs (chunk_id, source, ref) VALUES (?, ?, ?)",
                [(cid, source, json.dumps(r, sort_keys=True)) for cid, rs in refs.items() for r in rs],
            )

    @_locked
    def refs_of(self, chunk_id: str) -> list[dict[str, Any]]:
        rows = self.conn.execute("SELECT ref FROM refs WHERE chunk_id=? ORDER BY source, ref", (chunk_id,))
        return [json.loads(r[0]) for r in rows]

    @_locked
    def all_shared(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT DISTINCT chunk_id FROM refs")}
