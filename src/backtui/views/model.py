"""The view model: the one place that decides what each option says, on every surface.

It returns neutral :class:`Block` s, each with a role (a title, a statement, a figure, the
certainty, a caution, a citation, ...). The app (through ``backtui.ui.present``), ``backtui
show``, the summary and its renderers, and search render these blocks and build no wording of
their own. The fairness rules it applies are in :mod:`backtui.views.fairness`.

Text in a block is cleaned knowledge-base text (control characters removed) and is still
untrusted: every renderer shows it literally or escapes it for its format. Pure Python; never
imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, assert_never

from backtui.kb.queries import (
    CERTAINTY_WORDS,
    COMPARATOR_GROUPS,
    COMPARATOR_WORDS,
    STANCE_WORDS,
    VERDICT_WORDS,
    Index,
    answer_for,
    primary_address,
    read_at,
)
from backtui.kb.schema import Claim, Evidence, Guideline, Harm, Option, Position, Question, Source
from backtui.views import fairness
from backtui.views.aspects import BY_ID
from backtui.wording import (
    MID_WORDS,
    NO_ANSWER,
    effect_numbers,
    involves_lines,
    natural_frequencies,
    number,
    one_line,
    outcome_name,
    size_of_evidence,
    source_identifiers,
)

Role = Literal[
    "title",  # what the item is about: bold
    "heading",  # a section heading inside a record
    "statement",  # the main sentence
    "figure",  # numbers: an effect with its CI, or a rate
    "frequency",  # a natural frequency for people
    "icons",  # an icon array of ``value`` in 100, captioned by ``label``
    "certainty",  # GRADE certainty; ``code`` holds the level
    "noticeable",  # whether the difference is one patients notice
    "severity",  # ``code`` holds mild | significant | serious, or caution
    "stance",  # a guideline's stance; ``code`` holds it, ``text`` its strength and certainty
    "disagree",  # guidelines disagree; ``text`` lists the stances
    "field",  # ``label``: ``text``
    "meta",  # a de-emphasised fact: evidence size, time point, citation
    "citation",  # a source's journal line
    "hint",  # an italic hint (a pointer to more)
    "empty",  # an empty-state line
    "lead",  # the first, bold sentence of a full record
    "gap",  # a blank line between the parts of a record
    "verdict",  # a checked claim's verdict; ``code`` holds it
]
# plain: for people; clinician: a summary-of-findings row; full: both, for ``backtui show``
Layer = Literal["plain", "clinician", "full"]
TargetKind = Literal[
    "evidence", "harm", "position", "answer", "source", "claim", "option", "involves", "claims"
]


@dataclass(frozen=True)
class Block:
    role: Role
    text: str = ""
    label: str = ""
    code: str = ""
    value: float = 0.0


@dataclass(frozen=True)
class Target:
    """What an item stands for, so the app can open its full record."""

    kind: TargetKind
    option_id: str
    record_id: str = ""
    guideline_id: str = ""


@dataclass(frozen=True)
class ItemView:
    blocks: tuple[Block, ...]
    target: Target | None  # None: an empty-state or hint line with no record behind it

    @property
    def text(self) -> str:
        """The item as plain text, one block a line (search and tests read this)."""
        return "\n".join(text for text in map(block_text, self.blocks) if text)


CAUTION = "caution"
MEASURE_NAMES = {
    "md": "mean difference",
    "smd": "standardised mean difference",
    "rr": "risk ratio",
    "or": "odds ratio",
    "rd": "risk difference",
    "mean-change": "mean change",
}


def block_text(block: Block) -> str:
    """A block as plain words: what ``show``, search and the text exports print."""
    if block.role == "certainty":
        words = CERTAINTY_WORDS[block.code]
        return f"{block.label}: {words}" if block.label else words.capitalize() + "."
    if block.role == "field":
        return f"{block.label}: {block.text}"
    if block.role == "stance":
        if block.label:
            return f"{block.label}: {STANCE_WORDS[block.code]}"
        return f"{STANCE_WORDS[block.code].capitalize()}; {block.text}"
    if block.role == "verdict":
        return f"{block.label}: {VERDICT_WORDS[block.code]}"
    if block.role == "severity":
        return f"{block.label}: {block.code}" if block.label else block.code.capitalize()
    if block.role == "icons":
        return ""  # the frequency sentence beside it says the same in words
    return block.text


def _b(role: Role, text: str = "", *, code: str = "") -> Block:
    """A block of knowledge-base text, cleaned and made one line."""
    return Block(role, one_line(text), code=code)


# ----------------------------------------------------------------------------- words


def source_short(index: Index, source_id: str) -> str:
    """'Vickers 2012': first author's family name and year."""
    source = index.sources[source_id]
    words = one_line(source.authors).split(",")[0].split()
    while len(words) > 1 and words[-1].isupper():  # drop initials: "Abdel Shaheed C"
        words.pop()
    return f"{' '.join(words) or source.id} {source.year}"


