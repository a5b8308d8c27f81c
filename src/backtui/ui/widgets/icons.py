"""Icon arrays: how many in 100 (by default) are affected, as a picture and in words.

Data-driven: the caller gives the numbers and the words, never knowledge-base objects. The
array shows ``total`` icons in rows of ``columns``, the affected ones filled (``●``) and first
in reading order, the others empty (``○``), grouped every 5 columns so they can be counted;
the glyphs carry the meaning, so it reads the same without colour. The rounding rules are in
``backtui.ui.geometry``: 0.4 in 100 draws no filled icon and the text says "fewer than 1 in
100".

Beside the array (below it when the widget is narrow) is its text equivalent, built from the
caller's parts: "about 19 in 100" + ``unit`` ("treatments" or "patients": what the
denominator counts) + ``event`` + ``period`` (over what time). Use the same ``total`` for every
option answering one question. Rare events (per 10,000 or per 1,000,000) are not drawn as
arrays: give them as text with ``geometry.rare_frequency`` on the shared per-10,000 scale.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.content import Content
from textual.events import Resize
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Static

from backtui.ui import geometry
from backtui.ui.present import clean

MIN_TEXT_WIDTH = 24
"""Below this many cells left beside the array, the text goes underneath it."""


def _one_line(text: str) -> str:
    return " ".join(clean(text).split())


class IconGrid(Widget):
    """Just the icons of an icon array (see the module docstring)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"icon-grid--affected", "icon-grid--unaffected"}
    """
    | Class | Description |
    | :- | :- |
    | `icon-grid--affected` | The filled icons (●). |
    | `icon-grid--unaffected` | The empty icons (○). |
    """

    DEFAULT_CSS = """
    IconGrid {
        width: auto;
        height: auto;
        & > .icon-grid--affected { color: $text-accent; text-style: bold; }
        & > .icon-grid--unaffected { color: $text-muted; }
    }
    """

    def __init__(
        self,
        affected: float,
        *,
        total: int = 100,
        columns: int = 10,
        groups_of: int | None = 5,
        gap: int = 1,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._shape = (total, columns, groups_of, gap)
        self._lines = geometry.icon_array(affected, total, columns, groups_of, gap=gap)
        self.affected = affected

    @property
    def lines(self) -> list[str]:
        """The icons as text, one string per row."""
        return list(self._lines)

    @property
    def filled(self) -> int:
        """How many icons are filled."""
        return sum(line.count(geometry.ICON_FILLED) for line in self._lines)

    def update(self, affected: float) -> None:
        total, columns, groups_of, gap = self._shape
        self._lines = geometry.icon_array(affected, total, columns, groups_of, gap=gap)
        self.affected = affected
        self.refresh(layout=True)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return max((len(line) for line in self._lines), default=0)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines)

    def render(self) -> Content:
        # Full styles, not partial: "auto" and muted colours need the background under them.
        affected = self.get_visual_style("icon-grid--affected")
        unaffected = self.get_visual_style("icon-grid--unaffected")
        rendered: list[Content] = []
        for line in self._lines:
            filled = line.rfind(geometry.ICON_FILLED) + 1
            rendered.append(
                Content.assemble((line[:filled], affected), (line[filled:], unaffected))
            )
        return Content("\n").join(rendered)


class IconArray(Widget):
    """An icon array with its text equivalent beside it (or below it when narrow)."""

    DEFAULT_CSS = """
    IconArray {
        layout: horizontal;
        width: 1fr;
        height: auto;
        & > IconGrid { margin: 0 2 0 0; }
        & > .icon-array--text { width: 1fr; height: auto; }
        &.-stacked { layout: vertical; }
        &.-stacked > IconGrid { margin: 0 0 1 0; }
    }
    """

    def __init__(
        self,
        affected: float,
        *,
        unit: str,
        event: str,
        period: str = "",
        total: int = 100,
        columns: int = 10,
        groups_of: int | None = 5,
        gap: int = 1,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._grid = IconGrid(affected, total=total, columns=columns, groups_of=groups_of, gap=gap)
        self._total = total
        self._parts = (_one_line(unit), _one_line(event), _one_line(period))
        self._text = Static(Content(self.text), classes="icon-array--text")

    @property
    def affected(self) -> float:
        return self._grid.affected

    @property
    def grid(self) -> IconGrid:
        return self._grid

    @property
    def text(self) -> str:
        """The text equivalent: "about 19 in 100 treatments caused a mild side effect …"."""
        unit, event, period = self._parts
        return geometry.frequency_sentence(self._grid.affected, self._total, unit, event, period)

    def update(
        self,
        affected: float,
        *,
        unit: str | None = None,
        event: str | None = None,
        period: str | None = None,
    ) -> None:
        """Show a new value (and new words, for those given)."""
        old_unit, old_event, old_period = self._parts
        self._parts = (
            old_unit if unit is None else _one_line(unit),
            old_event if event is None else _one_line(event),
            old_period if period is None else _one_line(period),
        )
        self._grid.update(affected)
        self._text.update(Content(self.text))

    def compose(self) -> ComposeResult:
        yield self._grid
        yield self._text

    def on_resize(self, event: Resize) -> None:
        grid_width = max((len(line) for line in self._grid.lines), default=0)
        self.set_class(event.size.width < grid_width + 2 + MIN_TEXT_WIDTH, "-stacked")
