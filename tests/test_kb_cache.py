"""The validated-KB cache: a hit equals a fresh load; anything doubtful is a miss."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import KB_SMALL, edit

from backtui.kb import cache
from backtui.kb.errors import KBError
from backtui.kb.loader import load


@pytest.fixture(autouse=True)
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv(cache.NO_CACHE_VAR, raising=False)
    return home


def entries() -> list[Path]:
    directory = cache.cache_dir()
    return sorted(directory.glob("*.msgpack")) if directory.exists() else []


def kb_file(tmp_path: Path, text: str | None = None, name: str = "kb.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text if text is not None else KB_SMALL.read_text(encoding="utf-8"))
    return path


def test_a_miss_writes_an_entry_and_a_hit_equals_a_fresh_load(tmp_path: Path) -> None:
    path = kb_file(tmp_path)
    first = cache.load_cached(str(path))
    assert len(entries()) == 1
    second = cache.load_cached(str(path))
    fresh = load(str(path))
    assert first.kb == second.kb == fresh.kb
    assert second.warnings == fresh.warnings
    assert second.path == str(path)


def test_a_hit_reports_warnings_at_the_path_it_was_given(tmp_path: Path) -> None:
    text = edit(
        KB_SMALL.read_text(encoding="utf-8"), ("next_review: 2099-01-01", "next_review: 2026-02-01")
    )
    one = kb_file(tmp_path, text, "one.yaml")
    two = kb_file(tmp_path, text, "two.yaml")
    cache.load_cached(str(one))
    hit = cache.load_cached(str(two))  # same bytes: the same entry
    assert len(entries()) == 1
    assert hit.warnings and all(w.file == str(two) for w in hit.warnings)
    assert hit.warnings == load(str(two)).warnings


def test_any_edit_is_a_miss(tmp_path: Path) -> None:
    path = kb_file(tmp_path)
    cache.load_cached(str(path))
    text = path.read_text().replace("Gentle daily stretches.", "Gentle daily stretching.")
    path.write_text(text)
    loaded = cache.load_cached(str(path))
    assert len(entries()) == 2
    assert loaded.kb == load(str(path)).kb


def test_an_invalid_file_raises_as_without_the_cache_and_is_not_cached(tmp_path: Path) -> None:
    path = kb_file(
        tmp_path, KB_SMALL.read_text().replace("certainty: moderate", "certainty: great")
    )
    with pytest.raises(KBError) as cached_error:
        cache.load_cached(str(path))
    with pytest.raises(KBError) as plain_error:
        load(str(path))
    assert cached_error.value.problems == plain_error.value.problems
    assert entries() == []


def test_missing_file_raises_the_loaders_error(tmp_path: Path) -> None:
    with pytest.raises(KBError) as error:
        cache.load_cached(str(tmp_path / "absent.yaml"))
    assert error.value.problems[0].message == "file not found"


@pytest.mark.parametrize("damage", [b"", b"\x00\x01garbage", b"\x81\xa6format\x01"])
def test_a_corrupt_entry_is_a_miss_and_is_rewritten(tmp_path: Path, damage: bytes) -> None:
    path = kb_file(tmp_path)
    cache.load_cached(str(path))
    (entry,) = entries()
    entry.write_bytes(damage)
    loaded = cache.load_cached(str(path))
    assert loaded.kb == load(str(path)).kb
    assert entry.read_bytes() != damage


def test_an_entry_that_breaks_a_record_rule_is_a_miss(tmp_path: Path) -> None:
    """Decoding re-checks each field's type and each record's own rules."""
    import msgspec

    path = kb_file(tmp_path)
    cache.load_cached(str(path))
    (entry,) = entries()
    data = msgspec.msgpack.decode(entry.read_bytes())
    data["kb"]["options"][0]["evidence"][0]["ci_low"] = 99.0  # an inverted CI
    entry.write_bytes(msgspec.msgpack.encode(data))
    loaded = cache.load_cached(str(path))
    assert loaded.kb == load(str(path)).kb


def test_an_unwritable_cache_is_no_error(tmp_path: Path, cache_home: Path) -> None:
    cache_home.mkdir()
    (cache_home / "backtui").write_text("a file where the folder should be")
    path = kb_file(tmp_path)
    assert cache.load_cached(str(path)).kb == load(str(path)).kb


def test_the_variable_turns_the_cache_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.NO_CACHE_VAR, "1")
    path = kb_file(tmp_path)
    cache.load_cached(str(path))
    assert entries() == []


def test_old_entries_are_pruned(tmp_path: Path) -> None:
    text = KB_SMALL.read_text()
    for number in range(cache.KEEP + 3):
        path = kb_file(tmp_path, text + f"# edit {number}\n")
        cache.load_cached(str(path))
    assert len(entries()) == cache.KEEP


def test_a_hit_does_not_import_the_yaml_reader(tmp_path: Path, cache_home: Path) -> None:
    path = kb_file(tmp_path)
    cache.load_cached(str(path))
    probe = (
        "import sys\n"
        "from backtui.kb.cache import load_cached\n"
        f"load_cached({str(path)!r})\n"
        "print('yaml' in sys.modules, 'backtui.kb.yamlread' in sys.modules)\n"
    )
    env = {"XDG_CACHE_HOME": str(cache_home), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.split() == ["False", "False"]


def test_the_entry_filed_under_a_hash_holds_the_file_that_was_hashed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A file swapped between two valid KBs while loading: the cache hashed one and, before,
    # parsed the other, and filed it under the first one's hash (776 of 1,516 entries).
    text_a = KB_SMALL.read_text(encoding="utf-8")
    text_b = edit(text_a, ("funding: None.", "funding: File B."))
    path = kb_file(tmp_path, text_b)
    monkeypatch.setattr(cache, "_read", lambda _path: text_a.encode())  # what was hashed: A
    loaded = cache.load_cached(str(path))
    assert loaded.kb.meta.funding == "None."  # what was parsed is what was hashed
    monkeypatch.undo()
    path.write_text(text_a)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-home"))
    assert len(entries()) == 1
    assert cache.load_cached(str(path)).kb.meta.funding == "None."  # a hit on A shows A
