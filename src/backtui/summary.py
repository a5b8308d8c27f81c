"""The handout to bring to an appointment, as a format-neutral structure.

``build(kb, option_ids, profile)`` gathers what the exports show, in the order they show it:
first the person's own part (ratings, shortlist, notes, questions and SURE answers, or with no
profile what a blank worksheet needs: the factors, the suggested questions), with the warning
signs that need urgent care (the disclaimer's own sentences that say so) and the notice that
this informs a conversation; then the options side by side on the Option Grid's questions with
key benefit figures and their certainty, key harms with their denominators and guideline
positions (including where guidelines disagree), all taken from the view model; then the
sources cited, in full, with DOI or PMID; and the rest of the disclaimer.

Every string taken from the knowledge base or the profile is cleaned here (control characters
and bidirectional overrides removed). The renderers in ``backtui.export`` escape it for their
format. Pure Python; never imports Textual.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from dataclasses import dataclass
from typing import Any

from backtui.citations import printed_authors
from backtui.kb.queries import (
    CERTAINTY_SYMBOLS,
    CERTAINTY_WORDS,
    STANCE_WORDS,
    Index,
    primary_address,
)
from backtui.kb.schema import (
    Certainty,
    HarmKind,
    KnowledgeBase,
    Option,
    Outcome,
    Source,
    SourceKind,
)
from backtui.profile.model import SURE_ITEMS, Profile
from backtui.views import fairness, model
from backtui.wording import (
    DISCLAIMER_FALLBACK,
    MID_WORDS,
    RATING_WORDS,
    clean,
    effect_numbers,
    one_line,
    outcome_name,
    size_of_evidence,
)

SUMMARY_FORMAT = "backtui-summary"
SUMMARY_VERSION = 3
# 2: each key benefit carries the view model's title.
# 3: answers[].shared, warning_signs, disclaimer_rest, factors, prompts, urgent_prompt,
#    personal.sure_no; sources in full (authors_short empty when the KB has none).

MAX_BENEFITS = 3  # per option, its parts included
MAX_HARMS = 3  # per option, its parts included: rates first, serious before side effects
_URGENT = re.compile(r"\b(?:urgent|urgently|emergency|immediately)\b", re.IGNORECASE)
_ABBREVIATION = re.compile(r"\(([A-Z][A-Za-z&]{1,11})\)\s*$")

SURE_ANSWER_WORDS = {True: "yes", False: "no", None: "not answered"}
SURE_RESULT_WORDS = {
    "ready": "Yes to all four: you feel ready to make this choice.",
    "not sure yet": (
        "Not sure yet. That is a common and normal place to be: "
        "talk it through with your clinician."
    ),
    "unanswered": "Not all four questions are answered yet.",
}


class SelectionError(ValueError):
    """An unusable --compare list; the message says what is wrong and what is allowed."""


# ----------------------------------------------------------------------------- structure


@dataclass(frozen=True)
class SourceRef:
    number: int  # [1], [2], ... in order of first citation
    id: str
    kind: SourceKind
    authors: str
    authors_short: str  # the first three authors, then "et al."; "" when the KB has none
    year: int
    title: str
    journal: str
    doi: str | None
    pmid: str | None
    other_ids: list[str]  # ISBN, or the source's own identifier
    url: str | None  # the primary address (DOI link, PubMed, the body's page, else the first)


@dataclass(frozen=True)
class Benefit:
    title: str  # the view model's title: part, outcome and comparator, "Pain · Usual care"
    part: str  # "" for the option itself, else the name of the part (a component)
    outcome: str
    outcome_kind: Outcome
    comparator: str
    timepoint: str
    plain: str
    plain_short: str  # its first sentence
    numbers: str  # e.g. "MD −1.2 (95% CI −2 to −0.4) on Stiffness (0-10)"; "" if in words
    numbers_short: str  # without "on <scale>" when the outcome's own label names the scale
    frequencies: str  # "About 48 in 100 people improved with ..."; "" if not given
    evidence: str  # "2 studies, 200 people"
    certainty: Certainty
    certainty_words: str
    certainty_symbols: str
    noticeable: str
    source: str
    cite: int


@dataclass(frozen=True)
class HarmFigure:
    part: str
    kind: HarmKind  # serious | side-effect (cautions are listed apart)
    label: str
    severity: str
    rate: str  # "about 12 per 100 patients, over 6 weeks"; "" when the KB gives no rate
    value: float | None
    per: int | None
    denominator: str | None  # patients | treatments
    source: str
    cite: int


@dataclass(frozen=True)
class GuidelinePosition:
    body: str
    body_short: str  # the abbreviation the body gives in brackets, e.g. NICE; else the body
    year: int
    region: str
    part: str
    stance: str  # recommend | conditional | against | no-statement
    stance_words: str
    strength: str
    certainty: str
    statement: str
    source: str
    cite: int


@dataclass(frozen=True)
class Answer:
    question: str
    text: str
    cites: list[int]
    shared: bool = False  # one answer for every option (a fact about the condition)


@dataclass(frozen=True)
class OptionSummary:
    id: str
    name: str
    part_of: str  # "" or the name of the option this one is a part of
    summary: str
    summary_short: str  # its first sentence
    answers: list[Answer]  # one per question, in the KB's order (the Option Grid's rows)
    benefits: list[Benefit]
    benefits_not_shown: int
    harms: list[HarmFigure]
    harms_not_shown: int
    cautions: list[str]  # labels of the cautions for the option and its parts
    guidelines: list[GuidelinePosition]  # every position on the option and its parts
    guidelines_disagree: bool
    guidelines_disagree_on: list[str]  # parts guidelines disagree about; "" is the option
    facts: dict[str, str]  # factor id -> the KB's fact for this option
    shortlisted: bool
    note: str


@dataclass(frozen=True)
class GuidelineRef:
    short: str
    body: str
    year: int
    region: str
    title: str
    cite: int


@dataclass(frozen=True)
class Disagreement:
    option: str
    positions: list[str]  # "NICE (2016): recommends against" (the short name of the body)


@dataclass(frozen=True)
class Rating:
    factor: str
    label: str
    value: int
    words: str
    facts: list[str]  # the KB's fact per compared option, "" when it has none


@dataclass(frozen=True)
class Note:
    option: str
    text: str


@dataclass(frozen=True)
class OwnQuestion:
    text: str
    ticked: bool


@dataclass(frozen=True)
class SureAnswer:
    question: str
    answer: str  # yes | no | not answered


@dataclass(frozen=True)
class Personal:
    ratings: list[Rating]  # factors the person rated, most important first
    shortlist: list[str]  # option names, in the order marked
    notes: list[Note]
    ticked_prompts: list[str]
    own_questions: list[OwnQuestion]
    sure: list[SureAnswer]
    sure_result: str  # ready | not sure yet | unanswered
    sure_result_words: str
    sure_no: list[str]  # the names of the SURE questions answered "no" ("Sure of myself")
    updated: str
    other_kb: str  # the profile's kb_id when it was made with a different knowledge base


@dataclass(frozen=True)
class Summary:
    format: str
    format_version: int
    title: str
    kb_id: str
    kb_version: str
    reviewed: str
    next_review: str
    created: str
    condition: str
    questions: list[str]
    options: list[OptionSummary]
    guidelines: list[GuidelineRef]  # the guidelines with a position on a compared option
    disagreements: list[Disagreement]
    personal: Personal | None
    sources: list[SourceRef]
    disclaimer: str
    warning_signs: list[str] = dataclasses.field(default_factory=list)  # urgent-care sentences
    disclaimer_rest: str = ""  # the disclaimer without the warning signs
    factors: list[str] = dataclasses.field(default_factory=list)  # every factor's label
    prompts: list[str] = dataclasses.field(default_factory=list)  # every suggested question
    urgent_prompt: str = ""  # the prompt 'urgent-signs' when the disclaimer names no signs
    notice: str = DISCLAIMER_FALLBACK
    funding: str = ""
    conflicts_of_interest: str = ""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


# ----------------------------------------------------------------------------- selection


def default_selection(kb: KnowledgeBase) -> list[str]:
    """The options shown at start: meta.default_compare, else the first three top-level ones."""
    chosen = list(kb.meta.default_compare)
    if chosen:
        return chosen
    return [o.id for o in kb.options if o.parent is None][:3]


def parse_selection(kb: KnowledgeBase, compare: str | None) -> list[str]:
    """Option ids from a comma-separated --compare value (duplicates dropped), or the default."""
    if compare is None:
        return default_selection(kb)
    selection = [part.strip() for part in compare.split(",") if part.strip()]
    if not selection:
        raise SelectionError("--compare needs at least one option id")
    known = {o.id for o in kb.options}
    unknown = [o for o in selection if o not in known]
    if unknown:
        raise SelectionError(
            f"unknown option id {one_line(unknown[0])!r}; known ids: {', '.join(sorted(known))}"
        )
    return list(dict.fromkeys(selection))


# ----------------------------------------------------------------------------- words


def short_body(body: str) -> str:
    """'National Institute for Health and Care Excellence (NICE)' -> 'NICE'; else the body."""
    match = _ABBREVIATION.search(body)
    return match.group(1) if match else body


def warning_sentences(disclaimer: str) -> tuple[list[str], str]:
    """The disclaimer's sentences about urgent care ("Get urgent medical help if ..."), and
    the rest of it. Nothing is added: the sentences are the knowledge base's own."""
    sentences = [x for x in re.split(r"(?<=[.!?])\s+", one_line(disclaimer)) if x]
    urgent = [x for x in sentences if _URGENT.search(x)]
    rest = " ".join(x for x in sentences if not _URGENT.search(x))
    return urgent, rest


