"""PromptFrames paints a screen's frame when it falls idle, at most once per frame period."""

from __future__ import annotations

import asyncio
import inspect
from pathlib import Path
from time import monotonic
from typing import Any

import pytest
from conftest import SHIPPED_KB
from textual import messages
from textual.screen import Screen
from textual.scrollbar import ScrollBar
from ui_helpers import SentScreen, comparison, main_screen, make_app

import backtui.ui.screens as screens_package
from backtui.ui import textual_compat as frames
from backtui.ui.screens import claims, decision, detail, export, help, main, picker, search
from backtui.ui.textual_compat import PromptFrames
from backtui.ui.widgets.forest import ForestPlot


def _paints(app: Any) -> list[float]:
    painted: list[float] = []
    display = app._display

    def counting(screen: Screen[object], renderable: object) -> None:
        if renderable is not None:
            painted.append(monotonic())
        display(screen, renderable)

    app._display = counting
    return painted


async def test_a_key_is_painted_without_the_frame_timer() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = main_screen(app)
        screen._update_timer.resume = lambda: None  # the timer never ticks again
        painted = _paints(app)
        await pilot.press("2")
        await asyncio.sleep(0.3)  # not pilot.pause(): it paints by calling the timer's callback
        assert painted, "the aspect switch was never painted"
        assert not screen._needs_frame()


async def test_frames_on_idle_keep_to_the_frame_period() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = main_screen(app)
        screen._update_timer.resume = lambda: None
        screen._last_frame = monotonic() + 3600  # as if a frame had just been painted
        painted = _paints(app)
        await pilot.press("2")
        await asyncio.sleep(0.3)  # not pilot.pause(): it paints by calling the timer's callback
        assert not painted  # an hour to wait: nothing yet
        assert screen._needs_frame()
        assert screen._frame_due is not None


SCREEN_MODULES = [claims, decision, detail, export, help, main, picker, search]


@pytest.mark.parametrize("module", SCREEN_MODULES, ids=lambda module: module.__name__)
def test_every_screen_paints_on_idle(module: object) -> None:
    found = [
        value
        for value in vars(module).values()
        if inspect.isclass(value)
        and issubclass(value, Screen)
        and value.__module__ == getattr(module, "__name__", "")
    ]
    assert found
    for screen_class in found:
        assert issubclass(screen_class, PromptFrames), screen_class
        assert screen_class.__mro__.index(PromptFrames) < screen_class.__mro__.index(Screen)


def test_every_screen_module_is_listed() -> None:
    listed = {module.__name__.rsplit(".", 1)[1] for module in SCREEN_MODULES}
    on_disk = {
        path.stem
        for path in Path(screens_package.__file__).parent.glob("*.py")
        if path.stem not in ("__init__", "base")  # base: a mixin, no screen
    }
    assert on_disk == listed


