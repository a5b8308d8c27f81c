"""Pilot tests of the plot widget ForestPlot in a tiny app."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from plot_data import PAIN_AXIS, TWELVE_ROWS
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.filter import Monochrome, NoColor
from textual.widgets import Static

from backtui.ui.geometry import ForestAxis, ForestRow
from backtui.ui.widgets.forest import CURSOR_MARK, NO_ROWS, ForestPlot


def screen_lines(app: App[object]) -> list[str]:
    """What the terminal shows, one string per line."""
    update = app.screen._compositor.render_full_update()
    return ["".join(strip.text for strip in line) for line in update.strips]


def screen_styles(app: App[object]) -> list[list[object]]:
    update = app.screen._compositor.render_full_update()
    return [[segment.style for strip in line for segment in strip] for line in update.strips]


def screen_text(app: App[object]) -> str:
    return "\n".join(screen_lines(app))


class PlotApp(App[None]):
    """A ForestPlot alone, recording the messages it posts."""

    def __init__(
        self,
        rows: Iterable[ForestRow | tuple[str, float | None, float | None, float | None, str]],
        axis: ForestAxis = PAIN_AXIS,
    ) -> None:
        super().__init__()
        self.rows = list(rows)
        self.axis = axis
        self.chosen: list[int] = []
        self.highlighted: list[int] = []

    def compose(self) -> ComposeResult:
        yield ForestPlot(self.rows, self.axis, id="plot")

    def on_forest_plot_row_chosen(self, message: ForestPlot.RowChosen) -> None:
        assert message.control is self.query_one(ForestPlot)
        self.chosen.append(message.index)

    def on_forest_plot_row_highlighted(self, message: ForestPlot.RowHighlighted) -> None:
        self.highlighted.append(message.index)


def selected_line(app: App[object]) -> str:
    (line,) = [line for line in screen_lines(app) if CURSOR_MARK in line]
    return line


# ------------------------------------------------------------------------------- ForestPlot


@pytest.mark.parametrize("width", [60, 120])
async def test_forest_plot_renders_twelve_rows(width: int) -> None:
    app = PlotApp(TWELVE_ROWS)
    async with app.run_test(size=(width, 40)) as pilot:
        await pilot.pause()
        plot = app.query_one(ForestPlot)
        assert plot.has_focus
        text = screen_text(app)
        for row in TWELVE_ROWS:
            assert row.label[:15] in text
            assert row.numbers in text
        assert "← favours treatment" in text and "favours usual care →" in text
        assert "Mean difference (MD) in pain, points on a 0–100 scale" in text
        assert "◆" in text and text.count("●") >= 10  # legend ● too
        assert "◀" in text and "▶" in text  # the heat-wrap row runs off both ends
        assert "┬" in text and "−30" in text and "10" in text
        assert plot.plain_lines(width - 2)[0].startswith(CURSOR_MARK + "Acupuncture")
        if width == 60:  # two lines a row: label and numbers, then the plot
            assert plot.plain_lines(58)[1].startswith("  ")
            assert "●" not in plot.plain_lines(58)[2] and "Dry needling" in plot.plain_lines(58)[2]
        else:  # one line a row
            lines = screen_lines(app)[: len(TWELVE_ROWS)]
            assert all(row.numbers in line for row, line in zip(TWELVE_ROWS, lines, strict=True))


async def test_rows_scroll_under_a_pinned_axis_when_short_of_height() -> None:
    app = PlotApp(TWELVE_ROWS)
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.pause()
        before = screen_text(app)
        assert "Acupuncture" in before and "Advice to stay active" not in before
        await pilot.press("end")
        await pilot.pause()
        after = screen_text(app)
        assert "Advice to stay active" in after and "Acupuncture" not in after
        for text in (before, after):  # the axis, its labels and the legend stay in view
            assert "┬" in text and "← favours treatment" in text and "░ smaller" in text
        assert "Advice to stay active" in selected_line(app)


async def test_up_down_and_j_k_move_the_selection() -> None:
    app = PlotApp(TWELVE_ROWS)
    async with app.run_test(size=(120, 30)) as pilot:
        plot = app.query_one(ForestPlot)
        assert plot.cursor == 0 and "Acupuncture" in selected_line(app)
        await pilot.press("down", "down")
        assert plot.cursor == 2 and "Exercise therapy" in selected_line(app)
        await pilot.press("j")
        assert plot.cursor == 3 and "Spinal manipulation" in selected_line(app)
        await pilot.press("up", "k")
        assert plot.cursor == 1 and "Dry needling" in selected_line(app)
        await pilot.press("up", "up", "up")  # stops at the first row
        assert plot.cursor == 0
        await pilot.press("end")
        assert plot.cursor == 11
        await pilot.press("down")  # and at the last
        assert plot.cursor == 11
        await pilot.press("home")
        await pilot.pause()
        assert app.highlighted == [1, 2, 3, 2, 1, 0, 11, 0]


async def test_enter_posts_row_chosen_with_the_selected_index() -> None:
    app = PlotApp(TWELVE_ROWS)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("enter")
        await pilot.press("down", "down", "down", "enter")
        await pilot.press("j", "enter")
        await pilot.pause()
        assert app.chosen == [0, 3, 4]


async def test_a_click_selects_and_a_second_click_chooses() -> None:
    app = PlotApp(TWELVE_ROWS)
    async with app.run_test(size=(120, 30)) as pilot:
        plot = app.query_one(ForestPlot)
        await pilot.click(ForestPlot, offset=(5, 4))  # line 4: the fifth row, Massage
        await pilot.pause()
        assert plot.cursor == 4 and app.chosen == []
        await pilot.click(ForestPlot, offset=(5, 4))
        await pilot.pause()
        assert app.chosen == [4]
        await pilot.click(ForestPlot, offset=(5, 20))  # below the rows: nothing happens
        await pilot.pause()
        assert plot.cursor == 4 and app.chosen == [4]


async def test_untrusted_labels_show_literally_without_control_characters() -> None:
    rows = [
        ForestRow("[bold]Sneaky[/bold] \x1b[31mred\x07", -5, -9, -1, "[i]−5[/i]\x1b[2J (−9 to −1)"),
        ForestRow("[@click=app.quit]x[/]", 1, 0, 2, "1 (0 to 2)"),
        ForestRow("Line\nbreak\tand tab", 2, -1, 4, "2 (−1 to 4)"),
    ]
    axis = ForestAxis("MD [b]x[/b]", units="\x1b[31mpoints", treatment="[red]A[/red]")
    app = PlotApp(rows, axis)
    async with app.run_test(size=(120, 20)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "[bold]Sneaky[/bold] [31mred" in text and "[@click=app.quit]x[/]" in text
        assert "[i]−5[/i][2J (−9 to −1)" in text
        assert "Line break and tab" in text
        assert "MD [b]x[/b], [31mpoints" in text
        assert "← favours [red]A[/red]" in text
        assert not any(char in text for char in "\x1b\x07\t")
        await pilot.click(ForestPlot, offset=(10, 1))  # the [@click] text is not a link
        await pilot.click(ForestPlot, offset=(10, 1))
        await pilot.pause()
        assert app.is_running and app.chosen == [1]


async def test_the_plot_reads_without_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = PlotApp(TWELVE_ROWS)
    async with app.run_test(size=(120, 30)) as pilot:
        assert app.no_color
        assert any(isinstance(f, NoColor | Monochrome) for f in app.get_line_filters())
        await pilot.press("down")
        await pilot.pause()
        lines = screen_lines(app)
        # The selection, estimates, intervals, no-effect line, band and clipping are glyphs.
        assert CURSOR_MARK + "Dry needling" in selected_line(app)
        assert sum(CURSOR_MARK in line for line in lines) == 1
        for glyph in "●◆─│░◀▶┼":
            assert any(glyph in line for line in lines[:12]), glyph


async def test_update_replaces_rows_and_keeps_the_selected_index() -> None:
    app = PlotApp(TWELVE_ROWS)
    async with app.run_test(size=(120, 30)) as pilot:
        plot = app.query_one(ForestPlot)
        await pilot.press("down", "down")
        plot.update(TWELVE_ROWS[:5], ForestAxis("SMD", better="higher", mid=0.2))
        await pilot.pause()
        assert plot.cursor == 2 and "Exercise therapy" in selected_line(app)
        text = screen_text(app)
        assert "TENS" not in text and "SMD" in text
        assert "← favours comparator │ favours treatment →" in text
        plot.update(TWELVE_ROWS[:1])
        await pilot.pause()
        assert plot.cursor == 0
        plot.update([])
        await pilot.pause()
        assert NO_ROWS in screen_text(app)
        await pilot.press("enter", "down")
        assert app.chosen == []


async def test_data_shown_again_is_not_laid_out_or_drawn_again_but_a_new_theme_is() -> None:
    app = PlotApp(TWELVE_ROWS)
    async with app.run_test(size=(120, 30)) as pilot:
        plot = app.query_one(ForestPlot)
        other = ForestAxis("SMD", better="higher", mid=0.2)
        first = screen_text(app)
        plot.update(TWELVE_ROWS[:5], other)
        await pilot.pause()
        second = screen_text(app)
        drawn: list[object] = []
        made: list[int] = []
        strip, make_layout = plot._strip, plot._make_layout
        plot._strip = lambda runs, *rest: (drawn.append(runs), strip(runs, *rest))[1]  # type: ignore[method-assign]
        plot._make_layout = lambda width: (made.append(width), make_layout(width))[1]  # type: ignore[method-assign]
        plot.update(TWELVE_ROWS, PAIN_AXIS)  # the first data again
        await pilot.pause()
        assert screen_text(app) == first
        plot.update(TWELVE_ROWS[:5], other)
        await pilot.pause()
        assert screen_text(app) == second
        assert drawn == [] and made == []
        dark = screen_lines(app), screen_styles(app)
        app.theme = "textual-light"
        await pilot.pause()
        assert drawn, "a new theme draws the lines again"
        assert screen_lines(app) == dark[0] and screen_styles(app) != dark[1]


async def test_a_scrolling_parent_follows_the_selection() -> None:
    class Tall(App[None]):
        def compose(self) -> ComposeResult:
            with VerticalScroll():
                yield Static("intro\n" * 20)
                yield ForestPlot(TWELVE_ROWS, PAIN_AXIS)
                yield Static("after\n" * 20)

    app = Tall()
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.pause()
        app.query_one(ForestPlot).focus()
        await pilot.pause()
        scroll = app.query_one(VerticalScroll)
        scroll.scroll_home(animate=False, immediate=True)  # the plot's last rows out of view
        await pilot.pause()
        assert "Advice to stay active" not in screen_text(app)
        await pilot.press("end")
        await pilot.pause()
        assert "Advice to stay active" in selected_line(app)


@pytest.mark.parametrize(
    "settings",
    [
        {"low": 5, "high": 5},
        {"low": 5, "high": -5},
        {"mid": 0},
        {"mid": -3},
        {"log": True, "null": 1, "low": 0},
        {"log": True, "null": 1, "mid": 0.8},
        {"better": "up"},
        {"band": "left"},
        {"high": float("nan")},
    ],
)
def test_forest_axis_refuses_settings_it_cannot_draw(settings: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        ForestAxis("MD", **settings)  # type: ignore[arg-type]
