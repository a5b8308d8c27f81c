"""The profile file: round trip, strict reading, backups, locking, SIGKILL mid-save, failures."""

from __future__ import annotations

import dataclasses
import errno
import fcntl
import json
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import platformdirs
import pytest
from conftest import as_user

from backtui.profile import format as format_module
from backtui.profile import store as store_module
from backtui.profile.format import Question
from backtui.profile.model import OwnQuestion, Profile
from backtui.profile.store import (
    MAX_FILE_BYTES,
    MAX_NOTE_CHARS,
    ProfileError,
    ProfileForeignError,
    ProfileFormatError,
    ProfileStore,
    ProfileVersionError,
    add_own_question,
    default_profile_path,
    encode_profile,
    parse_profile,
    remove_own_question,
    set_kb_id,
    set_note,
    set_rating,
    set_sure,
    toggle_own_question,
    toggle_prompt,
    toggle_shortlist,
)

VALID: dict[str, Any] = {
    "format": "backtui-profile",
    "version": 1,
    "kb_id": "backtui-clbp",
    "ratings": {"pain-relief": 4, "cost": 0},
    "shortlist": ["acupuncture", "exercise"],
    "notes": {"acupuncture": "Évening sessions? 背中"},
    "ticked_prompts": ["ask-sessions"],
    "own_questions": [{"id": "q-1", "text": "Can I keep working?", "ticked": False}],
    "sure": {"sure": False, "understand": True, "risk_benefit": None},
    "updated": "2026-05-09T07:35:25+00:00",
}


_DELETE = object()


def document(**changes: Any) -> dict[str, Any]:
    """VALID with some keys replaced, or removed when given _DELETE."""
    doc: dict[str, Any] = json.loads(json.dumps(VALID))
    for key, value in changes.items():
        if value is _DELETE:
            del doc[key]
        else:
            doc[key] = value
    return doc


def to_bytes(doc: object) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "profile.json"


@pytest.fixture
def saved(path: Path) -> bytes:
    """A valid profile on disk; returns its bytes."""
    data = to_bytes(VALID)
    path.write_bytes(data)
    return data


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if ".tmp-" in p.name)


def backups(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if ".corrupt-" in p.name)


# --- location ------------------------------------------------------------------------------


@pytest.mark.skipif(sys.platform != "linux", reason="XDG_DATA_HOME is the Linux convention")
def test_default_location_is_the_user_data_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_profile_path() == tmp_path / "data" / "backtui" / "profile.json"
    assert default_profile_path() == Path(platformdirs.user_data_dir("backtui")) / "profile.json"
    assert ProfileStore().path == tmp_path / "data" / "backtui" / "profile.json"


def test_first_save_creates_the_folder_private_and_the_file_0600(tmp_path: Path) -> None:
    target = tmp_path / "new" / "deeper" / "profile.json"
    store = ProfileStore(target)
    assert store.load() == (Profile(), None)
    assert not (tmp_path / "new").exists(), "loading a missing profile creates nothing"
    store.update(set_rating("cost", 2))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(store.lock_path.stat().st_mode) == 0o600