async def test_one_frame_carries_repaints_that_are_on_their_way(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = main_screen(app)
        screen._update_timer.resume = lambda: None
        second = screen.query_one("#aspect-tabs")  # another widget than the comparison
        turns: list[int] = []
        real_sleep = asyncio.sleep

        async def a_widget_asks_during_the_turn(delay: float) -> None:
            turns.append(len(turns))
            if len(turns) == 1:  # as a focus border would, from its own task
                second.refresh()
                screen.post_message(messages.Update(second))
            await real_sleep(delay)

        monkeypatch.setattr(frames.asyncio, "sleep", a_widget_asks_during_the_turn)
        painted = _paints(app)
        comparison(app).refresh()
        screen.check_idle()
        await real_sleep(0.3)
        assert len(turns) >= 2  # the first idle gave way; a later one painted
        assert len(painted) == 1
        assert not screen._needs_frame()


async def test_a_dialog_shown_again_is_restyled_only_after_a_new_theme() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        restyled: list[Screen[object]] = []
        update_styles = app.update_styles

        def counting(node: Any = None, animate: bool = True) -> None:
            if isinstance(node, Screen):
                restyled.append(node)
            update_styles(node, animate=animate)

        app.update_styles = counting  # type: ignore[method-assign]
        for _ in range(2):
            await pilot.press("slash")
            await pilot.press("escape")
        dialog = app._search
        assert dialog is not None
        first = restyled.count(dialog)
        await pilot.press("slash")
        await pilot.press("escape")
        assert restyled.count(dialog) == first, "shown again, same theme: kept its styles"
        box = dialog.query_one(".dialog")
        before = box.styles.background
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        await pilot.press("slash")
        assert restyled.count(dialog) == first + 1, "a new theme restyles it when shown"
        assert box.styles.background != before


async def test_another_record_is_one_frame_scroll_bar_included() -> None:
    # The layout pass gives the record's scroll bar its new window, and the bar then asked for
    # a repaint of its own: a second frame after the whole-screen one, of what it had painted.
    app = make_app(SHIPPED_KB)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await pilot.press("enter", "escape", "j")
        painted = _paints(app)
        await pilot.press("enter")
        await pilot.pause(0.1)
        dialog = app.screen
        assert isinstance(dialog, detail.DetailScreen)
        body = dialog.query_one("#detail-body")
        assert body.max_scroll_y > 0, "the record scrolls: its bar is shown"
        assert len(painted) == 1
        shown = app.export_screenshot()
        dialog.refresh()
        body.vertical_scrollbar.refresh()
        await pilot.pause(0.1)
        assert app.export_screenshot() == shown, "the one frame showed the bar as it is"


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_grid_toggle_is_one_frame_scroll_bar_included(size: tuple[int, int]) -> None:
    # The layout pass sizes the view and gives its scroll bar a new window; the bar's own
    # repaint came as a second frame, although the first had painted its rows.
    app = make_app(SHIPPED_KB)
    async with app.run_test(size=size) as pilot:
        await pilot.press("g", "g")
        await pilot.pause(0.1)
        for view in ("grid", "comparison"):
            painted = _paints(app)
            await pilot.press("g")
            await pilot.pause(0.1)
            assert app.main.view == view
            assert len(painted) == 1, view
            shown = app.export_screenshot()
            app.screen.refresh()
            for widget in app.screen._compositor.visible_widgets:
                widget.refresh()
            await pilot.pause(0.1)
            assert app.export_screenshot() == shown, "the one frame showed every bar as it is"


@pytest.mark.parametrize("size", [(120, 40), (80, 24), (200, 55)])
async def test_each_comparator_switch_is_one_frame_the_plots_scroll_bar_included(
    size: tuple[int, int],
) -> None:
    # The plot fitted to a height its rows do not fill, or overfill, showed or hid its scroll
    # bar during the layout, and the narrower rows changed its virtual size while they were
    # drawn: each a second layout and frame. ForestPlot.fit settles both beforehand.
    app = make_app(SHIPPED_KB)
    async with app.run_test(size=size) as pilot:
        await pilot.press("2", "c", "c", "c", "c")
        await pilot.pause(0.1)
        plot = app.main.query_one(ForestPlot)
        bars = set()
        for _ in range(4):
            painted = _paints(app)
            await pilot.press("c")
            await pilot.pause(0.1)
            assert len(painted) == 1, app.main.comparator
            bars.add(plot.show_vertical_scrollbar)
            shown = app.export_screenshot()
            for widget in app.screen._compositor.visible_widgets:
                widget.refresh(layout=True)
            await pilot.pause(0.1)
            assert app.export_screenshot() == shown, "laid out again, nothing moves"
        if size == (120, 40):
            assert bars == {True, False}, "the cycle shows and hides the plot's scroll bar"


async def test_a_scroll_bar_that_looks_different_is_still_repainted() -> None:
    # Only a bar asking to show what it already shows is spared its frame: hovered, it
    # changes colour and is painted.
    app = make_app(SHIPPED_KB)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("g")
        await pilot.pause(0.1)
        bars = [w for w in app.screen._compositor.visible_widgets if isinstance(w, ScrollBar)]
        assert bars, "the grid scrolls at 80x24"
        before = app.export_screenshot()
        painted = _paints(app)
        bars[0].mouse_over = True
        await pilot.pause(0.1)
        assert painted, "the hovered bar was painted"
        assert app.export_screenshot() != before


async def test_a_scroll_bar_that_changed_size_asks_for_no_second_layout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A bar's own size is a layout property in Textual: sized by a layout pass, it asked for
    # another, which moved nothing (a bar has no children) and cost a frame's wait.
    app = make_app(SHIPPED_KB)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "c", "c", "c", "c", "enter", "escape", "j")
        await pilot.pause(0.1)
        layouts: list[Screen[object]] = []
        refresh_layout = Screen._refresh_layout

        def counting(self: Screen[object], *args: Any, **kwargs: Any) -> None:
            layouts.append(self)
            refresh_layout(self, *args, **kwargs)

        monkeypatch.setattr(Screen, "_refresh_layout", counting)
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert isinstance(app.screen, detail.DetailScreen)
        assert layouts.count(app.screen) == 1


