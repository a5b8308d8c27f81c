"""The one place where knowledge-base strings become display content.

Knowledge-base text is untrusted data. Everything here builds ``Content`` from literal strings
(never from markup) after removing control characters, so text such as ``[@click=app.quit]``
or an escape sequence shows as the characters it is and can never act. Widgets receive only
the ``Content``/``Text`` objects made here.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual.content import Content
from textual.fuzzy import Matcher

from backtui.kb.queries import (
    CERTAINTY_SYMBOLS,
    CERTAINTY_WORDS,
    COMPARATOR_WORDS,
    STANCE_WORDS,
    VERDICT_WORDS,
    Index,
)
from backtui.kb.schema import (
    Answer,
    Claim,
    Evidence,
    Guideline,
    Harm,
    KnowledgeBase,
    Option,
    Position,
    Question,
    Source,
)
from backtui.profile.model import SURE_ITEMS, Profile
from backtui.sanitize import clean as clean  # re-exported: widgets clean labels with it
from backtui.wording import (  # shared with show and export, which must not import Textual
    effect_numbers as effect_numbers,
)
from backtui.wording import (
    involves_lines as involves_lines,
)
from backtui.wording import (
    natural_frequencies as natural_frequencies,
)
from backtui.wording import (
    number as number,
)
from backtui.wording import (
    outcome_name as outcome_name,
)
from backtui.wording import (
    size_of_evidence as size_of_evidence,
)

if TYPE_CHECKING:  # forest.py imports clean() from here, so it is imported where used
    from backtui.ui.widgets.forest import ForestAxis, ForestRow


NO_EVIDENCE = "No evidence in this knowledge base"

ASPECTS: tuple[tuple[str, str], ...] = (
    ("overview", "Overview"),
    ("benefits", "Benefits"),
    ("safety", "Safety"),
    ("side-effects", "Side effects"),
    ("practicalities", "Practicalities"),
    ("guidelines", "Guidelines"),
    ("sources", "Sources"),
)
ASPECT_IDS = tuple(a for a, _ in ASPECTS)
ASPECT_EMPTY = {
    "overview": "No overview in this knowledge base",
    "benefits": NO_EVIDENCE,
    "safety": "No safety evidence in this knowledge base",
    "side-effects": "No side-effect evidence in this knowledge base",
    "practicalities": "No practical details in this knowledge base",
    "guidelines": "No guideline position in this knowledge base",
    "sources": "No sources in this knowledge base",
}
STANCE_GLYPHS = {"recommend": "✔", "conditional": "◐", "against": "✘", "no-statement": "–"}
SEVERITY_GLYPHS = {"mild": "·", "significant": "▲", "serious": "▲▲"}
VERDICT_GLYPHS = {"supported": "✔", "partly-supported": "◐", "unsupported": "✘", "unclear": "?"}


def literal(text: str, style: str = "") -> Content:
    """Untrusted text as content that is shown exactly, never parsed."""
    content = Content(clean(text))
    return content.stylize(style) if style else content


def cell(text: str, style: str = "") -> Text:
    """Untrusted text for DataTable cells (which would otherwise parse Rich markup)."""
    return Text(clean(text), style=style)


def wrapped_cell(text: str, width: int, style: str = "") -> Text:
    """A cell wrapped to ``width``: DataTable rows grow to fit but do not wrap by themselves."""
    lines = textwrap.wrap(clean(text), width=max(4, width)) or [""]
    return Text("\n".join(lines), style=style)


def join_lines(lines: list[Content]) -> Content:
    return Content("\n").join(lines)


def certainty(level: str) -> Content:
    return Content.assemble((CERTAINTY_SYMBOLS[level], "bold"), " ", CERTAINTY_WORDS[level])


def stance(value: str) -> Content:
    return Content.assemble((STANCE_GLYPHS[value], "bold"), " ", STANCE_WORDS[value])


def measure_name(measure: str) -> str:
    return {
        "md": "mean difference",
        "smd": "standardised mean difference",
        "rr": "risk ratio",
        "or": "odds ratio",
        "rd": "risk difference",
        "mean-change": "mean change",
    }[measure]


MID_WORDS = {
    "yes": "reaches the difference patients notice",
    "no": "does not reach the difference patients notice",
    "unclear": "unclear whether patients would notice the difference",
    "not-applicable": "",
}


# ----------------------------------------------------------------------------- column items


@dataclass(frozen=True)
class Target:
    """What an item in a column stands for, so Enter can open its full record."""

    kind: str  # evidence | harm | position | answer | source | claim | option | involves | claims
    option_id: str
    record_id: str = ""
    guideline_id: str = ""


@dataclass(frozen=True)
class Item:
    prompt: Content
    target: Target | None  # None: a heading or an empty-state line


def _heading(text: str) -> Item:
    return Item(literal(text, "bold $text-accent"), None)


def _part_prefix(member: Option, option_id: str) -> str:
    return "" if member.id == option_id else f"{member.name}: "


def evidence_item(
    member: Option, row: Evidence, option_id: str, index: Index, layer: str = "plain"
) -> Item:
    """One finding. Plain layer: GRADE sentence, natural frequencies, noticeable or not.
    Clinician layer: a summary-of-findings row (measure, 95% CI, scale, n, time point, source)."""
    title = f"{_part_prefix(member, option_id)}{outcome_name(row)} · {row.comparator_label}"
    lines = [literal(title, "bold")]
    if layer == "clinician":
        numbers = effect_numbers(row, index) or "reported in words, no pooled number"
        lines.append(literal(numbers))
        facts = [size_of_evidence(row), row.timepoint, f"source: {row.source}"]
        lines.append(literal(" · ".join(f for f in facts if f), "$text-muted"))
        lines.append(certainty(row.certainty))
    else:
        lines.append(literal(row.plain))
        frequencies = natural_frequencies(row, member.name)
        if frequencies and "in 100" not in row.plain:  # the sentence may already say it
            lines.append(literal(frequencies))
        if row.arms is not None:
            lines.append(literal(f"With {member.name}:", "italic"))
            lines += icon_lines(row.arms.intervention)
            lines.append(literal(f"With {row.comparator_label}:", "italic"))
            lines += icon_lines(row.arms.comparator)
        lines.append(certainty(row.certainty).stylize("$text-muted"))
        mid = MID_WORDS[row.reaches_mid]
        if mid:
            lines.append(literal(mid.capitalize(), "italic $text-muted"))
    return Item(join_lines(lines), Target("evidence", member.id, row.id))


def rate_words(harm: Harm) -> str:
    rate = harm.rate
    if rate is None:
        return ""
    text = f"about {number(rate.value)} in {number(rate.per)} {rate.denominator}"
    if rate.ci_low is not None and rate.ci_high is not None:
        text += f" (95% CI {number(rate.ci_low)} to {number(rate.ci_high)})"
    if rate.period:
        text += f", {clean(rate.period)}"
    return text


def icon_lines(per_100: float) -> list[Content]:
    """100 icons as 5 rows of 20 in groups of 5, the affected filled first."""
    from backtui.ui import geometry

    grid = geometry.icon_array(per_100, total=100, columns=20, groups_of=5, gap=0)
    return [Content.styled(line, "$text-muted") for line in grid]


ICON_ARRAY_FROM = 1.0  # per 100: rarer events are given per 10,000 instead of as icons


def harm_frequency(harm: Harm) -> list[Content]:
    """An icon array of 100 for common events; a per-10,000 sentence for rare ones.

    Every array uses the same denominator (100) and every rare event the same scale
    (per 10,000), so options can be compared side by side. The text states whether the
    denominator is patients or treatments, and over what time.
    """
    from backtui.ui import geometry

    rate = harm.rate
    if rate is None:
        return []
    per_100 = rate.value * 100 / rate.per
    period = clean(rate.period) if rate.period else ""
    if per_100 >= ICON_ARRAY_FROM and harm.kind == "side-effect":
        sentence = geometry.frequency_sentence(per_100, 100, rate.denominator, "")
        if period:
            sentence += f", {period}"
        return [literal(sentence[:1].upper() + sentence[1:]), *icon_lines(per_100)]
    sentence = geometry.rare_frequency(rate.value, rate.per, rate.denominator)
    if period:
        sentence += f", {period}"
    if rate.ci_low is not None and rate.ci_high is not None:
        low = geometry.per_10000(rate.ci_low, rate.per)
        high = geometry.per_10000(rate.ci_high, rate.per)
        sentence += f" (95% CI {number(round(low, 2))} to {number(round(high, 2))} per 10,000)"
    return [literal(sentence[:1].upper() + sentence[1:])]


def harm_item(member: Option, harm: Harm, option_id: str) -> Item:
    title = f"{_part_prefix(member, option_id)}{harm.label}"
    lines = [literal(title, "bold")]
    if harm.severity:
        lines.append(literal(f"{SEVERITY_GLYPHS[harm.severity]} {harm.severity}", "$text-muted"))
    elif harm.kind == "caution":
        lines.append(literal("! caution", "$text-muted"))
    lines += harm_frequency(harm)
    lines.append(literal(harm.description))
    return Item(join_lines(lines), Target("harm", member.id, harm.id))


def position_item(guideline: Guideline, position: Position, option_id: str, index: Index) -> Item:
    member = index.options[position.option]
    who = f"{guideline.body} ({guideline.year})"
    if member.id != option_id:
        who += f" on {member.name}"
    lines = [
        literal(who, "bold"),
        Content.assemble(
            stance(position.stance),
            " · ",
            literal(
                f"strength: {position.strength}; certainty: {position.certainty}", "$text-muted"
            ),
        ),
        literal(position.statement),
    ]
    return Item(
        join_lines(lines),
        Target("position", position.option, position.option, guideline.id),
    )


def labelled(label: str, value: str) -> Content:
    return Content.assemble((f"{label}: ", "bold"), literal(value))


COMPARATOR_CYCLE: tuple[str | None, ...] = (None, "sham", "usual-care", "no-treatment")


def comparator_title(comparator: str | None) -> str:
    return "all comparators" if comparator is None else COMPARATOR_WORDS[comparator]


def column_items(
    index: Index,
    option_id: str,
    aspect: str,
    comparator: str | None = None,
    layer: str = "plain",
) -> list[Item]:
    """The items one option's column shows for one aspect (same order for every option)."""
    option = index.option(option_id)
    items: list[Item] = []
    if aspect == "overview":
        items.append(Item(literal(option.summary), Target("option", option_id, option_id)))
        for part in index.parts.get(option_id, []):
            items.append(
                Item(
                    join_lines([literal(part.name, "bold"), literal(part.summary)]),
                    Target("option", part.id, part.id),
                )
            )
        if option.parent is not None and option.parent in index.options:
            parent = index.options[option.parent]
            items.append(Item(literal(f"Part of {parent.name}.", "italic $text-muted"), None))
    elif aspect == "benefits":
        for member, row in index.evidence(option_id, comparator):
            items.append(evidence_item(member, row, option_id, index, layer))
        if comparator is not None and not items:
            words = COMPARATOR_WORDS[comparator]
            items.append(
                Item(
                    literal(f"No evidence {words} in this knowledge base", "italic $text-muted"),
                    None,
                )
            )
    elif aspect in ("safety", "side-effects"):
        kinds = ("serious", "caution") if aspect == "safety" else ("side-effect",)
        for member, harm in index.harms(option_id, kinds):
            items.append(harm_item(member, harm, option_id))
    elif aspect == "practicalities":
        for member in index.family(option_id):
            lines = involves_lines(member.involves)
            if not lines:
                continue
            content = [labelled(label, value) for label, value in lines]
            if member.id != option_id:
                content.insert(0, literal(member.name, "bold"))
            items.append(Item(join_lines(content), Target("involves", member.id, member.id)))
    elif aspect == "guidelines":
        pairs = index.positions(option_id)
        own = [(g, p) for g, p in pairs if p.option == option_id]
        if len({p.stance for _, p in own if p.stance != "no-statement"}) > 1:
            stances = "; ".join(f"{clean(g.body)}: {STANCE_WORDS[p.stance]}" for g, p in own)
            items.append(
                Item(
                    Content.assemble(
                        ("⚠ Guidelines disagree", "bold"), " about this option. ", literal(stances)
                    ),
                    # Enter opens the first position, whose record lists the others beside it.
                    Target("position", option_id, option_id, own[0][0].id),
                )
            )
        for guideline, position in pairs:
            items.append(position_item(guideline, position, option_id, index))
    elif aspect == "sources":
        if index.kb.claims:
            count = len(index.kb.claims)
            items.append(
                Item(
                    literal(
                        f"Checked claims: {count} popular claims about these treatments, "
                        "with verdicts. Press Enter to read them.",
                        "italic",
                    ),
                    Target("claims", option_id),
                )
            )
        for source in index.cited_sources(option_id):
            items.append(Item(source_prompt(source), Target("source", option_id, source.id)))
    has_records = any(item.target is not None and item.target.kind != "claims" for item in items)
    says_empty = any(item.target is None and item.prompt.plain.startswith("No ") for item in items)
    if not has_records and not says_empty:
        items.append(Item(literal(ASPECT_EMPTY[aspect], "italic $text-muted"), None))
    return items


