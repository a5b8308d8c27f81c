"""The real ``backtui`` entry point, in a pseudo-terminal and as a plain subprocess.

Each run gets its own HOME, XDG_*_HOME folders and --profile under tmp_path, so nothing is
written to the user's files.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from ui_helpers import KB_OTHER, KB_SMALL

BACKTUI = Path(sys.executable).parent / "backtui"  # the entry point of this environment
INVALID_KB = Path(__file__).parent / "fixtures" / "invalid" / "dangling-source.yaml"
# CSI, OSC and two-character escape sequences, to read the screen as text.
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")
TRACEBACK = re.compile(r"Traceback|Error:|Exception")

pytestmark = pytest.mark.skipif(not BACKTUI.exists(), reason="backtui is not installed here")


def private_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BACKTUI_", "TEXTUAL"))}
    env.update(HOME=str(tmp_path), TERM="xterm-256color")
    for kind in ("DATA", "CACHE", "CONFIG", "STATE"):  # the profile, the KB cache, ...
        env[f"XDG_{kind}_HOME"] = str(tmp_path / kind.lower())
    return env


class Terminal:
    """``backtui`` on the far side of a pseudo-terminal of a given size."""

    def __init__(self, args: list[str], tmp_path: Path, size: tuple[int, int] = (120, 40)):
        self.master, slave = pty.openpty()
        columns, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            [str(BACKTUI), *args, "--profile", str(tmp_path / "profile.json")],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=private_env(tmp_path),
            cwd=tmp_path,
            start_new_session=True,
        )
        os.close(slave)
        self.output = b""
        self.mark = 0  # where the output after the last key starts

    def _read(self, timeout: float) -> bool:
        """Read what is available; False at end of output."""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return True
        try:
            data = os.read(self.master, 65536)
        except OSError:  # EIO: the far side closed
            return False
        self.output += data
        return bool(data)

    def text(self, since: int = 0) -> str:
        return ANSI.sub("", self.output[since:].decode("utf-8", "replace"))

    def wait_for(self, wanted: str, timeout: float = 15.0) -> float:
        """Wait until ``wanted`` is drawn after the last key; returns the seconds it took."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if wanted in self.text(self.mark):
                return time.monotonic() - start
            if not self._read(0.05):
                break
        raise AssertionError(f"{wanted!r} never appeared; the screen shows:\n{self.text()[-2000:]}")

    def send(self, keys: str) -> None:
        self.mark = len(self.output)
        os.write(self.master, keys.encode())

    def finish(self, timeout: float = 20.0) -> int:
        end = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < end:
            self._read(0.05)
        while self._read(0.05) and time.monotonic() < end:
            pass
        code = self.proc.poll()
        assert code is not None, "backtui did not exit"
        return code

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        os.close(self.master)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[type[Terminal]]:
    opened: list[Terminal] = []

    class Opened(Terminal):
        def __init__(self, args: list[str], size: tuple[int, int] = (120, 40)) -> None:
            super().__init__(args, tmp_path, size)
            opened.append(self)

    yield Opened  # type: ignore[misc]
    for each in opened:
        each.close()


@pytest.mark.slow
def test_a_session_in_a_real_terminal(terminal: type[Terminal]) -> None:
    term = terminal(["--data", str(KB_SMALL)])  # type: ignore[call-arg]
    first = term.wait_for("Rest with a brace")  # the third column's part: all three are drawn
    for name in ("Stretching", "Warm baths", "Rest"):
        assert name in term.text()
    assert first < 15
    term.send("2")
    term.wait_for("Pain · sham stretching")
    term.send("l")
    time.sleep(0.2)
    term.send("\r")
    term.wait_for("Warm baths: Pain versus no treatment")  # l moved to the second column
    term.send("\x1b")
    time.sleep(0.3)  # a lone Esc is told from the start of a sequence by a pause
    term.wait_for("1 Overview")  # the whole screen is drawn again, modal gone
    term.send("g")
    term.wait_for("Option Grid")
    term.send("q")
    assert term.finish() == 0
    assert not TRACEBACK.search(term.text()), term.text()[-3000:]
    assert "\x1b[?1049l" in term.output.decode("utf-8", "replace")  # the terminal was restored


@pytest.mark.slow
def test_another_kb_at_a_small_size_with_ctrl_q(terminal: type[Terminal]) -> None:
    args = ["--data", str(KB_OTHER), "--compare", "calor,ejercicio", "--aspect", "safety"]
    term = terminal(args, size=(60, 20))  # type: ignore[call-arg]
    term.wait_for("Quemaduras")  # calor's serious harm, at Safety
    term.send("]")
    term.wait_for("No side-effect evidence")
    term.send("l")
    term.wait_for("Agujetas")  # ejercicio's side effect, in the one narrow column
    term.send("\x11")  # ctrl+q
    assert term.finish() == 0
    assert not TRACEBACK.search(term.text()), term.text()[-3000:]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--compare", "nope"], "unknown option id 'nope'"),
        (["--compare", "stretching,nope"], "unknown option id 'nope'"),
        (["--theme", "nope"], "unknown theme 'nope'"),
        (["--aspect", "nope"], "unknown aspect 'nope'"),
        (["--data", str(INVALID_KB)], "dangling-source.yaml is not valid"),
    ],
)
def test_bad_arguments_exit_2_with_a_plain_message(
    args: list[str], message: str, tmp_path: Path
) -> None:
    if "--data" not in args:
        args = ["--data", str(KB_SMALL), *args]
    result = subprocess.run(
        [str(BACKTUI), *args],
        capture_output=True,
        text=True,
        env=private_env(tmp_path),
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert result.stderr.startswith(("backtui: ", str(INVALID_KB)))
    assert "\x1b" not in result.stdout + result.stderr
    assert not TRACEBACK.search(result.stderr)


def test_the_invalid_kb_message_names_the_problem(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(BACKTUI), "--data", str(INVALID_KB)],
        capture_output=True,
        text=True,
        env=private_env(tmp_path),
        timeout=60,
    )
    first = result.stderr.splitlines()[0]
    assert re.match(rf"{re.escape(str(INVALID_KB))}:\d+:\d+: ", first), first
    assert "unknown source" in first


@pytest.mark.slow
def test_a_bad_argument_never_takes_over_the_terminal(terminal: type[Terminal]) -> None:
    term = terminal(["--data", str(KB_SMALL), "--compare", "stretching,nope"])  # type: ignore[call-arg]
    assert term.finish() == 2
    shown = term.output.decode("utf-8", "replace")
    assert "unknown option id 'nope'" in shown
    assert "\x1b" not in shown  # no alternate screen, no mouse mode, no colours


def test_the_knowledge_base_package_never_imports_textual() -> None:
    code = (
        "import importlib, pkgutil, sys, backtui.kb\n"
        "for info in pkgutil.walk_packages(backtui.kb.__path__, 'backtui.kb.'):\n"
        "    importlib.import_module(info.name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))\n"
        "print(sorted(m for m in sys.modules if m.startswith('backtui.kb.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    textual, kb_modules = result.stdout.splitlines()
    assert textual == "[]"
    assert "backtui.kb.loader" in kb_modules and "backtui.kb.queries" in kb_modules
