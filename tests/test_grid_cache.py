"""The Option Grid keeps its rendered cells while it is hidden and shown again, and renders
what a fresh DataTable render gives."""

from __future__ import annotations

from typing import Any

from textual.geometry import Region
from ui_helpers import grid, make_app, press

from backtui.ui.widgets.grid import OptionGrid


def lines(table: OptionGrid) -> list[list[tuple[str, object]]]:
    width, height = table.size
    return [
        [(segment.text, segment.style) for segment in strip]
        for strip in table.render_lines(Region(0, 0, width, height))
    ]


def count_cell_renders(app: Any) -> list[object]:
    """Every cell DataTable renders through Rich (what its caches save)."""
    rendered: list[object] = []
    render_lines = app.console.render_lines

    def counting(renderable: object, *args: Any, **kwargs: Any) -> Any:
        rendered.append(renderable)
        return render_lines(renderable, *args, **kwargs)

    app.console.render_lines = counting
    return rendered


async def test_showing_the_grid_again_renders_no_cell_but_a_new_theme_does() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "g", "g", "g")
        table = grid(app)
        shown = lines(table)
        await press(pilot, "g")  # back to the comparison, then the grid again
        rendered = count_cell_renders(app)
        await press(pilot, "g")
        await pilot.pause()
        assert app.focused is table
        assert lines(table) == shown
        assert rendered == [], "the grid was shown from its kept cells"
        app.theme = "textual-light"
        await pilot.pause()
        assert rendered, "a new theme renders the cells again"
        assert lines(table) != shown


async def test_the_kept_cells_render_what_a_fresh_render_gives() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "g", "j", "l", "g", "g")
        table = grid(app)
        kept = lines(table)
        table._clear_caches()
        table._kept_renders.clear()
        assert lines(table) == kept
