"""Issue 14: every screen works from 60x20 to 200x55; what is in force is always in view."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from ui_helpers import loaded, main_screen, press, screen_text

from backtui.ui import present
from backtui.ui.app import BacktuiApp
from backtui.views.aspects import ASPECT_IDS

SHIPPED_KB = Path(__file__).parent.parent / "data" / "options.yaml"
SIZES = [(60, 20), (80, 24), (120, 40), (200, 55)]


def shipped_app() -> BacktuiApp:
    app = BacktuiApp(loaded(SHIPPED_KB), theme="textual-dark")
    app.animation_level = "none"
    return app


async def burst(app: BacktuiApp, pilot: Pilot[None], *keys: tuple[str, str | None]) -> None:
    """Keys posted all at once, as a fast typist or a paste sends them, then handled."""
    for key, char in keys:
        app.post_message(events.Key(key, char))
    for _ in range(500):
        await pilot.pause(0.01)
        if not app.keys_pending:
            break
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
async def test_help_and_quit_always_stay_in_the_footer(size: tuple[int, int]) -> None:
    app = shipped_app()
    async with app.run_test(size=size) as pilot:
        for keys in ((), ("g",), ("g", "m")):
            await press(pilot, *keys)
            await pilot.pause()
            footer = screen_text(app).splitlines()[-1]
            assert "Help" in footer and "Quit" in footer, (size, keys, footer)
            assert "…" not in footer


async def test_a_wide_footer_shows_every_key_it_has() -> None:
    app = shipped_app()
    async with app.run_test(size=(200, 55)) as pilot:
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        for word in ("Comparator", "Layer", "Grid", "Options", "Search", "My decision"):
            assert word in footer, footer
        assert "Export" in footer and "Claims" in footer


async def test_options_off_screen_are_named_on_each_side() -> None:
    app = shipped_app()
    async with app.run_test(size=(80, 24)) as pilot:
        main = main_screen(app)
        names = [present.clean(app.index.options[o].name) for o in main.selected]
        assert len(names) == 3
        row = main.comparison.render_line(main.comparison.size.height - 1).text
        assert f"{names[2]} ▶" in row and "◀" not in row, row
        await press(pilot, "l", "l")
        row = main.comparison.render_line(main.comparison.size.height - 1).text
        assert f"◀ {names[0]}" in row and "▶" not in row, row
        assert "2 of 3 options shown" in row


@pytest.mark.parametrize("size", SIZES)
async def test_the_comparator_and_layer_in_force_stay_in_view(size: tuple[int, int]) -> None:
    app = shipped_app()
    async with app.run_test(size=size) as pilot:

        def status() -> str:
            [line] = [
                line for line in screen_text(app).splitlines() if "(c)" in line and "(d)" in line
            ]
            return line

        assert "all comparators" in status() and "plain words" in status()
        await press(pilot, "c")
        await pilot.pause(0.3)  # longer than a toast would take to go: the line stays
        assert "sham or placebo" in status() and "plain words" in status()
        await press(pilot, "d", "3")
        assert "sham or placebo" in status() and "clinician numbers" in status()


def test_the_clinician_layer_names_sources_by_citation_not_by_internal_id() -> None:
    index = shipped_app().index
    ids = [re.compile(rf"(?<![\w/.-]){re.escape(s)}(?![\w/.-])") for s in index.sources]
    for option_id in index.options:
        for aspect in ASPECT_IDS:
            for item in present.column_items(index, option_id, aspect, None, "clinician"):
                text = item.prompt.plain
                for pattern in ids:
                    assert not pattern.search(text), (option_id, aspect, pattern.pattern, text)


def test_search_tolerates_typos_and_prefers_what_was_typed() -> None:
    from backtui.ui.search_index import SearchIndex, within_typos

    search = SearchIndex(shipped_app().index)
    typo = search.find("acupunture", 50)
    assert typo and not typo[0].exact and typo[0].words == ("acupuncture",)
    assert [f.entry for f in typo] == [f.entry for f in search.find("acupuncture", 50)]
    assert search.find("acupuncture", 5)[0].exact
    assert search.find("xyzzy", 5) == []
    assert within_typos("brusing", "bruising") and within_typos("neddling", "needling")
    assert within_typos("nedelding", "needling")  # two slips in a long word
    assert not within_typos("rain", "pain")  # a short word must be typed right
    assert not within_typos("acupunture", "puncture")


async def test_search_highlights_what_matched_and_says_when_spelling_was_loosened() -> None:
    from textual.widgets import OptionList, Static

    app = shipped_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "slash", *"brusing")
        count = app.screen.query_one("#search-count", Static).render()
        assert "close spellings" in str(count)
        first = app.screen.query_one("#search-results", OptionList).get_option_at_index(0)
        prompt = first.prompt
        assert hasattr(prompt, "spans")
        marked = [
            prompt.plain[span.start : span.end].lower()
            for span in prompt.spans
            if "underline" in str(span.style)
        ]
        assert marked and set(marked) == {"bruising"}, marked


async def test_a_burst_of_keys_reaches_the_picker_and_search_in_order() -> None:
    app = shipped_app()
    async with app.run_test(size=(80, 24)) as pilot:
        before = list(main_screen(app).selected)
        await burst(
            app, pilot, ("o", "o"), ("down", None), ("down", None), ("space", " "), ("enter", "\r")
        )
        after = main_screen(app).selected
        assert len(after) == len(before) + 1 and after[: len(before)] == before, after
        await burst(app, pilot, ("slash", "/"), *((c, c) for c in "needling"), ("enter", "\r"))
        assert type(app.screen).__name__ != "SearchScreen"  # Enter jumped to the first match
        await burst(app, pilot, ("slash", "/"), *((c, c) for c in "bruising"))
        assert app.screen.query_one("#search-input").value == "bruising"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_plot_scrolls_under_a_pinned_axis_and_follows_its_cursor(
    size: tuple[int, int],
) -> None:
    from backtui.ui.widgets.forest import ForestPlot

    app = shipped_app()
    async with app.run_test(size=size) as pilot:
        await press(pilot, "2")
        plot = app.screen.query_one("#benefits-plot", ForestPlot)
        plot.focus()
        await pilot.pause()
        assert len(plot.rows) > 4
        assert plot.size.height < len(plot.plain_lines(plot.size.width)), "it must scroll here"
        for row in range(len(plot.rows)):
            shown = [plot.render_line(y).text for y in range(plot.size.height)]
            assert any("favours the comparator" in line for line in shown), (row, shown)
            assert any("┼" in line or "│" in line for line in shown[-3:]), shown
            cursor = [line for line in shown if line.lstrip().startswith("▸")]
            assert len(cursor) == 1, (row, shown)
            assert plot.rows[row].label.split()[0] in cursor[0], (row, cursor)
            await press(pilot, "j")
        opened = plot.rows[plot.cursor].label
        await press(pilot, "enter")
        assert type(app.screen).__name__ == "DetailScreen"
        assert opened.split(" vs ")[0].split()[0] in screen_text(app)


@pytest.mark.parametrize(("size", "fit"), [((60, 20), 1), ((80, 24), 2), ((200, 55), 3)])
async def test_the_option_grid_uses_the_width_and_names_options_off_screen(
    size: tuple[int, int], fit: int
) -> None:
    from backtui.ui.widgets.grid import OptionGrid

    app = shipped_app()
    async with app.run_test(size=size) as pilot:
        await press(pilot, "g")
        grid = app.screen.query_one(OptionGrid)
        names = [present.clean(app.index.options[o].name) for o in main_screen(app).selected]
        assert [str(c.label) for c in grid.columns.values()][1:] == names[:fit]
        used = sum(c.get_render_width(grid) for c in grid.columns.values())
        assert size[0] - 6 <= used <= size[0], (used, size)  # fills the width, no overflow
        intro = str(app.screen.query_one("#grid-intro").render())
        if fit < len(names):
            assert f"l ▶: {', '.join(names[fit:])}" in intro, intro
            for _ in range(len(names)):
                await press(pilot, "l")
            assert [str(c.label) for c in grid.columns.values()][-1] == names[-1]
            intro = str(app.screen.query_one("#grid-intro").render())
            assert f"◀ h: {names[0]}" in intro, intro
            target = grid.target_at(grid.cursor_coordinate)
            assert target is not None and target.option_id == main_screen(app).selected[-1]
        else:
            assert "Showing" not in intro


@pytest.mark.parametrize(("width", "fit"), [(80, 2), (200, 3)])
async def test_what_matters_shows_the_options_that_fit_and_names_the_rest(
    width: int, fit: int
) -> None:
    from textual.widgets import DataTable

    app = shipped_app()
    async with app.run_test(size=(width, 40)) as pilot:
        await press(pilot, "m")
        table = app.screen.query_one("#facts-table", DataTable)
        names = [present.clean(app.index.options[o].name) for o in main_screen(app).selected]
        assert [str(c.label) for c in table.columns.values()][1:] == names[:fit]
        used = sum(c.get_render_width(table) for c in table.columns.values())
        assert used <= width - 4, used
        window = app.screen.query_one("#facts-window")
        assert window.display == (fit < len(names))
        if fit < len(names):
            table.focus()
            await press(pilot, "l")
            assert [str(c.label) for c in table.columns.values()][1:] == names[1 : 1 + fit]
            assert f"◀ h: {names[0]}" in str(window.render())


async def test_columns_start_at_the_top_after_the_comparator_changes() -> None:
    app = shipped_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "2", "l", *["j"] * 8, "h", *["j"] * 8)
        columns = main_screen(app).comparison.columns
        assert all(column.scroll_y > 0 for column in columns[:2])
        await press(pilot, "c")
        for column in columns:
            assert column.scroll_y == 0 and column.highlighted in (0, 1, None), (
                column.option_id,
                column.scroll_y,
                column.highlighted,
            )