async def test_a_widget_drawn_by_the_frame_before_its_request_arrives_is_not_drawn_twice() -> None:
    # Switching the comparator resizes the plot and moves the comparison; the layout's frame
    # draws the comparison afresh, and its own repaint request, which came after, was a
    # second frame of the same lines.
    app = make_app(SHIPPED_KB)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "c")  # to the first comparator: the plot shrinks
        await pilot.pause(0.1)
        painted = _paints(app)
        await pilot.press("c")  # the second: a plot of another height
        await pilot.pause(0.1)
        assert len(painted) == 1
        shown = app.export_screenshot()
        for widget in app.screen._compositor.visible_widgets:
            widget.refresh()
        await pilot.pause(0.1)
        assert app.export_screenshot() == shown, "the one frame showed everything as it is"


async def test_a_repaint_asked_for_after_the_frame_is_still_painted() -> None:
    app = make_app(SHIPPED_KB)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "c", "c")
        await pilot.pause(0.1)
        view = comparison(app)
        painted = _paints(app)
        view.refresh()
        await pilot.pause(0.1)
        assert painted, "a request made after the last frame gets a frame"


# Every screen, as a person walks through them (the order of the screens capture tool).
WALK = (
    "2 3 4 5 6 7 1 2 c c d d c c u u u u 1 right enter escape g g o down space escape "
    "slash o p i o i d escape question_mark escape ctrl+p escape "
    # Each dialog shown again with nothing changed below it: it still reaches the terminal.
    "enter escape enter escape slash escape slash escape question_mark escape "
    "question_mark escape m "
    + "tab " * 24
    + "end escape e escape j enter escape k enter escape 3 enter escape"
).split()


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 55)])
async def test_what_the_terminal_is_sent_is_the_screen_after_every_key(
    size: tuple[int, int],
) -> None:
    # A widget redrawn only for a frame's working (a partial frame renders every widget
    # its changed rows cross, then sends only those rows) was taken as drawn: its repaint
    # request, arriving next, was dropped, and the terminal kept the old columns (80x24,
    # "2" then "c"). The frames, scroll-bar and backdrop hooks each leave repaints out;
    # this checks the terminal's view against a full repaint after every key.
    app = make_app(SHIPPED_KB)
    async with app.run_test(size=size) as pilot:
        sent = SentScreen(app)
        screens = set()
        for step, key in enumerate(WALK):
            await pilot.press(key)
            await pilot.pause(0.05)
            screens.add(type(app.screen).__name__)
            assert sent.matches(app), f"after key {step} ({key!r})"
        assert screens >= {
            "MainScreen", "DetailScreen", "PickerScreen", "SearchScreen", "HelpScreen",
            "GuardedCommandPalette", "DecisionScreen", "ExportScreen",
        }  # fmt: skip
