"""Issue 14 (10): with NO_COLOR, and with the ANSI themes, every state reads as text.

A ticked and an unticked item, the cursor's row and another, the focused column and
another: each pair differs in its characters, not only in colour. And no text is drawn in
the colour of its own background (the ANSI themes under NO_COLOR can draw black on black).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.color import Color
from textual.strip import Strip
from ui_helpers import loaded, press

from backtui.ui.app import BacktuiApp

SHIPPED_KB = Path(__file__).parent.parent / "data" / "options.yaml"


def filtered_lines(app: BacktuiApp) -> list[Strip]:
    """The screen's lines as the terminal receives them: after the app's filters."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    lines = [Strip.join(list(line)) for line in update.strips]  # type: ignore[attr-defined]
    background = Color.parse("black")
    for line_filter in app._filters:
        lines = [line.apply_filter(line_filter, background) for line in lines]
    return lines


def text_of(lines: list[Strip]) -> list[str]:
    return [line.text for line in lines]


@pytest.fixture
def no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")


@pytest.mark.parametrize("theme", ["textual-dark", "ansi-dark", "ansi-light", "textual-light"])
async def test_every_state_reads_as_text_without_colour(no_color: None, theme: str) -> None:
    app = BacktuiApp(loaded(SHIPPED_KB), theme=theme)
    app.animation_level = "none"
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.no_color
        # The focused column and its highlighted item, against the other column.
        lines = text_of(filtered_lines(app))
        assert any("┏" in line for line in lines) and any("╭" in line for line in lines)
        assert sum(line.count("▶") for line in lines if "┃" in line) == 1
        # The picker: ticked and unticked items, the cursor's row and another.
        await press(pilot, "o", "down")
        rows = [line for line in text_of(filtered_lines(app)) if "▐" in line and "▌" in line]
        ticked = [row for row in rows if "✔" in row]
        unticked = [row for row in rows if "✔" not in row]
        assert ticked and unticked
        ticked_mark = ticked[0][ticked[0].index("▐") : ticked[0].index("▌") + 1]
        unticked_mark = unticked[0][unticked[0].index("▐") : unticked[0].index("▌") + 1]
        assert ticked_mark != unticked_mark, (ticked_mark, unticked_mark)
        cursor = [row for row in rows if "▶" in row]
        assert len(cursor) == 1 and cursor[0] != rows[0]
        await press(pilot, "escape")


@pytest.mark.parametrize("theme", ["ansi-dark", "ansi-light", "textual-dark"])
async def test_no_text_in_the_colour_of_its_background(no_color: None, theme: str) -> None:
    app = BacktuiApp(loaded(SHIPPED_KB), theme=theme)
    app.animation_level = "none"
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        if theme.startswith("ansi"):  # read in grey: the terminal's own colours came out black
            assert app.theme == theme.replace("ansi", "textual")
        for keys in ((), ("2",), ("g",), ("g", "m"), ("escape", "o")):
            await press(pilot, *keys)
            for number, line in enumerate(filtered_lines(app)):
                for segment in line:
                    style = segment.style
                    if not segment.text.strip() or style is None or style.reverse:
                        continue
                    if style.color is not None and style.bgcolor is not None:
                        assert style.color != style.bgcolor, (keys, number, segment.text)