def comparator_title(comparator: str | None) -> str:
    return "all comparators" if comparator is None else COMPARATOR_WORDS[comparator]


def _prefix(member: Option, option_id: str) -> str:
    return "" if member.id == option_id else f"{one_line(member.name)}: "


def finding_title(member: Option, row: Evidence, option_id: str) -> str:
    """'Pain · Usual care': the outcome and, always, the comparator."""
    return f"{_prefix(member, option_id)}{outcome_name(row)} · {one_line(row.comparator_label)}"


def harm_rate_words(harm: Harm, layer: Layer = "plain") -> str:
    """How often, in the one wording: rounded for people, exact for clinicians."""
    rate = harm.rate
    if rate is None:
        return ""
    text = fairness.exact_rate(rate) if layer == "clinician" else fairness.people_rate(rate)
    if rate.period:
        text += f", {one_line(rate.period)}"
    return text


# ----------------------------------------------------------------------------- items


def evidence_item(
    index: Index, member: Option, row: Evidence, option_id: str, layer: Layer
) -> ItemView:
    """One finding. Plain: the source's sentence, natural frequencies, certainty, noticeable
    or not. Clinician: the effect with its 95% CI, evidence size, time point and citation."""
    blocks = [_b("title", finding_title(member, row, option_id))]
    if layer != "clinician":
        blocks.append(_b("statement", row.plain))
        frequencies = natural_frequencies(row, member.name)
        if frequencies and "in 100" not in row.plain:  # the sentence may already say it
            blocks.append(_b("frequency", frequencies))
        if row.arms is not None and layer == "plain":
            blocks.append(
                Block("icons", label=f"With {one_line(member.name)}:", value=row.arms.intervention)
            )
            blocks.append(
                Block(
                    "icons",
                    label=f"With {one_line(row.comparator_label)}:",
                    value=row.arms.comparator,
                )
            )
    if layer != "plain":
        if row.estimate is not None or layer == "clinician":
            blocks.append(_b("figure", effect_numbers(row, index) or "reported in words"))
        facts = [size_of_evidence(row), one_line(row.timepoint), source_short(index, row.source)]
        if row.pooled_with:
            facts.append(f"pooled with {one_line(row.pooled_with)}")
        blocks.append(_b("meta", " · ".join(f for f in facts if f)))
    blocks.append(Block("certainty", code=row.certainty))
    mid = MID_WORDS[row.reaches_mid]
    if mid and layer != "clinician":
        blocks.append(_b("noticeable", mid.capitalize() + "."))
    return ItemView(tuple(blocks), Target("evidence", member.id, row.id))


def harm_item(member: Option, harm: Harm, option_id: str, layer: Layer) -> ItemView:
    blocks = [_b("title", f"{_prefix(member, option_id)}{harm.label}")]
    blocks.append(Block("severity", code=harm.severity or CAUTION))
    rate = harm.rate
    if rate is not None:
        if layer != "clinician":
            words = harm_rate_words(harm, "plain")
            blocks.append(_b("frequency", words[:1].upper() + words[1:]))
        if layer == "plain" and harm.kind == "side-effect" and fairness.is_common(rate):
            blocks.append(Block("icons", value=fairness.per_100(rate)))
        if layer != "plain":
            blocks.append(_b("figure", "Exactly: " + harm_rate_words(harm, "clinician")))
    blocks.append(_b("statement", harm.description))
    return ItemView(tuple(blocks), Target("harm", member.id, harm.id))


def _disagree_block(found: fairness.Disagreement, option_id: str) -> Block:
    stances = "; ".join(f"{one_line(g.body)}: {STANCE_WORDS[p.stance]}" for g, p in found.positions)
    what = "this option" if found.member.id == option_id else one_line(found.member.name)
    return _b("disagree", f"Guidelines disagree about {what}. {stances}")


