"""What one service process holds: its settings, the work pool, the corpus index (opened once, lazily,
in a worker thread) and the chat model client (one per process)."""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path
from typing import Any

from vbassist.api.errors import NotAvailable
from vbassist.api.logging import get_logger
from vbassist.api.workers import WorkPool
from vbassist.settings import Settings

_UNSET = object()


def module_available(name: str) -> bool:
    """True when `name` can be imported (an endpoint whose backing module is missing answers 503)."""
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def require_module(name: str, what: str) -> None:
    if not module_available(name):
        raise NotAvailable(f"{what} är inte tillgänglig i den här installationen.")


class ServiceState:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pool = WorkPool(processes=settings.workers, threads=max(2, settings.workers))
        self._index: Any = None
        self._index_error: str | None = None
        self._index_lock = threading.Lock()
        self._model: Any = _UNSET
        self._model_lock = threading.Lock()

    # ------------------------------------------------------------------ corpus

    @property
    def corpus_dir(self) -> Path | None:
        path = Path(self.settings.corpus_dir)
        return path if path.is_dir() else None

    @property
    def check_cache_dir(self) -> Path:
        return Path(self.settings.data_dir) / "cache" / "check-corpus"

    @property
    def upload_corpus_dir(self) -> Path:
        """Where documents sent to POST /v1/index are kept (the index refers to files by path)."""
        return Path(self.settings.data_dir) / "api-corpus"

    # ------------------------------------------------------------------ index

    def index_if_open(self) -> Any | None:
        return self._index

    @property
    def index_error(self) -> str | None:
        return self._index_error

    def open_index(self) -> Any:
        """The corpus index, opened on first use (blocking: call from a worker thread). Raises
        NotAvailable when it cannot be opened (module missing, store locked by another process)."""
        with self._index_lock:
            if self._index is not None:
                return self._index
            require_module("vbassist.index", "Sökindexet")
            try:
                from vbassist.index import get_index

                self._index = get_index(self.settings)
                self._index_error = None
            except Exception as exc:
                self._index_error = type(exc).__name__
                get_logger().warning("index unavailable", extra={"error_type": type(exc).__name__})
                message = getattr(exc, "message", None) or type(exc).__name__
                raise NotAvailable(f"Sökindexet kan inte öppnas just nu ({message}).") from None
            return self._index

    # ------------------------------------------------------------------ drafting model

    @property
    def draft_settings(self) -> Settings:
        """The settings drafting runs with: the model's timeout is kept well inside the request's, so a
        hung model ends in the grounded draft with a note rather than in a 504."""
        limit = self.settings.request_timeout_s
        if limit > 0 and self.settings.llm_timeout_s > limit * 0.5:
            return self.settings.model_copy(update={"llm_timeout_s": max(1.0, limit * 0.5)})
        return self.settings

    def chat_model(self) -> Any | None:
        """The configured chat model, created once per process; None = grounded drafting (also when
        the model cannot be created: `draft_goal` then notes why in the draft)."""
        if not self.settings.llm:
            return None
        with self._model_lock:
            if self._model is _UNSET:
                try:
                    from vbassist.llm.provider import get_chat_model

                    self._model = get_chat_model(self.draft_settings)
                except Exception as exc:
                    get_logger().warning("chat model unavailable", extra={"error_type": type(exc).__name__})
                    self._model = None
            return self._model

    def close(self) -> None:
        self.pool.close()
