"""The notice under the header: whole at any width, in fewer words where the screen is narrow."""

from __future__ import annotations

from textual import events
from textual.widgets import Static

from backtui.ui import present


class Notice(Static):
    def __init__(self) -> None:
        super().__init__(present.notice(), id="notice")
        self._narrow: bool | None = None

    def on_resize(self, event: events.Resize) -> None:
        narrow = event.size.width < present.NOTICE_SHORT_BELOW
        if narrow != self._narrow:
            self._narrow = narrow
            self.update(present.notice(event.size.width))
