"""What one service process holds: its settings, the work pool, the corpus index (opened once, lazily,
in a worker thread) and the chat model client (one per process)."""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from vbassist.api.errors import NotAvailable
from vbassist.api.logging import get_logger
from vbassist.api.pool import WorkPool
from vbassist.api.processes import WorkerLimits
from vbassist.settings import Settings

_UNSET = object()
T = TypeVar("T")


def module_available(name: str) -> bool:
    """True when `name` can be imported (an endpoint whose backing module is missing answers 503)."""
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def require_module(name: str, what: str) -> None:
    if not module_available(name):
        raise NotAvailable(f"{what} är inte tillgänglig i den här installationen.")


_INDEX_THREAD: ThreadPoolExecutor | None = None
_INDEX_THREAD_LOCK = threading.Lock()


def _index_executor() -> ThreadPoolExecutor:
    global _INDEX_THREAD
    with _INDEX_THREAD_LOCK:
        if _INDEX_THREAD is None:
            _INDEX_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vbassist-index")
        return _INDEX_THREAD


class ServiceState:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        # a worker's task is killed when its request gives up (the request's cancellation stops it at
        # once; this deadline is the backstop)
        deadline = settings.request_timeout_s + 1 if settings.request_timeout_s > 0 else 0
        self.pool = WorkPool(
            processes=settings.workers,
            # drafting waits on a language model when one is configured: threads are mostly idle
            threads=max(4, 2 * settings.workers),
            task_deadline_s=deadline,
            warm_args=(settings, self.corpus_dir, self.check_cache_dir),
            limits=WorkerLimits(memory_mb=settings.worker_memory_mb, max_jobs=settings.worker_max_jobs),
        )
        self._index: Any = None
        self._index_error: str | None = None
        self._index_lock = threading.Lock()
        self._building = False
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
    # The index is opened, built and written in one thread per process: its manifest is a sqlite
    # connection bound to the thread that opened it, and `get_index` hands every caller in the process
    # the same index object (so the thread outlives any one app). Searches run in any worker thread.

    def on_index_thread(self, fn: Callable[..., T], /, *args: Any) -> Future[T]:
        """Run `fn` in the index thread (opening, building, writing the index)."""
        return _index_executor().submit(fn, *args)

    def index_if_open(self) -> Any | None:
        return self._index

    @property
    def index_error(self) -> str | None:
        return self._index_error

    @property
    def index_building(self) -> bool:
        return self._building

    def open_index(self) -> Any:
        """The corpus index (blocking; opened in the index thread on first use). Raises NotAvailable
        when it cannot be opened (module missing, store locked by another process) or is being built."""
        if self._building:
            raise NotAvailable("Sökindexet byggs just nu. Försök igen om några minuter.")
        if self._index is not None:
            return self._index
        if threading.current_thread().name.startswith("vbassist-index"):
            return self.open_index_here()
        return self.on_index_thread(self.open_index_here).result()

    def open_index_here(self) -> Any:
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

    def index_paths(self, paths: list[Path]) -> tuple[Any, Any]:
        """Index `paths` in the index thread; (result, index)."""

        def run() -> tuple[Any, Any]:
            index = self.open_index_here()
            return index.index_paths(paths), index

        return self.on_index_thread(run).result()

    def build_index_in_background(self) -> None:
        """Build the index from the corpus if it is empty (first start), without holding up the service:
        meanwhile search answers 503 and drafts have no sources."""

        def run() -> None:
            try:
                index = self.open_index_here()
                if index.count() > 0 or self.corpus_dir is None:
                    return
                self._building = True
                get_logger().info("index build started")
                result = index.ensure_indexed()
                if result is not None:
                    get_logger().info(
                        "index built",
                        extra={
                            "files": len(result.indexed),
                            "failed": len(result.failed),
                            "chunks": index.count(),
                        },
                    )
            except Exception as exc:  # reported by health and by the first search; the service runs on
                get_logger().warning("index build failed", extra={"error_type": type(exc).__name__})
            finally:
                self._building = False

        self.on_index_thread(run)

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
