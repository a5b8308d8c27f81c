"""StableFooter rebuilds only when the keys it shows change."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from backtui.ui.textual_compat import FooterKey
from backtui.ui.widgets.footer import StableFooter


class Box(Static, can_focus=True):
    BINDINGS = [Binding("x", "noop", "Same key")]

    def action_noop(self) -> None:
        pass


class Other(Static, can_focus=True):
    BINDINGS = [Binding("y", "noop", "Other key")]

    def action_noop(self) -> None:
        pass


class Probe(App[None]):
    def compose(self) -> ComposeResult:
        yield Box("one", id="one")
        yield Box("two", id="two")
        yield Other("three", id="three")
        yield StableFooter()


def keys_shown(app: Probe) -> list[str]:
    return [key.key for key in app.screen.query(FooterKey)]


async def test_same_keys_keep_the_footer_and_new_keys_rebuild_it() -> None:
    app = Probe()
    async with app.run_test() as pilot:
        app.query_one("#one").focus()
        await pilot.pause()
        footer = app.query_one(StableFooter)
        assert "x" in keys_shown(app)
        first = list(app.screen.query(FooterKey))

        app.query_one("#two").focus()  # the same keys: no rebuild
        await pilot.pause()
        assert list(app.screen.query(FooterKey)) == first

        app.query_one("#three").focus()  # other keys: rebuilt, showing them
        await pilot.pause()
        assert "y" in keys_shown(app) and "x" not in keys_shown(app)
        assert footer.is_attached