def first_sentence(text: str, limit: int = 240) -> str:
    """The first sentence of ``text`` (or ``text`` cut at a word near ``limit``)."""
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    sentence = match.group(1) if match else text
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0] + " …"
    return sentence


# ----------------------------------------------------------------------------- building


class _Citations:
    """Numbers sources in order of first citation."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.numbers: dict[str, int] = {}

    def cite(self, source_id: str) -> int:
        if source_id not in self.numbers:
            self.numbers[source_id] = len(self.numbers) + 1
        return self.numbers[source_id]

    def refs(self) -> list[SourceRef]:
        return [_source_ref(self.index.sources[sid], n) for sid, n in self.numbers.items()]


def _source_ref(source: Source, number: int) -> SourceRef:
    others = []
    if source.isbn:
        others.append(f"ISBN {one_line(source.isbn)}")
    if source.other_id:
        others.append(one_line(source.other_id))
    address = one_line(primary_address(source))
    url = address if address.startswith("https://") else None
    return SourceRef(
        number=number,
        id=source.id,
        kind=source.kind,
        authors=one_line(source.authors),
        authors_short=printed_authors(source.authors),
        year=source.year,
        title=one_line(source.title),
        journal=one_line(source.journal),
        doi=one_line(source.doi) if source.doi else None,
        pmid=one_line(source.pmid) if source.pmid else None,
        other_ids=others,
        url=url,
    )


def _part(member: Option, option_id: str) -> str:
    return "" if member.id == option_id else one_line(member.name)


def _option_summary(
    index: Index,
    option_id: str,
    citations: _Citations,
    profile: Profile | None,
    unit: fairness.Unit,
) -> OptionSummary:
    option = index.option(option_id)
    kb = index.kb

    answers = []
    for question in kb.questions:
        answer = model.grid_answer(question, option_id)
        cites = [citations.cite(sid) for sid in answer.sources]
        answers.append(Answer(answer.question, answer.short, cites, answer.shared))

    rows = index.evidence(option_id)
    benefits = []
    for key in model.key_benefits(index, option_id, MAX_BENEFITS):
        member, row = key.member, key.row
        benefits.append(
            Benefit(
                title=key.title,
                part=_part(member, option_id),
                outcome=outcome_name(row),
                outcome_kind=row.outcome,
                comparator=one_line(row.comparator_label),
                timepoint=one_line(row.timepoint),
                plain=key.statement,
                plain_short=first_sentence(key.statement),
                numbers=effect_numbers(row, index),
                numbers_short=key.figure,
                frequencies=key.frequencies,
                evidence=size_of_evidence(row),
                certainty=row.certainty,
                certainty_words=CERTAINTY_WORDS[row.certainty],
                certainty_symbols=CERTAINTY_SYMBOLS[row.certainty],
                noticeable=MID_WORDS[row.reaches_mid],
                source=row.source,
                cite=citations.cite(row.source),
            )
        )

    key_harms, harms_left = model.key_harms(index, option_id, unit, MAX_HARMS)
    harms = []
    for key_harm in key_harms:
        harm, rate = key_harm.harm, key_harm.harm.rate
        harms.append(
            HarmFigure(
                part=_part(key_harm.member, option_id),
                kind=harm.kind,
                label=one_line(harm.label),
                severity=harm.severity or "",
                rate=key_harm.frequency,
                value=rate.value if rate else None,
                per=rate.per if rate else None,
                denominator=rate.denominator if rate else None,
                source=harm.source,
                cite=citations.cite(harm.source),
            )
        )
    cautions = [
        (f"{_part(m, option_id)}: " if _part(m, option_id) else "") + one_line(h.label)
        for m, h in index.harms(option_id, ("caution",))
    ]

    positions = []
    for guideline, position in index.positions(option_id):
        member = index.options[position.option]
        positions.append(
            GuidelinePosition(
                body=one_line(guideline.body),
                body_short=short_body(one_line(guideline.body)),
                year=guideline.year,
                region=one_line(guideline.region),
                part=_part(member, option_id),
                stance=position.stance,
                stance_words=STANCE_WORDS[position.stance],
                strength=one_line(position.strength),
                certainty=one_line(position.certainty),
                statement=one_line(position.statement),
                source=guideline.source,
                cite=citations.cite(guideline.source),
            )
        )
    disagree_on = [_part(d.member, option_id) for d in fairness.disagreements(index, [option_id])]

    facts: dict[str, str] = {}
    for fact in option.facts:
        facts.setdefault(fact.factor, one_line(fact.text))

    parent = index.options.get(option.parent) if option.parent else None
    note = ""
    shortlisted = False
    if profile is not None:
        note = clean(profile.notes.get(option_id, "")).strip()
        shortlisted = option_id in profile.shortlist
    return OptionSummary(
        id=option.id,
        name=one_line(option.name),
        part_of=one_line(parent.name) if parent else "",
        summary=one_line(option.summary),
        summary_short=first_sentence(one_line(option.summary)),
        answers=answers,
        benefits=benefits,
        benefits_not_shown=len(rows) - len(benefits),
        harms=harms,
        harms_not_shown=harms_left,
        cautions=cautions,
        guidelines=positions,
        guidelines_disagree=bool(disagree_on),
        guidelines_disagree_on=disagree_on,
        facts=facts,
        shortlisted=shortlisted,
        note=note,
    )


def guideline_disagreements(index: Index, option_ids: list[str]) -> list[Disagreement]:
    return [
        Disagreement(
            option=one_line(found.member.name),
            positions=[
                f"{short_body(one_line(g.body))} ({g.year}): {STANCE_WORDS[p.stance]}"
                for g, p in found.positions
            ],
        )
        for found in fairness.disagreements(index, option_ids)
    ]


def _personal(index: Index, option_ids: list[str], profile: Profile) -> Personal:
    kb = index.kb
    factors = {f.id: f for f in kb.factors}
    order = {f.id: i for i, f in enumerate(kb.factors)}
    ratings = []
    rated = sorted(
        ((fid, value) for fid, value in profile.ratings.items()),
        key=lambda item: (-item[1], order.get(item[0], len(order)), item[0]),
    )
    for factor_id, value in rated:
        factor = factors.get(factor_id)
        label = one_line(factor.label) if factor else one_line(factor_id)
        facts = []
        for option_id in option_ids:
            option = index.options[option_id]
            fact = next((f for f in option.facts if f.factor == factor_id), None)
            facts.append(one_line(fact.text) if fact else "")
        ratings.append(
            Rating(
                factor=one_line(factor_id),
                label=label,
                value=value,
                words=RATING_WORDS[value] if 0 <= value < len(RATING_WORDS) else str(value),
                facts=facts,
            )
        )

    def name(option_id: str) -> str:
        option = index.options.get(option_id)
        if option is None:
            return f"{one_line(option_id)} (not in this knowledge base)"
        return one_line(option.name)

    shortlist = [name(o) for o in dict.fromkeys(profile.shortlist)]
    note_order = [*dict.fromkeys([*profile.shortlist, *option_ids]), *profile.notes]
    notes = [
        Note(name(o), clean(profile.notes[o]).strip())
        for o in dict.fromkeys(note_order)
        if o in profile.notes and clean(profile.notes[o]).strip()
    ]
    prompts = {p.id: p for p in kb.prompts}
    ticked = [
        one_line(prompts[p].text) if p in prompts else one_line(p)
        for p in dict.fromkeys(profile.ticked_prompts)
    ]
    own = [OwnQuestion(one_line(q.text), q.ticked) for q in profile.own_questions if q.text]
    sure = [
        SureAnswer(one_line(text), SURE_ANSWER_WORDS[profile.sure.get(k)]) for k, text in SURE_ITEMS
    ]
    result = profile.sure_result()
    sure_no = [a.question.split(":")[0] for a in sure if a.answer == "no"]
    return Personal(
        ratings=ratings,
        shortlist=shortlist,
        notes=notes,
        ticked_prompts=ticked,
        own_questions=own,
        sure=sure,
        sure_result=result,
        sure_result_words=SURE_RESULT_WORDS.get(result, result),
        sure_no=sure_no,
        updated=one_line(profile.updated),
        other_kb=one_line(profile.kb_id) if profile.kb_id and profile.kb_id != kb.meta.id else "",
    )


def build(
    kb: KnowledgeBase,
    option_ids: list[str],
    profile: Profile | None = None,
    *,
    index: Index | None = None,
    today: datetime.date | None = None,
) -> Summary:
    """The summary of ``option_ids`` (validated ids, in display order) and the person's profile."""
    index = index or Index(kb)
    unknown = [o for o in option_ids if o not in index.options]
    if unknown:
        raise SelectionError(f"unknown option id {one_line(unknown[0])!r}")
    citations = _Citations(index)
    unit = fairness.comparison_unit(index, option_ids)
    options = [_option_summary(index, o, citations, profile, unit) for o in option_ids]
    guidelines = []
    for guideline in kb.guidelines:
        members = {m.id for o in option_ids for m in index.family(o)}
        if any(p.option in members for p in guideline.positions):
            guidelines.append(
                GuidelineRef(
                    short=short_body(one_line(guideline.body)),
                    body=one_line(guideline.body),
                    year=guideline.year,
                    region=one_line(guideline.region),
                    title=one_line(guideline.title),
                    cite=citations.cite(guideline.source),
                )
            )
    personal = _personal(index, option_ids, profile) if profile is not None else None
    if profile is not None:
        for option_id in option_ids:
            for fact in index.options[option_id].facts:
                if fact.factor in profile.ratings:
                    for source_id in fact.sources:
                        citations.cite(source_id)
    meta = kb.meta
    warning_signs, disclaimer_rest = warning_sentences(meta.disclaimer)
    urgent_prompt = next((one_line(p.text) for p in kb.prompts if p.id == "urgent-signs"), "")
    return Summary(
        format=SUMMARY_FORMAT,
        format_version=SUMMARY_VERSION,
        title=one_line(meta.title),
        kb_id=meta.id,
        kb_version=one_line(meta.version),
        reviewed=meta.reviewed.isoformat(),
        next_review=meta.next_review.isoformat(),
        created=(today or datetime.date.today()).isoformat(),
        condition=one_line(meta.condition.name),
        questions=[one_line(q.text) for q in kb.questions],
        options=options,
        guidelines=guidelines,
        disagreements=guideline_disagreements(index, option_ids),
        personal=personal,
        sources=citations.refs(),
        disclaimer=clean(meta.disclaimer).strip(),
        warning_signs=warning_signs,
        disclaimer_rest=disclaimer_rest,
        factors=[one_line(f.label) for f in kb.factors],
        prompts=[one_line(p.text) for p in kb.prompts],
        urgent_prompt="" if warning_signs else urgent_prompt,
        funding=one_line(meta.funding),
        conflicts_of_interest=one_line(meta.conflicts_of_interest),
    )
