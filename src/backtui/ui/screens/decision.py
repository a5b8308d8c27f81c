"""My decision: what matters to me, the options' facts on those things, shortlist and notes,
questions to ask, and the SURE check. No score and no recommendation: the person decides."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import (
    Checkbox,
    DataTable,
    Header,
    Input,
    RadioSet,
    SelectionList,
    Static,
)
from textual.widgets.selection_list import Selection

from backtui.profile.model import RATING_MAX, RATING_MIN, SURE_ITEMS, Profile
from backtui.ui import present
from backtui.ui.keys import key_for, move_binding, move_bindings, move_key
from backtui.ui.messages import ProfileChanged
from backtui.ui.textual_compat import PromptFrames
from backtui.ui.widgets.footer import StableFooter
from backtui.ui.widgets.notice import Notice
from backtui.ui.widgets.toggles import MarkedCheckbox, MarkedRadioButton, MarkedSelectionList
from backtui.wording import RATING_WORDS

if TYPE_CHECKING:
    from textual.timer import Timer

    from backtui.profile.store import Change
    from backtui.ui.session import Session

HIGHLIGHT_FROM = 3  # ratings of 3 and 4 are highlighted


class RatingChanged(Message):
    def __init__(self, factor_id: str, value: int) -> None:
        super().__init__()
        self.factor_id = factor_id
        self.value = value


class RatingRow(Widget, can_focus=True):
    """One factor: ←/→ (or h/l) or 0-4 set how much it matters."""

    BINDINGS = [
        *move_bindings(
            left="change(-1)", down="app.focus_next", up="app.focus_previous", right="change(1)"
        ),
        *(
            Binding(str(n), f"set({n})", f"Rate {n}", show=False, id=f"backtui.rating.{n}")
            for n in range(RATING_MIN, RATING_MAX + 1)
        ),
    ]
    DEFAULT_CSS = "RatingRow { height: 1; }"

    value: reactive[int | None] = reactive(None)

    def __init__(self, factor_id: str, label: str, value: int | None) -> None:
        super().__init__(id=f"rating-{factor_id}", classes="rating-row")
        self.factor_id = factor_id
        self.label = label
        self.set_reactive(RatingRow.value, value)

    def render(self) -> Content:
        # ▶ marks the row the keys act on: not told by its shade alone (NO_COLOR).
        cursor = Content.styled("▶" if self.has_focus else " ", "bold")
        return cursor + present.rating_line(self.label, self.value, RATING_MAX, RATING_WORDS)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_change(self, step: int) -> None:
        current = self.value if self.value is not None else (RATING_MIN if step > 0 else 1)
        self.action_set(max(RATING_MIN, min(RATING_MAX, current + step)))

    def action_set(self, value: int) -> None:
        self.value = value
        self.post_message(RatingChanged(self.factor_id, value))

    def on_click(self) -> None:
        self.focus()


FACTS_FURNITURE = 8  # columns outside the table: the screen's padding and the scroll bars
FACTOR_WIDTH = 32
FACTOR_WIDTH_MIN = 16
FACT_WIDTH_MIN = 22


class FactsTable(DataTable[Text]):
    """The facts on what matters, for the options that fit; h and l bring in the others."""

    BINDINGS = [
        *move_bindings(left="shift(-1)", right="shift(1)"),
    ]

    class Shift(Message):
        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    first = 0

    def action_shift(self, step: int) -> None:
        self.post_message(self.Shift(step))


class DecisionScreen(PromptFrames, Screen[None]):
    BINDINGS = [
        move_binding("back", "app.pop_screen", "Back", show=True),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._note_timers: dict[str, Timer] = {}

    @property
    def profile(self) -> Profile:
        return self.session.profile

    def compose(self) -> ComposeResult:
        session = self.session
        kb = session.index.kb
        profile = self.profile
        selected = session.selected
        yield Header(show_clock=False, icon="⚕")
        yield Notice()
        with VerticalScroll(id="decision-body"):
            yield Static(
                present.decision_intro(
                    present.clean(session.store_status()), key_for(self, "export")
                ),
                classes="section-intro",
            )

            yield Static(Content("What matters to me"), classes="section-title")
            if kb.factors:
                yield Static(
                    Content(
                        f"Rate each from {RATING_MIN} ({RATING_WORDS[RATING_MIN]}) to "
                        f"{RATING_MAX} ({RATING_WORDS[RATING_MAX]}): "
                        f"{move_key(self, 'left')}/{move_key(self, 'right')} or "
                        f"{RATING_MIN}-{RATING_MAX}."
                    ),
                    classes="section-hint",
                )
                for factor in kb.factors:
                    yield RatingRow(factor.id, factor.label, profile.ratings.get(factor.id))
                yield Static(
                    Content(
                        "How the options compare on these. backtui does not add these up or "
                        "rank the options. ★ marks what you rated 3 or 4."
                    ),
                    classes="section-hint",
                )
                yield Static(id="facts-window", classes="section-hint")
                yield FactsTable(id="facts-table", cursor_type="row", zebra_stripes=True)
            else:
                yield Static(present.literal("No factors in this knowledge base"))

            yield Static(Content("My shortlist and notes"), classes="section-title")
            for option_id in selected:
                option = session.index.options[option_id]
                on = option_id in profile.shortlist
                with Horizontal(classes="note-block"):
                    yield MarkedCheckbox(
                        present.shortlist_label(option.name, on), on, id=f"short-{option_id}"
                    )
                    yield Input(
                        present.clean(profile.notes.get(option_id, "")),  # the file is untrusted
                        placeholder="My note on this option",
                        id=f"note-{option_id}",
                        classes="note-input",
                    )

            yield Static(Content("Questions to ask"), classes="section-title")
            yield Static(
                Content(
                    f"{move_key(self, 'toggle')} ticks a question. Type your own below and "
                    f"press {move_key(self, 'open')}."
                ),
                classes="section-hint",
            )
            yield MarkedSelectionList(*self._question_selections(), id="questions")
            yield Input(placeholder="Add my own question", id="own-question")

            yield Static(Content("SURE check"), classes="section-title")
            yield Static(
                Content("Four yes/no questions (Légaré et al. 2010). 'Not sure yet' is common."),
                classes="section-hint",
            )
            for key, question in SURE_ITEMS:
                answer = profile.sure.get(key)
                with Horizontal(classes="sure-row"):
                    yield Static(Content(question), classes="sure-question")
                    with RadioSet(id=f"sure-{key}", classes="sure-answer"):
                        yield MarkedRadioButton("Yes", answer is True, id=f"sure-{key}-yes")
                        yield MarkedRadioButton("No", answer is False, id=f"sure-{key}-no")
            yield Static(id="sure-result")
            if session.store_file_line():
                yield Static(present.literal(session.store_file_line()), classes="section-hint")
        yield StableFooter()

    def _question_selections(self) -> list[Selection[str]]:
        kb = self.session.index.kb
        profile = self.profile
        selections = [
            Selection(present.literal(p.text), f"prompt:{p.id}", p.id in profile.ticked_prompts)
            for p in kb.prompts
        ]
        selections += [
            Selection(present.literal(f"{q.text}  (mine)"), f"own:{q.id}", q.ticked)
            for q in profile.own_questions
        ]
        return selections

    def on_mount(self) -> None:
        self._fill_facts()
        self._show_sure()
        rows = self.query(RatingRow)
        if rows:
            rows.first().focus()

    # ------------------------------------------------------------------ views

    def _fill_facts(self) -> None:
        tables = self.query("#facts-table")
        if not tables:
            return
        table = self.query_one("#facts-table", FactsTable)
        session = self.session
        everything = session.selected
        # As the Option Grid: the options that fit side by side, the others a key away.
        room = (self.size.width or self.app.size.width) - FACTS_FURNITURE
        factor_width = min(FACTOR_WIDTH, max(FACTOR_WIDTH_MIN, room // 3))
        fit = max(1, min(len(everything), (room - factor_width) // (FACT_WIDTH_MIN + 2)))
        table.first = max(0, min(table.first, len(everything) - fit))
        selected = everything[table.first : table.first + fit]
        width = max(FACT_WIDTH_MIN, (room - factor_width) // fit - 2)
        names = [present.clean(session.index.options[o].name) for o in everything]
        window = present.window_line(
            names, table.first, fit, move_key(self, "left", True), move_key(self, "right", True)
        )
        facts_window = self.query_one("#facts-window", Static)
        facts_window.display = window is not None
        facts_window.update(window or "")
        table.clear(columns=True)
        table.add_column(Text("What matters", style="bold"), key="factor", width=factor_width)
        for option_id in selected:
            name = session.index.options[option_id].name
            table.add_column(present.cell(name, "bold"), key=option_id, width=width)
        for factor in session.index.kb.factors:
            rating = self.profile.ratings.get(factor.id)
            marked = rating is not None and rating >= HIGHLIGHT_FROM
            cells = [present.factor_cell(factor.label, rating, marked)]
            for option_id in selected:
                option = session.index.options[option_id]
                fact = next((f for f in option.facts if f.factor == factor.id), None)
                cells.append(present.fact_cell(fact.text if fact else None, marked, width))
            height = max(len(cell.plain.splitlines()) for cell in cells)
            table.add_row(*cells, key=factor.id, height=height)

    @on(FactsTable.Shift)
    def _shift_facts(self, event: FactsTable.Shift) -> None:
        event.stop()
        table = self.query_one("#facts-table", FactsTable)
        before = table.first
        table.first = max(0, table.first + event.step)
        self._fill_facts()
        if table.first == before:
            self.app.bell()

    def on_resize(self) -> None:
        self._fill_facts()

    def _show_sure(self) -> None:
        self.query_one("#sure-result", Static).update(present.sure_result(self.profile))

    # ------------------------------------------------------------------ saving

    def _save(self, change: Change) -> None:
        self.post_message(ProfileChanged(self.session.apply(change)))

    @on(RatingChanged)
    def _rated(self, event: RatingChanged) -> None:
        from backtui.profile.store import set_rating

        self._save(set_rating(event.factor_id, event.value))
        self._fill_facts()

    @on(Checkbox.Changed)
    def _shortlisted(self, event: Checkbox.Changed) -> None:
        from backtui.profile.store import toggle_shortlist

        option_id = (event.checkbox.id or "").removeprefix("short-")
        self._save(toggle_shortlist(option_id, event.value))
        name = self.session.index.options[option_id].name
        event.checkbox.label = present.shortlist_label(name, event.value)

    @on(Input.Changed, ".note-input")
    def _note_typed(self, event: Input.Changed) -> None:
        # Save after a short pause in typing, so each key press is not a disk write.
        option_id = (event.input.id or "").removeprefix("note-")
        timer = self._note_timers.pop(option_id, None)
        if timer is not None:
            timer.stop()
        if event.value == present.clean(self.profile.notes.get(option_id, "")):
            return  # as saved (an Input reports its first value too): no write, nothing changed
        self._note_timers[option_id] = self.set_timer(
            0.4, lambda: self._save_note(option_id, event.value)
        )

    def _save_note(self, option_id: str, text: str) -> None:
        from backtui.profile.store import set_note

        self._note_timers.pop(option_id, None)
        self._save(set_note(option_id, text))

    def flush_notes(self) -> None:
        """Save any note still waiting for its pause (on leaving the screen or quitting)."""
        for option_id in list(self._note_timers):
            note = self.query_one(f"#note-{option_id}", Input).value
            self._save_note(option_id, note)

    def on_screen_suspend(self) -> None:
        self.flush_notes()

    @on(SelectionList.SelectionToggled, "#questions")
    def _question_ticked(self, event: SelectionList.SelectionToggled[str]) -> None:
        from backtui.profile.store import toggle_own_question, toggle_prompt

        value = event.selection.value
        ticked = value in event.selection_list.selected
        kind, _, ident = value.partition(":")
        if kind == "prompt":
            self._save(toggle_prompt(ident, ticked))
        else:
            self._save(toggle_own_question(ident, ticked))

    @on(Input.Submitted, "#own-question")
    def _question_added(self, event: Input.Submitted) -> None:
        from backtui.profile.store import add_own_question

        text = event.value.strip()
        if not text:
            return
        self._save(add_own_question(text))
        event.input.value = ""
        questions = self.query_one("#questions", SelectionList)
        questions.clear_options()
        questions.add_options(self._question_selections())

    @on(RadioSet.Changed)
    def _sure_answered(self, event: RadioSet.Changed) -> None:
        from backtui.profile.store import set_sure

        key = (event.radio_set.id or "").removeprefix("sure-")
        answer = (event.pressed.id or "").endswith("-yes")
        self._save(set_sure(key, answer))
        self._show_sure()
