"""`vbassist check`: check drafts for inconsistencies and write the report (text, JSON, HTML, xlsx),
optionally with annotated .docx copies. Heavy imports stay inside the command so `--help` is fast."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vbassist.commands.batch import EXIT_USAGE, CorpusOption, JobsOption
from vbassist.commands.batch import err as _err

if TYPE_CHECKING:
    from vbassist.checks.result import CheckResult
    from vbassist.parsing.limits import ParseLimits


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"
    xlsx = "xlsx"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    never = "never"


EXIT_CLEAN = 0
EXIT_FINDINGS = 1


def check(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILER",
            help="Filer eller mappar att granska (.docx, .doc, .odt, .md, .txt, .pdf). Mappar söks igenom rekursivt.",
            show_default=False,
        ),
    ],
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="Rapportformat: text (terminal), json, html eller xlsx."),
    ] = OutputFormat.text,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Skriv rapporten till den här filen i stället för till terminalen."),
    ] = None,
    annotate: Annotated[
        Path | None,
        typer.Option(
            "--annotate",
            help="Skriv en kopia av varje .docx med Word-kommentarer (författare vbassist) i den här mappen. "
            "Originalen ändras aldrig.",
        ),
    ] = None,
    fail_on: Annotated[
        FailOn,
        typer.Option(
            "--fail-on", help="Slutkod 1 om något fynd är minst så allvarligt (error, warning, never)."
        ),
    ] = FailOn.error,
    jobs: JobsOption = None,
    rules: Annotated[
        str | None,
        typer.Option(
            "--rules",
            help="Kör bara regler vars id börjar så, kommaseparerat (t.ex. VB-BUDGET,VB-STATUS). "
            "Standard: alla regler (eller VBASSIST_RULES).",
            show_default=False,
        ),
    ] = None,
    skip_rules: Annotated[
        str | None,
        typer.Option(
            "--skip-rules",
            help="Hoppa över regler vars id börjar så, kommaseparerat (t.ex. VB-PERIOD-003,VB-PLAN).",
            show_default=False,
        ),
    ] = None,
    corpus: CorpusOption = True,
) -> None:
    """Granska utkast: status mot indikatorer och mål, siffror i text mot tabeller, beräkningar, budget,
    saknade delar, perioder och plan mot rapport.

    Slutkod 0: inga fynd på nivån --fail-on eller högre. 1: sådana fynd finns. 2: felaktig användning eller en fil som inte kunde läsas (övriga filer granskas ändå).
    """
    from vbassist.batch import check_documents
    from vbassist.checks.registry import with_rule_prefixes
    from vbassist.commands.batch import batch_progress, report_files
    from vbassist.errors import VbassistError
    from vbassist.settings import get_settings

    try:
        settings = with_rule_prefixes(get_settings(), rules=rules, skip_rules=skip_rules)
    except VbassistError as exc:  # an unknown rule prefix: say which, check nothing
        _err(f"fel: {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    if output_format is OutputFormat.xlsx and out is None:
        _err("fel: --format xlsx kräver --out FIL (ett kalkylblad kan inte skrivas till terminalen)")
        raise typer.Exit(EXIT_USAGE)
    if annotate is not None and annotate.exists() and not annotate.is_dir():
        _err(f"fel: --annotate {annotate}: finns redan och är inte en mapp")
        raise typer.Exit(EXIT_USAGE)
    files = report_files(paths, "inga filer att granska")

    with batch_progress({"check": "Granskar", "context": "Jämför med planer"}) as on_progress:
        result = check_documents(files, settings=settings, jobs=jobs, use_corpus=corpus, progress=on_progress)

    for doc in result.documents:
        if doc.error is not None:
            _err(f"fel: {doc.source}: {doc.error.message}")
        for warning in doc.warnings:
            _err(f"varning: {doc.source}: {warning}")

    try:
        _write_report(result, output_format, out)
    except OSError as exc:  # a full disk, a read-only place, --out naming a folder: the old file stays
        _err(f"fel: {_write_failure(exc, out, 'rapporten')}")
        raise typer.Exit(EXIT_USAGE) from None

    annotate_failed = (
        _write_annotations(result, annotate, get_settings().parse_limits()) if annotate is not None else 0
    )

    if result.summary.failed or annotate_failed:
        raise typer.Exit(EXIT_USAGE)
    raise typer.Exit(EXIT_FINDINGS if result.has_findings_at_or_above(fail_on.value) else EXIT_CLEAN)


def _write_report(result: CheckResult, output_format: OutputFormat, out: Path | None) -> None:
    from vbassist.outputs import write_atomic

    data: bytes | str
    if output_format is OutputFormat.json:
        from vbassist.reports.json import render_json

        data = render_json(result) + "\n"
    elif output_format is OutputFormat.html:
        from vbassist.reports.html import render_html

        data = render_html(result)
    elif output_format is OutputFormat.xlsx:
        from vbassist.reports.xlsx import render_xlsx

        data = render_xlsx(result)
    else:
        from vbassist.reports.text import render_text

        data = render_text(result, color=out is None and sys.stdout.isatty())
    if out is None:
        sys.stdout.write(data if isinstance(data, str) else data.decode("utf-8"))
        sys.stdout.flush()
        return
    write_atomic(out, data)
    from vbassist.model import SEVERITIES
    from vbassist.reports import count_label
    from vbassist.sv import count

    s = result.summary
    counts = ", ".join(count_label(sev, s.by_severity.get(sev, 0)) for sev in SEVERITIES)
    failed = f" ({s.failed} kunde inte granskas)" if s.failed else ""
    _err(
        f"rapport: {out}: {s.documents} dokument{failed}, {count(s.reports, 'rapport', 'rapporter')}, "
        f"{s.findings} fynd: {counts}"
    )


def _write_annotations(result: CheckResult, out_dir: Path, limits: ParseLimits) -> int:
    """Annotated copies of the checked .docx files; returns how many could not be written."""
    from vbassist.reports.annotate import annotate_file
    from vbassist.sv import count

    failed = 0
    taken: set[Path] = set()
    for doc in result.documents:
        source = Path(doc.source)
        if doc.error is not None:
            continue
        if source.suffix.lower() != ".docx":
            _err(f"kommenterar inte {source.name}: bara .docx kan få Word-kommentarer")
            continue
        try:
            target = annotate_file(source, doc.findings, out_dir, taken=taken, limits=limits)
        except OSError as exc:  # a full disk: said once per copy, the other copies are still tried
            _err(f"fel: {source}: {_write_failure(exc, out_dir / source.name, 'den kommenterade kopian')}")
            failed += 1
            continue
        except Exception as exc:  # one copy failing must not stop the others; the report is already out
            _err(f"fel: {source}: kunde inte skriva kommenterad kopia ({type(exc).__name__})")
            failed += 1
            continue
        _err(f"kommenterad kopia: {target} ({count(len(doc.findings), 'kommentar', 'kommentarer')})")
    return failed


def _write_failure(exc: OSError, target: Path | None, what: str) -> str:
    """One line for a file that could not be written: the disk's fault said as such."""
    from vbassist.outputs import storage_error

    folder = (target or Path.cwd()).parent
    error = storage_error(exc, folder, what)
    if error is not None:
        return error.message
    return f"kunde inte skriva {what} till {target or 'standard ut'}: {exc.strerror or type(exc).__name__}"


def register(app: typer.Typer) -> None:
    app.command("check")(check)
