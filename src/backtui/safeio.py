"""Reading and writing files safely, shared by the profile store, the export and the cache.

- ``read_bounded``: a regular file of at most ``limit`` bytes. Opening never hangs on a FIFO
  and a file that grows while it is read is still refused.
- ``write_atomic``: a temporary file in the same folder, ``fsync``, then ``os.replace`` (or a
  hard link that never replaces a file that appeared meanwhile). The target is always the old
  file or the complete new one; the temporary file never stays behind.
- ``fsync_folder``: makes a rename durable.

Raises OSError (and ``Unreadable``) for the caller to word. Pure Python; any OS: flags that
Windows lacks are 0 there.
"""

from __future__ import annotations

import errno
import os
import stat
from contextlib import suppress
from pathlib import Path

# os.open flags, 0 where the OS has no such flag (Windows lacks all but O_BINARY).
O_CLOEXEC: int = getattr(os, "O_CLOEXEC", 0)
O_NONBLOCK: int = getattr(os, "O_NONBLOCK", 0)  # opening a FIFO must not hang
O_NOCTTY: int = getattr(os, "O_NOCTTY", 0)
O_BINARY: int = getattr(os, "O_BINARY", 0)  # Windows: no newline translation
O_DIRECTORY: int = getattr(os, "O_DIRECTORY", 0)


class Unreadable(Exception):
    """The file exists but cannot be used. ``reason`` follows "it" or a name ("is not a
    regular file", "could not be opened"); ``error`` is the OSError behind it, if any."""

    def __init__(self, reason: str, error: OSError | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.error = error


class TempFileError(OSError):
    """The temporary file could not be created: the folder does not take new files."""


def read_bounded(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    Raises FileNotFoundError when there is no file, Unreadable for anything else that stops
    it: a folder, a FIFO or device, a file over ``limit`` bytes, an error opening or reading.
    """
    try:
        fd = os.open(path, os.O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY | O_BINARY)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise Unreadable("could not be opened", exc) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise Unreadable("is not a regular file: it is a folder")
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable("is not a regular file")
        if info.st_size > limit:
            raise Unreadable(f"is larger than {limit:,} bytes")
        chunks: list[bytes] = []
        total = 0
        while chunk := os.read(fd, limit + 1 - total):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # it grew after the fstat
                raise Unreadable(f"is larger than {limit:,} bytes")
        return b"".join(chunks)
    except OSError as exc:  # EIO, EINVAL (/proc files)
        raise Unreadable("could not be read", exc) from None
    finally:
        with suppress(OSError):  # nothing was written through it
            os.close(fd)


def write_all(fd: int, data: bytes) -> None:
    """os.write until all of ``data`` is written (one call may write only part of it)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def write_atomic(
    path: Path, data: bytes, *, temp: Path, mode: int = 0o600, replace: bool = True
) -> None:
    """Write ``data`` to ``path`` through ``temp`` (a new name in the same folder).

    The temporary file is created 0600, given ``mode``, written, flushed with ``fsync`` and
    moved over ``path``. ``replace=False`` moves it only if ``path`` does not exist (a hard
    link; FileExistsError if it does, even when it appeared a moment ago). Raises OSError
    (TempFileError when ``temp`` cannot be created); ``path`` is then as it was, and ``temp``
    is gone. Call ``fsync_folder`` after it to make the rename itself durable.
    """
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | O_CLOEXEC | O_BINARY, 0o600)
    except OSError as exc:
        raise TempFileError(exc.errno, exc.strerror, exc.filename) from None
    try:
        try:
            write_all(fd, data)
            if mode != 0o600:
                _chmod(fd, temp, mode)
            os.fsync(fd)
        finally:
            os.close(fd)
        if replace:
            os.replace(temp, path)
        else:
            _link(temp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temp)
        raise
    if not replace:
        with suppress(OSError):
            os.unlink(temp)


def _chmod(fd: int, temp: Path, mode: int) -> None:
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
    else:  # Windows before Python 3.13
        os.chmod(temp, mode)


def _link(temp: Path, path: Path) -> None:
    """Give ``temp``'s file the name ``path`` too, unless ``path`` exists."""
    try:
        os.link(temp, path, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: check, then rename
        if os.path.lexists(path):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from None
        os.replace(temp, path)


# Some file systems cannot flush a folder; the rename is then as durable as they make it.
_CANNOT_FSYNC_FOLDER = (errno.EINVAL, errno.ENOTSUP, errno.EBADF)


def fsync_folder(folder: Path) -> None:
    """Flush ``folder`` so a rename in it survives a power cut. Raises OSError, except where
    the file system cannot flush a folder at all."""
    if os.name == "nt":  # a folder cannot be opened there; NTFS journals the rename
        return
    try:
        fd = os.open(folder, os.O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        if exc.errno not in _CANNOT_FSYNC_FOLDER:
            raise
