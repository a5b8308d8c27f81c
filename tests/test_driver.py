"""The input thread hands on a lone Esc when its delay is up, not at the next 100 ms poll."""

from __future__ import annotations

import os
import selectors
import threading
import time
from typing import Any

import pytest
from textual import events

from backtui.ui import textual_compat as driver_module
from backtui.ui.textual_compat import IDLE_WAIT, PromptEscapeDriver, input_wait


def test_input_wait() -> None:
    assert input_wait(None, 5.0) == IDLE_WAIT
    assert input_wait(5.025, 5.0) == pytest.approx(0.025)
    assert input_wait(4.0, 5.0) == 0.0  # overdue: look at once
    assert input_wait(9.0, 5.0) == IDLE_WAIT  # still wakes to check for exit


class ScriptedSelector:
    """Stands in for select(): the pipe is ready once, then never again; four calls in all."""

    def __init__(self, stop: threading.Event) -> None:
        self.timeouts: list[float | None] = []
        self.stop = stop
        self.fileobj: Any = None

    def register(self, fileobj: Any, events: int) -> None:
        self.fileobj = fileobj

    def unregister(self, fileobj: Any) -> None:
        pass

    def close(self) -> None:
        pass

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        self.timeouts.append(timeout)
        if len(self.timeouts) == 1:
            key = selectors.SelectorKey(self.fileobj, self.fileobj, selectors.EVENT_READ, None)
            return [(key, selectors.EVENT_READ)]
        if len(self.timeouts) >= 4:
            self.stop.set()
        time.sleep(min(timeout or 0.0, 0.2))  # as select() would, with nothing to read
        return []


def test_a_lone_escape_is_waited_for_only_until_its_deadline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("textual.constants.ESCAPE_DELAY", 0.025)
    read_end, write_end = os.pipe()
    os.write(write_end, b"\x1b")
    driver = PromptEscapeDriver.__new__(PromptEscapeDriver)
    driver.fileno = read_end
    driver._debug = False
    driver.exit_event = threading.Event()
    selector = ScriptedSelector(driver.exit_event)
    monkeypatch.setattr(driver_module.selectors, "SelectSelector", lambda: selector)
    received: list[object] = []
    driver.process_message = received.append  # type: ignore[method-assign]
    try:
        driver.run_input_thread()
    finally:
        os.close(read_end)
        os.close(write_end)
    # After the Esc byte, select() waits at most the escape delay, not the 100 ms poll.
    assert selector.timeouts[0] == IDLE_WAIT
    assert selector.timeouts[1] is not None and selector.timeouts[1] <= 0.025
    keys = [event.key for event in received if isinstance(event, events.Key)]
    assert keys == ["escape"]
    # Once the Esc is out, it goes back to the idle poll.
    assert selector.timeouts[-2] == IDLE_WAIT


def test_the_app_runs_on_this_driver_in_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from ui_helpers import make_app

    monkeypatch.setattr("textual.constants.DRIVER", None)
    assert make_app().get_driver_class() is PromptEscapeDriver
    monkeypatch.setattr("textual.constants.DRIVER", "textual.drivers.linux_driver:LinuxDriver")
    assert make_app().get_driver_class() is not PromptEscapeDriver