def test_an_existing_files_permissions_are_kept(path: Path, saved: bytes) -> None:
    path.chmod(0o640)
    ProfileStore(path).update(set_rating("cost", 3))
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_symlinked_profile_is_written_through_the_link(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "backtui.json"
    real.parent.mkdir()
    link = tmp_path / "profile.json"
    link.symlink_to(real)
    ProfileStore(link).update(set_rating("cost", 1))
    assert link.is_symlink()
    assert parse_profile(real.read_bytes()).ratings == {"cost": 1}


# --- round trip and the format -------------------------------------------------------------


def test_round_trip_through_every_helper(path: Path) -> None:
    store = ProfileStore(path)
    store.load()
    for change in (
        set_kb_id("backtui-clbp"),
        set_rating("pain-relief", 4),
        set_rating("cost", 0),
        set_rating("time", 2),
        set_rating("time", None),
        toggle_shortlist("acupuncture"),
        toggle_shortlist("exercise"),
        toggle_shortlist("dry-needling"),
        toggle_shortlist("dry-needling"),
        set_note("acupuncture", "Évening sessions?\nLine two 背中 🙂"),
        set_note("exercise", "gone soon"),
        set_note("exercise", ""),
        toggle_prompt("ask-sessions"),
        add_own_question("Can I keep working?", question_id="q-1"),
        add_own_question("Who pays?", question_id="q-2"),
        toggle_own_question("q-2"),
        remove_own_question("q-1"),
        set_sure("sure", False),
        set_sure("understand", True),
        set_sure("support", True),
        set_sure("support", None),
    ):
        result = store.update(change)
    expected = Profile(
        kb_id="backtui-clbp",
        ratings={"pain-relief": 4, "cost": 0},
        shortlist=["acupuncture", "exercise"],
        notes={"acupuncture": "Évening sessions?\nLine two 背中 🙂"},
        ticked_prompts=["ask-sessions"],
        own_questions=[OwnQuestion("q-2", "Who pays?", ticked=True)],
        sure={"sure": False, "understand": True},
        updated=result.updated,
    )
    assert result == expected
    assert store.profile == expected
    assert ProfileStore(path).load() == (expected, None)


def test_the_file_is_the_documented_json_document(path: Path) -> None:
    ProfileStore(path).update(set_rating("cost", 1))
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert list(doc) == list(store_module.DOCUMENT_KEYS)
    assert doc["format"] == "backtui-profile"
    assert doc["version"] == 2  # a new file is written in the current version
    assert doc["ratings"] == {"cost": 1}
    assert doc["updated"].endswith("+00:00")
    assert parse_profile(to_bytes(VALID)) == parse_profile(
        encode_profile(parse_profile(to_bytes(VALID)))
    )


def test_the_document_holds_exactly_the_profiles_fields() -> None:
    # profile_from_document copies them by name: a field added to one must go in the other.
    assert store_module.DOCUMENT_KEYS == (
        "format",
        "version",
        *(field.name for field in dataclasses.fields(Profile)),
    )
    assert Question.__struct_fields__ == tuple(f.name for f in dataclasses.fields(OwnQuestion))


def test_toggles_can_state_the_wanted_state(path: Path) -> None:
    store = ProfileStore(path)
    store.update(toggle_shortlist("a", on=True))
    store.update(toggle_shortlist("a", on=True))
    assert store.profile.shortlist == ["a"]
    store.update(toggle_shortlist("a", on=False))
    store.update(toggle_shortlist("a", on=False))
    assert store.profile.shortlist == []
    store.update(add_own_question("Why?", question_id="q"))
    store.update(toggle_own_question("q", on=True))
    store.update(toggle_own_question("q", on=True))
    assert store.profile.own_questions == [OwnQuestion("q", "Why?", True)]


def test_added_questions_get_distinct_ids(path: Path) -> None:
    store = ProfileStore(path)
    store.update(add_own_question("One?"))
    store.update(add_own_question("One?"))
    ids = [q.id for q in store.profile.own_questions]
    assert len(set(ids)) == 2 and all(i.startswith("q-") for i in ids)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: set_note("acupuncture", "x" * (MAX_NOTE_CHARS + 1)), "at most 10,000"),
        (lambda: set_rating("cost", 5), "0 to 4"),
        (lambda: set_rating("cost", -1), "0 to 4"),
        (lambda: set_rating("cost", True), "0 to 4"),
        (lambda: set_rating("", 1), "must not be empty"),
        (lambda: set_rating("x" * 201, 1), "limit of 200"),
        (lambda: toggle_shortlist(""), "must not be empty"),
        (lambda: add_own_question("   "), "needs some text"),
        (lambda: add_own_question("x" * 1001), "at most 1,000"),
        (lambda: set_sure("certain", True), "not a SURE item"),
        (lambda: set_kb_id("k" * 201), "limit of 200"),
        (lambda: set_note("acupuncture", "bad \udcff byte"), "not valid text"),
        (lambda: add_own_question("Why \ud800?"), "not valid text"),
    ],
)
def test_helpers_refuse_bad_values_before_touching_the_file(
    make: Callable[[], object], message: str
) -> None:
    with pytest.raises(ProfileError, match=message):
        make()


