"""The contract between backtui and Textual's private internals (ui/textual_compat.py).

Every private name the module uses is checked here for its presence, its signature and, where a
unit test can show it, its meaning. A Textual release that renames, re-signs or changes one of
them fails this file before it can fail a person. The behaviour of the larger hooks is checked
against Textual's own in test_frames.py, test_backdrop.py and test_driver.py.
"""

from __future__ import annotations

import ast
import inspect
import tomllib
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from textual import events, messages
from textual._compositor import Compositor
from textual._xterm_parser import XTermParser
from textual.app import App, ComposeResult
from textual.cache import LRUCache
from textual.command import CommandPalette
from textual.containers import Vertical
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver
from textual.geometry import Region, Size
from textual.renderables.background_screen import BackgroundScreen
from textual.screen import Screen
from textual.scrollbar import ScrollBar
from textual.widget import Widget
from textual.widgets import DataTable, Footer, OptionList, SelectionList, Static
from textual.widgets._footer import FooterKey

import backtui.ui
from backtui.ui import textual_compat
from backtui.ui.textual_compat import HOOKS, NoSecondLayout, hook_on

REPO = Path(__file__).resolve().parents[1]
UI = Path(backtui.ui.__file__).parent


def params(function: Any) -> list[str]:
    return list(inspect.signature(function).parameters)


def test_textual_is_the_pinned_version() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    pins = [d for d in pyproject["project"]["dependencies"] if d.startswith("textual")]
    assert pins == [f"textual=={metadata.version('textual')}"], pins


