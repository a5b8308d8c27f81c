"""Popular claims about these treatments, each checked against the sources."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from backtui.ui import present
from backtui.ui.keys import move_binding, move_bindings, move_key
from backtui.ui.textual_compat import GuardedOptionList, PromptFrames
from backtui.ui.widgets.footer import StableFooter
from backtui.ui.widgets.notice import Notice
from backtui.views.model import Target

if TYPE_CHECKING:
    from backtui.ui.session import Session


class ClaimsScreen(PromptFrames, Screen[None]):
    BINDINGS = [
        move_binding("back", "app.pop_screen", "Back", show=True),
        *move_bindings(up="cursor('up')", down="cursor('down')"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        session = self.session
        yield Header(show_clock=False, icon="⚕")
        yield Notice()
        yield Static(
            Content(
                f"Checked claims ({len(session.index.kb.claims)}): what is said, and what the "
                f"sources show. {move_key(self, 'open')} opens the evidence."
            ),
            classes="screen-intro",
        )
        entries: list[Option | None] = []
        for claim in session.index.kb.claims:
            entries += [Option(present.claim_prompt(claim), id=claim.id), None]
        claims = GuardedOptionList(*entries[:-1], id="claims-list")
        yield claims
        if not session.index.kb.claims:
            yield Static(present.literal("No checked claims in this knowledge base"))
        yield StableFooter()

    def on_mount(self) -> None:
        self.query_one("#claims-list").focus()

    def action_cursor(self, direction: str) -> None:
        claims = self.query_one("#claims-list", OptionList)
        if direction == "up":
            claims.action_cursor_up()
        else:
            claims.action_cursor_down()

    def highlight(self, claim_id: str) -> None:
        claims = self.query_one("#claims-list", OptionList)
        claims.highlighted = claims.get_option_index(claim_id)

    @on(OptionList.OptionSelected, "#claims-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.session.open_target(Target("claim", "", event.option.id))
