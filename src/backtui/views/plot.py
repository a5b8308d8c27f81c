"""What the Benefits forest plot shows, as plain data: one measure on one shared axis.

The app (``ui.present.plot_data``) draws these rows in character cells and ``backtui site``
draws them as SVG with a table of the same numbers. Pure Python; never imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass

from backtui.kb.queries import CERTAINTY_SYMBOLS, CERTAINTY_WORDS, Index, important_difference
from backtui.kb.schema import Better, Evidence, Option, Scale
from backtui.views import model
from backtui.views.model import Target, comparator_title, source_short
from backtui.wording import effect_numbers, number, one_line

OUTCOME_ORDER = ("pain", "function", "quality-of-life", "response", "other")
OUTCOME_WORDS = {
    "pain": "pain",
    "function": "function",
    "quality-of-life": "quality of life",
    "response": "people who improved",
    "other": "other outcomes",
}
COMPARATOR_SHORT = {
    "sham": "sham",
    "placebo": "placebo",
    "no-treatment": "no treatment",
    "usual-care": "usual care",
    "other": "other treatments",
}


@dataclass(frozen=True)
class PlotRow:
    member: Option  # the option or part the finding is about
    row: Evidence
    label: str  # the option's (or part's) name
    keep: str  # "vs sham": the comparator
    estimate: float
    ci_low: float | None
    ci_high: float | None
    numbers: str  # "−8.2 (−12.1 to −4.3) ⊕⊕◯◯ Mu 2020"
    mid: float | None  # the row's own important difference, when its review set one
    certainty: str
    source: str  # "Mu 2020"
    target: Target


@dataclass(frozen=True)
class Plot:
    words: str  # "pain, all comparators"
    measure: str  # "MD", "SMD", "RR", ...
    units: str  # "mean difference on Pain (0-100)"
    scale: Scale | None
    better: Better  # which direction favours the option
    mid: float | None  # the scale's smallest difference patients notice (its band)
    null: float
    log: bool
    rows: list[PlotRow]
    elsewhere: list[str]  # findings on other measures, in words: never on this axis
    elsewhere_rows: list[tuple[Option, Evidence]]  # the same findings, as records


def outcomes(index: Index, option_ids: list[str]) -> list[str]:
    """Outcomes that have numbers for at least one selected option, in a stable order."""
    found = {
        row.outcome
        for option_id in option_ids
        for _, row in index.evidence(option_id)
        if row.estimate is not None
    }
    return [o for o in OUTCOME_ORDER if o in found]


def better(index: Index, row: Evidence) -> Better:
    if row.measure in ("md", "mean-change") and row.scale in index.scales:
        return index.scales[row.scale].better
    if row.measure == "smd":
        return "lower"  # knowledge-base convention: a negative SMD favours the option
    return "higher"  # risk differences and ratios of people who improved


def plot(index: Index, option_ids: list[str], outcome: str, comparator: str | None) -> Plot | None:
    """Rows for every selected option (and usual-care part) on the most common measure, or
    None when no option has a number for ``outcome``."""
    groups: dict[tuple[str, str], list[tuple[Option, Evidence]]] = {}
    for option_id in option_ids:
        for member, row in index.evidence(option_id, comparator):
            if row.outcome != outcome or row.estimate is None or row.measure is None:
                continue
            if member.id != option_id and member.id in option_ids:
                continue  # a part compared as a column of its own is plotted once, as itself
            groups.setdefault((row.measure, row.scale or ""), []).append((member, row))
    if not groups:
        return None

    # A mean difference on a scale with a known smallest-noticeable difference gets the plot
    # (points people can picture, with the band to compare against); else the largest group.
    def rank(k: tuple[str, str]) -> tuple[bool, int]:
        scale = index.scales.get(k[1])
        return (k[0] == "md" and scale is not None and scale.mid is not None, len(groups[k]))

    key = max(groups, key=rank)
    measure, scale_id = key
    scale = index.scales.get(scale_id)
    units = model.measure_name(measure) + (f" on {one_line(scale.name)}" if scale else "")
    if measure == "rd":
        units = "risk difference in percentage points"
    rows = []
    for member, row in groups[key]:
        assert row.estimate is not None
        numbers = number(row.estimate)
        if row.ci_low is not None and row.ci_high is not None:
            numbers += f" ({number(row.ci_low)} to {number(row.ci_high)})"
        short = source_short(index, row.source)
        numbers += f" {CERTAINTY_SYMBOLS[row.certainty]} {short}"
        # A review that set its own important difference is drawn against that one.
        own = important_difference(index, row) if measure == "md" else None
        if own is None or scale is None or own == scale.mid:
            own = None
        else:
            numbers += f" † MID {number(own)}"
        rows.append(
            PlotRow(
                member=member,
                row=row,
                label=one_line(member.name),
                keep=f"vs {COMPARATOR_SHORT[row.comparator]}",
                estimate=row.estimate,
                ci_low=row.ci_low,
                ci_high=row.ci_high,
                numbers=numbers,
                mid=own,
                certainty=row.certainty,
                source=short,
                target=Target("evidence", member.id, row.id),
            )
        )
    others = [pair for other, pairs in groups.items() if other != key for pair in pairs]
    elsewhere = [
        f"{one_line(member.name)} vs {COMPARATOR_SHORT[row.comparator]} "
        f"({source_short(index, row.source)}): {effect_numbers(row, index)} · "
        f"{CERTAINTY_WORDS[row.certainty]}"
        for member, row in others
    ]
    ratio = measure in ("rr", "or")
    return Plot(
        words=f"{OUTCOME_WORDS[outcome]}, {comparator_title(comparator)}",
        measure=measure.upper(),
        units=units,
        scale=scale,
        better=better(index, groups[key][0][1]),
        mid=scale.mid if scale is not None and measure == "md" else None,
        null=1.0 if ratio else 0.0,
        log=ratio,
        rows=rows,
        elsewhere=elsewhere,
        elsewhere_rows=others,
    )
