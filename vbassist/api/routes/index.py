"""POST /v1/index (admin): add or replace documents in the corpus index. Uploaded files are kept under
`<data_dir>/api-corpus/` (the index refers to files by path; a file sent again under the same name
replaces the earlier one). Without files, the configured corpus folder is brought up to date."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request

from vbassist.api.deps import AdminUser, PoolDep, StateDep
from vbassist.api.errors import BadRequest, NotAvailable
from vbassist.api.schemas import ErrorResponse, IndexFailure, IndexResponse
from vbassist.api.state import ServiceState
from vbassist.api.uploads import media_type, read_upload, unsupported_media
from vbassist.outputs import storage_error, write_all_atomic
from vbassist.parsing.files import FORMATS_TEXT, REPORT_SUFFIXES

router = APIRouter(tags=["index"])

MAX_FILES = 50

_FORM = {
    "type": "object",
    "properties": {
        "files": {
            "type": "array",
            "items": {"type": "string", "format": "binary"},
            "description": f"Rapporter att lägga till eller ersätta ({FORMATS_TEXT}).",
        }
    },
}


def _index(state: ServiceState, saved: list[Path]) -> IndexResponse:
    targets = saved or ([state.corpus_dir] if state.corpus_dir is not None else [])
    if not targets:
        raise BadRequest("Inga filer skickades och ingen korpusmapp är konfigurerad (VBASSIST_CORPUS_DIR).")
    if state.index_building:
        raise NotAvailable("Sökindexet byggs just nu. Försök igen om några minuter.")
    try:
        result, index = state.index_paths(targets)
    except Exception as exc:  # a full disk: 507 with one line; what was indexed before stays whole
        raise _storage_or(exc, Path(state.settings.data_dir), "sökindexet") from None
    return IndexResponse(
        indexed=[Path(p).name for p in result.indexed],
        unchanged=len(result.unchanged),
        removed=len(result.removed),
        failed=[IndexFailure(name=Path(p).name, message=str(m)) for p, m in result.failed.items()],
        chunks_written=result.chunks_written,
        chunks_total=index.count(),
        seconds=round(result.seconds, 3),
    )


def _save(directory: Path, received: list[tuple[str, bytes]]) -> list[Path]:
    """Write the uploads all or none, each atomically: the indexer hashes the files, and a half-written
    one (or half of a batch, on a full disk) must never be seen."""
    files = {directory / name: data for name, data in received}
    try:
        write_all_atomic(files)
    except Exception as exc:
        raise _storage_or(exc, directory, "de uppladdade dokumenten") from None
    return list(files)


def _storage_or(exc: Exception, folder: Path, what: str) -> Exception:
    """The disk's error for `exc` (507 full, 503 not writable), or `exc` itself (a bug: 500)."""
    return storage_error(exc, folder, what) or exc


@router.post(
    "/v1/index",
    response_model=IndexResponse,
    summary="Lägg till eller ersätt dokument i sökindexet (administratör)",
    responses={s: {"model": ErrorResponse} for s in (401, 403, 413, 415, 422, 503, 504, 507)},
    openapi_extra={"requestBody": {"required": False, "content": {"multipart/form-data": {"schema": _FORM}}}},
)
async def index_documents(
    request: Request, caller: AdminUser, state: StateDep, pool: PoolDep
) -> IndexResponse:
    """Multipart `files` (one or more): each is stored and indexed; one with the same name as an earlier
    upload replaces it (its old passages are removed). No body: index the corpus folder (only changed
    files are read again). Needs an admin token when tokens are configured."""
    saved: list[Path] = []
    kind = media_type(request)
    if kind == "multipart/form-data":
        form = await request.form(max_files=MAX_FILES, max_fields=MAX_FILES + 5)
        uploads = [v for v in form.getlist("files") if not isinstance(v, str)]
        if not uploads:
            raise BadRequest("Fältet ”files” med minst ett dokument saknas i formuläret.")
        received = [await read_upload(upload) for upload in uploads]
        for name, _ in received:  # all or nothing: a refused file must not leave the others half-done
            if Path(name).suffix.lower() not in REPORT_SUFFIXES:
                raise BadRequest(f"{name}: bara .docx, .doc, .odt, .md, .txt och .pdf kan indexeras.")
        saved = await pool.run_io(_save, state.upload_corpus_dir, received)
    elif kind and kind != "application/x-www-form-urlencoded":
        raise unsupported_media(request, "multipart/form-data med fältet files, eller ingen kropp")
    result = await pool.run_io(_index, state, saved)
    extra = request.scope.get("state", {}).get("log_extra")
    if isinstance(extra, dict):
        extra["indexed"] = len(result.indexed)
    return result
