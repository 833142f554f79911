"""What a batch takes: paths, folders, uploads as bytes and already parsed `Report`s; and the content
key that lets identical files (copies in several folders) be parsed once."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from vbassist.model import Report
from vbassist.parsing.files import expand_paths


@dataclass(frozen=True)
class BytesInput:
    """A document given as bytes (an upload); `filename` decides the format and names the source."""

    filename: str
    data: bytes


DocumentInput = str | os.PathLike[str] | BytesInput | Report
WorkItem = str | BytesInput  # what a worker reads: a path or an upload


def work_items(inputs: Iterable[DocumentInput]) -> list[WorkItem | Report]:
    """The inputs in the caller's order, folders replaced by their report files."""
    items: list[WorkItem | Report] = []
    for inp in inputs:
        if isinstance(inp, BytesInput | Report):
            items.append(inp)
        else:
            items.extend(str(p) for p in expand_paths([inp]) if not p.is_dir())
    return items


def source_of(item: WorkItem) -> str:
    return item.filename if isinstance(item, BytesInput) else item


def content_key(item: WorkItem, max_bytes: int) -> str | None:
    """sha256 of the bytes plus the suffix (which decides the reader), or None when the file is
    missing or too large to hash cheaply (the parser refuses it anyway)."""
    if isinstance(item, BytesInput):
        data = item.data
        suffix = Path(item.filename).suffix.lower()
    else:
        try:
            path = Path(item)
            if not path.is_file() or path.stat().st_size > max_bytes:
                return None
            data = path.read_bytes()
        except OSError:
            return None
        suffix = path.suffix.lower()
    return hashlib.sha256(data).hexdigest() + suffix


@dataclass
class Distinct:
    """The distinct contents among the inputs: `unique` is read once each, and input j shares the
    result of `unique[slot[j]]`; `keys[j]` is input j's content key (None = never shared)."""

    unique: list[WorkItem]
    slot: list[int]
    keys: list[str | None]


def distinct(items: list[WorkItem], *, dedupe: bool, max_bytes: int) -> Distinct:
    keys: list[str | None] = [content_key(i, max_bytes) for i in items] if dedupe else [None] * len(items)
    unique: list[WorkItem] = []
    slot: list[int] = []
    first_of_key: dict[str, int] = {}
    for item, key in zip(items, keys, strict=True):
        if key is not None and key in first_of_key:
            slot.append(first_of_key[key])
            continue
        if key is not None:
            first_of_key[key] = len(unique)
        slot.append(len(unique))
        unique.append(item)
    return Distinct(unique, slot, keys)
