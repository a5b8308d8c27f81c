"""Pilot tests of the explorer (issue 3): every key and flow, on fixture knowledge bases only."""

from __future__ import annotations

import asyncio
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from conftest import SHIPPED_KB
from textual import events
from textual.binding import Binding
from textual.command import CommandPalette
from textual.dom import DOMNode
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import (
    ContentSwitcher,
    Footer,
    Header,
    Input,
    OptionList,
    SelectionList,
    Static,
    Tabs,
)
from ui_helpers import (
    KB_HOSTILE,
    KB_OTHER,
    KB_SMALL,
    acting_styles,
    column_ids,
    column_plain,
    comparison,
    enter_text,
    focused_column,
    focused_option,
    grid,
    loaded,
    make_app,
    press,
    run_palette,
    screen_strings,
    screen_text,
    target_items,
    tour,
    type_text,
)

import backtui.ui
from backtui.kb.queries import Index
from backtui.ui import present
from backtui.ui.app import BacktuiApp, BacktuiCommands
from backtui.ui.keys import APP_KEYS, MAIN_KEYS, all_key_ids
from backtui.ui.screens.claims import ClaimsScreen
from backtui.ui.screens.detail import DetailScreen
from backtui.ui.screens.help import HelpScreen
from backtui.ui.screens.main import MainScreen
from backtui.ui.screens.picker import PickerScreen
from backtui.ui.screens.search import SearchScreen
from backtui.ui.widgets.aspects import AspectStrip
from backtui.ui.widgets.grid import OptionGrid
from backtui.views.aspects import ALL as ASPECT_LIST
from backtui.views.aspects import ASPECT_IDS, ASPECTS, BY_ID
from backtui.views.model import Target

ASPECT_EMPTY = {a.id: a.empty for a in BY_ID.values()}
NO_EVIDENCE = BY_ID["benefits"].empty

SMALL_DEFAULT = ["stretching", "warm-baths", "rest"]  # kb_small has no default_compare


def detail_text(app: BacktuiApp) -> str:
    assert isinstance(app.screen, DetailScreen)
    return screen_strings(app)


def aspect_strip(app: BacktuiApp) -> AspectStrip:
    return app.main.query_one("#aspect-tabs", AspectStrip)


def strip_aspect(app: BacktuiApp) -> str:
    """The aspect the strip of aspects underlines."""
    return ASPECT_IDS[aspect_strip(app).active]


def highlighted(app: BacktuiApp) -> Target | None:
    found = focused_column(app)
    assert found is not None, f"focus is on {app.focused!r}, not in a column"
    return found.highlighted_target()


# ----------------------------------------------------------------------------- startup


async def test_startup_shows_the_default_options_in_order() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)):
        assert isinstance(app.screen, MainScreen)
        assert column_ids(app) == SMALL_DEFAULT
        assert focused_option(app) == "stretching"
        assert app.screen.aspect == "overview"
        assert strip_aspect(app) == "overview"
        shown = screen_text(app)
        assert "Fixture: knee stiffness (test data)" in shown  # the header: KB title ...
        assert "reviewed 2026-01-01" in shown  # ... and its reviewed date
        assert "It is not medical advice." in shown
        assert app.screen.query(Header) and app.screen.query(Footer)
        labels = aspect_strip(app).labels
        assert len(labels) == len(ASPECTS)
        for number, (label, (_, name)) in enumerate(zip(labels, ASPECTS, strict=True), 1):
            assert label.startswith(f"{number} {name}"), label
        assert "1 Overview" in shown and "7 Sources" in shown


async def test_the_kbs_default_compare_sets_the_columns_and_their_order(
    tmp_path: Path,
) -> None:
    text = KB_SMALL.read_text(encoding="utf-8")
    text = text.replace(
        "  natural_course:\n", "  default_compare: [rest, stretching]\n  natural_course:\n", 1
    )
    path = tmp_path / "kb.yaml"
    path.write_text(text, encoding="utf-8")
    app = make_app(path)
    async with app.run_test(size=(120, 40)):
        assert column_ids(app) == ["rest", "stretching"]


async def test_compare_and_aspect_arguments_open_those_columns_at_that_aspect() -> None:
    app = make_app(compare=["rest-brace", "warm-baths"], aspect=ASPECT_IDS.index("safety"))
    async with app.run_test(size=(120, 40)):
        assert column_ids(app) == ["rest-brace", "warm-baths"]
        assert app.main.aspect == "safety"
        assert strip_aspect(app) == "safety"
        assert any("Scalds" in text for text in column_plain(app, "warm-baths"))


async def test_starting_at_an_aspect_settles_there_and_stays_idle() -> None:
    activations: list[object] = []

    def record(message: Message) -> None:
        if isinstance(message, AspectStrip.Chosen | Tabs.TabActivated):
            activations.append(message)

    app = make_app(aspect=ASPECT_IDS.index("guidelines"))
    async with app.run_test(size=(120, 40), message_hook=record) as pilot:
        await pilot.pause()
        switches: list[int] = []
        set_aspect = app.main.set_aspect

        def recording(number: int) -> None:
            switches.append(number)
            set_aspect(number)

        app.main.set_aspect = recording  # type: ignore[method-assign]
        activations.clear()
        await asyncio.sleep(0.3)  # idle: nothing should switch aspects now
        assert activations == [] and switches == []
        assert app.main.aspect == "guidelines"
        assert strip_aspect(app) == "guidelines"
        assert "Offer stretching." in "\n".join(column_plain(app, "stretching"))


# ----------------------------------------------------------------------------- moving


async def test_column_keys_move_focus_between_columns() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        seen = [focused_option(app)]
        for key in ("l", "right", "l", "h", "left", "h"):  # the last column, then the first
            await press(pilot, key)
            seen.append(focused_option(app))
        assert seen == [
            "stretching",
            "warm-baths",
            "rest",
            "rest",  # no column after the last
            "warm-baths",
            "stretching",
            "stretching",
        ]


async def test_item_keys_move_within_a_column() -> None:
    app = make_app(aspect=ASPECT_IDS.index("benefits"))
    async with app.run_test(size=(120, 40)) as pilot:
        first = Target("evidence", "stretching", "stretch-vs-sham")
        second = Target("evidence", "stretching", "stretch-vs-none-response")
        for up, down in [("k", "j"), ("up", "down")]:
            assert highlighted(app) == first
            await press(pilot, down)
            assert highlighted(app) == second, down
            await press(pilot, up)
            assert highlighted(app) == first, up
        assert focused_option(app) == "stretching"


