"""One option's column: its name and the items of the current aspect."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Self

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.cache import LRUCache
from textual.containers import Vertical
from textual.content import Content
from textual.scrollbar import ScrollBar
from textual.widgets import OptionList, Static
from textual.widgets._option_list import OptionListContent
from textual.widgets.option_list import Option

from backtui.ui.present import Item, Target
from backtui.ui.widgets.scrollbar import StripScrollBar


class ColumnList(OptionList):
    """The items of a column; ↑/↓ (and k/j) move, Enter opens the record."""

    BINDINGS = [
        Binding("k", "cursor_up", "Up", show=False, id="backtui.item.up"),
        Binding("j", "cursor_down", "Down", show=False, id="backtui.item.down"),
    ]

    _wrapped_width: int | None = None

    def set_options(self, options: Iterable[OptionListContent]) -> Self:
        # OptionList drops every rendered option here. Its render cache is keyed by the
        # Option object and the style, so the same options shown again (the column's items
        # for a view it showed before) can reuse their strips; a new width still clears it.
        rendered = self._option_render_cache
        self._option_render_cache = LRUCache(rendered.maxsize)  # for OptionList to clear
        super().set_options(options)
        self._option_render_cache = rendered
        return self

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        """Widget.vertical_scrollbar, with a bar that keeps its strips (widgets/scrollbar.py)."""
        if self._vertical_scrollbar is None:
            bar = StripScrollBar(
                vertical=True, name="vertical", thickness=self.scrollbar_size_vertical
            )
            bar.display = False
            self._vertical_scrollbar = bar
            self.app._start_widget(self, bar)
        return self._vertical_scrollbar

    def _on_resize(self, event: events.Resize | None = None) -> None:
        # OptionList re-wraps every item on any resize, but the wrapping depends only on the
        # width it wraps to; the column's height changes on every switch to or from Benefits
        # (the plot above it), and then the wrapped items can stay.
        width = self.scrollable_content_region.width
        if event is not None and width == self._wrapped_width:
            event.prevent_default()  # skips OptionList._on_resize, which drops its caches
        self._wrapped_width = width


class OptionColumn(Vertical):
    """A column of the comparison. Every column is built and styled the same way."""

    def __init__(self, option_id: str, title: object, **kwargs: object) -> None:
        super().__init__(id=f"column-{option_id}", classes="option-column", **kwargs)  # type: ignore[arg-type]
        self.option_id = option_id
        self._title = title
        self.items: list[Item] = []
        # id(items) -> (items, their options); the items are kept so the id stays theirs.
        self._options: dict[int, tuple[list[Item], list[Option | None]]] = {}

    def compose(self) -> ComposeResult:
        yield Static(self._title, classes="column-title")  # type: ignore[arg-type]
        yield ColumnList(id=f"list-{self.option_id}", classes="column-list")

    def set_title(self, title: Content) -> None:
        self.query_one(".column-title", Static).update(title)

    @property
    def column_list(self) -> ColumnList:
        return self.query_one(ColumnList)

    def show(self, items: list[Item], keep: Target | None = None) -> None:
        """Replace the items; keep the highlight on ``keep`` if it is still there.

        The same ``items`` list (MainScreen keeps one per view) gets the same Option objects
        back, and with them their wrapped lines and rendered strips."""
        self.items = items
        column = self.column_list
        old = column.highlighted
        cached = self._options.get(id(items))
        if cached is None or cached[0] is not items:
            entries: list[Option | None] = []
            for item in items:
                entries += [Option(item.prompt, disabled=item.target is None), None]
            cached = (items, entries[:-1])  # None: a divider line between items
            self._options[id(items)] = cached
        column.set_options(cached[1])
        targets = [item.target for item in items]
        if keep is not None and keep in targets:
            column.highlighted = targets.index(keep)
        elif old is not None and old < len(items) and items[old].target is not None:
            column.highlighted = old
        else:
            first = next((i for i, item in enumerate(items) if item.target is not None), None)
            column.highlighted = first

    def highlighted_target(self) -> Target | None:
        index = self.column_list.highlighted
        if index is None or index >= len(self.items):
            return None
        return self.items[index].target

    def highlight(self, target: Target) -> bool:
        for number, item in enumerate(self.items):
            if item.target == target:
                self.column_list.highlighted = number
                return True
        return False
