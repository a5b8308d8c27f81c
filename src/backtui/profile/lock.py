"""An exclusive lock between backtui processes, on any OS.

- POSIX: ``fcntl.flock`` on the open lock file; the kernel drops it if the process dies.
- Windows: ``msvcrt.locking`` on the lock file's first byte; also dropped by the OS.
- Anywhere else (no ``fcntl``, no ``msvcrt``): a second file, ``held``, created with
  ``O_EXCL`` and removed on release. One left by a crash is taken over once it is older than
  ``STALE_AFTER`` seconds (a save holds the lock for milliseconds).

The modules are imported when first needed, so backtui imports everywhere. The tests run the
flock path, and the other two on Linux by hiding ``fcntl`` (``tests/test_any_os.py``).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any

STALE_AFTER = 60.0  # seconds
_POLL = 0.002  # seconds between tries

Release = Callable[[], None]


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


def acquire(fd: int, held: Path, timeout: float) -> Release:
    """Take the exclusive lock tied to ``fd`` (the open lock file; ``held`` is the fallback's
    file) and return what releases it. Raises TimeoutError when another process holds it for
    over ``timeout`` seconds, OSError when it cannot be taken at all (a read-only folder)."""
    fcntl = _fcntl()
    msvcrt = _msvcrt() if fcntl is None else None
    if fcntl is not None:

        def take() -> bool:
            return _try(lambda: fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB), BlockingIOError)

        def release() -> None:
            fcntl.flock(fd, fcntl.LOCK_UN)

    elif msvcrt is not None:

        def take() -> bool:
            os.lseek(fd, 0, os.SEEK_SET)  # locking() starts at the file position
            return _try(lambda: msvcrt.locking(fd, msvcrt.LK_NBLCK, 1), OSError)

        def release() -> None:
            os.lseek(fd, 0, os.SEEK_SET)
            with suppress(OSError):
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

    else:

        def take() -> bool:
            return _take_file(held)

        def release() -> None:
            with suppress(OSError):
                os.unlink(held)

    deadline = time.monotonic() + timeout
    while not take():
        if time.monotonic() >= deadline:
            raise TimeoutError
        time.sleep(_POLL)
    return release


def _try(lock: Callable[[], object], busy: type[OSError]) -> bool:
    """Whether ``lock()`` took the lock; ``busy`` is what it raises when another holds it
    (anything else is a real error and propagates)."""
    try:
        lock()
    except busy:
        return False
    return True


def _take_file(held: Path) -> bool:
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
