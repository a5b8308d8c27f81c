"""Keys typed ahead are handled one after another, each on the screen it was typed for.

Textual hands a key to the widget focused when the key arrives, and checks most bindings only
when the key has bubbled back up to the app. Keys typed in one burst (``o`` Down Down Space
Enter) were all handed to the widget focused before the first one opened a dialog: Down moved
the column behind it, and the Space was lost. A priority binding (the picker's Enter) even ran
before the Space typed ahead of it.

So the app hands on one key at a time. A key in flight holds the next until it has travelled
the whole way up (a callback follows it through each queue it bubbles through), and a screen
change holds keys until the new screen is mounted and has taken focus.
"""

from __future__ import annotations

from collections import deque
from time import monotonic

from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.timer import Timer

SETTLE_WITHIN = 1.0  # seconds to wait for a new screen to mount, then let keys through
SETTLE_POLL = 0.005  # seconds between looks at a screen that is still mounting
FOLLOW_PASSES = 2  # the key's own way up, then the messages its action posted
STUCK_AFTER = 0.5  # seconds: a key whose widget went away mid-way lets the next one go


class TypeAhead(App[None]):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # App's own signature
        self._held_keys: deque[events.Key] = deque()
        self._holding = False  # a screen change has not settled
        self._in_flight: events.Key | None = None
        self._stuck_timer: Timer | None = None
        self._settle_by = 0.0

    @property
    def keys_pending(self) -> bool:
        """Keys typed that have not yet been fully handled."""
        return self._holding or self._in_flight is not None or bool(self._held_keys)

    def hold_keys(self) -> None:
        """Hold keys from now until the screen on top has settled."""
        if not self._holding:
            self._holding = True
            self._settle_by = monotonic() + SETTLE_WITHIN
            self.call_after_refresh(self._release_when_settled)

    async def _release_when_settled(self, mounted: bool = False) -> None:
        """Once the screen on top is mounted, one frame more: the focus its on_mount asked
        for has landed by then. A screen that takes focus later (or never) holds no keys."""
        if not mounted:
            if not self.screen.is_mounted and monotonic() < self._settle_by:
                self.set_timer(SETTLE_POLL, self._release_when_settled)
            else:
                self.call_after_refresh(self._release_when_settled, True)
            return
        self._holding = False
        await self._hand_on_held()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._holding or self._in_flight is not None or self._held_keys:
                self._held_keys.append(event)
            else:
                await self._hand_on(event)
            return
        await super().on_event(event)

    async def _hand_on(self, event: events.Key) -> None:
        target: DOMNode = self.focused or self.screen
        await super().on_event(event)  # a priority binding, or handed to `target`
        if event.is_forwarded:
            self._in_flight = event
            self._stuck_timer = self.set_timer(STUCK_AFTER, lambda: self._arrived(event))
            target.call_later(self._follow, event, target, FOLLOW_PASSES)

    async def _follow(self, event: events.Key, node: DOMNode, passes: int) -> None:
        """Runs in each queue after ``event``: when it runs in the app's, the key is done.
        Then once more from the focused widget: a binding's action often posts a message of
        its own (a list's Space toggles through OptionSelected), and that is part of the key."""
        parent = node.parent
        if parent is not None and node is not self:
            parent.call_later(self._follow, event, parent, passes)
        elif passes > 1:
            target: DOMNode = self.focused or self.screen
            target.call_later(self._follow, event, target, passes - 1)
        else:
            await self._arrived(event)

    async def _arrived(self, event: events.Key) -> None:
        if self._in_flight is not event:
            return
        self._in_flight = None
        if self._stuck_timer is not None:
            self._stuck_timer.stop()
        await self._hand_on_held()

    async def _hand_on_held(self) -> None:
        while self._held_keys and not self._holding and self._in_flight is None:
            await self._hand_on(self._held_keys.popleft())


def hold_keys(app: App[object]) -> None:
    """``TypeAhead.hold_keys`` for a screen, which knows its app only as an App."""
    if isinstance(app, TypeAhead):
        app.hold_keys()