def aspect_items(
    index: Index,
    option_id: str,
    aspect: str,
    comparator: str | None = None,
    layer: Layer = "plain",
) -> list[ItemView]:
    """What one option's column shows for one aspect (the same kinds, in the same order, for
    every option). ``aspect`` is an ``AspectId``; the app's screens hold it as text."""
    option = index.option(option_id)
    spec = BY_ID[aspect]  # a KeyError names an unknown aspect
    items: list[ItemView] = []
    match spec.id:
        case "overview":
            items.append(
                ItemView((_b("statement", option.summary),), Target("option", option_id, option_id))
            )
            for part in index.parts.get(option_id, []):
                items.append(
                    ItemView(
                        (_b("title", part.name), _b("statement", part.summary)),
                        Target("option", part.id, part.id),
                    )
                )
            if option.parent is not None and option.parent in index.options:
                parent = index.options[option.parent]
                items.append(ItemView((_b("hint", f"Part of {parent.name}."),), None))
        case "benefits":
            wanted = index.evidence(option_id, comparator)
            keep = {(m.id, r.id) for m, r in wanted}
            for member, row in fairness.benefit_order(index, option_id):
                if (member.id, row.id) in keep:
                    items.append(evidence_item(index, member, row, option_id, layer))
            if comparator is not None and not items:
                words = COMPARATOR_WORDS[comparator]
                if option.is_comparator in COMPARATOR_GROUPS[comparator]:
                    empty = f"Does not apply: {option.name} is itself the comparison ({words})"
                else:
                    empty = f"No evidence {words} in this knowledge base"
                items.append(ItemView((_b("empty", empty),), None))
        case "safety" | "side-effects":
            # Every harm, in the knowledge base's order; the summary's short list is the one
            # that picks by the comparison's unit.
            for member, harm in index.harms(option_id, spec.harm_kinds):
                items.append(harm_item(member, harm, option_id, layer))
        case "practicalities":
            for member in index.family(option_id):
                lines = involves_lines(member.involves)
                if not lines:
                    continue
                blocks = [Block("field", text=value, label=label) for label, value in lines]
                if member.id != option_id:
                    blocks.insert(0, _b("title", member.name))
                items.append(ItemView(tuple(blocks), Target("involves", member.id, member.id)))
        case "guidelines":
            for found in fairness.disagreements(index, [option_id]):
                # Enter opens the first position, whose record lists the others beside it.
                first = found.positions[0][0].id
                items.append(
                    ItemView(
                        (_disagree_block(found, option_id),),
                        Target("position", found.member.id, found.member.id, first),
                    )
                )
            for guideline, position in index.positions(option_id):
                member = index.options[position.option]
                who = f"{one_line(guideline.body)} ({guideline.year})"
                if member.id != option_id:
                    who += f" on {one_line(member.name)}"
                position_blocks = (
                    _b("title", who),
                    _b(
                        "stance",
                        f"strength: {one_line(position.strength)}; "
                        f"certainty: {one_line(position.certainty)}",
                        code=position.stance,
                    ),
                    _b("statement", position.statement),
                )
                items.append(
                    ItemView(
                        position_blocks,
                        Target("position", position.option, position.option, guideline.id),
                    )
                )
        case "sources":
            if index.kb.claims:
                count = len(index.kb.claims)
                items.append(
                    ItemView(
                        (
                            _b(
                                "hint",
                                f"Checked claims: {count} popular claims about these treatments, "
                                "with verdicts. Press Enter to read them.",
                            ),
                        ),
                        Target("claims", option_id),
                    )
                )
            for source in index.cited_sources(option_id):
                items.append(
                    ItemView(source_blocks(source), Target("source", option_id, source.id))
                )
        case _:
            assert_never(spec.id)
    has_records = any(i.target is not None and i.target.kind != "claims" for i in items)
    says_empty = any(b.role == "empty" for i in items for b in i.blocks)
    if not has_records and not says_empty:
        items.append(ItemView((_b("empty", spec.empty),), None))
    return items


def source_blocks(source: Source) -> tuple[Block, ...]:
    blocks = [
        _b("title", f"{source.authors} ({source.year})"),
        _b("statement", source.title),
        _b("citation", source.journal),
    ]
    ident = source_identifiers(source)
    if ident:
        blocks.append(_b("meta", " · ".join(ident)))
    return tuple(blocks)