def test_a_change_that_fails_or_breaks_the_profile_writes_nothing(path: Path, saved: bytes) -> None:
    store = ProfileStore(path)
    store.load()

    def explode(profile: Profile) -> None:
        profile.ratings["cost"] = 1
        raise RuntimeError("boom")

    def corrupt(profile: Profile) -> None:
        profile.ratings["cost"] = 9

    with pytest.raises(RuntimeError):
        store.update(explode)
    with pytest.raises(ProfileError, match=r"Not saved: ratings\['cost'\]: 9 is outside 0 to 4"):
        store.update(corrupt)
    with pytest.raises(ProfileError, match="no longer in the profile"):
        store.update(toggle_own_question("q-missing"))
    with pytest.raises(ProfileError, match="already a question"):
        store.update(add_own_question("Again?", question_id="q-1"))
    assert path.read_bytes() == saved
    assert leftovers(path.parent) == []


def test_a_profile_too_large_to_write_is_refused(path: Path, saved: bytes) -> None:
    store = ProfileStore(path)
    with pytest.raises(ProfileError, match="more than the limit of 1,048,576"):
        for i in range(200):
            store.update(set_note(f"option-{i}", "n" * MAX_NOTE_CHARS))
    assert len(parse_profile(path.read_bytes()).notes) < 200
    assert leftovers(path.parent) == []


def test_updates_merge_with_what_another_window_saved(path: Path) -> None:
    first, second = ProfileStore(path), ProfileStore(path)
    first.load()
    second.load()
    first.update(set_rating("cost", 1))
    second.update(set_rating("time", 2))
    first.update(set_note("acupuncture", "from first"))
    assert second.update(toggle_shortlist("exercise")).ratings == {"cost": 1, "time": 2}
    final = ProfileStore(path).load()[0]
    assert final.ratings == {"cost": 1, "time": 2}
    assert final.notes == {"acupuncture": "from first"}
    assert final.shortlist == ["exercise"]


# --- strict reading and backups ------------------------------------------------------------

# Not recognisably a profile: refused and left untouched, never moved aside (issue 15).
FOREIGN: dict[str, bytes] = {
    "empty file": b"",
    "notes": b"My notes about the physio.\n",
    "a knowledge base": b"meta:\n  id: backtui-clbp\n",
    "not an object": b"[1, 2, 3]",
    "nested too deep": b"[" * 100_000 + b"]" * 100_000,
    "too large": to_bytes(document(notes={"a": "x" * MAX_FILE_BYTES})),
    "format missing": to_bytes(document(format=_DELETE)),
    "format wrong": to_bytes(document(format="something-else")),
    "another program's JSON": b'{"name": "x", "version": 1}',
}

