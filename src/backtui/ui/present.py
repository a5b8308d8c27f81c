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
    STANCE_WORDS,
    VERDICT_WORDS,
    Index,
)
from backtui.kb.schema import Claim, KnowledgeBase
from backtui.profile.model import SURE_ITEMS, EvidenceLayer, Profile
from backtui.sanitize import clean as clean  # re-exported: widgets clean labels with it
from backtui.views import model
from backtui.views import plot as plots
from backtui.views.model import Block, ItemView, RecordView, Target
from backtui.views.model import comparator_title as comparator_title
from backtui.views.model import source_short as source_short
from backtui.wording import (
    SEVERITY_GLYPHS,
    STANCE_GLYPHS,
    VERDICT_GLYPHS,
    effect_numbers,
)

if TYPE_CHECKING:  # forest.py imports clean() from here, so it is imported where used
    from backtui.ui.geometry import ForestAxis, ForestRow


def literal(text: str, style: str = "") -> Content:
    """Untrusted text as content that is shown exactly, never parsed."""
    content = Content(clean(text))
    return content.stylize(style) if style else content


def cell(text: str, style: str = "") -> Text:
    """Untrusted text for DataTable cells (which would otherwise parse Rich markup)."""
    return Text(clean(text), style=style)


def wrapped_cell(text: str, width: int, style: str = "") -> Text:
    """A cell wrapped to ``width``: DataTable rows grow to fit but do not wrap by themselves."""
    # Hyphenated words ("pain-free") stay whole, as in backtui show and the exports.
    lines = textwrap.wrap(clean(text), width=max(4, width), break_on_hyphens=False) or [""]
    return Text("\n".join(lines), style=style)


def join_lines(lines: list[Content]) -> Content:
    return Content("\n").join(lines)


def certainty(level: str) -> Content:
    return Content.assemble((CERTAINTY_SYMBOLS[level], "bold"), " ", CERTAINTY_WORDS[level])


def stance(value: str) -> Content:
    return Content.assemble((STANCE_GLYPHS[value], "bold"), " ", STANCE_WORDS[value])


def severity(code: str, label: str = "") -> Content:
    if label:
        return Content.assemble((f"{label}: ", "bold"), f"{SEVERITY_GLYPHS[code]} {code}")
    return literal(f"{SEVERITY_GLYPHS[code]} {code}", "$text-muted")


# ----------------------------------------------------------------------------- column items


@dataclass(frozen=True)
class Item:
    prompt: Content
    target: Target | None  # None: a heading or an empty-state line


def icon_lines(per_100: float) -> list[Content]:
    """100 icons as 5 rows of 20 in groups of 5, the affected filled first."""
    from backtui.ui import geometry

    grid = geometry.icon_array(per_100, total=100, columns=20, groups_of=5, gap=0)
    return [Content.styled(line, "$text-muted") for line in grid]


def block_lines(block: Block, layer: str = "plain") -> list[Content]:
    """One view-model block as display lines: the only mapping from a role to a look."""
    role = block.role
    if role == "title":
        return [literal(block.text, "bold")]
    if role == "heading":
        return [literal(block.text, "bold $text-accent")]
    if role == "certainty":
        shown = certainty(block.code)
        if block.label:
            return [Content.assemble((f"{block.label}: ", "bold"), shown)]
        return [shown.stylize("$text-muted") if layer == "plain" else shown]
    if role == "lead":
        return [literal(block.text, "bold")]
    if role == "gap":
        return [Content("")]
    if role == "verdict":
        glyph = f"{VERDICT_GLYPHS[block.code]} {VERDICT_WORDS[block.code]}"
        return [Content.assemble((f"{block.label}: ", "bold"), (glyph, "bold"))]
    if role == "noticeable":
        return [literal(block.text, "italic $text-muted")]
    if role == "severity":
        return [severity(block.code, block.label)]
    if role == "stance":
        if block.label:
            return [Content.assemble((f"{block.label}: ", "bold"), stance(block.code))]
        return [Content.assemble(stance(block.code), " · ", literal(block.text, "$text-muted"))]
    if role == "disagree":
        head, _, rest = block.text.partition(" about ")
        return [Content.assemble((f"⚠ {head}", "bold"), literal(f" about {rest}"))]
    if role == "field":
        return [labelled(block.label, block.text)]
    if role in ("meta", "empty"):
        return [literal(block.text, "$text-muted" if role == "meta" else "italic $text-muted")]
    if role in ("citation", "hint"):
        return [literal(block.text, "italic" if role == "citation" else "italic $text-muted")]
    if role == "icons":
        caption = [literal(block.label, "italic")] if block.label else []
        return caption + icon_lines(block.value)
    return [literal(block.text)]


