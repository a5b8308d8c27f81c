"""An exclusive lock between backtui processes, on any OS.

- POSIX: ``fcntl.flock`` on the open lock file; the kernel drops it if the process dies.
- Windows: ``msvcrt.locking`` on the lock file's first byte; also dropped by the OS.
- Anywhere else (no ``fcntl``, no ``msvcrt``): a second file, ``<lock>-held``, created with
  ``O_EXCL`` and removed on release. One left by a crash is taken over once it is older than
  ``STALE_AFTER`` seconds (a save holds the lock for milliseconds).

The modules are imported when first needed, so backtui imports everywhere.
Linux runs all three in the tests (the others by hiding ``fcntl``).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

STALE_AFTER = 60.0  # seconds
_POLL = 0.002  # seconds between tries


def _fcntl() -> Any:
    try:
        import fcntl
    except ImportError:  # Windows, or hidden by a test
        return None
    return fcntl


def _msvcrt() -> Any:
    try:
        import msvcrt
    except ImportError:  # anything but Windows
        return None
    return msvcrt


@contextmanager
def exclusive(fd: int, lock_path: Path, timeout: float) -> Iterator[None]:
    """Hold the exclusive lock tied to ``fd`` (the open lock file at ``lock_path``); raise
    TimeoutError if another process holds it for over ``timeout`` seconds."""
    fcntl = _fcntl()
    msvcrt = _msvcrt() if fcntl is None else None
    held = lock_path.with_name(lock_path.name + "-held")
    deadline = time.monotonic() + timeout
    while True:
        if fcntl is not None:
            got = _try(lambda: fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB), BlockingIOError)
        elif msvcrt is not None:
            os.lseek(fd, 0, os.SEEK_SET)  # locking() starts at the file position
            got = _try(lambda: msvcrt.locking(fd, msvcrt.LK_NBLCK, 1), OSError)
        else:
            got = _take(held)
        if got:
            break
        if time.monotonic() >= deadline:
            raise TimeoutError
        time.sleep(_POLL)
    try:
        yield
    finally:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
        elif msvcrt is not None:
            os.lseek(fd, 0, os.SEEK_SET)
            with suppress(OSError):
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            with suppress(OSError):
                os.unlink(held)


def _try(lock: Any, busy: type[OSError]) -> bool:
    """Whether ``lock()`` took the lock; ``busy`` is what it raises when another holds it
    (anything else is a real error and propagates)."""
    try:
        lock()
    except busy:
        return False
    return True


def _take(held: Path) -> bool:
    """Create ``held`` if it does not exist; take over one a crashed process left."""
    try:
        os.close(os.open(held, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        return True
    except FileExistsError:
        pass
    with suppress(OSError):
        if time.time() - os.stat(held).st_mtime > STALE_AFTER:
            os.unlink(held)  # the next try creates it afresh
    return False
