"""Messages a widget posts about one of its own rows, items or tabs."""

from __future__ import annotations

from textual.message import Message
from textual.widget import Widget


class IndexMessage(Message):
    """Something happened to row, item or tab ``index`` of ``widget`` (its ``control``)."""

    def __init__(self, widget: Widget, index: int) -> None:
        super().__init__()
        self.widget = widget
        self.index = index

    @property
    def control(self) -> Widget:
        return self.widget
