"""Saving and loading the profile: one JSON file, replaced atomically, changed under a lock.

Pure Python; never imports Textual. Any OS: the lock is ``backtui.profile.lock``'s (``flock``
on POSIX, ``msvcrt.locking`` on Windows, a lock file elsewhere); the format is checked by
msgspec in ``backtui.profile.format``; reading and writing are ``backtui.safeio``'s.

Where it lives
--------------
``default_profile_path()`` is ``platformdirs.user_data_dir("backtui")/profile.json``: on Linux
``~/.local/share/backtui/profile.json`` (or under ``$XDG_DATA_HOME``), on macOS
``~/Library/Application Support/backtui/profile.json``. ``--profile PATH`` uses another file.
Symbolic links in the path are resolved once, when the store is created, so a profile kept
elsewhere through a link is written in place. Next to the profile you may see:

- ``profile.json.lock``: an empty file used only for locking. Safe to delete when no backtui
  is running. (``profile.json.lock-held`` stands in for the lock on a system with neither
  ``fcntl`` nor ``msvcrt``; it exists only while a save runs.)
- ``.profile.json.tmp-*``: a save in progress. One left behind by a crash is removed the next
  time backtui loads the profile.
- ``profile.json.corrupt-YYYYmmddTHHMMSS`` (or ``...-1``, ``-2``, ...): a profile that could not
  be read, moved aside byte for byte. backtui never deletes or overwrites these.

The format (version 2)
----------------------
One JSON object in UTF-8, at most 1 MiB, with exactly these keys::

    {
      "format": "backtui-profile",
      "version": 2,
      "kb_id": "backtui-clbp",
      "ratings": {"pain-relief": 4, "cost": 1},
      "shortlist": ["acupuncture", "exercise"],
      "notes": {"acupuncture": "Ask whether the clinic has evening sessions."},
      "ticked_prompts": ["ask-how-many-sessions"],
      "own_questions": [{"id": "q-3f9a1c2b7d4e", "text": "Can I keep working?", "ticked": false}],
      "sure": {"sure": false, "understand": true, "risk_benefit": null, "support": true},
      "updated": "2026-05-09T07:35:25+00:00",
      "settings": {"theme": "textual-light", "layer": "plain", "comparator": "",
                   "export_folder": "/home/me/Documents"}
    }

- ``format``: always the string ``"backtui-profile"``.
- ``version``: an integer, 1 for this format. A file with a higher version was written by a
  newer backtui: it is refused with a message and never changed (the app runs read-only).
- ``kb_id``: the id of the knowledge base the other ids refer to; ``""`` before the first choice.
- ``ratings``: factor id -> how much it matters, an integer from 0 (does not matter) to
  4 (matters a lot).
- ``shortlist``: option ids in the order they were marked, no repeats.
- ``notes``: option id -> free text, at most 10,000 characters each.
- ``ticked_prompts``: ids of the knowledge base's suggested questions that were ticked, no
  repeats.
- ``own_questions``: the person's own questions in the order added; ``id`` unique, ``text``
  1 to 1,000 characters, ``ticked`` true or false.
- ``sure``: answers to the SURE test; keys among ``sure``, ``understand``, ``risk_benefit``,
  ``support``; values true (yes), false (no) or null (not answered). A missing key is not
  answered.
- ``updated``: when the file was last saved, ISO 8601 with a UTC offset, or ``""``.
- ``settings``: how the app was left, restored at the next launch: ``theme`` (a Textual theme
  name, ``""`` for the default), ``layer`` (``"plain"`` or ``"clinician"``), ``comparator``
  (``""`` for all, or ``sham``, ``usual-care``, ``no-treatment``) and ``export_folder`` (the
  folder of the last export, ``""`` for the default). A version-1 file (which had no
  ``settings``) is read as if it had the defaults, and saved as version 2.

Ids are 1 to 200 characters; ``kb_id`` may also be empty. Each list or mapping holds at most
500 entries.

Reading is strict. Invalid JSON, a duplicate key, a missing or unknown key, a value of the wrong
type (``true`` is not a rating, ``4.0`` is not ``4``), a value out of range, text that is not
UTF-8, a file over 1 MiB, or something that is not a file at all (a folder, say) makes the
profile unreadable. Nothing is coerced or silently dropped. A file that is recognisably a
damaged profile (a JSON object with ``"format": "backtui-profile"``, or text that starts the
way backtui writes one) is moved aside to ``profile.json.corrupt-<time>``, backtui starts
with an empty profile and says where the old file went. Anything else (notes, a knowledge
base, a folder, a file that cannot be read) is not the person's profile: it is refused
(``ProfileForeignError``) and left exactly as it is.

How saving works
----------------
Every change is a read-merge-write under a lock. ``ProfileStore.update(change)`` takes an
exclusive lock on ``profile.json.lock``, reads the file as it is on disk now, applies the
change to that copy, writes the result to a temporary file in the same folder, flushes it with
``fsync``, renames it over ``profile.json`` (``os.replace``), flushes the folder, then releases
the lock. A crash at any moment leaves either the previous file or the new one, never a mix.
Two backtui windows on the same profile never drop each other's changes, because each change
is applied to the latest saved state rather than to the copy the window loaded. (The lock may
not hold across machines on some network file systems.)

If a save fails (a full disk, a read-only folder), ``update`` raises ``ProfileError`` with a
message saying why, the previous file is unchanged, and no temporary file is left.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import secrets
import stat
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import platformdirs

from backtui import safeio
from backtui.profile import lock
from backtui.profile.format import (
    DOCUMENT_KEYS,
    MAX_ENTRIES,
    MAX_FILE_BYTES,
    MAX_ID_CHARS,
    MAX_NOTE_CHARS,
    MAX_QUESTION_CHARS,
    SURE_KEYS,
    V1_SETTINGS,
    Id,
    KbId,
    Note,
    ProfileError,
    ProfileForeignError,
    ProfileFormatError,
    ProfileVersionError,
    QuestionText,
    check_value,
    encode_profile,
    parse_profile,
    profile_from_document,
    profile_to_document,
)
from backtui.profile.format import Settings as FormatSettings
from backtui.profile.model import FORMAT_NAME, RATING_MAX, RATING_MIN, OwnQuestion, Profile

# The format's names are re-exported: callers and tests know them from here.
__all__ = [
    "DEFAULT_LOCK_TIMEOUT",
    "DOCUMENT_KEYS",
    "MAX_ENTRIES",
    "MAX_FILE_BYTES",
    "MAX_ID_CHARS",
    "MAX_NOTE_CHARS",
    "MAX_QUESTION_CHARS",
    "ProfileError",
    "ProfileForeignError",
    "ProfileFormatError",
    "ProfileStore",
    "ProfileVersionError",
    "PROFILE_FILENAME",
    "Change",
    "add_own_question",
    "default_profile_path",
    "encode_profile",
    "new_question_id",
    "parse_profile",
    "profile_from_document",
    "profile_to_document",
    "remove_own_question",
    "set_kb_id",
    "set_note",
    "set_rating",
    "set_sure",
    "sibling_name",
    "toggle_own_question",
    "toggle_prompt",
    "toggle_shortlist",
]

PROFILE_FILENAME = "profile.json"
DEFAULT_LOCK_TIMEOUT = 10.0  # seconds; a save holds the lock for milliseconds

Change = Callable[[Profile], None]
_V = TypeVar("_V")


# A damaged profile is moved aside only when it is recognisably one: a JSON object with
# "format": "backtui-profile", or text that starts the way backtui writes one (a truncated
# copy). Anything else named with --profile is the person's file and is never touched.
_PROFILE_START = re.compile(rb'\A(?:\xef\xbb\xbf)?\s*\{\s*"format"\s*:\s*"backtui-profile"')


def _foreign_reason(data: bytes) -> str | None:
    """Why ``data`` (which did not parse as a profile) is not a damaged profile, or None."""
    if _PROFILE_START.match(data):
        return None
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError):
        return "it is not JSON"
    if isinstance(doc, dict) and doc.get("format") == FORMAT_NAME:
        return None
    return f'it has no "format": "{FORMAT_NAME}"'


def sibling_name(name: str, suffix: str) -> str:
    """``name + suffix``, shortened (with a hash of the whole name, to stay distinct) where
    that would pass the usual 255-byte limit on a file name."""
    limit = 255
    if len((name + suffix).encode("utf-8")) <= limit:
        return name + suffix
    tag = "-" + hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    room = limit - len((tag + suffix).encode("utf-8"))
    short = name.encode("utf-8", "surrogateescape")[:room].decode("utf-8", "ignore")
    return short + tag + suffix


def default_profile_path() -> Path:
    """``platformdirs.user_data_dir("backtui")/profile.json``."""
    return Path(platformdirs.user_data_dir("backtui", appauthor=False)) / PROFILE_FILENAME


# --- changes ---------------------------------------------------------------------------------
# Each helper checks its arguments at once (raising ProfileError) and returns a Change for
# ProfileStore.update, which applies it to the profile as currently saved on disk.


def _check(name: str, value: object, tp: object) -> None:
    """ProfileError, worded as for a file ("option id: must not be empty"), unless ``value``
    is a ``tp``."""
    try:
        check_value(name, value, tp)
    except ProfileFormatError as exc:
        raise ProfileError(str(exc)) from None


def set_kb_id(kb_id: str) -> Change:
    """Record which knowledge base the ids refer to."""
    _check("kb_id", kb_id, KbId)

    def change(profile: Profile) -> None:
        profile.kb_id = kb_id

    return change


def set_rating(factor_id: str, value: int | None) -> Change:
    """Rate how much a factor matters, RATING_MIN..RATING_MAX; None removes the rating."""
    _check("factor id", factor_id, Id)
    if value is not None and (
        not isinstance(value, int)
        or isinstance(value, bool)
        or not RATING_MIN <= value <= RATING_MAX
    ):
        raise ProfileError(f"A rating is a whole number from {RATING_MIN} to {RATING_MAX}.")

    def change(profile: Profile) -> None:
        _put(profile.ratings, factor_id, value)

    return change


def _put(mapping: dict[str, _V], key: str, value: _V | None) -> None:
    """Set ``mapping[key]``; None removes it (a missing key means "not given")."""
    if value is None:
        mapping.pop(key, None)
    else:
        mapping[key] = value


def _toggle(items: list[str], item: str, on: bool | None) -> None:
    present = item in items
    wanted = (not present) if on is None else on
    if wanted and not present:
        items.append(item)
    elif not wanted and present:
        items.remove(item)


def toggle_shortlist(option_id: str, on: bool | None = None) -> Change:
    """Add an option to the end of the shortlist or remove it.

    With on=None the change flips whatever is saved at the moment it is applied, which may differ
    from what this window shows if another window changed it; pass on=True or on=False to say
    which state the person asked for.
    """
    _check("option id", option_id, Id)

    def change(profile: Profile) -> None:
        _toggle(profile.shortlist, option_id, on)

    return change


def set_note(option_id: str, text: str) -> Change:
    """Set the note on an option; empty text removes it. At most MAX_NOTE_CHARS characters."""
    _check("option id", option_id, Id)
    if not isinstance(text, str):
        raise ProfileError("A note must be text.")
    if len(text) > MAX_NOTE_CHARS:
        raise ProfileError(
            f"A note can be at most {MAX_NOTE_CHARS:,} characters; this one has {len(text):,}."
        )
    _check("note", text, Note)

    def change(profile: Profile) -> None:
        _put(profile.notes, option_id, text or None)

    return change


def toggle_prompt(prompt_id: str, on: bool | None = None) -> Change:
    """Tick or untick one of the knowledge base's suggested questions (on: as toggle_shortlist)."""
    _check("prompt id", prompt_id, Id)

    def change(profile: Profile) -> None:
        _toggle(profile.ticked_prompts, prompt_id, on)

    return change


