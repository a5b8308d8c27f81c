"""The terminal driver: Textual's, with an Esc key that arrives when its delay is up.

A lone Esc byte may be the start of an escape sequence, so the parser holds it for ``ESCDELAY``
milliseconds. Textual's input thread (8.2.8) checks that timer only when ``select()`` returns,
which with no input is every 100 ms, so Esc, the key that closes every dialog, took 100 to
200 ms whatever ``ESCDELAY`` said. This thread waits only until the parser's deadline. The
loop otherwise does what Textual's does; it reaches into the parser's private deadline, which
is why Textual is pinned exactly (tests/test_driver.py checks it).
"""

from __future__ import annotations

import os
import selectors
from codecs import getincrementaldecoder

from textual._parser import ParseError
from textual._time import get_time
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

IDLE_WAIT = 0.1  # seconds between checks of the exit flag when nothing is pending


def input_wait(deadline: float | None, now: float) -> float:
    """How long ``select()`` may wait: until the parser's deadline, if it has one."""
    if deadline is None:
        return IDLE_WAIT
    return min(IDLE_WAIT, max(0.0, deadline - now))


class PromptEscapeDriver(LinuxDriver):
    def run_input_thread(self) -> None:
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode

        def pump(ready: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> None:
            for number, (_key, mask) in enumerate(ready, 1):
                if mask & selectors.EVENT_READ:
                    text = decode(os.read(self.fileno, 4096), final=final and number == len(ready))
                    if not text:
                        break  # standard input is a pipe that closed
                    for event in parser.feed(text):
                        self.process_message(event)
            for event in parser.tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                pump(selector.select(input_wait(parser._timeout_time, get_time())))
            selector.unregister(self.fileno)
            pump(selector.select(IDLE_WAIT), final=True)
        finally:
            selector.close()
            try:
                for _event in parser.feed(""):
                    pass
            except (EOFError, ParseError):
                pass
