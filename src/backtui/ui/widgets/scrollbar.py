"""A vertical scroll bar drawn straight into strips.

Textual's ScrollBar renders through Rich (a renderable, a console, segments, then strips) on
every refresh, and the Option Grid's bar is restyled and redrawn each time the grid gains or
loses focus (about 2 ms of a switch to the grid). This one asks the same ScrollBarRender for
the same segments, keeps one strip per line, and reuses them until the bar's size, position
or colours change.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.geometry import Region
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip

BARS_KEPT = 8  # the grid's bar, focused and not, at a few positions


class StripScrollBar(ScrollBar):
    _lines: list[Strip] | None = None  # None: draw as Textual does
    _kept: dict[tuple[object, ...], list[Strip]] | None = None  # a few recent bars

    def render_lines(self, crop: Region) -> list[Strip]:
        self._lines = self._bar_lines()  # once per render, not once per line
        return super().render_lines(crop)

    def _bar_lines(self) -> list[Strip] | None:
        bar = self.render()
        width, height = self.size
        if not (self.vertical and isinstance(bar, ScrollBarRender) and type(bar) is self.renderer):
            return None  # pragma: no cover - a custom renderer
        style = bar.style if not isinstance(bar.style, str) else None
        if style is None or style.bgcolor is None or style.color is None:
            return None  # pragma: no cover - Textual always sets both
        base = self.visual_style.rich_style  # as Rich would lay it under the segments
        key = (width, height, bar.virtual_size, bar.window_size, bar.position, style, base)
        if self._kept is None:
            self._kept = {}
        kept = self._kept.get(key)
        if kept is None:
            # Keyword arguments, as Textual's own ScrollBar.render passes them.
            segments = bar.render_bar(
                size=height,
                virtual_size=bar.virtual_size,
                window_size=bar.window_size,
                position=bar.position,
                thickness=width,
                vertical=True,
                back_color=style.bgcolor,
                bar_color=style.color,
            )
            lines: list[Segment] = list(segments.segments)
            kept = [Strip([Segment(text, base + bar_style)], width) for text, bar_style, _ in lines]
            if len(self._kept) >= BARS_KEPT:
                self._kept.clear()
            self._kept[key] = kept
        return kept

    def render_line(self, y: int) -> Strip:
        if self._lines is None:
            return super().render_line(y)  # pragma: no cover - see _bar_lines
        if 0 <= y < len(self._lines):
            return self._lines[y]
        return Strip.blank(self.size.width)  # pragma: no cover - the styles cache asks within