def source_prompt(source: Source) -> Content:
    ident = []
    if source.doi:
        ident.append(f"DOI {source.doi}")
    if source.pmid:
        ident.append(f"PMID {source.pmid}")
    if source.isbn:
        ident.append(f"ISBN {source.isbn}")
    if source.other_id:
        ident.append(source.other_id)
    lines = [
        literal(f"{source.authors} ({source.year})", "bold"),
        literal(source.title),
        literal(source.journal, "italic"),
    ]
    if ident:
        lines.append(literal(" · ".join(ident), "$text-muted"))
    return join_lines(lines)


# ----------------------------------------------------------------------------- detail records


def _source_block(index: Index, source_id: str) -> list[Content]:
    source = index.sources[source_id]
    lines = [literal("Source", "bold $text-accent"), source_prompt(source)]
    lines.append(literal(f"Kind: {source.kind.replace('-', ' ')}", "$text-muted"))
    for url in source.urls:
        lines.append(labelled("Read at", url))
    if source.note:
        lines.append(labelled("Note", source.note))
    return lines


def evidence_detail(index: Index, option: Option, row: Evidence) -> tuple[Content, Content]:
    title = literal(f"{option.name}: {outcome_name(row)} {COMPARATOR_WORDS[row.comparator]}")
    lines = [
        literal(row.plain, "bold"),
        Content(""),
        labelled("Compared with", row.comparator_label),
        labelled("Outcome", outcome_name(row)),
        labelled("Time point", row.timepoint),
    ]
    if row.measure is not None and row.estimate is not None:
        lines.append(labelled("Measure", measure_name(row.measure)))
        lines.append(labelled("Effect", effect_numbers(row, index)))
        if row.scale and row.scale in index.scales:
            scale = index.scales[row.scale]
            better = "lower" if scale.better == "lower" else "higher"
            span = f"{number(scale.min)} to {number(scale.max)} {scale.unit}"
            text = f"{scale.name}, {span}; {better} is better"
            if scale.mid is not None:
                text += f"; the smallest difference patients notice is about {number(scale.mid)}"
            lines.append(labelled("Scale", text))
    else:
        lines.append(
            labelled("Effect", "the source reports this finding in words, without a pooled number")
        )
    if row.arms is not None:
        lines.append(
            labelled(
                "People who improved",
                f"{number(row.arms.intervention)} in 100 with {option.name} "
                f"vs {number(row.arms.comparator)} in 100 with {row.comparator_label} "
                f"({row.arms.definition})",
            )
        )
    size = size_of_evidence(row)
    if size:
        lines.append(labelled("Evidence", size))
    lines.append(Content.assemble(("Certainty: ", "bold"), certainty(row.certainty)))
    if row.downgrade_reasons:
        lines.append(labelled("Downgraded for", "; ".join(row.downgrade_reasons)))
    elif row.certainty not in ("high", "not-graded"):
        lines.append(labelled("Downgraded for", "reasons not stated by the source"))
    mid = MID_WORDS[row.reaches_mid]
    if mid:
        lines.append(labelled("Noticeable?", mid))
    if row.note:
        lines.append(labelled("Note", row.note))
    lines.append(Content(""))
    lines += _source_block(index, row.source)
    return title, join_lines(lines)


