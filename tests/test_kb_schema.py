"""Schema rules, one at a time: strictness, record rules, cross-file rules and warnings."""

from __future__ import annotations

import datetime
from typing import Any

import msgspec
import pytest
from conftest import KB_SMALL, edit, line_of

from backtui.kb import validate
from backtui.kb.errors import KBError
from backtui.kb.loader import load, loads
from backtui.kb.schema import KnowledgeBase, json_schema

SMALL = KB_SMALL.read_text(encoding="utf-8")

Edit = tuple[str, str]

WORDS_ONLY: list[Edit] = [  # bath-vs-none as a finding the source gave in words
    ("        measure: md\n        estimate: -0.5\n", ""),
    ("        ci_low: -1.1\n        ci_high: 0.1\n", ""),
]
FACTORS = "factors:\n  - {id: cost, label: Cost}\n  - {id: time, label: Time}\n"


def problem_for(*edits: Edit, extra: str = "") -> tuple[str, int | None, str]:
    with pytest.raises(KBError) as info:
        loads(edit(SMALL, *edits) + extra, path="kb.yaml")
    assert len(info.value.problems) == 1, info.value.problems
    [problem] = info.value.problems
    return problem.field, problem.line, problem.message


# -- valid edge cases: the rules must not be stricter than the issue asks ----------------------


@pytest.mark.parametrize(
    "edits",
    [
        # CI low <= estimate <= CI high, with equality allowed at both ends
        [("        estimate: -1.2\n", "        estimate: -2.0\n")],
        [("        estimate: -1.2\n", "        estimate: -0.4\n")],
        [("ci_low: -2.0\n        ci_high: -0.4\n", "ci_low: -1.2\n        ci_high: -1.2\n")],
        # participants >= studies >= 1, with equality allowed
        [("        participants: 90\n", "        participants: 3\n")],
        # percentages 0..100 inclusive
        [("intervention: 48, comparator: 28,", "intervention: 100, comparator: 0,")],
        # years 1900..2100
        [("    year: 2020\n", "    year: 1900\n")],
        [("    year: 2020\n", "    year: 2100\n")],
        # a rate of everyone, and events equal to total
        [("value: 12, per: 100,", "value: 100, per: 100, events: 5, total: 5,")],
        # next_review one day after reviewed
        [("  next_review: 2099-01-01\n", "  next_review: 2026-01-02\n")],
        # a finding in words: no measure, no estimate, no CI
        WORDS_ONLY,
        # a caution needs no severity (already in the fixture); a serious harm with one
        [("        kind: caution\n", "        kind: caution\n        severity: serious\n")],
        # integers where floats are expected
        [("        estimate: -0.5\n", "        estimate: 0\n")],
        # a DOI, a PMID and an ISBN of the usual shapes
        [("    doi: 10.1234/fixture.1\n", "    doi: 10.1002/14651858.CD013814.pub2\n")],
        [('    pmid: "12345678"\n', '    pmid: "1"\n    isbn: 978-92-4-154543-6\n')],
    ],
)
def test_valid_edge_cases_load(edits: list[Edit]) -> None:
    loaded = loads(edit(SMALL, *edits), path="kb.yaml")
    assert isinstance(loaded.kb, KnowledgeBase)


# -- record rules and strictness, each with its exact field and line ----------------------------
# `at` is how the line the problem must name begins (see conftest.line_of).


