"""What the screens share, as plain data: the knowledge base's index, the person's profile and
the store that keeps it, and the options being compared. Pure Python; never imports Textual.

A screen is given the session when it is made. It reads from it, changes the profile only
through ``apply`` and the settings only through ``set_setting``, and then says so with a
message (``ui/messages.py``): the app saves the change. It opens a record through
``open_target``, which the app answers. No screen reaches into another screen
or into the app, and the app reaches into a screen only to show what a message asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from backtui.kb.loader import Loaded
from backtui.kb.queries import Index
from backtui.profile.model import Profile
from backtui.views.model import Target

if TYPE_CHECKING:  # the store is imported where a profile is read or saved, not at start-up
    from backtui.profile.store import Change, ProfileStore


@dataclass(eq=False)
class Session:
    loaded: Loaded
    store: ProfileStore | None  # None: nothing is saved
    profile: Profile
    selected: list[str]  # the options compared, in column order
    # The app's way to show an item's record (or the claims screen), at once: a screen opened
    # a message later could be closed again before it had finished mounting.
    navigate: Callable[[Target], None] | None = None
    index: Index = field(init=False)
    # Settings changed since the last save, by name: saved once the keys pause.
    unsaved_settings: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.index = Index(self.loaded.kb)

    @property
    def saving(self) -> bool:
        return self.store is not None and not self.store.read_only

    def apply(self, change: Change) -> Change:
        """Make ``change`` to the profile now; returns it as it is to be saved (it also marks
        the profile as this knowledge base's, as every saved profile is)."""
        kb_id = self.index.kb.meta.id

        def change_for_this_kb(profile: Profile) -> None:
            change(profile)
            profile.kb_id = profile.kb_id or kb_id

        change_for_this_kb(self.profile)
        return change_for_this_kb

    def open_target(self, target: Target) -> None:
        if self.navigate is not None:
            self.navigate(target)

    def setting(self, name: str) -> str:
        """A setting as it is now: changed and not yet saved, or as saved."""
        value: str = self.unsaved_settings.get(name, getattr(self.profile.settings, name))
        return value

    def set_setting(self, name: str, value: str) -> None:
        self.unsaved_settings[name] = value

    def take_settings(self) -> list[Change]:
        """The changes that save the settings changed since the last call."""
        from backtui.profile.store import set_setting

        changed, self.unsaved_settings = self.unsaved_settings, {}
        return [
            set_setting(name, value)
            for name, value in changed.items()
            if getattr(self.profile.settings, name) != value
        ]

    def store_status(self) -> str:
        """How the profile is kept, in a line (raw text: the screen cleans it for display)."""
        if self.store is None:
            return "Not saved: this session has no profile file."
        if self.store.read_only:
            return f"Read-only: {self.store.read_only_reason}"
        return "Saved as you go."

    def store_file_line(self) -> str:
        """Where the profile is saved; "" when nowhere (raw text, as ``store_status``)."""
        return f"Profile file: {self.store.path}" if self.store is not None else ""
