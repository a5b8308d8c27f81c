"""The comparison: every selected option's column, drawn by one widget.

Each column is a rounded box with the option's name on top and the items of the current aspect
below, a divider between items, its own scroll position, highlight and scroll bar. When there
are more columns than fit, a window of them is shown and a scroll bar along the bottom says
where it is.

Why one widget and not a container of columns: with a widget per column (a Static title, an
OptionList and its scroll bar in a bordered container), every key that moved between columns
or changed what they showed restyled those widgets through Textual's CSS, laid the screen out
again and re-rendered every column, in two or three frames: 20 to 45 ms a key. Here a key
changes this widget's state and repaints it once; the items are rendered into strips once per
width and style and reused, so a view shown before costs only the joining of its lines.

Item text is untrusted: it arrives as ``Content`` built by ``present`` (never markup) and is
drawn through Textual's visuals, as OptionList drew it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, NamedTuple

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Spacing
from textual.message import Message
from textual.scrollbar import ScrollBarRender
from textual.strip import Strip
from textual.style import Style
from textual.visual import Padding, Visual, visualize
from textual.widget import Widget

from backtui.ui.keys import list_bindings, move_key
from backtui.ui.present import Item
from backtui.ui.textual_compat import NoSecondLayout, RepaintOnFocus
from backtui.ui.widgets.messages import IndexMessage
from backtui.views.model import Target

NARROW = 80  # below this: one column (the screen shows a tab per option)
WIDE = 120  # from this: up to four columns side by side
MAX_VISIBLE = 4
MIN_COLUMN_WIDTH = 20
SCROLLBAR_WIDTH = 2
WHEEL_LINES = 2
FRAMES_KEPT = 32  # per column: 7 aspects, a few highlights and heights
ITEM_PADDING = Spacing(0, 1, 0, 1)
TITLE_PADDING = Spacing(0, 1, 0, 1)

# Rounded box glyphs, as Textual's "round" border draws them.
TOP = ("╭", "─", "╮")
SIDE = "│"
BOTTOM = ("╰", "─", "╯")
# The active column is drawn with heavy lines and its highlighted item starts with ▶, so
# neither is told by colour alone (NO_COLOR, monochrome terminals).
ACTIVE_TOP = ("┏", "━", "┓")
ACTIVE_SIDE = "┃"
ACTIVE_BOTTOM = ("┗", "━", "┛")
CURSOR = "▶"
DIVIDER = "─"


class Geometry(NamedTuple):
    key: tuple[int, int, int]  # (width, height, number of columns)
    width: int
    visible: int  # how many columns are shown
    column_width: int
    bar: bool  # a scroll bar along the bottom: more columns than are shown
    box_height: int
    inner_width: int  # within the border
    body_width: int  # the items, without the scroll bar


NO_GEOMETRY = Geometry((0, 0, 0), 0, 0, MIN_COLUMN_WIDTH, False, 0, 1, 1)


def content_key(content: Content) -> tuple[object, ...]:
    """A Content as a value: its text and its styles (Content compares its text only)."""
    return (content.plain, tuple(content.spans))


class ValueKey:
    """A value that hashes once. A column's items, as a key, are a long tuple that every
    frame would hash again; this compares by value and looks up at the cost of an int."""

    __slots__ = ("_hash", "value")

    def __init__(self, value: tuple[object, ...]) -> None:
        self.value = value
        self._hash = hash(value)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return self is other or (
            isinstance(other, ValueKey) and self._hash == other._hash and self.value == other.value
        )


@dataclass
class Column:
    """One option's column: what it shows and where its highlight and scroll position are."""

    option_id: str
    title: Content
    name: str = ""  # the option's name alone, for the row that names columns off-screen
    items: list[Item] = field(default_factory=list)
    highlighted: int | None = None
    scroll_y: int = 0
    # The lines of the items at the last width they were laid out for: line -> (item, line
    # within the item); an item's last line is its divider, except for the last item.
    lines: list[tuple[int, int]] = field(default_factory=list)
    tops: list[int] = field(default_factory=list)
    heights: list[int] = field(default_factory=list)  # without the divider
    laid_out_for: tuple[list[Item], int] | None = None  # (the items, the width)
    # The box's lines as drawn for each recent state, keyed by value (what it shows and how):
    # an aspect shown again at the same height (with or without the plot above) is not drawn
    # again.
    frames: LRUCache[tuple[object, ...], list[Strip]] = field(
        default_factory=lambda: LRUCache(FRAMES_KEPT)
    )
    title_key: ValueKey = ValueKey(())
    items_key: ValueKey = ValueKey(())

    def __post_init__(self) -> None:
        self.retitle(self.title)
        self.refill(self.items)

    def retitle(self, title: Content) -> None:
        self.title, self.title_key = title, ValueKey(content_key(title))

    def refill(self, items: list[Item]) -> None:
        self.items = items
        self.items_key = ValueKey(tuple((content_key(item.prompt), item.target) for item in items))

    def highlighted_target(self) -> Target | None:
        if self.highlighted is None or self.highlighted >= len(self.items):
            return None
        return self.items[self.highlighted].target

    def choosable(self) -> list[int]:
        return [number for number, item in enumerate(self.items) if item.target is not None]


