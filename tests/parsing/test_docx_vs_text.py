"""The Word sample and the text version of the same report parse to the same report.

Each .docx in tests/data was made from a seed in corpus/; one reader per format, one structure builder.
Compared: the whole goal tree (level, number, title, status), every indicator row (name, every value as
written, period), every activity (name, dates) and the analysis text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from vbassist.model import Report, Value
from vbassist.parsing import parse_file

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
CORPUS = ROOT / "corpus"

KUNGSHOLMEN = "vb2024_kungsholmen_socialtjanstavdelningen.txt"
PAIRS = [
    ("vb2025_hagersten-alvsjo_familjehemsenheten.docx", "vb2025_hagersten-alvsjo_familjehemsenheten.md", 0),
    ("vb2025_hagersten-alvsjo_ungdomsenheten.docx", "vb2025_hagersten-alvsjo_ungdomsenheten.md", 0),
    ("vb2024_kungsholmen_vuxenenheten.docx", KUNGSHOLMEN, 0),
    ("vb2024_kungsholmen_familjeenheten.docx", KUNGSHOLMEN, 1),
    ("vb2024_kungsholmen_bistandsbedomning-funktionsnedsattning.docx", KUNGSHOLMEN, 2),
]

_cache: dict[str, list[Report]] = {}


def _parse(path: Path) -> list[Report]:
    if str(path) not in _cache:
        _cache[str(path)] = parse_file(path)
    return _cache[str(path)]


def _norm(text: str | None) -> str | None:
    # The .docx samples keep markdown emphasis markers as literal characters ("*Samtal med barn*");
    # whitespace inside a cell differs by export ("män/\npojkar" vs "män/ pojkar").
    return None if text is None else re.sub(r"\s+", " ", text.replace("*", "")).strip()


def goal_tree(report: Report) -> list[tuple]:
    return [(len(parents), g.level, g.number, _norm(g.title), g.status) for g, parents in report.iter_goals()]


def indicator_rows(report: Report) -> list[tuple]:
    def raw(v: Value | None) -> str | None:
        return None if v is None else _norm(v.raw)

    return [
        (
            goal.level,
            _norm(i.name),
            raw(i.utfall),
            raw(i.utfall_man),
            raw(i.utfall_kvinnor),
            raw(i.utfall_forra_aret),
            raw(i.arsmal),
            raw(i.kf_arsmal),
            _norm(i.period),
        )
        for i, goal, _ in report.indicators()
    ]


def activities(report: Report) -> list[tuple]:
    return [
        (_norm(g.title), _norm(a.name), a.startdatum, a.slutdatum)
        for g, _ in report.iter_goals()
        for a in g.activities
    ]


def analyses(report: Report) -> list[str | None]:
    return [_norm(g.analys_text) for g in report.enhetsmal()]


@pytest.mark.parametrize(("docx_name", "text_name", "position"), PAIRS)
def test_same_report_from_docx_and_text(docx_name: str, text_name: str, position: int) -> None:
    (from_docx,) = _parse(DATA / docx_name)
    from_text = _parse(CORPUS / text_name)[position]
    assert (from_docx.kind, from_docx.year, from_docx.unit, from_docx.district) == (
        from_text.kind,
        from_text.year,
        from_text.unit,
        from_text.district,
    )
    assert from_docx.source_format == "docx" and from_text.source_format in ("markdown", "text")
    assert len(from_text.enhetsmal()) > 5
    assert goal_tree(from_text) == goal_tree(from_docx)
    assert indicator_rows(from_text) == indicator_rows(from_docx)
    assert activities(from_text) == activities(from_docx)
    assert analyses(from_text) == analyses(from_docx)
