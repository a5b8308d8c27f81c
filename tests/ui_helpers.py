"""Helpers for the UI tests: fixture apps, what the screen shows, and a tour of every screen."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rich.cells import cell_len
from rich.console import Console
from rich.segment import ControlType
from rich.text import Text
from textual._compositor import CompositorUpdate
from textual.command import CommandInput, CommandList, CommandPalette
from textual.content import Content
from textual.coordinate import Coordinate
from textual.dom import DOMNode
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Input, OptionList, Static, Tab

from backtui.kb.loader import Loaded, load
from backtui.ui.app import BacktuiApp
from backtui.ui.screens.main import MainScreen
from backtui.ui.widgets.aspects import AspectStrip
from backtui.ui.widgets.comparison import Column, ComparisonView
from backtui.ui.widgets.grid import OptionGrid
from backtui.views.aspects import ASPECT_IDS
from backtui.views.model import Target

FIXTURES = Path(__file__).parent / "fixtures"
KB_SMALL = FIXTURES / "kb_small.yaml"
KB_HOSTILE = FIXTURES / "kb_hostile.yaml"
KB_OTHER = FIXTURES / "kb_other_shape.yaml"

THEME = "textual-dark"


@cache
def loaded(path: Path) -> Loaded:
    """A fixture KB, loaded once per test session (the records are immutable)."""
    return load(str(path))


def make_app(path: Path = KB_SMALL, theme: str = THEME, **kwargs: object) -> BacktuiApp:
    """The app on a fixture KB, with an explicit theme and no animations (faster, steadier)."""
    app = BacktuiApp(loaded(path), theme=theme, **kwargs)  # type: ignore[arg-type]
    app.animation_level = "none"
    return app


# ----------------------------------------------------------------------------- the main screen


def main_screen(app: BacktuiApp) -> MainScreen:
    return app.main


def columns(app: BacktuiApp) -> list[Column]:
    return main_screen(app).columns()


def comparison(app: BacktuiApp) -> ComparisonView:
    return main_screen(app).comparison


def column_ids(app: BacktuiApp) -> list[str]:
    return [column.option_id for column in columns(app)]


def focused_column(app: BacktuiApp) -> Column | None:
    """The active column, when the comparison has the focus."""
    view = comparison(app)
    if app.focused is not view or not view.columns:
        return None
    return view.columns[view.active]


def focused_option(app: BacktuiApp) -> str | None:
    column = focused_column(app)
    return None if column is None else column.option_id


def column(app: BacktuiApp, option_id: str) -> Column:
    return next(c for c in columns(app) if c.option_id == option_id)


def column_plain(app: BacktuiApp, option_id: str) -> list[str]:
    """The plain text of each item in a column."""
    return [item.prompt.plain for item in column(app, option_id).items]


def grid(app: BacktuiApp) -> OptionGrid:
    return main_screen(app).query_one(OptionGrid)


async def press(pilot: Pilot[None], *keys: str) -> None:
    """Press keys; Pilot waits for each to be handled and the screen to settle, and this for
    any key the app still holds (ui/typeahead.py) while a screen it opened settles."""
    await pilot.press(*keys)
    for _ in range(200):
        if not getattr(pilot.app, "keys_pending", False):
            break
        await pilot.pause(0.01)


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type ``text`` key by key (slow: each key is a full round trip; see ``enter_text``)."""
    await pilot.press(*("space" if ch == " " else ch for ch in text))
    await pilot.pause()


async def enter_text(pilot: Pilot[None], text: str) -> None:
    """Put ``text`` in the focused Input at once, as a paste would."""
    field = pilot.app.focused
    assert isinstance(field, Input), f"focus is on {field!r}, not an Input"
    field.value = text
    await pilot.pause()