# ----------------------------------------------------------------------------- aspects

# (aspect, option, text its column shows) for kb_small
ASPECT_CONTENT = [
    ("overview", "stretching", "Gentle daily stretches."),
    ("overview", "rest", "Rest with a brace\nResting with a soft brace."),
    ("benefits", "stretching", "Stretching probably reduces stiffness slightly"),
    ("benefits", "rest", "Rest with a brace: Function · no brace"),
    ("safety", "warm-baths", "Scalds"),
    ("safety", "stretching", "Recent injury"),
    ("safety", "rest", ASPECT_EMPTY["safety"]),
    ("side-effects", "stretching", "Muscle soreness\n· mild"),
    ("side-effects", "warm-baths", ASPECT_EMPTY["side-effects"]),
    ("practicalities", "stretching", "Sessions: 6 sessions"),
    ("practicalities", "rest", "Rest with a brace\nGiven by: Self-care"),
    ("guidelines", "stretching", "Fixture Institute (2022)\n✔ recommends"),
    ("guidelines", "warm-baths", "Other Fixture Board (2023)\n◐ may be offered"),
    ("guidelines", "rest", ASPECT_EMPTY["guidelines"]),
    ("sources", "warm-baths", "Example C (2021)\nA made-up review of warm baths"),
    ("sources", "stretching", "Checked claims: 1 popular claims"),
]


async def test_number_keys_jump_to_each_aspect_and_the_columns_follow() -> None:
    app = make_app()
    index = Index(loaded(KB_SMALL).kb)
    async with app.run_test(size=(120, 40)) as pilot:
        for number in (3, 1, 7, 2, 6, 4, 5):
            await press(pilot, str(number))
            aspect = ASPECT_IDS[number - 1]
            assert app.main.aspect == aspect
            assert strip_aspect(app) == aspect
            for option_id in SMALL_DEFAULT:
                expected = present.column_items(index, option_id, aspect)
                assert column_plain(app, option_id) == [i.prompt.plain for i in expected]
                texts = column_plain(app, option_id)  # never blank: an empty aspect says so
                assert texts and all(t.strip() for t in texts), (aspect, option_id)
            for wanted_aspect, option_id, text in ASPECT_CONTENT:
                if wanted_aspect == aspect:
                    shown = "\n\n".join(column_plain(app, option_id))
                    assert text in shown, (aspect, option_id)
            assert app.focused is not None


async def test_brackets_step_through_the_aspects_and_wrap() -> None:
    app = make_app(aspect=ASPECT_IDS.index("guidelines"))
    async with app.run_test(size=(120, 40)) as pilot:
        seen = []
        for key in ("right_square_bracket",) * 3 + ("left_square_bracket",) * 3:
            await press(pilot, key)
            seen.append(app.main.aspect)
        assert seen == ["sources", "overview", "benefits", "overview", "sources", "guidelines"]
        assert "Offer stretching." in "\n".join(column_plain(app, "stretching"))


async def test_clicking_an_aspect_tab_switches_aspect() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        labels = aspect_strip(app).labels
        number = ASPECT_IDS.index("guidelines")
        x = sum(len(label) + 2 for label in labels[:number]) + 2  # in the label, past its pad
        assert await pilot.click("#aspect-tabs", offset=(x, 0))
        await pilot.pause()
        assert app.main.aspect == "guidelines"
        assert strip_aspect(app) == "guidelines"
        assert app.focused is not None
        assert await pilot.click("#aspect-tabs", offset=(1, 0))  # the first label: Overview
        await pilot.pause()
        assert app.main.aspect == "overview"


# ----------------------------------------------------------------------------- grid


async def test_g_toggles_the_grid_and_back_to_the_same_column() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "l", "g")
        main = app.main
        assert main.view == "grid"
        assert main.query_one("#views", ContentSwitcher).current == "grid"
        assert isinstance(app.focused, OptionGrid)
        table = grid(app)
        assert [str(c.key.value) for c in table.columns.values()] == ["question", *SMALL_DEFAULT]
        assert table.row_count == 1
        cells = [" ".join(c.plain.split()) for c in table.get_row_at(0)]  # cells wrap
        assert cells == [
            "How much will it help?",
            "A little more than sham.",
            "Maybe not at all.",
            "No answer in this knowledge base",
        ]
        await press(pilot, "g")
        assert main.view == "comparison"
        assert focused_option(app) == "warm-baths"
        await press(pilot, "g", "escape")
        assert main.view == "comparison"
        assert focused_option(app) == "warm-baths"


async def test_enter_on_a_grid_cell_opens_the_full_answer_with_its_sources() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "g")
        assert grid(app).target_at(grid(app).cursor_coordinate) == Target(
            "answer", "stretching", "how-much"
        )
        await press(pilot, "enter")
        text = detail_text(app)
        assert "A little more than sham." in text
        assert "About 1 point less stiffness on a 0-10 scale." in text
        assert "DOI 10.1234/fixture.1" in text
        assert "https://example.org/trial-a" in text
        await press(pilot, "escape")
        assert isinstance(app.focused, OptionGrid)
        await press(pilot, "l", "enter")  # warm baths
        assert "Maybe not at all." in detail_text(app)
        assert "PMID 12345678" in detail_text(app)


async def test_grid_cursor_moves_with_the_column_keys() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "g")
        table = grid(app)
        seen = [table.cursor_coordinate.column]
        for key in ("l", "right", "l", "h", "left", "h", "j", "k", "down"):
            await press(pilot, key)
            seen.append(table.cursor_coordinate.column)
        # right to the last option, left to the first answer (never the question column)
        assert seen == [1, 2, 3, 3, 2, 1, 1, 1, 1, 1]
        assert table.cursor_coordinate.row == 0  # one question: up and down stay on it
        assert app.main.view == "grid"


async def test_a_number_key_in_the_grid_returns_to_the_columns_at_that_aspect() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "g", "3")
        assert app.main.view == "comparison"
        assert app.main.aspect == "safety"
        assert focused_column(app) is not None


# ----------------------------------------------------------------------------- picker


