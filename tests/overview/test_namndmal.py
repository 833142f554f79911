"""Nämndmål across units: matched by the normalised title (a unit's pasted copy with its own typo,
punctuation or without the number is the same goal; two goals a word apart, or with different numbers,
are not), and the status counts add up to the enhetsmål under each."""

from __future__ import annotations

from pathlib import Path

import pytest

from vbassist.overview import Overview, build_overview
from vbassist.overview.model import STATUS_KEYS, status_key
from vbassist.overview.namndmal import WITHOUT_NAMNDMAL, same_goal, title_key
from vbassist.settings import Settings

from .conftest import DATA, FAMILJEHEM, UNGDOM, VUXEN, edited_copy

VALD = "Personer i relationer där våld förekommer uppmärksammas och får det stöd de behöver."


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (VALD, "Personer i relationer där våld förekommer uppmärksammas och får det stöd de behöver"),
        (VALD, "personer i relationer där våld förekomer uppmärksammas och får det stöd de behöver."),
        (VALD, "Personer i relationer dar vald forekommer uppmarksammas och far det stod de behover."),
        ("Barn och ungdomar har goda uppväxtvillkor", "Barn och ungdomar har goda uppväxtvilkor"),
        ("Stadsdelsnämnden har en hög beredskap", "Stadsdelsnämnden har en hög  beredskap."),
    ],
)
def test_a_pasted_copy_with_typos_is_the_same_goal(a: str, b: str) -> None:
    assert same_goal(title_key(a), "1.3.3", title_key(b), None)
    assert same_goal(title_key(a), None, title_key(b), None)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Stadsdelsnämndens verksamheter är klimatsmarta", "Stadsdelsnämndens verksamheter är resurssmarta"),
        (
            "Vuxna får stöd och omsorg när behoven är som störst",
            "Barn får stöd och omsorg när behoven är som störst",
        ),
        (
            "Unga och vuxna i kriminalitet får det stöd de behöver",
            "Unga i kriminalitet får det stöd de behöver",
        ),
    ],
)
def test_goals_a_word_apart_are_not_the_same(a: str, b: str) -> None:
    assert not same_goal(title_key(a), None, title_key(b), None)


def test_the_same_words_under_two_numbers_are_two_goals() -> None:
    assert not same_goal(title_key(VALD), "1.3.3", title_key(VALD), "1.3.4")
    assert (
        title_key("1.3.3 Personer i relationer")
        == title_key("Personer i relationer")
        == "personer i relationer"
    )


def test_counts_add_up_to_the_enhetsmal_under_each_namndmal(samples_overview: Overview) -> None:
    groups = samples_overview.namndmal
    assert sum(g.goals for g in groups) == len(samples_overview.goals)
    for i, group in enumerate(groups):
        rows = samples_overview.rows_of(i)
        assert group.goals == len(rows) == sum(group.counts[k] for k in STATUS_KEYS)
        for key in STATUS_KEYS:
            assert group.counts[key] == sum(status_key(r.goal.status) == key for r in rows)
        assert group.units == len({r.report.unit for r in rows})
        assert {(r.report.district, r.report.label) for r in rows} == {(group.district, group.label)}
    kungsholmen = [g for g in groups if g.district == "Kungsholmen"]
    numbers = [g.number or "" for g in kungsholmen]
    assert all(numbers) and numbers == sorted(numbers, key=lambda n: [int(p) for p in n.split(".")])
    vald = next(g for g in kungsholmen if g.number == "1.3.3")
    assert (vald.units, vald.goals, vald.counts["helt"], vald.counts["delvis"]) == (3, 3, 1, 2)
    uppvaxt = next(g for g in groups if g.title == "Barn och ungdomar har goda uppväxtvillkor")
    assert (uppvaxt.district, uppvaxt.units, uppvaxt.goals) == ("Hägersten-Älvsjö", 2, 12)
    assert all(g.title != WITHOUT_NAMNDMAL for g in groups)  # every sample enhetsmål has its nämndmål


def test_a_units_copy_with_a_typo_joins_the_others_and_a_different_goal_does_not(
    tmp_path: Path, settings: Settings
) -> None:
    batch = tmp_path / "inkomna"
    familj = DATA / "vb2024_kungsholmen_familjeenheten.docx"
    for source in (FAMILJEHEM, UNGDOM, familj):
        edited_copy(source, batch / source.name, {})
    # a third unit: Ungdomsenheten's report under another name, its nämndmål pasted with a typo and
    # one nämndmål reworded into another goal
    edited_copy(
        UNGDOM,
        batch / "vb2025_hagersten-alvsjo_mottagningsenheten.docx",
        {
            "Ungdomsenheten": "Mottagningsenheten",
            "Barn och ungdomar har goda uppväxtvillkor": "Barn och ungdommar har goda uppväxtvillkor.",
            "Stadsdelsnämndens verksamheter är klimatsmarta": "Stadsdelsnämndens verksamheter är resurssmarta",
        },
    )
    # and a Kungsholmen unit whose copy of 1.3.3 has lost its number and a letter: still Familjeenheten's 1.3.3
    edited_copy(
        VUXEN,
        batch / "vb2024_kungsholmen_vuxenenheten.docx",
        {
            f"Nämndmål: 1.3.3 {VALD}": "Nämndmål: Personer i relationer där våld förekomer uppmärksammas och får det stöd de behöver"
        },
    )
    overview = build_overview([batch], settings=settings, jobs=1, use_corpus=False)
    assert not overview.failed and len(overview.reports) == 5
    uppvaxt = next(g for g in overview.namndmal if g.title == "Barn och ungdomar har goda uppväxtvillkor")
    assert uppvaxt.units == 3 and uppvaxt.variants == ["Barn och ungdommar har goda uppväxtvillkor."]
    klimat = [
        g for g in overview.namndmal if g.title.endswith("klimatsmarta") or g.title.endswith("resurssmarta")
    ]
    assert sorted((g.title.split()[-1], g.units) for g in klimat) == [
        ("klimatsmarta", 2),
        ("resurssmarta", 1),
    ]
    (vald,) = [g for g in overview.namndmal if g.district == "Kungsholmen" and "våld förekom" in g.title]
    assert (vald.number, vald.title, vald.units) == ("1.3.3", VALD, 2)
    assert vald.variants == [
        "Personer i relationer där våld förekomer uppmärksammas och får det stöd de behöver"
    ]
    rows = overview.rows_of(overview.namndmal.index(vald))
    assert sorted(r.report.unit or "" for r in rows) == ["Familjeenheten", "Vuxenenheten"]
