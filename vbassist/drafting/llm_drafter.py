"""The LLM drafter: the facts, examples from the sources and the grounded draft go to the configured chat
model as prompt files; the answer comes back as a pydantic object (structured output). Then every number
is verified and the checker's rules run on the draft. A failing draft is retried once with the offending
numbers named; a second failure, an exception or a timeout gives the grounded draft with a note. The
caller never sees an exception from the model.
"""

from __future__ import annotations

import concurrent.futures
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, Field

from vbassist.drafting.models import Citation, GoalFacts, IndicatorFact, Verification
from vbassist.drafting.verify import verify_text
from vbassist.gaps import GAP_RE
from vbassist.linking import indicator_naming
from vbassist.llm.masking import MaskedItem, unmask
from vbassist.llm.prompts import load_prompt
from vbassist.llm.provider import chat_masker, invoke_with_deadline, parse_llm_setting
from vbassist.model import STATUS_LABELS
from vbassist.numbers import format_sv
from vbassist.settings import Settings

log = logging.getLogger(__name__)

MAX_EXAMPLES = 3
_FORMAT_RETRY = (
    'Svaret gick inte att läsa. Svara endast med JSON: {"text": "...", "assessment": "delvis", "gaps": []}'
)


class LLMAnalysis(BaseModel):
    """Utkast till avsnittet Analys för ett enhetsmål."""

    text: str = Field(description="Analystexten på svenska; stycken skiljs med tom rad.")
    assessment: Literal["helt", "delvis", "inte", "inga_data"] | None = Field(
        default=None, description="Bedömningen i texten: helt, delvis, inte eller inga_data."
    )
    gaps: list[str] = Field(
        default_factory=list, description="Luckor inom hakparentes som chefen ska fylla i."
    )


