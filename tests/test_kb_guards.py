"""Loader guards: hostile or broken input gives a KBError with a clear message, and nothing else."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

import hypothesis
import pytest
import yaml
from conftest import KB_SMALL, as_user, edit, examples, line_of
from hypothesis import strategies as st

from backtui.kb import yamlread
from backtui.kb.errors import KBError, Problem
from backtui.kb.loader import load, loads

WriteKB = Callable[..., Path]
FUNDING = line_of(KB_SMALL.read_text(encoding="utf-8"), "funding:")  # where most edits go


@pytest.fixture(params=["libyaml", "pure-python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a guard test with each of PyYAML's parsers (libyaml may be missing elsewhere)."""
    if request.param == "pure-python":
        monkeypatch.setattr(yamlread, "_Loader", yaml.SafeLoader)
    elif not yaml.__with_libyaml__:
        pytest.skip("PyYAML was built without libyaml")
    return str(request.param)


def only_problem(path: Path | str) -> Problem:
    """Load ``path``, expecting a KBError with exactly one problem (any other exception fails)."""
    with pytest.raises(KBError) as info:
        load(str(path))
    assert len(info.value.problems) == 1, info.value.problems
    problem = info.value.problems[0]
    assert problem.file == str(path)
    return problem


# -- what the path is --------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    problem = only_problem(tmp_path / "nope.yaml")
    assert problem.message == "file not found"


def test_directory(tmp_path: Path) -> None:
    problem = only_problem(tmp_path)
    assert "is a directory" in problem.message


def test_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "kb.fifo"
    os.mkfifo(fifo)
    outcome: list[BaseException | None] = []

    def attempt() -> None:
        try:
            load(str(fifo))
        except BaseException as exc:  # handed to the test thread
            outcome.append(exc)
        else:
            outcome.append(None)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(timeout=5)
    if worker.is_alive():  # opening the FIFO blocked: unblock it, then fail
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(timeout=5)
        pytest.fail("load() blocked on a FIFO")
    [error] = outcome
    assert isinstance(error, KBError)
    assert "not a regular file" in error.problems[0].message


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_dev_zero() -> None:
    started = time.perf_counter()
    problem = only_problem("/dev/zero")
    assert "not a regular file" in problem.message
    assert time.perf_counter() - started < 1