async def test_picker_lists_every_option_and_keeps_the_selection_order() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "o")
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        choices = picker.query_one(SelectionList)
        assert [choices.get_option_at_index(i).value for i in range(choices.option_count)] == [
            "stretching",
            "warm-baths",
            "rest",
            "rest-brace",  # a part of an option is listed too
        ]
        assert list(choices.selected) == SMALL_DEFAULT
        await press(pilot, "space")  # stretching off
        assert picker.order == ["warm-baths", "rest"]
        await press(pilot, "j", "j", "j", "space")  # rest-brace on
        await press(pilot, "up", "up", "up", "space")  # stretching on again: last
        assert picker.order == ["warm-baths", "rest", "rest-brace", "stretching"]
        assert "Columns: Warm baths, Rest, Rest with a brace, Stretching" in screen_strings(app)
        await press(pilot, "enter")
        assert isinstance(app.screen, MainScreen)
        assert column_ids(app) == ["warm-baths", "rest", "rest-brace", "stretching"]
        assert app.focused is not None


async def test_escape_closes_the_picker_and_applies_the_choice() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "o", "down", "space", "escape")
        assert isinstance(app.screen, MainScreen)
        assert column_ids(app) == ["stretching", "rest"]


async def test_picker_refuses_to_close_with_nothing_chosen() -> None:
    app = make_app(compare=["rest"])
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "o", "down", "down", "space")
        assert app.screen.order == []  # type: ignore[attr-defined]
        await press(pilot, "enter")
        assert isinstance(app.screen, PickerScreen)
        await press(pilot, "space", "enter")
        assert column_ids(app) == ["rest"]


async def test_more_than_four_columns_scroll_horizontally() -> None:
    app = make_app(
        KB_OTHER, compare=["ejercicio", "calor", "solo-resumen", "cirugia", "infiltracion"]
    )
    async with app.run_test(size=(120, 40)) as pilot:
        assert displayed_columns(app) == ["ejercicio", "calor", "solo-resumen", "cirugia"]
        assert has_bottom_bar(app)  # more columns than are shown
        titles = view_lines(app)[1]
        assert "Ejercicio" in titles and "Infiltración" not in titles
        await press(pilot, "l", "l", "l", "l")
        assert focused_option(app) == "infiltracion"
        assert displayed_columns(app) == ["calor", "solo-resumen", "cirugia", "infiltracion"]
        titles = view_lines(app)[1]
        assert "Infiltración" in titles and "Ejercicio" not in titles
        assert "Infiltración" in screen_text(app)
        await press(pilot, "h", "h", "h")  # back within the window: it stays
        assert focused_option(app) == "calor"
        assert displayed_columns(app)[0] == "calor"
        await press(pilot, "h")
        assert displayed_columns(app)[0] == "ejercicio"


# ----------------------------------------------------------------------------- detail


async def test_enter_opens_the_full_record_and_escape_returns_to_the_same_item() -> None:
    app = make_app(aspect=ASPECT_IDS.index("benefits"))
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "enter")
        text = detail_text(app)
        for part in [
            "Stretching probably reduces stiffness slightly compared with sham stretching.",
            "Effect: MD −1.2 (95% CI −2 to −0.4) on Stiffness (0-10)",
            "Evidence: 2 studies, 200 people",
            "Certainty: ⊕⊕⊕◯ moderate certainty",
            "Downgraded for: imprecision",
            "Example A, Example B (2020)",
            "Journal of Fixtures 2020;1:1-2",
            "DOI 10.1234/fixture.1",
            "Figures read at: https://example.org/trial-a",
        ]:
            assert part in text
        await press(pilot, "escape")
        assert isinstance(app.screen, MainScreen)
        assert focused_option(app) == "stretching"
        assert highlighted(app) == Target("evidence", "stretching", "stretch-vs-sham")


async def test_escape_from_detail_returns_to_a_later_item_in_a_later_column() -> None:
    app = make_app(aspect=ASPECT_IDS.index("benefits"))
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "j", "enter")
        assert "48 in 100 with Stretching" in detail_text(app)
        await press(pilot, "escape")
        assert focused_option(app) == "stretching"
        assert highlighted(app) == Target("evidence", "stretching", "stretch-vs-none-response")
        await press(pilot, "l", "enter")
        assert "Warm baths may make little or no difference" in detail_text(app)
        await press(pilot, "escape")
        assert focused_option(app) == "warm-baths"
        assert highlighted(app) == Target("evidence", "warm-baths", "bath-vs-none")


async def test_every_kind_of_item_opens_a_detail() -> None:
    app = make_app(compare=["stretching", "warm-baths", "rest"])
    async with app.run_test(size=(120, 40)) as pilot:
        for aspect, option_id, expected in [
            ("overview", "rest", "Resting the knee."),
            ("practicalities", "stretching", "Sessions: 6 sessions"),
            ("guidelines", "warm-baths", "Stance: ✘ recommends against"),
            ("sources", "warm-baths", "Kind: systematic review"),
            ("side-effects", "stretching", "Severity: · mild"),
        ]:
            await press(pilot, str(ASPECT_IDS.index(aspect) + 1))
            app.main.focus_column(column_ids(app).index(option_id))
            if aspect == "sources":
                await press(pilot, "down")  # past the checked-claims entry
            await press(pilot, "enter")
            assert expected in detail_text(app), aspect
            await press(pilot, "escape")


# ----------------------------------------------------------------------------- search


async def test_search_finds_text_and_enter_jumps_to_the_item_in_its_aspect() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "slash")
        assert isinstance(app.screen, SearchScreen)
        assert isinstance(app.focused, Input)
        await type_text(pilot, "qq")  # q types; it does not quit
        assert app.is_running
        assert app.screen.query_one(Input).value == "qq"
        assert "No matches" in screen_strings(app)
        await press(pilot, "escape")
        assert isinstance(app.screen, MainScreen)
        assert focused_option(app) == "stretching"
        await press(pilot, "slash")
        await type_text(pilot, "too hot")
        results = app.screen.query_one("#search-results", OptionList)
        assert results.option_count == 1
        assert "Warm baths › Safety" in str(results.get_option_at_index(0).prompt)
        assert "1 match" in screen_strings(app)
        await press(pilot, "enter")
        assert isinstance(app.screen, MainScreen)
        assert app.main.aspect == "safety"
        assert focused_option(app) == "warm-baths"
        assert highlighted(app) == Target("harm", "warm-baths", "bath-scald")


