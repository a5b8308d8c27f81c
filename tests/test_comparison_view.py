"""ComparisonView, the one widget that draws every column of the comparison: its keys, the
mouse, the window of columns it shows, its scroll bars (drawn as Textual's would be) and its
caches of rendered lines (a view shown again is not drawn again; a new theme is)."""

from __future__ import annotations

from collections.abc import Callable

from conftest import SHIPPED_KB
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from ui_helpers import KB_OTHER, KB_SMALL, comparison, focused_column, make_app, press

from backtui.ui.screens.detail import DetailScreen
from backtui.ui.screens.main import MainScreen
from backtui.ui.widgets.comparison import Column, ComparisonView
from backtui.views.aspects import ASPECT_IDS

FIVE = ["ejercicio", "calor", "solo-resumen", "cirugia", "infiltracion"]  # in kb_other_shape
Cell = tuple[str, object, object, bool]


def rendered(view: ComparisonView) -> list[list[tuple[str, object]]]:
    """The view's lines as Textual's render pipeline gives them: (text, style) segments."""
    width, height = view.size
    return [
        [(segment.text, segment.style) for segment in strip]
        for strip in view.render_lines(Region(0, 0, width, height))
    ]


def lines(view: ComparisonView) -> list[str]:
    return [view.render_line(y).text for y in range(view.size.height)]


def count_draws(view: ComparisonView) -> list[object]:
    """Record every title or item the view renders into strips (not served from its cache)."""
    drawn: list[object] = []
    draw: Callable[..., list[Strip]] = view._draw_content

    def counting(content: object, *args: object) -> list[Strip]:
        drawn.append(content)
        return draw(content, *args)

    view._draw_content = counting  # type: ignore[method-assign]
    return drawn


def count_boxes(view: ComparisonView) -> list[str]:
    """Record the option of every column whose box the view draws (not served from a cache)."""
    drawn: list[str] = []
    inner_lines: Callable[..., list[Strip]] = view._inner_lines

    def counting(column: Column, *args: object) -> list[Strip]:
        drawn.append(column.option_id)
        return inner_lines(column, *args)

    view._inner_lines = counting  # type: ignore[method-assign]
    return drawn


def body_height(view: ComparisonView, column: Column) -> int:
    return view._body_height(column)


def assert_highlight_in_view(view: ComparisonView, column: Column) -> None:
    """The highlighted item is in the column's window: all of it, or as much as fits."""
    number = column.highlighted
    assert number is not None
    body = body_height(view, column)
    top, height = column.tops[number], column.heights[number]
    assert column.scroll_y <= top + max(0, height - body), (column.scroll_y, top, height, body)
    assert top + min(height, body) <= column.scroll_y + body or height > body
    assert top < column.scroll_y + body, (column.scroll_y, top, body)
    assert 0 <= column.scroll_y <= max(0, len(column.lines) - body)


def highlighted_rows(view: ComparisonView, slot: int = 0) -> list[int]:
    """The rows where the slot's column shows the active highlight (inside the border)."""
    names = (
        "comparison--item",
        "comparison--item-highlighted",
        "comparison--item-highlighted-active",
    )
    background = view.get_visual_style(*names).rich_style.bgcolor
    x = slot * view.column_width() + 2
    rows = []
    for y in range(view.size.height):
        cell = view.render_line(y).crop(x, x + 1)
        if any(segment.style and segment.style.bgcolor == background for segment in cell):
            rows.append(y)
    return rows


# ----------------------------------------------------------------------------- caches


async def test_a_view_shown_again_reuses_its_strips_and_renders_the_same() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "2")
        view = comparison(app)
        column = view.columns[0]
        items = column.items
        first = rendered(view)
        drawn = count_draws(view)
        await press(pilot, "3")
        assert drawn  # a view not shown before is drawn
        drawn.clear()
        await press(pilot, "2")
        assert column.items is items  # the same items, so the same cached strips
        assert drawn == []  # every title and item came from the cache
        assert rendered(view) == first
        await press(pilot, "d")  # another layer: other items
        assert column.items is not items
        assert drawn
        drawn.clear()
        await press(pilot, "d")
        assert column.items is items
        assert drawn == []
        assert rendered(view) == first


