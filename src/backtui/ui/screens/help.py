"""Every key, grouped, with what it does."""

from __future__ import annotations

import textwrap

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from backtui.ui.keys import APP_KEYS, help_rows, keymap_of, move_binding, move_key
from backtui.ui.textual_compat import KeptTint, PromptFrames

HELP_TEXT_WIDTH = 44  # the help dialog's width at 80 columns, less the keys' column


def help_content(keymap: dict[str, str] | None = None) -> Content:
    lines: list[Content] = []
    group = ""
    for row_group, keys, what in help_rows(keymap):
        if row_group != group:
            if lines:
                lines.append(Content(""))
            lines.append(Content.styled(row_group, "bold $text-accent"))
            group = row_group
        # Wrapped here, with a hanging indent, so a long line stays in its column.
        wrapped = textwrap.wrap(what, HELP_TEXT_WIDTH) or [""]
        lines.append(Content.assemble((f"  {keys:<18}", "bold"), wrapped[0]))
        lines += [Content(" " * 20 + more) for more in wrapped[1:]]
    lines += [
        Content(""),
        Content.styled("About", "bold $text-accent"),
        Content(
            "  Figures come from the knowledge base, each with its source. Certainty uses GRADE:\n"
            "  ⊕⊕⊕⊕ high · ⊕⊕⊕◯ moderate · ⊕⊕◯◯ low · ⊕◯◯◯ very low.\n"
            "  For screen readers and pipes, 'backtui show' prints the same comparison as\n"
            "  plain text, and 'backtui export --format txt' the summary."
        ),
    ]
    return Content("\n").join(lines)


class HelpScreen(PromptFrames, KeptTint, ModalScreen[None]):
    BINDINGS = [
        move_binding("back", "dismiss", "Close", show=True),
        *(
            Binding(k.keys, "dismiss", "Close", show=False, id=k.id)
            for k in APP_KEYS
            if k.action == "help"
        ),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box", classes="dialog"):
            yield Static(Content("Keys"), classes="dialog-title")
            with VerticalScroll(id="help-body"):
                yield Static(help_content(keymap_of(self)))
            yield Static(Content(f"{move_key(self, 'back')} closes"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()