async def test_search_reopens_on_the_last_search_with_the_text_selected() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "slash")
        first = app.screen
        await type_text(pilot, "too hot")
        await press(pilot, "down")  # to the results
        assert not isinstance(app.focused, Input)
        await press(pilot, "escape", "slash")
        assert app.screen is first
        search_input = first.query_one(Input)
        assert app.focused is search_input
        assert search_input.value == "too hot"
        assert search_input.selected_text == "too hot"
        assert "1 match" in screen_strings(app)
        await type_text(pilot, "scald")  # replaces the selection
        assert search_input.value == "scald"


async def search(pilot: Pilot[None], text: str, *keys: str) -> None:
    await press(pilot, "slash")
    await enter_text(pilot, text)
    await press(pilot, *keys)


async def test_search_jumps_to_a_part_in_its_parents_column_or_adds_a_column() -> None:
    app = make_app(compare=["stretching", "rest"])
    async with app.run_test(size=(120, 40)) as pilot:
        await search(pilot, "whether a brace", "enter")
        assert app.main.aspect == "benefits"
        assert column_ids(app) == ["stretching", "rest"]
        assert focused_option(app) == "rest"
        assert highlighted(app) == Target("evidence", "rest-brace", "brace-vs-none")
        await search(pilot, "scald", "enter")
        assert app.main.aspect == "safety"
        assert column_ids(app) == ["stretching", "rest", "warm-baths"]
        assert focused_option(app) == "warm-baths"
        assert highlighted(app) == Target("harm", "warm-baths", "bath-scald")


async def test_search_jumps_to_a_grid_answer_a_claim_and_a_later_result() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await search(pilot, "maybe not at all", "enter")
        assert app.main.view == "grid"
        assert isinstance(app.focused, OptionGrid)
        assert grid(app).target_at(grid(app).cursor_coordinate) == Target(
            "answer", "warm-baths", "how-much"
        )
        await search(pilot, "cure stiffness", "enter")
        assert isinstance(app.screen, ClaimsScreen)
        claims = app.screen.query_one("#claims-list", OptionList)
        assert app.focused is claims
        assert claims.highlighted == claims.get_option_index("baths-cure")
        await press(pilot, "escape")
        await search(pilot, "sham", "down")
        results = app.screen.query_one("#search-results", OptionList)
        assert results.option_count == 2
        assert app.focused is results
        assert [str(results.get_option_at_index(i).prompt).split("  ")[0] for i in (0, 1)] == [
            "Stretching › Benefits",
            "Stretching › Grid",
        ]
        await press(pilot, "down", "enter")  # the second: the answer, in the grid
        assert app.main.view == "grid"
        assert grid(app).target_at(grid(app).cursor_coordinate) == Target(
            "answer", "stretching", "how-much"
        )


# ----------------------------------------------------------------------------- claims, help, quit


async def test_claims_open_from_the_sources_aspect_and_each_opens_its_evidence() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "7")
        assert highlighted(app) == Target("claims", "stretching")
        await press(pilot, "enter")
        assert isinstance(app.screen, ClaimsScreen)
        text = screen_strings(app)
        assert "✘ unsupported: Warm baths cure stiffness." in text
        assert "It is not medical advice." in screen_text(app)
        await press(pilot, "enter")
        assert "The made-up review found little or no difference." in detail_text(app)
        assert "Verdict: ✘ unsupported" in detail_text(app)
        await press(pilot, "escape", "escape")
        assert isinstance(app.screen, MainScreen)
        assert highlighted(app) == Target("claims", "stretching")


async def test_claims_open_from_the_palette() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        assert await run_palette(pilot, "Checked claims", typed=True) == "Checked claims"
        assert isinstance(app.screen, ClaimsScreen)


async def test_the_detail_screen_is_reused_and_starts_at_the_top() -> None:
    app = make_app(aspect=ASPECT_IDS.index("benefits"))
    async with app.run_test(size=(80, 14)) as pilot:  # short: the record scrolls
        await press(pilot, "enter")
        first = app.screen
        assert isinstance(first, DetailScreen)
        body = first.query_one("#detail-body")
        await press(pilot, "j", "j", "j")
        assert body.scroll_y > 0
        await press(pilot, "escape", "j", "enter")
        assert app.screen is first  # the same screen, not a new one
        assert body.scroll_y == 0
        assert "48 in 100 with Stretching" in detail_text(app)


async def test_a_record_opened_again_keeps_its_rendered_text_and_still_starts_at_the_top() -> None:
    app = make_app(aspect=ASPECT_IDS.index("benefits"))
    async with app.run_test(size=(80, 14)) as pilot:
        await press(pilot, "enter")
        detail = app.screen
        assert isinstance(detail, DetailScreen)
        text = detail.query_one("#detail-text", Static)
        body = detail.query_one("#detail-body")
        updates: list[object] = []
        update = text.update

        def counting(content: object = "") -> None:
            updates.append(content)
            update(content)  # type: ignore[arg-type]

        text.update = counting  # type: ignore[method-assign]
        await press(pilot, "j", "j", "escape", "enter")
        assert app.screen is detail and updates == []  # the same record: nothing to redo
        assert body.scroll_y == 0
        await press(pilot, "escape", "j", "enter")
        assert len(updates) == 1  # another record: its text
        assert "48 in 100 with Stretching" in detail_text(app)


async def test_a_record_opened_while_a_detail_is_showing_gets_its_own_screen() -> None:
    app = make_app(aspect=ASPECT_IDS.index("benefits"))
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "enter")
        under = app.screen
        assert isinstance(under, DetailScreen)
        assert await run_palette(pilot, "Checked claims", typed=True) == "Checked claims"
        await press(pilot, "enter")
        assert isinstance(app.screen, DetailScreen) and app.screen is not under
        assert "Verdict:" in detail_text(app)
        await press(pilot, "escape", "escape")
        assert app.screen is under
        assert "Verdict:" not in detail_text(app)