async def run_palette(pilot: Pilot[None], query: str, typed: bool = False) -> str:
    """Open the command palette, enter ``query`` (key by key if ``typed``), wait for hits
    and run the first one.

    Returns the first line of the hit that ran, so a test can check it was the intended one.
    """
    app = pilot.app
    await press(pilot, "ctrl+p")
    assert isinstance(app.screen, CommandPalette)
    await (type_text if typed else enter_text)(pilot, query)
    assert app.screen.query_one(CommandInput).value == query
    hits = app.screen.query_one(CommandList)
    for _ in range(100):
        if hits.option_count and hits.highlighted is not None:
            break
        await pilot.pause(0.02)
    assert hits.option_count, f"the palette found nothing for {query!r}"
    chosen = hits.get_option_at_index(hits.highlighted or 0).prompt
    await press(pilot, "enter")
    await pilot.pause()
    return plain(chosen).splitlines()[0]


# ----------------------------------------------------------------------------- what is shown


def plain(value: object) -> str:
    if isinstance(value, Content):
        return value.plain
    if isinstance(value, Text):
        return value.plain
    return str(value)


def _displayed(node: DOMNode) -> Iterator[object]:
    """The text-bearing values a widget displays (Content, Text or str)."""
    if isinstance(node, ComparisonView):
        for shown in node.columns:
            yield shown.title
            for item in shown.items:
                yield item.prompt
    elif isinstance(node, AspectStrip):
        yield from node.labels
    elif isinstance(node, Static):
        yield node.content
    elif isinstance(node, Tab):
        yield node.label
    elif isinstance(node, Input):
        yield node.value
    elif isinstance(node, OptionList):
        for option in node.options:
            yield option.prompt
    elif isinstance(node, DataTable):
        for data_column in node.columns.values():
            yield data_column.label
        for row in range(node.row_count):
            yield from node.get_row_at(row)


def displayed(screen: Screen[object]) -> list[object]:
    values: list[object] = []
    for node in screen.query("*"):
        values += list(_displayed(node))
    return values


def screen_strings(app: BacktuiApp) -> str:
    """Every piece of text the widgets of the current screen hold, one per line.

    This is the text as given to the widgets, before wrapping; a long word stays whole.
    """
    return "\n".join(plain(value) for value in displayed(app.screen))


def active_spans(screen: Screen[object]) -> list[str]:
    """Styles on displayed text that would act (a link or an @click action)."""
    return acting_styles(displayed(screen))


def acting_styles(values: Iterable[object]) -> list[str]:
    """Styles in Content or Text values that would act (a link or an @click action)."""
    found: list[str] = []
    for value in values:
        spans = value.spans if isinstance(value, Content | Text) else []
        for span in spans:
            style = str(span.style)
            if "@click" in style or "link" in style:
                found.append(style)
            meta = getattr(span.style, "meta", None)
            if meta:
                found.append(repr(meta))
            if getattr(span.style, "link", None):
                found.append(f"link {span.style.link}")  # type: ignore[union-attr]
    return found


