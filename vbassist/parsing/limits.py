"""What reading one file may cost. The defaults are far above any real report; `Settings.parse_limits()`
builds the values in force from the environment at the edges (CLI, service), and library callers pass
their own or take these defaults."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ParseLimits:
    max_file_mb: float = 50.0  # the file's own size
    max_uncompressed_mb: float = 200.0  # a .docx package inflated


DEFAULT_LIMITS = ParseLimits()
