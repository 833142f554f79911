"""POST /v1/check and /v1/check/annotated: the checker over an uploaded draft (or a parsed `Report` as
JSON), answered as the CLI's JSON, or as the .docx with one Word comment per finding."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from vbassist.api.deps import ApiUser, PoolDep, StateDep
from vbassist.api.errors import error_for_code
from vbassist.api.logging import get_logger
from vbassist.api.schemas import CheckResponse, ErrorResponse
from vbassist.api.state import require_module
from vbassist.api.uploads import (
    json_body,
    media_type,
    multipart_or_json_body,
    read_form,
    unsupported_media,
    upload_of,
)
from vbassist.api.workers import annotate_task, check_task
from vbassist.checks.registry import with_rule_prefixes
from vbassist.errors import UnsupportedFormatError
from vbassist.model import Report
from vbassist.parsing.files import FORMATS_TEXT
from vbassist.settings import Settings

router = APIRouter(tags=["granskning"])

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_FILE_FORM = {
    "type": "object",
    "required": ["file"],
    "properties": {
        "file": {
            "type": "string",
            "format": "binary",
            "description": f"Utkastet: {FORMATS_TEXT}.",
        },
        "corpus": {
            "type": "boolean",
            "default": True,
            "description": "Jämför med verksamhetsplaner och fjolårets rapporter i korpusen.",
        },
        "rules": {
            "type": "string",
            "description": "Kör bara regler vars id börjar så, kommaseparerat (t.ex. VB-BUDGET,VB-STATUS).",
        },
        "skip_rules": {
            "type": "string",
            "description": "Hoppa över regler vars id börjar så, kommaseparerat (t.ex. VB-PLAN).",
        },
    },
}


def _rule_query(
    rules: str | None = Query(
        None,
        description="Kör bara regler vars id börjar så, kommaseparerat (t.ex. VB-BUDGET,VB-STATUS); "
        "i ett formulär även som fältet rules.",
    ),
    skip_rules: str | None = Query(
        None,
        description="Hoppa över regler vars id börjar så, kommaseparerat (t.ex. VB-PLAN); "
        "i ett formulär även som fältet skip_rules.",
    ),
) -> tuple[str | None, str | None]:
    return rules, skip_rules


# the rule switch of a check request as query parameters: (rules, skip_rules)
RuleQuery = Annotated[tuple[str | None, str | None], Depends(_rule_query)]
_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse} for status in (401, 413, 415, 422, 503, 504)
}


def _raise_document_error(result: dict[str, Any]) -> None:
    """One document was sent: if it could not be read, the request failed (422 with what was wrong).
    A document that was read but where a rule failed on one unit keeps its other findings and its
    `error`, as in the CLI's JSON: the caller gets what could be checked."""
    doc = result["documents"][0]
    error = doc.get("error")
    if error is None:
        return
    if result.get("summary", {}).get("reports", 0) == 0:
        raise error_for_code(error["code"], error["message"])
    get_logger().warning("check incomplete", extra={"code": error["code"]})


def _rule_settings(
    settings: Settings, form: FormData | None, query: tuple[str | None, str | None]
) -> Settings:
    """The service's settings with the caller's rule switch (form field, else query parameter); an
    unknown prefix answers 422 `okand_regel`."""

    def given(field: str, value: str | None) -> str | None:
        posted = form.get(field) if form is not None else None
        return posted if isinstance(posted, str) and posted.strip() else value

    rules, skip_rules = query
    return with_rule_prefixes(
        settings, rules=given("rules", rules), skip_rules=given("skip_rules", skip_rules)
    )


def _corpus_flag(value: Any) -> bool:
    return not (isinstance(value, str) and value.strip().lower() in ("0", "false", "nej", "no", "off"))


