"""The app's export dialog (e): the citation formats, and the folder last used this session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SHIPPED_KB
from textual.widgets import Input, RadioButton
from ui_helpers import KB_SMALL, enter_text, make_app, press, screen_text

from backtui.ui.screens.export import (
    ABOUT,
    ABOUT_SHORT,
    FORMATS,
    SHORT_BELOW,
    ExportScreen,
    _with_format,
    default_export_path,
)


def test_a_new_format_renames_the_suggested_file() -> None:
    base = Path("/x/backtui-summary-2026-12-03.html")
    assert _with_format(base, "ris") == Path("/x/backtui-sources-2026-12-03.ris")
    assert _with_format(base, "csl-json") == Path("/x/backtui-sources-2026-12-03.csl.json")
    sources = Path("/x/backtui-sources-2026-12-03.csl.json")
    assert _with_format(sources, "md") == Path("/x/backtui-summary-2026-12-03.md")
    assert _with_format(Path("/x/mine.csl.json"), "json") == Path("/x/mine.json")
    assert _with_format(Path("/x/mine.txt"), "ris") == Path("/x/mine.ris")


async def _choose(pilot: object, app: object, fmt: str) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ExportScreen)
    screen.query_one(f"#format-{fmt}", RadioButton).value = True
    await pilot.pause()
    screen.query_one("#export-path", Input).focus()
    await pilot.pause()


async def test_dialog_writes_csl_json_and_ris_and_remembers_the_folder(sandbox: Path) -> None:
    folder = sandbox / "letters"
    folder.mkdir()
    app = make_app(KB_SMALL)
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "e")
        await _choose(pilot, app, "csl-json")
        path_input = app.screen.query_one("#export-path", Input)
        assert path_input.value.endswith(".csl.json")
        await enter_text(pilot, str(folder / "refs.csl.json"))
        await press(pilot, "enter")
        assert not isinstance(app.screen, ExportScreen)
        items = json.loads((folder / "refs.csl.json").read_text(encoding="utf-8"))
        assert {i["id"] for i in items} >= {"trial-a"}
        assert all(i["issued"]["date-parts"][0][0] > 1900 for i in items)

        await press(pilot, "e")  # the next export suggests the folder used last
        assert isinstance(app.screen, ExportScreen)
        suggested = Path(app.screen.query_one("#export-path", Input).value)
        assert suggested.parent == folder
        assert suggested != default_export_path("html")
        await _choose(pilot, app, "ris")
        await enter_text(pilot, "refs.ris")  # a bare name goes to the remembered folder
        await press(pilot, "enter")
        assert not isinstance(app.screen, ExportScreen)
    text = (folder / "refs.ris").read_text(encoding="utf-8")
    assert text.startswith("TY  - ") and text.count("ER  - ") == len(items)


async def test_a_new_app_starts_from_the_documents_folder(sandbox: Path) -> None:
    app = make_app(KB_SMALL)
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "e")
        suggested = Path(app.screen.query_one("#export-path", Input).value)
    assert suggested == default_export_path("html")
    assert suggested.parent == sandbox / "home" / "Documents"


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40)])
async def test_the_whole_dialog_fits_its_terminal_title_included(
    sandbox: Path, size: tuple[int, int]
) -> None:
    # At 80x24 the full text did not fit: the dialog scrolled to the file name and hid its
    # title and the start of its first sentence, and the two sources formats were cut.
    app = make_app(SHIPPED_KB)
    async with app.run_test(size=size) as pilot:
        await press(pilot, "e")
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        box = screen.query_one("#export-box")
        assert box.max_scroll_y == 0, "everything is in view without scrolling"
        shown = screen_text(app)
        assert "Export a summary for your appointment" in shown
        for _fmt, label in FORMATS:
            assert label in shown, label
        brief = size[1] < SHORT_BELOW
        about = " ".join((ABOUT_SHORT if brief else ABOUT).split()[:6])
        other = " ".join((ABOUT if brief else ABOUT_SHORT).split()[:6])
        assert about in " ".join(shown.split())
        assert other not in " ".join(shown.split())
