"""The fairness rules of the comparison (backtui.views.fairness), each on a knowledge base built
to break it, and on the shipped one."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import SHIPPED_KB

from backtui.kb.loader import Loaded, load, loads
from backtui.kb.queries import Index
from backtui.kb.schema import Rate
from backtui.summary import build, default_selection
from backtui.views import fairness, model
from backtui.views.aspects import ASPECT_IDS

SMALL = Path(__file__).parent / "fixtures" / "kb_small.yaml"


def small_tree() -> dict[str, Any]:
    tree: dict[str, Any] = yaml.safe_load(SMALL.read_text(encoding="utf-8"))
    return copy.deepcopy(tree)


def loaded_from(tree: dict[str, Any]) -> Loaded:
    return loads(yaml.safe_dump(tree, sort_keys=False, allow_unicode=True))


def option(tree: dict[str, Any], option_id: str) -> dict[str, Any]:
    return next(o for o in tree["options"] if o["id"] == option_id)


def finding(**fields: Any) -> dict[str, Any]:
    row = {
        "comparator": "sham",
        "comparator_label": "sham",
        "outcome": "pain",
        "timepoint": "At 6 weeks",
        "certainty": "low",
        "reaches_mid": "unclear",
        "plain": "A finding.",
        "source": "review-b",
    }
    return row | fields


# ----------------------------------------------------------------------------- 1. same unit


def test_a_per_session_only_option_moves_the_comparison_to_sessions() -> None:
    tree = small_tree()
    stretching = option(tree, "stretching")
    stretching["harms"].append(
        {
            "id": "stretch-soreness-session",
            "kind": "side-effect",
            "label": "Soreness, per session",
            "severity": "mild",
            "rate": {"value": 7.57, "per": 100, "denominator": "treatments"},
            "description": "Soreness after a session.",
            "source": "trial-a",
        }
    )
    baths = option(tree, "warm-baths")
    baths["harms"][0]["rate"]["denominator"] = "treatments"
    index = Index(loaded_from(tree).kb)
    assert fairness.comparison_unit(index, ["stretching"]) == "patients"
    assert fairness.comparison_unit(index, ["stretching", "warm-baths"]) == "treatments"
    s = build(index.kb, ["stretching", "warm-baths"], index=index)
    first = s.options[0].harms[0]
    # stretching has a per-session figure, so that is the one set beside warm baths
    assert (first.label, first.denominator) == ("Soreness, per session", "treatments")
    assert first.rate == "about 8 in 100 sessions"
    alone = build(index.kb, ["stretching"], index=index)
    assert alone.options[0].harms[0].denominator == "patients"


def test_rates_use_one_wording_and_one_scale_for_rare_events() -> None:
    common = Rate(value=9.31, per=100, denominator="patients", ci_low=5.1, ci_high=14.62)
    rare = Rate(value=1.01, per=10000, denominator="patients", ci_low=0.23, ci_high=2.33)
    tiny = Rate(value=7.98, per=1_000_000, denominator="treatments", ci_low=1.39, ci_high=20)
    per_1000 = Rate(value=1.14, per=1000, denominator="patients")
    assert fairness.people_rate(common) == "about 9 in 100 people (95% CI 5 to 15)"
    assert fairness.people_rate(rare) == "about 1 in 10,000 people (95% CI 0.2 to 2)"
    assert fairness.people_rate(tiny) == "fewer than 1 in 10,000 sessions (95% CI 0.01 to 0.2)"
    assert fairness.people_rate(per_1000) == "about 11 in 10,000 people"
    # the exact figure stays for clinicians, in the same words
    assert fairness.exact_rate(common) == "9.31 in 100 people (95% CI 5.1 to 14.62)"


def falsely_precise(text: str) -> list[str]:
    """Numbers with more than one significant figure after the decimal point (1.01, 0.23)."""
    found = []
    for match in re.finditer(r"\b(\d+)\.(\d+)\b", text):
        whole, fraction = match.groups()
        significant = (whole.lstrip("0") + fraction).lstrip("0")
        if whole.strip("0") or len(significant) > 1:
            found.append(match.group())
    return found


def test_falsely_precise_finds_what_it_should() -> None:
    assert falsely_precise("about 1.01 in 10,000; 19.18 in 100; 0.23") == ["1.01", "19.18", "0.23"]
    assert falsely_precise("0.01 to 0.2, about 9 in 100") == []


def test_no_patient_facing_rate_on_the_shipped_kb_is_falsely_precise() -> None:
    index = Index(load(str(SHIPPED_KB)).kb)
    for opt in index.kb.options:
        for aspect in ("safety", "side-effects"):
            for item in model.aspect_items(index, opt.id, aspect, layer="plain"):
                for block in item.blocks:
                    if block.role == "frequency":
                        assert not falsely_precise(block.text), block.text
                        assert re.search(r" in (100|10,000) (people|sessions)", block.text), (
                            block.text
                        )
    s = build(index.kb, default_selection(index.kb), index=index)
    for opt_summary in s.options:
        for harm in opt_summary.harms:
            assert not falsely_precise(harm.rate), harm.rate


def test_the_shipped_comparison_gives_needling_risks_in_one_unit() -> None:
    index = Index(load(str(SHIPPED_KB)).kb)
    selection = default_selection(index.kb)
    assert fairness.comparison_unit(index, selection) == "treatments"
    s = build(index.kb, selection, index=index)
    by_id = {o.id: o for o in s.options}
    for option_id in ("acupuncture", "dry-needling"):
        rated = [h for h in by_id[option_id].harms if h.denominator]
        assert rated[0].denominator == "treatments", option_id
    risks = next(q for q in index.kb.questions if q.id == "what-risks")
    shorts = {a.option: a.short for a in risks.answers}
    assert "in 100 sessions" in shorts["acupuncture"]
    assert "in 100 sessions" in shorts["dry-needling"]


# ----------------------------------------------------------------------------- 3. same framing


def test_an_option_independent_fact_reads_the_same_for_every_option() -> None:
    index = Index(load(str(SHIPPED_KB)).kb)
    question = next(q for q in index.kb.questions if q.id == "do-nothing")
    answers = [model.grid_answer(question, o.id) for o in index.kb.options]
    assert all(a == answers[0] for a in answers)
    assert answers[0].shared and "42 in 100" in answers[0].full


def test_a_shared_question_cannot_also_have_per_option_answers() -> None:
    tree = small_tree()
    tree["questions"][0]["shared"] = {"short": "The same for all."}
    with pytest.raises(Exception, match="shared answer"):
        loaded_from(tree)


# ----------------------------------------------------------------------------- 4. lead


def test_an_option_leads_with_its_own_evidence_not_pooled_evidence() -> None:
    tree = small_tree()
    stretching = option(tree, "stretching")
    # First in the file: pooled with another treatment, and graded higher.
    pooled = finding(
        id="pooled-first",
        certainty="high",
        pooled_with="warm baths",
        plain="Stretching and baths together.",
    )
    stretching["evidence"].insert(0, pooled)
    index = Index(loaded_from(tree).kb)
    order = [row.id for _, row in fairness.benefit_order(index, "stretching")]
    assert order[0] == "stretch-vs-sham"
    assert order.index("pooled-first") > order.index("stretch-vs-sham")
    items = model.aspect_items(index, "stretching", "benefits")
    assert items[0].target is not None and items[0].target.record_id == "stretch-vs-sham"
    s = build(index.kb, ["stretching"], index=index)
    assert s.options[0].benefits[0].plain.startswith("Stretching probably reduces")


def test_an_option_leads_with_its_highest_certainty_finding() -> None:
    tree = small_tree()
    stretching = option(tree, "stretching")
    stretching["evidence"].insert(0, finding(id="weak-first", certainty="very-low"))
    index = Index(loaded_from(tree).kb)
    assert fairness.benefit_order(index, "stretching")[0][1].id == "stretch-vs-sham"


def test_a_composite_option_leads_with_its_best_supported_part() -> None:
    tree = small_tree()
    # A second part of rest, listed first: high certainty of no noticeable difference.
    tree["options"].insert(
        3,
        {
            "id": "rest-pill",
            "name": "A pill",
            "parent": "rest",
            "summary": "A pill.",
            "involves": {},
            "evidence": [
                finding(id="pill-none", certainty="high", reaches_mid="no", comparator="placebo")
            ],
        },
    )
    brace = option(tree, "rest-brace")
    brace["evidence"][0].update(certainty="moderate", reaches_mid="yes")
    index = Index(loaded_from(tree).kb)
    assert [p.id for p in fairness.part_order(index, "rest")] == ["rest-brace", "rest-pill"]
    keys = model.key_benefits(index, "rest", limit=3)
    # one headline per part, the best supported first
    assert [k.member.id for k in keys] == ["rest-brace", "rest-pill"]


def test_usual_care_leads_with_exercise_and_covers_its_parts() -> None:
    index = Index(load(str(SHIPPED_KB)).kb)
    keys = model.key_benefits(index, "usual-care", limit=3)
    assert keys[0].member.id == "exercise"
    assert {k.member.id for k in keys} >= {"exercise", "nsaids", "opioids", "paracetamol"}
    dry = model.key_benefits(index, "dry-needling", limit=3)
    assert all(not k.row.pooled_with for k in dry)


# ----------------------------------------------------------------------------- 5. comparator


def test_every_finding_with_a_number_names_its_comparator() -> None:
    for path in (SHIPPED_KB, SMALL):
        index = Index(load(str(path)).kb)
        for opt in index.kb.options:
            for layer in ("plain", "clinician", "full"):
                for item in model.aspect_items(index, opt.id, "benefits", layer=layer):  # type: ignore[arg-type]
                    if item.target is None:
                        continue
                    member = index.options[item.target.option_id]
                    row = next(r for r in member.evidence if r.id == item.target.record_id)
                    assert item.blocks[0].role == "title"
                    assert item.blocks[0].text.endswith(row.comparator_label), item.blocks[0]


# ----------------------------------------------------------------------------- 6. guidelines


def test_guidelines_disagree_only_when_one_is_for_and_one_against() -> None:
    tree = small_tree()
    index = Index(loaded_from(tree).kb)
    found = fairness.disagreements(index, ["stretching", "warm-baths"])
    assert [d.member.id for d in found] == ["warm-baths"]  # against and conditional
    tree["guidelines"][0]["positions"][1]["stance"] = "recommend"  # both in favour now
    index = Index(loaded_from(tree).kb)
    assert fairness.disagreements(index, ["stretching", "warm-baths"]) == []


# ----------------------------------------------------------------------------- check


def test_check_warns_about_grid_answers_that_break_the_rules() -> None:
    tree = small_tree()
    answers = tree["questions"][0]["answers"]
    answers[0]["short"] = "Helps about 1.01 in 100 people."
    loaded = loaded_from(tree)
    messages = [str(w) for w in loaded.warnings]
    assert any("1.01 is more precise" in m and "short" in m for m in messages), messages
    tree = small_tree()
    option(tree, "stretching")["harms"][0]["rate"]["denominator"] = "treatments"
    option(tree, "stretching")["harms"].append(
        {
            "id": "stretch-person",
            "kind": "side-effect",
            "label": "Per person",
            "severity": "mild",
            "rate": {"value": 3, "per": 100, "denominator": "patients"},
            "description": "x",
            "source": "trial-a",
        }
    )
    tree["questions"][0]["answers"] = [
        {"option": "stretching", "short": "Soreness in about 12 in 100 people."},
        {"option": "warm-baths", "short": "Scalds in about 2 in 100 sessions."},
    ]
    messages = [str(w) for w in loaded_from(tree).warnings]
    assert any("different units" in m and "stretching" in m for m in messages), messages


def test_the_shipped_kb_has_no_warnings() -> None:
    assert load(str(SHIPPED_KB)).warnings == []


def test_aspects_are_defined_once() -> None:
    from backtui import show, wording
    from backtui.ui import present

    for module in (show, wording, present):
        assert not hasattr(module, "ASPECT_EMPTY"), module
        assert not hasattr(module, "MID_WORDS") or module is wording
    assert ASPECT_IDS[1] == "benefits"


def test_every_surface_uses_the_one_disagreement_rule() -> None:
    from backtui.export import render as render_export
    from backtui.show import render as render_show

    tree = small_tree()
    tree["guidelines"][0]["positions"][1]["stance"] = "recommend"  # for, and conditional: agree
    index = Index(loaded_from(tree).kb)
    selection = ["stretching", "warm-baths"]
    s = build(index.kb, selection, index=index)
    assert not any(o.guidelines_disagree for o in s.options)
    for fmt in ("md", "txt", "html"):
        assert "disagree" not in render_export(s, fmt).lower(), fmt
    assert "disagree" not in render_show(index, selection, ["guidelines"], 100).lower()
    for opt in selection:
        texts = [i.text for i in model.aspect_items(index, opt, "guidelines")]
        assert not any("disagree" in t for t in texts)
    tree["guidelines"][0]["positions"][1]["stance"] = "against"
    index = Index(loaded_from(tree).kb)
    s = build(index.kb, selection, index=index)
    assert [o.guidelines_disagree_on for o in s.options] == [[], [""]]
    assert "guidelines disagree" in " ".join(render_export(s, "txt").lower().split())
    assert "where guidelines disagree" in render_show(index, selection, ["guidelines"], 100).lower()


def test_a_scale_that_names_its_range_says_it_once() -> None:
    index = Index(load(str(SHIPPED_KB)).kb)
    option = index.options["acupuncture"]
    row = next(r for r in option.evidence if r.scale == "pain-0-100")
    text = model.evidence_record(index, option, row).text
    scale_line = next(line for line in text.splitlines() if line.startswith("Scale: "))
    assert scale_line.count("0 to 100") == 1, scale_line


def test_an_option_is_not_compared_with_itself() -> None:
    index = Index(load(str(SHIPPED_KB)).kb)
    (item,) = model.aspect_items(index, "usual-care", "benefits", "usual-care")
    assert item.text.startswith("Does not apply: Usual care is itself the comparison"), item.text
    others = model.aspect_items(index, "usual-care", "benefits", "no-treatment")
    assert not any(i.text.startswith("Does not apply") for i in others)


# ----------------------------------------------------------------------------- sources


def test_a_source_is_shown_at_its_primary_address_then_where_it_was_read() -> None:
    index = Index(load(str(SHIPPED_KB)).kb)
    for source in index.kb.sources:
        lines = model.source_record(index, source).text.splitlines()
        addresses = [line.removeprefix("Address: ") for line in lines if line.startswith("Address")]
        assert len(addresses) == 1, source.id
        if source.doi or source.pmid:
            assert addresses[0].startswith(
                ("https://doi.org/", "https://pubmed.ncbi.nlm.nih.gov/")
            ), (source.id, addresses[0])
        read = [line for line in lines if line.startswith("Figures read at: ")]
        assert lines.index(next(x for x in lines if x.startswith("Address"))) < min(
            (lines.index(x) for x in read), default=len(lines)
        )


def test_editor_notes_reach_only_the_full_record_under_their_heading() -> None:
    from backtui.kb.queries import editor_notes
    from backtui.show import render as render_show

    index = Index(load(str(SHIPPED_KB)).kb)
    notes = [one for _, one in editor_notes(index.kb)]
    assert notes
    selection = default_selection(index.kb)
    shown = " ".join(render_show(index, selection, list(ASPECT_IDS), 200).split())
    handout = " ".join(build(index.kb, selection, index=index).to_dict().__repr__().split())
    for note in notes:
        flat_note = " ".join(note.split())
        assert flat_note not in shown
        assert flat_note not in handout
    opt = index.options["acupuncture"]
    row = next(r for r in opt.evidence if r.source == "coch20")
    assert "About this record" not in model.evidence_record(index, opt, row).text  # plain
    text = model.evidence_record(index, opt, row, clinician=True).text
    assert "About this record (editors' notes)" in text
    assert text.index("About this record") < text.index(
        " ".join(index.sources["coch20"].editor_note.split())[:40]
    )
