"""The loader: every invalid fixture names its exact field, line and column; error formats."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import INVALID, KB_SMALL, line_of

from backtui.kb import yamlread
from backtui.kb.errors import KBError, Problem, format_path
from backtui.kb.loader import load, loads

EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load(
    (INVALID / "expected.yaml").read_text(encoding="utf-8")
)
# path:line:col: field.path: message
LOCATED = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<field>\S+): (?P<msg>.+)$")


def _fixture_names() -> set[str]:
    return {p.stem for p in INVALID.glob("*.yaml")} - {"expected"}


def test_every_invalid_fixture_has_a_row_and_there_are_enough() -> None:
    assert _fixture_names() == set(EXPECTED)
    assert len(EXPECTED) >= 30
    for name, row in EXPECTED.items():
        assert set(row) == {"field", "line", "column", "message", "at"}, name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_fixture_reports_its_one_defect(name: str) -> None:
    want = EXPECTED[name]
    path = INVALID / f"{name}.yaml"
    with pytest.raises(KBError) as info:
        load(str(path))
    problems = info.value.problems
    assert len(problems) == 1, [str(p) for p in problems]  # one defect, one problem
    [problem] = problems
    assert problem.file == str(path)
    assert problem.field == want["field"]
    assert (problem.line, problem.column) == (want["line"], want["column"])
    assert want["message"] in problem.message
    # The position is where the defect is written, not merely a recorded number.
    source_line = path.read_text(encoding="utf-8").splitlines()[problem.line - 1]
    assert source_line[problem.column - 1 :].startswith(want["at"])
    # The printed form: path:line:col: field.path: message
    printed = str(problem)
    if want["field"]:
        match = LOCATED.match(printed)
        assert match, printed
        assert match["file"] == str(path)
        assert (int(match["line"]), int(match["column"])) == (want["line"], want["column"])
        assert match["field"] == want["field"]
        assert match["msg"] == problem.message
    else:
        assert printed == f"{path}:{want['line']}:{want['column']}: {problem.message}"


def test_loads_reports_the_same_problem_as_load() -> None:
    for name in sorted(EXPECTED):
        path = INVALID / f"{name}.yaml"
        with pytest.raises(KBError) as from_file:
            load(str(path))
        with pytest.raises(KBError) as from_text:
            loads(path.read_text(encoding="utf-8"), path=str(path))
        assert from_text.value.problems == from_file.value.problems, name


def test_pure_python_parser_reports_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    # CI machines may lack libyaml; positions and messages must not depend on it.
    def problems() -> dict[str, list[Problem]]:
        found = {}
        for name in sorted(EXPECTED):
            with pytest.raises(KBError) as info:
                load(str(INVALID / f"{name}.yaml"))
            found[name] = info.value.problems
        return found

    default = problems()
    monkeypatch.setattr(yamlread, "_Loader", yaml.SafeLoader)
    assert problems() == default


def test_the_small_fixture_is_valid_with_no_warnings() -> None:
    loaded = load(str(KB_SMALL))
    assert loaded.path == str(KB_SMALL)
    assert loaded.warnings == []
    kb = loaded.kb
    assert [o.id for o in kb.options] == ["stretching", "warm-baths", "rest", "rest-brace"]
    assert sum(len(o.evidence) for o in kb.options) == 4
    assert len(kb.sources) == 3
    assert len(kb.claims) == 1
    assert str(kb.meta.reviewed) == "2026-01-01"


def test_kberror_message_lists_every_problem(write_kb: Any, small_kb_text: str) -> None:
    # Two cross-reference errors are both reported, each on its own line.
    text = small_kb_text.replace("source: trial-a\n", "source: trial-z\n")
    path = write_kb(text)
    with pytest.raises(KBError) as info:
        load(str(path))
    problems = info.value.problems
    assert len(problems) == text.count("source: trial-z\n") >= 2
    assert str(info.value).splitlines() == [str(p) for p in problems]
    assert all(p.message == "unknown source 'trial-z'" for p in problems)
    lines = text.splitlines()
    for problem in problems:
        assert problem.line is not None
        assert lines[problem.line - 1].endswith("source: trial-z")


def test_a_wrong_type_deep_in_the_file_names_its_own_line(small_kb_text: str) -> None:
    text = small_kb_text.replace("        studies: 3\n", "        studies: three\n")
    with pytest.raises(KBError) as info:
        loads(text, path="kb.yaml")
    [problem] = info.value.problems
    line = line_of(text, "studies: three")
    assert str(problem) == (
        f"kb.yaml:{line}:9: options[1].evidence[0].studies: expected int | null, got str"
    )


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (("options", 0, "evidence", 2, "estimate"), "options[0].evidence[2].estimate"),
        (("meta", "condition", "name"), "meta.condition.name"),
        (("sources", 3), "sources[3]"),
        (("questions", 0, "answers", 1, "sources", 0), "questions[0].answers[1].sources[0]"),
        (("a", 1, 2), "a[1][2]"),
        (("schema_version",), "schema_version"),
        ((0, "id"), "[0].id"),
        ((), "(top level)"),
    ],
)
def test_format_path(path: tuple[str | int, ...], expected: str) -> None:
    assert format_path(path) == expected


@pytest.mark.parametrize(
    ("problem", "expected"),
    [
        (
            Problem("kb.yaml", "unknown source 'x'", field="options[0].source", line=12, column=7),
            "kb.yaml:12:7: options[0].source: unknown source 'x'",
        ),
        (Problem("kb.yaml", "file is empty"), "kb.yaml: file is empty"),
        (Problem("kb.yaml", "bad byte", line=3, column=9), "kb.yaml:3:9: bad byte"),
        (Problem("kb.yaml", "no column", field="meta", line=4), "kb.yaml:4:1: meta: no column"),
        (Problem("dir/a b.yaml", "m", field="f", line=1, column=1), "dir/a b.yaml:1:1: f: m"),
    ],
)
def test_problem_string_format(problem: Problem, expected: str) -> None:
    assert str(problem) == expected


def test_kberror_is_an_exception_carrying_its_problems() -> None:
    problems = [Problem("a.yaml", "one", line=1, column=2), Problem("a.yaml", "two")]
    error = KBError(problems)
    assert isinstance(error, Exception)
    assert error.problems == problems
    assert str(error) == "a.yaml:1:2: one\na.yaml: two"


def test_problem_file_is_the_path_as_given(tmp_path: Path, small_kb_text: str) -> None:
    (tmp_path / "sub").mkdir()
    path = tmp_path / "sub" / "kb.yaml"
    path.write_text(small_kb_text.replace("  funding: None.\n", "  fundng: None.\n"))
    with pytest.raises(KBError) as info:
        load(str(path))
    [problem] = info.value.problems
    line = line_of(small_kb_text, "funding:")
    assert str(problem).startswith(f"{path}:{line}:3: meta.fundng: ")