def harm_detail(index: Index, option: Option, harm: Harm) -> tuple[Content, Content]:
    title = literal(f"{option.name}: {harm.label}")
    kind = {"serious": "Serious harm", "side-effect": "Side effect", "caution": "Caution"}[
        harm.kind
    ]
    lines = [literal(harm.description, "bold"), Content(""), labelled("Kind", kind)]
    if harm.severity:
        lines.append(labelled("Severity", f"{SEVERITY_GLYPHS[harm.severity]} {harm.severity}"))
    if harm.rate is not None:
        lines.append(labelled("How often", rate_words(harm)))
        lines.append(labelled("Counted per", harm.rate.denominator))
        if harm.rate.events is not None and harm.rate.total is not None:
            lines.append(
                labelled(
                    "Events",
                    f"{number(harm.rate.events)} in {number(harm.rate.total)} "
                    f"{harm.rate.denominator}",
                )
            )
    lines.append(Content(""))
    lines += _source_block(index, harm.source)
    return title, join_lines(lines)


def position_detail(
    index: Index, guideline: Guideline, position: Position
) -> tuple[Content, Content]:
    option = index.options[position.option]
    title = literal(f"{guideline.body} ({guideline.year}) on {option.name}")
    lines = [
        literal(position.statement, "bold"),
        Content(""),
        Content.assemble(("Stance: ", "bold"), stance(position.stance)),
        labelled("Strength", position.strength),
        labelled("Certainty", position.certainty),
        labelled("Guideline", guideline.title),
        labelled("Region", guideline.region),
    ]
    others = [
        (g, p)
        for g in index.kb.guidelines
        for p in g.positions
        if p.option == position.option and g.id != guideline.id
    ]
    if others:
        lines.append(Content(""))
        lines.append(literal("Other guidelines on this option", "bold $text-accent"))
        for other, other_position in others:
            lines.append(
                Content.assemble(
                    literal(f"{other.body} ({other.year}): "), stance(other_position.stance)
                )
            )
    lines.append(Content(""))
    lines += _source_block(index, guideline.source)
    return title, join_lines(lines)