# NoSecondLayout: nothing here scrolls as a whole and nothing is laid out around its content.
# RepaintOnFocus: the focused look is chosen in code (the -active component classes).
class ComparisonView(NoSecondLayout, RepaintOnFocus, Widget, can_focus=True):
    """The columns of the comparison. ↑/↓ (k/j), PageUp/PageDown and Home/End move within the
    active column; Enter (or a click) opens the highlighted item; the screen moves between
    columns with ``set_active``."""

    ALLOW_SELECT = False  # a list of items, as OptionList is

    BINDINGS: ClassVar[list[BindingType]] = list_bindings()

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "comparison--border",
        "comparison--border-active",
        "comparison--title",
        "comparison--title-active",
        "comparison--item",
        "comparison--item-disabled",
        "comparison--item-highlighted",
        "comparison--item-highlighted-active",
        "comparison--divider",
        "comparison--more",
    }

    class ItemChosen(Message):
        """Enter or a click on an item that has a record to open."""

        def __init__(self, view: ComparisonView, column: int, item: int) -> None:
            super().__init__()
            self.view = view
            self.column = column
            self.item = item

        @property
        def control(self) -> ComparisonView:
            return self.view

    class ActiveChanged(IndexMessage):
        """The active column (``index``) changed from inside the widget (a click)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns: list[Column] = []
        self.active = 0
        self.first = 0  # the first column in the window
        self._geometry = NO_GEOMETRY
        # Titles and items rendered, by value: the same text and styles at the same width and
        # base style are drawn once.
        self._strips: LRUCache[tuple[object, ...], list[Strip]] = LRUCache(4096)
        # The columns' frames joined side by side, by the frames' own keys.
        self._joined: LRUCache[tuple[object, ...], list[Strip]] = LRUCache(64)
        self._lines_now: list[Strip] | None = None

    # ------------------------------------------------------------------ state

    def set_columns(self, columns: list[tuple[str, Content, str]], active: int = 0) -> None:
        """One column per ``(option_id, title, name)``; a column kept from before keeps its
        state."""
        old = {column.option_id: column for column in self.columns}
        self.columns = []
        for option_id, title, name in columns:
            column = old.get(option_id) or Column(option_id, title)
            column.retitle(title)
            column.name = name
            self.columns.append(column)
        self.active = max(0, min(active, len(self.columns) - 1))
        self._keep_active_in_window()
        self.refresh()

    def set_title(self, number: int, title: Content) -> None:
        self.columns[number].retitle(title)
        self._refresh_columns(number)

    def show(self, number: int, items: list[Item], keep: Target | None = None) -> None:
        """Replace a column's items; keep the highlight on ``keep`` if it is still there, else
        put it on the first item that opens something, at the top: the same place in other
        items is another record, and its scroll position would hide the column's start."""
        column = self.columns[number]
        old = column.highlighted
        same = column.items is items
        column.refill(items)
        targets = [item.target for item in items]
        choosable = column.choosable()
        if keep is not None and keep in targets:
            column.highlighted = targets.index(keep)
        elif same and old is not None and old in choosable:
            column.highlighted = old
        else:
            column.highlighted = choosable[0] if choosable else None
        if not same:
            column.scroll_y = 0
        self._layout(column)
        self._scroll_to_highlight(column)
        self.refresh()

    def set_active(self, number: int) -> None:
        if not self.columns:
            return
        old, first = self.active, self.first
        self.active = max(0, min(number, len(self.columns) - 1))
        self._keep_active_in_window()
        if self.first == first:
            self._refresh_columns(old, self.active)
        else:
            self.refresh()

    def _refresh_columns(self, *numbers: int) -> None:
        """Repaint only these columns' boxes. Textual sends the terminal every cell of what
        is repainted, changed or not; a key that changes one or two columns need not send the
        others (the terminal's share of a key is mostly the size of what it is sent)."""
        geometry = self._update_geometry()
        width = geometry.column_width
        visible = self.visible_columns()
        regions = [
            Region((number - self.first) * width, 0, width, geometry.box_height)
            for number in sorted(set(numbers))
            if number in visible
        ]
        if regions:
            self.refresh(*regions)

    def highlight(self, number: int, target: Target) -> bool:
        column = self.columns[number]
        for index, item in enumerate(column.items):
            if item.target == target:
                self.set_highlight(number, index)
                return True
        return False

    def set_highlight(self, number: int, index: int | None) -> None:
        column = self.columns[number]
        column.highlighted = index
        self._scroll_to_highlight(column)
        self._refresh_columns(number)

    # ------------------------------------------------------------------ geometry

    def _update_geometry(self) -> Geometry:
        """Work out the geometry once per size and number of columns: Widget.size is not free,
        and rendering asks for these figures for every line of every column."""
        width, height = self.size
        count = len(self.columns)
        if self._geometry.key != (width, height, count):
            if not count:
                visible = 0
            elif width < NARROW:
                visible = 1
            else:
                visible = min(count, 2 if width < WIDE else MAX_VISIBLE)
            column_width = max(MIN_COLUMN_WIDTH, width // max(1, visible))
            bar = count > visible > 1
            inner = max(1, column_width - 2)
            self._geometry = Geometry(
                (width, height, count),
                width,
                visible,
                column_width,
                bar,
                max(0, height - bar),
                inner,
                max(1, inner - SCROLLBAR_WIDTH),
            )
            # A new size: keep the active column in the window and each highlight in view.
            # Done here, where rendering finds the new size, and not in on_resize, which
            # comes after the frame and would cost another.
            self._keep_active_in_window()
            for column in self.columns:
                self._scroll_to_highlight(column)
        return self._geometry

    def visible_count(self) -> int:
        return self._update_geometry().visible

    def column_width(self) -> int:
        return self._update_geometry().column_width

    def visible_columns(self) -> list[int]:
        visible = self._update_geometry().visible
        return list(range(self.first, min(len(self.columns), self.first + visible)))

    def _keep_active_in_window(self) -> None:
        visible = max(1, self.visible_count())
        if self.active < self.first:
            self.first = self.active
        elif self.active >= self.first + visible:
            self.first = self.active - visible + 1
        self.first = max(0, min(self.first, len(self.columns) - visible))

    def _title_strips(self, column: Column, active: bool) -> list[Strip]:
        names = ("comparison--title", "comparison--title-active")
        style = self.get_visual_style(*names[: 1 + active])
        return self._cached(column.title, self._geometry.inner_width, style, TITLE_PADDING)

    def _body_height(self, column: Column) -> int:
        title = self._title_strips(column, False)
        return max(0, self._update_geometry().box_height - 2 - len(title))

    def _layout(self, column: Column) -> None:
        geometry = self._update_geometry()
        width = geometry.body_width
        laid_out = column.laid_out_for
        if laid_out is not None and laid_out[0] is column.items and laid_out[1] == width:
            return
        if not geometry.width:
            return
        column.laid_out_for = (column.items, width)
        style = self.get_visual_style("comparison--item")
        column.lines, column.tops, column.heights = [], [], []
        last = len(column.items) - 1
        for number, item in enumerate(column.items):
            height = len(self._item_strips(item, width, style))
            column.tops.append(len(column.lines))
            column.heights.append(height)
            column.lines += [(number, line) for line in range(height + (number < last))]
        self._clamp_scroll(column)

    def _clamp_scroll(self, column: Column) -> None:
        most = max(0, len(column.lines) - self._body_height(column))
        column.scroll_y = max(0, min(column.scroll_y, most))

    def _scroll_to_highlight(self, column: Column) -> None:
        if not self._update_geometry().width:
            return
        self._layout(column)
        number = column.highlighted
        if number is None or number >= len(column.tops):
            self._clamp_scroll(column)
            return
        choosable = column.choosable()
        body = self._body_height(column)
        top, height = column.tops[number], column.heights[number]
        if choosable and number == choosable[0]:
            column.scroll_y = min(column.scroll_y, 0 if top < body else top)  # headings above
        if top < column.scroll_y:
            column.scroll_y = top
        elif top + height > column.scroll_y + body:
            column.scroll_y = min(top, top + height - body)
        if choosable and number == choosable[-1] and top + height <= body + column.scroll_y:
            # the text below it
            column.scroll_y = max(column.scroll_y, min(top, len(column.lines) - body))
        self._clamp_scroll(column)

    def on_resize(self) -> None:
        self._update_geometry()  # Textual repaints a widget whose size changed

    # ------------------------------------------------------------------ rendering

    def _item_strips(self, item: Item, width: int, style: Style) -> list[Strip]:
        return self._cached(item.prompt, width, style, ITEM_PADDING)

    def _cached(self, content: Content, width: int, style: Style, padding: Spacing) -> list[Strip]:
        key = (content_key(content), width, style, padding)
        cached = self._strips.get(key)
        if cached is None:
            cached = self._strips[key] = self._draw_content(content, width, style, padding)
        return cached

    def _draw_content(
        self, content: Content, width: int, style: Style, padding: Spacing
    ) -> list[Strip]:
        visual: Visual = Padding(visualize(self, content, markup=False), padding)
        strips = Visual.to_strips(self, visual, width, None, style)
        rich_style = style.rich_style
        # The text carries offsets for mouse selection, which this widget does not offer (as
        # OptionList did not); without them, runs of one style merge, and a repaint sends the
        # terminal a third as many colour codes.
        return [
            strip.extend_cell_length(width, rich_style).crop(0, width).discard_meta().simplify()
            for strip in strips
        ]

    def _item_style(self, column: Column, number: int, active: bool) -> Style:
        if column.items[number].target is None:
            return self.get_visual_style("comparison--item", "comparison--item-disabled")
        if number == column.highlighted:
            if active:
                return self.get_visual_style(
                    "comparison--item",
                    "comparison--item-highlighted",
                    "comparison--item-highlighted-active",
                )
            return self.get_visual_style("comparison--item", "comparison--item-highlighted")
        return self.get_visual_style("comparison--item")

    def _more_row(self, width: int, visible: int) -> Strip:
        """Names the options off-screen on each side ("◀ Acupuncture", "Dry needling ▶"), so
        a column out of view is never told only by a scroll bar's shade."""
        before = [column.name for column in self.columns[: self.first]]
        after = [column.name for column in self.columns[self.first + visible :]]
        left = f"◀ {', '.join(before)} ({move_key(self, 'left', last=True)})" if before else ""
        right = f"({move_key(self, 'right', last=True)}) {', '.join(after)} ▶" if after else ""
        shown = f"{visible} of {len(self.columns)} options shown"
        gap = width - cell_len(left) - cell_len(right)
        if gap >= cell_len(shown) + 4:
            pad = gap - cell_len(shown)
            middle = " " * (pad // 2) + shown + " " * (pad - pad // 2)
        else:
            middle = " " * max(1, gap)
        text = left + middle + right
        if cell_len(text) > width:  # names too long for the row: the arrows stay
            text = set_cell_size(text, width - 1) + (right[-1:] or "…")
        style = self.get_visual_style("comparison--more").rich_style
        return Strip([Segment(text, style)], cell_len(text)).crop_extend(0, width, style)

    def _scrollbar(self, column: Column, body: int) -> list[Strip] | None:
        if len(column.lines) <= body or body <= 0:
            return None
        return self._bar(body, len(column.lines), body, column.scroll_y, vertical=True)

    def _bar(
        self, size: int, virtual: int, window: int, position: int, vertical: bool
    ) -> list[Strip]:
        styles = self.styles
        base = self.get_visual_style().rich_style
        background = styles.scrollbar_background
        if background.a < 1:
            background = self.background_colors[0] + background
        color = background + styles.scrollbar_color
        segments = ScrollBarRender.render_bar(
            size=size,
            virtual_size=virtual,
            window_size=window,
            position=position,
            thickness=SCROLLBAR_WIDTH if vertical else 1,
            vertical=vertical,
            back_color=background.rich_color,
            bar_color=color.rich_color,
        )
        if vertical:
            strips = [
                Strip([Segment(text, base + (bar_style or base))], SCROLLBAR_WIDTH)
                for text, bar_style, _ in segments.segments
            ]
        else:
            # Textual ends a horizontal bar with a newline segment, which a strip must not hold.
            line = [
                Segment(text, base + (style or base))
                for text, style, _ in segments.segments
                if text != "\n"
            ]
            strips = [Strip(line, size)]
        return strips

    def render_lines(self, crop: Region) -> list[Strip]:
        self._lines_now = self._all_lines()  # worked out once per frame, not once per line
        try:
            return super().render_lines(crop)
        finally:
            self._lines_now = None

    def render_line(self, y: int) -> Strip:
        lines = self._lines_now if self._lines_now is not None else self._all_lines()
        return lines[y] if 0 <= y < len(lines) else Strip.blank(self.size.width)

    def _all_lines(self) -> list[Strip]:
        """The widget's lines: the visible columns side by side, then the bottom scroll bar."""
        geometry = self._update_geometry()
        width, height = geometry.width, self.size.height
        base = self.get_visual_style().rich_style
        if not self.columns or width <= 0:
            return [Strip.blank(width, base)] * height
        focused = self.has_focus
        shown = [
            self._column_lines(number, focused and number == self.active)
            for number in self.visible_columns()
        ]
        key = (geometry, height, self.first, base, tuple(frame_key for frame_key, _ in shown))
        cached = self._joined.get(key)
        if cached is not None:
            return cached
        frames = [frame for _, frame in shown]
        lines = [
            Strip.join([frame[y] for frame in frames])
            .extend_cell_length(width, base)
            .crop(0, width)
            .simplify()  # fewer, longer segments: less for the terminal to be sent
            for y in range(geometry.box_height)
        ]
        if geometry.bar:
            lines.append(self._more_row(width, geometry.visible))
        lines += [Strip.blank(width, base)] * max(0, height - len(lines))
        self._joined[key] = lines
        return lines

    def _column_lines(self, number: int, active: bool) -> tuple[tuple[object, ...], list[Strip]]:
        """Every line of a column's box, kept until what it shows or how changes; with the
        key it is kept by."""
        column = self.columns[number]
        geometry = self._update_geometry()
        self._layout(column)
        key = (
            geometry,
            active,
            column.option_id,
            column.items_key,
            column.title_key,
            column.highlighted,
            column.scroll_y,
            self.get_pseudo_class_state(),
            self.get_visual_style(),  # the theme
        )
        kept = column.frames.get(key)
        if kept is not None:
            return key, kept
        width, height = geometry.column_width, geometry.box_height
        names = ("comparison--border", "comparison--border-active")
        border = self.get_visual_style(*names[: 1 + active]).rich_style
        top, edge, bottom = (
            (ACTIVE_TOP, ACTIVE_SIDE, ACTIVE_BOTTOM) if active else (TOP, SIDE, BOTTOM)
        )
        side = Strip([Segment(edge, border)], 1)
        lines = [Strip([Segment(top[0] + top[1] * (width - 2) + top[2], border)], width)]
        lines += [
            Strip.join([side, inner, side])
            for inner in self._inner_lines(column, active, height - 2)
        ]
        lines.append(
            Strip([Segment(bottom[0] + bottom[1] * (width - 2) + bottom[2], border)], width)
        )
        frame = lines[:height]
        column.frames[key] = frame
        return key, frame

    def _inner_lines(self, column: Column, active: bool, rows: int) -> list[Strip]:
        title = self._title_strips(column, active)[:rows]
        body = max(0, rows - len(title))
        body_width = self._geometry.body_width
        plain = self.get_visual_style("comparison--item").rich_style
        divider_style = self.get_visual_style("comparison--item", "comparison--divider")
        divider = Strip([Segment(DIVIDER * body_width, divider_style.rich_style)], body_width)
        bar = self._scrollbar(column, body)
        gutter = Strip.blank(SCROLLBAR_WIDTH, self.get_visual_style().rich_style)
        lines = list(title)
        for row in range(body):
            line = column.scroll_y + row
            if line < len(column.lines):
                number, offset = column.lines[line]
                if offset < column.heights[number]:
                    style = self._item_style(column, number, active)
                    text = self._item_strips(column.items[number], body_width, style)[offset]
                    if active and offset == 0 and number == column.highlighted:
                        text = Strip.join(
                            [Strip([Segment(CURSOR, style.rich_style)], 1), text.crop(1)]
                        )
                else:
                    text = divider
            else:
                text = Strip.blank(body_width, plain)
            lines.append(Strip.join([text, gutter if bar is None else bar[row]]))
        return lines

    # ------------------------------------------------------------------ keys

    def _active_column(self) -> Column | None:
        return self.columns[self.active] if self.columns else None

    def _step(self, step: int) -> None:
        column = self._active_column()
        if column is None:
            return
        choosable = column.choosable()
        current = column.highlighted
        if current is None:
            following = choosable[:1] if step > 0 else choosable[-1:]
        elif step > 0:
            following = [n for n in choosable if n > current][:1]
        else:
            following = [n for n in choosable if n < current][-1:]
        if following:
            self.set_highlight(self.active, following[0])
        else:  # nothing more to highlight that way: show the rest of the text
            column.scroll_y += step
            self._clamp_scroll(column)
            self._refresh_columns(self.active)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def action_cursor_down(self) -> None:
        self._step(1)

    def _page(self, step: int) -> None:
        column = self._active_column()
        if column is None:
            return
        self._layout(column)
        body = max(1, self._body_height(column))
        choosable = column.choosable()
        if not choosable:
            column.scroll_y += step * body
            self._clamp_scroll(column)
            self._refresh_columns(self.active)
            return
        current = column.highlighted if column.highlighted is not None else choosable[0]
        goal = column.tops[current] + step * body
        if step > 0:
            after = [n for n in choosable if column.tops[n] >= goal]
            self.set_highlight(self.active, after[0] if after else choosable[-1])
        else:
            before = [n for n in choosable if column.tops[n] <= goal]
            self.set_highlight(self.active, before[-1] if before else choosable[0])

    def action_page_up(self) -> None:
        self._page(-1)

    def action_page_down(self) -> None:
        self._page(1)

    def action_first(self) -> None:
        column = self._active_column()
        if column is not None and (choosable := column.choosable()):
            self.set_highlight(self.active, choosable[0])

    def action_last(self) -> None:
        column = self._active_column()
        if column is not None and (choosable := column.choosable()):
            self.set_highlight(self.active, choosable[-1])

    def action_choose(self) -> None:
        column = self._active_column()
        if column is not None and column.highlighted_target() is not None:
            assert column.highlighted is not None
            self.post_message(self.ItemChosen(self, self.active, column.highlighted))

    # ------------------------------------------------------------------ mouse

    def _column_at(self, x: int) -> int | None:
        visible = self.visible_columns()
        slot = x // self.column_width()
        return visible[slot] if 0 <= slot < len(visible) else None

    def _item_at(self, number: int, y: int) -> int | None:
        column = self.columns[number]
        title = len(self._title_strips(column, False))
        row = y - 1 - title
        if not 0 <= row < self._body_height(column):
            return None
        line = column.scroll_y + row
        if line >= len(column.lines):
            return None
        item, offset = column.lines[line]
        return item if offset < column.heights[item] else None

    def on_click(self, event: events.Click) -> None:
        number = self._column_at(event.x)
        if number is None or event.y >= self._update_geometry().box_height:
            return
        event.stop()
        if number != self.active:
            self.set_active(number)
            self.post_message(self.ActiveChanged(self, number))
        self.focus()
        item = self._item_at(number, event.y)
        if item is not None and self.columns[number].items[item].target is not None:
            self.set_highlight(number, item)
            self.post_message(self.ItemChosen(self, number, item))

    def _wheel(self, event: events.MouseEvent, lines: int) -> None:
        number = self._column_at(event.x)
        if number is None:
            return
        event.stop()
        column = self.columns[number]
        column.scroll_y += lines
        self._clamp_scroll(column)
        self._refresh_columns(number)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._wheel(event, WHEEL_LINES)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._wheel(event, -WHEEL_LINES)

    def _shift_window(self, event: events.MouseEvent, step: int) -> None:
        event.stop()
        visible = max(1, self.visible_count())
        self.first = max(0, min(self.first + step, len(self.columns) - visible))
        if not self.first <= self.active < self.first + visible:
            self.set_active(min(max(self.active, self.first), self.first + visible - 1))
            self.post_message(self.ActiveChanged(self, self.active))
        self.refresh()

    def on_mouse_scroll_right(self, event: events.MouseScrollRight) -> None:
        self._shift_window(event, 1)

    def on_mouse_scroll_left(self, event: events.MouseScrollLeft) -> None:
        self._shift_window(event, -1)

    def on_focus(self) -> None:
        self._refresh_columns(self.active)  # its border, title and highlight show focus

    def on_blur(self) -> None:
        self._refresh_columns(self.active)