def screen_text(app: BacktuiApp) -> str:
    """The screen as a terminal shows it, as plain text (what export_screenshot draws)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    console.print(update)
    return console.export_text(styles=False)


def target_items(app: BacktuiApp, option_id: str) -> list[tuple[int, Target]]:
    return [
        (number, item.target)
        for number, item in enumerate(column(app, option_id).items)
        if item.target is not None
    ]


# ----------------------------------------------------------------------------- a tour


@dataclass(frozen=True)
class Visit:
    screen: str  # the screen's class name
    strings: str  # screen_strings
    text: str  # screen_text
    active: list[str]  # active_spans
    markup: list[str]  # Statics given a str, which they would parse as markup


async def tour(
    pilot: Pilot[None], search_terms: tuple[str, ...] = (), every_record: bool = True
) -> list[Visit]:
    """Open every screen the KB can show: each aspect, the detail of every item in every
    column, of every grid cell and of every claim (or of the first of each kind, unless
    ``every_record``: each push of a modal costs a few tenths of a second), the picker,
    search (entering each of ``search_terms``) and help. Records what each screen showed.
    """
    app = pilot.app
    assert isinstance(app, BacktuiApp)
    seen: list[Visit] = []

    def visit() -> None:
        screen = app.screen
        name = type(screen).__name__
        markup = [repr(w) for w in screen.query(Static) if isinstance(w.content, str) and w.content]
        strings, text, active = screen_strings(app), screen_text(app), active_spans(screen)
        seen.append(Visit(name, strings, text, active, markup))

    main = main_screen(app)
    opened: set[tuple[str, str, str]] = set()  # a source shows in several columns: once
    for number in range(1, len(ASPECT_IDS) + 1):
        await press(pilot, str(number))
        assert main.aspect == ASPECT_IDS[number - 1]
        visit()
        for option_id in column_ids(app):
            for index, target in target_items(app, option_id):
                record = (target.kind, target.record_id, target.guideline_id)
                if not every_record:
                    record = (target.kind, "", "")
                if record in opened:
                    continue
                opened.add(record)
                main.focus_column(column_ids(app).index(option_id))
                view = comparison(app)
                view.set_highlight(column_ids(app).index(option_id), index)
                await press(pilot, "enter")
                assert app.screen is not main, f"Enter on {target} opened nothing"
                visit()
                await press(pilot, "escape")
                assert app.screen is main
    await press(pilot, "g")
    table = grid(app)
    assert app.focused is table
    visit()
    cells = [
        Coordinate(row, col)
        for row in range(table.row_count)
        for col in range(1, len(table.columns))
        if table.target_at(Coordinate(row, col)) is not None
    ]
    for cell in cells if every_record else cells[:1]:
        table.cursor_coordinate = cell
        await press(pilot, "enter")
        assert app.screen is not main
        visit()
        await press(pilot, "escape")
    await press(pilot, "g", "o")
    visit()
    await press(pilot, "escape", "slash")
    visit()
    for term in search_terms:
        await enter_text(pilot, term)
        visit()
        app.screen.query_one(Input).value = ""
        await pilot.pause()
    await press(pilot, "escape")
    app.action_claims()
    await pilot.pause()
    visit()
    claims = app.screen.query_one("#claims-list", OptionList)
    for index in range(claims.option_count if every_record else min(1, claims.option_count)):
        claims.highlighted = index
        await press(pilot, "enter")
        visit()
        await press(pilot, "escape")
    await press(pilot, "escape", "question_mark")
    visit()
    await press(pilot, "escape")
    assert app.screen is main
    return seen


# ------------------------------------------------------------------ what a terminal was sent


class SentScreen:
    """The text a terminal shows, built only from what the app sends it, frame by frame: a
    frame that leaves out a change leaves the old text here, as it would on a screen."""

    def __init__(self, app: BacktuiApp) -> None:
        """Start from a full repaint of the screen as it is now."""
        width, height = app.size
        self.rows = [[" "] * width for _ in range(height)]
        self._console = Console(width=width, height=height, file=io.StringIO())
        self._apply(
            app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
        )
        display = app._display

        def recording(screen: Screen[object], renderable: object) -> None:
            if isinstance(renderable, CompositorUpdate) and not app._batch_count:
                self._apply(renderable)
            display(screen, renderable)  # type: ignore[arg-type]

        app._display = recording  # type: ignore[method-assign]

    def _apply(self, update: CompositorUpdate) -> None:
        x = y = 0
        for segment in self._console.render(update):
            for code in segment.control or ():
                if code[0] == ControlType.CURSOR_MOVE_TO:
                    x, y = int(code[1]), int(code[2])
            if segment.control:
                continue
            for character in segment.text:
                if character == "\n":
                    x, y = 0, y + 1
                    continue
                width = cell_len(character)
                if 0 <= y < len(self.rows) and 0 <= x < len(self.rows[y]):
                    self.rows[y][x] = character
                    right_half = self.rows[y][x + 1 : x + width]  # of a wide one, in the row
                    self.rows[y][x + 1 : x + width] = [""] * len(right_half)
                x += width

    def text(self) -> list[str]:
        return ["".join(row).rstrip() for row in self.rows]

    def matches(self, app: BacktuiApp) -> bool:
        """Whether the terminal shows what a full repaint of the screen now would."""
        return self.text() == [line.rstrip() for line in screen_text(app).splitlines()]
