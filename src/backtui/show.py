"""``backtui show``: the comparison as plain-text tables, for screen readers, pipes and scripts.

Only ever plain text: no escape codes, colours or box-drawing characters, whatever the terminal,
so the output is the same on a TTY, in a pipe and with ``NO_COLOR``. Options are columns when
the width allows (at least ``MIN_COLUMN`` columns each), otherwise one option after another.
No line is wider than the width asked for. Pure Python; never imports Textual.
"""

from __future__ import annotations

from backtui.kb.queries import STANCE_WORDS, VERDICT_WORDS, Index
from backtui.kb.schema import Claim
from backtui.views import fairness, model
from backtui.views.aspects import ASPECT_IDS, BY_ID, AspectId
from backtui.wording import DISCLAIMER_FALLBACK, cell_width, one_line, pad, wrap

MIN_WIDTH = 20
# Narrower columns than this read badly: fall back to one option after another. At 60 columns
# two options sit side by side and three are stacked; at 80, three fit.
MIN_COLUMN = 22
GAP = "   "  # between columns: spaces only, so screen readers do not announce separators
MAX_LABEL = 24


class ShowError(ValueError):
    """An unusable --aspect or --width; the message says what is allowed."""


def parse_aspect(aspect: str | None) -> list[AspectId]:
    """The aspects to print: one by name (or its number 1-7), or all when ``aspect`` is None."""
    names = list(ASPECT_IDS)
    if aspect is None or aspect.strip().lower() == "all":
        return names
    wanted = aspect.strip().lower().replace(" ", "-").replace("_", "-")
    if wanted.isdigit() and 1 <= int(wanted) <= len(names):
        return [names[int(wanted) - 1]]
    for name in names:
        if name == wanted:
            return [name]
    raise ShowError(
        f"unknown aspect {one_line(aspect)!r}; choose from: {', '.join(names)} (or all)"
    )


# ----------------------------------------------------------------------------- layout


def heading(text: str, width: int, underline: str = "=") -> list[str]:
    lines = wrap(text, width)
    return [*lines, underline * min(width, max(cell_width(line) for line in lines))]


def paragraphs(text: str, width: int, indent: str = "") -> list[str]:
    return [indent + line if line else "" for line in wrap(text, width - cell_width(indent))]


def _cell_lines(text: str, width: int) -> list[str]:
    return wrap(text, width) if text else [""]


