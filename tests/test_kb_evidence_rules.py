"""Issue 13 rules: own important differences, primary addresses, editor notes, claim sources."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import KB_SMALL, SHIPPED_KB, edit

from backtui.kb import validate
from backtui.kb.errors import KBError
from backtui.kb.loader import load, loads
from backtui.kb.queries import (
    Index,
    editor_notes,
    important_difference,
    important_difference_source,
    primary_address,
    read_at,
)
from backtui.kb.schema import Source

SMALL = KB_SMALL.read_text(encoding="utf-8")
ROW = '        reaches_mid: "no"\n        plain: Stretching probably reduces stiffness slightly'


def with_own(extra: str) -> tuple[str, str]:
    """An edit that adds ``extra`` lines to the first evidence row, after reaches_mid."""
    head, tail = ROW.split("\n", 1)
    return ROW, f"{head}\n{extra}{tail}"


PRIMARY_PREFIXES = (
    "https://doi.org/",
    "https://pubmed.ncbi.nlm.nih.gov/",
    "https://pmc.ncbi.nlm.nih.gov/",
)


def small(*edits: tuple[str, str]) -> str:
    return edit(SMALL, *edits)


def warnings_of(text: str) -> list[str]:
    return [str(w) for w in loads(text, path="kb.yaml").warnings]


# -- important difference: the review's own threshold wins over the scale's -------------------


def test_a_row_with_its_own_threshold_resolves_to_it() -> None:
    text = small(with_own("        mid: 2.5\n"))
    kb = loads(text, path="kb.yaml").kb
    index = Index(kb)
    row = kb.options[0].evidence[0]
    assert important_difference(index, row) == 2.5  # not the scale's 1.5
    source = important_difference_source(index, row)
    assert source is not None and source.id == row.source


def test_a_row_without_one_falls_back_to_its_scale_then_to_none() -> None:
    kb = loads(SMALL, path="kb.yaml").kb
    index = Index(kb)
    with_scale, without_scale = kb.options[0].evidence[:2]
    assert important_difference(index, with_scale) == 1.5
    assert important_difference(index, without_scale) is None


def test_shipped_opioid_row_resolves_to_the_reviews_20_points() -> None:
    kb = load(str(SHIPPED_KB)).kb
    index = Index(kb)
    [row] = [r for o in kb.options for r in o.evidence if r.id == "opioids-vs-placebo-pain"]
    assert row.scale is not None and index.scales[row.scale].mid == 15
    assert important_difference(index, row) == 20


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        ("        mid: 0\n", "mid"),
        ("        mid: 11\n", "larger than the whole scale"),
        ("        mid_source: trial-a\n", "names the source of a `mid`"),
        ("        mid: 2\n        mid_source: nowhere\n", "unknown source 'nowhere'"),
    ],
)
def test_bad_own_thresholds_are_errors(extra: str, fragment: str) -> None:
    text = small(with_own(extra))
    with pytest.raises(KBError) as info:
        loads(text, path="kb.yaml")
    assert any(fragment in str(p) for p in info.value.problems), info.value.problems


def test_reaches_mid_must_agree_with_the_rows_own_threshold() -> None:
    # -1.2 is below the scale's 1.5 ("no" is right) but above an own threshold of 1.0
    text = small(with_own("        mid: 1.0\n"))
    [warning] = warnings_of(text)
    assert "reaches_mid" in warning and "important difference (1)" in warning
    yes = small(
        (
            '        reaches_mid: "no"\n        plain: Stretching',
            '        reaches_mid: "yes"\n        plain: Stretching',
        )
    )
    [warning] = warnings_of(yes)
    assert "says 'yes'" in warning and "(1.5)" in warning


# -- primary addresses ----------------------------------------------------------------------


def source(**fields: object) -> Source:
    base: dict[str, object] = {
        "id": "s",
        "kind": "systematic-review",
        "authors": "A",
        "year": 2020,
        "title": "T",
        "journal": "J",
        "urls": ["https://mirror.example/copy"],
    }
    return Source(**(base | fields))  # type: ignore[arg-type]


def test_primary_address_prefers_doi_then_pmid_then_home_then_first_url() -> None:
    both = source(doi="10.1/x", pmid="123", home="https://body.example/")
    assert primary_address(both) == "https://doi.org/10.1/x"
    assert primary_address(source(pmid="123")) == "https://pubmed.ncbi.nlm.nih.gov/123/"
    assert primary_address(source(home="https://body.example/g")) == "https://body.example/g"
    assert primary_address(source()) == "https://mirror.example/copy"
    assert read_at(source(home="https://mirror.example/copy")) == []
    assert read_at(source(doi="10.1/x")) == ["https://mirror.example/copy"]


def test_every_shipped_source_with_a_doi_or_pmid_has_a_primary_address() -> None:
    kb = load(str(SHIPPED_KB)).kb
    for src in kb.sources:
        if src.doi or src.pmid:
            assert primary_address(src).startswith(PRIMARY_PREFIXES), src.id
        if src.kind == "guideline":
            assert src.doi or src.pmid or src.home, src.id
    assert not any("dailymail" in url for src in kb.sources for url in src.urls)


def test_a_guideline_without_a_primary_address_warns() -> None:
    text = small(('    home: "https://example.org/guide-c"\n', ""))
    [warning] = warnings_of(text)
    assert "guideline 'guide-c' has no DOI, PMID or `home`" in warning


# -- authoring notes stay out of what a patient reads ---------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "        plain: Stretching probably reduces stiffness slightly compared with sham"
            " stretching.",
            "        plain: Stretching may help; the grade was not visible on the page read.",
        ),
        ("    authors: Example C\n", "    authors: Not shown on the page read\n"),
        (
            "  disclaimer: Test data. Not medical advice.\n",
            "  disclaimer: Test data; the wording was not read.\n",
        ),
        (
            "        downgrade_reasons: [imprecision]\n",
            "        downgrade_reasons: [reasons not shown on the page read]\n",
        ),
        (
            "certainty: moderate, statement: Offer stretching.",
            "certainty: not stated in words, statement: Offer stretching.",
        ),
        (
            "    evidence: The made-up review found little or no difference.",
            "    evidence: The cause was not checked.",
        ),
    ],
)
def test_an_authoring_note_in_a_patient_facing_field_warns(old: str, new: str) -> None:
    [warning] = warnings_of(small((old, new)))
    assert "looks like an authoring note" in warning and "editor_note" in warning


def test_the_same_words_in_an_editor_note_do_not_warn_and_are_listed(tmp_path: Path) -> None:
    text = small(
        (
            "        source: trial-a\n      - id: stretch-vs-none-response",
            "        source: trial-a\n"
            "        editor_note: The grade was not visible on the page read.\n"
            "      - id: stretch-vs-none-response",
        )
    )
    loaded = loads(text, path="kb.yaml")
    assert loaded.warnings == []
    assert editor_notes(loaded.kb) == [
        ("evidence stretch-vs-sham", "The grade was not visible on the page read.")
    ]
    path = tmp_path / "kb.yaml"
    path.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "backtui", "check", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "editor notes:  1" in result.stdout
    assert "editor note: evidence stretch-vs-sham: The grade was not visible" in result.stdout
    assert "warning" not in result.stdout


def test_check_warns_but_passes_on_an_authoring_note(tmp_path: Path) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(
        small(("    authors: Example C\n", "    authors: Not shown on the page read\n"))
    )
    result = subprocess.run(
        [sys.executable, "-m", "backtui", "check", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert "warning:" in result.stdout and "looks like an authoring note" in result.stdout


def test_no_shipped_patient_facing_text_is_an_authoring_note() -> None:
    kb = load(str(SHIPPED_KB)).kb
    found = [(w, t) for w, t in validate.patient_texts(kb) if validate.authoring_phrase(t)]
    assert found == []


# -- claims and the do-nothing answers ------------------------------------------------------


def test_a_claim_without_sources_is_an_error() -> None:
    with pytest.raises(KBError) as info:
        claim = "little or no difference.\n    sources: [review-b]\n"
        loads(small((claim, "little or no difference.\n    sources: []\n")), path="kb.yaml")
    [problem] = info.value.problems
    assert problem.field.startswith("claims[0].sources")


def test_every_shipped_claim_names_known_sources() -> None:
    kb = load(str(SHIPPED_KB)).kb
    ids = {s.id for s in kb.sources}
    assert len(kb.claims) >= 18
    for claim in kb.claims:
        assert claim.sources and set(claim.sources) <= ids, claim.id


def test_shipped_do_nothing_answers_are_the_same_for_every_option() -> None:
    kb = load(str(SHIPPED_KB)).kb
    [question] = [q for q in kb.questions if q.id == "do-nothing"]
    # one shared answer, so it cannot differ between options
    assert question.shared is not None and question.answers == []
    assert "These figures are for recent pain" in (question.shared.full or "")
