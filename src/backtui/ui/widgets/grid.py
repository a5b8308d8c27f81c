"""The Option Grid: the knowledge base's questions as rows, the selected options as columns."""

from __future__ import annotations

from typing import Any

from rich.style import Style
from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.coordinate import Coordinate
from textual.geometry import Region, Size
from textual.message import Message
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.widgets import DataTable

from backtui.kb.queries import Index, answer_for
from backtui.ui import present
from backtui.ui.keys import move_bindings
from backtui.ui.widgets.scrollbar import StripScrollBar
from backtui.views import model
from backtui.views.model import Target

QUESTION_WIDTH = 22
MIN_ANSWER_WIDTH = 24  # narrower, answers wrap to a word a line: fewer options are shown
NO_STYLE = Style.null()
STYLE_STATES_KEPT = 4  # focused and not, in a theme or two


class OptionGrid(DataTable[Text]):
    # The same keys as the columns: h/l between options, k/j between questions.
    BINDINGS = move_bindings(
        left="cursor_left", right="cursor_right", up="cursor_up", down="cursor_down"
    )

    def __init__(self, index: Index, **kwargs: object) -> None:
        super().__init__(
            cursor_type="cell",
            zebra_stripes=True,
            fixed_columns=1,
            **kwargs,  # type: ignore[arg-type]
        )
        self.index = index
        self.option_ids: list[str] = []
        self.first = 0  # the first option shown, where not all fit
        self._built_for: tuple[tuple[str, ...], int, int] | None = None
        self._style_signature: tuple[object, ...] | None = None
        self._kept_renders: dict[tuple[object, ...], tuple[LRUCache[Any, Any], ...]] = {}

    _rendering_style: Style | None = None

    @property
    def rich_style(self) -> Style:
        # DataTable asks for it once per line it renders, and it walks every ancestor's
        # styles each time (a third of rendering the grid); within one render it is constant.
        if self._rendering_style is not None:
            return self._rendering_style
        return super().rich_style

    def render_lines(self, crop: Region) -> list[Strip]:
        self._rendering_style = None
        self._rendering_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._rendering_style = None

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

    def _signature(self) -> tuple[object, ...]:
        """Everything the rendered cells depend on besides the data: focus, hover and the
        theme's styles."""
        return (
            self.get_pseudo_class_state(),
            self.rich_style,
            *(
                self.get_component_rich_style(name, default=NO_STYLE)  # not styled yet
                for name in sorted(self.COMPONENT_CLASSES)
            ),
        )

    def notify_style_update(self) -> None:
        """DataTable drops every rendered cell when it is restyled, and it is restyled each
        time it gains or loses focus, so showing the grid rendered every cell again (18 ms).
        Keep the rendered cells of the last few style states and bring them back when the
        table returns to one; a change of the data (``rebuild``) drops them all."""
        old = (self._cell_render_cache, self._row_render_cache, self._line_cache)
        if self._style_signature is not None:
            self._kept_renders[self._style_signature] = old
            while len(self._kept_renders) > STYLE_STATES_KEPT:
                del self._kept_renders[next(iter(self._kept_renders))]
        self._cell_render_cache = LRUCache(old[0].maxsize)
        self._row_render_cache = LRUCache(old[1].maxsize)
        self._line_cache = LRUCache(old[2].maxsize)
        super().notify_style_update()
        self._style_signature = signature = self._signature()
        kept = self._kept_renders.pop(signature, None)
        if kept is not None:
            self._cell_render_cache, self._row_render_cache, self._line_cache = kept

    class Window(Message):
        """Which options the grid shows, posted when that changes."""

        def __init__(self, grid: OptionGrid, first: int, shown: int) -> None:
            super().__init__()
            self.grid, self.first, self.shown = grid, first, shown

    def show(self, option_ids: list[str]) -> None:
        self.option_ids = list(option_ids)
        self.first = 0
        self.rebuild()

    def on_show(self) -> None:
        self.rebuild()  # the terminal may have been resized while the grid was hidden

    def fits(self, width: int) -> int:
        """How many options side by side fit ``width`` cells, each at least MIN_ANSWER_WIDTH."""
        room = width - QUESTION_WIDTH - 2 - 2  # the question's padding and the scroll bar
        return max(1, min(len(self.option_ids), room // (MIN_ANSWER_WIDTH + 2)))

    _last_size: Size | None = None

    def _on_resize(self, event: events.Resize) -> None:
        # DataTable counts resizes into the key of every rendered cell. Shown again at the
        # size it had (the grid is hidden while the comparison shows), it would render every
        # cell afresh; only a new size needs that.
        if event.size == self._last_size:
            event.prevent_default()
        self._last_size = event.size

    def on_resize(self) -> None:
        self.rebuild()

    def rebuild(self) -> None:
        """The columns for the options that fit, each as wide as they can share."""
        width = self.size.width or self.app.size.width
        shown = self.fits(width)
        self.first = max(0, min(self.first, len(self.option_ids) - shown))
        key = (tuple(self.option_ids), width, self.first)
        if key == self._built_for or not self.option_ids:
            return
        self._built_for = key
        shown_ids = self.option_ids[self.first : self.first + shown]
        # Each column has a cell of padding each side; keep 2 more for the scrollbar.
        answer_width = max(
            MIN_ANSWER_WIDTH, (width - QUESTION_WIDTH - 2 * (shown + 1) - 2) // shown
        )
        cursor = self.cursor_coordinate
        self._kept_renders.clear()
        self.clear(columns=True)
        self.add_column(Text("Question", style="bold"), width=QUESTION_WIDTH, key="question")
        for option_id in shown_ids:
            name = self.index.options[option_id].name
            self.add_column(present.cell(name, "bold"), width=answer_width, key=option_id)
        for question in self.index.kb.questions:
            cells = [present.wrapped_cell(question.text, QUESTION_WIDTH, "bold")]
            for option_id in shown_ids:
                answer = model.grid_answer(question, option_id)
                cells.append(present.wrapped_cell(answer.short, answer_width))
            height = max(len(c.plain.splitlines()) for c in cells)
            self.add_row(*cells, key=question.id, height=height + 1)
        if not self.index.kb.questions:
            self.add_row(
                present.cell("No questions in this knowledge base"),
                *[Text("") for _ in shown_ids],
            )
        # The cursor stays on an answer: Enter on the question column would open nothing.
        if cursor.row < self.row_count and 1 <= cursor.column < len(self.columns):
            self.cursor_coordinate = cursor
        elif self.row_count:
            row = min(cursor.row, self.row_count - 1)
            self.cursor_coordinate = Coordinate(row, min(1, len(self.columns) - 1))
        self.post_message(self.Window(self, self.first, shown))

    def action_cursor_left(self) -> None:
        if self.cursor_coordinate.column > 1:
            super().action_cursor_left()
        elif self.first > 0:  # bring the option before into view
            self.first -= 1
            self.rebuild()

    def action_cursor_right(self) -> None:
        if self.cursor_coordinate.column < len(self.columns) - 1:
            super().action_cursor_right()
        elif self.first + len(self.columns) - 1 < len(self.option_ids):
            self.first += 1
            self.rebuild()
            self.cursor_coordinate = Coordinate(self.cursor_row, len(self.columns) - 1)

    def target_at(self, coordinate: Coordinate) -> Target | None:
        if coordinate.column == 0 or coordinate.row >= len(self.index.kb.questions):
            return None
        question = self.index.kb.questions[coordinate.row]
        option_id = self.option_ids[self.first + coordinate.column - 1]
        if answer_for(question, option_id) is None:
            return None
        return Target("answer", option_id, question.id)

    def move_to(self, target: Target) -> None:
        """Put the cursor on the answer ``target`` stands for."""
        self.rebuild()
        rows = [q.id for q in self.index.kb.questions]
        if target.record_id in rows and target.option_id in self.option_ids:
            row = rows.index(target.record_id)
            number = self.option_ids.index(target.option_id)
            shown = self.fits(self.size.width or self.app.size.width)
            if not self.first <= number < self.first + shown:
                self.first = number
                self.rebuild()
            self.cursor_coordinate = Coordinate(row, number - self.first + 1)
