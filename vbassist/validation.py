"""Why a value is refused, in Swedish: one table for the service's 422 answers and the command line's
usage errors. Both validate with pydantic (FastAPI the request, Typer the options), so one pydantic
error gives the same words on both surfaces. The value itself is never repeated (it may be document
text); the limits and the allowed values are."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from vbassist.numbers import format_sv

_FIXED: dict[str, str] = {
    "missing": "saknas",
    "int_parsing": "ska vara ett heltal",
    "int_type": "ska vara ett heltal",
    "int_from_float": "ska vara ett heltal",
    "float_parsing": "ska vara ett tal",
    "float_type": "ska vara ett tal",
    "bool_parsing": "ska vara true eller false",
    "bool_type": "ska vara true eller false",
    "string_type": "ska vara text",
    "path_type": "ska vara en sökväg",
    "json_invalid": "är inte giltig JSON",
    "model_type": "ska vara ett objekt",
    "model_attributes_type": "ska vara ett objekt",
    "dict_type": "ska vara ett objekt",
    "list_type": "ska vara en lista",
    "extra_forbidden": "är inte ett känt fält",
}

# the limit a pydantic error names (its ctx key) and how the reason says it
_LIMITS: dict[str, tuple[str, str]] = {
    "greater_than_equal": ("ge", "ska vara minst {}"),
    "less_than_equal": ("le", "får vara högst {}"),
    "greater_than": ("gt", "ska vara större än {}"),
    "less_than": ("lt", "ska vara mindre än {}"),
    "string_too_long": ("max_length", "får vara högst {} tecken"),
    "string_too_short": ("min_length", "ska vara minst {} tecken"),
}

_QUOTED_RE = re.compile(r"'((?:[^'\\]|\\.)*)'")


def _number(value: Any) -> str:
    # a limit as written in a sentence: years and counts without separators ("1990", "50")
    return str(value) if isinstance(value, int) else format_sv(float(value))


def one_of(values: Sequence[object]) -> str:
    """ "ska vara ett av: VB, VP, T1, T2"."""
    return "ska vara ett av: " + ", ".join(str(v) for v in values)


def allowed_values(error: Mapping[str, Any]) -> list[str] | None:
    """The values a literal or enum error allows, in order; None for other errors."""
    if error.get("type") not in ("literal_error", "enum"):
        return None
    expected = str((error.get("ctx") or {}).get("expected", ""))
    return _QUOTED_RE.findall(expected) or None


def reason(error: Mapping[str, Any]) -> str:
    """The Swedish reason for one pydantic error (`ValidationError.errors()` item): "ska vara ett heltal",
    "ska vara minst 1", "ska vara ett av: VB, VP, T1, T2", "får inte vara tom"."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind in _FIXED:
        return _FIXED[kind]
    allowed = allowed_values(error)
    if allowed:
        return one_of(allowed)
    if kind in ("literal_error", "enum"):
        return "har ett otillåtet värde"
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        return "får inte vara tom"
    if kind in _LIMITS and _LIMITS[kind][0] in ctx:
        key, template = _LIMITS[kind]
        return template.format(_number(ctx[key]))
    return f"har ett ogiltigt värde ({kind or 'okänt fel'})"
