"""A cache of validated knowledge bases, so the app starts without parsing YAML again.

Parsing is most of the cost of loading (about 1 s for a 4.5 MB file; see
benchmarks/RESULTS.md), and the app reads the same file at every start. After a successful
``loader.load`` the validated knowledge base and its warnings are written, as msgpack, to
``platformdirs.user_cache_dir("backtui")/kb/``, under a key made of:

- the SHA-256 of the file's bytes (any edit, even one that keeps size and time, is a miss);
- the source of the modules that decide validity (schema, rules, reader, loader) and the
  versions of backtui and msgspec (a change to the rules is a miss);
- today's date (a warning says when the review date has passed).

A hit is decoded straight into the schema's types, which re-checks every field's type and
constraint; anything unexpected (a short read, a corrupt or foreign file, no permission) is
a miss, and a miss is simply ``loader.load``. Errors in the file are never cached: they are
reported by ``loader.load`` exactly as without the cache. ``backtui check`` does not use the
cache; set ``BACKTUI_NO_CACHE=1`` to bypass it.

On a hit neither PyYAML nor the reader is imported.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from backtui import __version__, safeio
from backtui.kb.errors import Problem
from backtui.kb.schema import KnowledgeBase

if TYPE_CHECKING:
    from backtui.kb.loader import Loaded

NO_CACHE_VAR = "BACKTUI_NO_CACHE"
FORMAT = 1
KEEP = 8  # entries kept; older ones are removed when a new one is written
MAX_BYTES = 64 * 1024 * 1024  # larger files are not cached (the loader refuses them anyway)
_RULES = ("schema.py", "validate.py", "yamlread.py", "loader.py", "errors.py", "cache.py")


class _Warning(msgspec.Struct, array_like=True, frozen=True):
    message: str
    field: str
    line: int | None
    column: int | None


class _Entry(msgspec.Struct, frozen=True):
    format: int
    kb: KnowledgeBase
    warnings: list[_Warning]


def cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("backtui", appauthor=False)) / "kb"


def load_cached(path: str) -> Loaded:
    """``loader.load(path)``, from the cache when this exact file was validated before."""
    raw = None if os.environ.get(NO_CACHE_VAR) else _read(path)
    if raw is None:
        from backtui.kb.loader import load

        return load(path)
    entry_path = cache_dir() / f"{_key(raw)}.msgpack"
    loaded = _from_cache(entry_path, path)
    if loaded is not None:
        return loaded
    from backtui.kb.loader import load_bytes

    # The bytes hashed are the bytes parsed: a file swapped meanwhile cannot be filed under
    # the other file's hash. Raises KBError for an invalid file: nothing is cached.
    loaded = load_bytes(path, raw)
    _store(entry_path, loaded)
    return loaded


def _read(path: str) -> bytes | None:
    """The file's bytes if it is a regular file of a sane size, else None (then the loader
    reads it and reports whatever is wrong)."""
    try:
        return safeio.read_bounded(path, MAX_BYTES)
    except (OSError, safeio.Unreadable):
        return None


def _key(raw: bytes) -> str:
    digest = hashlib.sha256(raw)
    here = Path(__file__).parent
    for name in _RULES:
        try:
            digest.update((here / name).read_bytes())
        except OSError:
            digest.update(name.encode())
    stamp = f"{FORMAT}|{__version__}|{msgspec.__version__}|{datetime.date.today().isoformat()}"
    digest.update(stamp.encode())
    return digest.hexdigest()


def _from_cache(entry_path: Path, path: str) -> Loaded | None:
    try:
        data = entry_path.read_bytes()
        entry = msgspec.msgpack.decode(data, type=_Entry)
    except (OSError, ValueError, msgspec.DecodeError):  # missing, unreadable, corrupt, foreign
        return None
    if entry.format != FORMAT:
        return None
    from backtui.kb import validate
    from backtui.kb.loader import Loaded

    # Decoding re-checked every field and record; the cross-file rules are cheap, so a
    # tampered entry with a dangling reference is a miss too, never a crash later.
    if validate.errors(entry.kb):
        return None

    warnings = [Problem(path, w.message, w.field, w.line, w.column) for w in entry.warnings]
    return Loaded(kb=entry.kb, path=path, warnings=warnings)


def _store(entry_path: Path, loaded: Loaded) -> None:
    """Write the entry atomically; a cache that cannot be written is no error."""
    entry = _Entry(
        FORMAT,
        loaded.kb,
        [_Warning(w.message, w.field, w.line, w.column) for w in loaded.warnings],
    )
    try:
        entry_path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=entry_path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(msgspec.msgpack.encode(entry))
            os.replace(temporary, entry_path)
        except BaseException:
            os.unlink(temporary)
            raise
        _prune(entry_path.parent)
    except OSError:
        pass


def _prune(directory: Path) -> None:
    entries = sorted(directory.glob("*.msgpack"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)
