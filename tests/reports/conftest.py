"""A `CheckResult` built from findings written by hand: the report writers must render any findings,
whatever rules exist, so these tests do not depend on the rules or the parser. The places are written
by hand too, as `vbassist.places` gives them for the sample (tests/test_places.py checks those)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vbassist.checks.result import CheckedDocument, CheckResult, DocumentError, UnitInfo, summarize
from vbassist.model import Evidence, Finding, Location, Place

DATA = Path(__file__).resolve().parent.parent / "data"
FAMILJEHEM = DATA / "vb2025_hagersten-alvsjo_familjehemsenheten.docx"


KF_GOAL = (
    "KF:s mål för verksamhetsområdet: 1.3 Stockholms stad ska ge stöd och omsorg där behoven är som störst"
)
ENHETSMAL = [
    KF_GOAL,
    "Nämndmål: Barn och ungdomar har goda uppväxtvillkor",
    "Enhetsmål: Barn och ungdomar erhåller kontaktfamiljer och kontaktpersoner av hög kvalitet",
]
ENHETSMAL_SHORT = (
    "KF-mål 1.3 Stockholms stad ska ge stöd och… › Nämndmål: Barn och ungdomar har goda uppväxtvillkor"
    " › Enhetsmål: Barn och ungdomar erhåller kontaktfamiljer och…"
)
STATUS_PLACE = Place(
    path=ENHETSMAL, part="status", text=f"{ENHETSMAL_SHORT} › status", quote="● Uppfylls helt"
)
UTFALL_PART = 'indikatortabellen, rad "Andel barn och unga som får insatser…", kolumn Periodens utfall'
UTFALL_PLACE = Place(
    path=[KF_GOAL],
    part=UTFALL_PART,
    text=f"KF-mål 1.3 Stockholms stad ska ge stöd och… › {UTFALL_PART}",
    quote="81 %",
)


def make_finding(n: int, severity: str = "error", **kw: object) -> Finding:
    base: dict[str, object] = {
        "id": f"VB-STATUS-001#{n}",
        "rule": "VB-STATUS-001",
        "category": "status_vs_indicator",
        "severity": severity,
        "unit": "Familjehemsenheten",
        "goal": "Barn och ungdomar erhåller kontaktfamiljer",
        "message": f"Status ”Uppfylls helt” men indikatorn når inte årsmålet ({n})",
        "evidence": [
            Evidence(
                label="status",
                text="● Uppfylls helt",
                value="helt",
                location=Location(block=48),
                place=STATUS_PLACE,
            ),
            Evidence(
                label="Periodens utfall",
                text="81 %",
                value=81.0,
                location=Location(block=33, row=1, col=1),
                place=UTFALL_PLACE,
            ),
        ],
        "location": Location(block=48),
        "place": STATUS_PLACE,
        "suggestion": "Ändra status till ”Uppfylls delvis” eller förklara avvikelsen i analysen.",
    }
    base.update(kw)
    return Finding.model_validate(base)


@pytest.fixture
def result() -> CheckResult:
    findings = [
        make_finding(1, "error"),
        make_finding(
            2,
            "warning",
            category="text_vs_table",
            rule="VB-TEXT-001",
            id="VB-TEXT-001#1",
            message="Texten säger 61 % men tabellen 64,2 % <b>&</b>",
            location=None,
            place=None,
            confidence=0.6,
            severity_reason="Varning i stället för fel: svag koppling mellan indikator och mål (säkerhet 60\u00a0%).",
        ),
        make_finding(
            3, "info", category="missing", rule="VB-MISS-001", id="VB-MISS-001#1", unit="Ungdomsenheten"
        ),
    ]
    docs = [
        CheckedDocument(
            source="utkast/familjehem.docx",
            findings=findings,
            units=[
                UnitInfo(
                    unit="Familjehemsenheten",
                    kind="VB",
                    year=2025,
                    counts={"error": 1, "warning": 1, "info": 0},
                ),
                UnitInfo(
                    unit="Ungdomsenheten", kind="VB", year=2025, counts={"error": 0, "warning": 0, "info": 1}
                ),
            ],
        ),
        CheckedDocument(
            source="utkast/ren.docx", units=[UnitInfo(unit="Vuxenenheten", kind="VB", year=2024)]
        ),
        CheckedDocument(
            source="utkast/trasig.docx",
            error=DocumentError(code="trasig_fil", message="filen är skadad och kan inte läsas"),
        ),
    ]
    return CheckResult(documents=docs, summary=summarize(docs))