# ----------------------------------------------------------------------------- Option Grid


@dataclass(frozen=True)
class GridAnswer:
    question: str
    short: str
    full: str
    sources: list[str] = field(default_factory=list)
    shared: bool = False  # the same answer for every option (a fact about the condition)


def grid_answer(question: Question, option_id: str) -> GridAnswer:
    answer = answer_for(question, option_id)
    if answer is None:
        return GridAnswer(one_line(question.text), NO_ANSWER, "")
    return GridAnswer(
        one_line(question.text),
        one_line(answer.short),
        one_line(answer.full or ""),
        list(answer.sources),
        question.shared is not None,
    )


def grid_answers(index: Index, option_id: str) -> list[GridAnswer]:
    """The option's answer to each Option Grid question, in the knowledge base's order."""
    return [grid_answer(q, option_id) for q in index.kb.questions]


# ----------------------------------------------------------------------------- key figures


@dataclass(frozen=True)
class KeyBenefit:
    member: Option
    row: Evidence
    title: str  # outcome and comparator: "Pain · Usual care"
    statement: str
    figure: str  # effect with 95% CI, "" for a finding in words
    frequencies: str
    certainty: str


@dataclass(frozen=True)
class KeyHarm:
    member: Option
    harm: Harm
    title: str
    severity: str
    frequency: str  # rounded for people, in the comparison's unit; "" when no rate


def key_benefits(index: Index, option_id: str, limit: int) -> list[KeyBenefit]:
    out = []
    for member, row in fairness.key_benefits(index, option_id, limit):
        out.append(
            KeyBenefit(
                member=member,
                row=row,
                title=finding_title(member, row, option_id),
                statement=one_line(row.plain),
                figure=effect_numbers(row, index, with_scale=row.outcome_label is None),
                frequencies=natural_frequencies(row, member.name),
                certainty=row.certainty,
            )
        )
    return out


def key_harms(
    index: Index, option_id: str, unit: fairness.Unit, limit: int
) -> tuple[list[KeyHarm], int]:
    """The harms a summary shows, in the comparison's unit first, and how many are left out."""
    rows = index.harms(option_id, ("serious", "side-effect"))
    chosen = fairness.harm_order(rows, unit)[:limit]
    out = [
        KeyHarm(
            member=member,
            harm=harm,
            title=f"{_prefix(member, option_id)}{one_line(harm.label)}",
            severity=harm.severity or "",
            frequency=harm_rate_words(harm),
        )
        for member, harm in chosen
    ]
    return out, len(rows) - len(out)


def measure_name(measure: str) -> str:
    return MEASURE_NAMES[measure]


# ----------------------------------------------------------------------------- full records


@dataclass(frozen=True)
class RecordView:
    title: str
    blocks: tuple[Block, ...]

    @property
    def text(self) -> str:
        return "\n".join(block_text(b) for b in self.blocks)


def _field(label: str, value: str) -> Block:
    return Block("field", one_line(value), label=one_line(label))


def _source_facts(source: Source) -> list[Block]:
    """A source's primary address first, then where its figures were read (provenance)."""
    blocks = [_b("meta", f"Kind: {source.kind.replace('-', ' ')}")]
    blocks.append(_field("Address", primary_address(source)))
    blocks += [_field("Figures read at", url) for url in read_at(source)]
    if source.note:
        blocks.append(_field("Note", source.note))
    return blocks


def _about_record(*notes: str | None) -> list[Block]:
    """The editors' own notes on how a record was read: shown only in a full record opened in
    the clinician layer, under a heading of their own; never in the columns, the grid, show or
    the handout."""
    shown = [one_line(n) for n in notes if n]
    if not shown:
        return []
    return [Block("gap"), _b("heading", "About this record (editors' notes)")] + [
        _b("meta", n) for n in shown
    ]


def _source_record(index: Index, source_id: str) -> list[Block]:
    source = index.sources[source_id]
    return [Block("gap"), _b("heading", "Source"), *source_blocks(source), *_source_facts(source)]