def render_item(view: ItemView, layer: str = "plain") -> Item:
    lines = [line for block in view.blocks for line in block_lines(block, layer)]
    return Item(join_lines(lines), view.target)


def labelled(label: str, value: str) -> Content:
    return Content.assemble((f"{label}: ", "bold"), literal(value))


COMPARATOR_CYCLE: tuple[str | None, ...] = (None, "sham", "usual-care", "no-treatment")


def column_items(
    index: Index,
    option_id: str,
    aspect: str,
    comparator: str | None = None,
    layer: str = "plain",
) -> list[Item]:
    """The items one option's column shows for one aspect, from the view model. (Its
    signature is the view model's aspect_items, on purpose: this only renders that.)"""
    shown: model.Layer = "clinician" if layer == "clinician" else "plain"
    views = model.aspect_items(index, option_id, aspect, comparator, shown)
    return [render_item(view, shown) for view in views]


# ----------------------------------------------------------------------------- detail records


def claim_prompt(claim: Claim) -> Content:
    """The verdict first, in words, then the claim: a line less a claim than a verdict
    line of its own, so a small screen lists more of them."""
    return Content.assemble(
        (f"{VERDICT_GLYPHS[claim.verdict]} {VERDICT_WORDS[claim.verdict]}: ", "bold"),
        literal(claim.claim),
    )


def record_body(view: RecordView) -> Content:
    return join_lines([line for b in view.blocks for line in block_lines(b, "record")])


def detail(index: Index, target: Target, clinician: bool = False) -> tuple[Content, Content] | None:
    """Title and body of the full record behind a column item, or None if there is none."""
    view = model.record(index, target, clinician)
    if view is None:
        return None
    return literal(view.title), record_body(view)


# ----------------------------------------------------------------------------- chrome


def title_text(kb: KnowledgeBase, width: int = 0) -> str:
    """The knowledge base's title; where it and the review date do not fit in ``width``
    columns, the part before its colon ("Chronic low back pain"), so the date stays."""
    title = " ".join(clean(kb.meta.title).split())
    room = width - len(subtitle_text(kb)) - 14  # the header's icon (8), its dash and margins
    if width and len(title) > room and ":" in title:
        return title.split(":", 1)[0]
    return title


def subtitle_text(kb: KnowledgeBase) -> str:
    return f"reviewed {kb.meta.reviewed.isoformat()}"


# Columns: narrower screens get the shorter wording, in one line. The long wording needs 82
# columns for one line; below that it would take two of a small screen's rows.
NOTICE_SHORT_BELOW = 82


def notice(width: int = NOTICE_SHORT_BELOW) -> Content:
    """The notice, always whole: on a narrow screen in fewer words, so it wraps to fewer
    lines and leaves room for what the screen is for."""
    if width < NOTICE_SHORT_BELOW:
        return Content.assemble(
            ("Not medical advice: ", "bold"), "it informs a talk with your clinician."
        )
    return Content.assemble(
        ("Note: ", "bold"),
        "this informs a conversation with your clinician. It is not medical advice.",
    )


def grid_intro(
    names: list[str], first: int, shown: int, keys: dict[str, str], short: bool = False
) -> Content:
    """What the Option Grid is, its keys, and, where not every option fits, which options are
    off-screen on each side and how to reach them."""
    intro = Content.assemble(
        ("Option Grid: ", "bold"),
        f"the questions people ask, answered for each option. {keys['open']} opens the full "
        f"answer and its sources; {keys['grid']} or {keys['back']} returns.",
    )
    window = window_line(names, first, shown, keys["left"], keys["right"])
    if short:  # a small screen: the grid needs the rows; help has the keys
        intro = Content.assemble(("Option Grid", "bold"), f" · {keys['open']}: full answer")
    return intro if window is None else Content.assemble(intro, "\n", window)


def window_line(
    names: list[str], first: int, shown: int, left_key: str, right_key: str
) -> Content | None:
    """Where a table shows ``shown`` options from ``first``: which are off-screen on each
    side, and the keys that bring them in. None when every option is shown."""
    before, after = names[:first], names[first + shown :]
    if not before and not after:
        return None
    parts = [f"Showing {shown} of {len(names)} options."]
    if before:
        parts.append(f"◀ {left_key}: {', '.join(before)}.")
    if after:
        parts.append(f"{right_key} ▶: {', '.join(after)}.")
    return Content.styled(" ".join(parts), "bold")


LAYER_WORDS: dict[EvidenceLayer, str] = {"plain": "plain words", "clinician": "clinician numbers"}
STATUS_LONG_FROM = 64  # columns


