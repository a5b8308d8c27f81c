"""Questions the interface asks of a knowledge base. Pure functions over validated data."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from backtui.kb.schema import (
    Answer,
    Evidence,
    Guideline,
    Harm,
    KnowledgeBase,
    Option,
    Position,
    Source,
)
from backtui.sanitize import clean

if TYPE_CHECKING:
    from backtui.kb.loader import Loaded

CERTAINTY_WORDS = {
    "high": "high certainty",
    "moderate": "moderate certainty",
    "low": "low certainty",
    "very-low": "very low certainty",
    "not-graded": "not graded",
}
CERTAINTY_SYMBOLS = {
    "high": "⊕⊕⊕⊕",
    "moderate": "⊕⊕⊕◯",
    "low": "⊕⊕◯◯",
    "very-low": "⊕◯◯◯",
    "not-graded": "····",
}
STANCE_WORDS = {
    "recommend": "recommends",
    "conditional": "may be offered (conditional)",
    "against": "recommends against",
    "no-statement": "no statement",
}
VERDICT_WORDS = {
    "supported": "supported",
    "partly-supported": "partly supported",
    "unsupported": "unsupported",
    "unclear": "unclear",
}
# A sham procedure is to acupuncture what a placebo pill is to a medicine.
COMPARATOR_GROUPS = {
    "sham": ("sham", "placebo"),
    "placebo": ("sham", "placebo"),
    "no-treatment": ("no-treatment",),
    "usual-care": ("usual-care",),
    "other": ("other",),
}
COMPARATOR_WORDS = {
    "sham": "versus sham or placebo",
    "no-treatment": "versus no treatment",
    "usual-care": "versus usual care",
    "placebo": "versus placebo",
    "other": "versus other treatments",
}


def summary_lines(loaded: Loaded) -> list[str]:
    kb = loaded.kb
    top = [o for o in kb.options if o.parent is None]
    parts = len(kb.options) - len(top)
    evidence = sum(len(o.evidence) for o in kb.options)
    harms = sum(len(o.harms) for o in kb.options)
    return [
        f"{clean(loaded.path)}: valid",
        f"  {clean(kb.meta.title)} (version {clean(kb.meta.version)})",
        f"  reviewed {kb.meta.reviewed.isoformat()}, next review {kb.meta.next_review.isoformat()}",
        f"  options:       {len(kb.options)} ({len(top)} top-level, {parts} parts)",
        f"  evidence rows: {evidence}",
        f"  harms:         {harms}",
        f"  sources:       {len(kb.sources)}",
        f"  guidelines:    {len(kb.guidelines)}",
        f"  questions:     {len(kb.questions)}",
        f"  claims:        {len(kb.claims)}",
    ]


class Index:
    """Lookups built once per knowledge base, so key presses never scan lists."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.options = {o.id: o for o in kb.options}
        self.sources = {s.id: s for s in kb.sources}
        self.scales = {s.id: s for s in kb.scales}
        self.parts: dict[str, list[Option]] = {}
        for option in kb.options:
            if option.parent is not None:
                self.parts.setdefault(option.parent, []).append(option)

    def option(self, option_id: str) -> Option:
        return self.options[option_id]

    def family(self, option_id: str) -> list[Option]:
        """The option followed by its parts (usual care and its components)."""
        return [self.options[option_id], *self.parts.get(option_id, [])]

    def evidence(
        self, option_id: str, comparator: str | None = None
    ) -> list[tuple[Option, Evidence]]:
        """Findings for an option and its parts; "sham" also matches drug placebos."""
        wanted = COMPARATOR_GROUPS.get(comparator or "", ())
        return [
            (member, row)
            for member in self.family(option_id)
            for row in member.evidence
            if comparator is None or row.comparator in wanted
        ]

    def harms(self, option_id: str, kinds: tuple[str, ...]) -> list[tuple[Option, Harm]]:
        return [
            (member, harm)
            for member in self.family(option_id)
            for harm in member.harms
            if harm.kind in kinds
        ]

    def positions(self, option_id: str) -> list[tuple[Guideline, Position]]:
        ids = {o.id for o in self.family(option_id)}
        return [
            (guideline, position)
            for guideline in self.kb.guidelines
            for position in guideline.positions
            if position.option in ids
        ]

    def answers(self, option_id: str) -> list[tuple[str, Answer | None]]:
        out: list[tuple[str, Answer | None]] = []
        for question in self.kb.questions:
            answer = next((a for a in question.answers if a.option == option_id), None)
            out.append((question.text, answer))
        return out

    def cited_sources(self, option_id: str) -> list[Source]:
        ids: list[str] = []
        for member in self.family(option_id):
            ids += member.involves.sources
            ids += [row.source for row in member.evidence]
            ids += [harm.source for harm in member.harms]
            for fact in member.facts:
                ids += fact.sources
        ids += [g.source for g, _ in self.positions(option_id)]
        for question in self.kb.questions:
            for answer in question.answers:
                if answer.option == option_id:
                    ids += answer.sources
        seen: dict[str, Source] = {}
        for sid in ids:
            if sid not in seen:
                seen[sid] = self.sources[sid]
        return list(seen.values())


def disagreements(kb: KnowledgeBase) -> Iterator[tuple[str, list[tuple[Guideline, Position]]]]:
    """Options on which guidelines take different stances (ignoring 'no statement')."""
    by_option: dict[str, list[tuple[Guideline, Position]]] = {}
    for guideline in kb.guidelines:
        for position in guideline.positions:
            by_option.setdefault(position.option, []).append((guideline, position))
    for option_id, pairs in by_option.items():
        stances = {p.stance for _, p in pairs if p.stance != "no-statement"}
        if len(stances) > 1:
            yield option_id, pairs
