"""View-model blocks, forest plots and icon arrays as HTML and inline SVG.

The one mapping from a block's role to its look on the site, as ``ui.present.block_lines`` is
for the app. Every string from the knowledge base goes through :func:`h` (``html.escape``
with quotes) and lands in element content or a quoted attribute; the only links made from
knowledge-base text are the handout's: https: addresses through ``citations.safe_url``.
"""

from __future__ import annotations

import math

from backtui.citations import safe_url
from backtui.export import h
from backtui.kb.queries import CERTAINTY_SYMBOLS, CERTAINTY_WORDS, STANCE_WORDS, VERDICT_WORDS
from backtui.ui import geometry  # pure Python: the plots' shared rules (no Textual import)
from backtui.views.model import Block
from backtui.views.plot import Plot
from backtui.wording import SEVERITY_GLYPHS, STANCE_GLYPHS, VERDICT_GLYPHS, number

# Fields whose value is an address: a link when it is a safe https: address, else text.
ADDRESS_FIELDS = ("Address", "Figures read at")


def glyph(symbol: str) -> str:
    """A symbol the words beside it already say: shown, but not read out twice."""
    return f'<span class="glyph" aria-hidden="true">{h(symbol)}</span>'


def certainty_html(code: str) -> str:
    words = h(CERTAINTY_WORDS[code])
    return f'{glyph(CERTAINTY_SYMBOLS[code])} <span class="c-{h(code)}">{words}</span>'


def stance_html(code: str) -> str:
    words = h(STANCE_WORDS[code])
    return f'{glyph(STANCE_GLYPHS[code])} <span class="s-{h(code)}">{words}</span>'


def address(url: str) -> str:
    """An address as a link only when the handout would link it (https:), else as text."""
    link = safe_url(url)
    if link is None:
        return h(url)
    return f'<a href="{h(link)}" rel="noopener noreferrer">{h(url)}</a>'


def block_html(block: Block, level: int = 3) -> str:
    """One view-model block; ``level`` is the heading level of a record's own headings."""
    role, text = block.role, block.text
    if role == "title":
        return f'<p class="b-title"><strong>{h(text)}</strong></p>'
    if role == "heading":
        return f"<h{level}>{h(text)}</h{level}>"
    if role == "lead":
        return f'<p class="lead"><strong>{h(text)}</strong></p>'
    if role == "gap":
        return ""
    if role == "certainty":
        if block.label:
            return f"<p><strong>{h(block.label)}:</strong> {certainty_html(block.code)}</p>"
        return f'<p class="cert">{certainty_html(block.code)}</p>'
    if role == "verdict":
        words = f"{VERDICT_GLYPHS[block.code]} {VERDICT_WORDS[block.code]}"
        return f"<p><strong>{h(block.label)}:</strong> <strong>{h(words)}</strong></p>"
    if role in ("noticeable", "empty", "hint"):
        return f'<p class="muted"><em>{h(text)}</em></p>'
    if role == "severity":
        shown = f"{glyph(SEVERITY_GLYPHS[block.code])} {h(block.code)}"
        if block.label:
            return f"<p><strong>{h(block.label)}:</strong> {shown}</p>"
        return f'<p class="muted">{shown}</p>'
    if role == "stance":
        if block.label:
            return f"<p><strong>{h(block.label)}:</strong> {stance_html(block.code)}</p>"
        return f'<p>{stance_html(block.code)} · <span class="muted">{h(text)}</span></p>'
    if role == "disagree":
        head, _, rest = text.partition(" about ")
        return f'<p class="disagree"><strong>⚠ {h(head)}</strong> about {h(rest)}</p>'
    if role == "field":
        value = address(text) if block.label in ADDRESS_FIELDS else h(text)
        return f'<p class="field"><strong>{h(block.label)}:</strong> {value}</p>'
    if role == "meta":
        return f'<p class="muted">{h(text)}</p>'
    if role == "citation":
        return f"<p><em>{h(text)}</em></p>"
    if role == "icons":
        return icon_array(block.value, block.label)
    if role == "figure":
        return f'<p class="figure">{h(text)}</p>'
    return f"<p>{h(text)}</p>"


def blocks_html(blocks: tuple[Block, ...], level: int = 3) -> str:
    return "".join(block_html(b, level) for b in blocks)


# ----------------------------------------------------------------------------- icon arrays

ICON_COLUMNS = 10
ICON_STEP = 11  # px between icon centres
ICON_GROUP = 5  # a wider gap after every 5 columns and rows, as the app groups them
ICON_GAP = 4


def icon_array(per_100: float, caption: str = "") -> str:
    """100 icons, 10 to a row, the affected filled first: filled and hollow differ in shape
    (a disc and a ring), not only in colour. The sentence beside it says the same in words."""
    count = geometry.icon_count(per_100, 100)
    size = ICON_COLUMNS * ICON_STEP + ICON_GAP
    icons = []
    for i in range(100):
        column, row = i % ICON_COLUMNS, i // ICON_COLUMNS
        x = column * ICON_STEP + ICON_STEP / 2 + (ICON_GAP if column >= ICON_GROUP else 0)
        y = row * ICON_STEP + ICON_STEP / 2 + (ICON_GAP if row >= ICON_GROUP else 0)
        kind = "on" if i < count else "off"
        icons.append(f'<circle class="i-{kind}" cx="{x:g}" cy="{y:g}" r="4"/>')
    label = f"{count} of 100 icons filled"
    head = f"<figcaption><em>{h(caption)}</em></figcaption>" if caption else ""
    return (
        f'<figure class="icons">{head}'
        f'<svg width="{size}" height="{size}" viewBox="0 0 {size} {size}" role="img" '
        f'aria-label="{h(label)}"><title>{h(label)}</title>{"".join(icons)}</svg></figure>'
    )