def status_line(
    comparator: str | None,
    layer: EvidenceLayer,
    width: int,
    comparator_key: str,
    layer_key: str,
) -> Content:
    """What the columns show, always in view: which comparator Benefits uses and which
    layer, with the keys that change them (a toast alone would fade)."""
    versus = model.comparator_title(comparator).removeprefix("versus ")
    words = LAYER_WORDS[layer]
    if width >= STATUS_LONG_FROM:
        return Content.assemble(
            ("Benefits versus ", "dim"),
            versus,
            (f" ({comparator_key})", "dim"),
            ("  ·  Layer: ", "dim"),
            words,
            (f" ({layer_key})", "dim"),
        )
    return Content.assemble(
        "vs ", versus, (f" ({comparator_key})", "dim"), " · ", words, (f" ({layer_key})", "dim")
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


def decision_intro(store_status: str, export_key: str = "e") -> Content:
    return Content.assemble(
        "Rate what matters to you, note your questions, and take a summary to your "
        f"appointment ({export_key} exports it). ",
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
        no = [
            question.split(":")[0] for key, question in SURE_ITEMS if profile.sure.get(key) is False
        ]
        text = (
            f"{yes} of 4 yes: not sure yet. That is common. Answered 'no': {'; '.join(no)}. "
            "These show what to talk through with your clinician or someone you trust."
        )
    return Content.assemble(("SURE: ", "bold"), text)


# ----------------------------------------------------------------------------- forest plot


# The plot's rows are chosen in ``views.plot`` (``backtui site`` draws the same ones).
OUTCOME_ORDER = plots.OUTCOME_ORDER
OUTCOME_WORDS = plots.OUTCOME_WORDS
COMPARATOR_SHORT = plots.COMPARATOR_SHORT


@dataclass(frozen=True)
class PlotData:
    """What the Benefits plot shows: rows on one measure, and the findings it cannot show."""

    title: Content
    rows: list[ForestRow]
    targets: list[Target]
    axis: ForestAxis | None
    elsewhere: list[Content]


def plot_outcomes(index: Index, option_ids: list[str]) -> list[str]:
    """Outcomes that have numbers for at least one selected option, in a stable order."""
    return plots.outcomes(index, option_ids)


def plot_data(
    index: Index,
    option_ids: list[str],
    outcome: str,
    comparator: str | None,
    keys: tuple[str, str] = ("u", "Enter"),
) -> PlotData:
    """Rows for every selected option (and usual-care part) on the most common measure."""
    from backtui.ui.geometry import ForestAxis, ForestRow

    found = plots.plot(index, option_ids, outcome, comparator)
    words = f"{OUTCOME_WORDS[outcome]}, {comparator_title(comparator)}"
    if found is None:
        return PlotData(
            literal(f"No numbers for {words} in this knowledge base", "italic"), [], [], None, []
        )
    scale = found.scale
    units = clean(
        f"{model.measure_name(found.measure.lower())}" + (f" on {scale.name}" if scale else "")
    )
    if found.measure == "RD":
        units = "risk difference in percentage points"
    rows = [
        ForestRow(
            clean(r.member.name), r.estimate, r.ci_low, r.ci_high, r.numbers, mid=r.mid, keep=r.keep
        )
        for r in found.rows
    ]
    axis = ForestAxis(
        measure=found.measure,
        units=units,
        better=found.better,
        mid=found.mid,
        null=found.null,
        log=found.log,
        treatment="the option",
        comparator="the comparator",
    )
    elsewhere = [
        literal(
            f"{member.name} vs {COMPARATOR_SHORT[row.comparator]} "
            f"({source_short(index, row.source)}): "
        )
        + literal(effect_numbers(row, index))
        + literal(f" · {CERTAINTY_WORDS[row.certainty]}", "$text-muted")
        for member, row in found.elsewhere_rows
    ]
    title = Content.assemble(
        ("Plot: ", "bold"),
        literal(words),
        (f" · {keys[0]}: outcome · {keys[1]} on a row: details", "$text-muted"),
    )
    return PlotData(title, rows, [r.target for r in found.rows], axis, elsewhere)


ELSEWHERE_SHOWN = 2  # lines listed under the plot; the count in the heading covers the rest


def elsewhere_lines(lines: list[Content], show: int = ELSEWHERE_SHOWN) -> Content:
    """The findings not on the plot's axis, the first ``show`` of them in full. The heading
    gives their number first, so a short screen that shows none still says how many."""
    if not lines:
        return Content("")
    count = len(lines)
    findings = f"{count} finding{'s' if count > 1 else ''}"
    if show <= 0:
        return Content.styled(
            f"On other measures (not on this axis): {findings}, in the columns below",
            "bold $text-muted",
        )
    head = Content.styled(f"On other measures (not on this axis): {findings}", "bold $text-muted")
    shown = lines[:show]
    more = count - len(shown)
    tail = (
        [Content.styled(f"… and {more} more; see the columns below", "$text-muted")] if more else []
    )
    return join_lines([head, *shown, *tail])