async def test_help_shows_every_key_grouped() -> None:
    app = make_app()
    async with app.run_test(size=(120, 50)) as pilot:
        await press(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        await press(pilot, "f1")  # closes it, as ? and Esc do
        assert isinstance(app.screen, MainScreen)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_strings(app)
        for group in {k.group for k in (*MAIN_KEYS, *APP_KEYS)}:
            assert f"\n{group}\n" in f"\n{text}\n"
        flat = " ".join(text.split())  # help wraps long lines with a hanging indent
        for k in (*MAIN_KEYS, *APP_KEYS):
            if not k.shown.isdigit():
                assert " ".join(f"{k.shown} {k.help or k.description}".split()) in flat, k
        for shown in ("↑ / k", "↓ / j", "Enter", "Ctrl+P", "1 … 7"):
            assert shown in text
        await press(pilot, "escape")
        assert isinstance(app.screen, MainScreen)
        assert focused_option(app) == "stretching"


@pytest.mark.parametrize("key", ["q", "ctrl+q"])
async def test_quit_keys_quit(key: str) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.is_running
        await pilot.press(key)
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


# ----------------------------------------------------------------------------- palette


def key_named(action: str) -> str:
    """The palette title of the key bound to ``action``: what it does, in words."""
    return next(k.help or k.description for k in (*MAIN_KEYS, *APP_KEYS) if k.action == action)


async def test_palette_runs_key_actions() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        for action in ("toggle_grid", "next_aspect", "help"):
            assert await run_palette(pilot, key_named(action)) == key_named(action)
            if action == "toggle_grid":
                assert app.main.view == "grid"
            elif action == "next_aspect":
                assert app.main.view == "comparison"
                assert app.main.aspect == "benefits"
        assert isinstance(app.screen, HelpScreen)


async def test_palette_commands_say_what_they_do_and_set_comparator_and_layer() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        title = "Compare benefits with: usual care"
        assert await run_palette(pilot, title) == title
        assert app.main.comparator == "usual-care" and app.main.aspect == "benefits"
        assert await run_palette(pilot, "Layer: clinician numbers") == "Layer: clinician numbers"
        assert app.main.evidence_layer == "clinician"
        assert "usual care" in screen_text(app) and "clinician numbers" in screen_text(app)
        provider = BacktuiCommands(app.screen)
        await provider.startup()
        titles = [t for t, _, _ in provider.commands]
        for terse in ("Comparator", "Layer"):  # the key's footer word alone says too little
            assert terse not in titles


async def test_palette_go_to_open_and_compare() -> None:
    app = make_app(aspect=ASPECT_IDS.index("safety"))
    async with app.run_test(size=(120, 40)) as pilot:
        assert await run_palette(pilot, "Go to Guidelines") == "Go to Guidelines"
        assert app.main.aspect == "guidelines"
        assert "Offer stretching." in "\n".join(column_plain(app, "stretching"))
        assert await run_palette(pilot, "Open Rest with a brace") == "Open Rest with a brace"
        assert column_ids(app) == [*SMALL_DEFAULT, "rest-brace"]
        assert focused_option(app) == "rest-brace"
        assert app.main.aspect == "overview"
        assert await run_palette(pilot, "Open Stretching") == "Open Stretching"
        assert column_ids(app) == [*SMALL_DEFAULT, "rest-brace"]
        assert focused_option(app) == "stretching"
        title = "Compare Warm baths with Rest with a brace"
        assert await run_palette(pilot, title) == title
        assert column_ids(app) == ["warm-baths", "rest-brace"]
        assert app.focused is not None


async def test_palette_holds_a_command_for_every_action_pair_aspect_and_option() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)):
        provider = BacktuiCommands(app.screen)
        await provider.startup()
        titles = [title for title, _, _ in provider.commands]
        for key in (*MAIN_KEYS, *APP_KEYS):
            if not key.action.startswith("aspect("):
                assert (key.help or key.description) in titles
        for _, label in ASPECTS:
            assert f"Go to {label}" in titles
        names = [o.name for o in loaded(KB_SMALL).kb.options]
        for name in names:
            assert f"Open {name}" in titles
        pairs = [
            t for t in titles if t.startswith("Compare ") and not t.startswith("Compare benefits")
        ]
        assert len(pairs) == len(names) * (len(names) - 1) // 2
        assert len(set(titles)) == len(titles)


async def test_theme_is_switchable_from_the_palette() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await run_palette(pilot, "Theme")
        await enter_text(pilot, "nord")
        await press(pilot, "enter")
        assert app.theme == "nord"
        assert isinstance(app.screen, MainScreen)


# ----------------------------------------------------------------------------- themes and sizes


async def test_switching_between_built_in_themes_light_and_dark() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        for theme in ("textual-light", "nord", "catppuccin-latte", "ansi-dark", "textual-dark"):
            app.theme = theme
            await pilot.pause()
            assert app.current_theme.name == theme
            assert "Stretching" in screen_text(app)
        assert app.current_theme.dark
        app.theme = "solarized-light"
        await press(pilot, "g", "enter")
        assert not app.current_theme.dark
        assert isinstance(app.screen, DetailScreen)


async def test_a_light_theme_given_at_start_is_applied() -> None:
    app = make_app(theme="textual-light")
    async with app.run_test(size=(120, 40)):
        assert app.theme == "textual-light"
        assert not app.current_theme.dark


def displayed_columns(app: BacktuiApp) -> list[str]:
    """The columns the comparison draws, left to right."""
    view = comparison(app)
    return [view.columns[number].option_id for number in view.visible_columns()]


def view_lines(app: BacktuiApp) -> list[str]:
    """The comparison's lines, as text."""
    view = comparison(app)
    return [view.render_line(y).text for y in range(view.size.height)]


def has_bottom_bar(app: BacktuiApp) -> bool:
    """Whether a scroll bar runs under the columns (the boxes end a line above the bottom)."""
    lines = view_lines(app)
    bar = not lines[-1].startswith(("╰", "┗"))
    assert lines[-1 - bar].startswith(("╰", "┗")), lines[-2:]  # the columns' bottom border
    return bar


async def test_resize_from_wide_to_tiny_and_back_keeps_a_visible_focus() -> None:
    app = make_app()
    sizes = [(160, 45), (119, 30), (80, 24), (79, 24), (40, 12), (60, 20), (100, 30), (200, 60)]
    async with app.run_test(size=(200, 60)) as pilot:
        await press(pilot, "l")
        for width, height in sizes:
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            main = app.main
            option_tabs = main.query_one("#option-tabs", Tabs)
            assert option_tabs.display == (width < 80), (width, height)
            assert focused_option(app) == "warm-baths", (width, height)
            shown = displayed_columns(app)
            assert "warm-baths" in shown, (width, height)
            if width < 80:
                assert shown == ["warm-baths"]
                assert option_tabs.active == "tab-warm-baths"
                assert not has_bottom_bar(app)  # the option tabs say where it is
            elif width < 120:
                assert len(shown) == 2, (width, height)
                assert has_bottom_bar(app)
            else:
                assert shown == SMALL_DEFAULT
                assert not has_bottom_bar(app)
            assert "Warm baths" in screen_text(app)


