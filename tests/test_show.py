"""``backtui show``: plain-text tables for screen readers, pipes and scripts.

It must fit the width (no line wider, in terminal columns), never print an escape code (on a
TTY, in a pipe, with NO_COLOR), show hostile text literally without its control characters,
and never import Textual.
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from summary_fixtures import (
    KB_SMALL,
    SHIPPED_KB,
    bad_characters,
    run_cli,
    write_hostile_kb,
)

from backtui.kb.loader import load
from backtui.kb.queries import Index
from backtui.show import ShowError, parse_aspect, render, table
from backtui.views.aspects import ASPECT_IDS, ASPECTS
from backtui.wording import cell_width, wrap

TITLES = [title for _, title in ASPECTS]


def lines_fit(text: str, width: int) -> None:
    for line in text.splitlines():
        assert cell_width(line) <= width, (cell_width(line), line)
        assert line == line.rstrip(), repr(line)


@pytest.fixture(scope="module")
def hostile_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_hostile_kb(tmp_path_factory.mktemp("hostile"))


@pytest.mark.parametrize("width", [60, 120])
@pytest.mark.parametrize("which", ["small", "shipped", "hostile"])
def test_every_aspect_fits_the_width(width: int, which: str, hostile_kb: Path) -> None:
    path = {"small": KB_SMALL, "shipped": SHIPPED_KB, "hostile": hostile_kb}[which]
    result = run_cli("show", "--width", str(width), "--data", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    lines_fit(out, width)
    assert "\x1b" not in out and bad_characters(out) == []
    for title in TITLES:
        assert f"\n{title}\n{'=' * len(title)}\n" in out, title


def test_columns_when_wide_one_after_another_when_narrow() -> None:
    index = Index(load(str(KB_SMALL)).kb)
    options = ["stretching", "warm-baths", "rest"]
    wide = render(index, options, ["safety"], 120)
    assert any(
        "Stretching" in line and "Warm baths" in line and "Rest" in line
        for line in wide.splitlines()
    )
    narrow = render(index, options, ["safety"], 60)
    assert "Stretching\n----------\n" in narrow
    assert "Warm baths\n----------\n" in narrow
    # Two options still fit side by side at 60 columns.
    two = render(index, options[:2], ["safety"], 60)
    assert any("Stretching" in line and "Warm baths" in line for line in two.splitlines())
    stacked = render(index, options, ["safety"], 200, stack=True)
    assert "Stretching\n----------\n" in stacked


def test_content_of_the_aspects() -> None:
    index = Index(load(str(KB_SMALL)).kb)
    out = render(index, ["stretching", "warm-baths"], list(ASPECT_IDS), 200, stack=True)
    for needle in (
        "Gentle daily stretches.",
        "How much will it help?",  # the Option Grid's questions, in the overview
        "A little more than sham.",
        "Stretching probably reduces stiffness slightly compared with sham stretching.",
        "MD −1.2 (95% CI −2 to −0.4) on Stiffness (0-10)",
        "2 studies, 200 people · At 6 weeks · Example 2020",
        "Moderate certainty.",
        "About 2 in 10,000 people, per year",
        "Exactly: 2 in 10,000 people, per year",
        "About 12 in 100 people, over 6 weeks",
        "Sessions: 6 sessions",
        "Fixture Institute (2022)",
        "Recommends against; strength:",
        "Where guidelines disagree",
        "DOI 10.1234/fixture.1",
        "PMID 12345678",
        "Verdict: unsupported.",
        "Test data. Not medical advice.",
        "This informs a conversation with your clinician. It is not medical advice.",
    ):
        assert needle in out, needle


def test_hostile_kb_literal_text(hostile_kb: Path) -> None:
    result = run_cli("show", "--width", "200", "--aspect", "overview", "--data", str(hostile_kb))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "<script>alert(1)</script>" in out
    assert "[@click=app.quit]q[/]" in out
    assert "\x1b" not in out and "\u202e" not in out and "\x9b" not in out


@pytest.mark.parametrize("aspect", ["benefits", "Side effects", "side_effects", "3", "all"])
def test_aspect_names(aspect: str) -> None:
    assert parse_aspect(aspect)
    assert parse_aspect(None) == list(ASPECT_IDS)


def test_one_aspect_only() -> None:
    result = run_cli("show", "--aspect", "guidelines", "--width", "80", "--data", str(KB_SMALL))
    assert result.returncode == 0, result.stderr
    assert "Guidelines\n==========" in result.stdout
    assert "Benefits\n" not in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--aspect", "colour"], "unknown aspect 'colour'; choose from: overview, benefits"),
        (["--compare", "stretching,nope"], "unknown option id 'nope'"),
        (["--width", "10"], "--width must be at least 20"),
        (["--width", "10000000"], "--width must be at most 1000"),
        (["--width", "wide"], "invalid int value"),
    ],
)
def test_errors_exit_2(args: list[str], message: str) -> None:
    result = run_cli("show", "--data", str(KB_SMALL), *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    with pytest.raises(ShowError):
        parse_aspect("colour")


def test_width_follows_columns_when_not_a_terminal() -> None:
    result = run_cli("show", "--data", str(SHIPPED_KB), env={"COLUMNS": "70"})
    assert result.returncode == 0, result.stderr
    lines_fit(result.stdout, 70)
    assert max(cell_width(line) for line in result.stdout.splitlines()) > 60


def test_a_huge_terminal_width_is_bounded_with_a_message() -> None:
    # COLUMNS=10000000 once printed 1.7 GB and used 8.6 GB of memory.
    result = run_cli("show", "--data", str(KB_SMALL), env={"COLUMNS": "10000000"})
    assert result.returncode == 0, result.stderr
    assert "the terminal is 10,000,000 columns wide; using 1000" in result.stderr
    assert max(cell_width(line) for line in result.stdout.splitlines()) <= 1000
    assert len(result.stdout) < 2_000_000


@pytest.mark.parametrize("no_color", [False, True])
def test_a_terminal_gets_plain_text_too(no_color: bool) -> None:
    """On a real TTY (a pseudo-terminal), with or without NO_COLOR: no escape codes."""
    env = {k: v for k, v in os.environ.items() if k != "BACKTUI_DATA"}
    env.update({"TERM": "xterm-256color", "COLUMNS": "90", "FORCE_COLOR": "1"})
    if no_color:
        env["NO_COLOR"] = "1"
    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "backtui", "show", "--data", str(KB_SMALL)],
            stdin=subprocess.DEVNULL,
            stdout=follower,
            stderr=subprocess.PIPE,
            env=env,
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert process.wait(timeout=60) == 0
        assert process.stderr is not None and process.stderr.read() == b""
    finally:
        os.close(leader)
    out = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    assert "\x1b" not in out and bad_characters(out) == []
    assert "Benefits\n========" in out
    lines_fit(out, 90)


def test_broken_pipe_is_quiet() -> None:
    command = (
        f"{sys.executable} -m backtui show --data {KB_SMALL} --width 80 | head -n 3; "
        "exit ${PIPESTATUS[0]}"
    )
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == 3
    assert result.stderr == ""


def test_show_never_imports_textual() -> None:
    code = (
        "import io, sys, contextlib\n"
        "from backtui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['show', '--width', '60', '--data', {str(SHIPPED_KB)!r}]) == 0\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual' "
        "or m.startswith('backtui.ui')))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "BACKTUI_DATA"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# ----------------------------------------------------------------------------- layout units


def test_wrap_respects_wide_characters_and_long_words() -> None:
    lines = wrap("腰痛の治療 " * 10 + "x" * 50, 20)
    assert all(cell_width(line) <= 20 for line in lines)
    assert "".join(lines).replace(" ", "").endswith("x" * 50)
    assert wrap("a\n\nb", 10) == ["a", "", "b"]


def test_cell_width_counts_as_rich_and_terminals_do() -> None:
    from rich.cells import cell_len

    # "⚠️" (with VS16) is two cells wide in Rich and in terminals; it was counted as one.
    for text in ("⚠️", "⚠︎", "👩\u200d⚕️", "腰痛", "e\u0301", "plain"):
        assert cell_width(text) == cell_len(text), text
    assert cell_width("⚠️ caution") == 10
    lines = wrap("⚠️ " * 12, 9)  # three to a line: 3 x 2 cells + 2 spaces = 8
    assert all(cell_len(line) <= 9 for line in lines), lines


def test_table_falls_back_to_stacked() -> None:
    rows = [["alpha beta", "gamma"], ["delta", ""]]
    side = table(["One", "Two"], rows, 60)
    assert side[0].startswith("One") and "Two" in side[0]
    stacked = table(["One", "Two", "Three"], [["a", "b", "c"]], 40)
    assert stacked[:3] == ["One", "---", "a"]