async def test_a_column_whose_state_did_not_change_is_not_drawn_again() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "2")
        view = comparison(app)
        boxes = count_boxes(view)
        view.refresh()
        await pilot.pause()
        assert view.render_line(1).text and boxes == []  # a repaint: every box as it was
        await press(pilot, "l")  # the first column is no longer active, the second is
        assert sorted(boxes) == ["stretching", "warm-baths"]  # not rest: it did not change
        assert view.active == 1 and view.render_line(1).text


async def test_a_new_theme_is_not_served_from_the_cache() -> None:
    app = make_app(theme="textual-dark")
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "2")
        view = comparison(app)
        dark = rendered(view)
        app.theme = "textual-light"
        await press(pilot, "3", "2")
        light = rendered(view)
        assert [[text for text, _ in line] for line in light] == [
            [text for text, _ in line] for line in dark
        ]
        assert light != dark  # same text, the light theme's colours
        app.theme = "textual-dark"
        await pilot.pause()
        assert rendered(view) == dark


# ----------------------------------------------------------------------------- keys


async def test_up_and_down_move_the_highlight_and_scroll_it_into_view() -> None:
    app = make_app(KB_SMALL, aspect=ASPECT_IDS.index("sources"))
    async with app.run_test(size=(80, 16)) as pilot:
        view = comparison(app)
        column = focused_column(app)
        assert column is view.columns[0]
        assert len(column.lines) > body_height(view, column), "the fixture must overflow"
        assert (column.highlighted, column.scroll_y) == (0, 0)
        seen = []
        for key in ("j", "down", "j", "k", "up", "k"):
            await press(pilot, key)
            seen.append(column.highlighted)
            assert_highlight_in_view(view, column)
            rows = highlighted_rows(view)
            assert rows and rows == list(range(rows[0], rows[0] + len(rows))), (key, rows)
        assert seen == [1, 2, 2, 1, 0, 0]  # no item after the last, nor before the first
        assert column.scroll_y == 0
        assert [c.highlighted for c in view.columns[1:]] == [0, 0]  # other columns stay


async def test_down_past_the_last_item_shows_the_rest_of_its_text() -> None:
    app = make_app(KB_SMALL, aspect=ASPECT_IDS.index("benefits"))
    async with app.run_test(size=(80, 16)) as pilot:  # short: the plot leaves a few lines
        view = comparison(app)
        column = view.columns[0]
        last = column.choosable()[-1]
        most = len(column.lines) - body_height(view, column)
        assert column.heights[last] > body_height(view, column), "the fixture must overflow"
        await press(pilot, "j")
        assert column.highlighted == last
        assert column.scroll_y == column.tops[last]
        for step in range(1, most - column.tops[last] + 3):
            await press(pilot, "j")
            assert column.highlighted == last
            assert column.scroll_y == min(most, column.tops[last] + step)
        await press(pilot, "k")
        assert (column.highlighted, column.scroll_y) == (0, 0)


async def test_page_keys_move_a_page_and_home_and_end_go_to_the_ends() -> None:
    app = make_app(SHIPPED_KB, aspect=ASPECT_IDS.index("sources"))
    async with app.run_test(size=(80, 24)) as pilot:
        view = comparison(app)
        column = view.columns[0]
        tops, body = column.tops, body_height(view, column)
        assert column.choosable() == list(range(len(column.items)))
        assert len(column.items) > 10, "the fixture must hold many pages"
        for _ in range(4):
            before = column.highlighted
            assert before is not None
            await press(pilot, "pagedown")
            after = column.highlighted
            assert after is not None and after > before
            # the first item a page or more further down
            assert tops[after] >= tops[before] + body > tops[after - 1]
            assert_highlight_in_view(view, column)
        for _ in range(4):
            before = column.highlighted
            assert before is not None
            await press(pilot, "pageup")
            after = column.highlighted
            assert after is not None and after < before
            assert tops[after] <= tops[before] - body < tops[after + 1]
            assert_highlight_in_view(view, column)
        await press(pilot, "end")
        assert column.highlighted == len(column.items) - 1
        assert column.scroll_y == len(column.lines) - body  # the end of the text shows
        await press(pilot, "home")
        assert (column.highlighted, column.scroll_y) == (0, 0)
        await press(pilot, "pageup")  # already at the top
        assert (column.highlighted, column.scroll_y) == (0, 0)


# ----------------------------------------------------------------------------- mouse