@pytest.mark.parametrize(
    ("edits", "field", "at", "fragment"),
    [
        (
            [("  next_review: 2099-01-01\n", "  next_review: 2026-01-01\n")],
            "meta.next_review",
            "next_review: 2026-01",
            "must fall after reviewed",
        ),
        (
            [("    max: 10\n", "    max: 0\n")],
            "scales[0].max",
            "max: 0",
            "must be greater than min",
        ),
        (
            [("    mid: 1.5\n", "    mid: 11\n")],
            "scales[0].mid",
            "mid: 11",
            "larger than the whole scale",
        ),
        ([("    mid_source: trial-a\n", "")], "scales[0].mid", "mid: 1.5", "needs a mid_source"),
        (
            [("        measure: smd\n", "        measure: rr\n")],
            "options[3].evidence[0].estimate",
            "estimate: -0.3",
            "must be greater than 0",
        ),
        (
            [("value: 12, per: 100,", "value: 12, per: 100, events: 6, total: 5,")],
            "options[0].harms[0].rate.events",
            "rate: {value: 12, pe",
            "cannot exceed total",
        ),
        (
            [("value: 2, per: 10000,", "value: 2, per: 10000, ci_low: 3, ci_high: 4,")],
            "options[1].harms[0].rate.value",
            "rate: {value: 2, per",
            "the value (2.0) lies outside its CI (3.0 to 4.0)",
        ),
        (
            [("        label: Scalds\n        severity: serious\n", "        label: Scalds\n")],
            "options[1].harms[0].severity",
            "- id: bath-scald",
            "a serious harm needs a severity",
        ),
        (
            [("        measure: md\n        estimate: -0.5\n", "")],
            "options[1].evidence[0].ci_low",
            "ci_low: -1.1",
            "a CI needs an estimate",
        ),
        (
            [("        participants: 90\n", "        participants: 0\n")],
            "options[1].evidence[0].participants",
            "participants: 0",
            ">= 1",
        ),
        ([("    year: 2020\n", "    year: 2101\n")], "sources[0].year", "year: 2101", "<= 2100"),
        (
            [("    year: 2020\n", '    year: "2020"\n')],
            "sources[0].year",
            'year: "2020"',
            "expected int, got str",
        ),
        (
            [("    year: 2020\n", "    year: true\n")],
            "sources[0].year",
            "year: true",
            "expected int, got bool",
        ),
        (
            [("        estimate: -0.5\n", "        estimate: yes\n")],
            "options[1].evidence[0].estimate",
            "estimate: yes",
            "expected float | null, got bool",
        ),
        (
            [("  editors: [Test Editor]\n", "  editors: []\n")],
            "meta.editors",
            "editors: []",
            "length >= 1",
        ),
        (
            [('    urls: ["https://example.org/trial-a"]\n', "    urls: []\n")],
            "sources[0].urls",
            "urls: []",
            "length >= 1",
        ),
        (
            [("  - id: stretching\n", "  - id: " + "s" * 65 + "\n")],
            "options[0].id",
            "- id: ssssssssssssss",
            "length <= 64",
        ),
        (
            [("    name: Stretching\n", "    name: " + "x" * 401 + "\n")],
            "options[0].name",
            "name: xxxxxxxxxxxxxx",
            "length <= 400",
        ),
        (
            [("  funding: None.\n", "  funding: None.\n  language: English\n")],
            "meta.language",
            "language: English",
            "expected `str` matching regex",
        ),
        (
            [("        reaches_mid: unclear\n", "        reaches_mid: maybe\n")],
            "options[3].evidence[0].reaches_mid",
            "reaches_mid: maybe",
            "invalid value 'maybe'",
        ),
    ],
)
def test_record_rules(edits: list[Edit], field: str, at: str, fragment: str) -> None:
    got_field, got_line, message = problem_for(*edits)
    assert (got_field, got_line) == (field, line_of(edit(SMALL, *edits), at))
    assert fragment in message


def test_guideline_needs_a_position() -> None:
    old = (
        "    positions:\n      - {option: warm-baths, stance: conditional, strength: conditional,"
        " certainty: very low, statement: Warm baths may be offered.}\n"
    )
    new = "    positions: []  # none\n"
    field, line, message = problem_for((old, new))
    assert (field, line) == (
        "guidelines[1].positions",
        line_of(edit(SMALL, (old, new)), new.strip()),
    )
    assert "length >= 1" in message


def test_kb_needs_a_source_and_an_option() -> None:
    no_options = SMALL[: SMALL.index("options:\n")] + "options: []\n"
    with pytest.raises(KBError) as info:
        loads(no_options, path="kb.yaml")
    [problem] = info.value.problems
    assert (problem.field, problem.line) == ("options", line_of(no_options, "options: []"))
    assert "length >= 1" in problem.message