def answer_detail(index: Index, question: Question, answer: Answer) -> tuple[Content, Content]:
    option = index.options[answer.option]
    title = literal(f"{option.name}: {question.text}")
    lines = [literal(answer.short, "bold")]
    if answer.full:
        lines += [Content(""), literal(answer.full)]
    for source_id in answer.sources:
        lines.append(Content(""))
        lines += _source_block(index, source_id)
    return title, join_lines(lines)


def option_detail(index: Index, option: Option) -> tuple[Content, Content]:
    lines = [literal(option.summary)]
    for label, value in involves_lines(option.involves):
        lines.append(labelled(label, value))
    for fact in option.facts:
        lines.append(labelled(fact.factor.replace("-", " ").capitalize(), fact.text))
    return literal(option.name), join_lines(lines)


def source_detail(index: Index, source: Source) -> tuple[Content, Content]:
    return literal(f"{source.authors} ({source.year})"), join_lines(_source_block(index, source.id))


def involves_detail(index: Index, option: Option) -> tuple[Content, Content]:
    lines = [labelled(label, value) for label, value in involves_lines(option.involves)]
    for source_id in option.involves.sources:
        lines.append(Content(""))
        lines += _source_block(index, source_id)
    return literal(f"{option.name}: what it involves"), join_lines(lines)


