"""A forest plot of one effect measure on one shared axis, drawn in character cells.

The widget is data-driven: it takes rows of numbers and labels (``ForestRow``) and the axis
settings (``ForestAxis``), never knowledge-base objects. It plots **one measure**: callers
group their rows by measure (a mean difference on a 0-100 scale and a standardised mean
difference need two plots) and list any option whose evidence is in another measure
elsewhere, with its numbers.

Labels and numbers are untrusted text: control characters are removed with
``present.clean`` and the text is drawn as plain segments, never parsed as markup. The plot
reads without colour (``NO_COLOR``, monochrome terminals): the glyphs carry the meaning (see
``backtui.ui.geometry``), the selected row is marked with ``▸`` as well as the cursor colour,
and a legend line says what each glyph means. Colours come only from the component classes
below, which use theme variables.

Layout: with room for a plot of at least ``MIN_PLOT_WIDTH`` cells each row is one line,
``▸ label  plot  numbers``; narrower, each row takes two lines (label and numbers, then the
plot across the whole width). Under the rows come the axis, its tick labels, the
"← favours X │ favours Y →" direction, the measure and units, and the legend. When the widget
is given less height than it needs, the rows scroll and the axis lines stay in view.

Keys: ↑/k and ↓/j move the selection, Home/End and PageUp/PageDown jump, Enter posts
``ForestPlot.RowChosen``; a click selects a row and a click on the selected row chooses it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from backtui.ui import geometry
from backtui.ui.geometry import ForestAxis, ForestRow, Kind
from backtui.ui.keys import list_bindings
from backtui.ui.present import clean
from backtui.ui.widgets.messages import IndexMessage

DATA_SETS_KEPT = 8
LINES_KEPT = 512  # per layout: a plot's lines in a few cursor positions and themes
MIN_PLOT_WIDTH = 30
"""Below this many cells for the plot (gutters included), rows take two lines."""
PLOT_KEPT_WIDTH = 40
"""The numbers may take room from a wider plot down to this: a whole citation over cells."""

CURSOR_MARK = "▸ "
NO_MARK = "  "
NO_ROWS = "No estimates on this scale"


PINNED_LINES = 3  # the axis, its numbers and "favours": what a row cannot be read without


def _one_line(text: str) -> str:
    """Untrusted text made safe and single-line: no control characters, no line breaks."""
    return " ".join(clean(text).split())


def _tail(row: ForestRow) -> str:
    """The part of a row's label kept whole: " vs sham"."""
    return f" {row.keep}" if row.keep else ""


def _pad(text: str, width: int) -> str:
    return geometry.pad_to(text, width, cell_len)


Run = tuple[str, str]  # (component class, text)


@dataclass(frozen=True)
class _Layout:
    """Where everything goes at one width. Rows are drawn from it, with the cursor, on demand."""

    width: int
    stacked: bool
    label_width: int
    numbers_width: int
    plot_x: int
    forest: geometry.ForestLayout
    footer: tuple[tuple[Run, ...], ...]

    @property
    def lines_per_row(self) -> int:
        return 2 if self.stacked else 1


_KeptLayout = tuple[_Layout, "LRUCache[tuple[object, ...], Strip]"]


