"""`CorpusIndex`: index report files incrementally and search them (BM25 + vectors, fused by RRF).

Safety of incremental indexing rests on three things: chunk ids are stable (source + location +
content), so re-writing a file's chunks is an idempotent upsert; a file is marked `pending` in the
manifest before anything is written and `done` only after its stale chunks are gone, so a run killed
with -9 is simply redone; and every run ends by deleting shared chunks no file refers to any more.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from vbassist.errors import ConfigurationError
from vbassist.index.bm25 import KeywordIndex
from vbassist.index.chunking import CHUNKING_VERSION, Chunk, chunk_report
from vbassist.index.ranking import CANDIDATES, Hit, asks_last_year, collapse_copies, fuse, lift_unit
from vbassist.index.store import ChromaStore, Manifest, filter_metadata, public_metadata
from vbassist.parsing.files import expand_paths
from vbassist.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class IndexProgress:
    """Passed to the progress callback after each file and each embedding batch."""

    file: str
    files_done: int
    files_total: int
    chunks_done: int
    chunks_total: int


@dataclass
class IndexResult:
    indexed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    chunks_written: int = 0
    embedded: int = 0
    seconds: float = 0.0


@contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    """One indexing run per data dir at a time (a second `vbassist index` waits for the first)."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; runs there are single-user anyway
        yield
        return
    with open(lock_path, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _shared_metadata(base: dict[str, Any], refs: list[dict[str, Any]]) -> dict[str, Any]:
    """A shared chunk's metadata: its own fields plus every unit/year/kind/source that repeats it."""
    meta = {
        k: v
        for k, v in base.items()
        if k not in ("unit", "district", "year", "kind", "source", "source_name")
    }
    units = sorted({r["unit"] for r in refs if r.get("unit")})
    sources = sorted({r["source"] for r in refs if r.get("source")})
    years = sorted({int(r["year"]) for r in refs if r.get("year") is not None})
    kinds = sorted({r["kind"] for r in refs if r.get("kind")})
    districts = sorted({r["district"] for r in refs if r.get("district")})
    if units:
        meta["unit"] = "; ".join(units)
    if districts:
        meta["district"] = "; ".join(districts)
    if years:
        meta["year"] = years[-1]
    if kinds:
        meta["kind"] = "; ".join(kinds)
    if sources:
        meta["source"] = sources[0]
        meta["source_name"] = Path(sources[0]).name
        meta["sources"] = "; ".join(sources)
    meta["n_units"] = len(units)
    meta["shared"] = True
    return filter_metadata(meta, refs)


class CorpusIndex:
    """The retrieval index over previous reports: Chroma (vectors) + BM25 (keywords) + a manifest."""

    def __init__(self, settings: Settings) -> None:
        from vbassist.index.embeddings import chroma_embedding_function, make_embedder

        self.settings = settings
        self.data_dir = Path(settings.data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.embedder = make_embedder(settings)
        self.store = ChromaStore(settings, chroma_embedding_function(self.embedder))
        # one manifest per collection: a bench collection can share the data dir (and its embedding cache)
        self.manifest = Manifest(self.data_dir / f"manifest-{settings.chroma_collection}.sqlite")
        self._keyword: KeywordIndex | None = None
        self._keyword_generation: str | None = None
        self._checked_at = 0.0
        self._lock = threading.RLock()
        self._sync_manifest()

    # ------------------------------------------------------------------ bookkeeping

    def _sync_manifest(self) -> None:
        """The manifest describes one particular collection; a new or different one (server switched,
        collection dropped by hand) makes it meaningless, so it is cleared and files are re-indexed."""
        cid = self.store.collection_id
        if self.manifest.get_meta("collection_id") != cid:
            self.manifest.clear()
            self.manifest.set_meta("collection_id", cid)

    def count(self) -> int:
        """Number of chunks in the index."""
        return self.store.count()

    def files(self) -> dict[str, str]:
        """Indexed file path -> status ("done" or "pending")."""
        return {p: s for p, (_, s) in self.manifest.files().items()}

    # ------------------------------------------------------------------ indexing

    def index_paths(
        self,
        paths: Iterable[Path | str],
        *,
        rebuild: bool = False,
        progress: Callable[[IndexProgress], None] | None = None,
        parse: Callable[[Path], list[Any]] | None = None,
    ) -> IndexResult:
        """Bring the index up to date with `paths` (files or directories). Unchanged files are skipped,
        changed files have exactly their chunks replaced, files gone from a given directory are
        removed. `parse` defaults to `vbassist.parsing.parse_file` with the settings' limits."""
        started = time.perf_counter()
        if parse is None:
            from vbassist.parsing import parse_file

            limits = self.settings.parse_limits()

            def parse(path: Path) -> list[Any]:
                return list(parse_file(path, limits=limits))

        result = IndexResult()
        given_paths = [Path(p).resolve() for p in paths]
        roots = [p for p in given_paths if p.is_dir()]
        files = [p for p in expand_paths(given_paths) if p.is_file()]
        given = {str(Path(p).resolve()) for p in paths}
        with self._lock, _exclusive(self.data_dir / f"index-{self.settings.chroma_collection}.lock"):
            built_with = self.store.info().get("model_id")
            if built_with and built_with != self.embedder.model_id and not rebuild:
                # vectors from another model (or dimension) cannot be mixed: start over, texts are cheap
                log.warning("index: inbäddningsmodellen har bytts; indexet byggs om")
                rebuild = True
            if rebuild:
                self.store.reset()
                self.manifest.clear()
                self._sync_manifest()
            known = self.manifest.files()
            present = {str(f) for f in files}
            for path in known:
                in_root = any(Path(path).is_relative_to(r) for r in roots)
                if (in_root and path not in present) or (path in given and not Path(path).exists()):
                    self._remove_file(path)
                    result.removed.append(path)

            # parse first (fast) so the progress bar can count the passages that need embedding
            todo: list[tuple[Path, str, list[Chunk], int]] = []
            # a new chunking version re-reads every file even when its bytes are unchanged
            force = self.manifest.get_meta("chunking") != CHUNKING_VERSION
            for f in files:
                digest = file_hash(f)
                if not force and known.get(str(f)) == (digest, "done"):
                    result.unchanged.append(str(f))
                    continue
                try:
                    reports = parse(f)
                    chunks = self._file_chunks(reports, str(f))
                except Exception as exc:  # one bad file must not stop a corpus run; never log its text
                    message = getattr(exc, "message", None) or type(exc).__name__
                    result.failed[str(f)] = str(message)
                    log.warning("index: hoppade över %s (%s)", f.name, type(exc).__name__)
                    if str(f) in known:
                        self._remove_file(str(f))
                    self.manifest.mark(str(f), digest, "failed", error=str(message))
                    continue
                todo.append((f, digest, chunks, len(reports)))

            total = sum(len(c) for _, _, c, _ in todo)
            done = 0
            for i, (f, digest, chunks, n_reports) in enumerate(todo):

                def tick(n: int, f: Path = f, i: int = i) -> None:
                    nonlocal done
                    done += n
                    if progress:
                        progress(IndexProgress(f.name, i, len(todo), done, total))

                before = self.embedder.embedded
                self.manifest.mark(str(f), digest, "pending")
                self._write_file(str(f), chunks, tick)
                self.manifest.mark(str(f), digest, "done", chunks=len(chunks), reports=n_reports)
                result.indexed.append(str(f))
                result.chunks_written += len(chunks)
                result.embedded += self.embedder.embedded - before
                if progress:
                    progress(IndexProgress(f.name, i + 1, len(todo), done, total))

            self._reconcile()
            if not result.failed or result.indexed:
                self.manifest.set_meta("chunking", CHUNKING_VERSION)
            if result.indexed or result.removed or rebuild or built_with != self.embedder.model_id:
                self.store.bump_generation(self.embedder.model_id)
                self._keyword, self._keyword_generation = None, None
        result.seconds = time.perf_counter() - started
        return result

    def _file_chunks(self, reports: list[Any], source: str) -> list[Chunk]:
        """All chunks of a file's reports; shared chunks repeated across its units are merged."""
        merged: dict[str, Chunk] = {}
        for report in reports:
            for chunk in chunk_report(report, source):
                prior = merged.get(chunk.id)
                if prior is None:
                    merged[chunk.id] = chunk
                elif chunk.shared_key:
                    prior.refs.extend(r for r in chunk.refs if r not in prior.refs)
        return list(merged.values())

    def _write_file(self, source: str, chunks: list[Chunk], tick: Callable[[int], None]) -> None:
        vectors = self.embedder.embed_passages([c.embed_text for c in chunks], progress=tick)
        own = [(c, v) for c, v in zip(chunks, vectors, strict=True) if not c.shared_key]
        shared = [(c, v) for c, v in zip(chunks, vectors, strict=True) if c.shared_key]

        if own:
            self.store.upsert(
                [c.id for c, _ in own],
                [c.text for c, _ in own],
                np.vstack([v for _, v in own]),
                [filter_metadata({**c.metadata, "context": c.context}) for c, _ in own],
            )
        stale = set(self.store.ids_where({"$and": [{"source": source}, {"shared": False}]})) - {
            c.id for c, _ in own
        }
        self.store.delete(sorted(stale))

        old_shared = self.manifest.shared_of(source)
        self.manifest.replace_refs(source, {c.id: c.refs for c, _ in shared})
        for c, v in shared:
            refs = self.manifest.refs_of(c.id)
            meta = _shared_metadata({**c.metadata, "context": c.context}, refs)
            self.store.upsert([c.id], [c.text], v[None, :], [meta])
        self._refresh_shared(old_shared - {c.id for c, _ in shared})

    def _refresh_shared(self, ids: set[str]) -> None:
        """Shared chunks that lost a referring file: delete if no file is left, else update who uses it."""
        if not ids:
            return
        current = self.store.get(sorted(ids))
        for cid, meta in zip(current["ids"], current["metadatas"], strict=True):
            refs = self.manifest.refs_of(cid)
            if not refs:
                self.store.delete([cid])
            else:
                self.store.update_metadata([cid], [_shared_metadata(dict(meta or {}), refs)])

    def _remove_file(self, path: str) -> None:
        self.store.delete(self.store.ids_where({"$and": [{"source": path}, {"shared": False}]}))
        old_shared = self.manifest.shared_of(path)
        self.manifest.replace_refs(path, {})
        self._refresh_shared(old_shared)
        self.manifest.forget(path)

    def _reconcile(self) -> None:
        """Delete shared chunks no file refers to (left behind by a run killed mid-way)."""
        orphans = set(self.store.ids_where({"shared": True})) - self.manifest.all_shared()
        self.store.delete(sorted(orphans))

    # ------------------------------------------------------------------ search

    def keyword_index(self) -> KeywordIndex:
        """The BM25 side, loaded from disk or rebuilt from the store when the store has changed."""
        with self._lock:
            now = time.monotonic()
            # Another process (the CLI indexing while the service runs) may have written; check the
            # store's generation at most once a second so a search costs one extra call at most.
            if self._keyword is not None and now - self._checked_at < 1.0:
                return self._keyword
            self._checked_at = now
            info = self.store.info()
            built_with = info.get("model_id")
            if built_with and built_with != self.embedder.model_id:
                raise ConfigurationError(
                    f"Sökindexet är byggt med inbäddningsmodellen {built_with}, men inställningarna anger "
                    f"{self.embedder.model_id}. Kör `vbassist index --rebuild`."
                )
            generation = str(info.get("generation", ""))
            if self._keyword is not None and generation == self._keyword_generation:
                return self._keyword
            directory = self.data_dir / "bm25" / self.settings.chroma_collection
            keyword = KeywordIndex.load(directory, generation)
            if keyword is None:
                keyword = KeywordIndex.build(self.store.iter_all())
                try:
                    keyword.save(directory, generation)
                except OSError:
                    log.warning("index: BM25-indexet kunde inte sparas; det byggs om nästa gång")
            self._keyword, self._keyword_generation = keyword, generation
            return keyword

    def search(
        self,
        query: str,
        k: int = 5,
        unit: str | None = None,
        year: int | None = None,
        kind: str | None = None,
        district: str | None = None,
        level: str | None = None,
        *,
        prefer_unit: str | None = None,
        before_year: int | None = None,
        mode: str = "hybrid",
        **filters: Any,
    ) -> list[Hit]:
        """The `k` best chunks for `query`. Filters narrow the candidates (a shared nämndmål chunk
        matches every unit that repeats it); `prefer_unit` lifts that unit's own earlier texts, more so
        when the question asks what "we wrote last year"; with `before_year` only its reports from earlier
        years are lifted (drafting the VB 2025: `before_year=2025`). `mode` is "hybrid", "bm25" or "vector"
        (the last two for evaluation). Extra keyword filters match scalar metadata exactly
        (e.g. `namndmal=...`, `chunk_type="indikator"`)."""
        query = query.strip()
        if not query or k <= 0:
            return []
        keyword = self.keyword_index()
        wanted = {
            "unit": keyword.canonical("unit", unit),
            "year": int(year) if year is not None and str(year).strip() else None,
            "kind": kind.upper() if isinstance(kind, str) else kind,
            "district": keyword.canonical("district", district),
            "level": level,
            **filters,
        }
        wanted = {key: v for key, v in wanted.items() if v is not None}
        if prefer_unit:
            prefer_unit = keyword.canonical("unit", prefer_unit)
        elif unit is None:
            # "vad skrev Ungdomsenheten om ...": the unit the question names comes first
            named = keyword.units_named_in(query)
            prefer_unit = named[0] if named else None
        n = max(CANDIDATES, k * 4)

        bm25 = keyword.search(query, n, wanted) if mode in ("hybrid", "bm25") else []
        dense: list[tuple[str, float]] = []
        if mode in ("hybrid", "vector") and len(keyword):
            from vbassist.index.store import build_where

            vector = self.embedder.embed_query(query)
            dense = self.store.query(vector, n, build_where(wanted))

        scores = fuse(bm25, dense, mode)
        if prefer_unit and mode == "hybrid":
            lift_unit(scores, keyword, prefer_unit, before_year=before_year, last_year=asks_last_year(query))

        ordered = sorted(scores, key=lambda c: -scores[c])
        return collapse_copies(keyword, ordered, scores, k, lambda cid, score: self._hit(keyword, cid, score))

    def goal_chunks(self, **equal: Any) -> list[Hit]:
        """Every enhetsmål chunk whose metadata has each of the given values (e.g.
        `unit_key="familjehemsenheten"`, `namndmal_key=...`), without a query: drafting finds a unit's
        own earlier reports by unit and year, and other units' by nämndmål, in the metadata alone."""
        keyword = self.keyword_index()
        hits = []
        for cid, text, meta in zip(keyword.ids, keyword.texts, keyword.metas, strict=True):
            if meta.get("level") != "enhetsmal" or any(meta.get(k) != v for k, v in equal.items()):
                continue
            public = public_metadata(meta)
            public.pop("context", None)
            hits.append(Hit(text=text, score=0.0, metadata=public, id=cid))
        return hits

    def ensure_indexed(self, progress: Callable[[IndexProgress], None] | None = None) -> IndexResult | None:
        """Index the corpus (`settings.corpus_dir`) if the index is empty: the first run of the main
        command builds it (minutes, with progress); later runs cost one count. None = nothing to do."""
        if self.count() > 0 or not Path(self.settings.corpus_dir).is_dir():
            return None
        return self.index_paths([Path(self.settings.corpus_dir)], progress=progress)

    def _hit(self, keyword: KeywordIndex, cid: str, score: float) -> Hit:
        pos = keyword.position.get(cid)
        if pos is not None:
            text, meta = keyword.texts[pos], keyword.metas[pos]
        else:  # written after the BM25 side was loaded: read it from the store
            got = self.store.get([cid])
            text, meta = (got["documents"] or [""])[0], dict((got["metadatas"] or [{}])[0] or {})
        public = public_metadata(meta)
        public.pop("context", None)
        return Hit(text=text, score=round(float(score), 6), metadata=public, id=cid)


_INDEXES: dict[tuple[Any, ...], CorpusIndex] = {}
_INDEXES_LOCK = threading.Lock()


def get_index(settings: Settings) -> CorpusIndex:
    """The process-wide `CorpusIndex` for these settings (opened once; cheap to call per request)."""
    key = (
        str(Path(settings.data_dir).resolve()),
        settings.chroma_url,
        settings.chroma_host,
        settings.chroma_port,
        settings.chroma_collection,
        settings.embedding,
        settings.embedding_base_url,
        settings.embedding_model,
    )
    with _INDEXES_LOCK:
        index = _INDEXES.get(key)
        if index is None:
            index = CorpusIndex(settings)
            _INDEXES[key] = index
        return index
