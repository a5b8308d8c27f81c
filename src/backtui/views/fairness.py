"""The fairness rules of the comparison, written down once.

Every surface (the app, ``backtui show``, the exports, search) shows options through
:mod:`backtui.views.model`, which applies these rules:

1. **Same unit side by side.** How often something happens is given per person over a course
   of treatment. Where a compared option has a rate only per session, the comparison is made
   per session, for every option that has a per-session rate (:func:`comparison_unit`). The
   unit is always said in the same words: "in 100 people", "in 100 sessions". Common events
   are "N in 100"; rare ones (under 1 in 100) use one scale for every option, per 10,000.
2. **Rounded for people, exact for clinicians.** Natural frequencies for people are whole
   numbers ("fewer than 1 in 10,000" below a half), and the ends of their 95% CI whole
   numbers or one significant figure below 1 (:func:`people_rate`). The exact figure and
   its 95% CI are kept for the clinician layer and the full record (:func:`exact_rate`).
3. **Same framing.** A fact that does not depend on the option (the natural course) is one
   answer in the knowledge base (``shared``) and reads the same for every option.
4. **Each option leads with its own main evidence** (:func:`benefit_order`). An option's
   headline finding is, in this order: about the option itself before evidence pooled with
   other treatments; graded before not graded; higher certainty first; pain before function
   before other outcomes; more studies first; against sham or placebo, then usual care, then
   no treatment, then other comparators; a number before a finding in words; then the
   knowledge base's order. A composite option (usual care) leads with its best-supported
   part: parts whose headline shows a difference people may notice come first, by
   certainty, then the rest by certainty. Its key figures are one headline per part.
5. **The comparator is named** wherever a number is shown (each finding's title carries it).
6. **Guidelines disagree** about an option when at least one guideline recommends it
   (strongly or conditionally) and at least one recommends against it (:func:`disagreement`).

Pure Python; never imports Textual.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from backtui.kb.queries import Index
from backtui.kb.schema import Evidence, Guideline, Harm, Option, Position, Rate
from backtui.wording import number

Unit = Literal["patients", "treatments"]
UNIT_WORDS: dict[str, str] = {"patients": "people", "treatments": "sessions"}
RARE_BELOW = 1.0  # per 100: rarer events are given per 10,000
RARE_SCALE = 10_000

COMPARATOR_RANK = {"sham": 0, "placebo": 0, "usual-care": 1, "no-treatment": 2, "other": 3}
CERTAINTY_RANK = {"high": 0, "moderate": 1, "low": 2, "very-low": 3, "not-graded": 4}
OUTCOME_RANK = {"pain": 0, "function": 1, "response": 2, "quality-of-life": 3, "other": 4}
NOTICEABLE_RANK = {"yes": 0, "unclear": 1, "not-applicable": 2, "no": 3}
SEVERITY_RANK = {"serious": 0, "significant": 1, "mild": 2}
FOR = frozenset({"recommend", "conditional"})


# ----------------------------------------------------------------------------- rates


def _round_for_people(value: float) -> str:
    """Whole numbers; one significant figure below 1 (0.23 -> '0.2'), and no finer than 0.01."""
    if value == 0:
        return "0"
    if value >= 1:
        return number(math.floor(value + 0.5))
    if value < 0.01:
        return "under 0.01"
    digits = -math.floor(math.log10(value))
    return f"{round(value, digits):.{digits}f}"


def _count_for_people(value: float, per: int) -> str:
    """'about 9 in 100', 'fewer than 1 in 10,000': whole numbers of people or sessions."""
    if value == 0:
        return f"0 in {per:,}"
    if value < 0.5:
        return f"fewer than 1 in {per:,}"
    return f"about {_round_for_people(value)} in {per:,}"


def _scale(rate: Rate) -> tuple[float, int]:
    """The rate on its shown scale: per 100 when common, per 10,000 when rare."""
    per_100 = rate.value * 100 / rate.per
    if per_100 >= RARE_BELOW:
        return per_100, 100
    return rate.value * RARE_SCALE / rate.per, RARE_SCALE


def is_common(rate: Rate) -> bool:
    return rate.value * 100 / rate.per >= RARE_BELOW


def people_rate(rate: Rate) -> str:
    """'about 9 in 100 people', 'about 0.08 in 10,000 sessions', with a rounded 95% CI."""
    value, per = _scale(rate)
    text = f"{_count_for_people(value, per)} {UNIT_WORDS[rate.denominator]}"
    if rate.ci_low is not None and rate.ci_high is not None:
        low = _round_for_people(rate.ci_low * per / rate.per)
        high = _round_for_people(rate.ci_high * per / rate.per)
        text += f" (95% CI {low} to {high})"
    return text


def exact_rate(rate: Rate) -> str:
    """The figure as the source gave it: '9.31 in 100 people (95% CI 5.1 to 14.62)'."""
    text = f"{number(rate.value)} in {number(rate.per)} {UNIT_WORDS[rate.denominator]}"
    if rate.ci_low is not None and rate.ci_high is not None:
        text += f" (95% CI {number(rate.ci_low)} to {number(rate.ci_high)})"
    return text


def per_100(rate: Rate) -> float:
    return rate.value * 100 / rate.per


def comparison_unit(index: Index, option_ids: list[str]) -> Unit:
    """Per person, unless a compared option has rates only per session."""
    for option_id in option_ids:
        harms = index.harms(option_id, ("serious", "side-effect"))
        units = {h.rate.denominator for _, h in harms if h.rate is not None}
        if units == {"treatments"}:
            return "treatments"
    return "patients"


# ----------------------------------------------------------------------------- benefits


def _finding_rank(row: Evidence, position: int) -> tuple[int, ...]:
    return (
        1 if row.pooled_with else 0,
        1 if row.certainty == "not-graded" else 0,
        CERTAINTY_RANK[row.certainty],
        OUTCOME_RANK[row.outcome],
        -(row.studies or 0),  # the larger body of evidence
        COMPARATOR_RANK[row.comparator],
        0 if row.estimate is not None else 1,
        position,
    )


def _support_rank(rows: list[Evidence]) -> tuple[int, int, int, int]:
    """How well a part is supported: a headline whose difference people may notice first,
    then by its certainty (high certainty of no noticeable difference comes after)."""
    if not rows:
        return (9, 9, 9, 9)
    head = rows[0]
    return (
        1 if head.pooled_with else 0,
        0 if head.reaches_mid in ("yes", "unclear") else 1,
        CERTAINTY_RANK[head.certainty],
        NOTICEABLE_RANK[head.reaches_mid],
    )


def own_order(option: Option) -> list[Evidence]:
    """One option's own findings (not its parts'), its headline first."""
    ranked = sorted(enumerate(option.evidence), key=lambda p: _finding_rank(p[1], p[0]))
    return [row for _, row in ranked]


def part_order(index: Index, option_id: str) -> list[Option]:
    """A composite option's parts, best supported first; [] for an option without parts."""
    parts = index.parts.get(option_id, [])
    ranked = sorted(enumerate(parts), key=lambda p: (_support_rank(own_order(p[1])), p[0]))
    return [part for _, part in ranked]