# ----------------------------------------------------------------------------- forest plot

ROW_HEIGHT = 46  # px: the label line, then the whisker
LEFT, RIGHT = 3.0, 97.0  # the axis runs between these percentages of the width


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    raw = (high - low) / count
    step = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= step * factor:
            step *= factor
            break
    first = math.ceil(low / step) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks


def forest_svg(plot: Plot, plot_id: str) -> str:
    """The plot on one shared axis, drawn to the width of the page: x positions are in
    percent, so text keeps its size on a phone. Title and description name every row."""
    values = [plot.null]
    for row in plot.rows:
        values += [v for v in (row.estimate, row.ci_low, row.ci_high) if v is not None]
        if row.mid is not None:
            values += [plot.null - row.mid, plot.null + row.mid]
    if plot.mid is not None:
        values += [plot.null - plot.mid, plot.null + plot.mid]
    if plot.log:
        values = [math.log(v) for v in values if v > 0]
    low, high = min(values), max(values)
    pad = (high - low) * 0.08 or 1.0
    low, high = low - pad, high + pad

    def x(value: float) -> float:
        v = math.log(value) if plot.log else value
        return LEFT + (v - low) / (high - low) * (RIGHT - LEFT)

    top = 8
    height = top + ROW_HEIGHT * len(plot.rows) + 62
    bottom = top + ROW_HEIGHT * len(plot.rows)
    parts = []
    if plot.mid is not None:
        a, b = x(plot.null - plot.mid), x(plot.null + plot.mid)
        parts.append(
            f'<rect class="fp-band" x="{a:.2f}%" y="{top}" width="{b - a:.2f}%" '
            f'height="{bottom - top}"/>'
        )
    parts.append(
        f'<line class="fp-null" x1="{x(plot.null):.2f}%" x2="{x(plot.null):.2f}%" '
        f'y1="{top}" y2="{bottom}"/>'
    )
    for i, row in enumerate(plot.rows):
        y = top + i * ROW_HEIGHT
        parts.append(
            f'<text class="fp-label" x="0" y="{y + 15}">{h(row.label)} {h(row.keep)}</text>'
        )
        cy = y + 32
        if row.ci_low is not None and row.ci_high is not None:
            parts.append(
                f'<line class="fp-ci" x1="{x(row.ci_low):.2f}%" x2="{x(row.ci_high):.2f}%" '
                f'y1="{cy}" y2="{cy}"/>'
            )
        parts.append(f'<circle class="fp-point" cx="{x(row.estimate):.2f}%" cy="{cy}" r="5"/>')
    parts.append(f'<line class="fp-axis" x1="{LEFT}%" x2="{RIGHT}%" y1="{bottom}" y2="{bottom}"/>')
    ends = (math.exp(low), math.exp(high)) if plot.log else (low, high)
    ticks = _ticks(math.log(ends[0]), math.log(ends[1])) if plot.log else _ticks(*ends)
    for tick in ticks:
        value = math.exp(tick) if plot.log else tick
        tx = x(value)
        parts.append(
            f'<line class="fp-axis" x1="{tx:.2f}%" x2="{tx:.2f}%" y1="{bottom}" y2="{bottom + 5}"/>'
        )
        parts.append(
            f'<text class="fp-tick" x="{tx:.2f}%" y="{bottom + 19}" text-anchor="middle">'
            f"{h(number(round(value, 2)))}</text>"
        )
    left, right = geometry.favours(plot.better, "the option", "the comparator")
    parts.append(f'<text class="fp-dir" x="0" y="{bottom + 40}">← favours {h(left)}</text>')
    parts.append(
        f'<text class="fp-dir" x="100%" y="{bottom + 40}" text-anchor="end">'
        f"favours {h(right)} →</text>"
    )
    title = f"Forest plot: {plot.words}"
    desc = "; ".join(f"{row.label} {row.keep}: {row.numbers}" for row in plot.rows)
    desc = f"{plot.units}. {desc}. The table below gives the same numbers."
    return (
        f'<svg class="forest" width="100%" height="{height}" role="img" '
        f'aria-labelledby="{plot_id}-t {plot_id}-d">'
        f'<title id="{plot_id}-t">{h(title)}</title><desc id="{plot_id}-d">{h(desc)}</desc>'
        + "".join(parts)
        + "</svg>"
    )


def forest_legend(plot: Plot) -> list[str]:
    """What each mark means, in the app's words (``geometry.legend_items``)."""
    return geometry.legend_items(
        mid=plot.mid,
        log=plot.log,
        own_mid=any(row.mid is not None for row in plot.rows),
    )
