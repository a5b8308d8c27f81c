"""The strip of aspects above the comparison: "1 Overview  2 Benefits ...", the active one
underlined.

It looks like Textual's Tabs, but is one widget that draws its two lines itself. Tabs is a
container of a widget per tab: switching restyled two of them through CSS, and the underline
moved a frame later (after the tabs were laid out), so every aspect switch cost an extra frame.
Here a switch changes one number and repaints two lines. The labels are backtui's own words
(and the comparator's name), never knowledge-base text.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

from backtui.ui.widgets.messages import IndexMessage

BAR = "━"
HALF_BAR_LEFT = "╺"
HALF_BAR_RIGHT = "╸"


class AspectStrip(Widget):
    """Labels on the first line, the underline on the second. Never takes focus: the keys
    1-7, [ and ] and the mouse drive it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "aspect-strip--tab",
        "aspect-strip--tab-active",
        "aspect-strip--bar",
    }

    class Chosen(IndexMessage):
        """A click on the label of aspect ``index``."""

    def __init__(
        self, labels: list[str], short_labels: list[str] | None = None, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.labels = list(labels)
        self.plain_labels = list(labels)  # as first given: set_label may add to them
        self.short_labels = list(short_labels or labels)
        self.active = 0
        self._lines: tuple[tuple[object, ...], list[Strip]] | None = None

    def shown_labels(self, width: int) -> list[str]:
        """The labels that fit in ``width``, so that every aspect stays in view: the full
        ones; else as first given (without what set_label added); else the short ones; else
        each number, with the active aspect's short label."""
        for labels in (self.labels, self.plain_labels, self.short_labels):
            if sum(len(label) + 2 for label in labels) <= width:
                return labels
        return [
            label if number == self.active else label.split(" ", 1)[0]
            for number, label in enumerate(self.short_labels)
        ]

    def set_active(self, index: int) -> None:
        if index != self.active:
            self.active = index
            self.refresh()

    def set_label(self, index: int, label: str) -> None:
        if self.labels[index] != label:
            self.labels[index] = label
            self.refresh()

    def _spans(self, width: int) -> list[tuple[int, int]]:
        """(start, end) of each label, padding included, before any shift."""
        spans, x = [], 0
        for label in self.shown_labels(width):
            spans.append((x, x + len(label) + 2))
            x += len(label) + 2
        return spans

    def _shift(self, width: int) -> int:
        """How far the labels move left so that the active one is in view."""
        spans = self._spans(width)
        if not spans or not 0 <= self.active < len(spans):
            return 0
        return max(0, spans[self.active][1] - width)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        tab = self.get_visual_style("aspect-strip--tab")
        active = self.get_visual_style("aspect-strip--tab-active")
        bar = self.get_visual_style("aspect-strip--bar")
        key = (width, tuple(self.shown_labels(width)), self.active, tab, active, bar)
        if self._lines is None or self._lines[0] != key:
            self._lines = (key, self._draw(width, tab.rich_style, active.rich_style, bar))
        lines = self._lines[1]
        return lines[y] if 0 <= y < len(lines) else Strip.blank(width)

    def _draw(self, width: int, tab: RichStyle, active: RichStyle, bar: Style) -> list[Strip]:
        shift = self._shift(width)
        segments = [
            Segment(f" {label} ", active if number == self.active else tab)
            for number, label in enumerate(self.shown_labels(width))
        ]
        labels = Strip(segments).crop(shift, shift + width).extend_cell_length(width, tab)
        base = self.get_visual_style().rich_style
        # As Tabs' Underline uses its component style: the colour draws the highlight and the
        # background colour draws the rest of the line.
        colours = bar.rich_style
        background = base + RichStyle(color=colours.bgcolor)
        highlight = base + RichStyle(color=colours.color)
        spans = self._spans(width)
        if not spans:
            return [labels, Strip([Segment(BAR * width, background)], width)]
        start, end = spans[self.active]
        start, end = max(0, start - shift), min(width, end - shift)
        # As Textual's Bar draws it: half bars where the highlight meets the background.
        underline = [Segment(BAR * max(0, start - 1), background)]
        if start > 0:
            underline.append(Segment(HALF_BAR_RIGHT, background))
        underline.append(Segment(BAR * (end - start), highlight))
        if end < width:
            underline.append(Segment(HALF_BAR_LEFT + BAR * (width - end - 1), background))
        return [labels, Strip(underline, width)]

    def on_click(self, event: events.Click) -> None:
        x = event.x + self._shift(self.size.width)
        for number, (start, end) in enumerate(self._spans(self.size.width)):
            if start <= x < end:
                event.stop()
                self.post_message(self.Chosen(self, number))
                return
