"""Garbage collection between keys, not during them.

Python's collector runs when enough objects have been allocated, which is whenever a key
happens to allocate them. A full collection walks every object the app keeps (its caches
grow as screens are seen), and in a session it grew from 7 to 35 ms: that pause landed inside
one key press in ten (benchmarks/RESULTS.md).

So the work moves to the moments when nobody is typing:

- after the first frame, start-up's garbage is collected once and what survives is frozen
  (``gc.freeze``: the collector no longer walks it);
- a short pause in the input (``SHORT_IDLE``) collects the young generations and freezes what
  survives, so the collections that the next keys trigger walk only what those keys made;
- a long pause (``LONG_IDLE``) unfreezes everything and runs a full collection, which frees
  any cycle that became garbage after it was frozen, then freezes the survivors again;
- while it runs, the youngest generation is collected only after ``YOUNG_THRESHOLD`` net
  allocations of container objects, not Python's 700. A key press makes up to about 28,000
  (opening help; measured with the threshold lifted), so at 700 the young generation was
  collected inside the keys themselves: 14 times for each record opened, about 2 ms of the
  key. At 50,000 no key in the benchmarks triggers one, and the short pause collects what
  they made.

Objects freed by reference counting (most of them) go at once, frozen or not; only cycles wait
for the long pause. Nothing here changes what is collected, only when.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from time import monotonic
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

SHORT_IDLE = 0.1  # seconds without input before the young generations are collected
LONG_IDLE = 5.0  # seconds without input before a full collection
YOUNG_THRESHOLD = 50_000  # net container allocations before Python collects the young


class IdleCollector:
    def __init__(self, app: App[Any], busy: Callable[[], bool]) -> None:
        self.app = app
        self.busy = busy  # keys typed ahead and not yet handled: not idle
        self.last_input = monotonic()
        self.short_timer: Timer | None = None
        self.long_timer: Timer | None = None
        self.young_collections = 0
        self.full_collections = 0

    def start(self) -> None:
        """After the first frame (launch() paused the collector for start-up)."""
        gc.collect()
        gc.freeze()
        gc.set_threshold(YOUNG_THRESHOLD, *gc.get_threshold()[1:])
        gc.enable()
        self.short_timer = self.app.set_interval(SHORT_IDLE, self._short_pause, pause=True)

    def input_seen(self) -> None:
        self.last_input = monotonic()
        if self.short_timer is not None:
            self.short_timer.resume()
        if self.long_timer is not None:
            self.long_timer.stop()
            self.long_timer = None

    def _short_pause(self) -> None:
        if monotonic() - self.last_input < SHORT_IDLE or self.busy():
            return  # the next tick looks again
        assert self.short_timer is not None
        self.short_timer.pause()
        gc.collect(1)
        gc.freeze()
        self.young_collections += 1
        self.long_timer = self.app.set_timer(LONG_IDLE, self._long_pause)

    def _long_pause(self) -> None:
        self.long_timer = None
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self.full_collections += 1
