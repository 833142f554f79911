"""Plant errors in the Word samples, one at a time, and count how many the rules catch and how many new
errors they raise that were not planted. Prints recall per kind of planted error and false new errors;
then the plantings in the places the facts layer reads (`bench/plants_facts.py`: comment rows, the
summary, Förväntat resultat, restated counts, empty outcomes, draft gaps, complaint tables, parts of a
whole) with their recall, the findings raised on the controls (true restatements, rounding,
sub-groups, another year ...), and duplicate findings (two findings for one fault).

    .venv/bin/python bench/check_planted_recall.py [--limit N]

Kinds planted (each in a fresh copy of a sample):
  text     a percent in an analysis sentence that quotes an indicator's outcome, changed by 6 points
  status   "Uppfylls delvis/inte" set to "Uppfylls helt" on a goal whose linked indicator misses its årsmål
  budget   an Utfall cell of a budget row changed by 150 TKr
  period   an indicator's period set to the year before
  marker   a sentence "Målet bedöms vara delvis/helt uppfyllt" contradicting the marker added to an analysis
  trend    a sentence saying an indicator moved the other way than the table added to an analysis
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import docx

from vbassist.checks import CheckContext, run_checks
from vbassist.linking import link_indicators
from vbassist.numbers import find_numbers, format_sv
from vbassist.parsing import parse_file
from vbassist.polarity import meets_target, polarity_of

sys.path.insert(0, str(Path(__file__).resolve().parent))
from plants_facts import body, set_text

SAMPLES = sorted(Path("/work/shared/samples").glob("*.docx"))
EXPECTED = {
    "text": ("VB-TEXT-001",),
    "status": ("VB-STATUS-001", "VB-TARGET-001"),
    "budget": ("VB-BUDGET-001", "VB-BUDGET-002"),
    "period": ("VB-PERIOD-001",),
    "marker": ("VB-MARKER-001",),
    "trend": ("VB-TREND-001",),
    "derived": ("VB-DERIVED-001",),
    "budget_sum": ("VB-BUDGET-001", "VB-BUDGET-003"),
    "amount": ("VB-BUDGET-004",),
    "no_analysis": ("VB-MISSING-002",),
    "no_status": ("VB-MISSING-001",),
}
STATUS_TEXT = {"helt": "● Uppfylls helt", "delvis": "◆ Uppfylls delvis", "inte": "■ Uppfylls inte"}


def plants(path: Path):
    """(kind, description, edit) for every plant in one sample; edit(doc) changes a python-docx Document."""
    (report,) = parse_file(path)
    values = {}
    for ind, _, _ in report.indicators():
        if ind.utfall is not None and ind.utfall.value is not None:
            values[ind.name] = ind
    # text: an analysis sentence quoting an indicator's outcome
    for goal in report.enhetsmal():
        for item in goal.analys:
            for n in find_numbers(item.text):
                if n.kind != "percent":
                    continue
                for ind in values.values():
                    if (
                        abs(ind.utfall.value - n.value) <= 0.5
                        and ind.name.split()[0].lower()[:5] in item.text.lower()
                    ):
                        new = format_sv(n.value + 6, n.decimals) + " %"

                        def edit(doc, block=item.location.block, raw=n.raw, new=new):
                            par = body(doc)[block]
                            set_text(par, par.text.replace(raw, new, 1))

                        yield "text", f"{raw_short(item.text)} {n.raw}->{new}", edit
        # status: a goal not marked helt whose strong link misses its target
        if goal.status in ("delvis", "inte") and goal.status_location is not None:
            for link in link_indicators(goal, report):
                ind = link.indicator
                if link.confidence < 0.75 or ind.utfall is None or ind.arsmal is None:
                    continue
                if ind.utfall.value is None or ind.arsmal.value is None:
                    continue
                if meets_target(ind.utfall.value, ind.arsmal.value, polarity_of(ind.name)):
                    continue

                def edit(doc, block=goal.status_location.block):
                    set_text(body(doc)[block], STATUS_TEXT["helt"])

                yield "status", f"{goal.title[:50]} -> helt", edit
                break
        # marker and trend sentences appended to the first analysis paragraph
        if goal.analys and goal.status in STATUS_TEXT:
            other = "delvis" if goal.status != "delvis" else "helt"
            sentence = {
                "delvis": " Målet bedöms vara delvis uppfyllt.",
                "helt": " Målet bedöms vara helt uppfyllt.",
            }[other]

            def edit(doc, block=goal.analys[0].location.block, sentence=sentence):
                body(doc)[block].add_run(sentence)

            yield "marker", f"{goal.title[:50]} + {sentence.strip()}", edit
            for link in link_indicators(goal, report):
                ind = link.indicator
                if link.confidence < 0.75 or ind.utfall is None or ind.utfall_forra_aret is None:
                    continue
                if (
                    ind.utfall.value is None
                    or ind.utfall_forra_aret.value is None
                    or ind.utfall.value == ind.utfall_forra_aret.value
                ):
                    continue
                verb = "minskat" if ind.utfall.value > ind.utfall_forra_aret.value else "ökat"
                subject = ind.name.strip()
                sentence = f" {subject[0].upper()}{subject[1:]} har {verb} jämfört med föregående år."

                def edit(doc, block=goal.analys[0].location.block, sentence=sentence):
                    body(doc)[block].add_run(sentence)

                yield "trend", f"{subject[:40]} {verb}", edit
                break
    # derived: a stated percent change made wrong by 10 points
    from vbassist.checks.claims import change_claims
    from vbassist.checks.facts import ACCOUNT_KINDS, ReportFacts

    texts = list(ReportFacts(report).places_of(ACCOUNT_KINDS))
    for place in texts:
        if place.location.row is not None:
            continue
        for claim in change_claims(place.text):
            if claim.pct is None:
                continue
            m = re.search(r"\(\s*([+\-−]?\s?\d+(?:,\d+)?)\s*%", place.text[claim.start - 40 : claim.end + 25])
            if not m:
                continue
            raw = m.group(1)
            wrong = ("+" if claim.pct > 0 else "-") + format_sv(abs(claim.pct) + 10, claim.pct_decimals)

            def edit(doc, block=place.location.block, raw=raw, wrong=wrong):
                par = body(doc)[block]
                set_text(par, par.text.replace(f"({raw}", f"({wrong}", 1))

            yield "derived", f"{raw}->{wrong}", edit
    # text amounts: "underskott på cirka 29 miljoner" made 8 mnkr larger
    for place in texts:
        m = re.search(r"(underskott|överskott) på (cirka |ca )?(\d+) (mnkr|miljoner)", place.text)
        if m and place.location.row is None:
            new = str(int(m.group(3)) + 8)

            def edit(
                doc, block=place.location.block, old=m.group(0), new=m.group(0).replace(m.group(3), new)
            ):
                par = body(doc)[block]
                set_text(par, par.text.replace(old, new, 1))

            yield "amount", f"{m.group(0)} +8", edit
    # goals without analysis or status
    for goal in report.enhetsmal():
        if goal.analys and goal.status in STATUS_TEXT:

            def edit(doc, blocks=tuple(i.location.block for i in goal.analys)):
                for b in blocks:
                    set_text(body(doc)[b], "")

            yield "no_analysis", goal.title[:50], edit

            def edit2(doc, block=goal.status_location.block):
                set_text(body(doc)[block], "— Inga data")

            yield "no_status", goal.title[:50], edit2
            break
    # budget rows
    for table in report.budget_tables:
        for row in table.rows:
            if row.is_sum and row.utfall is not None and row.utfall.value:
                new = format_sv(row.utfall.value + 300, 0)

                def edit(doc, block=row.location.block, r=row.location.row, new=new):
                    set_text(body(doc)[block].rows[r].cells[1].paragraphs[0], new)

                yield "budget_sum", f"{table.title} {row.label} -> {new}", edit
                break
    for table in report.budget_tables:
        for row in table.rows:
            if row.is_sum or row.utfall is None or row.utfall.value is None or row.utfall.value == 0:
                continue
            new = format_sv(row.utfall.value + 150, 0)

            def edit(doc, block=row.location.block, r=row.location.row, new=new):
                t = body(doc)[block]
                set_text(t.rows[r].cells[1].paragraphs[0], new)

            yield "budget", f"{row.label} utfall -> {new}", edit
            break  # one per table is enough
    # periods
    for ind, _, _ in report.indicators():
        if ind.period and re.search(r"20\d\d", ind.period) and report.year:
            col = len(ind.header) - 1

            def edit(doc, block=ind.location.block, r=ind.location.row, col=col, year=report.year):
                t = body(doc)[block]
                par = t.rows[r].cells[col].paragraphs[0]
                set_text(par, par.text.replace(str(year), str(year - 1)))

            yield "period", f"{ind.name[:40]} period -> {report.year - 1}", edit


def raw_short(text: str) -> str:
    return text[:40].replace("\n", " ")


def _keys(findings: list) -> Counter:
    """Findings as comparable keys: every rule a finding names (one finding per fault), its severity and
    its message (a planted change in a fault the sample already has changes the message)."""
    return Counter((f.rule, tuple(f.also_rules), f.severity, f.message) for f in findings)


def _new(findings: list, base: Counter) -> list:
    """The findings of a planted copy that the untouched sample does not have."""
    left = Counter(base)
    out = []
    for f in findings:
        key = (f.rule, tuple(f.also_rules), f.severity, f.message)
        if left[key]:
            left[key] -= 1
        else:
            out.append(f)
    return out


def _duplicates(findings: list) -> int:
    """Findings for one fault: the same place and message twice, or two findings of different rules at
    the same place (the runner merges those)."""
    seen: Counter = Counter()
    for f in findings:
        loc = f.location.model_dump_json() if f.location else ""
        seen[(loc, f.message)] += 1
    by_place: dict[str, set[str]] = defaultdict(set)
    for f in findings:
        if f.location is not None and f.location.start is not None:
            by_place[f.location.model_dump_json()].add(f.rule)
    return sum(n - 1 for n in seen.values() if n > 1) + sum(
        len(r) - 1 for r in by_place.values() if len(r) > 1
    )


def _run(copy: Path) -> list:
    (report,) = parse_file(copy)
    return run_checks(report, CheckContext())


def main(argv: list[str]) -> None:
    import plants_facts

    limit = int(argv[argv.index("--limit") + 1]) if "--limit" in argv else 10**9
    caught: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    false_new = 0
    misses = []
    extra: list[str] = []
    control_new: dict[str, Counter] = defaultdict(Counter)
    control_seen: Counter = Counter()
    control_lines: list[str] = []
    duplicates = 0
    unplantable = 0
    with tempfile.TemporaryDirectory() as tmp:
        for sample in SAMPLES:
            (base_report,) = parse_file(sample)
            base_findings = run_checks(base_report, CheckContext())
            base = _keys(base_findings)
            duplicates += _duplicates(base_findings)
            everything = [(k, w, e) for k, w, e in plants(sample)][:limit]
            everything += [(k, w, e) for k, w, e in plants_facts.plants(base_report)][:limit]
            for kind, what, edit in everything:
                copy = Path(tmp) / sample.name
                shutil.copy(sample, copy)
                doc = docx.Document(str(copy))
                try:
                    edit(doc)
                except plants_facts.NotPlantable:
                    unplantable += 1
                    continue
                doc.save(str(copy))
                findings = _run(copy)
                duplicates += _duplicates(findings)
                new = _new(findings, base)
                if kind in plants_facts.CONTROLS:
                    control_seen[kind] += 1
                    for f in new:
                        control_new[kind][f.severity] += 1
                        control_lines.append(
                            f"{sample.name}: {kind}: {what}: {f.rule} ({f.severity}) {f.message[:90]}"
                        )
                    continue
                expected = EXPECTED.get(kind) or plants_facts.EXPECTED[kind]
                hit = any(set(expected) & {f.rule, *f.also_rules} for f in new)
                caught[kind][0] += hit
                caught[kind][1] += 1
                if not hit:
                    misses.append(f"{sample.name}: {kind}: {what}")
                unexpected = [
                    f"{sample.name}: {kind}: {what}: {f.rule} {f.message[:90]}"
                    for f in new
                    if f.severity == "error"
                    and not set(expected) & {f.rule, *f.also_rules}
                    and not f.rule.startswith(("VB-TARGET", "VB-STATUS", "VB-BUDGET", "VB-MISSING-004"))
                ]
                extra.extend(unexpected)
                false_new += len(unexpected)
    total = sum(v[0] for v in caught.values()), sum(v[1] for v in caught.values())
    print("kind | caught | planted | recall")
    for kind, (c, t) in sorted(caught.items()):
        print(f"{kind} | {c} | {t} | {100 * c / max(t, 1):.0f} %")
    print(f"all | {total[0]} | {total[1]} | {100 * total[0] / max(total[1], 1):.0f} %")
    print(f"new errors from other rules (not expected for the plant): {false_new}")
    print("\ncontrol | planted | new errors | new warnings")
    for kind in plants_facts.CONTROLS:
        n = control_new[kind]
        print(f"{kind} | {control_seen[kind]} | {n['error']} | {n['warning']}")
    print(
        f"all controls | {sum(control_seen.values())} | {sum(n['error'] for n in control_new.values())} | "
        f"{sum(n['warning'] for n in control_new.values())}"
    )
    print(f"duplicate findings (one fault, two findings) over every run: {duplicates}")
    print(f"plantings skipped (the document's cell is not where the parsed report puts it): {unplantable}")
    for m in misses:
        print("MISSED", m)
    for e in extra:
        print("EXTRA", e)
    for line in control_lines:
        print("CONTROL", line)


if __name__ == "__main__":
    main(sys.argv[1:])
