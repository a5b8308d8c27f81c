"""The Option Grid: the knowledge base's questions as rows, the selected options as columns."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.coordinate import Coordinate
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widgets import DataTable

from backtui.kb.queries import Index, answer_for
from backtui.ui import present
from backtui.ui.keys import move_bindings
from backtui.ui.textual_compat import KeptTableRenders
from backtui.views import model
from backtui.views.model import Target

QUESTION_WIDTH = 22
MIN_ANSWER_WIDTH = 24  # narrower, answers wrap to a word a line: fewer options are shown
NO_STYLE = Style.null()


class OptionGrid(KeptTableRenders, DataTable[Text]):
    # The same keys as the columns: h/l between options, k/j between questions.
    BINDINGS = move_bindings(
        left="cursor_left", right="cursor_right", up="cursor_up", down="cursor_down"
    )

    def __init__(self, index: Index, **kwargs: object) -> None:
        super().__init__(
            cursor_type="cell",
            zebra_stripes=True,
            fixed_columns=1,
            # ignore: DataTable's keywords are typed one by one; these are name, id, classes.
            **kwargs,  # type: ignore[arg-type]
        )
        self.index = index
        self.option_ids: list[str] = []
        self.first = 0  # the first option shown, where not all fit
        self._built_for: tuple[tuple[str, ...], int, int] | None = None

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

    def style_signature(self) -> tuple[object, ...]:
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
        self.forget_renders()
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
