"""Choose which options to compare; Space adds or removes, and selection order is kept."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import SelectionList, Static
from textual.widgets.selection_list import Selection

from backtui.kb.queries import Index
from backtui.ui import present
from backtui.ui.keys import move_binding, move_bindings, move_key
from backtui.ui.textual_compat import KeptTint, PromptFrames
from backtui.ui.widgets.toggles import MarkedSelectionList


class PickerScreen(PromptFrames, KeptTint, ModalScreen[list[str] | None]):
    BINDINGS = [
        move_binding("back", "done", "Done", show=True, priority=True),
        move_binding("open", "done", "Done", priority=True),
        *move_bindings(up="cursor_up", down="cursor_down"),
    ]

    def __init__(self, index: Index, selected: list[str]) -> None:
        super().__init__()
        self.index = index
        self.order = list(selected)

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box", classes="dialog"):
            yield Static(Content("Choose options to compare"), classes="dialog-title")
            yield MarkedSelectionList(
                *(
                    Selection(
                        present.option_label(self.index, option.id),
                        option.id,
                        option.id in self.order,
                    )
                    for option in self.index.kb.options
                ),
                id="picker-list",
            )
            yield Static(id="picker-order")
            yield Static(
                Content(
                    f"{move_key(self, 'toggle')} adds or removes · "
                    f"{move_key(self, 'open')} or {move_key(self, 'back')}: done"
                ),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#picker-list").focus()
        self._show_order()

    def action_cursor_up(self) -> None:
        self.query_one("#picker-list", SelectionList).action_cursor_up()

    def action_cursor_down(self) -> None:
        self.query_one("#picker-list", SelectionList).action_cursor_down()

    @on(SelectionList.SelectionToggled)
    def _toggled(self, event: SelectionList.SelectionToggled[str]) -> None:
        value = event.selection.value
        if value in self.order:
            self.order.remove(value)
        else:
            self.order.append(value)
        self._show_order()

    def _show_order(self) -> None:
        names = [self.index.options[o].name for o in self.order]
        text = "Columns: " + (", ".join(names) if names else "none yet (choose at least one)")
        self.query_one("#picker-order", Static).update(present.literal(text))

    def action_done(self) -> None:
        # From the list itself: a toggle typed just before Enter may not have reached
        # _toggled yet.
        ticked = self.query_one("#picker-list", SelectionList).selected
        self.order = [o for o in self.order if o in ticked] + [
            o for o in ticked if o not in self.order
        ]
        if not self.order:
            self.notify("Choose at least one option to compare.", severity="warning")
            return
        self.dismiss(self.order)
