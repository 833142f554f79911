"""A .docx as another office suite writes it: LibreOffice opens each sample (and each sample rewritten with
every Word construct at once, see `docx_variants`), saves it as .odt, opens that and saves it as .docx
again. The file that comes back reads to the same goal tree, statuses and indicator values; names are
equal up to whitespace; no goal appears that the original does not have."""

from __future__ import annotations

from pathlib import Path

import pytest
from libreoffice import convert

from vbassist.model import Report, Value
from vbassist.parsing import parse_file

from .docx_variants import ALL, rewrite

pytestmark = pytest.mark.slow
DATA = Path(__file__).resolve().parent.parent / "data"
SAMPLES = sorted(DATA.glob("*.docx"))


@pytest.fixture(scope="session")
def round_trips(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """(sample name, "original" | "rewritten") -> the .docx after .docx -> .odt -> .docx in LibreOffice.
    Two soffice runs for all ten files (the rewrites named apart, so the batches do not collide)."""
    work = tmp_path_factory.mktemp("libreoffice")
    sources: list[Path] = []
    for sample in SAMPLES:
        rewritten = work / "rewritten" / f"{sample.stem}-omskriven.docx"
        rewritten.parent.mkdir(exist_ok=True)
        rewritten.write_bytes(rewrite(sample, ALL))
        sources += [sample, rewritten]
    odt = convert(sources, "odt", work / "odt")
    back = convert(odt, "docx:MS Word 2007 XML", work / "back")
    return {
        (sample.name, kind): path
        for sample, pair in zip(SAMPLES, zip(back[0::2], back[1::2], strict=True), strict=True)
        for kind, path in zip(("original", "rewritten"), pair, strict=True)
    }


def _ws(text: str | None) -> str | None:
    return None if text is None else " ".join(text.split())


def _value(v: Value | None) -> tuple[str | None, float | None] | None:
    return None if v is None else (_ws(v.raw), v.value)


def goal_tree(report: Report) -> list[tuple[object, ...]]:
    return [
        (
            len(parents),
            g.level,
            g.number,
            _ws(g.title),
            g.status,
            [
                (
                    _ws(i.name),
                    _value(i.utfall),
                    _value(i.utfall_man),
                    _value(i.utfall_kvinnor),
                    _value(i.utfall_forra_aret),
                    _value(i.arsmal),
                    _value(i.kf_arsmal),
                    _ws(i.period),
                )
                for i in g.indicators
            ],
        )
        for g, parents in report.iter_goals()
    ]


@pytest.mark.parametrize("kind", ["original", "rewritten"])
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem.split("_", 2)[-1])
def test_libreoffice_round_trip_reads_the_same(
    round_trips: dict[tuple[str, str], Path], sample: Path, kind: str
) -> None:
    (before,) = parse_file(sample)
    (after,) = parse_file(round_trips[(sample.name, kind)])
    assert (after.kind, after.year, after.unit, after.district) == (
        before.kind,
        before.year,
        before.unit,
        before.district,
    )
    assert len(list(after.iter_goals())) == len(list(before.iter_goals())), "no phantom or lost goal"
    assert goal_tree(after) == goal_tree(before)
    assert sum(len(g.indicators) for g, _ in before.iter_goals()) > 0
