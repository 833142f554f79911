"""`vbassist draft`: a first draft of an enhetsmål's Analys, or drafts for every empty one into a .docx."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, NoReturn

import typer

from vbassist.model import STATUS_LABELS

if TYPE_CHECKING:
    from vbassist.drafting.models import Draft
    from vbassist.model import Goal, Report
    from vbassist.settings import Settings

_RELATION_SV = {"own_earlier": "egen tidigare", "plan": "verksamhetsplan", "other_unit": "annan enhet"}


def _fail(message: str) -> NoReturn:
    typer.echo(f"Fel: {message}", err=True)
    raise typer.Exit(2)


def _index_or_none(settings: Settings, use_sources: bool) -> Any | None:
    """The corpus index when it exists and holds something; drafting works without it."""
    if not use_sources:
        return None
    try:
        from vbassist.index import get_index

        index = get_index(settings)
        return index if index.count() > 0 else None
    except Exception as exc:  # no index built yet, or no index module: draft without citations
        typer.echo(
            f"Obs: inga källor ur indexet ({type(exc).__name__}); utkastet skrivs utan citat.", err=True
        )
        return None


def render_text(goal: Goal, draft: Draft) -> str:
    """The draft as a reader wants it in a terminal: status, text, gaps, sources, verification."""
    from vbassist.drafting.markers import suggestion_snippet, suggestions_in
    from vbassist.sv import count

    lines = [f"Enhetsmål: {goal.title}"]
    if draft.status:
        lines.append(f"Status: {STATUS_LABELS[draft.status]}")
    if draft.suggested_status and draft.suggested_status != draft.status:
        lines.append(
            f"Föreslagen status: {STATUS_LABELS[draft.suggested_status]} ({draft.facts.suggested_reason})"
        )
    lines += ["", draft.text, ""]
    if draft.gaps:
        lines.append(f"Luckor att fylla i: {len(draft.gaps)}")
    if draft.citations:
        lines.append("Källor:")
        offered = {snippet[:60] for _, snippet in suggestions_in(draft.text)}
        for n, c in enumerate(draft.citations, start=1):
            where = ", ".join(x for x in (c.unit, f"{c.kind or ''} {c.year or ''}".strip()) if x)
            shares = f"; samma {', '.join(c.shares)}" if c.shares else ""
            head = f"  [{n}] {where} ({_RELATION_SV[c.relation]}{shares})"
            in_text = suggestion_snippet(c.snippet)[:60] in offered
            lines.append(f"{head}: förslag i utkastet" if in_text else f"{head}: {c.snippet}")
    v = draft.verification
    if v.ok:
        checked = "talet" if v.checked_numbers == 1 else f"alla {v.checked_numbers} tal"
        lines.append(
            f"Kontroll: {checked} finns i underlaget och stämmer med sin roll ({v.drafter})."
            if v.checked_numbers
            else f"Kontroll: utkastet har inga tal att stämma av ({v.drafter})."
        )
    else:
        if v.unsupported:
            lines.append(f"Kontroll: tal utan stöd i underlaget: {', '.join(u.raw for u in v.unsupported)}")
        for problem in v.meaning:
            lines.append(f"Kontroll: {problem}")
    for finding in v.findings:
        lines.append(f"Granskning: {finding}")
    for note in v.notes:
        lines.append(f"Obs: {note}")
    if draft.masked:
        kinds = sorted({m.kind for m in draft.masked})
        lines.append(
            f"Maskerat före språkmodellen: {count(len(draft.masked), 'uppgift', 'uppgifter')} ({', '.join(kinds)})"
        )
    return "\n".join(lines)


def _of_unit(reports: list[Report], unit: str | None) -> list[Report]:
    """The reports of the unit whose name starts with `unit` (all when None); exit 2 when none."""
    from vbassist.names import fold_name

    if unit is None:
        return reports
    wanted = fold_name(unit)
    chosen = [r for r in reports if fold_name(r.unit).startswith(wanted)]
    if not chosen:
        units = "; ".join(r.unit or "(okänd enhet)" for r in reports[:8]) or "inga enheter hittades"
        _fail(f"ingen enhet börjar med ”{unit}” i filen. Enheterna är: {units}")
    return chosen


def register(app: typer.Typer) -> None:
    @app.command("draft")
    def draft(
        file: Annotated[
            Path,
            typer.Argument(metavar="FIL", help="Rapport att skriva utkast för (.docx, .md, .txt, .pdf)."),
        ],
        goal: Annotated[
            str | None, typer.Option("--goal", "-g", help="Början av enhetsmålets rubrik.")
        ] = None,
        all_goals: Annotated[
            bool, typer.Option("--all", help="Utkast för alla enhetsmål vars analys är tom.")
        ] = False,
        out: Annotated[
            Path | None,
            typer.Option("--out", "-o", help="Skriv en kopia av .docx-filen med utkasten infogade."),
        ] = None,
        output_format: Annotated[
            Literal["text", "json"], typer.Option("--format", "-f", help="Utdata: text eller json.")
        ] = "text",
        unit: Annotated[str | None, typer.Option("--unit", help="Enhet, när filen har flera.")] = None,
        sources: Annotated[
            bool, typer.Option("--sources/--no-sources", help="Hämta källor ur indexet (om det finns).")
        ] = True,
    ) -> None:
        """Skriv utkast till analys för ett enhetsmål (--goal) eller för alla tomma (--all --out)."""
        import json

        from vbassist.drafting import draft_goal, find_goal_in
        from vbassist.errors import VbassistError
        from vbassist.parsing import parse_file
        from vbassist.settings import get_settings
        from vbassist.sv import count

        if (goal is None) == (not all_goals):
            _fail("ange antingen --goal ”början av rubriken” eller --all")
        if out is not None and not all_goals:
            _fail("--out används tillsammans med --all")
        if out is not None and file.suffix.lower() != ".docx":
            _fail("--out kräver en .docx-fil som indata (utkasten infogas i en kopia av den)")
        try:
            settings = get_settings()
            reports = parse_file(file)
            index = _index_or_none(settings, sources)
            if goal is not None:
                report, target = find_goal_in(_of_unit(reports, unit), goal)
                result = draft_goal(report, target, settings=settings, index=index)
                if output_format == "json":
                    typer.echo(result.model_dump_json(indent=2))
                else:
                    typer.echo(render_text(target, result))
                return
            pairs: list[tuple[Goal, Draft]] = []
            for report in _of_unit(reports, unit):
                for g in report.enhetsmal():
                    if g.analys_text.strip():
                        continue
                    pairs.append((g, draft_goal(report, g, settings=settings, index=index)))
            if out is not None:
                from vbassist.drafting.docx_out import insert_drafts
                from vbassist.outputs import storage_error

                if not pairs:
                    # nothing to draft: no copy of the file either
                    typer.echo(f"Inga enhetsmål med tom analys; ingen fil skrevs ({out}).")
                    return
                try:
                    placements = insert_drafts(file, pairs, out)
                except OSError as exc:  # a full or read-only disk: the old file (if any) is untouched
                    error = storage_error(exc, out.parent, "dokumentet med utkasten")
                    _fail(
                        error.message
                        if error
                        else f"kunde inte skriva {out}: {exc.strerror or type(exc).__name__}"
                    )
                for p in placements:
                    typer.echo(f"Utkast infogat efter {p.anchor_text}: {p.goal_title}", err=True)
                missing = len(pairs) - len(placements)
                if missing:
                    typer.echo(
                        f"Obs: {missing} mål hittades inte i dokumentet och fick inget utkast.", err=True
                    )
                if not placements:
                    typer.echo(f"Inget utkast kunde infogas; ingen fil skrevs ({out}).")
                    return
                typer.echo(f"{count(len(placements), 'utkast skrivet', 'utkast skrivna')} till {out}")
                return
            if output_format == "json":
                typer.echo(
                    json.dumps(
                        [json.loads(d.model_dump_json()) for _, d in pairs], ensure_ascii=False, indent=2
                    )
                )
            else:
                typer.echo(
                    "\n\n".join(render_text(g, d) for g, d in pairs) or "Inga enhetsmål med tom analys."
                )
        except VbassistError as exc:
            _fail(str(exc))
