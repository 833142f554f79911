"""`vbassist index` and `vbassist search`: build the retrieval index over earlier reports and search it.
Heavy imports (Chroma, the embedding model) stay inside the commands so `--help` is fast."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from vbassist.query import MAX_HITS, REPORT_KINDS, SEARCH_LEVELS

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2


class SearchFormat(StrEnum):
    text = "text"
    json = "json"


def _err(message: str) -> None:
    sys.stderr.write(message.rstrip("\n") + "\n")


def _fail_on_storage(exc: Exception, data_dir: Path) -> NoReturn:
    """Exit 2 with one line when the disk is to blame for `exc`; any other exception is a bug."""
    from vbassist.outputs import storage_error

    error = storage_error(exc, data_dir, "sökindexet")
    if error is None:
        raise exc
    _err(f"Fel: {error.message}")
    raise typer.Exit(EXIT_USAGE) from None


def index(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="FILER",
            help="Filer eller mappar med tidigare rapporter. Utan sökväg: korpusen (VBASSIST_CORPUS_DIR).",
            show_default=False,
        ),
    ] = None,
    rebuild: Annotated[
        bool,
        typer.Option("--rebuild", help="Töm indexet och bygg om det (sparade inbäddningar återanvänds)."),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Ingen förloppsindikator.")] = False,
) -> None:
    """Bygg eller uppdatera sökindexet över tidigare rapporter (bara ändrade filer läses om)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from vbassist.errors import VbassistError
    from vbassist.index import IndexProgress, get_index
    from vbassist.numbers import format_sv, with_unit
    from vbassist.settings import get_settings
    from vbassist.sv import count

    settings = get_settings()
    targets = list(paths) if paths else [Path(settings.corpus_dir)]
    missing = [p for p in targets if not p.exists()]
    if missing:
        _err(f"Hittar inte: {', '.join(str(p) for p in missing)}")
        raise typer.Exit(EXIT_USAGE)
    try:
        corpus_index = get_index(settings)
        with Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("avsnitt"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[file]}", style="dim"),
            disable=quiet,
            transient=False,
            console=None,
        ) as bar:
            task = bar.add_task("Läser filer", total=None, file="")

            def show(p: IndexProgress) -> None:
                bar.update(
                    task,
                    description=f"Fil {min(p.files_done + 1, p.files_total)}/{p.files_total}",
                    file=p.file,
                    completed=p.chunks_done,
                    total=p.chunks_total or None,
                )

            result = corpus_index.index_paths(targets, rebuild=rebuild, progress=show)
    except VbassistError as exc:
        _err(f"Fel: {exc.message}")
        raise typer.Exit(EXIT_USAGE) from None
    except Exception as exc:  # a full or read-only disk: one line; files indexed so far stay whole
        _fail_on_storage(exc, Path(settings.data_dir))

    typer.echo(
        f"Klart på {with_unit(format_sv(result.seconds, 1), 's')}: "
        f"{count(len(result.indexed), 'fil indexerad', 'filer indexerade')}, "
        f"{count(len(result.unchanged), 'oförändrad', 'oförändrade')}, "
        f"{count(len(result.removed), 'borttagen', 'borttagna')}; "
        f"{count(result.chunks_written, 'avsnitt skrivet', 'avsnitt skrivna')}, "
        f"{count(result.embedded, 'ny inbäddning', 'nya inbäddningar')}; "
        f"{count(corpus_index.count(), 'avsnitt', 'avsnitt')} i indexet."
    )
    for path, reason in result.failed.items():
        _err(f"Kunde inte läsa {path}: {reason}")
    if result.failed:
        raise typer.Exit(EXIT_SOME_FAILED)


