"""The rule registry. A rule is a tiny function plus data: id, category, severity, a Swedish title, the
evidence shape of its findings and the examples it must flag and must pass (a test fails for a rule
without both). The decorator returns the `Rule`, so a body builds its findings through it
(`RULE.finding(report=..., message=..., evidence=...)`) and never restates its id or category."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vbassist.errors import UnknownRuleError
from vbassist.model import Category, Evidence, Finding, Goal, Location, Report, Severity
from vbassist.numbers import keep_numbers_together
from vbassist.polarity import PolarityLexicon, load_lexicon

if TYPE_CHECKING:
    from vbassist.settings import Settings

# every rule id of a category starts with its prefix: switching rules by prefix switches families
CATEGORY_RULE_PREFIX: dict[Category, str] = {
    "status_vs_indicator": "VB-STATUS-",
    "status_vs_target": "VB-TARGET-",
    "status_text_vs_marker": "VB-MARKER-",
    "text_vs_table": "VB-TEXT-",
    "derived_number": "VB-DERIVED-",
    "trend_claim": "VB-TREND-",
    "budget_arithmetic": "VB-BUDGET-",
    "missing": "VB-MISSING-",
    "period_label": "VB-PERIOD-",
    "plan_vs_report": "VB-PLAN-",
}


@dataclass(frozen=True)
class ModelAccess:
    """A chat model for the rules that need one (`needs_model`), with what they need to call it: where
    the prompts are, the deadline per call, and whether text must be masked first (a non-local model;
    `mask_names_file` lists names to mask besides personnummer, phone numbers and e-mail)."""

    chat: Any
    prompts_dir: Path
    timeout_s: float = 60.0
    mask: bool = True
    mask_names_file: Path | None = None


@dataclass
class CheckContext:
    """What a rule may look at besides the report itself: other reports of the same batch or the
    corpus (the unit's VP of the same year, last year's VB) and what of the settings rules need.
    Build it with `from_settings` at the edges; the defaults are the bundled data and all rules.
    `model` is a chat model for the rules that need one (`needs_model`); None = they are skipped.
    `facts` holds the report's facts once computed (`checks.facts.facts_of`), so every rule of one
    run reads the same."""

    related: list[Report] = field(default_factory=list)
    enabled_prefixes: tuple[str, ...] = ()  # empty = all rules; "VB-BUDGET" switches a family on
    disabled_prefixes: tuple[str, ...] = ()
    polarity: PolarityLexicon = field(default_factory=lambda: load_lexicon(None))
    model: ModelAccess | None = None
    facts: Any = field(default=None, repr=False, compare=False)

    @classmethod
    def from_settings(cls, settings: Settings, *, related: list[Report] | None = None) -> CheckContext:
        """The context of `settings`; an id prefix that names no rule raises `UnknownRuleError`."""
        enabled = validate_prefixes(settings.rule_prefixes())
        disabled = validate_prefixes(settings.skipped_rule_prefixes())
        return cls(
            related=list(related or []),
            enabled_prefixes=enabled,
            disabled_prefixes=disabled,
            polarity=load_lexicon(settings.polarity_file),
        )

    def runs(self, rule: Rule) -> bool:
        """Whether `rule` is switched on here (by prefix) and has what it needs (a model)."""
        if self.enabled_prefixes and not rule.id.startswith(self.enabled_prefixes):
            return False
        if self.disabled_prefixes and rule.id.startswith(self.disabled_prefixes):
            return False
        return self.model is not None or not rule.needs_model


Case = Callable[[], tuple[Report, CheckContext]]


@dataclass(frozen=True)
class Examples:
    """Reports a rule must flag (`flags`) and near misses it must pass (`passes`), each built on call."""

    flags: tuple[Case, ...]
    passes: tuple[Case, ...]


RuleFunc = Callable[[Report, CheckContext], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """A registered rule. `evidence` is the shape of its findings' evidence: one pattern per label a
    finding carries ("Periodens utfall", "Årsmål: *", alternatives with "|"; a trailing "?" marks a
    label that may be absent). Every label of a finding matches one pattern."""

    id: str
    category: Category
    severity: Severity
    title: str  # Swedish, one line: what the rule looks for
    func: RuleFunc
    evidence: tuple[str, ...]
    examples: Examples
    needs_model: bool = False

    def __call__(self, report: Report, context: CheckContext) -> Iterable[Finding]:
        return self.func(report, context)

    def finding(
        self,
        *,
        report: Report,
        message: str,
        evidence: list[Evidence],
        location: Location | None,
        suggestion: str | None = None,
        goal: Goal | None = None,
        goal_title: str | None = None,
        confidence: float | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """A finding of this rule (its registered severity unless `severity` says otherwise: a weak
        link, a loose mention); the runner numbers `id` per report. Numbers in its message and
        suggestion are kept on one line ("1 204 560 kr", "25 %" with no-break spaces); evidence keeps
        the document's characters (the add-in searches the document for them)."""
        return Finding(
            id=self.id,
            rule=self.id,
            category=self.category,
            severity=severity or self.severity,
            unit=report.unit,
            goal=goal.title if goal is not None else goal_title,
            message=keep_numbers_together(message),
            evidence=evidence,
            location=location,
            suggestion=None if suggestion is None else keep_numbers_together(suggestion),
            confidence=None if confidence is None else round(confidence, 2),
        )

    def evidence_problems(self, finding: Finding) -> list[str]:
        """What in a finding's evidence does not fit the rule's declared shape ([] = it fits): each
        required pattern takes one piece of evidence of its own, and every label matches a pattern."""
        problems = [
            f"label {e.label!r} is not in the shape {self.evidence}"
            for e in finding.evidence
            if not any(_label_matches(e.label, p.rstrip("?")) for p in self.evidence)
        ]
        unused = list(finding.evidence)
        for pattern in self.evidence:
            if pattern.endswith("?"):
                continue
            taken = next((e for e in unused if _label_matches(e.label, pattern)), None)
            if taken is None:
                problems.append(f"no evidence labelled {pattern!r}")
            else:
                unused.remove(taken)
        return problems


