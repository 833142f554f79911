"""Rule modules; importing this package registers every rule (one module per category family)."""

from vbassist.checks import llm_pass
from vbassist.checks.rules import (
    budget,
    budget_text,
    derived,
    followup,
    marker,
    missing,
    period,
    plan,
    status,
    tables,
    targets,
    text,
    trend,
)

__all__ = [
    "budget",
    "budget_text",
    "derived",
    "followup",
    "llm_pass",
    "marker",
    "missing",
    "period",
    "plan",
    "status",
    "tables",
    "targets",
    "text",
    "trend",
]
