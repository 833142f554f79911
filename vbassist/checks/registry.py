"""The rule registry. A rule is a tiny function plus data: id, category, severity, Swedish message,
and examples it must flag and must pass (tests fail for a rule without both)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vbassist.model import Category, Finding, Report, Severity
from vbassist.polarity import PolarityLexicon, load_lexicon

if TYPE_CHECKING:
    from vbassist.settings import Settings


@dataclass
class CheckContext:
    """What a rule may look at besides the report itself: other reports of the same batch or the
    corpus (the unit's VP of the same year, last year's VB) and what of the settings rules need.
    Build it with `from_settings` at the edges; the defaults are the bundled data and all rules."""

    related: list[Report] = field(default_factory=list)
    enabled_prefixes: tuple[str, ...] = ()  # empty = all rules; "VB-BUDGET" switches a family on
    disabled_prefixes: tuple[str, ...] = ()
    polarity: PolarityLexicon = field(default_factory=lambda: load_lexicon(None))

    @classmethod
    def from_settings(cls, settings: Settings, *, related: list[Report] | None = None) -> CheckContext:
        return cls(
            related=list(related or []),
            enabled_prefixes=settings.rule_prefixes(),
            disabled_prefixes=settings.skipped_rule_prefixes(),
            polarity=load_lexicon(settings.polarity_file),
        )


RuleFunc = Callable[[Report, CheckContext], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    category: Category
    severity: Severity
    title: str  # Swedish, one line: what the rule looks for
    func: RuleFunc


_RULES: dict[str, Rule] = {}


def rule(id: str, *, category: Category, severity: Severity, title: str) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule function under a stable id like "VB-STATUS-001"."""

    def decorate(func: RuleFunc) -> RuleFunc:
        if id in _RULES:
            raise ValueError(f"rule {id} registered twice")
        _RULES[id] = Rule(id=id, category=category, severity=severity, title=title, func=func)
        return func

    return decorate


def all_rules() -> list[Rule]:
    """Every registered rule, importing the rule modules on first use."""
    from vbassist.checks import rules  # noqa: F401  (registers on import)

    return sorted(_RULES.values(), key=lambda r: r.id)
