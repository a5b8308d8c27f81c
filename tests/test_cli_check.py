"""`backtui check` as a user runs it: a subprocess, its exit status and what it prints."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import INVALID, KB_SMALL, edit, line_of

WriteKB = Callable[..., Path]
EXPECTED = yaml.safe_load((INVALID / "expected.yaml").read_text(encoding="utf-8"))
LOCATED = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<field>\S+): (?P<msg>.+)$")


def check(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "BACKTUI_DATA"}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "backtui", "check", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=environment,
        cwd=cwd,
    )


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stdout + result.stderr


def test_valid_fixture_prints_the_summary() -> None:
    result = check(str(KB_SMALL))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    assert f"{KB_SMALL}: valid" in out
    assert re.search(r"^\s*options:\s+4\b", out, re.M)
    assert re.search(r"^\s*evidence rows:\s+4$", out, re.M)
    assert re.search(r"^\s*sources:\s+3$", out, re.M)
    assert re.search(r"^\s*claims:\s+1$", out, re.M)
    assert "reviewed 2026-01-01" in out
    assert "warning" not in out
    assert len(out.splitlines()) <= 24  # one screen


@pytest.mark.parametrize(
    "name", ["unknown-key-evidence", "dangling-source", "duplicate-key", "nan-estimate"]
)
def test_invalid_fixture_exits_2_with_a_located_message(name: str) -> None:
    path = INVALID / f"{name}.yaml"
    result = check(str(path))
    assert result.returncode == 2
    assert_no_traceback(result)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[-1] == f"backtui check: {path} is not valid"
    [message] = lines[:-1]
    match = LOCATED.match(message)
    assert match, message
    assert match["file"] == str(path)
    want = EXPECTED[name]  # the position and field named in the fixture table
    assert (int(match["line"]), int(match["column"])) == (want["line"], want["column"])
    assert match["field"] == want["field"]
    assert want["message"] in match["msg"]


def test_every_problem_is_printed(write_kb: WriteKB, small_kb_text: str) -> None:
    text = small_kb_text.replace("    source: review-b\n", "    source: review-x\n")
    path = write_kb(text)
    result = check(str(path))
    assert result.returncode == 2
    problems = result.stderr.splitlines()[:-1]
    assert len(problems) == text.count("    source: review-x\n") == 4
    assert all(LOCATED.match(p) and p.endswith("unknown source 'review-x'") for p in problems)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (None, "is a directory"),
        (b"", "file is empty"),
        (b"\xff\xfeu\x00", "UTF-16"),
        (b"a: \x00\n", "NUL byte"),
        (b"!!python/object/apply:os.system [echo]\n", "is not allowed"),
        (b"[" * 10_000, "nesting"),
        (b"- 1\n", "top level must be a mapping"),
    ],
)
def test_unreadable_input_exits_2_without_traceback(
    tmp_path: Path, content: bytes | None, fragment: str
) -> None:
    path = tmp_path / "kb.yaml"
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    result = check(str(path))
    assert result.returncode == 2
    assert_no_traceback(result)
    assert result.stderr.startswith(f"{path}")
    assert fragment in result.stderr


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = check(str(tmp_path / "missing.yaml"))
    assert result.returncode == 2
    assert_no_traceback(result)
    assert f"{tmp_path / 'missing.yaml'}: file not found" in result.stderr


# -- warnings -------------------------------------------------------------------------------


def test_warning_for_a_passed_next_review(write_kb: WriteKB, small_kb_text: str) -> None:
    text = edit(
        small_kb_text,
        ("  reviewed: 2026-01-01\n", "  reviewed: 2020-01-01\n"),
        ("  next_review: 2099-01-01\n", "  next_review: 2021-01-01\n"),
    )
    path = write_kb(text)
    result = check(str(path))
    assert result.returncode == 0, result.stderr
    line = line_of(text, "next_review:")
    assert (
        f"warning: {path}:{line}:3: meta.next_review: review was due on 2021-01-01" in result.stdout
    )


def test_warning_for_a_source_without_doi_or_pmid(write_kb: WriteKB, small_kb_text: str) -> None:
    text = edit(small_kb_text, ("    doi: 10.1234/fixture.1\n", ""))
    path = write_kb(text)
    result = check(str(path))
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stdout.splitlines() if line.startswith("warning:")]
    line = line_of(text, "- id: trial-a")
    assert warnings == [
        f"warning: {path}:{line}:5: sources[0]: source 'trial-a' has no DOI or PMID"
    ]


def test_warning_for_an_option_missing_an_aspect(write_kb: WriteKB, small_kb_text: str) -> None:
    start = small_kb_text.index("    harms:\n      - id: bath-scald")
    end = small_kb_text.index("  - id: rest\n")
    text = edit(small_kb_text, (small_kb_text[start:end], ""))
    path = write_kb(text)
    result = check(str(path))
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stdout.splitlines() if line.startswith("warning:")]
    line = line_of(text, "- id: warm-baths")
    assert warnings == [f"warning: {path}:{line}:5: options[1]: option 'warm-baths' has no harms"]


# -- where the knowledge base comes from -------------------------------------------------------


def test_backtui_data_environment_variable(tmp_path: Path) -> None:
    result = check(env={"BACKTUI_DATA": str(KB_SMALL)}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{KB_SMALL}: valid")


def test_data_option(tmp_path: Path) -> None:
    result = check("--data", str(KB_SMALL), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{KB_SMALL}: valid")


def test_path_and_data_option_beat_the_environment(tmp_path: Path) -> None:
    bad = str(INVALID / "bad-doi.yaml")
    env = {"BACKTUI_DATA": bad}
    for args in ([str(KB_SMALL)], ["--data", str(KB_SMALL)]):
        result = check(*args, env=env, cwd=tmp_path)
        assert result.returncode == 0, (args, result.stderr)
        assert result.stdout.startswith(f"{KB_SMALL}: valid")
    result = check(env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert bad in result.stderr


def test_environment_pointing_at_a_missing_file(tmp_path: Path) -> None:
    result = check(env={"BACKTUI_DATA": str(tmp_path / "nope.yaml")}, cwd=tmp_path)
    assert result.returncode == 2
    assert_no_traceback(result)
    assert "file not found" in result.stderr


# -- check never imports Textual ----------------------------------------------------------------

NO_TEXTUAL = """
import sys
from backtui.cli import main
code = main(["check", sys.argv[1]])
ui = ("textual", "textual.", "backtui.ui")
loaded = sorted(m for m in sys.modules if m.startswith(ui))
print(code, loaded)
"""


@pytest.mark.parametrize("path", [KB_SMALL, INVALID / "dangling-source.yaml"])
def test_check_never_imports_textual(path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", NO_TEXTUAL, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    code, modules = result.stdout.splitlines()[-1].split(" ", 1)
    assert code == ("0" if path == KB_SMALL else "2")
    assert modules == "[]"


def test_textual_is_importable_so_the_check_above_means_something() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import textual, sys; print('textual' in sys.modules)"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "True"


# -- files that fail when read (issue 15) ----------------------------------------------------


def _failing_proc_file(name: str) -> str:
    path = f"/proc/self/{name}"
    try:
        with open(path, "rb") as handle:
            handle.read(1)
    except OSError:
        return path
    pytest.skip(f"{path} is readable here")


@pytest.mark.parametrize("name", ["mem", "attr/current"])
@pytest.mark.parametrize(
    "command", [["check"], ["show", "--data"], ["export", "--data"], ["--data"]]
)
def test_a_file_that_fails_on_read_is_one_located_message(name: str, command: list[str]) -> None:
    path = _failing_proc_file(name)
    result = subprocess.run(
        [sys.executable, "-m", "backtui", *command, path],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2, result.stderr
    assert_no_traceback(result)
    assert result.stderr.startswith(f"{path}: cannot read file: "), result.stderr


@pytest.mark.parametrize("valid", [True, False])
def test_a_terminal_that_is_not_utf8_gets_question_marks_not_a_traceback(
    tmp_path: Path, valid: bool
) -> None:
    path = tmp_path / "résumé.yaml"
    path.write_bytes(KB_SMALL.read_bytes() if valid else "meta: ✓\n".encode())
    result = check(str(path), env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == (0 if valid else 2), result.stderr
    assert_no_traceback(result)
    if valid:  # standard output: '?' for what ASCII lacks
        assert f"{tmp_path}/r?sum?.yaml: valid" in result.stdout, result.stdout
    else:  # standard error escapes it, as Python always does there
        assert f"{tmp_path}/r\\xe9sum\\xe9.yaml:1:1: meta: " in result.stderr, result.stderr
