"""The keyword side: a bm25s index over the Swedish-normalised chunk texts, persisted in the data dir
and rebuilt from the Chroma store whenever it is missing or older than the store's generation."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from vbassist.index.store import FILTER_KEYS
from vbassist.index.text import fold, tokenize

# Bump when `keyword_text` or the tokenizer changes: a saved index of another version is rebuilt.
FORMAT_VERSION = "3"


def keyword_text(text: str, meta: dict[str, Any]) -> str:
    """What BM25 sees of a chunk: the goal path above it and its text. (Unit, kind and year are not
    added: it cost MRR on the gold set; a unit named in the question is boosted instead, see
    `CorpusIndex.search`.)"""
    return f"{meta.get('context') or ''}\n{text}"


class KeywordIndex:
    """BM25 over chunks, with the chunk texts and metadata kept alongside for filtering and display."""

    def __init__(self, ids: list[str], texts: list[str], metas: list[dict[str, Any]], model: Any) -> None:
        self.ids = ids
        self.texts = texts
        self.metas = metas
        self.model = model
        self.position = {cid: i for i, cid in enumerate(ids)}
        self._vocab: dict[str, int] = dict(model.vocab_dict) if model is not None else {}
        self._masks: dict[tuple[str, Any], np.ndarray] = {}
        self._names: dict[str, dict[str, str]] | None = None

    @classmethod
    def build(cls, rows: Iterable[tuple[str, str, dict[str, Any]]]) -> KeywordIndex:
        """Index (id, text, metadata) rows; the metadata's `context` (goal path) is searched too."""
        import bm25s

        ids, texts, metas, tokens = [], [], [], []
        for cid, text, meta in rows:
            ids.append(cid)
            texts.append(text)
            metas.append(meta)
            tokens.append(tokenize(keyword_text(text, meta)) or [""])
        if not ids:
            return cls([], [], [], None)
        # k1/b: bm25s defaults; chunks are already a document unit, so length normalisation stays on
        model = bm25s.BM25(k1=1.2, b=0.75)
        model.index(tokens, show_progress=False)
        return cls(ids, texts, metas, model)

    def canonical(self, key: str, value: str | None) -> str | None:
        """The stored spelling of a unit or district typed loosely ("vuxenenheten", "Hagersten-Alvsjo");
        the value unchanged when nothing matches (the filter then finds nothing, as it should)."""
        if value is None or not str(value).strip():
            return None
        return self._name_table(FILTER_KEYS.get(key, key)).get(" ".join(fold(str(value)).split()), value)

    def _name_table(self, fkey: str) -> dict[str, str]:
        """Folded name -> stored name, for the values of one f_* filter key."""
        if self._names is None:
            self._names = {}
        names = self._names.get(fkey)
        if names is None:
            names = {}
            for meta in self.metas:
                for name in meta.get(fkey) or ():
                    names.setdefault(" ".join(fold(str(name)).split()), name)
            self._names[fkey] = names
        return names

    def units_named_in(self, query: str) -> list[str]:
        """Units whose name the question spells out ("vad skrev Ungdomsenheten om ..."), longest first."""
        names = self._name_table(FILTER_KEYS["unit"])
        folded = f" {' '.join(fold(query).split())} "
        found = [name for key, name in names.items() if len(key) >= 6 and f" {key}" in folded]
        return sorted(found, key=len, reverse=True)

    def __len__(self) -> int:
        return len(self.ids)

    def mask(self, filters: dict[str, Any]) -> np.ndarray | None:
        """Boolean mask of chunks matching all filters (None = no filter)."""
        out: np.ndarray | None = None
        for key, value in filters.items():
            if value is None:
                continue
            cached = self._masks.get((key, value))
            if cached is None:
                fkey = FILTER_KEYS.get(key)
                if fkey:
                    cached = np.array([value in (m.get(fkey) or ()) for m in self.metas], dtype=bool)
                else:
                    cached = np.array([m.get(key) == value for m in self.metas], dtype=bool)
                if len(self._masks) > 256:
                    self._masks.clear()
                self._masks[(key, value)] = cached
            out = cached if out is None else (out & cached)
        return out

    def search(self, query: str, n: int, filters: dict[str, Any]) -> list[tuple[str, float]]:
        """Top `n` (chunk id, BM25 score) with score > 0 among chunks matching `filters`."""
        if self.model is None:
            return []
        tokens = [t for t in tokenize(query) if t in self._vocab]
        if not tokens:
            return []
        scores = np.asarray(self.model.get_scores(tokens), dtype=np.float32)
        mask = self.mask(filters)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        n = min(n, len(scores))
        top = np.argpartition(-scores, n - 1)[:n] if n < len(scores) else np.arange(len(scores))
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]

    # ------------------------------------------------------------------ persistence

    def save(self, directory: Path, generation: str) -> None:
        """Write to a temporary directory, then swap it in: a reader never sees half an index."""
        tmp = directory.with_name(directory.name + f".tmp{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self.model is not None:
            self.model.save(str(tmp), show_progress=False)
        with open(tmp / "chunks.jsonl", "w", encoding="utf-8") as fh:
            for cid, text, meta in zip(self.ids, self.texts, self.metas, strict=True):
                fh.write(json.dumps({"id": cid, "text": text, "meta": meta}, ensure_ascii=False) + "\n")
        (tmp / "generation").write_text(f"{generation}|{FORMAT_VERSION}", encoding="utf-8")
        old = directory.with_name(directory.name + f".old{os.getpid()}")
        try:
            if directory.exists():
                directory.rename(old)
            tmp.rename(directory)
        finally:
            # another process may have swapped in its copy first: theirs is as good as ours
            shutil.rmtree(tmp, ignore_errors=True)
            shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, directory: Path, generation: str) -> KeywordIndex | None:
        """The saved index if it matches `generation`, else None (caller rebuilds)."""
        gen_file = directory / "generation"
        try:
            if gen_file.read_text(encoding="utf-8") != f"{generation}|{FORMAT_VERSION}":
                return None
            ids, texts, metas = [], [], []
            with open(directory / "chunks.jsonl", encoding="utf-8") as fh:
                for line in fh:
                    row = json.loads(line)
                    ids.append(row["id"])
                    texts.append(row["text"])
                    metas.append(row["meta"])
            model = None
            if ids:
                import bm25s

                model = bm25s.BM25.load(str(directory), show_progress=False)
            return cls(ids, texts, metas, model)
        except (OSError, ValueError, KeyError):
            return None
