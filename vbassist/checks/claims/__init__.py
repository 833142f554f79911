"""Claims in running text that the rules hold against the tables: fulfilment statements ("målet
bedöms vara delvis uppfyllt"), changes ("från 4 200 till 5 600 kr (+43 %)", "minskning med 310
vårddygn (från 1 900 → 1 650)"), fractions with a percent ("28/40 (70 %)"), trend verbs ("har
minskat"), numeric targets in Förväntat resultat ("minst 80 procent", "minska med tio procent") and
budget amounts ("underskott på cirka 12 mnkr"). Pure text in, small dataclasses out; spans are
character offsets in the text given, so a finding can point at the words. Every number is read by
`vbassist.numbers`.
"""

from vbassist.checks.claims.amounts import AmountClaim, amount_claims
from vbassist.checks.claims.changes import (
    NUM,
    ChangeClaim,
    FractionClaim,
    bare_fractions,
    change_claims,
    fraction_claims,
)
from vbassist.checks.claims.fulfilment import (
    FulfilmentClaim,
    NamedFulfilmentClaim,
    fulfilment_claims,
    named_fulfilment_claims,
)
from vbassist.checks.claims.sentences import Sentence, sentences
from vbassist.checks.claims.targets import TargetClaim, target_claims
from vbassist.checks.claims.trends import NEGATION_RE, TrendClaim, trend_claims

__all__ = [
    "NEGATION_RE",
    "NUM",
    "AmountClaim",
    "ChangeClaim",
    "FractionClaim",
    "FulfilmentClaim",
    "NamedFulfilmentClaim",
    "Sentence",
    "TargetClaim",
    "TrendClaim",
    "amount_claims",
    "bare_fractions",
    "change_claims",
    "fraction_claims",
    "fulfilment_claims",
    "named_fulfilment_claims",
    "sentences",
    "target_claims",
    "trend_claims",
]