class ForestPlot(ScrollView, can_focus=True):
    """A forest plot: one row per option (or part), one measure, one shared axis."""

    BINDINGS: ClassVar[list[BindingType]] = list_bindings(show_open=True)

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "forest-plot--label",
        "forest-plot--numbers",
        "forest-plot--whisker",
        "forest-plot--point",
        "forest-plot--null",
        "forest-plot--band",
        "forest-plot--arrow",
        "forest-plot--axis",
        "forest-plot--direction",
        "forest-plot--units",
        "forest-plot--legend",
        "forest-plot--cursor",
    }
    """
    | Class | Description |
    | :- | :- |
    | `forest-plot--label` | Row labels. |
    | `forest-plot--numbers` | The numbers beside each row. |
    | `forest-plot--whisker` | The 95% CI whiskers (─). |
    | `forest-plot--point` | The point estimates (● ◆). |
    | `forest-plot--null` | The line of no effect (│). |
    | `forest-plot--band` | The band of the minimal important difference (░). |
    | `forest-plot--arrow` | Arrows where an interval runs off the axis (◀ ▶). |
    | `forest-plot--axis` | The axis line and tick labels. |
    | `forest-plot--direction` | The "favours" direction line. |
    | `forest-plot--units` | The measure and units line. |
    | `forest-plot--legend` | The legend line(s). |
    | `forest-plot--cursor` | The selected row. |
    """

    DEFAULT_CSS = """
    ForestPlot {
        height: auto;
        max-height: 100%;
        padding: 0 1;
        overflow-x: hidden;
        & > .forest-plot--label { color: $text; }
        & > .forest-plot--numbers { color: $text-muted; }
        & > .forest-plot--whisker { color: $text; }
        & > .forest-plot--point { color: $text-accent; text-style: bold; }
        & > .forest-plot--null { color: $text; }
        & > .forest-plot--band { color: $text-success; }
        & > .forest-plot--arrow { color: $text-warning; text-style: bold; }
        & > .forest-plot--axis { color: $text-muted; }
        & > .forest-plot--direction { color: $text; }
        & > .forest-plot--units { color: $text; text-style: bold; }
        & > .forest-plot--legend { color: $text-muted; }
        & > .forest-plot--cursor {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .forest-plot--cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
    }
    """

    class RowHighlighted(IndexMessage):
        """The selection moved to row ``index``."""

    class RowChosen(IndexMessage):
        """Enter (or a click on the selected row) chose row ``index``: open its detail."""

    def __init__(
        self,
        rows: Iterable[ForestRow | tuple[str, float | None, float | None, float | None, str]],
        axis: ForestAxis,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._rows: tuple[ForestRow, ...] = ()
        self._axis = axis
        self._cursor = 0
        self._layouts: dict[int, _KeptLayout] = {}
        # The layouts of the last few data sets (the comparator key cycles through a few),
        # and the lines drawn from each layout: shown again, a plot is not laid out or drawn
        # again.
        self._layouts_by_data: dict[object, dict[int, _KeptLayout]] = {}
        self._set_data(rows, axis)

    # -- data ----------------------------------------------------------------------------

    @property
    def rows(self) -> tuple[ForestRow, ...]:
        return self._rows

    @property
    def axis(self) -> ForestAxis:
        return self._axis

    @property
    def cursor(self) -> int:
        """The index of the selected row (0 when there are no rows)."""
        return self._cursor

    @cursor.setter
    def cursor(self, index: int) -> None:
        index = min(max(index, 0), max(len(self._rows) - 1, 0))
        if index == self._cursor:
            return
        self._cursor = index
        self.refresh()
        self._scroll_to_cursor()
        if self._rows:
            self.post_message(self.RowHighlighted(self, index))

    def _set_data(
        self,
        rows: Iterable[ForestRow | tuple[str, float | None, float | None, float | None, str]],
        axis: ForestAxis,
    ) -> None:
        self._rows = tuple(
            ForestRow(
                _one_line(row[0]),
                row[1],
                row[2],
                row[3],
                _one_line(row[4]),
                row.pooled if isinstance(row, ForestRow) else False,
                row.mid if isinstance(row, ForestRow) else None,
                _one_line(row.keep) if isinstance(row, ForestRow) else "",
            )
            for row in rows
        )
        self._axis = axis
        data = (self._rows, axis)
        layouts = self._layouts_by_data.pop(data, None)
        if layouts is None:
            layouts = {}
            if len(self._layouts_by_data) >= DATA_SETS_KEPT:
                del self._layouts_by_data[next(iter(self._layouts_by_data))]
        self._layouts_by_data[data] = self._layouts = layouts  # the newest last
        self._cursor = min(self._cursor, max(len(self._rows) - 1, 0))

    def update(
        self,
        rows: Iterable[ForestRow | tuple[str, float | None, float | None, float | None, str]],
        axis: ForestAxis | None = None,
    ) -> None:
        """Replace the rows (and the axis settings if given); the selection keeps its index."""
        self._set_data(rows, self._axis if axis is None else axis)
        # At the width it has (it rarely changes): the layout this asks for then shows the
        # scroll bar the new rows need, not a second layout started while rendering them.
        self._update_virtual_size()
        self.refresh(layout=True)

    def fit(self, height: int) -> None:
        """Take ``height`` lines. Whether the rows then need the scroll bar, and the width
        they are laid out at, are settled here, before the layout that gives the plot its
        height: found during that layout, each made Textual lay the plot out again, a frame
        of its own (switching comparators)."""
        self.styles.height = height
        region = self.scrollable_content_region
        if not region or self.styles.overflow_y != "auto":
            return
        bar = self.styles.scrollbar_size_vertical
        shown = self.show_vertical_scrollbar
        full = region.width + (bar if shown else 0)
        needs = self._total_height(self._layout(full - bar)) > height
        width = full - bar if needs else full
        self.set_reactive(Widget.virtual_size, Size(width, self._total_height(self._layout(width))))
        if needs != shown:
            self.show_vertical_scrollbar = needs
            self.vertical_scrollbar.display = needs  # as Textual's layout would set it

    # -- layout --------------------------------------------------------------------------

    def _layout(self, width: int) -> _Layout:
        return self._kept_layout(width)[0]

    def _kept_layout(self, width: int) -> _KeptLayout:
        """The layout for these rows at ``width``, with the lines drawn from it (both kept by
        value: the rows, the axis and the width)."""
        width = max(width, 9)
        kept = self._layouts.get(width)
        if kept is None:
            if len(self._layouts) > 8:
                self._layouts.clear()
            kept = self._layouts[width] = (self._make_layout(width), LRUCache(LINES_KEPT))
        return kept

    def _make_layout(self, width: int) -> _Layout:
        axis = self._axis
        rows = self._rows
        label_need = max((cell_len(row.label + _tail(row)) for row in rows), default=0)
        numbers_need = max((cell_len(row.numbers) for row in rows), default=0)
        # Room for the longest comparator and a few letters of the option's name before it.
        tail_need = max((cell_len(_tail(row)) + 6 for row in rows), default=0)
        label_width = min(label_need, max(12, width // 4, tail_need), max(32, width // 4))
        numbers_room = width - len(NO_MARK) - label_width - 2 - PLOT_KEPT_WIDTH
        numbers_width = min(numbers_need, max(width // 3, numbers_room))
        plot_width = (
            width - len(NO_MARK) - label_width - 1 - (numbers_width + 1) * bool(numbers_width)
        )
        stacked = plot_width < MIN_PLOT_WIDTH
        if stacked:
            plot_x, plot_width = len(NO_MARK), width - len(NO_MARK)
        else:
            plot_x = len(NO_MARK) + label_width + 1
        forest = geometry.forest_layout(
            [geometry.Interval(r.estimate, r.ci_low, r.ci_high, r.pooled, r.mid) for r in rows],
            max(plot_width, 5),
            mid=axis.mid,
            null=axis.null,
            better=axis.better,
            band=axis.band,
            low=axis.low,
            high=axis.high,
            log=axis.log,
            cell_width=cell_len,
        )
        lead = " " * plot_x
        footer: list[tuple[Run, ...]] = [
            (("", lead), *((_KIND_CLASS[kind], text) for kind, text in forest.axis_row.runs())),
            (("", lead), ("forest-plot--axis", forest.tick_row)),
        ]
        null_column = forest.null_column
        direction = geometry.direction_text(
            width,
            None if null_column is None else plot_x + null_column,
            better=axis.better,
            treatment=_one_line(axis.treatment),
            comparator=_one_line(axis.comparator),
            cell_width=cell_len,
        )
        words = direction.strip(" ")
        lead_spaces = direction[: len(direction) - len(direction.lstrip(" "))]
        footer.append((("", lead_spaces), ("forest-plot--direction", words)))
        units = ", ".join(part for part in (_one_line(axis.measure), _one_line(axis.units)) if part)
        if units:
            # Centred under the plot, shifted (then cut) to stay within the line.
            units = geometry.fit(units, width, cell_len)
            start = plot_x + (plot_width - cell_len(units)) // 2
            start = min(max(start, 0), width - cell_len(units))
            footer.append((("", " " * start), ("forest-plot--units", units)))
        legend = geometry.legend_items(
            mid=axis.mid,
            band=axis.band,
            log=axis.log,
            pooled=forest.pooled,
            clipped=forest.clipped,
            own_mid=any(row.mid is not None for row in rows),
        )
        for line in geometry.wrap_items(legend, width - len(NO_MARK), cell_width=cell_len):
            footer.append((("", NO_MARK), ("forest-plot--legend", line)))
        return _Layout(
            width=width,
            stacked=stacked,
            label_width=label_width,
            numbers_width=numbers_width,
            plot_x=plot_x,
            forest=forest,
            footer=tuple(footer),
        )

    def _body_height(self, layout: _Layout) -> int:
        return len(self._rows) * layout.lines_per_row if self._rows else 1

    def _total_height(self, layout: _Layout) -> int:
        return self._body_height(layout) + len(layout.footer)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._total_height(self._layout(width))

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def _current_layout(self) -> _Layout:
        return self._layout(self.scrollable_content_region.width)

    def _update_virtual_size(self) -> None:
        region = self.scrollable_content_region
        if not region:
            return
        layout = self._layout(region.width)
        virtual_size = Size(region.width, self._total_height(layout))
        if virtual_size == self.virtual_size:
            return
        if self.virtual_size.height <= region.height and virtual_size.height <= region.height:
            # It fits, as it did: no scroll bar to show or hide, so no second layout pass
            # (and frame) as setting the reactive would start.
            self.set_reactive(Widget.virtual_size, virtual_size)
        else:
            self.virtual_size = virtual_size  # the layout it starts updates the scroll bar

    # -- drawing -------------------------------------------------------------------------

    def _style(self, component: str, cursor: bool = False) -> Style:
        names = tuple(name for name in (component, "forest-plot--cursor" if cursor else "") if name)
        return self.get_visual_style(*names).rich_style

    def _strip(self, runs: Iterable[Run], width: int, cursor: bool = False) -> Strip:
        segments = [Segment(text, self._style(component, cursor)) for component, text in runs]
        base = self._style("", cursor)
        return Strip(segments).crop_extend(0, width, base)

    def _row_runs(self, layout: _Layout, index: int, part: int) -> list[Run]:
        row = self._rows[index]
        mark = CURSOR_MARK if index == self._cursor else NO_MARK
        plot = [(_KIND_CLASS[kind], text) for kind, text in layout.forest.rows[index].runs()]
        if layout.stacked:
            if part == 1:
                return [("", NO_MARK), *plot]
            room = layout.width - len(mark)
            # The label (its comparator above all) before the numbers, up to half the line.
            label_want = min(cell_len(row.label + _tail(row)), room // 2)
            numbers = geometry.fit(row.numbers, max(room - label_want - 2, 0), cell_len)
            label_room = room - cell_len(numbers) - (2 if numbers else 0)
            label = geometry.fit_keeping(row.label, _tail(row), label_room, cell_len)
            gap = room - cell_len(label) - cell_len(numbers)
            return [
                ("forest-plot--label", mark + label),
                ("", " " * gap),
                ("forest-plot--numbers", numbers),
            ]
        runs: list[Run] = [
            (
                "forest-plot--label",
                mark
                + _pad(
                    geometry.fit_keeping(row.label, _tail(row), layout.label_width, cell_len),
                    layout.label_width,
                ),
            ),
            ("", " "),
            *plot,
        ]
        if layout.numbers_width:
            runs += [("", " "), ("forest-plot--numbers", _pad(row.numbers, layout.numbers_width))]
        return runs

    def _line_runs(self, layout: _Layout, line: int) -> tuple[list[Run], bool]:
        """The runs of one line of the whole plot (rows then footer), and if it is the cursor's."""
        body = self._body_height(layout)
        if line < 0:
            return [], False
        if line < body:
            if not self._rows:
                return [("", NO_MARK), ("forest-plot--legend", NO_ROWS)], False
            index, part = divmod(line, layout.lines_per_row)
            return self._row_runs(layout, index, part), index == self._cursor
        if line - body < len(layout.footer):
            return list(layout.footer[line - body]), False
        return [], False

    def _pinned(self, layout: _Layout) -> int:
        """How many footer lines stay in view while the rows scroll: all of them where there
        is room, else the axis, its numbers and the "favours" line; none only where not even
        those and one row fit (the whole plot then scrolls as one)."""
        height = self.scrollable_content_region.height
        footer = len(layout.footer)
        if self._total_height(layout) <= height:
            return 0
        for pinned in (footer, min(PINNED_LINES, footer)):
            if height - pinned >= layout.lines_per_row:
                return pinned
        return 0

    def _line_at(self, layout: _Layout, y: int) -> int:
        """The plot line shown at viewport line ``y``; the footer is pinned when rows scroll.
        -1: a blank line (rows scrolled past their end above a partly pinned footer)."""
        height = self.scrollable_content_region.height
        pinned = self._pinned(layout)
        scroll_y = self.scroll_offset.y
        if not pinned:
            return scroll_y + y
        rows_shown = height - pinned
        whole_rows = rows_shown - rows_shown % layout.lines_per_row  # no half a row at the top
        body = self._body_height(layout)
        if y < rows_shown:
            line = scroll_y + y
            return line if line < body and y < whole_rows else -1
        return body + (y - rows_shown)

    def render_lines(self, crop: Region) -> list[Strip]:
        self._update_virtual_size()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        layout, lines = self._kept_layout(width)
        line = self._line_at(layout, y)
        app = self.app
        # The theme, not only the base style: two themes can share a background.
        theme = (app.theme, app.ansi_color, self.get_pseudo_class_state(), self._style(""))
        key = (line, self._cursor, theme)
        strip = lines.get(key)
        if strip is None:
            runs, cursor = self._line_runs(layout, line)
            strip = lines[key] = self._strip(runs, width, cursor)
        return strip

    def plain_lines(self, width: int) -> list[str]:
        """The whole plot as text at ``width`` cells, as a monochrome terminal shows it."""
        layout = self._layout(width)
        return [
            "".join(text for _, text in self._line_runs(layout, line)[0])
            for line in range(self._total_height(layout))
        ]

    # -- moving --------------------------------------------------------------------------

    def _rows_in_view(self, layout: _Layout) -> int:
        height = self.scrollable_content_region.height
        pinned = self._pinned(layout)
        if not pinned:
            return max(height, 1)
        rows_shown = height - pinned
        return max(rows_shown - rows_shown % layout.lines_per_row, 1)

    def _scroll_to_cursor(self) -> None:
        """Bring the selected row into view: in this widget, then in a scrolling parent."""
        if not self.is_mounted or not self._rows:
            return
        layout = self._current_layout()
        first = self._cursor * layout.lines_per_row
        last = first + layout.lines_per_row
        shown = self._rows_in_view(layout)
        top = self.scroll_offset.y
        if first < top:
            top = first
            self.scroll_to(y=top, animate=False, immediate=True)
        elif last > top + shown:
            top = last - shown
            self.scroll_to(y=top, animate=False, immediate=True)
        parent = self.parent
        region = self.virtual_region
        if isinstance(parent, Widget) and parent.is_scrollable and region:
            y = region.y + self.styles.gutter.top + first - top
            row = Region(region.x, y, region.width, last - first)
            parent.scroll_to_region(row, animate=False, immediate=True, x_axis=False)

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self._rows) - 1

    def action_page_up(self) -> None:
        layout = self._current_layout()
        self.cursor -= max(1, self._rows_in_view(layout) // layout.lines_per_row)

    def action_page_down(self) -> None:
        layout = self._current_layout()
        self.cursor += max(1, self._rows_in_view(layout) // layout.lines_per_row)

    def action_choose(self) -> None:
        if self._rows:
            self.post_message(self.RowChosen(self, self._cursor))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or not self._rows:
            return
        layout = self._current_layout()
        line = self._line_at(layout, offset.y)
        if line >= self._body_height(layout):
            return
        index = line // layout.lines_per_row
        if index == self._cursor:
            self.action_choose()
        else:
            self.cursor = index


_KIND_CLASS: dict[Kind, str] = {
    "blank": "",
    "band": "forest-plot--band",
    "null": "forest-plot--null",
    "whisker": "forest-plot--whisker",
    "point": "forest-plot--point",
    "arrow": "forest-plot--arrow",
    "axis": "forest-plot--axis",
}
