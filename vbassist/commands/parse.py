"""`vbassist parse FILE... [--format tree|json]`: read reports and show their structure."""

from __future__ import annotations

import enum
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vbassist.sv import count

if TYPE_CHECKING:
    from rich.tree import Tree

    from vbassist.model import Goal, Indicator, Report, Value


class OutputFormat(enum.StrEnum):
    tree = "tree"
    json = "json"


_STATUS_MARKERS = {
    "helt": ("●", "green"),
    "delvis": ("◆", "yellow"),
    "inte": ("■", "red"),
    "inga_data": ("—", "dim"),
}


def register(app: typer.Typer) -> None:
    app.command("parse")(parse)


def parse(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILER",
            help=(
                "En eller flera rapporter (.docx, .doc, .odt, .md, .txt, .pdf) eller mappar med sådana filer (README-filer "
                "hoppas över). En fil kan innehålla flera enheters rapporter."
            ),
            show_default=False,
        ),
    ],
    output: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            help='tree: målträd med status och indikatorvärden. json: {"reports": [...]} (se docs/parse.md).',
        ),
    ] = OutputFormat.tree,
) -> None:
    """Läs in rapporter (VB, VP, T1, T2) och visa målträdet med status och indikatorer.

    En fil som inte går att läsa ger en rad på stderr (fel: <fil>: <orsak>). De andra filerna läses ändå;
    kommandot avslutas med kod 2 om någon fil inte kunde läsas.
    """
    from vbassist.errors import VbassistError
    from vbassist.parsing import parse_file
    from vbassist.parsing.files import expand_paths
    from vbassist.settings import get_settings

    limits = get_settings().parse_limits()

    reports: list[Report] = []
    failed = 0
    for path in expand_paths(files):
        if path.is_dir():
            failed += 1
            typer.echo(
                f"fel: {path}: mappen innehåller inga rapportfiler (.docx, .doc, .odt, .md, .txt, .pdf)",
                err=True,
            )
            continue
        try:
            found = parse_file(path, limits=limits)
        except VbassistError as exc:
            failed += 1
            typer.echo(f"fel: {exc}", err=True)
            continue
        except Exception as exc:  # one bad file must not stop the batch, and never a traceback
            failed += 1
            typer.echo(
                f"fel: {path}: oväntat fel vid inläsning ({type(exc).__name__})",
                err=True,
            )
            continue
        for warning in dict.fromkeys(w for report in found for w in report.warnings):
            typer.echo(f"varning: {path}: {warning}", err=True)
        reports.extend(found)
        if output is OutputFormat.tree:
            _print_tree(found)
    if output is OutputFormat.json:
        payload = {"reports": [r.model_dump(mode="json") for r in reports]}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    if failed:
        raise typer.Exit(code=2)


# --------------------------------------------------------------------------- tree output


def _print_tree(reports: list[Report]) -> None:
    from rich.console import Console

    console = Console(highlight=False)
    for report in reports:
        console.print(_report_tree(report))
        console.print()


def _report_tree(report: Report) -> Tree:
    from rich.markup import escape
    from rich.tree import Tree

    head = " · ".join(
        str(part)
        for part in (
            f"{report.kind} {report.year or '?'}",
            report.unit or "okänd enhet",
            report.district or "okänd stadsdel",
        )
    )
    tree = Tree(f"[bold]{escape(head)}[/bold]  [dim]{escape(report.source)}[/dim]")
    n_enhetsmal = len(report.enhetsmal())
    n_indicators = sum(1 for _ in report.indicators())
    tree.add(
        f"[dim]{count(n_enhetsmal, 'enhetsmål', 'enhetsmål')}, {count(n_indicators, 'indikator', 'indikatorer')}[/dim]"
    )
    for goal in report.goals:
        _add_goal(tree, goal, is_plan=report.kind == "VP")
    for table in report.budget_tables:
        sums = [row for row in table.rows if row.is_sum]
        text = ", ".join(f"{row.label}: {_value(row.utfall)}" for row in sums) or count(
            len(table.rows), "rad", "rader"
        )
        tree.add(f"[cyan]Budget[/cyan] {escape(table.title or '')}: {escape(text)}")
    for section in report.sections:
        if section.paragraphs:
            tree.add(
                f"[blue]Avsnitt[/blue] {escape(section.title)} [dim]({count(len(section.paragraphs), 'stycke', 'stycken')})[/dim]"
            )
    return tree


def _add_goal(parent: Tree, goal: Goal, *, is_plan: bool = False) -> None:
    """`is_plan`: a VP has no status and no analysis yet, so their absence is not flagged."""
    from rich.markup import escape

    from vbassist.model import LEVEL_LABELS, STATUS_LABELS

    if goal.status is not None:
        symbol, colour = _STATUS_MARKERS[goal.status]
        status = f"[{colour}]{symbol} {STATUS_LABELS[goal.status]}[/{colour}]"
    else:
        status = "" if is_plan else "[magenta]? ingen status[/magenta]"
    number = f"{goal.number}{'' if '.' in goal.number else '.'} " if goal.number else ""
    label = f"[bold]{LEVEL_LABELS[goal.level]}:[/bold] {escape(number + goal.title)}  {status}".rstrip()
    if goal.level == "enhetsmal" and not goal.analys and not is_plan:
        label += "  [magenta](ingen analys)[/magenta]"
    node = parent.add(label)
    for indicator in goal.indicators:
        node.add(_indicator_line(indicator))
    if goal.activities:
        node.add(f"[dim]{count(len(goal.activities), 'aktivitet', 'aktiviteter')}[/dim]")
    for child in goal.children:
        _add_goal(node, child, is_plan=is_plan)


def _indicator_line(indicator: Indicator) -> str:
    from rich.markup import escape

    parts = [f"utfall {_value(indicator.utfall)}"]
    if indicator.arsmal is not None:
        parts.append(f"årsmål {_value(indicator.arsmal)}")
    if indicator.kf_arsmal is not None and indicator.kf_arsmal.raw:
        parts.append(f"KF {_value(indicator.kf_arsmal)}")
    if indicator.utfall_forra_aret is not None and indicator.utfall_forra_aret.raw:
        parts.append(
            f"{indicator.utfall_forra_aret_label or 'förra året'} {_value(indicator.utfall_forra_aret)}"
        )
    if indicator.period:
        parts.append(indicator.period)
    return f"[cyan]▸[/cyan] {escape(indicator.name)}: {escape(', '.join(parts))}"


def _value(value: Value | None) -> str:
    """A cell as written, with the unit the parser read into it ("50" in a percent column: "50 %")."""
    from vbassist.numbers import keep_numbers_together, with_implied_unit

    if value is None or not value.raw.strip():
        return "–"
    return keep_numbers_together(with_implied_unit(" ".join(value.raw.split()), value))
