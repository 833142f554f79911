"""`vbassist overview`: the controller's overview of many units' reports, written as a workbook, an
HTML page or the draft of the district's summary in Word (the suffix of `--out` decides), from the
same batch as `check`. Heavy imports stay inside the command so `--help` is fast."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vbassist.commands.batch import EXIT_USAGE, CorpusOption, JobsOption, err
from vbassist.parsing.files import FORMATS_TEXT

if TYPE_CHECKING:
    from vbassist.overview import Overview

EXIT_OK = 0


def overview(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILER",
            help=f"Rapporter eller mappar med rapporter ({FORMATS_TEXT}). Mappar söks igenom rekursivt.",
            show_default=False,
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            metavar="FIL",
            help="Filen att skriva: .xlsx (kalkylblad), .html (webbsida), .docx (utkast till "
            "sammanställning i Word) eller .json.",
            show_default=False,
        ),
    ],
    jobs: JobsOption = None,
    corpus: CorpusOption = True,
) -> None:
    """Översikt över måluppfyllelsen i alla enheters rapporter: status per enhetsmål, föreslagen status,
    indikatorer och nämndmålen över enheterna.

    Slutkod 0: översikten skrevs. 2: felaktig användning, eller en fil som inte kunde läsas (de övriga
    finns i översikten och filen listas i den); ingenting skrivs när ingen rapport kunde läsas.
    """
    from vbassist.commands.batch import batch_progress, report_files
    from vbassist.overview import FORMATS, build_overview, render_overview
    from vbassist.settings import get_settings

    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        err(f"fel: --out {out}: filen ska sluta på {', '.join(FORMATS)} (det väljer formatet)")
        raise typer.Exit(EXIT_USAGE)
    files = report_files(paths, "inga rapporter")

    with batch_progress({"check": "Läser och granskar", "context": "Jämför med planer"}) as on_progress:
        result = build_overview(
            files, settings=get_settings(), jobs=jobs, use_corpus=corpus, progress=on_progress
        )

    for failed in result.failed:
        err(f"fel: {failed.source}: {failed.message}")
    if not result.reports:
        err("fel: ingen rapport med måluppfyllelse kunde läsas; ingen översikt skrevs")
        raise typer.Exit(EXIT_USAGE)
    try:
        from vbassist.outputs import write_atomic

        write_atomic(out, render_overview(result, suffix))
    except OSError as exc:  # e.g. --out names a folder or a read-only place
        err(f"fel: kunde inte skriva översikten till {out}: {exc.strerror or type(exc).__name__}")
        raise typer.Exit(EXIT_USAGE) from None
    err(f"översikt: {out}: {summary_line(result)}")
    raise typer.Exit(EXIT_USAGE if result.failed else EXIT_OK)


def summary_line(result: Overview) -> str:
    """ "5 rapporter från 6 filer, 63 enhetsmål under 20 nämndmål (1 fil kunde inte läsas)"."""
    from vbassist.sv import count

    line = (
        f"{count(len(result.reports), 'rapport', 'rapporter')} från {count(result.documents, 'fil', 'filer')}, "
        f"{count(len(result.goals), 'enhetsmål', 'enhetsmål')} under {count(len(result.namndmal), 'nämndmål', 'nämndmål')}"
    )
    notes = []
    if result.failed:
        notes.append(count(len(result.failed), "fil kunde inte läsas", "filer kunde inte läsas"))
    if result.left_out:
        notes.append(count(len(result.left_out), "rapport räknas inte", "rapporter räknas inte"))
    return line + (f" ({'; '.join(notes)})" if notes else "")


def register(app: typer.Typer) -> None:
    app.command("overview")(overview)
