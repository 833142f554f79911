"""One nämndmål across units. Every unit pastes the board's goal into its own report, with its own
typos, punctuation and sometimes without the number, so the titles are matched by a comparison key
(`vbassist.names.fold_name`, the number left out) and, where the keys differ, by a few letters'
edit distance: a pasted copy with a typo is the same goal, two goals a word apart are not."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from vbassist.model import ReportKind
from vbassist.names import fold_name
from vbassist.overview.model import GoalRow, NamndmalGroup, status_key
from vbassist.parsing.headings import edit_distance

WITHOUT_NAMNDMAL = "Enhetsmål utan nämndmål"
_LEADING_NUMBER_RE = re.compile(r"^(?:\d+ )+")
_KIND_ORDER = {"T1": 0, "T2": 1, "VB": 2, "VP": 3}


def title_key(title: str) -> str:
    """ "1.3.3 Personer i relationer där våld förekommer ..." -> "personer i relationer dar vald ..."."""
    return _LEADING_NUMBER_RE.sub("", fold_name(title))


def allowed_edits(key: str) -> int:
    """Letters a copy may differ by and still be the same goal: one in 20 (a typo or two in a
    sentence-long goal), at least one; a word swapped for another is more than that."""
    return max(1, len(key) // 20)


def same_goal(key: str, number: str | None, other_key: str, other_number: str | None) -> bool:
    if number and other_number and number != other_number:
        return False  # two numbered goals are told apart by their numbers, however alike the words
    if key == other_key:
        return True
    limit = min(allowed_edits(key), allowed_edits(other_key))
    return edit_distance(key, other_key, limit) <= limit


@dataclass
class _Cluster:
    keys: set[str]
    number: str | None
    first_seen: int
    rows: list[GoalRow] = field(default_factory=list)
    spellings: Counter[str] = field(default_factory=Counter)
    numbers: Counter[str] = field(default_factory=Counter)


def _section_key(row: GoalRow) -> tuple[str, int, str]:
    ref = row.report
    return (fold_name(ref.district), ref.year or 0, ref.kind)


def group_namndmal(rows: list[GoalRow]) -> list[NamndmalGroup]:
    """The nämndmål groups of `rows` per district and report round, each row's `namndmal_group` set
    to its group's index. Sections in district, year and kind order; within one, numbered goals by
    number, then unnumbered ones as they first appear, and enhetsmål under no nämndmål last."""
    by_section: dict[tuple[str, int, str], list[GoalRow]] = {}
    for row in rows:
        by_section.setdefault(_section_key(row), []).append(row)
    groups: list[NamndmalGroup] = []
    for section in sorted(by_section, key=lambda s: (s[0], s[1], _KIND_ORDER.get(s[2], 9))):
        section_rows = by_section[section]
        clusters = _clusters(section_rows)
        loose = [r for r in section_rows if not r.goal.namndmal]
        first = section_rows[0].report
        for cluster in _ordered(clusters):
            groups.append(_group(cluster, first.district, first.kind, first.year, len(groups)))
        if loose:
            orphan = _Cluster(keys=set(), number=None, first_seen=len(section_rows), rows=loose)
            orphan.spellings[WITHOUT_NAMNDMAL] = len(loose)
            groups.append(_group(orphan, first.district, first.kind, first.year, len(groups)))
    return groups


def _clusters(rows: list[GoalRow]) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    exact: dict[tuple[str, str | None], _Cluster] = {}  # the common case without any edit distance
    for n, row in enumerate(rows):
        title = row.goal.namndmal
        if not title:
            continue
        key, number = title_key(title), row.goal.namndmal_number
        cluster = exact.get((key, number))
        if cluster is None:
            cluster = next((c for c in clusters if _fits(c, key, number)), None)
        if cluster is None:
            cluster = _Cluster(keys=set(), number=number, first_seen=n)
            clusters.append(cluster)
        cluster.keys.add(key)
        exact[(key, number)] = cluster
        cluster.number = cluster.number or number
        cluster.rows.append(row)
        cluster.spellings[title] += 1
        if number:
            cluster.numbers[number] += 1
    return clusters


def _fits(cluster: _Cluster, key: str, number: str | None) -> bool:
    return any(same_goal(key, number, k, cluster.number) for k in cluster.keys)


def _number_order(number: str | None) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", number or ""))


def _ordered(clusters: list[_Cluster]) -> list[_Cluster]:
    numbered = sorted((c for c in clusters if c.numbers), key=lambda c: _number_order(c.number))
    return numbered + sorted((c for c in clusters if not c.numbers), key=lambda c: c.first_seen)


def _group(
    cluster: _Cluster, district: str | None, kind: ReportKind, year: int | None, index: int
) -> NamndmalGroup:
    # the spelling most units use names the goal; ties go to the one seen first (Counter keeps order)
    title = cluster.spellings.most_common(1)[0][0]
    group = NamndmalGroup(
        district=district,
        kind=kind,
        year=year,
        number=cluster.numbers.most_common(1)[0][0] if cluster.numbers else None,
        title=title,
        variants=[s for s in cluster.spellings if s != title],
        units=len({fold_name(r.report.unit) for r in cluster.rows}),
        goals=len(cluster.rows),
    )
    for row in cluster.rows:
        group.counts[status_key(row.goal.status)] += 1
        row.namndmal_group = index
    return group
