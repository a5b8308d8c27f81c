"""The strips above the comparison and the Benefits plot show and hide with what is shown.

MainScreen sets their display directly (show_strips, refresh_items) rather than through
classes on the screen and rules in app.tcss: a class restyles what it touches, and that cost
more than the rest of an aspect or grid switch.
"""

from __future__ import annotations

from ui_helpers import make_app

from backtui.ui.widgets.aspects import AspectStrip


async def test_the_plot_shows_only_on_benefits() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        plot = app.main.query_one("#plot-area")
        assert not plot.display
        await pilot.press("2")
        assert plot.display
        await pilot.press("1")
        assert not plot.display


async def test_the_grid_hides_the_strips_and_a_narrow_screen_shows_the_option_tabs() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        main = app.main
        aspects, options = main.query_one(AspectStrip), main.query_one("#option-tabs")
        assert aspects.display and not options.display
        await pilot.press("g")
        assert not aspects.display and not options.display
        await pilot.press("g")
        assert aspects.display and not options.display
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert aspects.display and options.display
        await pilot.press("g")
        assert not aspects.display and not options.display
