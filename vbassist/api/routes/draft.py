"""POST /v1/draft: a draft of an enhetsmål's Analys, from an uploaded report plus the start of the goal's
title, or from JSON (a parsed report plus the title, or the goal's facts). The answer is the CLI's
`vbassist draft --format json`. A failing language model never fails the request: the grounded draft
comes back with a note in `verification.notes`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from vbassist.api.deps import ApiUser, PoolDep, StateDep
from vbassist.api.errors import BadRequest, NotAvailable, error_for_code
from vbassist.api.schemas import DraftRequest, DraftResponse, ErrorResponse
from vbassist.api.state import ServiceState, require_module
from vbassist.api.uploads import (
    form_bool,
    form_text,
    json_body,
    media_type,
    multipart_or_json_body,
    read_form,
    unsupported_media,
    upload_of,
)
from vbassist.api.workers import parse_task
from vbassist.model import Goal, Report
from vbassist.parsing.files import FORMATS_TEXT

router = APIRouter(tags=["utkast"])

_FORM = {
    "type": "object",
    "required": ["file", "goal"],
    "properties": {
        "file": {
            "type": "string",
            "format": "binary",
            "description": f"Rapporten: {FORMATS_TEXT}.",
        },
        "goal": {"type": "string", "maxLength": 500, "description": "Början av enhetsmålets rubrik."},
        "unit": {"type": "string", "maxLength": 200, "description": "Enheten, när filen har flera."},
        "sources": {"type": "boolean", "default": True, "description": "Hämta källor ur sökindexet."},
    },
}


def select_goal(reports: list[Report], prefix: str, unit: str | None) -> tuple[Report, Goal]:
    """The report (unit) and enhetsmål whose title starts with `prefix`; 404 `mal_saknas` when none
    does, 422 `mal_tvetydigt` (naming them) when several do."""
    from vbassist.drafting import GoalNotFoundError, find_goal_in

    wanted = (unit or "").strip().lower()
    candidates = [r for r in reports if not wanted or (r.unit or "").lower().startswith(wanted)]
    if not candidates:
        units = "; ".join(r.unit or "(okänd enhet)" for r in reports[:8]) or "inga enheter hittades"
        raise GoalNotFoundError(f"ingen enhet börjar med ”{unit}” i filen. Enheterna är: {units}")
    return find_goal_in(candidates, prefix)


def _index_for_draft(state: ServiceState, sources: bool) -> tuple[Any | None, str | None]:
    """The index when sources are wanted and it holds something; else None and why (a note)."""
    if not sources:
        return None, None
    try:
        index = state.open_index()
        return (index, None) if index.count() > 0 else (None, "Sökindexet är tomt; utkastet har inga källor.")
    except NotAvailable as exc:
        return None, f"{exc.message} Utkastet har inga källor."


def _draft(
    state: ServiceState, report: Report | None, goal: Goal | None, facts: Any, sources: bool
) -> dict[str, Any]:
    """Runs in a worker thread: index, model and drafter live in this process."""
    from vbassist.drafting import draft_from_facts, draft_goal

    index, note = _index_for_draft(state, sources)
    settings = state.draft_settings
    model = state.chat_model()
    if report is not None and goal is not None:
        draft = draft_goal(report, goal, settings=settings, index=index, model=model)
    else:
        draft = draft_from_facts(facts, settings=settings, index=index, model=model)
    if note:
        draft.verification.notes.append(note)
    return draft.model_dump(mode="json")


@router.post(
    "/v1/draft",
    summary="Skriv utkast till analys för ett enhetsmål",
    response_model=DraftResponse,
    responses={
        200: {"description": "Utkastet: text, status, föreslagen status, fakta, källor, luckor, kontroll."},
        **{s: {"model": ErrorResponse} for s in (401, 404, 413, 415, 422, 503, 504)},
    },
    openapi_extra=multipart_or_json_body("#/components/schemas/DraftRequest", _FORM),
)
async def draft(request: Request, _: ApiUser, state: StateDep, pool: PoolDep) -> dict[str, Any]:
    """Multipart: `file` and `goal` (the start of the enhetsmål's title; `unit` when the file holds
    several units). JSON: `{"report": <Report>, "goal": "..."}` or `{"facts": <GoalFacts>}`. Every
    number in the draft is backed by its facts or a cited source; gaps are marked "[...]"."""
    require_module("vbassist.drafting", "Utkastskrivningen")
    kind = media_type(request)
    report: Report | None = None
    goal: Goal | None = None
    facts: Any = None
    if kind == "multipart/form-data":
        form = await read_form(request)
        name, data = await upload_of(form)
        title = form_text(form, "goal", required=True)
        unit = form_text(form, "unit", max_length=200)
        sources = form_bool(form, "sources", True)
        reports, error = await pool.run_cpu(parse_task, name, data, state.settings)
        if error is not None:
            raise error_for_code(*error)
        assert title is not None
        report, goal = select_goal(reports, title, unit)
    elif kind == "application/json":
        body: DraftRequest = await json_body(request, DraftRequest)
        sources = body.sources
        if body.facts is not None:
            facts = body.facts
        elif body.report is not None and body.goal:
            report, goal = select_goal([body.report], body.goal, body.unit)
        else:
            raise BadRequest("Skicka antingen report och goal, eller facts.")
    else:
        raise unsupported_media(request, "multipart/form-data (file, goal) eller JSON")
    result = await pool.run_io(_draft, state, report, goal, facts, sources)
    extra = request.scope.get("state", {}).get("log_extra")
    if isinstance(extra, dict):
        extra["drafter"] = result["verification"]["drafter"]
        extra["citations"] = len(result["citations"])
    return result  # validated against `DraftResponse` on the way out