CORRUPT: dict[str, bytes] = {
    "invalid JSON": b'{"format": "backtui-profile", "version": 1,',
    "truncated": to_bytes(VALID)[:-7],
    "not UTF-8": to_bytes(VALID).replace("É".encode(), b"\xc9"),
    "UTF-8 BOM": b"\xef\xbb\xbf" + to_bytes(VALID),
    "duplicate key": to_bytes(VALID)[:-1] + b', "kb_id": "again"}',
    "NaN": to_bytes(VALID).replace(b'"cost": 0', b'"cost": NaN'),
    "integer too long": to_bytes(VALID).replace(b'"cost": 0', b'"cost": ' + b"9" * 5000),
    "version as text": to_bytes(document(version="1")),
    "version true": to_bytes(document(version=True)),
    "version 0": to_bytes(document(version=0)),
    "version 1.0": to_bytes(document(version=1.0)),
    "missing key": to_bytes(document(notes=_DELETE)),
    "unknown key": to_bytes(document(colour="blue")),
    "kb_id a number": to_bytes(document(kb_id=3)),
    "ratings a list": to_bytes(document(ratings=[4])),
    "rating true": to_bytes(document(ratings={"cost": True})),
    "rating 4.0": to_bytes(document(ratings={"cost": 4.0})),
    "rating 5": to_bytes(document(ratings={"cost": 5})),
    "rating as text": to_bytes(document(ratings={"cost": "4"})),
    "empty id key": to_bytes(document(ratings={"": 1})),
    "shortlist a string": to_bytes(document(shortlist="acupuncture")),
    "shortlist repeats": to_bytes(document(shortlist=["a", "a"])),
    "shortlist holds null": to_bytes(document(shortlist=[None])),
    "note a number": to_bytes(document(notes={"a": 1})),
    "note too long": to_bytes(document(notes={"a": "x" * (MAX_NOTE_CHARS + 1)})),
    "prompts an object": to_bytes(document(ticked_prompts={})),
    "question not an object": to_bytes(document(own_questions=["Why?"])),
    "question missing ticked": to_bytes(document(own_questions=[{"id": "q", "text": "Why?"}])),
    "question extra key": to_bytes(
        document(own_questions=[{"id": "q", "text": "Why?", "ticked": False, "x": 1}])
    ),
    "question ticked 0": to_bytes(
        document(own_questions=[{"id": "q", "text": "Why?", "ticked": 0}])
    ),
    "question empty text": to_bytes(
        document(own_questions=[{"id": "q", "text": "", "ticked": False}])
    ),
    "question ids repeat": to_bytes(
        document(
            own_questions=[
                {"id": "q", "text": "A?", "ticked": False},
                {"id": "q", "text": "B?", "ticked": False},
            ]
        )
    ),
    "sure unknown item": to_bytes(document(sure={"certain": True})),
    "sure answer as text": to_bytes(document(sure={"sure": "yes"})),
    "lone surrogate": to_bytes(VALID).replace(b"Can I", b"\\ud800 I"),
    "updated not a date": to_bytes(document(updated="yesterday")),
    "updated a number": to_bytes(document(updated=0)),
    "too many entries": to_bytes(document(shortlist=[f"o{i}" for i in range(501)])),
}


@pytest.mark.parametrize("name", list(CORRUPT))
def test_an_unreadable_profile_is_moved_aside_byte_for_byte(path: Path, name: str) -> None:
    original = CORRUPT[name]
    path.write_bytes(original)
    with pytest.raises(ProfileFormatError):
        parse_profile(original)
    store = ProfileStore(path)
    profile, notice = store.load()
    assert profile == Profile()
    assert not store.read_only
    [backup] = backups(path.parent)
    assert backup.read_bytes() == original
    assert backup.name.startswith("profile.json.corrupt-")
    assert notice is not None and str(backup) in notice and "empty profile" in notice
    assert not path.exists()
    store.update(set_rating("cost", 1))  # the next save starts a fresh file
    assert backup.read_bytes() == original


@pytest.mark.parametrize("name", list(FOREIGN))
def test_a_file_that_is_not_a_profile_is_refused_and_left_untouched(path: Path, name: str) -> None:
    original = FOREIGN[name]
    path.write_bytes(original)
    before = sorted(os.listdir(path.parent))
    store = ProfileStore(path)
    with pytest.raises(ProfileForeignError, match="is not a backtui profile") as caught:
        store.load()
    assert "left as it is" in str(caught.value)
    assert store.read_only
    with pytest.raises(ProfileError, match="Not saved"):
        store.update(set_rating("cost", 1))
    assert path.read_bytes() == original
    assert sorted(os.listdir(path.parent)) == before  # no backup, no lock file


def test_a_symlink_to_another_file_is_refused_and_both_left_untouched(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"My notes.\n")
    link = tmp_path / "profile.json"
    link.symlink_to(notes)
    with pytest.raises(ProfileForeignError, match="it is not JSON"):
        ProfileStore(link).load()
    assert link.is_symlink() and notes.read_bytes() == b"My notes.\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "profile.json"]


def test_a_file_that_stops_being_a_profile_is_not_overwritten_by_a_save(
    path: Path, saved: bytes
) -> None:
    store = ProfileStore(path)
    store.load()
    path.write_bytes(b"meta:\n  id: x\n")  # say, a knowledge base saved over it
    with pytest.raises(ProfileForeignError):
        store.update(set_rating("cost", 2))
    assert path.read_bytes() == b"meta:\n  id: x\n"
    assert backups(path.parent) == [] and store.read_only


