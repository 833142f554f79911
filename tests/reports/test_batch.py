"""The batch runner: which files a folder yields, which reports are context for which, and that
reports given directly are checked like parsed ones."""

from __future__ import annotations

from pathlib import Path

from vbassist.batch import BytesInput, check_documents, related_for
from vbassist.checks import CheckContext, run_checks
from vbassist.model import Report
from vbassist.parsing.files import expand_paths
from vbassist.settings import Settings

from .conftest import DATA


def _report(
    kind: str, year: int | None, unit: str = "Barnenheten", district: str | None = "Hägersten-Älvsjö"
) -> Report:
    return Report(
        kind=kind, year=year, unit=unit, district=district, source=f"{kind}{year}.docx", source_format="docx"
    )


def test_expand_paths_recurses_and_skips_lock_and_hidden_files(tmp_path: Path) -> None:
    for name in [
        "b.docx",
        "a.md",
        "sub/c.pdf",
        "sub/d.txt",
        "sub/g.doc",
        "~$b.docx",
        ".dold.docx",
        ".git/e.docx",
        "f.png",
    ]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    missing = tmp_path / "saknas.docx"
    found = expand_paths([tmp_path, tmp_path / "b.docx", missing])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "a.md",
        "b.docx",
        "sub/c.pdf",
        "sub/d.txt",
        "sub/g.doc",
        "saknas.docx",
    ]


def test_related_are_same_year_plans_and_last_years_reports() -> None:
    vb = _report("VB", 2025)
    pool = [
        vb,
        vp := _report("VP", 2025, unit="Barn- och ungdomsenheten"),
        last := _report("VB", 2024),
        _report("VP", 2026),
        _report("VB", 2025, unit="Ungdomsenheten"),  # a sibling report is not context
        _report("VP", 2025, district="Kungsholmen"),  # another district
        _report("VP", 2025, district=None),  # unknown district: kept, the rules match the unit
    ]
    related = related_for(vb, pool)
    assert related[:2] == [vp, last] and len(related) == 3
    assert related_for(_report("VB", None), pool) == []
    # a plan is not compared with another plan of its own year
    assert all(r.year == 2024 for r in related_for(_report("VP", 2025), pool))
    # diacritics and case do not split a district
    assert related_for(_report("VB", 2025, district="hagersten-alvsjo"), [vp]) == [vp]


def test_reports_given_directly_are_checked_like_the_runner_does() -> None:
    vb = _report("VB", 2025)
    result = check_documents([vb], settings=Settings(), jobs=1, use_corpus=False)
    (doc,) = result.documents
    assert doc.source == "VB2025.docx" and doc.ok
    assert [f.id for f in doc.findings] == [f.id for f in run_checks(vb, CheckContext())]
    assert doc.units[0].unit == "Barnenheten" and doc.units[0].kind == "VB"
    assert result.summary.reports == 1 and result.summary.findings == len(doc.findings)


def test_uploads_that_cannot_be_read_become_failed_documents() -> None:
    result = check_documents(
        [BytesInput("tom.docx", b""), BytesInput("fel.docx", b"inte en docx")],
        settings=Settings(),
        jobs=2,
        use_corpus=False,
    )
    assert [d.source for d in result.documents] == ["tom.docx", "fel.docx"]
    assert all(not d.ok and d.findings == [] for d in result.documents)
    assert result.documents[0].error.code == "tom_fil"
    assert result.summary.failed == 2 and result.summary.failed_documents[1].source == "fel.docx"


def test_copies_are_parsed_and_checked_once_and_reported_under_each_name(tmp_path: Path) -> None:
    from .conftest import FAMILJEHEM

    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / FAMILJEHEM.name).write_bytes(FAMILJEHEM.read_bytes())
    deduped = check_documents([tmp_path], settings=Settings(), jobs=1, use_corpus=False)
    assert (deduped.summary.timings["parsed"], deduped.summary.timings["checked"]) == (1, 1)
    a, b = deduped.documents
    assert (Path(a.source).parent.name, Path(b.source).parent.name) == ("a", "b")
    assert a.findings and a.findings == b.findings
    full = check_documents([tmp_path], settings=Settings(), jobs=1, use_corpus=False, dedupe=False)
    assert full.summary.timings["parsed"] == 2
    assert full.to_json() == deduped.to_json()


