"""Structured JSON logs for the service: one line per request with request id, method, path, status and
timing. Never document text, never file names of uploads, never query strings (a search query is the
user's text)."""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Callable
from typing import Any

LOGGER_NAME = "vbassist.api"

# attributes every LogRecord has; anything else was passed with `extra=` and goes into the JSON line
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, event (the message) and the `extra` fields.

    Records of the service's own logger carry only what it chose to log. The other vbassist modules log
    for a terminal user and may name a file ("index: skipped <file>"): from them only the message
    template is kept, never its arguments, so an upload's name cannot reach the service log."""

    def format(self, record: logging.LogRecord) -> str:
        own = record.name == LOGGER_NAME or record.name.startswith(LOGGER_NAME + ".")
        out: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage() if own else str(record.msg),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                out[key] = value
        if record.exc_info and record.exc_info[0] is not None:
            # the type only: an exception's message or traceback locals can quote the document
            out["error_type"] = record.exc_info[0].__name__
        return json.dumps(out, ensure_ascii=False, default=str)


class _JsonHandler(logging.StreamHandler[Any]):
    """vbassist's own handler: told apart from the handlers of the program it runs inside."""


def configure_logging(level: str = "info", stream: Any = None) -> Callable[[], None]:
    """JSON lines on stderr for the service's logger and (warnings and up) for the rest of vbassist
    (idempotent: one handler per logger however often called). Returns a function that puts the
    loggers back as they were (the service's lifespan calls it on shutdown, so an app started inside
    another program, or a test, leaves that program's logging alone)."""
    undo: list[Callable[[], None]] = []
    for name, lvl in ((LOGGER_NAME, level.upper()), ("vbassist", "WARNING")):
        logger = logging.getLogger(name)
        if any(isinstance(h, _JsonHandler) for h in logger.handlers):
            continue
        before = (logger.level, logger.propagate)
        handler = _JsonHandler(stream or sys.stderr)
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)
        logger.setLevel(lvl)
        logger.propagate = False

        def restore(
            logger: logging.Logger = logger,
            handler: logging.Handler = handler,
            before: tuple[int, bool] = before,
        ) -> None:
            logger.removeHandler(handler)
            logger.setLevel(before[0])
            logger.propagate = before[1]

        undo.append(restore)

    def restore_all() -> None:
        for restore in undo:
            restore()

    return restore_all


def get_logger() -> logging.Logger:
    return logging.getLogger(LOGGER_NAME)