def _scale_words(index: Index, row: Evidence) -> str:
    scale = index.scales[row.scale or ""]
    span = f"{number(scale.min)} to {number(scale.max)}"
    name = one_line(scale.name)
    # "Pain intensity, 0 to 100" already gives its range: say it once.
    text = name if span in name else f"{name}, {span} {one_line(scale.unit)}"
    text += f"; {scale.better} is better"
    if scale.mid is not None:
        text += f"; the smallest difference patients notice is about {number(scale.mid)}"
    return text


def evidence_record(
    index: Index, option: Option, row: Evidence, clinician: bool = False
) -> RecordView:
    title = f"{option.name}: {outcome_name(row)} {COMPARATOR_WORDS[row.comparator]}"
    blocks = [
        _b("lead", row.plain),
        Block("gap"),
        _field("Compared with", row.comparator_label),
        _field("Outcome", outcome_name(row)),
        _field("Time point", row.timepoint),
    ]
    if row.measure is not None and row.estimate is not None:
        blocks.append(_field("Measure", MEASURE_NAMES[row.measure]))
        blocks.append(_field("Effect", effect_numbers(row, index)))
        if row.scale and row.scale in index.scales:
            blocks.append(_field("Scale", _scale_words(index, row)))
    else:
        blocks.append(
            _field("Effect", "the source reports this finding in words, without a pooled number")
        )
    if row.arms is not None:
        blocks.append(
            _field(
                "People who improved",
                f"{number(row.arms.intervention)} in 100 with {option.name} "
                f"vs {number(row.arms.comparator)} in 100 with {row.comparator_label} "
                f"({row.arms.definition})",
            )
        )
    size = size_of_evidence(row)
    if size:
        blocks.append(_field("Evidence", size))
    if row.pooled_with:
        blocks.append(_field("Pooled with", row.pooled_with))
    blocks.append(Block("certainty", code=row.certainty, label="Certainty"))
    if row.downgrade_reasons:
        blocks.append(_field("Downgraded for", "; ".join(row.downgrade_reasons)))
    elif row.certainty not in ("high", "not-graded"):
        blocks.append(_field("Downgraded for", "reasons not stated by the source"))
    mid = MID_WORDS[row.reaches_mid]
    if mid:
        blocks.append(_field("Noticeable?", mid))
    if row.note:
        blocks.append(_field("Note", row.note))
    blocks += _source_record(index, row.source)
    if clinician:
        blocks += _about_record(row.editor_note, index.sources[row.source].editor_note)
    return RecordView(one_line(title), tuple(blocks))


HARM_KIND_WORDS = {"serious": "Serious harm", "side-effect": "Side effect", "caution": "Caution"}


def harm_record(index: Index, option: Option, harm: Harm, clinician: bool = False) -> RecordView:
    blocks = [
        _b("lead", harm.description),
        Block("gap"),
        _field("Kind", HARM_KIND_WORDS[harm.kind]),
    ]
    if harm.severity:
        blocks.append(Block("severity", code=harm.severity, label="Severity"))
    rate = harm.rate
    if rate is not None:
        blocks.append(_field("How often", harm_rate_words(harm)))
        blocks.append(_field("Exactly", fairness.exact_rate(rate)))
        if rate.events is not None and rate.total is not None:
            unit = fairness.UNIT_WORDS[rate.denominator]
            blocks.append(_field("Events", f"{number(rate.events)} in {number(rate.total)} {unit}"))
    blocks += _source_record(index, harm.source)
    if clinician:
        blocks += _about_record(harm.editor_note, index.sources[harm.source].editor_note)
    return RecordView(one_line(f"{option.name}: {harm.label}"), tuple(blocks))


def position_record(
    index: Index, guideline: Guideline, position: Position, clinician: bool = False
) -> RecordView:
    option = index.options[position.option]
    blocks = [
        _b("lead", position.statement),
        Block("gap"),
        Block("stance", code=position.stance, label="Stance"),
        _field("Strength", position.strength),
        _field("Certainty", position.certainty),
        _field("Guideline", guideline.title),
        _field("Region", guideline.region),
    ]
    others = [
        (g, p)
        for g in index.kb.guidelines
        for p in g.positions
        if p.option == position.option and g.id != guideline.id
    ]
    if others:
        blocks += [Block("gap"), _b("heading", "Other guidelines on this option")]
        for other, other_position in others:
            blocks.append(
                Block(
                    "stance",
                    code=other_position.stance,
                    label=one_line(f"{other.body} ({other.year})"),
                )
            )
    blocks += _source_record(index, guideline.source)
    if clinician:
        blocks += _about_record(
            position.editor_note, guideline.editor_note, index.sources[guideline.source].editor_note
        )
    title = f"{guideline.body} ({guideline.year}) on {option.name}"
    return RecordView(one_line(title), tuple(blocks))


