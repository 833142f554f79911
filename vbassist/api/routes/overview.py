"""POST /v1/overview: the controller's overview of several uploaded reports (one multipart request),
answered as the file `vbassist overview --out` writes: a workbook, an HTML page, the Word draft of the
district's summary, or the overview as JSON. A file that cannot be read is listed in the answer (and
counted in `X-Vbassist-Failed`); only when no report at all could be read is the request refused."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from vbassist.api.deps import ApiUser, PoolDep, StateDep
from vbassist.api.errors import BadRequest, error_for_code
from vbassist.api.schemas import ErrorResponse
from vbassist.api.state import require_module
from vbassist.api.uploads import form_bool, media_type, safe_name, unsupported_media
from vbassist.api.workers import overview_task
from vbassist.overview import FORMATS
from vbassist.parsing.files import FORMATS_TEXT

router = APIRouter(tags=["översikt"])

MAX_FILES = 200  # a district's units; the request's size limit (VBASSIST_MAX_UPLOAD_MB) holds as well
_FORMAT_NAMES = {suffix.lstrip("."): suffix for suffix in FORMATS}

_FORM = {
    "type": "object",
    "required": ["files"],
    "properties": {
        "files": {
            "type": "array",
            "items": {"type": "string", "format": "binary"},
            "description": f"Enheternas rapporter ({FORMATS_TEXT}), en eller flera.",
        },
        "format": {
            "type": "string",
            "enum": list(_FORMAT_NAMES),
            "default": "xlsx",
            "description": "xlsx (kalkylblad), html (webbsida), docx (utkast till sammanställning) eller json.",
        },
        "corpus": {
            "type": "boolean",
            "default": True,
            "description": "Granska mot verksamhetsplaner och fjolårets rapporter i korpusen.",
        },
    },
}


@router.post(
    "/v1/overview",
    summary="Översikt över måluppfyllelsen i flera enheters rapporter",
    response_model=None,
    responses={
        200: {
            "content": {
                media: {"schema": {"type": "string", "format": "binary"}} for media in FORMATS.values()
            },
            "description": "Översikten i det begärda formatet. Rubriker: X-Vbassist-Reports, X-Vbassist-Failed.",
        },
        **{status: {"model": ErrorResponse} for status in (401, 413, 415, 422, 503, 504)},
    },
    openapi_extra={"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": _FORM}}}},
)
async def overview(request: Request, _: ApiUser, state: StateDep, pool: PoolDep) -> Response:
    """Multipart `files` (one or more reports) and `format`: the same overview as `vbassist overview`,
    from the same batch as the check (readers, limits, corpus). A file that cannot be read is listed
    in the answer, not fatal; when none can be read the answer is the first file's error (422, or 413
    for one beyond the size limit)."""
    require_module("vbassist.overview", "Översikten")
    if media_type(request) != "multipart/form-data":
        raise unsupported_media(request, "multipart/form-data med fältet files")
    form = await request.form(max_files=MAX_FILES, max_fields=MAX_FILES + 5)
    fmt = form.get("format") or "xlsx"
    if not isinstance(fmt, str) or fmt.strip().lower() not in _FORMAT_NAMES:
        raise BadRequest(f"Fältet ”format” ska vara ett av {', '.join(_FORMAT_NAMES)}.")
    suffix = _FORMAT_NAMES[fmt.strip().lower()]
    uploads = [v for v in form.getlist("files") if isinstance(v, UploadFile)]
    if not uploads:
        raise BadRequest(f"Fältet ”files” med minst en rapport ({FORMATS_TEXT}) saknas i formuläret.")
    # an empty upload is read as such: it is listed as unreadable like any other bad file
    received = [(safe_name(u.filename, u.content_type), await u.read()) for u in uploads]
    data, summary = await pool.run_cpu(
        overview_task,
        received,
        suffix,
        settings=state.settings,
        use_corpus=form_bool(form, "corpus", True),
        corpus_dir=state.corpus_dir,
        cache_dir=state.check_cache_dir,
    )
    _note(request, summary)
    if data is None:
        raise _nothing_read(summary)
    return Response(
        data,
        media_type=FORMATS[suffix],
        headers={
            "content-disposition": f"attachment; filename=\"oversikt{suffix}\"; filename*=UTF-8''{quote('översikt' + suffix)}",
            "x-vbassist-reports": str(summary["reports"]),
            "x-vbassist-failed": str(len(summary["failed"])),
        },
    )


def _nothing_read(summary: dict[str, Any]) -> Exception:
    failed = summary["failed"]
    if not failed:  # every file was read, and none is a report with goals to follow up (plans only)
        return error_for_code(
            "inte_en_rapport",
            "Ingen av filerna är en rapport med måluppfyllelse (VB, T1, T2); planer räknas inte.",
        )
    reasons = "; ".join(f"{f['source']}: {f['message']}" for f in failed[:5])
    more = f" (och {len(failed) - 5} till)" if len(failed) > 5 else ""
    return error_for_code(failed[0]["code"], f"Ingen av filerna kunde läsas: {reasons}{more}.")


def _note(request: Request, summary: dict[str, Any]) -> None:
    """Counts for the request's log line (never a file name or a goal)."""
    extra = request.scope.get("state", {}).get("log_extra")
    if isinstance(extra, dict):
        extra["reports"] = summary["reports"]
        extra["failed"] = len(summary["failed"])
