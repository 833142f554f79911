"""Prompt files: Markdown with a YAML front matter, loaded from `settings.prompts_dir` and validated by
a strict pydantic model, so a typo in a user-edited prompt fails loudly at load, not as a silently
empty placeholder in a request.

    ---
    name: draft_user
    role: user
    description: Ber modellen skriva analysen
    variables: [goal, facts]
    ---
    Skriv en analys av målet {goal} ...

Placeholders are `{name}`; only declared variables are replaced, so JSON braces in the text stay.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from vbassist.errors import ConfigurationError

_FRONT_MATTER_RE = re.compile(r"\A---\s*\n(?P<meta>.*?)\n---\s*\n(?P<body>.*)\Z", re.S)
_PLACEHOLDER_RE = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


class PromptFile(BaseModel):
    """One prompt file. `variables` must list exactly the `{placeholders}` the body uses."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    role: Literal["system", "user", "assistant"]
    description: str = ""
    version: int = 1
    variables: list[str] = Field(default_factory=list)
    body: str

    @model_validator(mode="after")
    def _placeholders_declared(self) -> PromptFile:
        used = set(_PLACEHOLDER_RE.findall(self.body))
        declared = set(self.variables)
        if used - declared:
            raise ValueError(f"odeklarerade variabler i texten: {', '.join(sorted(used - declared))}")
        if declared - used:
            raise ValueError(f"deklarerade variabler som inte används: {', '.join(sorted(declared - used))}")
        return self

    def fill(self, **values: str) -> str:
        """The body with every declared variable replaced; a missing or extra value is an error."""
        missing = set(self.variables) - set(values)
        extra = set(values) - set(self.variables)
        if missing or extra:
            raise ConfigurationError(
                f"prompten {self.name}: saknade värden {sorted(missing)}, okända värden {sorted(extra)}"
            )
        return _PLACEHOLDER_RE.sub(
            lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), self.body
        )


def parse_prompt(text: str, *, source: str = "<text>") -> PromptFile:
    match = _FRONT_MATTER_RE.match(text.replace("\r\n", "\n"))
    if match is None:
        raise ConfigurationError("promptfilen saknar front matter (--- ... ---)", source=source)
    try:
        meta = yaml.safe_load(match["meta"]) or {}
    except yaml.YAMLError as exc:
        raise ConfigurationError(f"front matter är inte giltig YAML: {exc}", source=source) from exc
    if not isinstance(meta, dict):
        raise ConfigurationError("front matter ska vara nyckel: värde-par", source=source)
    try:
        return PromptFile(**meta, body=match["body"].strip() + "\n")
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'fil'}: {e['msg']}" for e in exc.errors())
        raise ConfigurationError(f"ogiltig promptfil: {problems}", source=source) from exc


def load_prompt(name: str, prompts_dir: Path) -> PromptFile:
    """Load `<prompts_dir>/<name>.md`; the file's own `name` must match its file name."""
    path = Path(prompts_dir) / f"{name}.md"
    if not path.is_file():
        raise ConfigurationError(f"promptfilen {name}.md finns inte", source=str(prompts_dir))
    prompt = parse_prompt(path.read_text(encoding="utf-8"), source=str(path))
    if prompt.name != name:
        raise ConfigurationError(
            f"promptfilen heter {name}.md men anger name: {prompt.name}", source=str(path)
        )
    return prompt