@router.post(
    "/v1/check",
    summary="Granska ett utkast",
    response_model=CheckResponse,
    responses=_ERRORS,
    openapi_extra=multipart_or_json_body("#/components/schemas/Report", _FILE_FORM),
)
async def check(
    request: Request,
    _: ApiUser,
    state: StateDep,
    pool: PoolDep,
    rule_query: RuleQuery,
) -> dict[str, Any]:
    """Status against indicators and targets, numbers in the text against the tables, derived numbers,
    budget arithmetic, missing parts, period labels and plan against report (with the corpus's plans
    and last year's reports as context). Send the document as multipart `file`, or a parsed `Report`
    as JSON. `rules` / `skip_rules` switch rules by id prefix (an unknown prefix answers 422
    `okand_regel`). A document that cannot be read answers 422 with `code` and a Swedish `message`."""
    require_module("vbassist.batch", "Granskningen")
    kind = media_type(request)
    item: tuple[str, bytes] | Report
    use_corpus = True
    form: FormData | None = None
    if kind == "multipart/form-data":
        form = await read_form(request)
        item = await upload_of(form)
        use_corpus = _corpus_flag(form.get("corpus"))
    elif kind == "application/json":
        item = await json_body(request, Report)
    else:
        raise unsupported_media(request, "multipart/form-data med fältet file, eller en Report som JSON")
    settings = _rule_settings(state.settings, form, rule_query)
    result = await pool.run_cpu(
        check_task,
        item,
        settings=settings,
        use_corpus=use_corpus,
        corpus_dir=state.corpus_dir,
        cache_dir=state.check_cache_dir,
    )
    _raise_document_error(result)
    _note(request, result)
    return result  # validated against `CheckResponse` on the way out


@router.post(
    "/v1/check/annotated",
    summary="Granska och få tillbaka dokumentet med Word-kommentarer",
    response_model=None,
    responses={
        200: {
            "content": {DOCX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}},
            "description": "En kopia av .docx-filen med en kommentar (författare vbassist) per fynd.",
        },
        **_ERRORS,
    },
    openapi_extra={
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": _FILE_FORM}}}
    },
)
async def check_annotated(
    request: Request,
    _: ApiUser,
    state: StateDep,
    pool: PoolDep,
    rule_query: RuleQuery,
) -> Response:
    """The uploaded .docx with one Word comment per finding, anchored at the cell or sentence the
    finding is about. Headers: `X-Vbassist-Findings` (count). Only .docx files can carry comments."""
    require_module("vbassist.reports.annotate", "Kommentering av Word-filer")
    if media_type(request) != "multipart/form-data":
        raise unsupported_media(request, "multipart/form-data med fältet file (en .docx)")
    form = await read_form(request)
    name, data = await upload_of(form)
    settings = _rule_settings(state.settings, form, rule_query)
    if not name.lower().endswith(".docx") and not data.startswith(b"PK\x03\x04"):
        raise UnsupportedFormatError(
            "bara .docx-filer kan få Word-kommentarer; använd /v1/check för andra format", source=name
        )
    annotated, result = await pool.run_cpu(
        annotate_task,
        name,
        data,
        settings=settings,
        use_corpus=_corpus_flag(form.get("corpus")),
        corpus_dir=state.corpus_dir,
        cache_dir=state.check_cache_dir,
    )
    _raise_document_error(result)
    _note(request, result)
    assert annotated is not None  # a document that was read always gets its copy
    stem = name[:-5] if name.lower().endswith(".docx") else name
    out_name = f"{stem}.granskad.docx"
    findings = len(result["documents"][0]["findings"])
    return Response(
        annotated,
        media_type=DOCX_MEDIA_TYPE,
        headers={
            # RFC 6266/5987: Swedish letters in the name survive in every browser
            "content-disposition": f"attachment; filename=\"granskad.docx\"; filename*=UTF-8''{quote(out_name)}",
            "x-vbassist-findings": str(findings),
        },
    )


def _note(request: Request, result: dict[str, Any]) -> None:
    """Counts for the request's log line (never the findings' text)."""
    extra = request.scope.get("state", {}).get("log_extra")
    if isinstance(extra, dict):
        summary = result.get("summary", {})
        extra["findings"] = summary.get("findings")
        extra["reports"] = summary.get("reports")