async def test_three_columns_side_by_side_at_120_and_two_below() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        assert displayed_columns(app) == SMALL_DEFAULT
        assert not has_bottom_bar(app)
        titles = view_lines(app)[1]
        assert all(name in titles for name in ("Stretching", "Warm baths", "Rest"))
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert displayed_columns(app) == SMALL_DEFAULT[:2]
        assert has_bottom_bar(app)  # the third is one scroll away
        titles = view_lines(app)[1]
        assert "Warm baths" in titles and "Rest" not in titles


async def test_narrow_start_shows_and_focuses_the_first_column() -> None:
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        assert app.main.query_one("#option-tabs", Tabs).display  # narrow: a tab per option
        assert focused_option(app) == "stretching"
        assert displayed_columns(app) == ["stretching"]
        await press(pilot, "l")
        assert displayed_columns(app) == ["warm-baths"]
        assert focused_option(app) == "warm-baths"
        await press(pilot, "2")  # new items in every column must not move the view
        assert displayed_columns(app) == ["warm-baths"]
        assert focused_option(app) == "warm-baths"


async def test_narrow_option_tabs_switch_the_column() -> None:
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        assert await pilot.click("#tab-rest")
        await pilot.pause()
        assert displayed_columns(app) == ["rest"]
        assert focused_option(app) == "rest"


async def test_narrow_option_tabs_follow_a_sideways_wheel_over_the_column() -> None:
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        tabs = app.main.query_one("#option-tabs", Tabs)
        assert tabs.active == "tab-stretching"
        view = comparison(app)
        view.post_message(events.MouseScrollRight(view, 5, 5, 0, 0, 0, False, False, False))
        await pilot.pause()
        assert displayed_columns(app) == ["warm-baths"]
        assert tabs.active == "tab-warm-baths"