def test_the_notice_says_what_was_wrong(path: Path) -> None:
    path.write_bytes(to_bytes(document(ratings={"cost": 4.0})))
    _, notice = ProfileStore(path).load()
    assert notice is not None
    assert "ratings['cost']: expected an integer, found a decimal number" in notice


def test_a_msgspec_message_not_foreseen_is_passed_on_as_it_is(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def unforeseen(*args: object) -> str:
        raise ValueError("a wording _explain does not know")

    monkeypatch.setattr(format_module, "_explain", unforeseen)
    with pytest.raises(ProfileFormatError, match=r"Expected `int`, got `float`"):
        parse_profile(to_bytes(document(ratings={"cost": 4.0})))


def test_a_folder_in_place_of_the_profile_is_refused_not_moved(path: Path) -> None:
    path.mkdir()
    (path / "inside.txt").write_text("keep me")
    with pytest.raises(ProfileForeignError, match="it is a folder"):
        ProfileStore(path).load()
    assert backups(path.parent) == []
    assert (path / "inside.txt").read_text() == "keep me"


def test_a_special_file_is_refused_not_moved(path: Path) -> None:
    os.mkfifo(path)
    store = ProfileStore(path)
    with pytest.raises(ProfileError, match="it is not a regular file"):
        store.load()
    assert store.read_only
    assert stat.S_ISFIFO(os.lstat(path).st_mode)
    with pytest.raises(ProfileError, match="Not saved"):
        store.update(set_rating("cost", 1))
    assert backups(path.parent) == []


def test_a_backup_never_replaces_an_earlier_one(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "_backup_stamp", lambda: "20260509T073525")
    earlier = {
        "profile.json.corrupt-20260509T073525": b"first",
        "profile.json.corrupt-20260509T073525-1": b"second",
    }
    for name, content in earlier.items():
        (path.parent / name).write_bytes(content)
    third = b'{"format": "backtui-profile", "third'
    path.write_bytes(third)
    _, notice = ProfileStore(path).load()
    new = path.parent / "profile.json.corrupt-20260509T073525-2"
    assert notice is not None and str(new) in notice
    assert new.read_bytes() == third
    for name, content in earlier.items():
        assert (path.parent / name).read_bytes() == content


def test_a_profile_that_breaks_after_loading_is_moved_aside_by_the_next_save(
    path: Path, saved: bytes
) -> None:
    store = ProfileStore(path)
    store.load()
    broken = saved[: len(saved) // 2]
    path.write_bytes(broken)
    result = store.update(set_rating("cost", 2))
    assert result.ratings == {"cost": 2} and result.kb_id == ""
    [backup] = backups(path.parent)
    assert backup.read_bytes() == broken
    [notice] = store.take_notices()
    assert str(backup) in notice
    assert store.take_notices() == []


def test_stale_temporary_files_are_removed_on_load(path: Path, saved: bytes) -> None:
    for name in (".profile.json.tmp-1-aaaa", ".profile.json.tmp-2-bbbb"):
        (path.parent / name).write_bytes(b"half a profi")
    (path.parent / "unrelated.tmp-1").write_bytes(b"not ours")
    ProfileStore(path).load()
    assert leftovers(path.parent) == ["unrelated.tmp-1"]
    assert path.read_bytes() == saved


# --- a newer format version ----------------------------------------------------------------


@pytest.mark.parametrize(
    "doc",
    [
        document(version=3),
        document(version=999, ratings="a newer shape", extra={"new": True}),
        {"format": "backtui-profile", "version": 3},
    ],
    ids=["v3", "v999 with new fields", "v3 minimal"],
)
def test_a_newer_version_is_refused_and_left_byte_for_byte(path: Path, doc: object) -> None:
    original = json.dumps(doc, indent=4).encode() + b"\n"
    path.write_bytes(original)
    os.utime(path, (1_000_000_000, 1_000_000_000))
    before = sorted(os.listdir(path.parent))
    store = ProfileStore(path)
    with pytest.raises(ProfileVersionError, match=r"written by a newer backtui") as caught:
        store.load()
    assert "reads version 2 only" in str(caught.value)
    assert store.read_only and "newer backtui" in store.read_only_reason
    assert store.profile == Profile()
    with pytest.raises(ProfileError, match="Not saved"):
        store.update(set_rating("cost", 1))
    assert path.read_bytes() == original
    assert path.stat().st_mtime == 1_000_000_000
    assert backups(path.parent) == [] and leftovers(path.parent) == []
    assert sorted(os.listdir(path.parent)) == sorted({*before, "profile.json.lock"})


def test_a_newer_version_saved_by_another_window_is_not_overwritten(
    path: Path, saved: bytes
) -> None:
    store = ProfileStore(path)
    store.load()
    newer = to_bytes(document(version=3))
    path.write_bytes(newer)
    with pytest.raises(ProfileVersionError):
        store.update(set_rating("cost", 1))
    assert store.read_only
    assert path.read_bytes() == newer


def test_loading_again_after_the_newer_file_is_gone_leaves_read_only(path: Path) -> None:
    path.write_bytes(to_bytes(document(version=3)))
    store = ProfileStore(path)
    with pytest.raises(ProfileVersionError):
        store.load()
    path.unlink()
    assert store.load() == (Profile(), None)
    assert not store.read_only
    store.update(set_rating("cost", 1))


# --- failures while saving -----------------------------------------------------------------


def _enospc(*args: object) -> int:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_disk_full_during_write_is_reported_and_the_old_file_kept(
    path: Path, saved: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = os.write
    calls = []

    def half_then_full(fd: int, data: Any) -> int:
        calls.append(fd)
        if len(calls) == 1:
            return real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    store = ProfileStore(path)
    store.load()
    monkeypatch.setattr(os, "write", half_then_full)
    with pytest.raises(ProfileError) as caught:
        store.update(set_note("acupuncture", "a long note " * 500))
    monkeypatch.undo()
    message = str(caught.value)
    assert "the disk is full" in message and "previous copy on disk is unchanged" in message
    assert str(path) in message
    assert len(calls) == 2, "the first, partial write succeeded; the second failed"
    assert path.read_bytes() == saved
    assert leftovers(path.parent) == []


@pytest.mark.parametrize("call", ["fsync", "close", "replace"])
def test_disk_full_later_in_the_save_is_reported_and_the_old_file_kept(
    path: Path, saved: bytes, monkeypatch: pytest.MonkeyPatch, call: str
) -> None:
    """fsync and close can report ENOSPC for delayed writes; replace stands for any late step."""
    store = ProfileStore(path)
    store.load()
    real_open, real_call = os.open, getattr(os, call)
    temp_fds: set[int] = set()

    def track_open(file: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        fd = real_open(file, flags, *args, **kwargs)
        if ".tmp-" in str(file):
            temp_fds.add(fd)
        return fd

    def fail_on_the_temp_file(*args: Any) -> Any:
        on_temp = args[0] in temp_fds if call != "replace" else ".tmp-" in str(args[0])
        if not on_temp:
            return real_call(*args)
        temp_fds.clear()
        if call == "close":
            real_call(*args)  # the descriptor is gone, but the kernel reported an error
        return _enospc()

    monkeypatch.setattr(os, "open", track_open)
    monkeypatch.setattr(os, call, fail_on_the_temp_file)
    with pytest.raises(ProfileError, match="the disk is full"):
        store.update(set_rating("cost", 3))
    monkeypatch.undo()
    assert path.read_bytes() == saved
    assert leftovers(path.parent) == []
    assert store.profile == parse_profile(saved)


def test_read_only_folder_simulated_is_reported_and_the_old_file_kept(
    path: Path, saved: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As root, chmod does not stop writes; a folder we may not write to refuses new names."""
    store = ProfileStore(path)
    store.load()  # creates the lock file, as any earlier run would have
    real_open = os.open

    def no_new_files(file: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & os.O_CREAT and not os.path.exists(file):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", no_new_files)
    with pytest.raises(ProfileError) as caught:
        store.update(set_rating("cost", 3))
    assert "permission denied" in str(caught.value)
    assert path.read_bytes() == saved

    (path.parent / "profile.json.lock").unlink()
    with pytest.raises(ProfileError, match=r"could not create .*profile\.json\.lock"):
        store.update(set_rating("cost", 3))
    monkeypatch.undo()
    assert path.read_bytes() == saved
    assert leftovers(path.parent) == []


def attempt_save(target: Path) -> dict[str, Any]:
    store = ProfileStore(target)
    profile, notice = store.load()
    try:
        store.update(set_rating("cost", 3))
    except ProfileError as exc:
        return {"ratings": profile.ratings, "notice": notice, "error": str(exc), "uid": os.getuid()}
    return {"error": None, "uid": os.getuid()}


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder another user can reach (pytest's tmp_path is private to root)."""
    directory = Path(tempfile.mkdtemp(prefix="backtui-ro-"))
    try:
        yield directory
    finally:
        directory.chmod(0o700)
        shutil.rmtree(directory)


@pytest.mark.parametrize("keep_lock_file", [True, False])
def test_read_only_folder_for_real_is_reported_and_the_old_file_kept(
    shared_dir: Path, keep_lock_file: bool
) -> None:
    """chmod 0o500 on the folder; as root (which ignores it) the save runs as user nobody."""
    target = shared_dir / "profile.json"
    ProfileStore(target).update(set_rating("cost", 1))
    if not keep_lock_file:
        (shared_dir / "profile.json.lock").unlink()
    saved = target.read_bytes()
    nobody = 65534
    if os.geteuid() == 0:
        for entry in (shared_dir, *shared_dir.iterdir()):
            os.chown(entry, nobody, nobody)
    shared_dir.chmod(0o500)
    try:
        if os.geteuid() == 0:
            outcome = as_user(nobody, lambda: attempt_save(target))
        else:
            outcome = attempt_save(target)
    finally:
        shared_dir.chmod(0o700)
    assert "crash" not in outcome, outcome
    assert outcome["uid"] == (nobody if os.geteuid() == 0 else os.getuid())
    assert outcome["ratings"] == {"cost": 1} and outcome["notice"] is None
    assert outcome["error"] is not None and "permission denied" in outcome["error"]
    assert "previous copy on disk is unchanged" in outcome["error"]
    assert target.read_bytes() == saved
    assert leftovers(shared_dir) == []


def test_a_lock_held_too_long_is_reported_and_nothing_written(path: Path, saved: bytes) -> None:
    store = ProfileStore(path, lock_timeout=0.2)
    store.load()
    fd = os.open(store.lock_path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        started = time.monotonic()
        with pytest.raises(ProfileError, match="Another backtui has been saving"):
            store.update(set_rating("cost", 2))
        assert 0.15 < time.monotonic() - started < 5
    finally:
        os.close(fd)
    assert path.read_bytes() == saved
    store.update(set_rating("cost", 2))


# --- two processes at once -----------------------------------------------------------------

WRITER = r"""
import sys, time
from backtui.profile.store import (
    ProfileStore, add_own_question, set_note, set_rating, toggle_prompt, toggle_shortlist,
)
path, tag, start_at, count = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
store = ProfileStore(path)
store.load()
while time.time() < start_at:
    time.sleep(0.001)
for i in range(count):
    key = f"{tag}-{i}"
    change = (set_note(key, f"note {i} from {tag}"), toggle_shortlist(key, on=True),
              set_rating(key, i % 5), toggle_prompt(key),
              add_own_question(f"question {i} from {tag}?", question_id=key))[i % 5]
    store.update(change)
print("done", flush=True)
"""


@pytest.mark.slow
def test_two_processes_writing_at_once_keep_all_their_changes(path: Path) -> None:
    count = 100
    start_at = time.time() + 1.0  # both have imported and loaded by then
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), tag, str(start_at), str(count)],
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
    final, notice = ProfileStore(path).load()
    assert notice is None
    for tag in ("a", "b"):
        keys = [f"{tag}-{i}" for i in range(count)]
        assert {k: v for k, v in final.notes.items() if k.startswith(tag)} == {
            k: f"note {i} from {tag}" for i, k in enumerate(keys) if i % 5 == 0
        }
        assert [k for k in final.shortlist if k.startswith(tag)] == keys[1::5]
        assert {k: v for k, v in final.ratings.items() if k.startswith(tag)} == {
            k: i % 5 for i, k in enumerate(keys) if i % 5 == 2
        }
        assert [k for k in final.ticked_prompts if k.startswith(tag)] == keys[3::5]
        assert [q.id for q in final.own_questions if q.id.startswith(tag)] == keys[4::5]
    assert len(final.notes) + len(final.shortlist) + len(final.ratings) == 2 * 60
    assert len(final.ticked_prompts) + len(final.own_questions) == 2 * 40


# --- SIGKILL in the middle of saving -------------------------------------------------------

# Saves ~730 KB profiles as fast as it can; every save rewrites every note with the new
# generation number, so a file mixing two saves cannot pass the consistency check below.
KILLED = r"""
import sys
from backtui.profile.store import ProfileStore
store = ProfileStore(sys.argv[1])
store.load()
FILL = "x" * 9000
def bump(profile):
    n = int(profile.kb_id.removeprefix("gen-") or 0) + 1
    profile.kb_id = f"gen-{n}"
    profile.notes = {f"option-{i:02d}": f"{n}:{i}:" + FILL for i in range(80)}
print("ready", flush=True)
while True:
    store.update(bump)
"""

KILLS = 200


def generation(data: bytes) -> int:
    """The generation of a saved file, after checking it is one whole, strictly valid save."""
    profile = parse_profile(data)
    if profile.kb_id == "":
        assert profile.notes == {"seed": "the first version"}
        return 0
    n = int(profile.kb_id.removeprefix("gen-"))
    assert profile.notes == {f"option-{i:02d}": f"{n}:{i}:" + "x" * 9000 for i in range(80)}
    assert profile.updated
    return n


@pytest.mark.slow
def test_sigkill_mid_save_always_leaves_the_old_or_the_new_file(path: Path) -> None:
    ProfileStore(path).update(set_note("seed", "the first version"))
    rng = random.Random(20260509)
    last = generation(path.read_bytes())
    advanced = killed_mid_write = 0
    started = time.monotonic()
    for _ in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-c", KILLED, str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert child.stdout is not None
        assert child.stdout.readline() == b"ready\n", child.stderr
        time.sleep(rng.uniform(0, 0.04))
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
        assert child.returncode == -signal.SIGKILL
        child.stdout.close()
        assert child.stderr is not None
        child.stderr.close()

        temps = leftovers(path.parent)
        assert len(temps) <= 1, temps  # only the save that was cut short
        killed_mid_write += len(temps)
        now = generation(path.read_bytes())
        assert now >= last, "the file went back to an older save"
        advanced += now > last
        last = now
    elapsed = time.monotonic() - started
    ProfileStore(path).load()
    assert leftovers(path.parent) == []
    assert backups(path.parent) == []
    assert last > 0 and advanced > 0
    print(
        f"\n{KILLS} kills in {elapsed:.1f} s: {advanced} after at least one new save, "
        f"{killed_mid_write} with a temporary file being written; final generation {last}"
    )


def test_a_profile_with_a_name_of_251_characters_saves_and_backs_up(tmp_path: Path) -> None:
    # Its lock, temporary and backup names once went over the 255-byte limit on a name.
    path = tmp_path / ("p" * 246 + ".json")
    store = ProfileStore(path)
    store.load()
    store.update(set_rating("cost", 1))
    assert ProfileStore(path).load()[0].ratings == {"cost": 1}
    path.write_bytes(b'{"format": "backtui-profile", "broken')
    _, notice = ProfileStore(path).load()
    [backup] = backups(tmp_path)
    assert backup.read_bytes() == b'{"format": "backtui-profile", "broken'
    assert notice is not None and len(backup.name.encode()) <= 255