def test_symlink_loop(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.symlink_to(b)
    b.symlink_to(a)
    problem = only_problem(a)
    assert problem.message.startswith("cannot read file:")
    assert "symbolic links" in problem.message


def test_symlink_to_a_valid_file_is_followed(tmp_path: Path, small_kb_text: str) -> None:
    target = tmp_path / "real.yaml"
    target.write_text(small_kb_text)
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    assert load(str(link)).kb.meta.id == "fixture-small"


def test_unreadable_file(small_kb_text: str) -> None:
    """chmod 0; as root (which ignores it, and CI runs as root) the load runs as nobody."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="backtui-unreadable-"))  # tmp_path is root's only
    try:
        folder.chmod(0o755)
        path = folder / "kb.yaml"
        path.write_text(small_kb_text)
        path.chmod(0)

        def attempt() -> dict[str, object]:
            try:
                load(str(path))
            except KBError as exc:
                return {"uid": os.getuid(), "messages": [p.message for p in exc.problems]}
            return {"uid": os.getuid(), "messages": []}

        root = os.geteuid() == 0
        outcome = as_user(65534, attempt) if root else attempt()
    finally:
        shutil.rmtree(folder)
    assert outcome["uid"] == (65534 if root else os.getuid())
    [message] = outcome["messages"]  # type: ignore[misc]
    assert message == "cannot open file: Permission denied"


# -- size --------------------------------------------------------------------------------


def test_file_over_the_size_cap(write_kb: WriteKB, small_kb_text: str) -> None:
    padding = "# padding padding padding padding padding padding padding padding\n"
    text = small_kb_text + padding * (yamlread.MAX_BYTES // len(padding) + 10)
    assert yamlread.MAX_BYTES < len(text) < yamlread.MAX_BYTES + 100_000
    problem = only_problem(write_kb(text))
    # Just over the cap, the size is rounded up, so it never reads as the limit itself.
    assert problem.message == "file is 64.1 MiB; the limit for a knowledge base is 64 MiB"
    assert problem.line is None


def test_ten_megabyte_single_line(write_kb: WriteKB) -> None:
    """Under the size cap, so the parser reads it; the one value is refused, at its place.
    (libyaml only: the pure-Python parser takes seconds to scan 10 MB.)"""
    path = write_kb(b"a: " + b"x" * (10 * 1024 * 1024) + b"\n")
    started = time.perf_counter()
    problem = only_problem(path)
    assert problem.message == "value is 10,485,760 characters long; the limit is 1,048,576"
    assert (problem.field, problem.line, problem.column) == ("a", 1, 4)
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize(
    ("scalar", "kind", "field", "line"),
    [
        ("  funding: {}\n", "value", "meta.funding", FUNDING),
        ("  funding: |-\n    {}\n", "value", "meta.funding", FUNDING),
        ("  ? {}\n  : x\n", "key", "meta", FUNDING),  # an explicit key may be long
    ],
    ids=["value", "block-value", "key"],
)
def test_a_scalar_over_the_length_cap(
    write_kb: WriteKB,
    small_kb_text: str,
    parser: str,
    monkeypatch: pytest.MonkeyPatch,
    scalar: str,
    kind: str,
    field: str,
    line: int,
) -> None:
    monkeypatch.setattr(yamlread, "MAX_SCALAR_CHARS", 1_000)  # the same rule, quicker to reach
    text = small_kb_text.replace("  funding: None.\n", scalar.format("y" * 1_001))
    problem = only_problem(write_kb(text))
    assert problem.message == f"{kind} is 1,001 characters long; the limit is 1,000"
    assert (problem.field, problem.line) == (field, line)
    at_the_cap = small_kb_text.replace("  funding: None.\n", scalar.format("y" * 1_000))
    yamlread.parse("kb.yaml", at_the_cap)  # the reader lets it through


def test_a_long_line_under_the_cap_gets_a_located_error(
    write_kb: WriteKB, small_kb_text: str
) -> None:
    text = small_kb_text.replace("  funding: None.", "  funding: " + "x" * 1_000_000)
    problem = only_problem(write_kb(text))
    assert (problem.field, problem.line) == ("meta.funding", FUNDING)
    assert "length <= 20000" in problem.message


# -- encoding ------------------------------------------------------------------------------


def test_not_utf8_names_the_line(write_kb: WriteKB, small_kb_text: str) -> None:
    raw = small_kb_text.encode().replace(b"funding: None.", b"funding: Na\xefve.")
    problem = only_problem(write_kb(raw))
    assert "not valid UTF-8" in problem.message
    assert "0xef" in problem.message
    assert (problem.line, problem.column) == (FUNDING, 14)


def test_latin1_file(write_kb: WriteKB) -> None:
    problem = only_problem(write_kb("title: caf\u00e9\n".encode("latin-1")))
    assert "not valid UTF-8" in problem.message
    assert problem.line == 1


def test_nul_bytes(write_kb: WriteKB, small_kb_text: str) -> None:
    raw = small_kb_text.encode().replace(b"funding: None.", b"funding: No\x00ne.")
    problem = only_problem(write_kb(raw))
    assert "NUL byte" in problem.message
    assert problem.line == FUNDING


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16(write_kb: WriteKB, small_kb_text: str, encoding: str) -> None:
    raw = small_kb_text.encode(encoding)
    if not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raw = "\ufeff".encode(encoding) + raw  # a byte-order mark, as editors write it
    problem = only_problem(write_kb(raw))
    assert "UTF-16" in problem.message
    assert "save it as UTF-8" in problem.message


def test_utf8_bom_is_accepted(write_kb: WriteKB, small_kb_text: str) -> None:
    loaded = load(str(write_kb(b"\xef\xbb\xbf" + small_kb_text.encode())))
    assert loaded.kb.meta.id == "fixture-small"


def test_control_character(write_kb: WriteKB, small_kb_text: str) -> None:
    problem = only_problem(write_kb(small_kb_text.replace("funding: None.", "funding: No\x07ne.")))
    assert "#x0007" in problem.message
    assert problem.line == FUNDING


# -- empty and structural ------------------------------------------------------------------


@pytest.mark.parametrize("content", ["", "\n", "   \n\n\t\n"])
def test_empty_file(write_kb: WriteKB, content: str) -> None:
    problem = only_problem(write_kb(content))
    assert problem.message == "file is empty"


def test_only_comments(write_kb: WriteKB) -> None:
    problem = only_problem(write_kb("# a comment\n# another\n"))
    assert "no data" in problem.message
    assert "only comments" in problem.message


def test_multiple_documents(write_kb: WriteKB, parser: str, small_kb_text: str) -> None:
    problem = only_problem(write_kb(small_kb_text + "---\nschema_version: 1\n"))
    assert "more than one YAML document" in problem.message
    assert problem.line == len(small_kb_text.splitlines()) + 1


@pytest.mark.parametrize(
    ("content", "kind", "line"),
    [
        ("- a\n- b\n", "a list", 1),
        ("# a comment first\n- a\n", "a list", 2),
        ("just some text\n", "a string", 1),
        ("42\n", "an int", 1),
        ("---\n...\n", "empty", 2),
    ],
)
def test_top_level_not_a_mapping(write_kb: WriteKB, content: str, kind: str, line: int) -> None:
    problem = only_problem(write_kb(content))
    assert problem.message == f"the top level must be a mapping of keys, not {kind}"
    assert problem.line == line


def test_yaml_syntax_error_is_located(write_kb: WriteKB, small_kb_text: str) -> None:
    problem = only_problem(write_kb(small_kb_text + "extra: [1, 2\n"))
    assert problem.message.startswith("YAML syntax error:")
    assert problem.line == len(small_kb_text.splitlines()) + 2


def test_tab_indentation(write_kb: WriteKB, small_kb_text: str) -> None:
    problem = only_problem(write_kb(small_kb_text.replace("  funding: None.", "\tfunding: None.")))
    assert "tab" in problem.message
    assert problem.line == FUNDING


# -- tags ------------------------------------------------------------------------------------


def test_python_apply_tag_is_refused_and_runs_nothing(
    write_kb: WriteKB, parser: str, tmp_path: Path
) -> None:
    marker = tmp_path / "pwned"
    path = write_kb(f'!!python/object/apply:os.system ["touch {marker}"]\n')
    problem = only_problem(path)
    assert "tag !!python/object/apply:os.system is not allowed" in problem.message
    assert not marker.exists()


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        ('!!python/object/apply:os.system ["touch {marker}"]', "!!python/object/apply:os.system"),
        ('!!python/object/new:os.system ["touch {marker}"]', "!!python/object/new:os.system"),
        ("!!python/object:os.system {{}}", "!!python/object:os.system"),
        ("!!python/name:os.system", "!!python/name:os.system"),
        ("!!python/module:os", "!!python/module:os"),
        ("!!python/tuple [1, 2]", "!!python/tuple"),
        ('!<tag:yaml.org,2002:python/object/apply:os.system> ["touch {marker}"]', "!!python/"),
        ("!!binary aGVsbG8=", "!!binary"),
        ("!!set {{a, b}}", "!!set"),
        ("!!omap [{{a: 1}}]", "!!omap"),
        ("!Ref other", "!Ref"),
    ],
)
def test_constructor_tags_are_refused_in_place(
    write_kb: WriteKB, small_kb_text: str, tmp_path: Path, value: str, tag: str
) -> None:
    marker = tmp_path / "pwned"
    text = small_kb_text.replace("funding: None.", "funding: " + value.format(marker=marker))
    problem = only_problem(write_kb(text))
    assert f"tag {tag}" in problem.message
    assert "is not allowed in a knowledge base" in problem.message
    assert (problem.field, problem.line) == ("meta.funding", FUNDING)
    assert not marker.exists()


def test_merge_key_is_refused(write_kb: WriteKB, small_kb_text: str) -> None:
    text = small_kb_text.replace("  funding: None.\n", "  funding: None.\n  <<: {title: x}\n")
    problem = only_problem(write_kb(text))
    assert "!!merge" in problem.message
    assert problem.line == FUNDING + 1


# -- bombs and depth -----------------------------------------------------------------------


def billion_laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
        previous = name
    return "\n".join(lines) + "\n"


def test_alias_bomb(write_kb: WriteKB, parser: str) -> None:
    started = time.perf_counter()
    problem = only_problem(write_kb(billion_laughs()))
    assert "alias bomb" in problem.message
    assert time.perf_counter() - started < 2


def test_recursive_alias(write_kb: WriteKB) -> None:
    problem = only_problem(write_kb("a: &x [1, *x]\n"))
    assert "unknown or recursive alias *x" in problem.message


def test_harmless_aliases_still_work(write_kb: WriteKB, small_kb_text: str) -> None:
    text = small_kb_text.replace("funding: None.", "funding: &none None.").replace(
        "conflicts_of_interest: None.", "conflicts_of_interest: *none"
    )
    assert load(str(write_kb(text))).kb.meta.conflicts_of_interest == "None."


@pytest.mark.parametrize(
    "content",
    [
        "[" * 10_000,
        "[" * 10_000 + "]" * 10_000,
        "{a: " * 10_000,
        "- " * 10_000 + "x\n",
        "".join("  " * depth + "a:\n" for depth in range(2_000)),
    ],
    ids=["flow-seq-unclosed", "flow-seq-closed", "flow-map", "block-seq", "block-map"],
)
def test_absurd_nesting(write_kb: WriteKB, parser: str, content: str) -> None:
    started = time.perf_counter()
    problem = only_problem(write_kb(content))
    assert "nesting" in problem.message
    assert problem.line is not None
    assert time.perf_counter() - started < 2


def test_nesting_within_the_limit_is_not_refused(write_kb: WriteKB) -> None:
    depth = yamlread.MAX_DEPTH - 1
    problem = only_problem(write_kb("a: " + "[" * depth + "]" * depth + "\n"))
    assert "nesting" not in problem.message  # it fails later, as an unknown key
    assert problem.message.startswith("unknown field")


# -- keys --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "kind"),
    [("yes", "bool"), ("1", "int"), ("null", "NoneType"), ("2026-01-01", "date")],
)
def test_keys_that_are_not_text(write_kb: WriteKB, small_kb_text: str, key: str, kind: str) -> None:
    text = small_kb_text.replace("  funding: None.\n", f"  funding: None.\n  {key}: x\n")
    problem = only_problem(write_kb(text))
    assert problem.message.startswith(f"a mapping key must be text, not {kind}")
    assert (problem.field, problem.line, problem.column) == ("meta", FUNDING + 1, 3)


def test_complex_key(write_kb: WriteKB, small_kb_text: str) -> None:
    problem = only_problem(write_kb(small_kb_text + "? [a, b]\n: c\n"))
    assert "a mapping key must be a plain value" in problem.message


# -- explicitly tagged scalars that do not parse --------------------------------------------------


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("!!bool maybe", "invalid bool 'maybe'"),
        ("!!timestamp soon", "invalid timestamp 'soon'"),
        ("!!int many", "invalid int 'many'"),
        ("!!float lots", "invalid float 'lots'"),
        ("2026-02-30", "invalid timestamp '2026-02-30': day is out of range for month"),
    ],
)
def test_tagged_scalar_that_does_not_parse(
    write_kb: WriteKB, small_kb_text: str, value: str, fragment: str
) -> None:
    problem = only_problem(write_kb(small_kb_text.replace("funding: None.", f"funding: {value}")))
    assert problem.message.startswith(fragment)
    assert (problem.field, problem.line, problem.column) == ("meta.funding", FUNDING, 12)


# -- whatever the text, the only exception is KBError -------------------------------------------

TOKENS = [".nan", "~", "yes", "[]", "{}", "&a x", "*a", "!!bool x", "!!timestamp x", "2026-02-30",
          "0x1F", "1e5", ":", "- ", "? ", "|", "'", '"', "#", "\t", "{", "]", ",", "!", "<<", "---",
          "\x85", "\u2028", "\ufeff", "\x00", "\udcff"]  # fmt: skip


SMALL_LINES = KB_SMALL.read_text(encoding="utf-8").splitlines(keepends=True)


@hypothesis.settings(max_examples=examples(300), deadline=None, derandomize=True, database=None)
@hypothesis.given(
    edits=st.lists(
        st.tuples(
            st.integers(0, len(SMALL_LINES) - 1),
            st.integers(0, 200),
            st.booleans(),
            st.sampled_from(TOKENS) | st.text(max_size=3),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_mutated_kb_raises_only_kberror(edits: list[tuple[int, int, bool, str]]) -> None:
    lines = list(SMALL_LINES)
    for index, offset, as_value, token in edits:
        line = lines[index]
        if as_value and ": " in line:  # replace the value: `key: <token>`
            lines[index] = line[: line.index(": ") + 2] + token + "\n"
        else:  # insert the token somewhere in the line
            offset %= len(line) + 1
            lines[index] = line[:offset] + token + line[offset:]
    raw = "".join(lines).encode("utf-8", errors="surrogateescape")
    try:
        loads(yamlread.decode("kb.yaml", raw), path="kb.yaml")
    except yamlread.ReadError as exc:
        assert exc.problem.file == "kb.yaml"
    except KBError as exc:
        assert exc.problems
        assert all(str(p).startswith("kb.yaml") for p in exc.problems)


# -- issue 15: work per scalar, alias amplification, where an unclosed bracket began -----------


@pytest.mark.parametrize(
    "value",
    [
        "1" + ":1" * 524_000,  # base 60: 75 s of CPU before the number cap
        "1" + ":1" * 50_000 + ".5",
        "0x" + "f" * 500_000,
        "1" * 500_000,
        "1" + "_1" * 300_000,
    ],
    ids=["base60-int", "base60-float", "hex", "decimal", "underscores"],
)
def test_a_huge_number_is_refused_in_milliseconds(
    write_kb: WriteKB, parser: str, value: str
) -> None:
    started = time.perf_counter()
    problem = only_problem(write_kb(f"meta:\n  title: x\nfunding: {value}\n"))
    elapsed = time.perf_counter() - started
    assert problem.message.startswith(f"a number of {len(value):,} characters")
    assert (problem.line, problem.column, problem.field) == (3, 10, "funding")
    assert elapsed < (0.5 if parser == "libyaml" else 3)


def test_a_huge_number_as_a_key_is_refused_without_a_traceback(write_kb: WriteKB) -> None:
    # A hex key of 5,000 digits once crashed the message that quoted it (int to str limit).
    problem = only_problem(write_kb("meta:\n  ? 0x" + "f" * 5_000 + "\n  : 1\n"))
    assert problem.message.startswith("a number of 5,002 characters")
    assert problem.field == "meta"


def test_a_bad_value_is_quoted_short_in_its_message(write_kb: WriteKB) -> None:
    problem = only_problem(write_kb("funding: !!int 1" + "2" * 90 + "x\n"))
    assert len(problem.message) < 120, problem.message


def test_aliases_of_a_long_text_are_refused_at_the_character_cap(
    write_kb: WriteKB, small_kb_text: str, parser: str
) -> None:
    # 200,000 aliases of a 400-character anchor: 806 KB that `check` once called valid and
    # that froze the app at 4.6 GB.
    anchor = "x" * 400
    editors = f'editors: [&e "{anchor}"' + ", *e" * 200_000 + "]"
    text = edit(small_kb_text, ("editors: [Test Editor]", editors))
    started = time.perf_counter()
    problem = only_problem(write_kb(text))
    assert problem.message.startswith("aliases repeat more than 1,048,576 characters")
    assert problem.field.startswith("meta.editors[")
    assert problem.line == line_of(small_kb_text, "editors:")
    assert time.perf_counter() - started < (1 if parser == "libyaml" else 4)


def test_a_few_aliases_of_a_long_text_still_load(write_kb: WriteKB, small_kb_text: str) -> None:
    editors = f'editors: [&e "{"x" * 400}"' + ", *e" * 100 + "]"
    loaded = load(str(write_kb(edit(small_kb_text, ("editors: [Test Editor]", editors)))))
    assert len(loaded.kb.meta.editors) == 101


def test_an_over_long_list_is_refused_with_its_place(write_kb: WriteKB, small_kb_text: str) -> None:
    items = "".join(f"    - editor {n}\n" for n in range(yamlread.MAX_LIST_ITEMS + 1))
    text = edit(small_kb_text, ("  editors: [Test Editor]\n", "  editors:\n" + items))
    problem = only_problem(write_kb(text))
    assert problem.message == "list has more than 100,000 items; too many"
    assert problem.field == "meta.editors"
    assert problem.line == line_of(small_kb_text, "editors:") + yamlread.MAX_LIST_ITEMS + 1


@pytest.mark.parametrize(
    ("opening", "began"),
    [
        ('title: "a quoted title\n', "quoted scalar"),
        ("title: [one, two\n", "flow sequence"),
        ("title: {a: 1, b: 2\n", "flow mapping"),
    ],
)
def test_a_syntax_error_names_where_the_unclosed_bracket_began(
    write_kb: WriteKB, parser: str, opening: str, began: str
) -> None:
    text = "meta:\n  id: x\n  " + opening + "  funding: x\n  note: y\nother: 1\n"
    problem = only_problem(write_kb(text))
    assert began in problem.message
    assert problem.message.endswith("(it began at line 3, column 10)"), problem.message
    assert problem.line is not None and problem.line > 3


def test_a_quote_left_open_is_named_where_the_next_quote_closes_it(
    write_kb: WriteKB, parser: str
) -> None:
    text = 'meta:\n  id: x\n  title: "a quoted title\n  funding: x\n  note: "y"\nother: 1\n'
    problem = only_problem(write_kb(text))
    assert problem.line == 5
    assert problem.message.endswith(
        "(just after text quoted from line 3, column 10 to line 5: is a closing quote missing?)"
    ), problem.message
