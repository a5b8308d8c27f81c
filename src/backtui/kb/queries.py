"""Questions the interface asks of a knowledge base. Pure functions over validated data."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol

from backtui.kb.schema import (
    Answer,
    Evidence,
    Guideline,
    Harm,
    KnowledgeBase,
    Option,
    Position,
    Question,
    SharedAnswer,
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
    "not-graded": "certainty not graded by the source",
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


def primary_address(source: Source) -> str:
    """The address a clinician trusts for a source, derived from its identifiers.

    DOI -> https://doi.org/DOI; else PMID -> the PubMed page; else the source's ``home`` (the
    issuing body's own page); else the first of its ``urls``. The ``urls`` are where figures
    were read, and are shown second, as provenance.
    """
    if source.doi:
        return f"https://doi.org/{source.doi}"
    if source.pmid:
        return f"https://pubmed.ncbi.nlm.nih.gov/{source.pmid}/"
    if source.home:
        return source.home
    return source.urls[0]


def read_at(source: Source) -> list[str]:
    """Where the figures were read: the ``urls`` other than the primary address."""
    primary = primary_address(source)
    return [url for url in source.urls if url != primary]


def important_difference(index: Index, row: Evidence) -> float | None:
    """The threshold a row is judged against: its review's own ``mid``, else its scale's."""
    if row.mid is not None:
        return row.mid
    scale = index.scales.get(row.scale or "")
    return scale.mid if scale is not None else None


def important_difference_source(index: Index, row: Evidence) -> Source | None:
    """The source that set the row's threshold (row's own ``mid_source`` or ``source``)."""
    if row.mid is not None:
        return index.sources.get(row.mid_source or row.source)
    scale = index.scales.get(row.scale or "")
    if scale is None or scale.mid is None or scale.mid_source is None:
        return None
    return index.sources.get(scale.mid_source)


class _Noted(Protocol):
    @property
    def editor_note(self) -> str | None: ...


def editor_notes(kb: KnowledgeBase) -> list[tuple[str, str]]:
    """Every ``editor_note``, as (where, text): for editors, never shown to patients."""
    return [(where, record.editor_note) for where, record in _noted(kb) if record.editor_note]


def _noted(kb: KnowledgeBase) -> Iterator[tuple[str, _Noted]]:
    """Every record that may carry an editor's note, with where it is, in file order (one
    loop a kind of record: they nest differently)."""
    yield "meta.natural_course", kb.meta.natural_course
    for source in kb.sources:
        yield f"source {source.id}", source
    for option in kb.options:
        for row in option.evidence:
            yield f"evidence {row.id}", row
        for harm in option.harms:
            yield f"harm {harm.id}", harm
    for guideline in kb.guidelines:
        yield f"guideline {guideline.id}", guideline
        for position in guideline.positions:
            yield f"guideline {guideline.id} on {position.option}", position
    for question in kb.questions:
        for answer in question.answers:
            yield f"question {question.id} for {answer.option}", answer
    for claim in kb.claims:
        yield f"claim {claim.id}", claim


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
        f"  editor notes:  {len(editor_notes(kb))}",
    ]


class Index:
    """Lookups built once per knowledge base, so key presses never scan lists."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.options = {o.id: o for o in kb.options}
        self.sources = {s.id: s for s in kb.sources}
        self.scales = {s.id: s for s in kb.scales}
        self.factors = {f.id: f for f in kb.factors}
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

    def answers(self, option_id: str) -> list[tuple[str, Answer | SharedAnswer | None]]:
        return [(q.text, answer_for(q, option_id)) for q in self.kb.questions]

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
            answer = answer_for(question, option_id)
            if answer is not None:
                ids += answer.sources
        seen: dict[str, Source] = {}
        for sid in ids:
            if sid not in seen:
                seen[sid] = self.sources[sid]
        return list(seen.values())


def answer_for(question: Question, option_id: str) -> Answer | SharedAnswer | None:
    """The question's answer for an option: its shared answer, or the option's own."""
    if question.shared is not None:
        return question.shared
    return next((a for a in question.answers if a.option == option_id), None)
