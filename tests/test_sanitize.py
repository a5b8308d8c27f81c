"""One definition of 'safe to print', used by check, show, export and the interface."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from backtui.kb.errors import Problem
from backtui.sanitize import CONTROL, clean

HOSTILE_KB = Path(__file__).parent / "fixtures" / "kb_hostile.yaml"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\x1b[31mred\x1b[0m", "[31mred[0m"),
        ("\x1b]0;title\x07after", "]0;titleafter"),
        ("a\tb", "a    b"),
        ("one\r\ntwo\rthree", "one\ntwo\nthree"),
        ("\u202eevil\u202c", "evil"),
        ("\x9bC1 CSI", "C1 CSI"),
        ("[bold]kept[/]", "[bold]kept[/]"),
        ("腰痛 ألم 🙂", "腰痛 ألم 🙂"),
    ],
)
def test_clean_removes_controls_and_keeps_text(raw: str, expected: str) -> None:
    assert clean(raw) == expected
    assert not CONTROL.search(clean(raw))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Invisible: text that looks like another, or hides words (issue 15).
        ("acu\u200bpuncture", "acupuncture"),  # zero width space
        ("no\u2060ne \ufeffx \u2063y", "none x y"),  # word joiner, BOM, invisible separator
        ("soft\u00adhyphen \u034fcgj", "softhyphen cgj"),
        ("\u3164\u115f\uffa0filler", "filler"),  # Hangul fillers
        ("safe\U000e0069\U000e0067\U000e006e\U000e006f\U000e0072\U000e0065", "safe"),  # tags
        ("x\U000e0100y", "xy"),  # variation selectors supplement
        # Bidirectional marks reorder neutral characters around them.
        ("1\u200e2\u200f3\u061c4", "1234"),
        # Kept: spelling and emoji need them, and they hide nothing.
        ("می\u200cخواهم", "می\u200cخواهم"),  # ZWNJ in Persian
        ("👩\u200d⚕\ufe0f", "👩\u200d⚕\ufe0f"),  # ZWJ sequence, VS16
        ("⚠\ufe0f ⚠\ufe0e", "⚠\ufe0f ⚠\ufe0e"),
    ],
)
def test_invisible_characters_are_removed_by_class(raw: str, expected: str) -> None:
    assert clean(raw) == expected


def test_problem_messages_never_carry_escape_codes() -> None:
    problem = Problem("kb.yaml", "invalid value '\x1b]0;pwned\x07'", field="meta.id", line=3)
    assert "\x1b" not in str(problem) and "\x07" not in str(problem)
    assert str(problem).startswith("kb.yaml:3:1: meta.id: invalid value")


def test_check_summary_of_a_hostile_kb_is_plain_text() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "backtui", "check", str(HOSTILE_KB)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "[@click=app.quit]title[/]" in result.stdout  # shown literally
    assert not CONTROL.search(result.stdout.replace("\n", ""))
