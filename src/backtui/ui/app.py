"""The application: global keys, the command palette, and opening records."""

from __future__ import annotations

import asyncio
import gc
import sys
import threading
from collections import deque
from collections.abc import Callable
from contextlib import nullcontext
from functools import partial
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App
from textual.await_complete import AwaitComplete
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.screen import ModalScreen
from textual.theme import ThemeProvider

from backtui.kb.loader import Loaded
from backtui.kb.queries import Index
from backtui.profile.model import Profile
from backtui.ui import present
from backtui.ui.collector import IdleCollector
from backtui.ui.keymap import Keymap
from backtui.ui.keys import APP_KEYS, MAIN_KEYS, bindings
from backtui.ui.messages import ProfileChanged, SettingChanged
from backtui.ui.screens.main import MainScreen
from backtui.ui.session import Session
from backtui.ui.textual_compat import GuardedCommandPalette, PromptFrames
from backtui.ui.typeahead import TypeAhead
from backtui.views.aspects import ASPECTS
from backtui.views.model import Target

if TYPE_CHECKING:
    from textual.content import Content
    from textual.driver import Driver
    from textual.notifications import SeverityLevel
    from textual.timer import Timer

    from backtui.profile.store import Change, ProfileStore
    from backtui.ui.screens.detail import DetailScreen
    from backtui.ui.screens.search import SearchScreen

# "Compare X with Y" for every pair stays useful (and cheap) up to this many options.
MAX_PAIR_OPTIONS = 40
SETTINGS_SAVE_AFTER = 1.0  # seconds without another change
NO_COLOR_THEMES = {"ansi-dark": "textual-dark", "ansi-light": "textual-light"}