def answer_record(index: Index, question: Question, option_id: str) -> RecordView:
    answer = grid_answer(question, option_id)
    blocks = [_b("lead", answer.short)]
    if answer.full:
        blocks += [Block("gap"), _b("statement", answer.full)]
    if answer.shared:
        blocks += [Block("gap"), _b("hint", "This answer is the same for every option.")]
    for source_id in answer.sources:
        blocks += _source_record(index, source_id)
    title = f"{index.options[option_id].name}: {question.text}"
    return RecordView(one_line(title), tuple(blocks))


def option_record(index: Index, option: Option) -> RecordView:
    blocks = [_b("statement", option.summary)]
    blocks += [_field(label, value) for label, value in involves_lines(option.involves)]
    blocks += [_field(*fact_line(index.factors[f.factor].label, f.text)) for f in option.facts]
    return RecordView(one_line(option.name), tuple(blocks))


def fact_line(label: str, text: str) -> tuple[str, str]:
    """A fact as a labelled line, without saying its subject twice. A fact written for the
    decision table often starts with its own short label ("Needles: yes", "Cost: not
    quantified"); after the factor's label that read "Avoiding needles: Needles: yes". Such a
    fact keeps its own label, which states what it is (the factor's, "Avoiding needles",
    names a preference, and "Avoiding needles: yes" would say the opposite). Any other fact
    goes under the factor's label ("Time commitment (sessions): Varies: ...")."""
    lead, colon, rest = text.partition(":")
    if colon and rest.strip() and lead.strip() and lead.strip().casefold() in label.casefold():
        return lead.strip(), rest.strip()
    return label, text


def involves_record(index: Index, option: Option) -> RecordView:
    blocks = [_field(label, value) for label, value in involves_lines(option.involves)]
    for source_id in option.involves.sources:
        blocks += _source_record(index, source_id)
    return RecordView(one_line(f"{option.name}: what it involves"), tuple(blocks))


def source_record(index: Index, source: Source, clinician: bool = False) -> RecordView:
    blocks = (  # the title names the authors
        *source_blocks(source)[1:],
        *_source_facts(source),
        *(_about_record(source.editor_note) if clinician else []),
    )
    return RecordView(one_line(f"{source.authors} ({source.year})"), blocks)


def claim_record(index: Index, claim: Claim, clinician: bool = False) -> RecordView:
    blocks = [
        _b("lead", claim.claim),
        Block("gap"),
        Block("verdict", code=claim.verdict, label="Verdict"),
        Block("gap"),
        _b("statement", claim.evidence),
    ]
    for source_id in claim.sources:
        blocks += _source_record(index, source_id)
    if clinician:
        blocks += _about_record(claim.editor_note)
    return RecordView("Checked claim", tuple(blocks))


def record(index: Index, target: Target, clinician: bool = False) -> RecordView | None:
    """The full record behind an item, or None if there is none. ``clinician``: with the
    editors' notes on how it was read (the clinician layer)."""
    kb = index.kb
    match target.kind:
        case "evidence":
            option = index.options[target.option_id]
            row = next(r for r in option.evidence if r.id == target.record_id)
            return evidence_record(index, option, row, clinician)
        case "harm":
            option = index.options[target.option_id]
            harm = next(h for h in option.harms if h.id == target.record_id)
            return harm_record(index, option, harm, clinician)
        case "position":
            guideline = next(g for g in kb.guidelines if g.id == target.guideline_id)
            position = next(p for p in guideline.positions if p.option == target.option_id)
            return position_record(index, guideline, position, clinician)
        case "answer":
            question = next(q for q in kb.questions if q.id == target.record_id)
            return answer_record(index, question, target.option_id)
        case "option":
            return option_record(index, index.options[target.option_id])
        case "involves":
            return involves_record(index, index.options[target.option_id])
        case "source":
            return source_record(index, index.sources[target.record_id], clinician)
        case "claim":
            claim = next(c for c in kb.claims if c.id == target.record_id)
            return claim_record(index, claim, clinician)
    return None
