"""Textual's OptionList and SelectionList, guarded against a fault of Textual 8.2.8.

Page Up or Page Down in a list that has not been laid out (its screen shrunk to a few rows,
or a key arriving just as it appears) reads ``OptionList._index_to_line`` before it is built
and raises KeyError (issue 15: Page Up in a palette shrunk to 20x3). There is no page to
move by then, so the key does nothing. ``ui/app.py`` guards the palette's own list.
"""

from __future__ import annotations

from typing import Literal

from textual.widgets import OptionList, SelectionList


class GuardedOptionList(OptionList):
    def _move_page(self, direction: Literal[-1, 1]) -> None:
        try:
            super()._move_page(direction)
        except KeyError:
            pass


class GuardedSelectionList(SelectionList[str]):
    def _move_page(self, direction: Literal[-1, 1]) -> None:
        try:
            super()._move_page(direction)
        except KeyError:
            pass
