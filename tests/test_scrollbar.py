"""The Option Grid's scroll bar draws exactly what Textual's would, from cached strips."""

from __future__ import annotations

from conftest import SHIPPED_KB
from textual.scrollbar import ScrollBar
from ui_helpers import grid, make_app, press

from backtui.ui.widgets.scrollbar import StripScrollBar


def _lines(bar: ScrollBar) -> list[list[tuple[str, object]]]:
    return [
        [(segment.text, segment.style) for segment in ScrollBar.render_line(bar, y)]
        for y in range(bar.size.height)
    ]


async def test_the_bar_matches_textuals_at_every_position() -> None:
    app = make_app(SHIPPED_KB)
    async with app.run_test(size=(100, 24)) as pilot:
        await press(pilot, "g")
        await pilot.pause()
        option_grid = grid(app)
        bar = option_grid.vertical_scrollbar
        assert isinstance(bar, StripScrollBar)
        assert bar.display, "the shipped grid must overflow a 24-line terminal"
        positions = set()
        for _ in range(12):
            ours = [
                [(segment.text, segment.style) for segment in strip]
                for strip in bar.render_lines(bar.size.region)
            ]
            bar._dirty_regions.add(bar.size.region)  # Textual's path re-renders when dirty
            assert ours == _lines(bar)
            positions.add(option_grid.scroll_y)
            await press(pilot, "j")
        assert len(positions) >= 3  # top, middle and bottom of the grid
