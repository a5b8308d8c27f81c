"""Paint a screen's frame as soon as it falls idle, not on the next tick of Textual's timer.

Textual (8.2.8) paints from a 60 Hz timer that it pauses between frames. The first frame after a
pause comes at once, but when a frame takes longer than its slot, the timer skips ahead, so the
next frame waits 17 to 33 ms. Most keys need two frames (the change, then the scroll bars and
focus borders that react to it), so that wait was the largest part of a key's latency. Here a
screen that falls idle with something to paint paints it then (once the widgets that are ready
to ask for a repaint have had a turn), or FRAME_GAP after its last frame, whichever is later.
The hooks are private, which is why Textual is pinned exactly; tests/test_frames.py checks
that they are still there.
"""

from __future__ import annotations

import asyncio
from time import monotonic
from typing import TYPE_CHECKING, Any

from textual import events
from textual.screen import UPDATE_PERIOD

# The frames a key sets off come in a burst (the change, then the scroll bars and borders that
# follow it) and each is small; up to 120 a second keeps a burst short. Textual's timer, which
# paints everything else (animations included), keeps to its 60.
FRAME_GAP = UPDATE_PERIOD / 2

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.timer import Timer

    _Base = Screen[Any]
else:
    _Base = object


class PromptFrames(_Base):
    """Mix into a Screen subclass, before the Screen class."""

    _last_frame: float = 0.0
    _frame_due: Timer | None = None
    _idle_since: float | None = None  # the first idle with something to paint
    _styled_for: tuple[object, ...] | None = None

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen._on_screen_resume. A pushed screen is restyled whole on every
        # resume (2.4 ms for search) in case the styles changed while it was away; that can
        # only be a new theme or stylesheet, so a screen shown again under the same ones
        # keeps its styles.
        app = self.app
        # The parsed rules are replaced when the stylesheet is parsed again; they are held
        # here, so that "is" cannot be fooled by a new object at an old address.
        styled_for = (app.theme, app.ansi_color, app.stylesheet._rules_map)
        last = self._styled_for
        if last is not None and last[:2] == styled_for[:2] and last[2] is styled_for[2]:
            event.refresh_styles = False
        self._styled_for = styled_for

    def _needs_frame(self) -> bool:
        return bool(
            self._layout_required
            or self._scroll_required
            or self._repaint_required
            or self._dirty_widgets
        )

    async def _on_idle(self, event: events.Idle) -> None:
        if self.app._batch_count or not self.is_current or not self._needs_frame():
            return  # Screen._on_idle runs next, as usual
        event.prevent_default()  # Screen._on_idle would only start its timer
        now = monotonic()
        if self._idle_since is None:
            self._idle_since = now
        if now - self._idle_since < FRAME_GAP:
            # Widgets ask for their repaints from their own tasks (a focus border, a scroll
            # bar). Give those that are ready a turn, so that one frame carries the change.
            await asyncio.sleep(0)
            if not self._message_queue.empty():
                return  # the next idle paints it all
        wait = self._last_frame + FRAME_GAP - monotonic()
        if wait <= 0:
            self._on_timer_update()
        elif self._frame_due is None:
            self._frame_due = self.set_timer(wait, self._paint_when_due, name="prompt-frame")

    def _paint_when_due(self) -> None:
        self._frame_due = None
        if not self.app._batch_count and self.is_current and self._needs_frame():
            self._on_timer_update()

    def _on_timer_update(self) -> None:
        self._last_frame = monotonic()
        self._idle_since = None
        super()._on_timer_update()
