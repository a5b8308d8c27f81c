"""A one-line horizontal rule.

A container's bottom border would do the same, but Textual redraws a bordered container's
every line whenever it is shown or moves (about 1.5 ms for the Benefits plot's area); this
draws one line, once per width and theme.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from textual.strip import Strip
from textual.widget import Widget


class Rule(Widget):
    COMPONENT_CLASSES: ClassVar[set[str]] = {"rule--line"}
    DEFAULT_CSS = "Rule { height: 1; }"

    _line: tuple[tuple[object, ...], Strip] | None = None

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        style = self.get_visual_style("rule--line").rich_style
        if self._line is None or self._line[0] != (width, style):
            self._line = ((width, style), Strip([Segment("─" * width, style)], width))
        return self._line[1]
