"""A dialog's dimmed backdrop: textual_compat.TintedScreen draws what Textual's BackgroundScreen
draws, cell for cell and style for style."""

from __future__ import annotations

from textual.renderables.background_screen import BackgroundScreen
from textual.strip import Strip
from textual.visual import Visual, visualize
from ui_helpers import THEME, make_app

from backtui.ui.screens.detail import DetailScreen
from backtui.ui.textual_compat import TintedScreen


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
