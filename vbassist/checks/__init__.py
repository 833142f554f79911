"""Consistency checks: small registered rules over a `Report`, each yielding `Finding`s."""

from vbassist.checks.registry import CheckContext, Rule, all_rules, rule
from vbassist.checks.runner import run_checks

__all__ = ["CheckContext", "Rule", "all_rules", "rule", "run_checks"]
