"""A real pseudo-terminal for the benchmarks: a private tmux server driven in control mode.

One ``tmux -C`` client stays attached for the whole run, so each ``capture-pane`` is a line
written to its stdin and a block read back (about 0.1 ms), not a new tmux process per poll:
on a 2-core machine a process per poll would steal the CPU the app being timed needs.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

WIDTH = 120
HEIGHT = 40
POLL = 0.005  # seconds between captures


class TmuxError(RuntimeError):
    pass


@dataclass
class Wait:
    """The result of polling until a condition holds."""

    ok: bool
    elapsed: float  # seconds from the start given to ``until`` to the matching capture
    polls: int
    screen: list[str] = field(default_factory=list)


def available() -> bool:
    try:
        subprocess.run(["tmux", "-V"], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        return False
    return True


class Tmux:
    def __init__(self, env: dict[str, str] | None = None) -> None:
        self.socket = f"backtui-bench-{os.getpid()}"
        self._env = dict(os.environ if env is None else env)
        for name in list(self._env):
            if name.startswith(("TMUX", "TEXTUAL")) or name in ("COLUMNS", "LINES"):
                del self._env[name]
        self._env["COLORTERM"] = "truecolor"
        self._run(
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "bench",
            "-x",
            str(WIDTH),
            "-y",
            str(HEIGHT),
            "sleep 1000000",
        )
        self._client = subprocess.Popen(
            ["tmux", "-L", self.socket, "-C", "attach-session", "-t", "bench"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
            env=self._env,
        )
        assert self._client.stdout is not None
        self._out = self._client.stdout
        self._skip_block()  # the attach command's own reply
        for option in (
            "set-option -g status off",
            "set-option -g escape-time 0",
            "set-option -g default-terminal tmux-256color",
            f"set-option -g default-size {WIDTH}x{HEIGHT}",
            "set-option -g remain-on-exit on",  # a crashed app leaves its message
            "refresh-client -f no-output",
            # A control client is 80 columns wide unless told otherwise, and windows follow
            # the size of the latest client: give it the benchmark's size.
            f"refresh-client -C {WIDTH}x{HEIGHT}",
        ):
            self.command(option)
        self.poll_cost = self._measure_poll_cost()

    # ------------------------------------------------------------------ plumbing

    def _run(self, *args: str) -> None:
        subprocess.run(
            ["tmux", "-L", self.socket, *args], check=True, env=self._env, capture_output=True
        )

    def _line(self) -> bytes:
        line = self._out.readline()
        if not line:
            raise TmuxError("the tmux control client exited")
        return line

    def _skip_block(self) -> None:
        while not self._line().startswith(b"%begin"):
            pass
        while not self._line().startswith((b"%end", b"%error")):
            pass

    def command(self, command: str) -> list[str]:
        """Run one tmux command; return its output lines."""
        assert self._client.stdin is not None
        self._client.stdin.write(command.encode() + b"\n")
        while not self._line().startswith(b"%begin"):
            pass  # notifications (%window-add, %exit ...) between replies
        lines: list[bytes] = []
        while True:
            line = self._line()
            if line.startswith(b"%end"):
                return [raw.decode("utf-8", "replace").rstrip("\n") for raw in lines]
            if line.startswith(b"%error"):
                raise TmuxError(f"{command}: {b''.join(lines).decode(errors='replace')}")
            lines.append(line)

    def _measure_poll_cost(self) -> float:
        started = time.perf_counter()
        for _ in range(50):
            self.command("capture-pane -p -t bench")
        return (time.perf_counter() - started) / 50

    def close(self) -> None:
        try:
            self._run("kill-server")
        except subprocess.CalledProcessError:
            pass
        if self._client.poll() is None:
            self._client.kill()
        self._client.wait()

    def __enter__(self) -> Tmux:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ panes

    def start(self, argv: Sequence[str], env: dict[str, str] | None = None) -> str:
        """Run ``argv`` in a new 120x40 window; return its pane id. Time it from just before."""
        extra = " ".join(f"-e {shlex.quote(f'{k}={v}')}" for k, v in (env or {}).items())
        line = shlex.join(argv)
        reply = self.command(
            f"new-window -d -P -F '#{{pane_id}}' {extra} {shlex.quote('exec ' + line)}"
        )
        return reply[0].strip()

    def kill(self, pane: str) -> None:
        try:
            self.command(f"kill-pane -t {pane}")
        except TmuxError:
            pass  # already gone

    def alive(self, pane: str) -> bool:
        panes = self.command("list-panes -a -F '#{pane_id}'")
        return pane in panes

    def capture(self, pane: str, escapes: bool = False) -> list[str]:
        return self.command(f"capture-pane -p {'-e ' if escapes else ''}-t {pane}")

    def send(self, pane: str, key: str) -> None:
        self.command(f"send-keys -t {pane} {shlex.quote(key)}")

    def until(
        self,
        pane: str,
        predicate: Callable[[list[str]], bool],
        start: float,
        timeout: float = 20.0,
        escapes: bool = False,
    ) -> Wait:
        """Capture every POLL seconds until ``predicate(screen)``; time from ``start``."""
        polls = 0
        screen: list[str] = []
        while True:
            screen = self.capture(pane, escapes)
            now = time.perf_counter()
            polls += 1
            if predicate(screen):
                return Wait(True, now - start, polls, screen)
            if now - start > timeout:
                return Wait(False, now - start, polls, screen)
            time.sleep(POLL)

    def settle(
        self, pane: str, quiet: float = 0.25, timeout: float = 10.0, escapes: bool = False
    ) -> list[str]:
        """Poll until the screen has not changed for ``quiet`` seconds; return it."""
        started = time.perf_counter()
        last = self.capture(pane, escapes)
        changed = time.perf_counter()
        while True:
            time.sleep(POLL)
            screen = self.capture(pane, escapes)
            now = time.perf_counter()
            if screen != last:
                last, changed = screen, now
            elif now - changed >= quiet:
                return screen
            if now - started > timeout:
                return screen
