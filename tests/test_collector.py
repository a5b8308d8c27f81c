"""The garbage collector runs in pauses of the input, not inside key presses (ui/collector.py)."""

from __future__ import annotations

import asyncio
import gc
import weakref
from collections.abc import Iterator

import pytest
from conftest import SHIPPED_KB
from textual.app import App
from ui_helpers import make_app

from backtui.ui import collector as collector_module
from backtui.ui.collector import IdleCollector


@pytest.fixture
def collector_state() -> Iterator[None]:
    """As launch() leaves it: the collector paused; afterwards, as it was."""
    was_enabled = gc.isenabled()
    threshold = gc.get_threshold()
    gc.disable()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)
    if was_enabled:
        gc.enable()


class Cycle:
    def __init__(self) -> None:
        self.me = self


async def test_pauses_collect_and_freeze_and_keys_typed_ahead_wait(
    collector_state: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(collector_module, "SHORT_IDLE", 0.02)
    monkeypatch.setattr(collector_module, "LONG_IDLE", 0.2)
    pending = [True]
    app: App[None] = App()
    async with app.run_test():
        collector = IdleCollector(app, lambda: pending[0])
        collector.start()
        assert gc.isenabled() and gc.get_freeze_count() > 0
        collector.input_seen()
        await asyncio.sleep(0.15)
        assert collector.young_collections == 0, "keys still pending: not a pause"
        pending[0] = False
        frozen_before = gc.get_freeze_count()
        garbage = Cycle()
        await asyncio.sleep(0.1)
        assert collector.young_collections == 1
        assert gc.get_freeze_count() > frozen_before, "what survived is out of the way"
        # A cycle that becomes garbage after it was frozen goes in the long pause.
        gone = weakref.ref(garbage)
        del garbage
        gc.collect()
        assert gone() is not None, "frozen: an ordinary collection leaves it"
        await asyncio.sleep(0.4)
        assert collector.full_collections == 1
        assert gone() is None
        # Input stops the long pause's timer; one pause, one young collection.
        collector.input_seen()
        collector.input_seen()
        await asyncio.sleep(0.1)
        assert collector.young_collections == 2
        collector.input_seen()
        await asyncio.sleep(0.01)
        assert collector.long_timer is None


async def test_the_app_tells_its_collector_about_keys_and_starts_it_after_launch(
    collector_state: None,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.1)
        assert gc.isenabled(), "started after the first frame"
        assert app.collector.short_timer is not None
        before = app.collector.last_input
        await pilot.press("2")
        assert app.collector.last_input > before


async def test_without_launch_the_collector_is_left_alone() -> None:
    assert gc.isenabled()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.1)
        assert app.collector.short_timer is None


@pytest.mark.parametrize("young_threshold", [collector_module.YOUNG_THRESHOLD, 700])
async def test_keys_trigger_no_young_collection_of_their_own(
    collector_state: None, monkeypatch: pytest.MonkeyPatch, young_threshold: int
) -> None:
    # Keys pressed after a pause, as when reading the screen between them. At Python's own
    # threshold (700) the same keys collect inside themselves: the check can fail.
    monkeypatch.setattr(collector_module, "YOUNG_THRESHOLD", young_threshold)
    monkeypatch.setattr(collector_module, "SHORT_IDLE", 0.02)
    young: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        # The collector's own collections are of generations 1 and 2.
        if phase == "start" and info["generation"] == 0:
            young.append(1)

    app = make_app(SHIPPED_KB)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.1)
        assert gc.get_threshold()[0] == young_threshold
        gc.callbacks.append(seen)
        try:
            for key in ("2", "enter", "escape", "j", "enter", "escape", "c", "question_mark"):
                await pilot.press(key)
                await pilot.pause(0.1)  # the short pause collects what the key made
        finally:
            gc.callbacks.remove(seen)
    if young_threshold == 700:
        assert young
    else:
        assert not young