def _label_matches(label: str, pattern: str) -> bool:
    return any(fnmatchcase(label, alternative) for alternative in pattern.split("|"))


_RULES: dict[str, Rule] = {}


def rule(
    id: str,
    *,
    category: Category,
    severity: Severity,
    title: str,
    evidence: tuple[str, ...],
    examples: Examples,
    needs_model: bool = False,
) -> Callable[[RuleFunc], Rule]:
    """Register a rule function under a stable id like "VB-STATUS-001"; the id starts with its
    category's prefix (`CATEGORY_RULE_PREFIX`)."""

    def decorate(func: RuleFunc) -> Rule:
        if id in _RULES:
            raise ValueError(f"rule {id} registered twice")
        if not id.startswith(CATEGORY_RULE_PREFIX[category]):
            raise ValueError(
                f"rule {id} of category {category} must start with {CATEGORY_RULE_PREFIX[category]}"
            )
        registered = Rule(
            id=id,
            category=category,
            severity=severity,
            title=title,
            func=func,
            evidence=evidence,
            examples=examples,
            needs_model=needs_model,
        )
        _RULES[id] = registered
        return registered

    return decorate


def all_rules() -> list[Rule]:
    """Every registered rule, importing the rule modules on first use."""
    from vbassist.checks import rules  # noqa: F401  (registers on import)

    return sorted(_RULES.values(), key=lambda r: r.id)


def validate_prefixes(prefixes: Iterable[str]) -> tuple[str, ...]:
    """The prefixes, each checked to name at least one rule ("VB-BUDGET", "VB-TEXT-001"); one that names
    none raises `UnknownRuleError` with a one-line Swedish message (exit 2, HTTP 422)."""
    ids = [r.id for r in all_rules()]
    out = tuple(p.strip().upper() for p in prefixes if p.strip())
    unknown = [p for p in out if not any(i.startswith(p) for i in ids)]
    if unknown:
        families = sorted({i.rsplit("-", 1)[0] for i in ids})
        raise UnknownRuleError(
            f"okänd regel: {', '.join(unknown)} (regelfamiljer: {', '.join(families)}; "
            "ange ett id eller början av ett, t.ex. VB-BUDGET eller VB-TEXT-001)"
        )
    return out


def with_rule_prefixes(settings: Settings, *, rules: str | None, skip_rules: str | None) -> Settings:
    """`settings` with the rule switch a caller gave (CLI `--rules/--skip-rules`, the API's `rules` and
    `skip_rules` fields: comma-separated id prefixes; None keeps the setting), each prefix validated
    (`UnknownRuleError` for one that names no rule)."""
    update: dict[str, str] = {}
    for key, value in (("rules", rules), ("skip_rules", skip_rules)):
        if value is not None:
            update[key] = ",".join(validate_prefixes(value.split(",")))
    return settings.model_copy(update=update) if update else settings