class BacktuiCommands(Provider):
    """Every action, "Compare X with Y", "Go to <aspect>" and "Open <option>"."""

    async def startup(self) -> None:
        app = self.app
        assert isinstance(app, BacktuiApp)
        self.commands: list[tuple[str, str, Callable[[], object]]] = []
        for key in (*MAIN_KEYS, *APP_KEYS):
            if key.action.startswith("aspect("):
                continue
            # The title says what the command does; the key is its help.
            self.commands.append(
                (
                    key.help or key.description,
                    f"Key: {key.shown}",
                    partial(app.run_key_action, key.action),
                )
            )
        main = app.main
        for comparator in present.COMPARATOR_CYCLE:
            versus = present.comparator_title(comparator).removeprefix("versus ")
            self.commands.append(
                (
                    f"Compare benefits with: {versus}",
                    "The Benefits plot and columns show only these findings",
                    partial(main.set_comparator, comparator),
                )
            )
        for layer, words in present.LAYER_WORDS.items():
            self.commands.append(
                (
                    f"Layer: {words}",
                    "What the evidence means"
                    if layer == "plain"
                    else "Summary-of-findings numbers: effect, 95% CI, certainty",
                    partial(main.set_layer, layer),
                )
            )
        self.commands.append(
            ("Checked claims", "Popular claims, checked against the sources", app.show_claims)
        )
        for number, (_, label) in enumerate(ASPECTS):
            self.commands.append(
                (
                    f"Go to {label}",
                    f"Show the {label} aspect (key {number + 1})",
                    partial(app.go_to_aspect, number),
                )
            )
        options = app.index.kb.options
        for option in options:
            name = present.clean(option.name)
            self.commands.append(
                (
                    f"Open {name}",
                    "Show its column, at Overview",
                    partial(app.open_option, option.id),
                )
            )
        if len(options) <= MAX_PAIR_OPTIONS:
            for first, second in combinations(options, 2):
                title = f"Compare {present.clean(first.name)} with {present.clean(second.name)}"
                self.commands.append(
                    (
                        title,
                        "Show just these two, side by side",
                        partial(app.compare, [first.id, second.id]),
                    )
                )

    async def discover(self) -> Hits:
        for title, help_text, callback in self.commands[:40]:
            display = present.palette_title(title)
            yield DiscoveryHit(display, callback, text=title, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self.commands:
            score = matcher.match(title)
            if score > 0:
                display = present.palette_title(title, matcher)
                yield Hit(score, display, callback, text=title, help=help_text)


class BacktuiApp(TypeAhead):
    CSS_PATH = Path(__file__).parent / "app.tcss"
    COMMANDS = App.COMMANDS | {BacktuiCommands}
    BINDINGS = bindings(APP_KEYS)
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        loaded: Loaded,
        compare: list[str] | None = None,
        aspect: int = 0,
        theme: str | None = None,
        store: ProfileStore | None = None,
        profile_notice: str | None = None,
        keymap: Keymap | None = None,
    ) -> None:
        super().__init__()
        self._keymap_file = keymap or Keymap({})
        self._save_lock = threading.Lock()
        self._settings_timer: Timer | None = None
        self._unsaved: deque[Change] = deque()
        self._saves_pending = 0
        self._themes_kept = False
        # The person's own keys, by binding id: hints and help write these (ui/keys.py).
        self.keymap_in_force: dict[str, str] = dict(self._keymap_file.keys)
        if self.keymap_in_force:
            self.set_keymap(self.keymap_in_force)
        self.loaded = loaded
        # The profile was read before the app started (no I/O in compose); None: not saved.
        profile = store.profile if store is not None else Profile()
        self.session = Session(loaded, store, profile, [], navigate=self.open_target)
        self.session.selected = list(compare or default_selection(self.session.index))
        self._profile_notice = profile_notice
        self._initial_aspect = aspect
        self._initial_theme = theme
        self._search_index: object = None
        self._detail: DetailScreen | None = None
        self._search: SearchScreen | None = None
        self._records: dict[tuple[Target, bool], tuple[Content, Content] | None] = {}
        self.collector = IdleCollector(self, lambda: self.keys_pending)
        self.title = present.title_text(loaded.kb)
        self.sub_title = present.subtitle_text(loaded.kb)

    def pop_screen(self) -> AwaitComplete:
        # The main screen is never popped, whatever asks: Textual's "back", a dialog's
        # dismiss that arrives twice. Without it the app went blank (issue 15).
        if isinstance(self.screen, MainScreen):
            return AwaitComplete(asyncio.sleep(0))
        self.hold_keys()
        return super().pop_screen()

    def push_screen(self, *args: Any, **kwargs: Any) -> Any:
        self.hold_keys()  # keys typed on after this one belong to the new screen
        below = self.screen_stack[-1] if self.screen_stack else None
        with below.covered() if isinstance(below, PromptFrames) else nullcontext():
            return super().push_screen(*args, **kwargs)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # On help, F1 and ? are help's own (they close it). Nothing else is switched off
        # here: the footer behind a dialog shows the same keys, so it is not rebuilt (a
        # rebuild re-laid the screen and cost 80 ms per dialog opened).
        if action == "help" and type(self.screen).__name__ == "HelpScreen":
            return False
        return True

    def _dialog_on_top(self) -> bool:
        """A dialog is open: export and claims open nothing on top of it, so Esc always
        leads back the way it came."""
        return isinstance(self.screen, ModalScreen)

    def action_command_palette(self) -> None:
        # ignore: is_open asks for an App[object], and App is invariant in its result type.
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(GuardedCommandPalette(id="--command-palette"))

    def search_themes(self) -> None:
        self.push_screen(
            GuardedCommandPalette(providers=[ThemeProvider], placeholder="Search for themes…")
        )

    async def action_back(self) -> None:
        """ "Back" in the palette does what Esc does on the screen below it. Textual's own
        ``back`` pops whatever is on top: the main screen (the app went blank, and "Go to
        Safety" then raised LookupError), or a screen still mounting, which Textual tears
        down mid-mount (NoMatches in its on_mount, and in Textual's own Header)."""
        screen = self.screen
        if isinstance(screen, MainScreen):
            await screen.run_action("back")
        elif screen.is_mounted:
            self.simulate_key("escape")

    def get_driver_class(self) -> type[Driver]:
        # Esc arrives when its delay is up, not at Textual's next 100 ms poll (textual_compat).
        from textual import constants

        from backtui.ui.textual_compat import hook_on

        if constants.DRIVER is None and sys.platform != "win32" and hook_on("escape"):
            from backtui.ui.textual_compat import PromptEscapeDriver

            return PromptEscapeDriver
        return super().get_driver_class()

    def on_ready(self) -> None:
        if not gc.isenabled():  # launch() paused the collector for start-up
            self.call_after_refresh(self.collector.start)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self.collector.input_seen()
        await super().on_event(event)

    def on_resize(self, event: events.Resize) -> None:
        self.title = present.title_text(self.loaded.kb, event.size.width)

    # ------------------------------------------------------------------ the session

    @property
    def index(self) -> Index:
        return self.session.index

    @property
    def store(self) -> ProfileStore | None:
        return self.session.store

    @property
    def profile(self) -> Profile:
        return self.session.profile

    def save_setting(self, name: str, value: str) -> None:
        self.session.set_setting(name, value)
        self.on_setting_changed()

    def on_setting_changed(self, message: SettingChanged | None = None) -> None:
        """Keep the settings for the next launch. Saved once the keys have paused (c pressed
        four times is one save, not four), and when the app closes."""
        if self._settings_timer is not None:
            self._settings_timer.stop()
        self._settings_timer = self.set_timer(SETTINGS_SAVE_AFTER, self.save_settings)

    def save_settings(self) -> None:
        for change in self.session.take_settings():
            self.save_profile(change)

    def on_profile_changed(self, message: ProfileChanged) -> None:
        self._save(message.change)

    async def action_quit(self) -> None:
        self.save_settings()
        await self.workers.wait_for_complete()  # the last saves reach the file
        await super().action_quit()

    def validate_theme(self, theme: str) -> str:
        # With NO_COLOR the app's colours pass through a monochrome filter. An ANSI theme's
        # colours are the terminal's own, which that filter cannot see: every text came out
        # black on black. Its plain counterpart looks the same in grey, and can be read.
        if self.no_color and theme in NO_COLOR_THEMES:
            return NO_COLOR_THEMES[theme]
        return theme

    def watch_theme(self, theme: str) -> None:
        if self._themes_kept:  # not the theme set while starting
            self.save_setting("theme", theme)

    def on_mount(self) -> None:
        kept = self.profile.settings.theme
        if self._initial_theme:
            self.theme = self._initial_theme
        elif kept in self.available_themes:  # the theme chosen last time
            self.theme = kept
        self._themes_kept = True
        # After on_mount: Textual runs the app's mount in a batch update, and a screen pushed
        # inside it is laid out and rendered (~55 ms), then the frame is thrown away.
        self.call_later(self.push_screen, MainScreen(self.session, self._initial_aspect))
        if self._profile_notice:
            self.notify(self._profile_notice, severity="warning", timeout=12, markup=False)
        if self._keymap_file.problem:
            self.notify(self._keymap_file.problem, severity="warning", timeout=20, markup=False)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        # Every notification (screens' too) comes here; they quote file names and KB text.
        super().notify(
            present.clean(message),
            title=present.clean(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    # ------------------------------------------------------------------ the profile

    def save_profile(self, change: Change) -> None:
        """Apply a change on screen at once, and save it."""
        self._save(self.session.apply(change))

    def _save(self, change: Change) -> None:
        """Save a change already applied, from a worker thread: the file lock (retried for up
        to 10 s) and two fsyncs stay off the event loop. Saves run one at a time, in order. A
        failed save is reported and the change stays on screen; the old file stays intact."""
        if not self.session.saving:
            return
        self._saves_pending += 1
        self._unsaved.append(change)
        self.run_worker(
            self._save_in_thread,
            thread=True,
            group="profile",
            exit_on_error=False,
        )

    def _save_in_thread(self) -> None:
        from backtui.profile.store import ProfileError

        store = self.store
        assert store is not None
        with self._save_lock:
            # One save at a time; whichever thread gets here takes the oldest change, so the
            # changes reach the file in the order they were made.
            change = self._unsaved.popleft()
            try:
                saved: Profile | None = store.update(change)
                problem = ""
            except ProfileError as exc:
                saved, problem = None, str(exc)
            notices = store.take_notices()
        self.call_from_thread(self._saved, saved, problem, notices)

    def _saved(self, saved: Profile | None, problem: str, notices: list[str]) -> None:
        self._saves_pending -= 1
        if saved is not None and not self._saves_pending:
            # The file as saved: this window's changes merged with any other window's.
            self.session.profile = saved
        if problem:
            self.notify(
                f"{problem} Your change is kept on screen only.",  # it says what and why
                severity="error",
                timeout=10,
                markup=False,
            )
        for notice in notices:
            self.notify(notice, severity="warning", timeout=12, markup=False)

    def action_export(self) -> None:
        from backtui.ui.screens.decision import DecisionScreen
        from backtui.ui.screens.export import ExportScreen

        if self._dialog_on_top():  # the export dialog itself among them
            return
        if isinstance(self.screen, DecisionScreen):
            self.screen.flush_notes()  # the summary includes what was just typed

        def done(path: Path | None) -> None:
            if path is not None:
                what = "Citations" if path.name.endswith((".ris", ".csl.json")) else "Summary"
                message = f"{what} saved to {path}"
                self.notify(message, title="Exported", timeout=10, markup=False)

        self.push_screen(ExportScreen(self.session), done)

    def action_decision(self) -> None:
        from backtui.ui.screens.decision import DecisionScreen

        if not isinstance(self.screen, DecisionScreen):
            self.push_screen(DecisionScreen(self.session))

    @property
    def main(self) -> MainScreen:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        raise LookupError("the main screen is not open")

    # ------------------------------------------------------------------ actions

    async def run_key_action(self, action: str) -> None:
        if hasattr(self, f"action_{action}"):
            await self.run_action(action)
        else:
            await self.run_action(action, self.main)

    def action_help(self) -> None:
        from backtui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_pick_options(self) -> None:
        from backtui.ui.screens.picker import PickerScreen

        async def chosen(selected: list[str] | None) -> None:
            if selected and selected != self.main.selected:
                await self.main.set_selection(selected)

        self.push_screen(PickerScreen(self.index, self.main.selected), chosen)

    def action_search(self) -> None:
        from backtui.ui.screens.search import SearchScreen
        from backtui.ui.search_index import Entry, SearchIndex

        if not isinstance(self._search_index, SearchIndex):
            self._search_index = SearchIndex(self.index)
        assert isinstance(self._search_index, SearchIndex)

        async def chosen(entry: Entry | None) -> None:
            if entry is not None:
                await self.jump(entry.target, entry.aspect)

        # One search screen, installed, is reused: it opens at once, on the last search.
        if self._search is None:
            self._search = SearchScreen(self._search_index)
            self.install_screen(self._search, name="backtui-search")
        if self._search in self.screen_stack:
            return  # already open, under another dialog
        self.push_screen(self._search, chosen)

    def action_claims(self) -> None:
        """The key (v): not over a dialog, so Esc leads back the way it came."""
        if not self._dialog_on_top():
            self.show_claims()

    def show_claims(self) -> None:
        """The claims screen, from the key, the palette, search or the Sources aspect."""
        from backtui.ui.screens.claims import ClaimsScreen

        if not isinstance(self.screen, ClaimsScreen):
            self.push_screen(ClaimsScreen(self.session))

    # ------------------------------------------------------------------ navigation helpers

    def open_target(self, target: Target) -> None:
        """Enter on an item: its full record in a modal, or the claims screen."""
        if target.kind == "claims":
            self.show_claims()
            return
        # The knowledge base does not change while the app runs: a record opened again is the
        # same content, which lets the detail screen keep what it rendered.
        clinician = self.main.evidence_layer == "clinician"  # with the editors' notes
        if (target, clinician) not in self._records:
            self._records[target, clinician] = present.detail(self.index, target, clinician)
        record = self._records[target, clinician]
        if record is None:
            return
        from backtui.ui.screens.detail import DetailScreen

        # One detail screen, installed, is reused: a new screen is composed, laid out and
        # rendered twice before it settles (about 30 ms more per Enter). A record opened from
        # a screen above it (the claims screen, from the palette) gets a screen of its own.
        if self._detail is None:
            self._detail = DetailScreen(*record)
            self.install_screen(self._detail, name="backtui-detail")
        elif self._detail in self.screen_stack:
            self.push_screen(DetailScreen(*record))
            return
        else:
            self._detail.show(*record)
        self.push_screen(self._detail)

    async def jump(self, target: Target, aspect: str) -> None:
        """Show a search result where it lives."""
        main = self.main
        while self.screen is not main and len(self.screen_stack) > 2:
            self.pop_screen()
        if aspect == "claims":
            self.show_claims()
            from backtui.ui.screens.claims import ClaimsScreen

            screen = self.screen
            if isinstance(screen, ClaimsScreen):
                self.call_after_refresh(screen.highlight, target.record_id)
            return
        if aspect == "detail" or not target.option_id:
            self.open_target(target)
            return
        if aspect == "grid":
            if target.option_id not in main.selected:
                await main.set_selection([*main.selected, target.option_id], target.option_id)
            main.set_view("grid")
            from backtui.ui.widgets.grid import OptionGrid

            main.query_one("#option-grid", OptionGrid).move_to(target)
            return
        await main.jump_to(target, aspect)

    def go_to_aspect(self, number: int) -> None:
        self.main.set_aspect(number)

    async def open_option(self, option_id: str) -> None:
        main = self.main
        if option_id not in main.selected:
            await main.set_selection([*main.selected, option_id], option_id)
        main.set_aspect(0)
        main.focus_column(main.selected.index(option_id))

    async def compare(self, option_ids: list[str]) -> None:
        await self.main.set_selection(option_ids)


def default_selection(index: Index) -> list[str]:
    chosen = list(index.kb.meta.default_compare)
    if chosen:
        return chosen
    return [o.id for o in index.kb.options if o.parent is None][:3]
