"""The drafting model, chosen by settings: `VBASSIST_LLM` = "openai:gpt-4o-mini", "azure_openai:<deployment>",
"ollama:<model>", or any model name with `VBASSIST_LLM_BASE_URL` pointing at an OpenAI-compatible server
(vLLM, llama.cpp). Heavy imports stay inside each branch so the CLI starts fast and unused integrations
need not be installed.
"""

from __future__ import annotations

import concurrent.futures
import threading
from typing import TYPE_CHECKING, Any, Literal

from pydantic import SecretStr

from vbassist.errors import ConfigurationError
from vbassist.hosts import is_local_url
from vbassist.llm.masking import Masker, masker_for
from vbassist.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models.chat_models import BaseChatModel

Provider = Literal["openai", "azure_openai", "ollama", "openai_compatible"]
OLLAMA_DEFAULT_URL = "http://localhost:11434/v1"
MAX_TOKENS = 1024  # an analysis is a few hundred words; the JSON wrapper adds little


def parse_llm_setting(settings: Settings) -> tuple[Provider, str] | None:
    """("openai", "gpt-4o-mini") from the settings; None when no model is configured."""
    spec = (settings.llm or "").strip()
    if not spec:
        return None
    provider, sep, model = spec.partition(":")
    if not sep:
        provider, model = "", spec
    provider = provider.strip().lower()
    model = model.strip()
    if settings.llm_base_url and provider in ("", "openai", "openai_compatible"):
        return "openai_compatible", model or "default"
    match provider:
        case "openai" | "azure_openai" | "ollama":
            if not model:
                raise ConfigurationError(f"VBASSIST_LLM={spec!r} saknar modellnamn efter kolon")
            return provider, model
        case "":
            raise ConfigurationError(
                f"VBASSIST_LLM={spec!r} saknar leverantör: ange t.ex. openai:gpt-4o-mini eller sätt VBASSIST_LLM_BASE_URL"
            )
        case _:
            raise ConfigurationError(
                f"okänd modelleverantör {provider!r} i VBASSIST_LLM (openai, azure_openai, ollama eller en base_url)"
            )


def is_local(settings: Settings) -> bool:
    """True when text sent to the model stays on this machine (ollama, or a base_url on localhost)."""
    parsed = parse_llm_setting(settings)
    if parsed is None:
        return True
    provider, _ = parsed
    if provider == "ollama":
        host = settings.ollama_host or "localhost"
        return is_local_url(host if "//" in host else f"http://{host}")
    if provider == "openai_compatible":
        return is_local_url(settings.llm_base_url)
    return False


def chat_masker(settings: Settings) -> Masker | None:
    """The masker for every text sent to the chat model (VBASSIST_MASK_PII), or None."""
    return masker_for(settings, local=is_local(settings))


def get_chat_model(settings: Settings) -> BaseChatModel | None:
    """The configured chat model, or None when drafting is grounded only."""
    parsed = parse_llm_setting(settings)
    if parsed is None:
        return None
    provider, model = parsed
    timeout = settings.llm_timeout_s
    match provider:
        case "openai_compatible":
            from langchain_openai import ChatOpenAI

            return ChatOpenAI(
                model=model,
                base_url=settings.llm_base_url,
                # local servers accept any key; the client library insists on one
                api_key=SecretStr(settings.llm_api_key or settings.openai_api_key or "not-needed"),
                timeout=timeout,
                max_retries=0,
                temperature=0.2,
                # llama.cpp and vLLM read max_tokens from the body; without it a small model may run on
                # until the server's context is full
                extra_body={"max_tokens": MAX_TOKENS},
            )
        case "openai":
            from langchain.chat_models import init_chat_model

            kwargs: dict[str, Any] = {"api_key": settings.llm_api_key} if settings.llm_api_key else {}
            # init_chat_model's overloads cannot tell the return type through **kwargs
            chat: BaseChatModel = init_chat_model(
                model, model_provider="openai", timeout=timeout, max_retries=0, temperature=0.2, **kwargs
            )
            return chat
        case "azure_openai":
            from langchain.chat_models import init_chat_model

            azure: dict[str, Any] = {"api_key": settings.llm_api_key} if settings.llm_api_key else {}
            azure_chat: BaseChatModel = init_chat_model(
                model,
                model_provider="azure_openai",
                azure_deployment=model,
                api_version=settings.openai_api_version,
                timeout=timeout,
                max_retries=0,
                temperature=0.2,
                **azure,
            )
            return azure_chat
        case "ollama":
            try:
                from langchain.chat_models import init_chat_model

                host: dict[str, Any] = {"base_url": settings.ollama_host} if settings.ollama_host else {}
                ollama_chat: BaseChatModel = init_chat_model(
                    model, model_provider="ollama", temperature=0.2, **host
                )
                return ollama_chat
            except ImportError:
                # without langchain-ollama, talk to Ollama's own OpenAI-compatible endpoint
                from langchain_openai import ChatOpenAI

                url = settings.ollama_host
                base = f"{url.rstrip('/')}/v1" if url and "//" in url else OLLAMA_DEFAULT_URL
                return ChatOpenAI(
                    model=model, base_url=base, api_key=SecretStr("ollama"), timeout=timeout, max_retries=0
                )
    raise ConfigurationError(f"okänd modelleverantör {provider!r}")  # pragma: no cover  (match is exhaustive)


def invoke_with_deadline(runnable: Any, messages: list[Any], timeout: float) -> Any:
    """`runnable.invoke(messages)`, or TimeoutError after `timeout` seconds.

    A hard deadline for any model, including ones whose client has no timeout of its own or a server
    that trickles its answer byte by byte (a read timeout never fires). The call runs in a daemon
    thread: a model that never answers cannot keep the process alive once the caller has given up, so
    the CLI exits on time (a pool thread would be joined at exit and hold it until the model answered)."""
    outcome: dict[str, Any] = {}
    done = threading.Event()

    def call() -> None:
        try:
            outcome["value"] = runnable.invoke(messages)
        except BaseException as exc:  # handed to the caller as it is
            outcome["error"] = exc
        finally:
            done.set()

    threading.Thread(target=call, name="vbassist-llm-call", daemon=True).start()
    if not done.wait(max(timeout, 0.0)):
        raise concurrent.futures.TimeoutError(f"no answer within {timeout} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
