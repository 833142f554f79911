"""Rule modules; importing this package registers every rule (one module per category family)."""

from vbassist.checks.rules import budget, derived, marker, missing, period, plan, status, text, trend

__all__ = ["budget", "derived", "marker", "missing", "period", "plan", "status", "text", "trend"]