def new_question_id() -> str:
    return f"q-{uuid.uuid4().hex[:12]}"


def add_own_question(text: str, question_id: str | None = None) -> Change:
    """Append one of the person's own questions (1..MAX_QUESTION_CHARS characters, not blank).

    The id is made up here when not given, so it is known before the change is applied.
    """
    if not isinstance(text, str) or not text.strip():
        raise ProfileError("A question needs some text.")
    if len(text) > MAX_QUESTION_CHARS:
        raise ProfileError(
            f"A question can be at most {MAX_QUESTION_CHARS:,} characters; "
            f"this one has {len(text):,}."
        )
    _check("question", text, QuestionText)
    new_id = question_id if question_id is not None else new_question_id()
    _check("question id", new_id, Id)

    def change(profile: Profile) -> None:
        if any(question.id == new_id for question in profile.own_questions):
            raise ProfileError(f"There is already a question with the id {new_id!r}.")
        profile.own_questions.append(OwnQuestion(id=new_id, text=text))

    return change


def toggle_own_question(question_id: str, on: bool | None = None) -> Change:
    """Tick or untick one of the person's own questions (on: as toggle_shortlist)."""

    def change(profile: Profile) -> None:
        for question in profile.own_questions:
            if question.id == question_id:
                question.ticked = (not question.ticked) if on is None else on
                return
        raise ProfileError(
            "That question is no longer in the profile (removed in another window?)."
        )

    return change