@dataclass
class LLMOutcome:
    """What the LLM path produced. `text` is None when the caller should use the grounded draft."""

    text: str | None
    gaps: list[str] = field(default_factory=list)
    verification: Verification | None = None
    masked: list[MaskedItem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    attempts: int = 0


def _value(fact: IndicatorFact, value: float | None) -> str:
    if value is None:
        return "saknas"
    return f"{format_sv(value)} %" if fact.kind == "percent" else format_sv(value)


_ACTIVITY_STATES = {
    "genomford": "genomförd enligt texten",
    "delvis": "delvis genomförd eller försenad enligt texten",
    "pagar": "pågår enligt texten",
    "inte_genomford": "INTE genomförd enligt texten",
}


def render_facts(facts: GoalFacts) -> str:
    """The facts as a short Swedish list for the prompt (every number the draft may use is here)."""
    lines: list[str] = []
    if facts.status:
        lines.append(f"- Rapporterad status: {STATUS_LABELS[facts.status]}")
    elif facts.suggested_status:
        lines.append(
            f"- Ingen status rapporterad; föreslagen: {STATUS_LABELS[facts.suggested_status]} ({facts.suggested_reason})"
        )
    else:
        lines.append("- Ingen status rapporterad och ingen kan föreslås ur indikatorerna.")
    if facts.status and facts.suggested_status and facts.suggested_status != facts.status:
        lines.append(
            f"- Indikatorerna och målen pekar på {STATUS_LABELS[facts.suggested_status]}: {facts.suggested_reason}"
        )
    if facts.namndmal:
        lines.append(f"- Nämndmål: {facts.namndmal}")
    for f in facts.indicators:
        naming = indicator_naming(f.name)
        parts = [f"utfall {_value(f, f.utfall)}" + (f" ({f.utfall_note})" if f.utfall_note else "")]
        if f.arsmal is not None:
            parts.append(f"årsmål {_value(f, f.arsmal)}")
        if f.forra_aret is not None:
            parts.append(f"{f.forra_aret_label or 'föregående år'} {_value(f, f.forra_aret)}")
        if f.change_pp is not None:
            parts.append(f"förändring {format_sv(f.change_pp)} procentenheter")
        elif f.change_percent is not None:
            parts.append(f"förändring {format_sv(f.change_percent, 1)} procent")
        if f.kvinnor is not None and f.man is not None:
            parts.append(f"kvinnor/flickor {_value(f, f.kvinnor)}, män/pojkar {_value(f, f.man)}")
        if f.target_met is not None:
            parts.append("årsmålet nås" if f.target_met else "årsmålet nås inte")
        parts.append("lägre är bättre" if f.polarity == "lower" else "högre är bättre")
        if naming is not None:
            parts.append(f"kortnamn: {naming.short}")
        lines.append(f"- Indikator ”{f.name}”: " + "; ".join(parts))
    for item in facts.forvantat_resultat:
        judged = [t for t in facts.stated_targets if t.text == item and t.met is not None]
        verdict = "" if not judged else ("; nås" if judged[0].met else "; nås inte")
        lines.append(f"- Förväntat resultat: {item}{verdict}")
    for a in facts.activities:
        deviation = "" if a.avvikelse is None else f" (avvikelse{': ' + a.avvikelse if a.avvikelse else ''})"
        state = f" [{_ACTIVITY_STATES[a.state]}]" if a.state else ""
        text = f" Aktivitetstabellens analys: {a.analys}" if a.analys else ""
        lines.append(f"- Aktivitet: {a.name}{deviation}{state}{text}")
    if facts.text_decimals is not None:
        lines.append(f"- Rapportens löptext skriver procent med {facts.text_decimals} decimaler.")
    return "\n".join(lines)


def render_examples(citations: list[Citation]) -> str:
    """Few-shot examples: the unit's own earlier text first, then other units' text on the same goal.
    Another unit's text is wording to reuse, never facts about this unit: it is labelled so."""
    order = {"own_earlier": 0, "other_unit": 1, "plan": 2}
    picked = sorted((c for c in citations if c.relation != "plan"), key=lambda c: order[c.relation])[
        :MAX_EXAMPLES
    ]
    if not picked:
        return "(inga exempel hittades)"
    out = []
    for c in picked:
        who = f"{c.unit or 'okänd enhet'}, {c.kind or ''} {c.year or ''}".strip()
        note = (
            " (annan enhet: formuleringar, inte fakta om denna enhet)" if c.relation == "other_unit" else ""
        )
        out.append(f"[{who}{note}] {c.snippet}")
    return "\n".join(out)


def structured_model(model: Any, settings: Settings) -> Any:
    """`model` answering as `LLMAnalysis`. Local OpenAI-compatible servers (llama.cpp, Ollama) get JSON
    mode: llama-cpp-python rejects `response_format` type "json_schema", while every such server accepts
    "json_object"; the schema is spelled out in the system prompt. Other models get the integration's
    default (JSON schema for OpenAI, tool calling elsewhere)."""
    parsed = parse_llm_setting(settings) if settings.llm else None
    if parsed is not None and parsed[0] in ("openai_compatible", "ollama"):
        from langchain_openai.chat_models.base import BaseChatOpenAI  # a declared dependency

        if isinstance(model, BaseChatOpenAI):
            return model.with_structured_output(LLMAnalysis, method="json_mode")
    return model.with_structured_output(LLMAnalysis)


def draft_with_llm(
    facts: GoalFacts,
    citations: list[Citation],
    grounded_text: str,
    *,
    model: Any,
    settings: Settings,
    check: Callable[[str], list[str]] | None = None,
) -> LLMOutcome:
    """Ask `model` for a draft; verify it; retry once; return `text=None` (use the grounded draft) when
    the model fails, times out or keeps stating numbers it was not given."""
    from langchain_core.exceptions import OutputParserException
    from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

    outcome = LLMOutcome(text=None)
    try:
        system = load_prompt("draft_system", settings.prompts_dir).fill()
        user = load_prompt("draft_user", settings.prompts_dir).fill(
            unit=facts.unit or "okänd",
            year=str(facts.year or ""),
            kind=facts.kind,
            goal=facts.goal,
            facts=render_facts(facts),
            examples=render_examples(citations),
            grounded=grounded_text,
        )
        retry_prompt = load_prompt("draft_retry", settings.prompts_dir)
        retry_prompt.fill(problems="")  # a user-edited retry prompt fails here, not mid-conversation
        masker = chat_masker(settings)
        if masker is not None:
            system, user = masker.mask(system), masker.mask(user)
            # what was masked is reported whatever happens next: the text has left the machine
            outcome.masked = list(masker.items)
        messages: list[Any] = [SystemMessage(system), HumanMessage(user)]
        structured = structured_model(model, settings)
    except Exception as exc:  # prompt or model set-up failed: fall back, say why (type only: no text)
        outcome.notes.append(
            f"Språkmodellen kunde inte användas ({type(exc).__name__}); utkastet är regelbaserat."
        )
        log.warning("språkmodellen kunde inte startas: %s", type(exc).__name__)
        return outcome

    # one budget for the model's part of the draft, retries included: no input costs more than it
    deadline = time.monotonic() + settings.llm_timeout_s
    for attempt in (1, 2):
        outcome.attempts = attempt
        try:
            result = invoke_with_deadline(structured, messages, deadline - time.monotonic())
        except OutputParserException:
            # an answer that is not the asked-for JSON: say so once, then give up
            if attempt == 1:
                messages = [*messages, HumanMessage(_FORMAT_RETRY)]
                continue
            outcome.notes.append(
                "Språkmodellens svar gick inte att läsa som utkast; utkastet är regelbaserat."
            )
            return outcome
        except concurrent.futures.TimeoutError:
            seconds = format_sv(settings.llm_timeout_s)
            unit = "sekund" if seconds == "1" else "sekunder"
            outcome.notes.append(
                f"Språkmodellen svarade inte inom {seconds} {unit}; utkastet är regelbaserat."
            )
            return outcome
        except Exception as exc:
            outcome.notes.append(
                f"Språkmodellen gav ett fel ({type(exc).__name__}); utkastet är regelbaserat."
            )
            log.warning("anropet till språkmodellen misslyckades: %s", type(exc).__name__)
            return outcome
        if isinstance(result, dict):
            result = LLMAnalysis.model_validate(result)
        if not isinstance(result, LLMAnalysis) or not result.text.strip():
            outcome.notes.append("Språkmodellen gav inget användbart svar; utkastet är regelbaserat.")
            return outcome
        raw_text = result.text.strip()
        text = unmask(raw_text, masker.mapping) if masker else raw_text
        verification = verify_text(text, facts, citations, drafter="llm")
        findings = check(text) if check else []
        verification.findings = findings
        if verification.ok and not findings:
            verification.attempts = attempt
            outcome.text = text
            gaps = [unmask(g, masker.mapping) if masker else g for g in result.gaps]
            outcome.gaps = list(dict.fromkeys([*GAP_RE.findall(text), *(g for g in gaps if g in text)]))
            outcome.verification = verification
            outcome.masked = list(masker.items) if masker else []
            return outcome
        problems = []
        if verification.unsupported:
            numbers = ", ".join(u.raw for u in verification.unsupported)
            problems.append(f"tal som inte finns i underlaget: {numbers}")
        if verification.meaning:
            problems.append(f"tal som betyder något annat än texten säger: {' '.join(verification.meaning)}")
        if findings:
            problems.append(f"granskningen fann: {' '.join(findings)}")
        if attempt == 1:
            retry = retry_prompt.fill(problems="\n".join(f"- {p[0].upper()}{p[1:]}" for p in problems))
            messages = [*messages, AIMessage(raw_text), HumanMessage(masker.mask(retry) if masker else retry)]
            continue
        outcome.notes.append(
            f"Språkmodellens utkast hade {' och '.join(problems)} även efter ett nytt försök; utkastet är regelbaserat."
        )
    outcome.masked = list(masker.items) if masker else []
    return outcome
