"""The columns' scroll bars draw exactly what Textual's would, from cached strips."""

from __future__ import annotations

from textual.scrollbar import ScrollBar
from ui_helpers import KB_SMALL, columns, make_app, press

from backtui.ui.present import ASPECT_IDS
from backtui.ui.widgets.scrollbar import StripScrollBar


def _lines(bar: ScrollBar, render: object) -> list[list[tuple[str, object]]]:
    return [
        [(segment.text, segment.style) for segment in render(bar, y)]  # type: ignore[operator]
        for y in range(bar.size.height)
    ]


async def test_the_bar_matches_textuals_at_every_position() -> None:
    app = make_app(KB_SMALL, aspect=ASPECT_IDS.index("sources"))
    async with app.run_test(size=(80, 16)) as pilot:
        await pilot.pause()
        column_list = columns(app)[0].column_list
        bar = column_list.vertical_scrollbar
        assert isinstance(bar, StripScrollBar)
        assert bar.display, "the fixture must overflow the column"
        positions = set()
        for _ in range(6):
            ours = [
                [(segment.text, segment.style) for segment in strip]
                for strip in bar.render_lines(bar.size.region)
            ]
            bar._dirty_regions.add(bar.size.region)  # Textual's path re-renders when dirty
            textuals = _lines(bar, ScrollBar.render_line)
            assert ours == textuals
            positions.add(column_list.scroll_y)
            await press(pilot, "j")
        assert len(positions) == 3  # top, middle and bottom of the list