def search(
    query: Annotated[str, typer.Argument(metavar="FRÅGA", help="Frågan, med egna ord.", show_default=False)],
    k: Annotated[
        str | None,
        typer.Option("--k", "-k", metavar="ANTAL", help=f"Antal träffar, 1–{MAX_HITS} (standard 5)."),
    ] = None,
    unit: Annotated[str | None, typer.Option("--unit", metavar="ENHET", help="Bara den här enheten.")] = None,
    year: Annotated[str | None, typer.Option("--year", metavar="ÅR", help="Bara det här året.")] = None,
    kind: Annotated[
        str | None,
        typer.Option("--kind", metavar="|".join(REPORT_KINDS), help="Bara den här rapporttypen."),
    ] = None,
    district: Annotated[
        str | None, typer.Option("--district", metavar="STADSDEL", help="Bara den här stadsdelen.")
    ] = None,
    level: Annotated[
        str | None,
        typer.Option(
            "--level",
            metavar="NIVÅ",
            help=f"Bara avsnitt av den här sorten: {', '.join(SEARCH_LEVELS)}.",
        ),
    ] = None,
    prefer_unit: Annotated[
        str | None,
        typer.Option(
            "--prefer-unit", metavar="ENHET", help="Lyft fram den här enhetens egna tidigare texter."
        ),
    ] = None,
    output_format: Annotated[
        SearchFormat, typer.Option("--format", "-f", help="text eller json.")
    ] = SearchFormat.text,
) -> None:
    """Sök i tidigare rapporter (nyckelord och betydelse kombinerat).

    Filtren prövas som i tjänstens GET /v1/search: ett värde som inget avsnitt kan ha (--level goal,
    --kind VX, --year förra) avvisas med de tillåtna värdena (slutkod 2) i stället för att ge noll träffar.
    """
    from pydantic import ValidationError

    from vbassist.commands.swedish import invalid_values
    from vbassist.errors import VbassistError
    from vbassist.index import get_index
    from vbassist.query import SearchQuery
    from vbassist.settings import get_settings
    from vbassist.sv import shorten

    given = {
        "q": query,
        "k": k,
        "unit": unit,
        "year": year,
        "kind": kind,
        "district": district,
        "level": level,
    }
    try:
        wanted = SearchQuery.model_validate({field: v for field, v in given.items() if v is not None})
    except ValidationError as exc:
        raise invalid_values(exc, _SEARCH_OPTIONS) from None
    settings = get_settings()
    try:
        corpus_index = get_index(settings)
        if corpus_index.count() == 0:
            _err("Indexet är tomt. Kör först `vbassist index` (bygger indexet från korpusen).")
            raise typer.Exit(EXIT_USAGE)
        hits = corpus_index.search(
            wanted.q,
            k=wanted.k,
            unit=wanted.unit or None,
            year=wanted.year,
            kind=wanted.kind,
            district=wanted.district or None,
            level=wanted.level,
            prefer_unit=prefer_unit,
        )
    except VbassistError as exc:
        _err(f"Fel: {exc.message}")
        raise typer.Exit(EXIT_USAGE) from None
    except typer.Exit:
        raise
    except Exception as exc:  # opening the index writes to its folder
        _fail_on_storage(exc, Path(settings.data_dir))

    if output_format is SearchFormat.json:
        payload = {"hits": [{"text": h.text, "score": h.score, "metadata": h.metadata} for h in hits]}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if not hits:
        typer.echo("Inga träffar.")
        return
    for n, hit in enumerate(hits, start=1):
        m = hit.metadata
        where = " · ".join(
            str(x) for x in (m.get("unit"), m.get("kind"), m.get("year"), m.get("source_name")) if x
        )
        typer.echo(f"{n}. [{hit.score:.4f}] {m.get('title', '')}")
        typer.echo(f"   {where}")
        typer.echo(f"   {shorten(hit.text, 400)}\n")


# the options of `search` that set each field of SearchQuery (for the error naming the option)
_SEARCH_OPTIONS = {
    "q": "FRÅGA",
    "k": "--k/-k",
    "unit": "--unit",
    "year": "--year",
    "kind": "--kind",
    "district": "--district",
    "level": "--level",
}


def register(app: typer.Typer) -> None:
    app.command("index")(index)
    app.command("search")(search)
