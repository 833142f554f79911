"""Linking indicators to goals, polarity (lexicon and user overrides) and claim extraction."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vbassist.checks import CheckContext, run_checks
from vbassist.checks.claims import (
    amount_claims,
    bare_fractions,
    change_claims,
    fraction_claims,
    fulfilment_claims,
    target_claims,
    trend_claims,
)
from vbassist.checks.examples.build import enhetsmal, indicator, kf_goal, report
from vbassist.errors import ConfigurationError
from vbassist.linking import link_indicators
from vbassist.polarity import load_lexicon, meets_target, polarity_of

# --------------------------------------------------------------------------- polarity


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Sjukfrånvaro", "lower"),
        ("Sjukfrånvaro dag 1-14 ♀", "lower"),
        ("Andel barn och unga som åter blir föremål för anmälan/ansökan efter avslutad utredning", "lower"),
        ("Klimatpåverkan från inköpta livsmedel, kg CO2e per kg", "lower"),
        ("Personalomsättning", "lower"),
        ("Andel sammanbrott i familjehemsplaceringar", "lower"),
        ("Kostnad per vårddygn", "lower"),
        ("Andel avhysningar som kunnat avväjas efter inkommet meddelande till förvaltningen", "higher"),
        ("Aktivt Medskapandeindex", "higher"),
        ("Andel inköpta ekologiska livsmedel i kronor", "higher"),
        ("Frisknärvaro", "higher"),
    ],
)
def test_bundled_polarity(name: str, expected: str) -> None:
    assert polarity_of(name, load_lexicon(None)) == expected


def test_user_polarity_file_overrides(tmp_path: Path) -> None:
    path = tmp_path / "polarity.yaml"
    path.write_text(
        'overrides:\n  "Aktivt Medskapandeindex": lower\nlower:\n  - pattern: "medskapande"\n',
        encoding="utf-8",
    )
    lex = load_lexicon(path)
    assert polarity_of("Aktivt medskapandeindex", lex) == "lower"
    assert polarity_of("Sjukfrånvaro", lex) == "lower"  # the bundled lexicon still applies
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"overrides": {"X": "sideways"}}), encoding="utf-8")
    with pytest.raises(ConfigurationError):
        load_lexicon(bad)


def test_meets_target_is_polarity_aware_and_rounding_tolerant() -> None:
    assert meets_target(7.9, 11, "lower")
    assert not meets_target(12.1, 11, "lower")
    assert meets_target(48.84, 25, "higher")
    assert not meets_target(73.33, 75, "higher")
    assert meets_target(74.6, 75, "higher")  # "75 %" written without decimals: 74,6 rounds to it


# --------------------------------------------------------------------------- linking


def test_link_by_name_in_forvantat_beats_topic_and_other_kf_goal() -> None:
    skola = indicator(
        "Andel familjehem placerade barn som når målen i svenska/svenska som andraspråk, matematik, och engelska i grundskolan",
        "73,33",
        "75 %",
    )
    aterakt = indicator(
        "Andel barn och unga som åter blir föremål för anmälan/ansökan efter avslutad utredning",
        "24,2 %",
        "24 %",
    )
    eko = indicator("Andel inköpta ekologiska livsmedel i kronor", "48,84 %", "25 %")
    goal = enhetsmal(
        "Familjehemsplacerade barn får en bättre hälsa och förbättrad skolgång",
        forvantat=(
            "Andelen familjehemsplacerade barn som når målen i svenska/svenska som andraspråk, matematik, och engelska i grundskolan är minst 75 procent.",
        ),
    )
    rep = report([kf_goal("1.3", [aterakt, skola], [goal]), kf_goal("2.2", [eko], [])])
    links = link_indicators(goal, rep)
    assert links and links[0].indicator is skola
    assert links[0].confidence >= 0.8 and "Förväntat resultat" in links[0].reason
    assert all(link.indicator is not eko for link in links)


def test_link_by_synonym_group_and_weaker_for_narrower_indicator() -> None:
    total = indicator("Sjukfrånvaro", "7,9 %", "11 %")
    short_term = indicator("Sjukfrånvaro dag 1-14", "2,1 %", "3 %")
    goal = enhetsmal("Enheten har en hög frisknärvaro", forvantat=("Frisknärvaron ökar.",))
    rep = report([kf_goal("3.4", [total, short_term], [goal])])
    links = {link.indicator.name: link for link in link_indicators(goal, rep)}
    assert "Sjukfrånvaro" in links and "sjukfranvaro" in links["Sjukfrånvaro"].reason
    assert links["Sjukfrånvaro"].confidence > links["Sjukfrånvaro dag 1-14"].confidence


def test_no_link_without_shared_topic() -> None:
    eko = indicator("Andel inköpta ekologiska livsmedel i kronor", "48,84 %", "25 %")
    goal = enhetsmal(
        "Enheten har en beredskap för oväntade händelser", forvantat=("Kontinuitetsplanen är testad.",)
    )
    assert link_indicators(goal, report([kf_goal("3.5", [eko], [goal])])) == []


# --------------------------------------------------------------------------- claims


def test_change_claims_read_arrows_parentheses_and_differences() -> None:
    text = (
        "Kostnad per dygn har ökat från 6 900 kr → 10 900 kr (+68 %). "
        "HVB - Minskning med 609 vårddygn (-28 %, från 2 185 → 1 576)."
    )
    first, second = change_claims(text)
    assert (first.old, first.new, first.pct, first.pct_signed, first.direction) == (
        6900,
        10900,
        68,
        True,
        "up",
    )
    assert (second.old, second.new, second.pct, second.diff, second.direction) == (
        2185,
        1576,
        -28,
        609,
        "down",
    )


def test_fulfilment_claims_skip_sub_targets() -> None:
    assert [c.status for c in fulfilment_claims("Enheten bedömer att målet uppfylls delvis.")] == ["delvis"]
    assert [c.status for c in fulfilment_claims("Målet är uppfyllt.")] == ["helt"]
    assert [c.status for c in fulfilment_claims("Sammantaget har målet inte uppnåtts.")] == ["inte"]
    assert fulfilment_claims("Målet att minska sammanbrott med 10 procent har inte nåtts.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Målet är inte helt uppfyllt.",  # the plain form
        "Därmed bedöms målet inte helt uppfyllt.",  # the inverted form
    ],
)
def test_not_fully_is_partly_in_every_phrase_form(text: str) -> None:
    assert [c.status for c in fulfilment_claims(text)] == ["delvis"]


def test_a_named_goal_not_fully_met_is_partly_met() -> None:
    from vbassist.checks.claims import named_fulfilment_claims

    claims = named_fulfilment_claims("Arbetsmiljömålet är inte helt uppnått.")
    assert [(c.status, c.subject) for c in claims] == [("delvis", "Arbetsmiljö")]
    assert [c.status for c in named_fulfilment_claims("Arbetsmiljömålet är inte uppnått.")] == ["inte"]


def test_target_claims() -> None:
    kinds = [
        (t.kind, t.value)
        for b in (
            "Andelen är minst 75 procent.",
            "Den totala sjukfrånvaron minskar till 8,5 %",
            "Sammanbrott under placering minskar med tio procent.",
            "Antalet barn i konsulentstött jourhem halveras.",
            "Andelen ökar med 3 procentenheter.",
        )
        for t in target_claims(b)
    ]
    assert kinds == [
        ("min", 75),
        ("max", 8.5),
        ("rel_decrease", 10),
        ("rel_decrease", 50),
        ("pp_increase", 3),
    ]


def test_fraction_trend_and_amount_claims() -> None:
    assert [
        (f.numerator, f.denominator, f.pct) for f in fraction_claims("28/40 (70 %) och 5 av 8 barn (63 %)")
    ] == [
        (28, 40, 70),
        (5, 8, 63),
    ]
    assert [
        t.direction
        for t in trend_claims("Sjukfrånvaron har minskat. Den har inte ökat. AMI har förbättrats.")
    ] == [
        "down",
        "better",
    ]
    claims = amount_claims(
        "Enheten har en budget på 57 miljoner kronor. Underskottet? Ett underskott på cirka 29 mnkr."
    )
    assert [(c.kind, c.kronor, c.approximate) for c in claims] == [
        ("budget", 57e6, False),
        ("underskott", 29e6, True),
    ]


# --------------------------------------------------------------------------- robustness


_TEXTY = st.text(
    alphabet=st.sampled_from(list("0123456789 ,.%()/→-−+abcåäöMålet uppfylls delvis från till av kr mnkr\n")),
    max_size=200,
)


@settings(max_examples=200, deadline=None)
@given(_TEXTY)
def test_claim_extractors_never_raise(text: str) -> None:
    for extract in (
        change_claims,
        fraction_claims,
        fulfilment_claims,
        target_claims,
        trend_claims,
        amount_claims,
        bare_fractions,
    ):
        extract(text)


@pytest.mark.parametrize("kind", ["VB", "VP", "T1", "T2"])
def test_empty_reports_of_every_kind_are_clean(kind: str) -> None:
    assert run_checks(report([], kind=kind), CheckContext(related=[report([], kind="VP")])) == []
