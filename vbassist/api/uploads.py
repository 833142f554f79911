"""Reading a request's document: a multipart `file` upload or a JSON body. The upload's bytes are
limited by the request middleware while they stream in; here they are named and read."""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePath
from typing import Any

import anyio.to_thread
from fastapi import Request
from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData, UploadFile

from vbassist.api.errors import BadRequest, UnsupportedMediaType
from vbassist.errors import EmptyFileError
from vbassist.parsing.files import FORMATS_TEXT

_BY_CONTENT_TYPE = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/pdf": ".pdf",
    "text/markdown": ".md",
    "text/plain": ".txt",
}
_UNSAFE = re.compile(r"[^\w.()\- ]+")


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def safe_name(filename: str | None, content_type: str | None = None) -> str:
    """The upload's base name without any path or control characters (it becomes `source` in the
    answer, and a file name when indexed), with a suffix the parser knows when the name has none."""
    name = PurePath((filename or "").replace("\\", "/")).name
    name = unicodedata.normalize("NFC", name)
    name = _UNSAFE.sub("_", name).strip(" .")[:150]
    if not PurePath(name).suffix:
        suffix = _BY_CONTENT_TYPE.get((content_type or "").split(";")[0].strip().lower(), "")
        name = (name or "dokument") + suffix
    return name or "dokument"


async def read_form(request: Request, *, max_files: int = 1) -> FormData:
    return await request.form(max_files=max_files, max_fields=20)


async def upload_of(form: FormData, field: str = "file") -> tuple[str, bytes]:
    """(safe name, bytes) of the form's file `field`; 422 when it is missing or not a file."""
    upload = form.get(field)
    if not isinstance(upload, UploadFile):
        raise BadRequest(f"Fältet ”{field}” med ett dokument ({FORMATS_TEXT}) saknas i formuläret.")
    return await read_upload(upload)


async def read_upload(upload: UploadFile) -> tuple[str, bytes]:
    name = safe_name(upload.filename, upload.content_type)
    data = await upload.read()
    if not data:
        raise EmptyFileError("filen är tom", source=name)
    return name, data


def form_text(form: FormData, field: str, *, required: bool = False, max_length: int = 500) -> str | None:
    value = form.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise BadRequest(f"Fältet ”{field}” saknas i formuläret.")
        return None
    if not isinstance(value, str):
        raise BadRequest(f"Fältet ”{field}” ska vara text, inte en fil.")
    if len(value) > max_length:
        raise BadRequest(f"Fältet ”{field}” är för långt (högst {max_length} tecken).")
    return value.strip()


def form_bool(form: FormData, field: str, default: bool) -> bool:
    value = form.get(field)
    if not isinstance(value, str) or not value.strip():
        return default
    lowered = value.strip().lower()
    if lowered in ("1", "true", "ja", "yes", "on"):
        return True
    if lowered in ("0", "false", "nej", "no", "off"):
        return False
    raise BadRequest(f"Fältet ”{field}” ska vara true eller false.")


async def json_body(request: Request, model: type[BaseModel]) -> Any:
    """The JSON body validated as `model`; 422 naming the fields (never their values) otherwise."""
    raw = await request.body()
    try:
        # a large report takes a moment to validate: not on the event loop
        return await anyio.to_thread.run_sync(model.model_validate_json, raw)
    except ValidationError as exc:
        parts = []
        for err in exc.errors()[:5]:
            where = ".".join(str(p) for p in err.get("loc", ()))
            parts.append(f"{where or 'JSON'}: {err.get('type', 'ogiltigt')}")
        raise BadRequest("JSON-kroppen är ogiltig: " + "; ".join(parts)) from None


def unsupported_media(request: Request, accepted: str) -> UnsupportedMediaType:
    return UnsupportedMediaType(
        f"Innehållstypen {media_type(request) or '(saknas)'} stöds inte; skicka {accepted}."
    )


def multipart_or_json_body(json_schema_ref: str, form_schema: dict[str, Any]) -> dict[str, Any]:
    """`openapi_extra` for an endpoint that takes a multipart form or a JSON body."""
    return {
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {"schema": form_schema},
                "application/json": {"schema": {"$ref": json_schema_ref}},
            },
        }
    }
