"""The notice under the header: whole at any width, in fewer words where the screen is narrow."""

from __future__ import annotations

from textual import events
from textual.widgets import Static

from backtui.ui import present


class Notice(Static):
    def __init__(self) -> None:
        super().__init__(id="notice")
        self._narrow: bool | None = None

    def on_mount(self) -> None:
        # The wording for the screen's width from the first frame: laid out with the long
        # one, a narrow screen kept its two lines' height after the short one replaced it.
        self._show(self.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        self._show(event.size.width)

    def _show(self, width: int) -> None:
        narrow = width < present.NOTICE_SHORT_BELOW
        if narrow != self._narrow:
            self._narrow = narrow
            self.update(present.notice(width))
