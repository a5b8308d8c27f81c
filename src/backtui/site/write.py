"""Writing the site's files into a folder, never over the person's own files unasked."""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path


class SiteError(Exception):
    """The site could not be written; the message says why, for the person using backtui."""


def _check_folder(folder: Path, force: bool) -> None:
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        try:
            folder.mkdir(parents=True)
        except OSError as exc:
            raise SiteError(f"cannot create the folder {folder}: {exc.strerror or exc}") from None
        return
    except OSError as exc:
        raise SiteError(f"cannot use {folder}: {exc.strerror or exc}") from None
    if not stat.S_ISDIR(info.st_mode):
        raise SiteError(f"{folder} is not a folder; give a new or empty folder with --out")
    try:
        entries = os.listdir(folder)
    except OSError as exc:
        raise SiteError(f"cannot read the folder {folder}: {exc.strerror or exc}") from None
    if entries and not force:
        raise SiteError(
            f"{folder} is not empty; give a new or empty folder, or use --force to write into "
            "it (files with the site's names are replaced, others are left alone)"
        )


def _write_one(folder: Path, name: str, data: bytes) -> None:
    """A temporary file in the folder, then a rename: a link or a file of the same name is
    replaced, never written through."""
    target = folder / name
    if target.is_dir() and not target.is_symlink():
        raise SiteError(f"{target} is a folder; not replacing it")
    temp = folder / f".backtui-site-{os.getpid()}-{secrets.token_hex(4)}.tmp"
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(temp, target)
    except OSError as exc:
        raise SiteError(f"could not write {target}: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def write_site(files: dict[str, str], out: str | os.PathLike[str], force: bool = False) -> Path:
    """Write ``files`` (name -> text, UTF-8) into the folder ``out``, which must be new or
    empty unless ``force``. Returns the folder."""
    folder = Path(out)
    _check_folder(folder, force)
    for name, text in files.items():
        _write_one(folder, name, text.encode("utf-8"))
    return folder