def remove_own_question(question_id: str) -> Change:
    """Remove one of the person's own questions; nothing happens if it is already gone."""

    def change(profile: Profile) -> None:
        profile.own_questions[:] = [q for q in profile.own_questions if q.id != question_id]

    return change


def set_sure(item: str, answer: bool | None) -> Change:
    """Answer one SURE item: True (yes), False (no) or None (not answered)."""
    if item not in SURE_KEYS:
        raise ProfileError(f"{item!r} is not a SURE item; expected one of {', '.join(SURE_KEYS)}.")
    if answer is not None and not isinstance(answer, bool):
        raise ProfileError("A SURE answer is yes, no or not answered.")

    def change(profile: Profile) -> None:
        _put(profile.sure, item, answer)

    return change


SETTING_NAMES = ("theme", "layer", "comparator", "export_folder")


def set_setting(name: str, value: str) -> Change:
    """Keep one of the app's settings (``Settings``) for the next launch."""
    if name not in SETTING_NAMES:
        raise ProfileError(
            f"{name!r} is not a setting; expected one of {', '.join(SETTING_NAMES)}."
        )
    _check("settings", {**V1_SETTINGS, name: value}, FormatSettings)

    def change(profile: Profile) -> None:
        setattr(profile.settings, name, value)

    return change