# -- cross-file rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edits", "extra", "field", "at", "fragment"),
    [
        (
            [("    parent: rest\n", "    parent: rest-brace\n")],
            "",
            "options[3].parent",
            "parent: rest-brace",
            "cannot be its own parent",
        ),
        (
            [
                (
                    "  - id: warm-baths\n    name: Warm baths\n",
                    "  - id: warm-baths\n    name: Warm baths\n    parent: rest-brace\n",
                )
            ],
            "",
            "options[1].parent",
            "parent: rest-brace",
            "'rest-brace' is itself a part of an option",
        ),
        (
            [
                (
                    "    summary: A warm bath most evenings.\n",
                    "    summary: A warm bath most evenings.\n"
                    "    facts:\n"
                    "      - {factor: cost, text: Cheap.}\n"
                    "      - {factor: cost, text: Free.}\n",
                )
            ],
            FACTORS,
            "options[1].facts[1].factor",
            "- {factor: cost, text: F",
            "factor 'cost' given twice",
        ),
        (
            [("{option: warm-baths, stance: against,", "{option: stretching, stance: against,")],
            "",
            "guidelines[0].positions[1].option",
            "- {option: stretching, stance: a",
            "option 'stretching' has two positions",
        ),
        (
            [("{option: warm-baths, short: Maybe", "{option: stretching, short: Maybe")],
            "",
            "questions[0].answers[1].option",
            "- {option: stretching, short: M",
            "option 'stretching' has two answers",
        ),
        (
            [
                (
                    "    text: This fixture has no natural-course data.\n",
                    "    text: This fixture has no natural-course data.\n"
                    "    sources: [trial-a, nowhere]\n",
                )
            ],
            "",
            "meta.natural_course.sources[1]",
            "sources: [trial-a, n",
            "unknown source 'nowhere'",
        ),
        (
            [
                (
                    "  editors: [Test Editor]\n",
                    "  editors: [Test Editor]\n  default_compare: [stretching, massage]\n",
                )
            ],
            "",
            "meta.default_compare[1]",
            "default_compare: [st",
            "unknown option 'massage'",
        ),
        (
            [
                (
                    "difference.\n    sources: [review-b]\n",
                    "difference.\n    sources: [guide-c, gone]\n",
                )
            ],
            "",
            "claims[0].sources[1]",
            "sources: [guide-c, g",
            "unknown source 'gone'",
        ),
        (
            [
                (
                    "    source: guide-c\n    positions:\n      - {option: stretching",
                    "    source: guide-z\n    positions:\n      - {option: stretching",
                )
            ],
            "",
            "guidelines[0].source",
            "source: guide-z",
            "unknown source 'guide-z'",
        ),
        (
            [],
            "prompts:\n  - {id: ask, text: Ask about it., source: missing}\n",
            "prompts[0].source",
            "- {id: ask, text: As",
            "unknown source 'missing'",
        ),
        (
            [],
            "claims:  # again\n"
            "  - {id: x, claim: y, verdict: unclear, evidence: z, sources: [trial-a]}\n",
            "claims",
            "claims:  # again",
            "duplicate key 'claims'",
        ),
        (
            [
                (
                    "claims:\n",
                    "  - id: how-much  # again\n    text: How long?\n    answers: []\nclaims:\n",
                )
            ],
            "",
            "questions[1].id",
            "- id: how-much  # ag",
            "duplicate question id 'how-much'",
        ),
        (
            [
                (
                    "  - id: stiffness-0-10\n",
                    "  - {id: stiffness-0-10, name: S, unit: u, min: 0, max: 1, better: lower}\n"
                    "  - id: stiffness-0-10\n",
                )
            ],
            "",
            "scales[1].id",
            "- id: stiffness-0-10",
            "duplicate scale id 'stiffness-0-10'",
        ),
    ],
)
def test_cross_file_rules(
    edits: list[Edit], extra: str, field: str, at: str, fragment: str
) -> None:
    got_field, got_line, message = problem_for(*edits, extra=extra)
    assert (got_field, got_line) == (field, line_of(edit(SMALL, *edits) + extra, at))
    assert fragment in message


# -- warnings -----------------------------------------------------------------------------------


def kb_of(*edits: Edit) -> KnowledgeBase:
    return loads(edit(SMALL, *edits), path="kb.yaml").kb


def test_next_review_warning_starts_the_day_after() -> None:
    kb = kb_of()
    due = kb.meta.next_review
    assert validate.warnings(kb, today=due) == []
    [(path, message)] = validate.warnings(kb, today=due + datetime.timedelta(days=1))
    assert path == ("meta", "next_review")
    assert "review was due on 2099-01-01" in message


