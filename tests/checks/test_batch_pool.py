"""The process pool's first pass ships stub reports plus a pickle of the full ones; the parent opens
only those that take part in the second pass. The outcome must equal the in-process run exactly,
including plan-vs-report findings that need the full plan and report (real samples, real pool)."""

from __future__ import annotations

import shutil
from pathlib import Path

from vbassist.batch import check_documents
from vbassist.batch.pool import Done, parse_and_check
from vbassist.batch.run import _unpack_related
from vbassist.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
PLAN = ROOT / "reports" / "data" / "vp2025_hagersten-alvsjo_barnenheten.txt"


def test_pool_equals_in_process_with_context_in_the_batch(tmp_path: Path) -> None:
    for name in (
        "vb2025_hagersten-alvsjo_familjehemsenheten.docx",
        "vb2025_hagersten-alvsjo_ungdomsenheten.docx",
        "vb2024_kungsholmen_vuxenenheten.docx",
    ):
        shutil.copy(DATA / name, tmp_path / name)
    # the plan made the familjehemsenhet's own: its planned enhetsmål are missing from that report
    plan = PLAN.read_text(encoding="utf-8").replace("Barnenheten", "Familjehemsenheten")
    (tmp_path / "vp2025_hagersten-alvsjo_familjehemsenheten.txt").write_text(plan, encoding="utf-8")
    in_process = check_documents([tmp_path], settings=Settings(), jobs=1, use_corpus=False, dedupe=False)
    pooled = check_documents([tmp_path], settings=Settings(), jobs=2, use_corpus=False, dedupe=False)
    assert pooled.to_json() == in_process.to_json()
    assert pooled.summary.related_reports >= 1  # the plan was context for the 2025 reports
    categories = {f.category for d in pooled.documents for f in d.findings}
    assert "plan_vs_report" in categories


def test_only_reports_with_batch_context_are_unpacked() -> None:
    def pooled(path: Path) -> Done:
        done = parse_and_check(str(path))  # job None: as in a pool worker
        assert done.packed is not None and all(not r.goals for r in done.parsed.reports)
        return done

    vb_2025 = pooled(DATA / "vb2025_hagersten-alvsjo_familjehemsenheten.docx")
    vb_2024 = pooled(DATA / "vb2024_kungsholmen_vuxenenheten.docx")
    plan = pooled(PLAN)
    _unpack_related([vb_2025, vb_2024], [], [])
    assert vb_2025.packed is not None and vb_2024.packed is not None  # no context for each other
    _unpack_related([vb_2025, vb_2024, plan], [], [])
    assert vb_2025.packed is None and plan.packed is None  # the 2025 report and its plan
    assert vb_2025.parsed.reports[0].goals and plan.parsed.reports[0].goals
    assert vb_2024.packed is not None  # another district and year: stays a stub
