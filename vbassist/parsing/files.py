"""Which files are reports: the one list of suffixes and the one folder walker every command uses
(`parse`, `check`, `index`, the service's corpus)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

# what the readers read
SUPPORTED_SUFFIXES: tuple[str, ...] = (".docx", ".md", ".markdown", ".txt", ".text", ".pdf")
# read through LibreOffice when it is installed (`legacy.py`), else refused with "spara som .docx";
# found in folders too, never silently skipped
LEGACY_SUFFIXES: tuple[str, ...] = (".doc", ".odt")
REPORT_SUFFIXES: tuple[str, ...] = (*SUPPORTED_SUFFIXES, *LEGACY_SUFFIXES)
# the formats as a message to a user names them
FORMATS_TEXT = ".docx, .doc, .odt, .md, .txt eller .pdf"


def is_report_file(path: Path) -> bool:
    """A file a folder walk takes: a report suffix, and not Word's lock file ("~$a.docx"), a hidden
    file or a README (documentation of a folder, not a report)."""
    name = path.name
    return (
        path.suffix.lower() in REPORT_SUFFIXES
        and not name.startswith(("~$", "."))
        and not name.lower().startswith("readme")
    )


def report_files_in(folder: Path) -> list[Path]:
    """The report files under `folder`, recursively, sorted; hidden folders (".git") are skipped."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(p for p in (Path(root) / f for f in files) if is_report_file(p) and p.is_file())
    return sorted(found)


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files to read: each file as given (kept even when missing or of an unknown kind, so that it is
    reported), each folder replaced by its report files. A folder without any is kept as itself, so the
    caller can say so. Order is stable (as given, folders sorted); a file named twice is read once."""
    out: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        found = (report_files_in(path) or [path]) if path.is_dir() else [path]
        for p in found:
            key = p.resolve()
            if key not in seen:
                seen.add(key)
                out.append(p)
    return out