def private_names(path: Path) -> set[str]:
    """Textual's private modules imported and private attributes read in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("textual"):
            if any(part.startswith("_") for part in node.module.split(".")):
                found.add(node.module)
    return found


def test_no_module_but_textual_compat_imports_a_private_textual_module() -> None:
    for path in UI.rglob("*.py"):
        if path.name != "textual_compat.py":
            assert not private_names(path), path


def test_screen_frame_hooks() -> None:
    assert inspect.iscoroutinefunction(Screen._on_idle)
    assert params(Screen._on_idle) == ["self", "event"]
    assert params(Screen._on_timer_update) == ["self"]
    assert params(Screen._on_screen_resume) == ["self", "event"]
    assert "refresh_styles" in params(events.ScreenResume)
    assert params(Screen._compositor_refresh) == ["self"]
    assert params(Screen.refresh) == ["self", "regions", "repaint", "layout", "recompose"]
    assert params(Widget._set_dirty) == ["self", "regions"]


async def test_screen_frame_state_and_compositor() -> None:
    class Plain(App[None]):
        pass

    app = Plain()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        screen = app.screen
        for name in (
            "_layout_required",
            "_scroll_required",
            "_repaint_required",
            "_recompose_required",
        ):
            assert isinstance(getattr(screen, name), bool), name
        assert isinstance(screen._dirty_widgets, set)
        assert isinstance(app._batch_count, int)
        assert screen._message_queue.empty() in (True, False)
        strips = screen._compositor.render_strips()
        assert len(strips) == screen._compositor.size.height == 10


def test_backdrop_rows_hooks() -> None:
    # KeptTint composites again only the rows of the screen below whose widgets changed: it
    # reads the repaint requests a screen is sent, the compositor's map and its line chops.
    assert inspect.iscoroutinefunction(Screen._on_update)
    assert params(Screen._on_update) == ["self", "message"]
    assert "widget" in params(messages.Update)
    assert params(Compositor._render_chops) == ["self", "crop", "is_rendered_line"]
    assert isinstance(inspect.getattr_static(Compositor, "visible_widgets"), property)
    source = inspect.getsource(Compositor.render_strips)
    assert "Strip.join(chop.values())" in source, "a line is the join of its chops"


async def test_screens_are_repainted_whole_when_covered_and_when_shown_again() -> None:
    # What the covered and resume-rows hooks narrow: push_screen repaints the screen it
    # covers, and a screen shown again repaints itself, each with a bare refresh().
    calls: list[tuple[str, tuple[object, ...], dict[str, object]]] = []

    class Counted(Screen[None]):
        def refresh(self, *regions: Any, **options: Any) -> Any:
            calls.append((self.name or "", regions, options))
            return super().refresh(*regions, **options)

    class Plain(App[None]):
        pass

    app = Plain()
    async with app.run_test(size=(40, 10)) as pilot:
        await app.push_screen(Counted(name="below"))
        await pilot.pause()
        calls.clear()
        above = Counted(name="above")
        await app.push_screen(above)
        await pilot.pause()
        assert ("below", (), {}) in calls
        app.pop_screen()
        await pilot.pause()
        calls.clear()
        await app.push_screen(above)
        await pilot.pause()
        assert ("above", (), {}) in calls


async def test_set_dirty_marks_lines_and_asks_for_no_frame() -> None:
    class Plain(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("one\ntwo\nthree")

    app = Plain()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        static = app.query_one(Static)
        static._set_dirty(Region(0, 1, 40, 1))
        assert static._styles_cache._dirty_lines == {1}
        assert not static._repaint_required and not app.screen._repaint_required
        # What a widget has asked to repaint waits in _repaint_regions until a frame's
        # compositor takes it (the frames hook draws such widgets ahead of their requests).
        await pilot.pause()
        static.refresh()
        assert static._repaint_regions
        app.screen._compositor.update_widgets({static})
        assert not static._repaint_regions


async def test_scroll_bars_ask_for_their_repaint_with_a_flag() -> None:
    class Plain(App[None]):
        pass

    app = Plain()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        bar = ScrollBar()
        assert bar._repaint_required is False
        bar.refresh()
        assert bar._repaint_required is True


def test_background_screen_tint() -> None:
    assert params(BackgroundScreen.process_segments) == ["segments", "color"]
    assert {"screen", "color"} <= set(params(BackgroundScreen))


def test_escape_driver_hooks() -> None:
    parser = XTermParser(False)
    assert parser._timeout_time is None or isinstance(parser._timeout_time, float)
    assert params(XTermParser.tick) == ["self"]
    assert params(LinuxDriver.run_input_thread) == ["self"]
    assert "self._debug = debug" in inspect.getsource(Driver.__init__)


def test_size_updated_signature() -> None:
    assert params(Widget._size_updated) == [
        "self",
        "size",
        "virtual_size",
        "container_size",
        "layout",
    ]


async def test_size_updated_without_layout_starts_no_second_layout() -> None:
    """The meaning NoSecondLayout relies on: with layout, a new virtual size asks for another
    layout pass; without, it does not."""

    class Box(Vertical):
        pass

    class Kept(NoSecondLayout, Vertical):
        pass

    class Boxes(App[None]):
        def compose(self) -> ComposeResult:
            with Box(id="plain"):
                yield Static("a")
            with Kept(id="kept"):
                yield Static("a")

    app = Boxes()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        for selector, relaid in (("#plain", True), ("#kept", False)):
            box = app.query_one(selector, Widget)
            box._layout_required = False
            box._size_updated(box.size, Size(40, 99), box.container_size)
            assert box._layout_required is relaid, selector


async def test_data_table_render_caches() -> None:
    class Table(App[None]):
        def compose(self) -> ComposeResult:
            yield DataTable()

    app = Table()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(DataTable)
        for name in ("_cell_render_cache", "_row_render_cache", "_line_cache"):
            cache = getattr(table, name)
            assert isinstance(cache, LRUCache) and cache.maxsize > 0, name
        assert len(params(DataTable._on_resize)) == 2  # self and the Resize event


def test_focus_watcher_restyles() -> None:
    source = inspect.getsource(Widget.watch_has_focus)
    assert "update_node_styles()" in source  # what RepaintOnFocus leaves out


def test_footer_hooks() -> None:
    assert "_bindings_ready" in inspect.getsource(Footer)
    assert {"key", "key_display", "description", "action"} <= set(params(FooterKey))


def test_guarded_private_methods() -> None:
    assert params(OptionList._move_page) == ["self", "direction"]
    assert params(SelectionList._move_page) == ["self", "direction"]
    assert params(CommandPalette._action_command_list) == ["self", "action"]
    assert params(CommandPalette._action_cursor_down) == ["self"]
    assert params(CommandPalette._watch__list_visible) == ["self"]
    assert inspect.iscoroutinefunction(CommandPalette._watch__show_busy)


def test_every_hook_can_be_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    assert all(hook_on(hook) for hook in HOOKS)
    monkeypatch.setattr(textual_compat, "HOOKS_OFF", frozenset({"frames"}))
    assert not hook_on("frames") and hook_on("backdrop")
    with pytest.raises(AssertionError):
        hook_on("no-such-hook")
    documented = (textual_compat.__doc__ or "").split("- ``")
    assert {entry.split("``", 1)[0] for entry in documented[1:]} == set(HOOKS)


def test_screen_focus_is_a_reactive_that_quiet_focus_replaces() -> None:
    from textual.reactive import Reactive

    from backtui.ui.screens.main import MainScreen

    assert isinstance(Screen.__dict__["focused"], Reactive)
    assert Screen._reactives["focused"]._repaint is True  # Textual repaints on focus
    assert MainScreen._reactives["focused"]._repaint is False
