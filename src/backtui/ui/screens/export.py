"""Export the handout of the current comparison and profile, or its sources for a reference
manager, asking before overwriting a file.

The folder last saved to is remembered for the rest of the session (per app, in memory): the
profile store has no place for settings, so it is not kept after backtui closes.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, RadioSet, Static

from backtui.ui.keys import move_binding, move_key
from backtui.ui.messages import SettingChanged
from backtui.ui.textual_compat import KeptTint, PromptFrames
from backtui.ui.widgets.toggles import MarkedRadioButton

if TYPE_CHECKING:
    from backtui.ui.session import Session

FORMATS = (
    ("html", "HTML page to print (.html)"),
    ("md", "Markdown (.md)"),
    ("txt", "Plain text (.txt)"),
    ("json", "JSON data (.json)"),
    ("csl-json", "Sources for Zotero, Mendeley, Pandoc (.csl.json)"),
    ("ris", "Sources for EndNote and others (.ris)"),
)
CITATION_FORMATS = ("csl-json", "ris")

# The folder each running app last saved an export to (gone when the app is).


def extension(fmt: str) -> str:
    from backtui.export import EXTENSIONS

    return EXTENSIONS.get(fmt, fmt)


def _stem(fmt: str) -> str:
    return "backtui-sources" if fmt in CITATION_FORMATS else "backtui-summary"


def default_export_path(fmt: str, folder: Path | None = None) -> Path:
    """A dated file in ``folder``, else the documents folder (or home):
    backtui-summary-2026-11-24.html, backtui-sources-2026-11-24.ris."""
    if folder is None or not folder.is_dir():
        import platformdirs

        folder = Path(platformdirs.user_documents_dir())
        if not folder.is_dir():
            folder = Path.home()
    return folder / f"{_stem(fmt)}-{datetime.date.today().isoformat()}.{extension(fmt)}"


def _with_format(path: Path, fmt: str) -> Path:
    """``path`` renamed for ``fmt``: its ending (".csl.json" counts as one) and, for a
    suggested name, the stem that says what it holds."""
    name = path.name
    from backtui.export import EXTENSIONS

    for ending in sorted({f".{e}" for e in EXTENSIONS.values()}, key=len, reverse=True):
        if name.lower().endswith(ending):
            name = name[: -len(ending)]
            break
    for stem in ("backtui-summary-", "backtui-sources-"):
        if name.startswith(stem):
            name = _stem(fmt) + "-" + name[len(stem) :]
    return path.with_name(f"{name}.{extension(fmt)}")


# What the summary holds, in full and, for a short terminal, in brief: with the full text,
# the dialog needs more rows than 80x24 has, and scrolled to the file name it hid its title.
ABOUT = (
    "Page 1 is yours: your ratings, shortlist, notes, questions and SURE answers, and the "
    "warning signs. Then the options you are comparing, key figures with their certainty, "
    "guideline positions, and the sources. CSL-JSON and RIS hold the sources only, for a "
    "reference manager."
)
ABOUT_SHORT = (
    "Page 1 is yours: ratings, shortlist, notes, questions, warning signs. Then the "
    "options, key figures, guidelines and sources."
)
SHORT_BELOW = 30  # rows


class ExportScreen(PromptFrames, KeptTint, ModalScreen[Path | None]):
    BINDINGS = [
        move_binding("back", "cancel", "Cancel", show=True),
    ]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (SHORT_BELOW, "-tall")]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.fmt = "html"
        self.confirming: Path | None = None

    @property
    def last_folder(self) -> Path | None:
        """The folder the last export was saved to (kept in the profile's settings)."""
        kept = self.session.setting("export_folder")
        return Path(kept) if kept and Path(kept).is_dir() else None

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box", classes="dialog"):
            yield Static(Content("Export a summary for your appointment"), classes="dialog-title")
            yield Static(Content(ABOUT), classes="dialog-hint export-about")
            yield Static(Content(ABOUT_SHORT), classes="dialog-hint export-about-short")
            with RadioSet(id="export-format"):
                for number, (fmt, label) in enumerate(FORMATS):
                    yield MarkedRadioButton(label, number == 0, id=f"format-{fmt}")
            yield Input(str(default_export_path(self.fmt, self.last_folder)), id="export-path")
            yield Static(id="export-message")
            yield Static(
                Content(
                    f"{move_key(self, 'open')} saves · {move_key(self, 'back')} cancels · "
                    "an existing file is never replaced unasked"
                ),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    def action_cancel(self) -> None:
        if self.confirming is not None:
            self.confirming = None
            self._say(Content(""))
            return
        self.dismiss(None)

    def _say(self, message: Content) -> None:
        self.query_one("#export-message", Static).update(message)

    @on(RadioSet.Changed, "#export-format")
    def _format_chosen(self, event: RadioSet.Changed) -> None:
        self.fmt = (event.pressed.id or "format-html").removeprefix("format-")
        path_input = self.query_one("#export-path", Input)
        typed = path_input.value.strip()
        current = Path(typed) if typed else default_export_path(self.fmt, self.last_folder)
        path_input.value = str(_with_format(current, self.fmt))
        self.confirming = None

    @on(Input.Changed, "#export-path")
    def _path_edited(self) -> None:
        if self.confirming is not None:
            self.confirming = None
            self._say(Content(""))

    @on(Input.Submitted, "#export-path")
    def _save(self, event: Input.Submitted) -> None:
        from backtui.export import ExportError, render, write_export
        from backtui.summary import build

        text = event.value.strip()
        if not text:
            self._say(Content.styled("Type a file name first.", "bold $warning"))
            return
        path = Path(text).expanduser()
        if not path.is_absolute():  # a bare name goes beside the suggested file, not the cwd
            path = default_export_path(self.fmt, self.last_folder).parent / path
        force = False
        if path.exists():
            if self.confirming != path:
                self.confirming = path
                self._say(
                    Content.assemble(
                        ("That file already exists. ", "bold $warning"),
                        f"Press {move_key(self, 'open')} again to replace it, or change the "
                        f"name; {move_key(self, 'back')} keeps it.",
                    )
                )
                return
            force = True
        session = self.session
        kb = session.index.kb
        summary = build(kb, session.selected, session.profile)
        document = render(summary, self.fmt, lang=kb.meta.language, kb=kb)
        try:
            written = write_export(document, path, force)
        except ExportError as exc:
            self.confirming = None
            self._say(Content.assemble(("Not saved: ", "bold $error"), Content(str(exc))))
            return
        session.set_setting("export_folder", str(written.parent))
        self.post_message(SettingChanged())
        self.dismiss(written)
