"""backtui without ``fcntl`` (as on Windows): it imports, the commands run, the app starts and
saves, and two processes saving at once still keep each other's changes (issue 17).

Linux is what CI runs. Windows itself is not tested here; its path is covered only this far:
in a subprocess, ``fcntl`` hidden (``sys.modules["fcntl"] = None``) and the ``os.open`` flags
Windows lacks deleted, so the profile lock falls back to its lock file (``msvcrt`` is not
there on Linux either); in-process, ``msvcrt.locking`` acted out by a fake."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import KB_SMALL, REPO

from backtui.profile import lock
from backtui.profile.store import ProfileError, ProfileStore, set_rating

# As on Windows: no fcntl, and none of these os.open flags.
HIDE_FCNTL = (
    "import os, sys; sys.modules['fcntl'] = None\n"
    "for flag in ('O_CLOEXEC', 'O_NOCTTY', 'O_NONBLOCK', 'O_DIRECTORY'):\n"
    "    delattr(os, flag)\n"
)

IMPORT_AND_SAVE = r"""
import asyncio, sys
from pathlib import Path
from typing import Any

import backtui.cli
from backtui.profile.store import ProfileStore, set_rating, toggle_shortlist

kb, folder = sys.argv[1], Path(sys.argv[2])
profile = folder / "profile.json"
first, second = ProfileStore(profile), ProfileStore(profile)
first.load()
second.load()
first.update(set_rating("cost", 1))
second.update(toggle_shortlist("rest", on=True))  # merged with the first window's change
assert backtui.cli.main(["check", kb]) == 0
out = folder / "summary.md"
args = ["export", "--data", kb, "--profile", str(profile), "--out", str(out)]
assert backtui.cli.main(args) == 0 and out.read_text(encoding="utf-8").startswith("# ")

from backtui.kb.loader import load
from backtui.ui.app import BacktuiApp


async def start_the_app() -> None:
    store = ProfileStore(profile)
    store.load()
    app = BacktuiApp(load(kb), store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.save_profile(set_rating("pain", 3))
        await app.workers.wait_for_complete()  # should the save move to a worker
        await pilot.pause()


asyncio.run(start_the_app())
assert "fcntl" not in [name for name, module in sys.modules.items() if module is not None]
print("ok", flush=True)
"""


def run_without_fcntl(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", HIDE_FCNTL + code, *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )


def test_without_fcntl_backtui_imports_runs_and_saves(tmp_path: Path) -> None:
    result = run_without_fcntl(IMPORT_AND_SAVE, str(KB_SMALL), str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("\nok\n")
    saved = json.loads((tmp_path / "profile.json").read_text(encoding="utf-8"))
    assert saved["ratings"] == {"cost": 1, "pain": 3}
    assert saved["shortlist"] == ["rest"]
    assert not (tmp_path / "profile.json.lock-held").exists(), "removed on release"


WRITER = r"""
import sys, time
from backtui.profile.store import ProfileStore, set_rating
path, tag, start_at = sys.argv[1], sys.argv[2], float(sys.argv[3])
store = ProfileStore(path)
store.load()
while time.time() < start_at:
    time.sleep(0.001)
for i in range(40):
    store.update(set_rating(f"{tag}-{i}", i % 5))
print("done", flush=True)
"""


@pytest.mark.slow
def test_without_fcntl_two_processes_saving_at_once_keep_all_changes(tmp_path: Path) -> None:
    path = tmp_path / "profile.json"
    start_at = time.time() + 1.0  # both have imported and loaded by then
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", HIDE_FCNTL + WRITER, str(path), tag, str(start_at)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("a", "b")
    ]
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        assert out == "done\n"
    ratings = json.loads(path.read_text(encoding="utf-8"))["ratings"]
    assert ratings == {f"{tag}-{i}": i % 5 for tag in ("a", "b") for i in range(40)}


class FakeMsvcrt:
    """Windows' msvcrt.locking, acted out with POSIX byte-range locks: a second holder is
    refused with OSError, as on Windows."""

    LK_NBLCK, LK_UNLCK = 2, 0

    def __init__(self) -> None:
        import fcntl

        self.fcntl = fcntl
        self.calls: list[tuple[int, int]] = []

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        assert os.lseek(fd, 0, os.SEEK_CUR) == 0 and nbytes == 1  # the first byte, always
        self.calls.append((mode, nbytes))
        operation = self.fcntl.LOCK_UN if mode == self.LK_UNLCK else self.fcntl.LOCK_EX
        try:
            self.fcntl.flock(fd, operation | self.fcntl.LOCK_NB)
        except BlockingIOError:
            raise OSError(errno.EDEADLOCK, "Resource deadlock avoided") from None


def test_the_windows_lock_is_taken_released_and_waited_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeMsvcrt()
    monkeypatch.setitem(sys.modules, "fcntl", None)
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    path = tmp_path / "profile.json"
    store = ProfileStore(path, lock_timeout=0.2)
    store.update(set_rating("cost", 1))
    assert fake.calls == [(fake.LK_NBLCK, 1), (fake.LK_UNLCK, 1)]
    other = os.open(store.lock_path, os.O_RDWR)  # another process, as Windows sees it
    try:
        release = lock.acquire(other, store.held_path, timeout=1)
        with pytest.raises(ProfileError, match="Another backtui has been saving"):
            store.update(set_rating("cost", 2))
        release()
    finally:
        os.close(other)
    store.update(set_rating("cost", 3))
    assert ProfileStore(path).load()[0].ratings == {"cost": 3}


@pytest.fixture
def lock_file_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Neither fcntl nor msvcrt: the lock is the '-held' file."""
    monkeypatch.setitem(sys.modules, "fcntl", None)
    monkeypatch.setitem(sys.modules, "msvcrt", None)


def test_a_held_file_left_by_a_crash_is_taken_over_once_stale(
    tmp_path: Path, lock_file_only: None
) -> None:
    store = ProfileStore(tmp_path / "profile.json", lock_timeout=0.2)
    store.update(set_rating("cost", 1))
    store.held_path.touch()  # a save that is running, or was killed
    with pytest.raises(ProfileError, match="Another backtui has been saving"):
        store.update(set_rating("cost", 2))
    old = time.time() - lock.STALE_AFTER - 1
    os.utime(store.held_path, (old, old))
    assert store.update(set_rating("cost", 3)).ratings == {"cost": 3}
    assert not store.held_path.exists()


def test_a_held_file_that_cannot_be_made_still_lets_the_profile_load(
    tmp_path: Path, lock_file_only: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "profile.json"
    ProfileStore(path).update(set_rating("cost", 1))
    real_open = os.open

    def read_only_folder(file: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if str(file).endswith("-held"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only_folder)
    store = ProfileStore(path)
    assert store.load()[0].ratings == {"cost": 1}  # read without the lock, as before
    with pytest.raises(ProfileError, match="could not lock .*permission denied"):
        store.update(set_rating("cost", 2))
    monkeypatch.undo()
    assert ProfileStore(path).load()[0].ratings == {"cost": 1}
