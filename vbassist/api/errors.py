"""Errors as the service answers them: always JSON `{"code", "message"}` with a stable code and a Swedish
message, never a traceback. Input problems are 4xx; a bug is a 500 with code `internt_fel` and nothing
of the document in it."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from vbassist.errors import FileTooLargeError, InputError, VbassistError
from vbassist.validation import reason

log = logging.getLogger("vbassist.api")


class ApiError(VbassistError):
    """An error of the service itself (auth, limits, availability), not of a document."""

    code = "fel"
    http_status = 400


class Unauthorized(ApiError):
    code = "ej_inloggad"
    http_status = 401


class Forbidden(ApiError):
    code = "ej_behorig"
    http_status = 403


class NotAvailable(ApiError):
    """A part of the service that cannot answer right now (its module or the index is missing)."""

    code = "ej_tillganglig"
    http_status = 503


class RequestTimeout(ApiError):
    code = "tidsgrans"
    http_status = 504


class BadRequest(ApiError):
    code = "ogiltig_begaran"
    http_status = 422


class UnsupportedMediaType(ApiError):
    code = "fel_innehallstyp"
    http_status = 415


class WorkerLost(ApiError):
    code = "arbetsprocess_avbruten"
    http_status = 503


def status_for(exc: VbassistError) -> int:
    """The HTTP status of an error. A document that cannot be read is 422 whatever the reason (corrupt,
    encrypted, unrecognised: the request was understood, the content is unusable), except a file or
    zip content beyond the limits, which is 413."""
    if isinstance(exc, FileTooLargeError):
        return 413
    if isinstance(exc, InputError):
        return 422
    return exc.http_status


def _all_subclasses(cls: type[VbassistError]) -> list[type[VbassistError]]:
    out: list[type[VbassistError]] = []
    for sub in cls.__subclasses__():
        out.append(sub)
        out.extend(_all_subclasses(sub))
    return out


def error_for_code(code: str, message: str) -> VbassistError:
    """An exception carrying `code` and `message` (as `check_documents` reports a failed document), of the
    class that owns the code so that its status applies; an unknown code is an internal error."""
    for cls in _all_subclasses(VbassistError):
        if cls.code == code:
            return cls(message)
    if code in ("saknas", "ej_lasbar"):
        return InputError(message)
    err = VbassistError(message)
    err.code = code
    err.http_status = 500
    return err


def error_body(code: str, message: str, request_id: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message}
    if request_id:
        body["request_id"] = request_id
    return body


def _request_id(request: Request) -> str | None:
    return getattr(request.state, "request_id", None)


_HTTP_CODES: dict[int, tuple[str, str]] = {
    400: ("ogiltig_begaran", "Begäran kunde inte tolkas."),
    401: ("ej_inloggad", "En giltig token krävs (Authorization: Bearer <token>)."),
    403: ("ej_behorig", "Token saknar behörighet för detta."),
    404: ("finns_inte", "Adressen finns inte i tjänsten."),
    405: ("fel_metod", "Metoden stöds inte för den här adressen."),
    413: ("for_stor_fil", "Begäran är för stor."),
    415: ("okant_format", "Innehållstypen stöds inte."),
}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(VbassistError)
    async def _vbassist_error(request: Request, exc: VbassistError) -> JSONResponse:
        status = status_for(exc)
        if status >= 500:
            log.warning(
                "error", extra={"code": exc.code, "status": status, "request_id": _request_id(request)}
            )
        return JSONResponse(error_body(exc.code, exc.message, _request_id(request)), status_code=status)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        # name the fields, never echo their values (a value may be document text)
        parts = []
        for err in exc.errors()[:5]:
            where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "query", "form"))
            parts.append(f"{where or 'begäran'}: {reason(err)}")
        message = "Ogiltig begäran: " + "; ".join(parts) if parts else "Ogiltig begäran."
        return JSONResponse(error_body("ogiltig_begaran", message, _request_id(request)), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, message = _HTTP_CODES.get(exc.status_code, ("fel", "Begäran kunde inte utföras."))
        headers = getattr(exc, "headers", None)
        return JSONResponse(
            error_body(code, message, _request_id(request)), status_code=exc.status_code, headers=headers
        )


def unexpected_error_body(exc: BaseException, request_id: str | None) -> dict[str, Any]:
    """The 500 body for a bug. Sent by the request middleware (not a Starlette handler, which would
    re-raise and have the server log a traceback that can quote the document)."""
    return error_body(
        "internt_fel",
        f"Ett oväntat fel uppstod i tjänsten ({type(exc).__name__}). Försök igen eller kontakta förvaltaren.",
        request_id,
    )
