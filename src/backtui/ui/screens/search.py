"""Search all knowledge-base text; Enter jumps to the item in its aspect."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from backtui.ui.keys import move_binding, move_key
from backtui.ui.search_index import Entry, Found, SearchIndex
from backtui.ui.textual_compat import GuardedOptionList, KeptTint, PromptFrames

MAX_RESULTS = 200


class SearchScreen(PromptFrames, KeptTint, ModalScreen[Entry | None]):
    BINDINGS = [
        move_binding("back", "dismiss(None)", "Close", show=True),
        Binding("down", "to_results", "Results", show=False, id="backtui.search.results"),
    ]

    def __init__(self, search_index: SearchIndex, query: str = "") -> None:
        super().__init__()
        self.search_index = search_index
        self.query_text = query
        self.results: list[Found] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box", classes="dialog"):
            yield Static(Content("Search the knowledge base"), classes="dialog-title")
            yield Input(
                value=self.query_text,
                placeholder="Type words to find, e.g. bruising, NICE, sessions",
                id="search-input",
            )
            yield Static(id="search-count", classes="dialog-hint")
            yield GuardedOptionList(id="search-results")
            yield Static(
                Content(
                    f"{move_key(self, 'open')} jumps to the item · ↓ to the results · "
                    f"{move_key(self, 'back')} closes"
                ),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._update(self.query_text)

    def on_screen_resume(self) -> None:
        # The app keeps this screen between searches (BacktuiApp.action_search): it opens on
        # the last search, with the text selected, so typing starts a new one.
        search_input = self.query_one(Input)
        if self.focused is not search_input:
            search_input.focus()
        else:
            search_input.select_all()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self._update(event.value)

    def _update(self, query: str) -> None:
        self.results = self.search_index.find(query, MAX_RESULTS)
        results = self.query_one("#search-results", OptionList)
        results.set_options(Option(found.display()) for found in self.results)
        if self.results:
            results.highlighted = 0
        count = len(self.results)
        if not query.strip():
            text = (
                "Type to search options, evidence, harms, guidelines, questions, claims and sources"
            )
        elif count == 0:
            text = "No matches"
        else:
            more = "+" if count >= MAX_RESULTS else ""
            text = f"{count}{more} match{'es' if count != 1 else ''}"
            if not self.results[0].exact:
                text += " · none as typed; showing close spellings"
        self.query_one("#search-count", Static).update(Content(text))

    def action_to_results(self) -> None:
        if self.results:
            self.query_one("#search-results", OptionList).focus()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        results = self.query_one("#search-results", OptionList)
        if self.results:
            self.dismiss(self.results[results.highlighted or 0].entry)

    @on(OptionList.OptionSelected, "#search-results")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.results[event.option_index].entry)