def benefit_order(index: Index, option_id: str) -> list[tuple[Option, Evidence]]:
    """Every finding of an option and its parts, in the order the comparison shows them.

    A composite option leads with each part's headline (best-supported part first), then the
    rest of each part's findings, then its own findings as a whole."""
    option = index.option(option_id)
    parts = part_order(index, option_id)
    if not parts:
        return [(option, row) for row in own_order(option)]
    ordered = [(part, own_order(part)) for part in parts]
    heads = [(part, rows[0]) for part, rows in ordered if rows]
    rest = [(part, row) for part, rows in ordered for row in rows[1:]]
    return heads + rest + [(option, row) for row in own_order(option)]


def key_benefits(index: Index, option_id: str, limit: int) -> list[tuple[Option, Evidence]]:
    """The findings a summary shows: the headline first, then one per outcome not yet shown
    (so one outcome cannot fill the page; pooled evidence does not jump the queue for this),
    then the next in order. A composite option shows
    one headline per part instead, up to ``limit`` per part count."""
    ordered = benefit_order(index, option_id)
    parts = part_order(index, option_id)
    if parts:
        heads = [pair for pair in ordered if pair[0].parent == option_id]
        seen: set[str] = set()
        chosen = []
        for member, row in heads:
            if member.id not in seen:
                seen.add(member.id)
                chosen.append((member, row))
        return chosen[: max(limit, len(parts))]
    chosen = ordered[:1]
    outcomes = {row.outcome for _, row in chosen}
    for member, row in ordered[1:]:
        if len(chosen) >= limit:
            break
        if row.outcome not in outcomes and not row.pooled_with:
            chosen.append((member, row))
            outcomes.add(row.outcome)
    for pair in ordered:
        if len(chosen) >= limit:
            break
        if pair not in chosen:
            chosen.append(pair)
    return chosen


# ----------------------------------------------------------------------------- harms


def harm_order(harms: list[tuple[Option, Harm]], unit: Unit) -> list[tuple[Option, Harm]]:
    """Rates in the comparison's unit first, then other rates, then harms without a rate;
    among them serious before side effects, then by severity, then the knowledge base's
    order."""

    def rank(item: tuple[int, tuple[Option, Harm]]) -> tuple[int, int, int, int]:
        position, (_, harm) = item
        rate = harm.rate
        return (
            0 if rate is not None and rate.denominator == unit else 1 if rate is not None else 2,
            0 if harm.kind == "serious" else 1,
            SEVERITY_RANK.get(harm.severity or "", 9),
            position,
        )

    return [pair for _, pair in sorted(enumerate(harms), key=rank)]


# ----------------------------------------------------------------------------- guidelines


@dataclass(frozen=True)
class Disagreement:
    member: Option  # the option, or the part of it, that guidelines disagree about
    positions: list[tuple[Guideline, Position]]  # every position on it, in the KB's order


def disagreement(index: Index, member_id: str) -> Disagreement | None:
    """Positions on one option when guidelines disagree about it, else None."""
    pairs = [(g, p) for g in index.kb.guidelines for p in g.positions if p.option == member_id]
    stances = {p.stance for _, p in pairs}
    if stances & FOR and "against" in stances:
        return Disagreement(index.options[member_id], pairs)
    return None


def disagreements(index: Index, option_ids: list[str]) -> list[Disagreement]:
    """Every option or part among ``option_ids`` (and their parts) guidelines disagree about."""
    out = []
    seen: set[str] = set()
    for option_id in option_ids:
        for member in index.family(option_id):
            if member.id in seen:
                continue
            seen.add(member.id)
            found = disagreement(index, member.id)
            if found is not None:
                out.append(found)
    return out