def claim_prompt(claim: Claim) -> Content:
    return join_lines(
        [
            literal(claim.claim, "bold"),
            Content.assemble(
                (f"{VERDICT_GLYPHS[claim.verdict]} {VERDICT_WORDS[claim.verdict]}", "bold"),
            ),
        ]
    )


def claim_detail(index: Index, claim: Claim) -> tuple[Content, Content]:
    lines = [
        literal(claim.claim, "bold"),
        Content(""),
        Content.assemble(
            ("Verdict: ", "bold"),
            (f"{VERDICT_GLYPHS[claim.verdict]} {VERDICT_WORDS[claim.verdict]}", "bold"),
        ),
        Content(""),
        literal(claim.evidence),
    ]
    for source_id in claim.sources:
        lines.append(Content(""))
        lines += _source_block(index, source_id)
    return literal("Checked claim"), join_lines(lines)


def detail(index: Index, target: Target) -> tuple[Content, Content] | None:
    """Title and body of the full record behind a column item, or None if there is none."""
    kb = index.kb
    if target.kind == "evidence":
        option = index.options[target.option_id]
        row = next(r for r in option.evidence if r.id == target.record_id)
        return evidence_detail(index, option, row)
    if target.kind == "harm":
        option = index.options[target.option_id]
        harm = next(h for h in option.harms if h.id == target.record_id)
        return harm_detail(index, option, harm)
    if target.kind == "position":
        guideline = next(g for g in kb.guidelines if g.id == target.guideline_id)
        position = next(p for p in guideline.positions if p.option == target.option_id)
        return position_detail(index, guideline, position)
    if target.kind == "answer":
        question = next(q for q in kb.questions if q.id == target.record_id)
        answer = next(a for a in question.answers if a.option == target.option_id)
        return answer_detail(index, question, answer)
    if target.kind == "option":
        return option_detail(index, index.options[target.option_id])
    if target.kind == "involves":
        return involves_detail(index, index.options[target.option_id])
    if target.kind == "source":
        return source_detail(index, index.sources[target.record_id])
    if target.kind == "claim":
        claim = next(c for c in kb.claims if c.id == target.record_id)
        return claim_detail(index, claim)
    return None


