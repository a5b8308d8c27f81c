"""The full record behind an item: numbers, CI, certainty and reasons, and the citation."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from backtui.ui.keys import move_binding, move_bindings, move_key
from backtui.ui.textual_compat import KeptTint, NoSecondLayout, PromptFrames


class RecordScroll(NoSecondLayout, VerticalScroll):
    """The record scrolls in a box of fixed size, so a record of another length changes
    nothing around it: one layout places it (a second would be a frame of its own)."""


class RecordText(NoSecondLayout, Static):
    pass


class RecordTitle(NoSecondLayout, Static):
    """A title of another length takes its height in the layout pass that places it."""


class DetailScreen(PromptFrames, KeptTint, ModalScreen[None]):
    BINDINGS = [
        move_binding("back", "dismiss", "Close", show=True),
        *move_bindings(up="scroll('up')", down="scroll('down')"),
    ]

    def __init__(self, title: Content, body: Content) -> None:
        super().__init__()
        self._title = title
        self._body = body

    def compose(self) -> ComposeResult:
        with Vertical(id="detail-box", classes="dialog"):
            yield RecordTitle(self._title, classes="dialog-title")
            with RecordScroll(id="detail-body"):
                yield RecordText(self._body, id="detail-text")
            yield Static(
                Content(
                    f"{move_key(self, 'back')} closes · "
                    f"{move_key(self, 'up')}/{move_key(self, 'down')} scroll"
                ),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#detail-body").focus()

    def show(self, title: Content, body: Content) -> None:
        """Another record, in this same screen (the app keeps one: see BacktuiApp.open_target)."""
        same = title is self._title and body is self._body  # then its lines are still good
        self._title = title
        self._body = body
        if self.is_mounted:
            if not same:
                self.query_one(".dialog-title", Static).update(title)
                self.query_one("#detail-text", Static).update(body)
            self.query_one("#detail-body", VerticalScroll).scroll_home(animate=False)

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#detail-body", VerticalScroll)
        if direction == "up":
            body.scroll_up(animate=False)
        else:
            body.scroll_down(animate=False)