def test_passed_next_review_is_a_located_warning() -> None:
    text = edit(
        SMALL,
        ("  reviewed: 2026-01-01\n", "  reviewed: 2020-01-01\n"),
        ("  next_review: 2099-01-01\n", "  next_review: 2021-01-01\n"),
    )
    [warning] = loads(text, path="kb.yaml").warnings
    line = line_of(text, "next_review:")
    assert str(warning).startswith(
        f"kb.yaml:{line}:3: meta.next_review: review was due on 2021-01-01"
    )


@pytest.mark.parametrize(
    ("edits", "warned"),
    [
        ([("    doi: 10.1234/fixture.1\n", "")], True),
        ([('    pmid: "12345678"\n', "")], True),
        ([("    other_id: FIX-1\n", "")], True),
        ([("    other_id: FIX-1\n", "    isbn: 978-92-4-154543-6\n")], False),
        ([("    doi: 10.1234/fixture.1\n", '    pmid: "99"\n')], False),
    ],
)
def test_source_without_an_identifier_warns(edits: list[Edit], warned: bool) -> None:
    warnings = loads(edit(SMALL, *edits), path="kb.yaml").warnings
    assert bool(warnings) is warned
    for warning in warnings:
        assert warning.field.startswith("sources[")
        assert warning.message.endswith("has no DOI or PMID")
        index = int(warning.field.removeprefix("sources[").removesuffix("]"))
        source_id = ["trial-a", "review-b", "guide-c"][index]
        assert warning.line == line_of(SMALL, f"- id: {source_id}")


def test_option_missing_an_aspect_others_have() -> None:
    old = (
        "    harms:\n      - id: bath-scald\n        kind: serious\n        label: Scalds\n"
        "        severity: serious\n"
        "        rate: {value: 2, per: 10000, denominator: patients, period: per year}\n"
        "        description: Water that is too hot can scald.\n        source: review-b\n"
    )
    text = edit(SMALL, (old, ""))
    [warning] = loads(text, path="kb.yaml").warnings
    assert (warning.field, warning.line) == ("options[1]", line_of(text, "- id: warm-baths"))
    assert warning.message == "option 'warm-baths' has no harms"


def test_an_option_is_judged_with_its_parts() -> None:
    # rest has no evidence of its own, but its part rest-brace does: no warning.
    assert kb_of().options[2].evidence == []
    assert validate.warnings(kb_of(), today=datetime.date(2026, 6, 1)) == []
    # Without the part's evidence, rest (not the part) is warned about.
    start = SMALL.index("    evidence:\n      - id: brace-vs-none")
    end = SMALL.index("    harms:\n      - id: brace-skin")
    kb = kb_of((SMALL[start:end], ""))
    found = validate.warnings(kb, today=datetime.date(2026, 6, 1))
    assert found == [(("options", 2), "option 'rest' has no evidence")]


def test_an_aspect_no_option_has_is_not_a_warning() -> None:
    kb = kb_of()
    bare = [msgspec.structs.replace(option, harms=[]) for option in kb.options]
    stripped = msgspec.structs.replace(kb, options=bare)
    assert all(o.harms == [] for o in stripped.options)
    assert validate.warnings(stripped, today=datetime.date(2026, 6, 1)) == []


# -- the JSON Schema mirrors the strictness ------------------------------------------------------


def test_json_schema_is_strict() -> None:
    schema: dict[str, Any] = json_schema()
    assert schema["$ref"] == "#/$defs/KnowledgeBase"
    definitions = schema["$defs"]
    assert {"KnowledgeBase", "Option", "Evidence", "Source", "Harm", "Claim"} <= set(definitions)
    for name, definition in definitions.items():
        assert definition["type"] == "object", name
        assert definition["additionalProperties"] is False, name
    top = definitions["KnowledgeBase"]
    assert {"schema_version", "meta", "scales", "sources", "options"} <= set(top["required"])
    assert definitions["Option"]["properties"]["id"]["pattern"] == "^[a-z0-9][a-z0-9-]*$"
    certainty = definitions["Evidence"]["properties"]["certainty"]["enum"]
    assert set(certainty) == {"high", "moderate", "low", "very-low", "not-graded"}


def test_loaded_kb_is_immutable() -> None:
    kb = load(str(KB_SMALL)).kb
    with pytest.raises(AttributeError):
        kb.meta.title = "changed"  # type: ignore[misc]
