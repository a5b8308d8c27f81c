"""A column shown a view again reuses its options and rendered lines, and stays correct."""

from __future__ import annotations

from textual.geometry import Region
from ui_helpers import columns, make_app, press

from backtui.ui.widgets.column import ColumnList


def rendered(column_list: ColumnList) -> list[list[tuple[str, object]]]:
    width, height = column_list.size
    return [
        [(segment.text, segment.style) for segment in strip]
        for strip in column_list.render_lines(Region(0, 0, width, height))
    ]


async def test_a_view_shown_again_reuses_its_options_and_renders_the_same() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "2")
        column_list = columns(app)[0].column_list
        options = list(column_list.options)
        first = rendered(column_list)
        await press(pilot, "3", "2")
        assert all(a is b for a, b in zip(column_list.options, options, strict=True))
        assert rendered(column_list) == first
        await press(pilot, "d")  # another layer: other items
        assert not any(a is b for a, b in zip(column_list.options, options, strict=False))
        await press(pilot, "d")
        assert rendered(column_list) == first


async def test_a_new_theme_is_not_served_from_the_cache() -> None:
    app = make_app(theme="textual-dark")
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "2")
        column_list = columns(app)[0].column_list
        dark = rendered(column_list)
        app.theme = "textual-light"
        await press(pilot, "3", "2")
        light = rendered(column_list)
        assert [[text for text, _ in line] for line in light] == [
            [text for text, _ in line] for line in dark
        ]
        assert light != dark  # same text, the light theme's colours
