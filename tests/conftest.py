"""Shared test paths and knowledge-base fixtures."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

TESTS = Path(__file__).parent
REPO = TESTS.parent
FIXTURES = TESTS / "fixtures"
KB_SMALL = FIXTURES / "kb_small.yaml"
INVALID = FIXTURES / "invalid"
SHIPPED_KB = REPO / "data" / "options.yaml"
SCHEMA_FILE = REPO / "schema" / "options.schema.json"


# Hypothesis: "quick" for a local loop, Hypothesis's defaults otherwise (the whole suite and
# .ci/run). Quick is chosen by BACKTUI_HYPOTHESIS=quick, or by -m "not slow" unless
# BACKTUI_HYPOTHESIS=default says otherwise. test_fuzz.py keeps its own profiles.
QUICK_EXAMPLES = 10
settings.register_profile("quick", max_examples=QUICK_EXAMPLES, deadline=None)
settings.register_profile("default", settings.get_profile("default"))
_profile = ["default"]


def pytest_configure(config: pytest.Config) -> None:
    chosen = os.environ.get("BACKTUI_HYPOTHESIS")
    if chosen is None and "not slow" in (config.getoption("markexpr") or ""):
        chosen = "quick"
    if chosen is not None:
        settings.load_profile(chosen)  # an unknown name fails loudly here
        _profile[0] = chosen


def examples(full: int) -> int:
    """``max_examples`` for a property that sets its own: ``full``, or fewer when quick."""
    return min(full, QUICK_EXAMPLES) if _profile[0] == "quick" else full


def edit(text: str, *replacements: tuple[str, str]) -> str:
    """Apply (old, new) replacements; each ``old`` must occur exactly once."""
    for old, new in replacements:
        assert text.count(old) == 1, f"expected exactly one {old!r} in the fixture"
        text = text.replace(old, new, 1)
    return text


def line_of(text: str, start: str) -> int:
    """The 1-based number of the one line that starts (after indentation) with ``start``.

    Tests name lines this way so that an edit to kb_small.yaml that moves lines does not
    break them, while a problem reported on the wrong line still does.
    """
    found = [n for n, line in enumerate(text.splitlines(), 1) if line.strip().startswith(start)]
    assert len(found) == 1, (start, found)
    return found[0]


@pytest.fixture
def small_kb_text() -> str:
    """The text of the valid small fixture KB."""
    return KB_SMALL.read_text(encoding="utf-8")


@pytest.fixture
def write_kb(tmp_path: Path) -> Callable[..., Path]:
    """Write text (or bytes) to a file in tmp_path and return its path."""

    def write(content: str | bytes, name: str = "kb.yaml") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """HOME, the XDG folders and the working directory, all inside tmp_path."""
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(home / "Documents"))
    for name, folder in (
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
    ):
        monkeypatch.setenv(name, str(home / folder))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def as_user(uid: int, action: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run action in a forked child that has dropped root (the interpreter may live under
    /root, out of another user's reach, so a fresh subprocess cannot be used)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        status = 1
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            result = action()
            status = 0
        except BaseException as exc:
            result = {"crash": repr(exc)}
        finally:
            try:
                os.write(write_end, json.dumps(result).encode())
            finally:
                os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        output = pipe.read()
    _, status = os.waitpid(pid, 0)
    outcome: dict[str, Any] = json.loads(output)
    assert os.waitstatus_to_exitcode(status) == 0, outcome
    return outcome