# --- the store -------------------------------------------------------------------------------


def _reason(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EROFS:
        return "the file system is read-only"
    return exc.strerror or str(exc)


def _backup_stamp() -> str:
    return time.strftime("%Y%m%dT%H%M%S")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class _Unreadable(Exception):
    pass


class ProfileStore:
    """The profile file. ``load()`` once at start; then every change goes through ``update()``.

    ``profile`` is the last profile loaded or saved. ``read_only`` is set (with
    ``read_only_reason``) when the file must not be written: it was written by a newer backtui,
    or it could not be read and could not be moved aside. ``update()`` then refuses.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    ) -> None:
        given = Path(path) if path is not None else default_profile_path()
        self.path = Path(os.path.realpath(given))
        self.lock_path = self.path.with_name(sibling_name(self.path.name, ".lock"))
        # Where fcntl and msvcrt are both missing, this file's existence is the lock.
        self.held_path = self.path.with_name(sibling_name(self.path.name, ".lock-held"))
        self.lock_timeout = lock_timeout
        self.profile = Profile()
        self.read_only = False
        self.read_only_reason = ""
        self._notices: list[str] = []

    @property
    def temp_prefix(self) -> str:
        """Temporary files are named ``<temp_prefix><pid>-<random>`` in the profile's folder."""
        # Room for "<pid>-<8 hex>" after it within a 255-byte name.
        return sibling_name(f".{self.path.name}", ".tmp-" + "x" * 21)[:-21]

    # -- public API --

    def load(self) -> tuple[Profile, str | None]:
        """Read the profile from disk.

        Returns (profile, notice). The profile is empty when there is no file yet. When the file
        could not be read it is moved aside first, and notice says why and where it went (show
        it to the person); otherwise notice is None. Raises ProfileError (ProfileVersionError
        for a newer format) when the file can be neither read nor safely moved aside, or when
        another backtui holds the lock for over ``lock_timeout`` seconds; the store is then
        read-only until a later load() succeeds, ``profile`` is empty, and the file is untouched.
        """
        try:
            self.refuse_foreign()  # before the lock file is made beside someone's file
            with self._lock(create=False) as locked:
                if locked:
                    self._remove_stale_temp_files()
                profile, notice = self._read_current()
        except ProfileError as exc:
            self._become_read_only(str(exc))
            self.profile = Profile()
            raise
        self.read_only = False
        self.read_only_reason = ""
        self.profile = profile
        return profile, notice

    def update(self, change: Change) -> Profile:
        """Apply change to the profile as saved on disk now, save it atomically, return it.

        Under an exclusive lock on ``profile.json.lock``: read the current file, call
        ``change(profile)`` on that fresh copy, stamp ``updated``, write. Raises ProfileError,
        leaving the file as it was, when the change raises it, when the result would not be a
        valid profile, or when the save fails. If the file on disk has become unreadable it is
        moved aside first (see ``take_notices``).
        """
        if self.read_only:
            raise ProfileError(f"Not saved. {self.read_only_reason}")
        with self._lock(create=True):
            try:
                current, notice = self._read_current()
            except (ProfileVersionError, ProfileForeignError) as exc:
                self._become_read_only(str(exc))
                raise
            if notice:
                self._notices.append(notice)
            change(current)
            current.updated = _now()
            try:
                data = encode_profile(current)
            except ProfileFormatError as exc:
                raise ProfileError(f"Not saved: {exc}.") from None
            self._write_atomic(data)
        self.profile = current
        return current

    def take_notices(self) -> list[str]:
        """Messages from update() about unreadable files it moved aside; each returned once."""
        notices, self._notices = self._notices, []
        return notices

    # -- reading --

    def _become_read_only(self, reason: str) -> None:
        self.read_only = True
        self.read_only_reason = reason

    def _read_bytes(self) -> bytes:
        try:
            return safeio.read_bounded(self.path, MAX_FILE_BYTES)
        except safeio.Unreadable as exc:
            why = f": {_reason(exc.error)}" if exc.error else ""
            raise _Unreadable(f"it {exc.reason}{why}") from None

    def _foreign(self, reason: str) -> ProfileForeignError:
        return ProfileForeignError(
            f"{self.path} is not a backtui profile ({reason}). It was left as it is. "
            "Give --profile the name of a profile, or of a file that does not exist yet."
        )

    def refuse_foreign(self) -> None:
        """Raise ProfileForeignError if the file exists and is not recognisably a profile."""
        try:
            data = self._read_bytes()
        except FileNotFoundError:
            return
        except _Unreadable as exc:
            raise self._foreign(str(exc)) from None
        try:
            parse_profile(data)
        except ProfileFormatError:
            reason = _foreign_reason(data)
            if reason is not None:
                raise self._foreign(reason) from None
        except ProfileError:
            pass  # a newer version: _read_current says so

    def _read_current(self) -> tuple[Profile, str | None]:
        """The profile on disk; a damaged one is moved aside and an empty profile returned.
        A file that is not recognisably a profile raises ProfileForeignError, untouched."""
        try:
            data = self._read_bytes()
        except FileNotFoundError:
            return Profile(), None
        except _Unreadable as exc:
            raise self._foreign(str(exc)) from None
        try:
            return parse_profile(data), None
        except ProfileVersionError:
            raise
        except ProfileFormatError as exc:
            reason = str(exc)
            foreign = _foreign_reason(data)
            if foreign is not None:
                raise self._foreign(foreign) from None
        backup = self._move_aside(reason)
        notice = (
            f"Your profile {self.path} could not be read ({reason}). It was moved to {backup} "
            "and backtui started with an empty profile."
        )
        return Profile(), notice

    def _move_aside(self, reason: str) -> Path:
        """Rename the unreadable profile to a new ``.corrupt-<time>[-N]`` name beside it."""
        try:
            kind = os.lstat(self.path).st_mode
        except OSError as exc:
            raise ProfileError(
                f"Your profile {self.path} could not be read ({reason}) nor examined "
                f"({_reason(exc)}). It was left as it is and nothing will be saved."
            ) from None
        if not (stat.S_ISREG(kind) or stat.S_ISDIR(kind) or stat.S_ISLNK(kind)):
            raise ProfileError(
                f"Your profile {self.path} could not be read ({reason}). It is a special file, "
                "so backtui left it as it is and will not save. Use --profile to choose a file."
            )
        base = f".corrupt-{_backup_stamp()}"
        for number in range(1000):
            suffix = base if number == 0 else f"{base}-{number}"
            backup = self.path.with_name(sibling_name(self.path.name, suffix))
            try:
                if stat.S_ISREG(kind):
                    # A hard link fails if the name exists, so an earlier backup is never replaced.
                    os.link(self.path, backup)
                    os.unlink(self.path)
                else:
                    if os.path.lexists(backup):
                        continue
                    os.rename(self.path, backup)
            except FileExistsError:
                continue
            except OSError as exc:
                raise ProfileError(
                    f"Your profile {self.path} could not be read ({reason}) and could not be "
                    f"moved aside to {backup} ({_reason(exc)}). It was left as it is and "
                    "nothing will be saved."
                ) from None
            self._fsync_directory(strict=False)
            return backup
        raise ProfileError(f"Too many backups of {self.path} in one second; nothing was changed.")

    def _remove_stale_temp_files(self) -> None:
        """Remove temporary files left by a save that was killed (call only under the lock)."""
        prefix = self.temp_prefix
        try:
            entries = list(os.scandir(self.path.parent))
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith(prefix):
                with suppress(OSError):
                    if entry.is_file(follow_symlinks=False):
                        os.unlink(entry.path)

    # -- locking and writing --

    def _open_lock_file(self, *, create: bool) -> int | None:
        try:
            return os.open(self.lock_path, os.O_RDWR | os.O_CREAT | safeio.O_CLOEXEC, 0o600)
        except OSError as exc:
            first = exc
        with suppress(OSError):  # an existing lock file in a folder we cannot write to
            return os.open(self.lock_path, os.O_RDONLY | safeio.O_CLOEXEC)
        if create:
            raise ProfileError(
                f"Could not save your profile: could not create {self.lock_path} "
                f"({_reason(first)}; is the folder read-only?). "
                "The previous copy on disk is unchanged."
            )
        return None

    @contextmanager
    def _lock(self, *, create: bool) -> Iterator[bool]:
        """Hold the exclusive lock; yields False when reading without one was the only way."""
        if create:
            try:
                self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            except OSError as exc:
                raise ProfileError(
                    f"Could not save your profile: could not create the folder "
                    f"{self.path.parent} ({_reason(exc)})."
                ) from None
        fd = self._open_lock_file(create=create)
        if fd is None:
            yield False
            return
        try:
            try:
                release = lock.acquire(fd, self.held_path, self.lock_timeout)
            except TimeoutError:
                raise ProfileError(
                    f"Another backtui has been saving {self.path} for over "
                    f"{self.lock_timeout:g} seconds; nothing was changed. Try again."
                ) from None
            except OSError as exc:
                if create:
                    raise ProfileError(
                        f"Could not save your profile: could not lock {self.lock_path} "
                        f"({_reason(exc)}). The previous copy on disk is unchanged."
                    ) from None
                yield False  # reading only: as when the lock file cannot be opened
                return
            try:
                yield True
            finally:
                release()
        finally:
            os.close(fd)

    def _save_failed(self, exc: OSError) -> ProfileError:
        hint = ""
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            hint = f" (backtui needs to create and rename files in the folder {self.path.parent})"
        return ProfileError(
            f"Could not save your profile to {self.path}: {_reason(exc)}{hint}. "
            "The previous copy on disk is unchanged."
        )

    def _write_atomic(self, data: bytes) -> None:
        temp = self.path.with_name(f"{self.temp_prefix}{os.getpid()}-{secrets.token_hex(4)}")
        try:
            mode = stat.S_IMODE(os.stat(self.path).st_mode)  # keep a mode the person chose
        except OSError:
            mode = 0o600
        try:
            safeio.write_atomic(self.path, data, temp=temp, mode=mode)
        except OSError as exc:
            raise self._save_failed(exc) from None
        self._fsync_directory(strict=True)

    def _fsync_directory(self, *, strict: bool) -> None:
        """Make the rename durable."""
        try:
            safeio.fsync_folder(self.path.parent)
        except OSError as exc:
            if strict:
                raise ProfileError(
                    f"Your profile was written to {self.path} but the folder could not be "
                    f"flushed to disk ({_reason(exc)}); a power cut now could undo this save."
                ) from None