def test_plans_from_the_batch_and_the_corpus_reach_the_rules(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from vbassist.batch import pool, run

    from .conftest import DATA

    vb = DATA / "vb2025_hagersten-alvsjo_ungdomsenheten.docx"
    vp = Path(__file__).parent / "data" / "vp2025_hagersten-alvsjo_barnenheten.txt"
    seen: list[tuple[str, list[str]]] = []
    original = pool.check_one

    def spy(args, job=None):  # type: ignore[no-untyped-def]
        report, related = args
        seen.append((f"{report.kind} {report.year}", [f"{r.kind} {r.year} {r.unit}" for r in related]))
        return original(args, job)

    # jobs=1 runs in this process, so the spy sees every call
    monkeypatch.setattr(pool, "check_one", spy)
    monkeypatch.setattr(run, "check_one", spy)

    corpus = tmp_path / "korpus"
    corpus.mkdir()
    (corpus / vp.name).write_bytes(vp.read_bytes())
    from_corpus = check_documents(
        [vb], settings=Settings(), jobs=1, corpus_dir=corpus, corpus_cache_dir=tmp_path / "cache"
    )
    assert [d.source for d in from_corpus.documents] == [str(vb)]  # the corpus is context, not a document
    assert seen == [("VB 2025", ["VP 2025 Barnenheten"])]
    assert from_corpus.summary.related_reports == 1

    seen.clear()
    in_batch = check_documents([vb, vp], settings=Settings(), jobs=1, use_corpus=False)
    assert len(in_batch.documents) == 2
    # first pass against the (empty) corpus, then the VB again with the plan found in the batch
    assert seen == [("VB 2025", []), ("VP 2025", []), ("VB 2025", ["VP 2025 Barnenheten"])]
    assert in_batch.summary.related_reports == 1
    assert in_batch.summary.timings["checked"] == 3

    seen.clear()
    check_documents([vb], settings=Settings(), jobs=1, use_corpus=False)
    assert seen == [("VB 2025", [])]


def test_parsed_corpus_is_cached_until_the_file_changes(tmp_path: Path) -> None:
    import os

    from vbassist.batch import corpus as corpus_cache
    from vbassist.checks.result import CheckResult

    from .conftest import DATA

    vb = DATA / "vb2025_hagersten-alvsjo_ungdomsenheten.docx"
    corpus, cache = tmp_path / "korpus", tmp_path / "cache"
    corpus.mkdir()
    plan = corpus / "vp2025.txt"
    plan.write_bytes(
        (Path(__file__).parent / "data" / "vp2025_hagersten-alvsjo_barnenheten.txt").read_bytes()
    )
    (corpus / "README.md").write_text("# Korpus\n\nInga rapporter här.\n", encoding="utf-8")  # not a report
    (corpus / "anteckningar.txt").write_text("Inga rapporter här.\n", encoding="utf-8")

    def run() -> CheckResult:
        return check_documents([vb], settings=Settings(), jobs=1, corpus_dir=corpus, corpus_cache_dir=cache)

    first = run()
    assert first.summary.timings["parsed"] == 3 and first.summary.related_reports == 1
    assert len(list(cache.glob("*.json"))) == 2  # the notes (no report) are remembered too
    corpus_cache.forget_memory()  # a new process: only the disk cache is left
    second = run()
    assert second.summary.timings["parsed"] == 1 and second.summary.related_reports == 1
    assert second.to_json() == first.to_json()
    stat = plan.stat()
    os.utime(plan, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert run().summary.timings["parsed"] == 2  # the changed plan is read again


def _goal_digest(report: Report, context: CheckContext) -> tuple[str | None, int, int]:
    """A digest for the tests: what only the full report knows, and which process computed it."""
    import os

    return report.unit, len(report.enhetsmal()), os.getpid()


def _crashing_digest(report: Report, context: CheckContext) -> str | None:
    if report.unit == "Ungdomsenheten":
        raise ValueError("a bug in a digest")
    return report.unit


def test_run_batch_digests_each_report_in_the_worker_that_parsed_it(tmp_path: Path) -> None:
    import os

    from vbassist.batch import run_batch

    samples = sorted(DATA.glob("*.docx"))
    copy = tmp_path / "kopia.docx"
    copy.write_bytes(samples[0].read_bytes())
    inputs = [*samples, copy, BytesInput("trasig.docx", b"PK\x03\x04 x")]
    run = run_batch(inputs, settings=Settings(), jobs=2, use_corpus=False, digest=_goal_digest)
    plain = check_documents(inputs, settings=Settings(), jobs=2, use_corpus=False)
    assert run.result.to_json() == plain.to_json()  # the hook changes nothing of the check
    assert len(run.digests) == len(inputs) and run.digests[-1] == []  # the bad file has no report
    for doc, digests in zip(run.result.documents[:-1], run.digests[:-1], strict=True):
        ((unit, goals, pid),) = digests
        assert unit == doc.units[0].unit and goals > 0
        assert pid != os.getpid()  # computed in a worker, where the full report was
    assert run.digests[len(samples)] == run.digests[0]  # a copy shares its original's digest
    assert run.result.summary.timings["digest_cpu"] >= 0


def test_a_crashing_digest_marks_its_file_and_the_batch_goes_on() -> None:
    from vbassist.batch import run_batch

    samples = sorted(DATA.glob("*.docx"))
    run = run_batch(samples, settings=Settings(), jobs=1, use_corpus=False, digest=_crashing_digest)
    crashed = [d for d in run.result.documents if d.error is not None]
    assert [d.source for d in crashed] == [str(s) for s in samples if "ungdomsenheten" in s.name]
    assert crashed[0].error is not None and crashed[0].error.code == "internt_fel"
    assert [d is None for ds in run.digests for d in ds].count(True) == 1
    assert sum(d is not None for ds in run.digests for d in ds) == len(samples) - 1


def test_a_report_given_directly_is_digested_here() -> None:
    import os

    from vbassist.batch import run_batch
    from vbassist.parsing import parse_file

    (report,) = parse_file(sorted(DATA.glob("*.docx"))[0])
    run = run_batch([report], settings=Settings(), jobs=2, use_corpus=False, digest=_goal_digest)
    assert run.digests == [[(report.unit, len(report.enhetsmal()), os.getpid())]]