async def test_clicks_activate_the_column_under_them_and_open_items() -> None:
    app = make_app(KB_SMALL, aspect=ASPECT_IDS.index("sources"))
    async with app.run_test(size=(100, 30)) as pilot:
        view = comparison(app)
        width = view.column_width()
        await press(pilot, "l", "l")
        assert view.visible_columns() == [1, 2] and view.active == 2
        assert await pilot.click("#comparison", offset=(5, 1))  # the first slot's title
        await pilot.pause()
        assert view.active == 1  # the column in that slot, not the first column
        assert app.focused is view and isinstance(app.screen, MainScreen)
        assert len(view._title_strips(view.columns[1], False)) == 1  # items from row 2

        def divider(slot: int) -> int:
            return next(y for y, line in enumerate(lines(view)) if line[slot * width :][:2] == "│─")

        assert await pilot.click("#comparison", offset=(width + 5, divider(1)))
        await pilot.pause()
        assert view.active == 2 and isinstance(app.screen, MainScreen)  # a divider opens none
        assert await pilot.click("#comparison", offset=(5, view.size.height - 1))
        await pilot.pause()
        assert view.active == 2  # the bottom scroll bar is no column
        row = divider(0) + 1  # the first line of the item after the first divider
        assert await pilot.click("#comparison", offset=(5, row))
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        await press(pilot, "escape")
        assert view.active == 1
        item = view.columns[1].lines[row - 2][0]
        assert item > 0 and view.columns[1].highlighted == item


def _mouse(event: type[events.MouseEvent], view: ComparisonView, x: int, y: int) -> None:
    view.post_message(event(view, x, y, 0, 0, 0, False, False, False))


async def test_the_wheel_scrolls_the_column_under_it_and_shifts_the_window() -> None:
    app = make_app(KB_SMALL, aspect=ASPECT_IDS.index("sources"))
    async with app.run_test(size=(100, 16)) as pilot:
        view = comparison(app)
        first, second, third = view.columns
        _mouse(events.MouseScrollDown, view, view.column_width() + 5, 5)
        await pilot.pause()
        assert (first.scroll_y, second.scroll_y) == (0, 2)
        assert second.highlighted == 0  # the wheel scrolls; it does not move the highlight
        _mouse(events.MouseScrollUp, view, view.column_width() + 5, 5)
        await pilot.pause()
        assert second.scroll_y == 0
        _mouse(events.MouseScrollRight, view, 5, 5)
        await pilot.pause()
        assert view.visible_columns() == [1, 2]
        assert view.active == 1  # the active column moves into the window
        _mouse(events.MouseScrollRight, view, 5, 5)
        await pilot.pause()
        assert view.visible_columns() == [1, 2]  # no further: the last column is shown
        _mouse(events.MouseScrollLeft, view, 5, 5)
        await pilot.pause()
        assert view.visible_columns() == [0, 1] and view.active == 1
        assert third.scroll_y == 0


# ----------------------------------------------------------------------------- the window


async def test_the_window_of_columns_follows_the_active_column_and_the_width() -> None:
    app = make_app(KB_OTHER, compare=FIVE)
    async with app.run_test(size=(100, 30)) as pilot:
        view = comparison(app)
        assert view.visible_count() == 2 and view.column_width() == 50
        windows = [view.visible_columns()]
        for key in ("l", "l", "l", "l", "l", "h", "h", "h"):
            await press(pilot, key)
            windows.append(view.visible_columns())
            assert view.active in windows[-1]
        assert windows == [
            [0, 1],
            [0, 1],
            [1, 2],
            [2, 3],
            [3, 4],
            [3, 4],  # no column after the last
            [3, 4],  # back within the window: it stays
            [2, 3],
            [1, 2],
        ]
        await pilot.resize_terminal(130, 30)
        await pilot.pause()
        assert view.visible_columns() == [1, 2, 3, 4] and view.column_width() == 32
        await pilot.resize_terminal(60, 30)
        await pilot.pause()
        assert view.visible_columns() == [1]  # narrow: the active column alone
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert view.active in view.visible_columns()


# ----------------------------------------------------------------------------- scroll bars


def cells(segments: list[Segment], base: Style) -> list[Cell]:
    """One (character, colour, background, reverse) per cell, on the view's base style."""
    found: list[Cell] = []
    for segment in segments:
        style = base + segment.style if segment.style else base
        for character in segment.text:
            found.append((character, style.color, style.bgcolor, bool(style.reverse)))
    return found


