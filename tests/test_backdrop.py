"""A dialog's dimmed backdrop: textual_compat.TintedScreen draws what Textual's BackgroundScreen
draws, cell for cell and style for style."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import SHIPPED_KB
from textual.app import App, ComposeResult
from textual.content import Content
from textual.pilot import Pilot
from textual.renderables.background_screen import BackgroundScreen
from textual.screen import ModalScreen, Screen
from textual.strip import Strip
from textual.visual import Visual, visualize
from textual.widgets import Static
from ui_helpers import THEME, make_app, screen_text

from backtui.ui import textual_compat
from backtui.ui.screens.detail import DetailScreen
from backtui.ui.textual_compat import KeptBackdrop, KeptTint, PromptFrames, TintedScreen


def cells(strips: list[Strip]) -> list[list[tuple[str, object]]]:
    return [
        [(char, segment.style) for segment in strip for char in segment.text] for strip in strips
    ]


async def test_the_backdrop_is_what_background_screen_draws_in_each_theme() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, DetailScreen)
        for theme in (THEME, "textual-light", "nord"):
            app.theme = theme
            await pilot.pause()
            color = detail.styles.background
            assert color.a < 1, "the dialogs' backdrop is translucent"
            width, height = detail.size
            style = detail.visual_style
            textual = Visual.to_strips(
                detail, visualize(detail, BackgroundScreen(app.main, color)), width, height, style
            )
            tints: dict[tuple[object, ...], object] = {}
            ours = TintedScreen(app.main, color, tints)  # type: ignore[arg-type]
            assert cells(Visual.to_strips(detail, ours, width, height, style)) == cells(textual)
            assert tints, "the tints were kept"
            again = Visual.to_strips(detail, ours, width, height, style)
            assert cells(again) == cells(textual)


async def test_a_dialog_draws_its_backdrop_through_the_kept_tints() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, DetailScreen)
        assert detail._tints is not None and detail._tints[1], "drawn through the kept tints"


async def _reopened_matches_a_fresh_backdrop(app: App[None], pilot: Pilot[None]) -> None:
    """The dialog as drawn from its kept backdrop, against the same dialog composited afresh."""
    dialog = app.screen
    assert isinstance(dialog, KeptTint)
    kept = app.export_screenshot()
    dialog._backdrop = KeptBackdrop()  # nothing kept: the whole screen below, composited now
    dialog.refresh()
    await pilot.pause()
    assert app.export_screenshot() == kept


@pytest.mark.parametrize(
    "between",
    [
        ("j",),  # the cursor moves: the comparison's rows change
        ("g", "g"),  # to the grid and back: laid out again
        ("1", "2"),  # another aspect: the plot goes and comes back
        ("l",),  # another column
        ("c",),  # another comparator: the plot's rows change
    ],
    ids=lambda keys: "+".join(keys),
)
async def test_a_dialog_shown_again_composites_the_rows_that_changed(
    between: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(SHIPPED_KB)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "enter", "escape", *between, "enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DetailScreen)
        kept = dialog._backdrop
        assert kept is not None and kept.lines, "drawn from the kept backdrop"
        await _reopened_matches_a_fresh_backdrop(app, pilot)


async def test_rows_left_out_would_show_the_old_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    # The check above can fail: with no rows composited again, the old cursor shows through.
    app = make_app(SHIPPED_KB)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "enter", "escape", "j")
        monkeypatch.setattr(PromptFrames, "rows_changed_since", lambda *_: set())
        await pilot.press("enter")
        await pilot.pause()
        with pytest.raises(AssertionError):
            await _reopened_matches_a_fresh_backdrop(app, pilot)


async def test_a_change_below_an_open_dialog_shows_when_it_is_drawn_again() -> None:
    app = make_app(SHIPPED_KB)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DetailScreen)
        status = app.main.query_one("#status", Static)
        status.update(Content("A status line changed while the dialog was open"))
        dialog.refresh()
        await pilot.pause()
        assert "A status line changed" in screen_text(app)
        await _reopened_matches_a_fresh_backdrop(app, pilot)


class Below(PromptFrames, Screen[None]):
    def compose(self) -> ComposeResult:
        yield Static("the line that goes", id="goes")
        yield Static("the line that moves up, its size unchanged", id="moves")


class Dialog(PromptFrames, KeptTint, ModalScreen[None]):
    DEFAULT_CSS = """
    Dialog { align: center middle; background: $background 60%; }
    Dialog > Static { width: 10; height: 1; }
    """

    def compose(self) -> ComposeResult:
        yield Static("dialog")


class Moving(App[None]):
    def on_mount(self) -> None:
        self.push_screen(Below())


async def test_a_widget_that_only_moved_is_composited_again() -> None:
    # No repaint is asked for a widget that moves without changing size: the layout's
    # geometry tells it.
    app = Moving()
    async with app.run_test(size=(60, 8)) as pilot:
        await pilot.pause()
        dialog = Dialog()
        await app.push_screen(dialog)
        await pilot.pause()
        app.pop_screen()
        await pilot.pause()
        app.screen.query_one("#goes").display = False
        await pilot.pause()
        await app.push_screen(dialog)
        await pilot.pause()
        assert dialog._backdrop is not None and dialog._backdrop.lines
        text = screen_text(app)  # type: ignore[arg-type]
        assert "the line that moves up" in text.splitlines()[0]
        await _reopened_matches_a_fresh_backdrop(app, pilot)


def count_lines(monkeypatch: pytest.MonkeyPatch, screen: Screen[Any]) -> list[int]:
    """Each line of its own that ``screen`` renders from now on (its backdrop, for a dialog)."""
    drawn: list[int] = []
    render_line = screen.render_line

    def counted(y: int) -> Strip:
        drawn.append(y)
        return render_line(y)

    monkeypatch.setattr(screen, "render_line", counted)
    return drawn


@pytest.mark.parametrize("hook", ["on", "off"])
async def test_the_screen_a_dialog_covers_keeps_its_own_lines(
    hook: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Textual repaints the screen it covers, whole; then the backdrop styles its 40 lines
    # again. With the hook switched off they are: the count can fail.
    if hook == "off":
        monkeypatch.setattr(textual_compat, "HOOKS_OFF", frozenset({"covered"}))
    app = make_app(SHIPPED_KB)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        drawn = count_lines(monkeypatch, app.main)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        assert len(drawn) == (0 if hook == "on" else 40)
        await _reopened_matches_a_fresh_backdrop(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        shown = screen_text(app)
        app.main.refresh()  # every line of it styled afresh
        await pilot.pause()
        assert screen_text(app) == shown


@pytest.mark.parametrize(
    ("between", "hook", "lines"),
    [
        (("j",), "on", 17),  # the focused column's rows
        ((), "on", 0),  # nothing changed below
        (("j",), "off", 40),  # Textual's whole screen: the count can fail
    ],
)
async def test_a_dialog_shown_again_draws_its_own_lines_where_the_screen_below_changed(
    between: tuple[str, ...], hook: str, lines: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    if hook == "off":
        monkeypatch.setattr(textual_compat, "HOOKS_OFF", frozenset({"resume-rows"}))
    app = make_app(SHIPPED_KB)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "enter", "escape", *between)
        await pilot.pause()
        dialog = app.get_screen("backtui-detail")
        drawn = count_lines(monkeypatch, dialog)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        assert len(drawn) == lines
        await _reopened_matches_a_fresh_backdrop(app, pilot)


async def test_a_change_below_between_a_dialog_shown_again_and_its_frame_is_drawn() -> None:
    # Which of the dialog's own lines to draw again is decided as its frame is drawn, so a
    # change below made after it was shown again (here, inside a batch that holds the frame)
    # is in that frame.
    app = make_app(SHIPPED_KB)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "enter", "escape")
        await pilot.pause()
        with app.batch_update():
            await pilot.press("enter")
            dialog = app.screen
            assert isinstance(dialog, DetailScreen) and dialog._rows_pending
            app.main.query_one("#status", Static).update(Content("Changed under the dialog"))
        await pilot.pause()
        assert not dialog._rows_pending
        assert "Changed under the dialog" in screen_text(app)
        await _reopened_matches_a_fresh_backdrop(app, pilot)
