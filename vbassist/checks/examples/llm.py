"""Examples of the rule that needs a model (VB-TEXT-LLM). No language model can run in an example, so
each case carries a scripted stand-in that answers with the claims a model would list; what the rule
does with them (the quote must be in the text and hold the number, the name must be one of the
indicators, the number must differ beyond rounding) is the real code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vbassist.checks.examples.scenarios import eko
from vbassist.checks.registry import CheckContext, Examples, ModelAccess
from vbassist.model import Report

PROMPTS = Path(__file__).resolve().parent.parent.parent / "prompts"  # shipped in the package
EKO = "Andel inköpta ekologiska livsmedel i kronor"


class ScriptedClaims:
    """A stand-in chat model: `with_structured_output(...)` then `invoke(...)` answers each call with
    the next scripted list of claims (as a model's structured output, a dict)."""

    def __init__(self, *answers: list[dict[str, Any]]) -> None:
        self.answers = list(answers)

    def with_structured_output(self, schema: Any) -> ScriptedClaims:
        return self

    def invoke(self, messages: list[Any]) -> dict[str, Any]:
        return {"claims": self.answers.pop(0) if self.answers else []}


def _case(text: str, *claims: dict[str, Any]) -> tuple[Report, CheckContext]:
    report = eko("inte", "48,84 %", analys=(text,))
    access = ModelAccess(chat=ScriptedClaims(list(claims)), prompts_dir=PROMPTS, mask=False)
    return report, CheckContext(model=access)


def _claim(value: float, quote: str, indicator: str = EKO) -> dict[str, Any]:
    return {"indicator": indicator, "measure": "utfall", "value": value, "quote": quote}


_TEXT = "Under året har knappt hälften, närmare bestämt 41,5 %, av våra inköp varit ekologiska."

TEXT_LLM = Examples(
    flags=(lambda: _case(_TEXT, _claim(41.5, "närmare bestämt 41,5 %, av våra inköp varit ekologiska")),),
    passes=(
        # 49 % is the table's 48,84 % rounded
        lambda: _case("Andelen ekologiska inköp var 49 % under året.", _claim(49.0, "inköp var 49 %")),
        # a quote that is not in the text, a name that is not an indicator, a number not written
        lambda: _case(
            _TEXT,
            _claim(41.5, "bestämt 41,5 % av alla inköp"),
            _claim(41.5, "närmare bestämt 41,5 %", indicator="Andel påhittade"),
            _claim(12.0, "närmare bestämt 41,5 %"),
        ),
    ),
)
