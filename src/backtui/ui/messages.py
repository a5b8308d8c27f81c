"""The messages screens send the app about the session they share (``ui/session.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from backtui.profile.store import Change


class ProfileChanged(Message):
    """The session's profile was changed by ``change`` (already applied): save it."""

    def __init__(self, change: Change) -> None:
        super().__init__()
        self.change = change


class SettingChanged(Message):
    """A setting was changed in the session (``Session.set_setting``): keep it."""