async def test_usable_at_40x12() -> None:
    app = make_app()
    async with app.run_test(size=(40, 12)) as pilot:
        await press(pilot, "l", "2", "enter")
        assert "Warm baths may make little or no difference" in detail_text(app)
        await press(pilot, "escape", "g", "enter")
        assert isinstance(app.screen, DetailScreen)
        await press(pilot, "escape", "g", "o")
        assert isinstance(app.screen, PickerScreen)
        await press(pilot, "escape")
        await search(pilot, "scald", "enter", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await press(pilot, "escape")
        assert focused_option(app) == "warm-baths"
        assert app.main.aspect == "safety"


async def test_clicking_an_item_focuses_its_column_and_opens_it() -> None:
    app = make_app(aspect=ASPECT_IDS.index("safety"))
    async with app.run_test(size=(120, 40)) as pilot:
        assert focused_option(app) == "stretching"
        view = comparison(app)
        x = view.visible_columns().index(column_ids(app).index("warm-baths")) * view.column_width()
        y = next(y for y, line in enumerate(view_lines(app)) if "▲▲ serious" in line[x:])
        assert await pilot.click("#comparison", offset=(x + 4, 1))  # its title: no item
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert focused_option(app) == "warm-baths"
        await press(pilot, "h")
        assert await pilot.click("#comparison", offset=(x + 4, y))  # an item's second line
        await pilot.pause()
        assert "Water that is too hot can scald." in detail_text(app)
        await press(pilot, "escape")
        assert focused_option(app) == "warm-baths"
        await press(pilot, "l")
        assert focused_option(app) == "rest"


# ----------------------------------------------------------------------------- bindings


def _ui_classes() -> list[type[DOMNode]]:
    found: list[type[DOMNode]] = []
    for info in pkgutil.walk_packages(backtui.ui.__path__, "backtui.ui."):
        module = importlib.import_module(info.name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, DOMNode) and value.__module__ == module.__name__:
                found.append(value)
    return found


def test_every_binding_has_an_id_and_ids_are_unique() -> None:
    classes = _ui_classes()
    assert {c.__name__ for c in classes} >= {"BacktuiApp", "MainScreen", "ComparisonView"}
    known = all_key_ids()
    count = 0
    for cls in classes:
        ids = []
        for binding in cls.__dict__.get("BINDINGS", []):
            assert isinstance(binding, Binding), (cls.__name__, binding)
            assert binding.id, (cls.__name__, binding.key)
            # One table holds every id a keymap may name; ids are shared across widgets
            # on purpose (the same "down" everywhere), so one entry remaps them all.
            assert binding.id in known or binding.id == "backtui.search.results", binding.id
            ids.append((binding.id, binding.key))
        assert len(ids) == len(set(ids)), cls.__name__
        count += len(ids)
    assert count >= len(MAIN_KEYS) + len(APP_KEYS)


# ----------------------------------------------------------------------------- hostile text

# Each hostile string as it must appear: literally, with control characters removed.
HOSTILE = [
    "[bold]x",
    "[@click=app.quit]click[/]",
    "[b",
    "[/x]",
    "[link=file:///etc/passwd]x",
    "C:\\path\\",
    "[31mred[0m",
    "]0;title",
    "🦴💊",
    "腰痛の治療",
    "ألم أسفل الظهر",
    "longword" * 100,
]
# Where each kind of KB text shows: (screen, text) pairs that must be found literally.
HOSTILE_PLACES = [
    ("MainScreen", "[bold]x Markup [@click=app.quit]click[/]"),  # option name
    ("MainScreen", "Escapes [31mred[0m [/x]"),  # option name
    ("MainScreen", "Part [link=file:///etc/passwd]x [b C:\\path\\"),  # part name
    ("MainScreen", "[bold]x [@click=app.quit]click[/] [b [/x] [link=file:///etc/passwd]x end"),
    ("MainScreen", "Summary [31mred[0m and ]0;title done"),  # summary
    ("MainScreen", "[link=file:///etc/passwd]x and C:\\path\\"),  # evidence plain
    ("MainScreen", "Plain [31mred[0m and ]0;title text"),  # evidence plain
    ("MainScreen", "[/x] harm C:\\path\\"),  # harm label, with a trailing backslash
    ("MainScreen", "Caution [31mred[0m"),  # harm label
    ("MainScreen", "出血 🩸 نزيف"),  # harm label
    ("MainScreen", "Statement [@click=app.quit]click[/] [bold]x [b [/x]"),  # guideline
    ("MainScreen", "[@click=app.quit]click[/] short"),  # answer, in the grid
    ("MainScreen", "[bold]Question[/] [@click=app.quit]click[/]?"),  # question
    ("MainScreen", "[link=file:///etc/passwd]x source title [@click=app.quit]click[/] [b"),
    ("MainScreen", "腰痛の治療 🦴💊 ألم أسفل الظهر ]0;title"),  # source title
    ("ClaimsScreen", "Claim [@click=app.quit]click[/] [bold]x [b"),
    ("ClaimsScreen", "主張 🦴 ادعاء [31mred[0m"),
    ("DetailScreen", "Evidence [/x] [link=file:///etc/passwd]x C:\\path\\"),  # claim evidence
    ("DetailScreen", "Full [bold]x [b [/x] [link=file:///etc/passwd]x C:\\path\\"),  # answer
    ("DetailScreen", "Downgraded for: [bold]x; [/x]"),
    ("DetailScreen", "Figures read at: https://example.org/[bold]x"),
    ("PickerScreen", "Columns: [bold]x Markup [@click=app.quit]click[/], Escapes [31mred[0m [/x]"),
    ("SearchScreen", "[bold]x Markup [@click=app.quit]click[/] › Overview"),
]


async def test_hostile_text_renders_literally_on_every_screen_and_never_acts() -> None:
    app = make_app(KB_HOSTILE)
    async with app.run_test(size=(120, 40)) as pilot:
        header = screen_text(app).splitlines()[0]
        assert "[bold]Hostile[/bold] [@click=app.quit]title[/] ]0;pwned 腰痛" in header
        visits = await tour(pilot, search_terms=("click", "longword"), every_record=False)
        kinds = {v.screen for v in visits}
        assert kinds == {
            "MainScreen",
            "DetailScreen",
            "PickerScreen",
            "SearchScreen",
            "ClaimsScreen",
            "HelpScreen",
        }
        everything = "\n".join(v.strings for v in visits)
        for text in HOSTILE:
            assert text in everything, text
        for screen, text in HOSTILE_PLACES:  # grid cells are wrapped: compare without spaces
            found = ["".join(v.strings.split()) for v in visits if v.screen == screen]
            assert any("".join(text.split()) in shown for shown in found), (screen, text)
        for visit in visits:
            assert visit.active == [], visit.screen
            assert visit.markup == [], visit.screen
            for control in ("\x1b", "\x07", "\x9b"):
                assert control not in visit.strings and control not in visit.text
        assert any("[@click=app.quit]click[/] short" in v.text for v in visits)
        assert app.is_running
        await press(pilot, "q")
        assert not app.is_running


def test_every_hostile_record_becomes_literal_content() -> None:
    """Every item and full record the KB yields, checked without rendering (the tour above
    renders one record of each kind)."""
    index = Index(loaded(KB_HOSTILE).kb)
    kb = index.kb
    targets = [Target("answer", a.option, q.id) for q in kb.questions for a in q.answers]
    targets += [Target("claim", "", c.id) for c in kb.claims]
    contents = []
    for option in kb.options:
        for aspect in ASPECT_IDS:
            for item in present.column_items(index, option.id, aspect):
                contents.append(item.prompt)
                if item.target is not None and item.target.kind != "claims":
                    targets.append(item.target)
    assert {t.kind for t in targets} >= {
        "option", "evidence", "harm", "involves", "position", "source", "answer", "claim"
    }  # fmt: skip
    for target in targets:
        record = present.detail(index, target)
        assert record is not None, target
        contents += record
    assert acting_styles(contents) == []
    text = "\n".join(c.plain for c in contents)
    assert not any(control in text for control in ("\x1b", "\x07", "\x9b"))
    for hostile in HOSTILE:
        assert hostile in text, hostile
    for detail_only in (
        "in 100 people, [bold]x",  # a harm's rate period
        "Note: [b note",  # an evidence row's note
        "Note: [31mred[0m note",  # a source's note
        "Guideline: [@click=app.quit]Guideline[/]",
        "Region: [b",
    ):
        assert detail_only in text, detail_only


async def test_clicking_hostile_click_text_does_not_run_its_action() -> None:
    app = make_app(KB_HOSTILE)
    async with app.run_test(size=(120, 40)) as pilot:
        lines = screen_text(app).splitlines()
        hits = [(line.index("click[/]"), y) for y, line in enumerate(lines) if "click[/]" in line]
        assert hits
        for x, y in hits:
            await pilot.click(offset=(x + 1, y))
            await pilot.pause()
            assert app.is_running
            if not isinstance(app.screen, MainScreen):
                await press(pilot, "escape")
        assert app.is_running


async def test_hostile_names_in_the_palette_stay_literal() -> None:
    app = make_app(KB_HOSTILE)
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        assert "Open Part [link=file:///etc/passwd]x [b C:\\path\\" in screen_strings(app)
        assert "Open Escapes [31mred[0m [/x]" in screen_strings(app)
        await press(pilot, "escape")
        title = await run_palette(pilot, "Open Escapes")
        assert title == "Open Escapes [31mred[0m [/x]"
        assert focused_option(app) == "escapes"
        title = await run_palette(pilot, "Compare x Markup")
        assert title.startswith("Compare [bold]x Markup [@click=app.quit]click[/] with ")
        assert app.is_running


# ----------------------------------------------------------------------------- another shape


async def test_another_shape_of_kb_runs_the_whole_ui() -> None:
    app = make_app(KB_OTHER)
    async with app.run_test(size=(100, 30)) as pilot:
        assert column_ids(app) == ["ejercicio", "calor", "solo-resumen"]  # no default_compare
        assert "Dolor de hombro: opciones de tratamiento (datos de prueba)" in screen_text(app)
        await press(pilot, "2")
        assert column_plain(app, "calor") == [NO_EVIDENCE]
        for number, aspect in enumerate(ASPECT_IDS[1:], 2):
            await press(pilot, str(number))
            assert column_plain(app, "solo-resumen") == [ASPECT_EMPTY[aspect]], aspect
        assert target_items(app, "ejercicio")  # sources, and no checked-claims entry
        assert all(t.kind == "source" for _, t in target_items(app, "ejercicio"))
        visits = await tour(pilot, search_terms=("función",), every_record=False)
        claims = [v for v in visits if v.screen == "ClaimsScreen"]
        assert claims and "No checked claims in this knowledge base" in claims[0].strings
        await press(pilot, "g")
        cells = [" ".join(c.plain.split()) for c in grid(app).get_row_at(2)]
        shown = len(grid(app).columns) - 1  # as many options as fit the width
        assert shown >= 2
        assert (
            cells
            == ["¿Una pregunta sin respuestas?"] + ["No answer in this knowledge base"] * shown
        )


async def test_another_shape_of_kb_shows_parts_and_their_records_in_the_parent() -> None:
    app = make_app(KB_OTHER, compare=["cuidado-habitual", "infiltracion", "cirugia"])
    async with app.run_test(size=(120, 40)) as pilot:
        overview = column_plain(app, "cuidado-habitual")
        assert [t.splitlines()[0] for t in overview[1:]] == ["Consejo", "Analgésicos", "Revisión"]
        await press(pilot, "2")
        assert column_plain(app, "cuidado-habitual")[0].startswith("Consejo: Response · folleto")
        assert "La fuente lo describe solo con palabras." in column_plain(app, "infiltracion")[0]
        await press(pilot, "3")
        assert column_plain(app, "cuidado-habitual")[0].startswith("Analgésicos: Problemas")
        await press(pilot, "6")
        shown = "\n".join(column_plain(app, "cuidado-habitual"))
        assert "Sociedad Ficticia (2024) on Analgésicos" in shown
        assert "– no statement" in "\n".join(column_plain(app, "infiltracion"))
        await press(pilot, "o")
        choices = app.screen.query_one(SelectionList)
        assert choices.option_count == 9
        await press(pilot, "escape", "slash")
        await enter_text(pilot, "riñón")
        await press(pilot, "enter")
        assert app.main.aspect == "safety"
        assert highlighted(app) == Target("harm", "ch-analgesicos", "analgesicos-precaucion")


async def test_v_opens_the_checked_claims_and_help_and_footer_name_it() -> None:
    app = make_app(KB_SMALL)
    async with app.run_test(size=(160, 45)) as pilot:
        await press(pilot, "v")
        assert isinstance(app.screen, ClaimsScreen)
        await press(pilot, "escape")
        await press(pilot, "question_mark")
        assert "Checked claims" in screen_text(app)


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 55)])
async def test_every_sure_question_is_shown_whole_and_no_answers_are_named(
    size: tuple[int, int], sandbox: Path
) -> None:
    from textual.widgets import RadioSet

    from backtui.profile.model import SURE_ITEMS
    from backtui.profile.store import ProfileStore
    from backtui.ui.screens.decision import DecisionScreen

    app = make_app(SHIPPED_KB, store=ProfileStore(sandbox / "profile.json"))
    async with app.run_test(size=size) as pilot:
        await press(pilot, "m")
        screen = app.screen
        assert isinstance(screen, DecisionScreen)
        questions = list(screen.query(".sure-question").results(Static))
        assert [str(q.render()) for q in questions] == [text for _, text in SURE_ITEMS]
        for question, radios in zip(questions, screen.query(RadioSet), strict=True):
            words = len(str(question.render()))
            assert question.size.width >= 20, size
            assert question.size.width * question.size.height >= words, size  # not cut
            assert radios.region.y > question.region.y  # the answers sit under the question
        for key, _ in SURE_ITEMS:
            choice = "no" if key == SURE_ITEMS[0][0] else "yes"
            button = screen.query_one(f"#sure-{key}-{choice}")
            button.scroll_visible(animate=False)
            await pilot.pause()
            await pilot.click(f"#sure-{key}-{choice}")
        result = str(screen.query_one("#sure-result", Static).render())
        assert "Answered 'no': Sure of myself." in result, result


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40), (200, 55)])
async def test_the_header_keeps_the_review_date_and_the_notice_is_whole(
    size: tuple[int, int],
) -> None:
    app = BacktuiApp(loaded(SHIPPED_KB))
    async with app.run_test(size=size):
        lines = screen_text(app).splitlines()
        assert "reviewed 2026-" in lines[0], lines[0]
        assert "…" not in lines[0]
        notice = " ".join(" ".join(lines[1:4]).split())
        assert "not medical advice" in notice.lower() and "clinician." in notice, notice


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40), (200, 55)])
async def test_every_aspect_is_in_view_on_the_strip(size: tuple[int, int]) -> None:
    app = BacktuiApp(loaded(SHIPPED_KB))
    async with app.run_test(size=size) as pilot:
        for key in ("1", "6"):
            await press(pilot, key)
            line = aspect_strip(app).render_line(0).text
            for aspect in ASPECT_LIST:
                assert f" {aspect.key}" in line, (size, line)
            active = ASPECT_LIST[int(key) - 1]
            assert f"{active.key} {active.short_label}" in line or (
                f"{active.key} {active.label}" in line
            ), (size, line)
            if size[0] >= 80:  # every label, short where needed
                assert all(
                    f"{a.key} {a.short_label}" in line or f"{a.key} {a.label}" in line
                    for a in ASPECT_LIST
                ), line


async def test_ticked_and_cursor_rows_read_as_text_without_colour(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With NO_COLOR, a ticked row and an unticked one, and the cursor's row and another,
    differ in their characters, not only in colour: in the picker and the questions list."""
    from backtui.ui.widgets.toggles import CURSOR, TICK, MarkedSelectionList

    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(KB_SMALL)
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "o")
        picker = app.screen.query_one(MarkedSelectionList)
        ticked = set(picker.selected)
        rows = [picker.render_line(y).text for y in range(picker.option_count)]
        values = [picker.get_option_at_index(i).value for i in range(picker.option_count)]
        on = [r for r, v in zip(rows, values, strict=True) if v in ticked]
        off = [r for r, v in zip(rows, values, strict=True) if v not in ticked]
        assert on and off
        assert all(TICK in r for r in on) and not any(TICK in r for r in off), rows
        assert CURSOR in rows[picker.highlighted or 0]
        assert sum(CURSOR in r for r in rows) == 1
        await press(pilot, "down", "space")  # untick the second row
        assert TICK not in picker.render_line(1).text
        assert CURSOR in picker.render_line(1).text and CURSOR not in picker.render_line(0).text