# columns() and table() take the same table; table() also stacks it when it will not fit.
def columns(
    headers: list[str],
    rows: list[list[str]],
    width: int,
    labels: list[str] | None = None,
    label_header: str = "",
    min_column: int = MIN_COLUMN,
) -> list[str] | None:
    """Cells side by side, one column per header, rows separated by a blank line.

    ``labels`` adds a first column naming each row (the grid's questions). Returns None when
    the columns would be narrower than ``min_column``; the caller then stacks the options.
    """
    count = len(headers)
    if count == 0:
        return []
    label_width = 0
    if labels is not None:
        longest = max([cell_width(x) for x in [*labels, label_header]] or [0])
        label_width = min(MAX_LABEL, max(10, longest), width // 4)
    used = label_width + (len(GAP) if labels is not None else 0)
    column = (width - used - len(GAP) * (count - 1)) // count
    if column < min_column:
        return None
    widths = ([label_width] if labels is not None else []) + [column] * count

    def line_up(cells: list[list[str]]) -> list[str]:
        height = max(len(c) for c in cells)
        out = []
        for i in range(height):
            parts = [pad(c[i] if i < len(c) else "", w) for c, w in zip(cells, widths, strict=True)]
            out.append(GAP.join(parts).rstrip())
        return out

    head = [_cell_lines(h, w) for h, w in zip(headers, widths[-count:], strict=True)]
    if labels is not None:
        head.insert(0, _cell_lines(label_header, label_width))
    lines = line_up(head)
    lines.append(GAP.join("-" * w for w in widths))
    for r, row in enumerate(rows):
        cells = [_cell_lines(text, column) for text in row]
        if labels is not None:
            cells.insert(0, _cell_lines(labels[r], label_width))
        if r:
            lines.append("")
        lines += line_up(cells)
    return lines


def stacked(
    headers: list[str], rows: list[list[str]], width: int, labels: list[str] | None = None
) -> list[str]:
    """One option after another: its name underlined, then its items (or labelled answers)."""
    lines: list[str] = []
    for c, header in enumerate(headers):
        if c:
            lines.append("")
        lines += heading(header, width, "-")
        for r, row in enumerate(rows):
            text = row[c] if c < len(row) else ""
            if not text:
                continue
            if labels is not None:
                lines += paragraphs(f"{labels[r]}: {text}", width)
            else:
                if r:
                    lines.append("")
                lines += paragraphs(text, width)
    return lines


def table(
    headers: list[str],
    rows: list[list[str]],
    width: int,
    labels: list[str] | None = None,
    label_header: str = "",
    stack: bool = False,
    min_column: int = MIN_COLUMN,
) -> list[str]:
    """Columns when they fit (and ``stack`` is not asked for), else one option after another."""
    if not stack:
        side_by_side = columns(headers, rows, width, labels, label_header, min_column)
        if side_by_side is not None:
            return side_by_side
    return stacked(headers, rows, width, labels)


def transpose(per_option: list[list[str]], empty: str) -> list[list[str]]:
    """Items per option -> rows of items, the i-th item of every option on row i."""
    height = max([len(items) for items in per_option] or [0])
    rows = []
    for i in range(height):
        rows.append([items[i] if i < len(items) else "" for items in per_option])
    if not rows:
        rows = [[empty for _ in per_option]]
    for c, items in enumerate(per_option):
        if not items and rows:
            rows[0][c] = empty
    return rows


# ----------------------------------------------------------------------------- aspects


def aspect_items(index: Index, option_id: str, aspect: AspectId) -> list[str]:
    """One option's items for one aspect, each a plain-text block (lines joined by newlines),
    as the view model words them: the same words as the app's plain layer."""
    items = []
    for view in model.aspect_items(index, option_id, aspect, layer="full"):
        if view.target is not None and view.target.kind == "claims":
            continue  # the claims are printed in full after the sources
        items.append(view.text)
    return items


def render_aspect(
    index: Index, option_ids: list[str], aspect: AspectId, width: int, stack: bool = False
) -> list[str]:
    title = BY_ID[aspect].label
    names = [one_line(index.options[o].name) for o in option_ids]
    lines = heading(title, width)
    per_option = [aspect_items(index, o, aspect) for o in option_ids]
    lines += table(names, transpose(per_option, BY_ID[aspect].empty), width, stack=stack)
    kb = index.kb
    # What an aspect adds below its table, across the options.
    match aspect:
        case "overview" if kb.questions:
            lines.append("")
            lines += heading("On the same questions", width, "-")
            labels = [one_line(q.text) for q in kb.questions]
            rows = [[model.grid_answer(q, o).short for o in option_ids] for q in kb.questions]
            lines += table(names, rows, width, labels=labels, label_header="Question", stack=stack)
        case "guidelines" if found := fairness.disagreements(index, option_ids):
            lines.append("")
            lines += heading("Where guidelines disagree", width, "-")
            for item in found:
                stances = "; ".join(
                    f"{one_line(g.body)} ({g.year}): {STANCE_WORDS[p.stance]}"
                    for g, p in item.positions
                )
                lines += paragraphs(f"{one_line(item.member.name)}: {stances}.", width)
        case "sources" if kb.claims:
            lines += _claims(kb.claims, width)
    return lines


def _claims(claims: list[Claim], width: int) -> list[str]:
    """The checked claims in full, after the sources."""
    lines = ["", *heading("Checked claims", width, "-")]
    for i, claim in enumerate(claims):
        if i:
            lines.append("")
        lines += paragraphs(f"Claim: {one_line(claim.claim)}", width)
        lines += paragraphs(f"Verdict: {VERDICT_WORDS[claim.verdict]}.", width)
        lines += paragraphs(one_line(claim.evidence), width)
    return lines


def render(
    index: Index,
    option_ids: list[str],
    aspects: list[AspectId],
    width: int,
    stack: bool = False,
) -> str:
    """The whole ``backtui show`` output, ending with a newline."""
    if width < MIN_WIDTH:
        raise ShowError(f"--width must be at least {MIN_WIDTH}")
    meta = index.kb.meta
    names = [one_line(index.options[o].name) for o in option_ids]
    lines = paragraphs(one_line(meta.title), width)
    lines += paragraphs(
        f"Knowledge base version {one_line(meta.version)}, reviewed {meta.reviewed.isoformat()}.",
        width,
    )
    lines += paragraphs(f"Comparing: {', '.join(names)}.", width)
    lines += paragraphs(DISCLAIMER_FALLBACK, width)
    for aspect in aspects:
        lines.append("")
        lines += render_aspect(index, option_ids, aspect, width, stack)
    lines.append("")
    lines += paragraphs(one_line(meta.disclaimer), width)
    return "\n".join(line.rstrip() for line in lines) + "\n"
