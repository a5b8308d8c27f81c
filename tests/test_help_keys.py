"""Help and Quit stay in every footer, and F1 opens help even from a text field."""

from __future__ import annotations

from conftest import SHIPPED_KB
from ui_helpers import make_app, press, screen_text


async def test_f1_opens_help_from_a_text_field_where_question_mark_is_typed() -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await press(pilot, "m")
        field = app.screen.query_one("#own-question")
        field.focus()
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "Help" in footer and "Quit" in footer, footer
        await press(pilot, "question_mark")
        assert field.value == "?"  # typed, not a key
        assert type(app.screen).__name__ == "DecisionScreen"
        await press(pilot, "f1")
        assert type(app.screen).__name__ == "HelpScreen"


async def test_the_focused_rating_row_is_marked_in_text() -> None:
    app = make_app(SHIPPED_KB)
    async with app.run_test(size=(100, 40)) as pilot:
        await press(pilot, "m")
        rows = list(app.screen.query(".rating-row"))
        assert len(rows) >= 2
        texts = [row.render().plain for row in rows]
        assert texts[0].startswith("▶") and not texts[1].startswith("▶")
        await press(pilot, "down")
        texts = [row.render().plain for row in rows]
        assert texts[1].startswith("▶") and not texts[0].startswith("▶")
