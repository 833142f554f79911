"""The optional LLM-assisted rule VB-TEXT-LLM (off by default: `settings.llm_check_pass`): a chat model
reads each enhetsmål's analysis and lists the numbers it states about the goal's indicators, in
wordings the deterministic claim patterns do not catch. Each claim is then checked by code, exactly
like VB-TEXT-001: the quote must occur verbatim in the analysis and hold the number, the indicator must
be one of the names it was given, and the number must differ from the table beyond rounding. The model
only reads; it never decides a finding. The rule is registered with `needs_model=True`: `run_checks`
skips it unless the context carries a model, which `llm_pass` (called by the batch) gives it.

Text leaves the machine masked (personnummer, phone numbers, e-mail addresses, listed names) unless
the model is local. Any model failure ends the pass with no findings: the rules never need it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import BaseModel, Field

from vbassist.checks.common import (
    REPORTING_KINDS,
    cell_location,
    goal_scope_indicators,
    num,
    short,
    with_span,
)
from vbassist.checks.examples import llm as examples
from vbassist.checks.registry import CheckContext, ModelAccess, rule
from vbassist.model import Evidence, Finding, Goal, Indicator, Report
from vbassist.numbers import find_numbers, matches_rounded
from vbassist.settings import Settings

log = logging.getLogger(__name__)

RULE_ID = "VB-TEXT-LLM"
Measure = Literal["utfall", "utfall_kvinnor", "utfall_man", "utfall_forra_aret", "arsmal"]
MEASURE_LABEL = {
    "utfall": "Periodens utfall",
    "utfall_kvinnor": "Utfall kvinnor/flickor",
    "utfall_man": "Utfall män/pojkar",
    "utfall_forra_aret": "Utfall föregående år",
    "arsmal": "Årsmål",
}


class LLMClaim(BaseModel):
    """Ett tal i analysen om en av indikatorerna."""

    indicator: str = Field(description="Indikatorns namn exakt som i listan.")
    measure: Measure = Field(
        description="Vad talet avser: utfall (periodens), utfall_kvinnor, utfall_man, utfall_forra_aret eller arsmal."
    )
    value: float = Field(description="Talet som det står i texten, med punkt som decimaltecken.")
    quote: str = Field(
        description="Den exakta textbiten (högst en mening) där talet står, ordagrant kopierad."
    )


class LLMClaims(BaseModel):
    """Alla tal i analysen som avser indikatorerna i listan."""

    claims: list[LLMClaim] = Field(default_factory=list)


def _indicator_list(indicators: list[Indicator]) -> str:
    return "\n".join(f"- {i.name.strip()}" for i in indicators)


def _check_claim(
    report: Report, goal: Goal, claim: LLMClaim, by_name: dict[str, Indicator]
) -> Finding | None:
    indicator = by_name.get(claim.indicator.strip().lower())
    if indicator is None:
        return None  # a name the model made up
    cell = getattr(indicator, claim.measure)
    table_value = num(cell)
    if cell is None or table_value is None:
        return None
    quote = claim.quote.strip()
    for item in goal.analys:
        start = item.text.find(quote) if quote else -1
        if start < 0:
            continue
        # the number must be written in the quote: the model may not invent or recompute it
        written = [n for n in find_numbers(quote) if abs(n.value - claim.value) < 1e-9 and not n.is_year]
        if not written:
            return None
        n = written[0]
        if matches_rounded(n.value, n.decimals, table_value):
            return None
        span = with_span(item.location, start + n.start, start + n.end)
        return numbers_read_by_model_differ.finding(
            report=report,
            goal=goal,
            message=(
                f'Texten anger {n.raw} om "{short(indicator.name, 70)}" men tabellen har '
                f"{MEASURE_LABEL[claim.measure].lower()} {cell.raw.strip()} (tolkat med språkmodell)."
            ),
            evidence=[
                Evidence(label="text", text=short(quote), value=n.value, location=span),
                Evidence(
                    label=MEASURE_LABEL[claim.measure],
                    text=cell.raw.strip(),
                    value=table_value,
                    location=cell_location(indicator, claim.measure),
                ),
            ],
            location=span,
            suggestion="Kontrollera siffran mot tabellen.",
        )
    return None


@rule(
    RULE_ID,
    category="text_vs_table",
    severity="warning",
    title="En siffra i analysen om en indikator, läst av en språkmodell, skiljer sig från tabellen",
    evidence=("text", "|".join(MEASURE_LABEL.values())),
    examples=examples.TEXT_LLM,
    needs_model=True,
)
def numbers_read_by_model_differ(report: Report, context: CheckContext) -> Iterator[Finding]:
    access = context.model
    if access is None or report.kind not in REPORTING_KINDS:
        return
    from langchain_core.messages import HumanMessage, SystemMessage

    from vbassist.llm.masking import Masker, load_names, unmask
    from vbassist.llm.prompts import load_prompt
    from vbassist.llm.provider import invoke_with_deadline

    try:
        system = load_prompt("check_claims_system", access.prompts_dir).fill()
        user_prompt = load_prompt("check_claims_user", access.prompts_dir)
        structured = access.chat.with_structured_output(LLMClaims)
        masker = Masker(load_names(access.mask_names_file)) if access.mask else None
    except Exception as exc:  # set-up failed: the rules stand alone
        log.warning("språkmodellsgranskningen kunde inte startas: %s", type(exc).__name__)
        return
    for goal in report.enhetsmal():
        indicators = [i for i in goal_scope_indicators(goal, report) if num(i.utfall) is not None]
        if not indicators or not goal.analys_text.strip():
            continue
        user = user_prompt.fill(
            goal=goal.title, indicators=_indicator_list(indicators), analysis=goal.analys_text
        )
        sys_text = system
        if masker is not None:
            sys_text, user = masker.mask(system), masker.mask(user)
        try:
            result: Any = invoke_with_deadline(
                structured, [SystemMessage(sys_text), HumanMessage(user)], access.timeout_s
            )
        except Exception as exc:  # timeout or model error: stop asking, keep what we have
            log.warning("språkmodellsgranskningen misslyckades: %s", type(exc).__name__)
            return
        if isinstance(result, dict):
            result = LLMClaims.model_validate(result)
        if not isinstance(result, LLMClaims):
            continue
        by_name = {i.name.strip().lower(): i for i in indicators}
        for claim in result.claims:
            if masker is not None:
                claim = claim.model_copy(
                    update={
                        "quote": unmask(claim.quote, masker.mapping),
                        "indicator": unmask(claim.indicator, masker.mapping),
                    }
                )
            finding = _check_claim(report, goal, claim, by_name)
            if finding is not None:
                yield finding


def model_access(settings: Settings, model: Any | None = None) -> ModelAccess | None:
    """The chat model of `settings` (or `model`, e.g. a scripted one in tests) with what the model
    rules need to call it; None when the pass is off or no model is configured."""
    from vbassist.llm.masking import should_mask
    from vbassist.llm.provider import is_local

    if model is None:
        if not settings.llm_check_pass:
            return None
        from vbassist.llm.provider import get_chat_model

        model = get_chat_model(settings)
        if model is None:
            return None
    return ModelAccess(
        chat=model,
        prompts_dir=settings.prompts_dir,
        timeout_s=settings.llm_timeout_s,
        mask=should_mask(settings.mask_pii, local=is_local(settings)),  # VBASSIST_MASK_PII
        mask_names_file=settings.mask_names_file,
    )


def llm_pass(report: Report, *, settings: Settings, model: Any | None = None) -> list[Finding]:
    """The findings of the rules that need a model (VB-TEXT-LLM), numbered like the runner's; [] when
    the pass is off, no model is configured or the model fails. `model` overrides the configured chat
    model (tests pass a scripted fake)."""
    from vbassist.checks.runner import run_checks

    access = model_access(settings, model)
    if access is None:
        return []
    context = CheckContext.from_settings(settings)
    context.model = access
    return run_checks(report, context, model_rules_only=True)


def with_llm_findings(
    report: Report, findings: list[Finding], *, settings: Settings, model: Any | None = None
) -> list[Finding]:
    """`findings` (the deterministic rules') with the model rules' added, one finding per fault (a claim
    VB-TEXT-001 already flags becomes one finding naming both rules), numbered again; `findings` as
    they were when the pass is off or the model gives nothing."""
    from vbassist.checks.runner import merge_faults, number_findings

    extra = llm_pass(report, settings=settings, model=model)
    if not extra:
        return findings
    return number_findings(merge_faults([*findings, *extra]))