def textuals_bar(
    view: ComparisonView, vertical: bool, size: int, virtual: int, window: int, position: int
) -> list[list[Segment]]:
    """What Textual's own ScrollBar, on the view, draws for this position: one list of
    segments per line."""
    thickness = 2 if vertical else 1
    bar = ScrollBar(vertical=vertical, thickness=thickness)
    bar._attach(view)  # its colours come from the view's styles, as for a scrolling widget
    bar.window_virtual_size = virtual
    bar.window_size = window
    bar.position = position
    width, height = (thickness, size) if vertical else (size, thickness)
    console = Console(width=width, height=height, force_terminal=True, legacy_windows=False)
    options = console.options.update_dimensions(width, height)
    return console.render_lines(bar.render(), options, pad=False)


async def test_a_columns_scroll_bar_matches_textuals_at_every_position() -> None:
    app = make_app(KB_SMALL, aspect=ASPECT_IDS.index("sources"))
    async with app.run_test(size=(80, 16)) as pilot:
        view = comparison(app)
        column = view.columns[0]
        body = body_height(view, column)
        top = 1 + len(view._title_strips(column, False))  # the border, then the title
        gutter = view.column_width() - 3  # inside the right border
        base = view.get_visual_style().rich_style
        positions = set()
        for _ in range(6):
            ours = [
                cells(list(view.render_line(y).crop(gutter, gutter + 2)), base)
                for y in range(top, top + body)
            ]
            textuals = [
                cells(line, base)
                for line in textuals_bar(view, True, body, len(column.lines), body, column.scroll_y)
            ]
            assert ours == textuals, column.scroll_y
            assert any(cell[0] != " " or cell[3] for line in ours for cell in line)  # a thumb
            positions.add(column.scroll_y)
            await press(pilot, "j")
        assert len(positions) == 3  # top, middle and bottom of the column
        await press(pilot, "1")  # one short item: no bar, a blank gutter
        assert len(column.lines) <= body_height(view, column)
        blank = cells([Segment("  ", base)], base)
        for y in range(top, top + body_height(view, column)):
            assert cells(list(view.render_line(y).crop(gutter, gutter + 2)), base) == blank


async def test_more_columns_than_fit_are_named_on_a_row_along_the_bottom() -> None:
    """Columns out of view are named in words on each side, not told by a bar's shade."""
    app = make_app(KB_OTHER, compare=FIVE)
    async with app.run_test(size=(100, 30)) as pilot:
        view = comparison(app)
        width, height = view.size
        names = [column.name for column in view.columns]
        for first in range(4):
            assert view.first == first
            assert lines(view)[height - 2].startswith(("╰", "┗"))  # the boxes end above the row
            row = lines(view)[height - 1]
            assert len(row) == width
            before, after = names[:first], names[first + 2 :]
            assert row.startswith(f"◀ {', '.join(before)}") == bool(before), row
            assert (f"{', '.join(after)} ▶" in row) == bool(after), row
            assert "2 of 5 options shown" in row
            while view.first == first and view.active < len(view.columns) - 1:
                await press(pilot, "l")
        await pilot.resize_terminal(170, 30)  # four of five: still a bar
        await pilot.pause()
        assert lines(view)[-2].startswith(("╰", "┗")) and not lines(view)[-1].startswith(("╰", "┗"))
    app = make_app(KB_OTHER, compare=FIVE[:3])
    async with app.run_test(size=(120, 30)):
        view = comparison(app)
        assert view.visible_columns() == [0, 1, 2]
        assert lines(view)[-1].startswith(
            ("╰", "┗")
        )  # all shown: no bar, the boxes reach the bottom


async def test_its_styles_do_not_depend_on_focus_so_focus_needs_no_restyle() -> None:
    """ComparisonView shows focus in code (its -active component classes): no rule in the
    stylesheet styles it by :focus, so the restyle Textual runs on a focus change is cheap."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        view = comparison(app)

        async def styles() -> list[object]:
            app.update_styles(view)  # what the skipped restyle would have done
            await pilot.pause()
            return [view.get_component_rich_style(name) for name in sorted(view.COMPONENT_CLASSES)]

        assert app.focused is view
        focused = await styles()
        await press(pilot, "g")
        assert app.focused is not view
        assert await styles() == focused
