"""Fuzzing the knowledge-base reader and what shows a KB (issue 7, part 2).

The shipped knowledge base, read into plain data, is mutated (keys deleted or renamed, values
swapped for other types, hostile strings, huge numbers, NaN, infinities and negatives, list
items repeated), written back with ``yaml.safe_dump`` and read with ``backtui.kb.loader.loads``.
Random bytes, alone or spliced into the shipped file, go through ``decode`` and ``parse``. The
only allowed outcomes are a valid KB or ``KBError``; anything else fails. Every KB that comes
out valid is then shown the way the interface shows it (every column item of every aspect,
comparator and layer, every record's detail, the Benefits plot's layout, the search index)
and must neither raise nor let a control character through.

Profiles (hypothesis settings, applied only to the tests here):

- ``ci`` (the default): a fixed, derandomized sample, well under 60 s;
- ``long``: many more random examples, failures saved in .hypothesis/ to replay. Run it with
  ``BACKTUI_FUZZ=long .venv/bin/pytest tests/test_fuzz.py`` (see SECURITY.md).
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import yaml
from conftest import SHIPPED_KB
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from textual.content import Content

from backtui.kb import yamlread
from backtui.kb.errors import KBError
from backtui.kb.loader import Loaded, loads
from backtui.kb.queries import Index
from backtui.kb.schema import KnowledgeBase
from backtui.ui import present
from backtui.ui.search_index import SearchIndex
from backtui.ui.widgets.forest import ForestPlot
from backtui.views import model
from backtui.views.aspects import ASPECT_IDS

_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile(
    "backtui-ci",
    max_examples=120,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=_SLOW,
)
settings.register_profile(
    "backtui-long",
    max_examples=5_000,
    deadline=None,
    suppress_health_check=_SLOW,
)
PROFILE = os.environ.get("BACKTUI_FUZZ", "ci")
FUZZ = settings.get_profile(f"backtui-{PROFILE}")  # an unknown name fails loudly here
# Examples per test, relative to the profile's max_examples (the tests differ in cost).
SCALE = {"mutations": 1.0, "leaves": 0.6, "bytes": 3.0, "splices": 0.6}


def examples(test: str) -> settings:
    return settings(FUZZ, max_examples=max(1, int(FUZZ.max_examples * SCALE[test])))


SHIPPED_TEXT = SHIPPED_KB.read_text(encoding="utf-8")
SHIPPED_BYTES = SHIPPED_TEXT.encode("utf-8")
TREE: dict[str, Any] = yamlread.parse(str(SHIPPED_KB), SHIPPED_TEXT).data
Path_ = tuple[str | int, ...]

try:  # libyaml's emitter is much faster; the pure-Python one gives the same YAML
    DUMPER: type = yaml.CSafeDumper
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    DUMPER = yaml.SafeDumper


def _paths(node: Any, here: Path_ = ()) -> Iterator[Path_]:
    yield here
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*here, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*here, index))


PATHS = list(_paths(TREE))[1:]  # every node but the root


def _at(tree: Any, path: Path_) -> Any:
    node = tree
    for step in path:
        node = node[step]
    return node


LEAVES = [p for p in PATHS if not isinstance(_at(TREE, p), dict | list)]
STRING_LEAVES = [p for p in LEAVES if isinstance(_at(TREE, p), str)]
# Keys whose values are ids, enumerations, dates or addresses: the schema allows no free text.
_BOUND = {"id", "option", "parent", "source", "sources", "scale", "mid_source", "comparator",
          "outcome", "measure", "certainty", "reaches_mid", "kind", "severity", "denominator",
          "stance", "verdict", "factor", "language", "default_compare", "better", "doi", "pmid",
          "isbn", "urls"}  # fmt: skip
FREE_TEXT = [p for p in STRING_LEAVES if [s for s in p if isinstance(s, str)][-1] not in _BOUND]
EVIDENCE_ROWS = [
    p for p in PATHS if len(p) == 4 and p[2] == "evidence" and "estimate" in _at(TREE, p)
]
NUMBER_LEAVES = [
    p
    for p in LEAVES
    if isinstance(_at(TREE, p), int | float) and not isinstance(_at(TREE, p), bool)
]
RATES_WITHOUT_CI = [
    p[:-1] for p in NUMBER_LEAVES if p[-2:-1] == ("rate",) and p[-1] == "value"
    and "ci_low" not in _at(TREE, p[:-1])
]  # fmt: skip
PARTICIPANTS = [p for p in NUMBER_LEAVES if p[-1] == "participants"]

# ----------------------------------------------------------------------------- strategies

HOSTILE = [
    "[bold]x",
    "[@click=app.quit]click[/]",
    "[b",
    "[/x]",
    "[link=file:///etc/passwd]x",
    "C:\\path\\",
    "\x1b[31mred\x1b[0m",
    "\x1b]0;title\x07",
    "\x9b31m C1",
    "\x00nul \x7fdel \x08bs \r\ncrlf \t tab",
    "\u202eevil\u202c \u2066iso\u2069 \u200frtl",
    "\ufeffbom",
    "🦴💊🙂👨‍👩‍👧",
    "腰痛の治療 " * 3,
    "ألم أسفل الظهر",
    "עברית",
    "<script>alert(1)</script>",
    "' onload='y",
    "&amp; &lt;b&gt;",
    "longword" * 500,
    "x" * 20_001,  # one over the longest text the schema allows
    "",
    " ",
    "\n",
    "10.1234/x y",
    "https://example.org/[bold]",
    "javascript:alert(1)",
]
texts = st.sampled_from(HOSTILE) | st.text(
    st.characters(codec="utf-8", categories=["L", "M", "N", "P", "S", "Z", "Cc", "Cf"]),
    max_size=40,
)
NUMBERS = [
    10**30,
    -(10**30),
    2**63,
    10**400,
    1e308,
    -1e308,
    5e-324,
    math.nan,
    math.inf,
    -math.inf,
    -1,
    -0.5,
    -0.0,
    0,
    -(10**9),
    1e15,
    99.999999,
    100.0000001,
]
numbers = (
    st.sampled_from(NUMBERS)
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.integers(-(10**40), 10**40)
)
others = st.sampled_from([{}, [], None, True, False, "text", 0, 1.5, [1, 2], {"a": 1}, [None]])
values = texts | numbers | others | st.dates()


def _copy_along(tree: Any, path: Path_) -> tuple[Any, Any] | None:
    """A copy of ``tree`` with fresh containers along ``path``; (root, parent of the end).
    None if the path no longer exists (an earlier mutation removed or replaced it)."""
    root = dict(tree)
    node: Any = root
    for step in path[:-1]:
        try:
            child = node[step]
        except (KeyError, IndexError, TypeError):
            return None
        if not isinstance(child, dict | list):
            return None
        child = dict(child) if isinstance(child, dict) else list(child)
        node[step] = child
        node = child
    if isinstance(node, dict) and path[-1] in node:
        return root, node
    if isinstance(node, list) and isinstance(path[-1], int) and path[-1] < len(node):
        return root, node
    return None


Mutation = tuple[str, Path_, Any]


def mutate(tree: Any, mutation: Mutation) -> Any:
    op, path, value = mutation
    copied = _copy_along(tree, path)
    if copied is None:
        return tree
    root, parent = copied
    key = path[-1]
    if op == "delete":
        del parent[key]
    elif op == "replace":
        parent[key] = value
    elif op == "append-text":
        old = parent[key]
        parent[key] = f"{old} {value}" if isinstance(old, str) else value
    elif op == "rename" and isinstance(parent, dict):
        parent[f"{key}{value}" if value else f"{key}_"] = parent.pop(key)
    elif op == "repeat" and isinstance(parent, list):
        parent.insert(int(key), parent[key])  # a duplicate id, or the same object twice
    elif op == "scale" and isinstance(parent[key], dict):
        row = parent[key] = dict(parent[key])  # an evidence row, its CI kept in order
        for name in ("estimate", "ci_low", "ci_high"):
            if isinstance(row.get(name), int | float):
                row[name] = row[name] * value
        if value < 0 and "ci_low" in row and "ci_high" in row:
            row["ci_low"], row["ci_high"] = row["ci_high"], row["ci_low"]
    return root


mutations = st.one_of(
    st.tuples(st.just("delete"), st.sampled_from(PATHS), st.none()),
    st.tuples(st.just("replace"), st.sampled_from(PATHS), values),
    st.tuples(st.just("replace"), st.sampled_from(NUMBER_LEAVES), numbers),
    st.tuples(st.just("append-text"), st.sampled_from(STRING_LEAVES), texts),
    st.tuples(st.just("rename"), st.sampled_from(PATHS), st.sampled_from(["", "s", "X", " "])),
    st.tuples(st.just("repeat"), st.sampled_from(PATHS), st.none()),
)


def _same_kind_number(old: float) -> st.SearchStrategy[float]:
    if isinstance(old, int):
        return st.sampled_from([0, 1, -1, 10**12, 10**30, 2**63]) | st.integers(-1000, 10**6)
    return st.sampled_from([0.0, -0.0, 1e-300, 1e300, -1e300, 1e15, -1e15, 99.99]) | st.floats(
        allow_nan=False, allow_infinity=False
    )


@st.composite
def leaf_mutation(draw: st.DrawFn) -> Mutation:
    """A value of the same kind in place of a leaf: most such KBs stay valid, so what shows a
    KB gets hostile strings and extreme numbers to draw."""
    kind = draw(st.sampled_from(["text", "text", "text", "number", "scale"]))
    if kind == "scale":
        factors = [1e300, -1e300, 1e-300, 1e15, -1e15, 1e6, -1e6, 1e-6, -1, 0]
        return ("scale", draw(st.sampled_from(EVIDENCE_ROWS)), draw(st.sampled_from(factors)))
    path = draw(st.sampled_from(FREE_TEXT if kind == "text" else NUMBER_LEAVES))
    old = _at(TREE, path)
    if isinstance(old, str):
        return ("append-text" if draw(st.booleans()) else "replace", path, draw(texts))
    if isinstance(old, int | float) and not isinstance(old, bool):
        return ("replace", path, draw(_same_kind_number(old)))
    raise AssertionError(path)  # pragma: no cover


# ----------------------------------------------------------------------------- checks

# What the interface may show: no C0 or C1 control (newline aside), no bidi override.
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def dump(tree: Any, unicode: bool) -> str:
    text: str = yaml.dump(tree, Dumper=DUMPER, allow_unicode=unicode, sort_keys=False)
    return text


def load_only_kberror(text: str) -> Loaded | None:
    """The one contract: a valid KB, or KBError with located problems. Nothing else."""
    try:
        return loads(text, path="fuzz.yaml")
    except KBError as exc:
        assert exc.problems
        lines = len(LINE_BREAK.findall(text)) + 2  # YAML's line breaks, not only "\n"
        for problem in exc.problems:
            assert str(problem).startswith("fuzz.yaml"), problem
            assert problem.message, problem
            if problem.line is not None:  # a line the file has
                assert 1 <= problem.line <= lines, (problem, lines)
        return None


def read_bytes_only_kberror(raw: bytes) -> Loaded | None:
    """decode + parse + validate, as ``load`` does after reading the file."""
    try:
        text = yamlread.decode("fuzz.yaml", raw)
    except yamlread.ReadError as exc:
        assert exc.problem.file == "fuzz.yaml" and exc.problem.message
        return None
    return load_only_kberror(text)


def shown(content: object) -> str:
    plain = getattr(content, "plain", content)
    assert isinstance(plain, str), type(content)
    assert not CONTROL.search(plain), repr(CONTROL.findall(plain))
    return plain


def show_everything(kb: KnowledgeBase) -> int:
    """Everything the interface draws from a KB, as it draws it; returns how many items."""
    index = Index(kb)
    count = 0
    for option in kb.options:
        shown(present.option_label(index, option.id))
        shown(present.column_title(index, option.id, True))
        for aspect in ASPECT_IDS:
            comparators = present.COMPARATOR_CYCLE if aspect == "benefits" else (None,)
            for comparator in comparators:
                for layer in ("plain", "clinician"):
                    for item in present.column_items(index, option.id, aspect, comparator, layer):
                        count += 1
                        shown(item.prompt)
                        if item.target is None:
                            continue
                        record = present.detail(index, item.target)
                        if record is not None:
                            shown(record[0])
                            shown(record[1])
    top = [o.id for o in kb.options if o.parent is None]
    for selection in (top[:4], [o.id for o in kb.options]):
        for comparator in present.COMPARATOR_CYCLE:
            for outcome in present.OUTCOME_ORDER:
                data = present.plot_data(index, selection, outcome, comparator)
                shown(data.title)
                shown(present.elsewhere_lines(data.elsewhere))
                if data.axis is None:
                    continue
                plot = ForestPlot(data.rows, data.axis)
                for width in (20, 60, 200):
                    plot._make_layout(width)  # the geometry the widget draws from
    for claim in kb.claims:
        shown(present.claim_prompt(claim))
    for question in kb.questions:
        for option in kb.options:
            shown(model.grid_answer(question, option.id).short)
    for factor in kb.factors:
        shown(present.factor_cell(factor.label, 4, True))
    shown(present.title_text(kb))
    search = SearchIndex(index)
    for query in ("a", "pain", "[", "\x1b", "腰"):
        for found in search.find(query, 50):
            shown(found.display())
    return count


# ----------------------------------------------------------------------------- the tests


def test_the_shipped_kb_round_trips_through_safe_dump() -> None:
    """The fuzzing below starts from a faithful copy: dumping the unmutated tree loads."""
    for unicode in (True, False):
        loaded = load_only_kberror(dump(TREE, unicode))
        assert loaded is not None
        assert loaded.kb.meta.id == TREE["meta"]["id"]
    assert show_everything(loaded.kb) > 100


def test_the_regression_examples_still_point_at_what_they_test() -> None:
    """The @example paths are computed from the shipped KB: they must still exist."""
    rate = _at(TREE, RATES_WITHOUT_CI[0])
    assert rate["per"] > 0 and "ci_low" not in rate
    assert isinstance(_at(TREE, PARTICIPANTS[0]), int)


def test_a_vanishingly_small_rate_is_shown() -> None:
    """5e-324 per 100 is a valid rate; its "1 in N" would be infinite (it crashed the Safety
    column and the harm's detail with OverflowError)."""
    path = RATES_WITHOUT_CI[0]
    loaded = load_only_kberror(dump(mutate(TREE, ("replace", (*path, "value"), 5e-324)), True))
    assert loaded is not None
    option = loaded.kb.options[int(path[1])]
    harm = option.harms[int(path[3])]
    item = model.harm_item(option, harm, option.id, "plain")
    words = shown(present.render_item(item).prompt)
    assert "fewer than 1 in 10,000" in words.lower() and "1 in inf" not in words
    assert show_everything(loaded.kb) > 0


def test_a_count_of_hundreds_of_digits_is_refused_not_shown() -> None:
    """The schema accepted any integer as a count; show, export and the app then crashed
    turning it into a float."""
    text = dump(mutate(TREE, ("replace", PARTICIPANTS[0], 10**400)), True)
    with pytest.raises(KBError, match=r"participants: a number of 401 characters"):
        loads(text, path="fuzz.yaml")  # refused by the reader since issue 15
    text = dump(mutate(TREE, ("replace", PARTICIPANTS[0], 10**90)), True)
    with pytest.raises(KBError, match=r"participants: expected `int` <= 1000000000"):
        loads(text, path="fuzz.yaml")  # under the reader's 100 characters: the schema's bound


def test_a_rate_whose_ci_is_above_everyone_is_refused_not_shown() -> None:
    """Only the value was checked against `per`: a CI up to 1e30 per 1,000 passed check, then
    the Safety column raised ValueError drawing it on the per-10,000 scale."""
    rates = [p[:-1] for p in NUMBER_LEAVES if p[-2:] == ("rate", "ci_high")]
    per = _at(TREE, rates[0])["per"]
    text = dump(mutate(TREE, ("replace", (*rates[0], "ci_high"), per * 3)), True)
    with pytest.raises(KBError, match=rf"rate\.ci_high: a CI up to {per * 3}\.0 per {per} is more"):
        loads(text, path="fuzz.yaml")


def test_an_astronomical_effect_is_refused_not_plotted() -> None:
    """A CI from -1e308 to 1e308 is finite, but the Benefits plot's axis span overflowed to
    inf and drawing it raised ValueError."""
    tree: Any = TREE
    for name, value in (("estimate", 3e307), ("ci_low", -1e307), ("ci_high", 9e307)):
        tree = mutate(tree, ("replace", (*EVIDENCE_ROWS[0], name), value))
    with pytest.raises(KBError, match=r"must be between -1,000,000,000 and 1,000,000,000"):
        loads(dump(tree, True), path="fuzz.yaml")


def test_the_checks_can_fail() -> None:
    """The contract checks reject what they must (or they would prove nothing)."""
    with pytest.raises(AssertionError):
        shown(Content("\x1b[31m"))  # Content keeps ESC: only clean() removes it
    assert load_only_kberror("a: [1\n") is None
    assert read_bytes_only_kberror(b"\xff\xfe") is None
    with pytest.raises(AssertionError):
        shown("right\u202eleft")


@examples("mutations")
@given(
    edits=st.lists(mutations, min_size=1, max_size=4),
    unicode=st.booleans(),
)
# Found by the long profile: a rate of 5e-324 has no "1 in N" (per / value is inf), and a count
# of 400 digits could not be turned into a float to be shown (now refused by the schema).
@example(edits=[("replace", (*RATES_WITHOUT_CI[0], "value"), 5e-324)], unicode=False)
@example(edits=[("replace", PARTICIPANTS[0], 10**400)], unicode=False)
@pytest.mark.slow
def test_mutated_kb_is_valid_or_kberror(edits: list[Mutation], unicode: bool) -> None:
    tree: Any = TREE
    for edit in edits:
        tree = mutate(tree, edit)
    loaded = load_only_kberror(dump(tree, unicode))
    if loaded is not None:
        show_everything(loaded.kb)


@examples("leaves")
@given(edits=st.lists(leaf_mutation(), min_size=1, max_size=6), unicode=st.booleans())
@pytest.mark.slow
def test_kb_with_hostile_leaves_is_shown_without_raising(
    edits: list[Mutation], unicode: bool
) -> None:
    tree: Any = TREE
    for edit in edits:
        tree = mutate(tree, edit)
    loaded = load_only_kberror(dump(tree, unicode))
    if loaded is not None:
        assert show_everything(loaded.kb) > 0


YAMLISH = st.text(alphabet=":-[]{}#&*!|>'\"\n\t %@`,?abc01.~\\\x1b\u202e腰", max_size=300)


@examples("bytes")
@example(raw=b"?\r.")  # a line break YAML counts and str.count("\n") does not
@given(
    raw=st.binary(max_size=4_000)
    | st.text(max_size=2_000).map(str.encode)
    | YAMLISH.map(str.encode)
)
@pytest.mark.slow
def test_random_bytes_are_refused_with_kberror(raw: bytes) -> None:
    read_bytes_only_kberror(raw)


CHUNKS = st.binary(min_size=1, max_size=16) | st.sampled_from(
    [b"\x00", b"\xff", b"\xc3", b"\t", b"\r", b"\x1b", b"\xe2\x80\xae", b": ", b"- ", b"&a ",
     b"*a", b"!!", b"[", b"{", b"'", b'"', b"\n  ", b"\n", b"#", b"---\n", b"\xef\xbb\xbf"]
)  # fmt: skip


@examples("splices")
@given(
    splices=st.lists(
        st.tuples(st.integers(0, len(SHIPPED_BYTES)), st.integers(0, 8), CHUNKS),
        min_size=1,
        max_size=5,
    )
)
@pytest.mark.slow
def test_the_shipped_file_with_random_bytes_spliced_in(
    splices: list[tuple[int, int, bytes]],
) -> None:
    raw = SHIPPED_BYTES
    for offset, cut, chunk in splices:
        raw = raw[:offset] + chunk + raw[offset + cut :]
    loaded = read_bytes_only_kberror(raw)
    if loaded is not None:
        show_everything(loaded.kb)


def _strategy_for(test: Callable[..., None]) -> object:
    return getattr(test, "hypothesis", None)


def test_every_property_uses_this_files_profile() -> None:
    """A forgotten @examples would run with hypothesis's defaults, not the CI budget."""
    for test in (
        test_mutated_kb_is_valid_or_kberror,
        test_kb_with_hostile_leaves_is_shown_without_raising,
        test_random_bytes_are_refused_with_kberror,
        test_the_shipped_file_with_random_bytes_spliced_in,
    ):
        assert _strategy_for(test) is not None
        assert test._hypothesis_internal_use_settings.deadline is None  # type: ignore[attr-defined]