# ----------------------------------------------------------------------------- chrome


def title_text(kb: KnowledgeBase) -> str:
    return clean(kb.meta.title)


def subtitle_text(kb: KnowledgeBase) -> str:
    return f"reviewed {kb.meta.reviewed.isoformat()}"


def notice() -> Content:
    return Content.assemble(
        ("Note: ", "bold"),
        "this informs a conversation with your clinician. It is not medical advice.",
    )


def palette_title(title: str, matcher: Matcher | None = None) -> Content:
    """A command-palette title that holds KB names, shown literally, with the characters
    ``matcher`` matched highlighted.

    ``Matcher.highlight`` and a plain ``str`` hit both parse the title as markup: an option
    named ``[/x]`` would crash the palette, and ``[@click=app.quit]`` would act.
    """
    content = literal(title)
    if matcher is None:
        return content
    text = content.plain
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if score:
        for offset in offsets:
            if not text[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def option_label(index: Index, option_id: str) -> Content:
    option = index.options[option_id]
    if option.parent is not None and option.parent in index.options:
        return Content.assemble(
            literal(option.name),
            literal(f"  (part of {index.options[option.parent].name})", "$text-muted"),
        )
    return literal(option.name)


def column_title(index: Index, option_id: str, shortlisted: bool) -> Content:
    label = option_label(index, option_id)
    if shortlisted:
        return Content.assemble(label, ("  ★ shortlisted", "bold"))
    return label


def grid_cell(answer: Answer | None) -> str:
    return clean(answer.short) if answer is not None else "No answer in this knowledge base"


# ----------------------------------------------------------------------------- my decision


def rating_line(label: str, value: int | None, top: int, words: tuple[str, ...]) -> Content:
    """'★ Avoiding needles   ●●●●○  3  matters a lot' (★ when rated 3 or more)."""
    dots = "not rated" if value is None else "●" * value + "○" * (top - value)
    marked = value is not None and value >= 3
    return Content.assemble(
        ("★ " if marked else "  ", "bold"),
        literal(f"{clean(label)[:34]:<34} ", "bold" if marked else ""),
        (f"{dots:<{top + 1}} ", "bold"),
        ("" if value is None else f"{value}  {words[value]}", "$text-muted"),
    )


def decision_intro(store_status: str) -> Content:
    return Content.assemble(
        "Think about what matters most to you, note your questions, and take a summary to "
        "your next appointment (e exports it). ",
        (store_status, "$text-muted"),
    )


def factor_cell(label: str, rating: int | None, marked: bool) -> Text:
    text = f"★ {clean(label)}" if marked else clean(label)
    if rating is not None:
        text += f" ({rating})"
    return Text(text, style="bold" if marked else "")


def fact_cell(fact: str | None, marked: bool, width: int) -> Text:
    if fact is None:
        return wrapped_cell("Not in this knowledge base", width, "italic")
    return wrapped_cell(fact, width, "bold" if marked else "")


def shortlist_label(name: str, on: bool) -> Content:
    """Words and a glyph, not colour alone, say whether the option is on the shortlist."""
    mark = "★ on my shortlist" if on else "☆ not on my shortlist"
    return Content.assemble(literal(clean(name)), (f": {mark}", "bold" if on else ""))


def sure_result(profile: Profile) -> Content:
    result = profile.sure_result()
    yes = sum(1 for key, _ in SURE_ITEMS if profile.sure.get(key) is True)
    if result == "ready":
        text = "4 of 4 yes: you may feel ready to decide with your clinician."
    elif result == "unanswered":
        text = f"{yes} yes so far. Answer all four to see where you stand."
    else:
        text = (
            f"{yes} of 4 yes: not sure yet. That is common; the answers that were 'no' show "
            "what to talk through with your clinician or someone you trust."
        )
    return Content.assemble(("SURE: ", "bold"), text)


# ----------------------------------------------------------------------------- forest plot


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
class PlotData:
    """What the Benefits plot shows: rows on one measure, and the findings it cannot show."""

    title: Content
    rows: list[ForestRow]
    targets: list[Target]
    axis: ForestAxis | None
    elsewhere: list[Content]


def source_short(index: Index, source_id: str) -> str:
    """'Vickers 2012': first author's family name and year."""
    source = index.sources[source_id]
    words = clean(source.authors).split(",")[0].split()
    while len(words) > 1 and words[-1].isupper():  # drop initials: "Abdel Shaheed C"
        words.pop()
    return f"{' '.join(words) or source.id} {source.year}"


def plot_outcomes(index: Index, option_ids: list[str]) -> list[str]:
    """Outcomes that have numbers for at least one selected option, in a stable order."""
    present_outcomes = {
        row.outcome
        for option_id in option_ids
        for _, row in index.evidence(option_id)
        if row.estimate is not None
    }
    return [o for o in OUTCOME_ORDER if o in present_outcomes]


def _better(index: Index, row: Evidence) -> str:
    if row.measure in ("md", "mean-change") and row.scale in index.scales:
        return index.scales[row.scale].better
    if row.measure == "smd":
        return "lower"  # knowledge-base convention: a negative SMD favours the option
    return "higher"  # risk differences and ratios of people who improved


def plot_data(
    index: Index, option_ids: list[str], outcome: str, comparator: str | None
) -> PlotData:
    """Rows for every selected option (and usual-care part) on the most common measure."""
    from backtui.ui.widgets.forest import ForestAxis, ForestRow

    groups: dict[tuple[str, str], list[tuple[Option, Evidence, str]]] = {}
    for option_id in option_ids:
        for member, row in index.evidence(option_id, comparator):
            if row.outcome != outcome or row.estimate is None or row.measure is None:
                continue
            group: tuple[str, str] = (row.measure, row.scale or "")
            groups.setdefault(group, []).append((member, row, option_id))
    words = f"{OUTCOME_WORDS[outcome]}, {comparator_title(comparator)}"
    if not groups:
        return PlotData(
            literal(f"No numbers for {words} in this knowledge base", "italic"), [], [], None, []
        )

    # A mean difference on a scale with a known smallest-noticeable difference gets the plot
    # (points people can picture, with the band to compare against); else the largest group.
    def rank(k: tuple[str, str]) -> tuple[bool, int]:
        scale = index.scales.get(k[1])
        return (k[0] == "md" and scale is not None and scale.mid is not None, len(groups[k]))

    key = max(groups, key=rank)
    measure, scale_id = key
    first = groups[key][0][1]
    scale = index.scales.get(scale_id)
    units = clean(f"{measure_name(measure)}" + (f" on {scale.name}" if scale else ""))
    if measure == "rd":
        units = "risk difference in percentage points"
    rows: list[ForestRow] = []
    targets: list[Target] = []
    for member, row, _ in groups[key]:
        assert row.estimate is not None
        label = f"{clean(member.name)} vs {COMPARATOR_SHORT[row.comparator]}"
        numbers = number(row.estimate)
        if row.ci_low is not None and row.ci_high is not None:
            numbers += f" ({number(row.ci_low)} to {number(row.ci_high)})"
        numbers += f" {CERTAINTY_SYMBOLS[row.certainty]} {source_short(index, row.source)}"
        rows.append(ForestRow(label, row.estimate, row.ci_low, row.ci_high, numbers))
        targets.append(Target("evidence", member.id, row.id))
    ratio = measure in ("rr", "or")
    axis = ForestAxis(
        measure=measure.upper(),
        units=units,
        better=_better(index, first),  # type: ignore[arg-type]
        mid=scale.mid if scale is not None and measure == "md" else None,
        null=1.0 if ratio else 0.0,
        log=ratio,
        treatment="the option",
        comparator="the comparator",
    )
    elsewhere: list[Content] = []
    for other_key, members in groups.items():
        if other_key == key:
            continue
        for member, row, _ in members:
            elsewhere.append(
                literal(
                    f"{member.name} vs {COMPARATOR_SHORT[row.comparator]} "
                    f"({source_short(index, row.source)}): "
                )
                + literal(effect_numbers(row, index))
                + literal(f" · {CERTAINTY_WORDS[row.certainty]}", "$text-muted")
            )
    title = Content.assemble(
        ("Plot: ", "bold"),
        literal(f"{OUTCOME_WORDS[outcome]}, {comparator_title(comparator)}"),
        (" · u: outcome · c: comparator · Enter on a row: details", "$text-muted"),
    )
    return PlotData(title, rows, targets, axis, elsewhere)


def elsewhere_lines(lines: list[Content]) -> Content:
    if not lines:
        return Content("")
    head = Content.styled("On other measures (not on this axis):", "bold $text-muted")
    shown = lines[:3]
    more = len(lines) - len(shown)
    tail = (
        [Content.styled(f"… and {more} more; see the columns below", "$text-muted")] if more else []
    )
    return join_lines([head, *shown, *tail])
