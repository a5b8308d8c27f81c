"""The printed handout: the person's page first, the options from page 2, references last.

The order is checked in every format; the printed result is checked in a real browser:
Debian's chromium prints the HTML to PDF, ``pdfinfo`` counts the pages and ``pdftotext``
reads what each page holds. The browser tests are skipped only when chromium or poppler is
not installed (``.ci/run`` installs both).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from summary_fixtures import SHIPPED_KB, write_profile, write_small_kb

from backtui.export import (
    OPTIONS_HEADING,
    PERSON_HEADING,
    REFERENCES_HEADING,
    WORKSHEET_HEADING,
    render,
    to_html,
)
from backtui.kb.loader import load
from backtui.kb.schema import KnowledgeBase
from backtui.profile.model import SURE_ITEMS, OwnQuestion, Profile
from backtui.summary import build, default_selection, warning_sentences
from backtui.wording import RATING_WORDS

SIX = "acupuncture,usual-care,dry-needling,exercise,nsaids,advice"
URGENT = "Get urgent medical help if back pain comes with loss of bladder or bowel control"


@pytest.fixture(scope="module")
def shipped() -> KnowledgeBase:
    return load(str(SHIPPED_KB)).kb


def full_profile() -> Profile:
    """Every part of a profile filled in, for the shipped knowledge base."""
    return Profile(
        kb_id="chronic-low-back-pain",
        ratings={
            "avoid-needles": 3,
            "avoid-daily-medicines": 4,
            "time-commitment": 2,
            "cost": 3,
            "evidence-strength": 4,
            "side-effect-risk": 4,
        },
        shortlist=["acupuncture", "usual-care"],
        notes={
            "acupuncture": "I can get to a clinic on Tuesdays. Worried about the cost after six.",
            "usual-care": "Tried ibuprofen before; it upset my stomach.",
        },
        ticked_prompts=["cw-risks", "cw-nothing", "results-when", "urgent-signs"],
        own_questions=[
            OwnQuestion("q-1", "Can I keep working while having treatment?", True),
            OwnQuestion("q-2", "Is there a waiting list at the local physio?", False),
        ],
        sure={"sure": False, "understand": True, "risk_benefit": False, "support": True},
        updated="2026-12-01T10:00:00+00:00",
    )


# ----------------------------------------------------------------------------- the order


@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
@pytest.mark.parametrize("with_profile", [True, False])
def test_the_persons_page_comes_first_then_options_then_references(
    shipped: KnowledgeBase, fmt: str, with_profile: bool
) -> None:
    profile = full_profile() if with_profile else None
    text = render(build(shipped, default_selection(shipped), profile), fmt)
    folded = " ".join(text.lower().split())
    first = (PERSON_HEADING if with_profile else WORKSHEET_HEADING).lower()
    order = [URGENT.lower(), first, OPTIONS_HEADING.lower(), REFERENCES_HEADING.lower()]
    positions = [folded.find(x) for x in order]
    assert -1 not in positions, list(zip(order, positions, strict=True))
    assert positions == sorted(positions)
    # The references are the last section: nothing after them but the list itself.
    assert folded.rfind("side by side") < positions[-1]


def test_persons_page_holds_what_matters_shortlist_notes_questions_and_sure(
    shipped: KnowledgeBase,
) -> None:
    s = build(shipped, default_selection(shipped), full_profile())
    me = s.personal
    assert me is not None
    assert me.sure_no == ["Sure of myself", "Risk-benefit ratio"]
    html = to_html(s)
    page1 = html[html.index('<section class="me">') : html.index('<section class="options">')]
    for needle in (
        "4: matters a lot",
        "2: matters somewhat",
        "Avoiding daily medicines",
        "Acupuncture, Usual care",
        "Tried ibuprofen before; it upset my stomach.",
        "☑ What are the risks?",
        "☐ Is there a waiting list at the local physio?",
        "Answered “no”: Sure of myself, Risk-benefit ratio.",
        "Get urgent medical help if",
        "It is not medical advice",
    ):
        assert needle in page1, needle


def test_without_a_profile_page_one_is_a_blank_worksheet(shipped: KnowledgeBase) -> None:
    s = build(shipped, default_selection(shipped))
    html = to_html(s)
    page1 = html[html.index('<section class="me">') : html.index('<section class="options">')]
    for factor in shipped.factors:
        assert factor.label in page1
    for n, words in enumerate(RATING_WORDS):
        assert f"{n}: {words}" in page1
    assert page1.count('<td class="box">☐</td>') == len(shipped.factors) * len(RATING_WORDS)
    for _, question in SURE_ITEMS:
        rest = question.split(":", 1)[1].strip()
        assert rest[1:] in page1
    assert page1.count("☐ Yes") == len(SURE_ITEMS)
    assert page1.count('<div class="write"></div>') >= 3  # lines for questions and notes
    assert "☐ Which warning signs mean I should get help urgently?" in page1
    text = render(s, "txt")
    assert "- Avoiding needles: [ ] 0 [ ] 1 [ ] 2 [ ] 3 [ ] 4" in text
    assert text.count("\n  [ ] yes   [ ] no\n") == len(SURE_ITEMS)


def test_warning_signs_are_the_kbs_own_sentences(shipped: KnowledgeBase) -> None:
    urgent, rest = warning_sentences(shipped.meta.disclaimer)
    assert len(urgent) == 1 and urgent[0].startswith("Get urgent medical help if")
    assert urgent[0] in shipped.meta.disclaimer
    assert "urgent" not in rest.lower() and rest in shipped.meta.disclaimer
    assert warning_sentences("Test data. Not medical advice.") == (
        [],
        "Test data. Not medical advice.",
    )


def test_with_no_warning_sentence_the_urgent_signs_question_is_shown(tmp_path: Path) -> None:
    import yaml

    path = write_small_kb(tmp_path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["prompts"].append({"id": "urgent-signs", "text": "Which signs are urgent?"})
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    kb = load(str(path)).kb
    s = build(kb, default_selection(kb))
    assert s.warning_signs == [] and s.urgent_prompt == "Which signs are urgent?"
    assert "Ask your clinician: Which signs are urgent?" in to_html(s)


def test_references_print_in_full(shipped: KnowledgeBase) -> None:
    s = build(shipped, default_selection(shipped), full_profile())
    html = to_html(s)
    refs = html[html.index('<ol class="sources">') :]
    for ref in s.sources:
        assert ref.title.replace("'", "&#x27;") in refs, ref.id
    assert " …" not in refs
    assert "Not shown on the page" not in refs
    assert 'DOI <a href="https://doi.org/10.1002/14651858.CD013814"' in refs
    assert '<a href="https://pubmed.ncbi.nlm.nih.gov/33306198/" rel="noopener noreferrer">' in refs


def test_a_shared_answer_spans_the_options(shipped: KnowledgeBase) -> None:
    s = build(shipped, default_selection(shipped))
    shared = [q for q, _ in enumerate(s.questions) if s.options[0].answers[q].shared]
    assert shared
    html = to_html(s)
    assert html.count('colspan="3"') == len(shared)


def test_print_css_keeps_rows_whole_and_starts_options_on_a_new_page(
    shipped: KnowledgeBase,
) -> None:
    html = to_html(build(shipped, default_selection(shipped)))
    assert "@page { size: A4;" in html
    assert "tr { break-inside: avoid; page-break-inside: avoid; }" in html
    assert "break-inside: auto" not in html
    assert ".options { break-before: page;" in html


# ----------------------------------------------------------------------------- a real browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
POPPLER = shutil.which("pdfinfo") and shutil.which("pdftotext")
_browser_installed = pytest.mark.skipif(
    not (CHROMIUM and POPPLER),
    reason="chromium and poppler-utils are not installed (.ci/run installs them with apt-get)",
)


def needs_browser(test: Callable[..., None]) -> Callable[..., None]:
    """A test that prints in chromium: skipped without it, and slow (seconds each)."""
    marked: Callable[..., None] = pytest.mark.slow(_browser_installed(test))
    return marked


def print_pdf(html: Path, pdf: Path) -> None:
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory() as profile_dir:
        subprocess.run(
            [
                CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                f"--user-data-dir={profile_dir}", "--no-pdf-header-footer",
                f"--print-to-pdf={pdf}", html.as_uri(),
            ],
            capture_output=True, timeout=180, check=False,
        )  # fmt: skip
    assert pdf.is_file() and pdf.stat().st_size > 0, "chromium wrote no PDF"


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(next(x for x in info.stdout.splitlines() if x.startswith("Pages:")).split()[1])


def pdf_page_text(pdf: Path, page: int) -> str:
    command = ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def printed(tmp_path: Path, *args: str) -> tuple[Path, int]:
    from summary_fixtures import run_cli

    html = tmp_path / "handout.html"
    result = run_cli("export", "--data", str(SHIPPED_KB), "--out", str(html), *args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "handout.pdf"
    print_pdf(html, pdf)
    return pdf, pdf_pages(pdf)


def full_profile_file(folder: Path) -> Path:
    import json

    p = full_profile()
    document = {
        "format": "backtui-profile",
        "version": 1,
        "kb_id": p.kb_id,
        "ratings": p.ratings,
        "shortlist": p.shortlist,
        "notes": p.notes,
        "ticked_prompts": p.ticked_prompts,
        "own_questions": [
            {"id": q.id, "text": q.text, "ticked": q.ticked} for q in p.own_questions
        ],
        "sure": p.sure,
        "updated": p.updated,
    }
    path = folder / "full-profile.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def squash(text: str) -> str:
    return " ".join(text.split())


@needs_browser
def test_printed_with_a_full_profile(tmp_path: Path) -> None:
    pdf, pages = printed(tmp_path, "--profile", str(full_profile_file(tmp_path)))
    assert pages <= 3, f"{pages} A4 pages"
    page1 = squash(pdf_page_text(pdf, 1))
    for needle in (
        "Warning signs. Get urgent medical help if",
        PERSON_HEADING,
        "What matters to me",
        "4: matters a lot",
        "Tried ibuprofen before; it upset my stomach.",
        "Can I keep working while having treatment?",
        "Answered “no”: Sure of myself, Risk-benefit ratio.",
        "It is not medical advice",
    ):
        assert needle in page1, needle
    assert OPTIONS_HEADING not in page1 and "References" not in page1
    assert squash(pdf_page_text(pdf, 2)).startswith(OPTIONS_HEADING)
    last = squash(pdf_page_text(pdf, pages))
    assert "References" in last or pages > 2


@needs_browser
def test_printed_without_a_profile(tmp_path: Path) -> None:
    pdf, pages = printed(tmp_path, "--no-profile")
    assert pages <= 3, f"{pages} A4 pages"
    page1 = squash(pdf_page_text(pdf, 1))
    assert WORKSHEET_HEADING in page1 and "Warning signs. Get urgent medical help if" in page1
    assert "Avoiding needles" in page1 and "4: matters a lot" in page1
    assert "Sure of myself" in page1 and "Yes" in page1 and "No" in page1
    assert OPTIONS_HEADING not in page1
    assert squash(pdf_page_text(pdf, 2)).startswith(OPTIONS_HEADING)


@needs_browser
def test_printed_with_six_options_keeps_the_persons_page_first(tmp_path: Path) -> None:
    profile = full_profile_file(tmp_path)
    pdf, pages = printed(tmp_path, "--profile", str(profile), "--compare", SIX)
    page1 = squash(pdf_page_text(pdf, 1))
    assert PERSON_HEADING in page1 and OPTIONS_HEADING not in page1
    assert "Answered “no”: Sure of myself, Risk-benefit ratio." in page1
    page2 = squash(pdf_page_text(pdf, 2))
    assert page2.startswith(OPTIONS_HEADING)
    for name in ("Acupuncture", "Usual care", "Dry needling", "Exercise", "NSAIDs", "Advice"):
        assert name in page2, name
    texts = [squash(pdf_page_text(pdf, n)) for n in range(1, pages + 1)]
    references = next(n for n, t in enumerate(texts) if REFERENCES_HEADING in t)
    assert references >= 2  # after the comparison, which grows with the options
    assert texts[-1].startswith(tuple(f"{n}." for n in range(1, 100)))  # the list, to the end


@needs_browser
def test_printed_hostile_handout_is_inert(tmp_path: Path) -> None:
    from summary_fixtures import run_cli, write_hostile_kb

    kb = write_hostile_kb(tmp_path)
    profile = write_profile(tmp_path, hostile=True)
    html = tmp_path / "hostile.html"
    result = run_cli(
        "export", "--data", str(kb), "--profile", str(profile), "--out", str(html), cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "hostile.pdf"
    print_pdf(html, pdf)
    text = squash(" ".join(pdf_page_text(pdf, n) for n in range(1, pdf_pages(pdf) + 1)))
    assert "<script>alert(1)</script>" in text  # shown as text, not run
    assert "[@click=app.quit]q[/]" in text


def test_the_worksheet_of_a_hostile_kb_is_inert(tmp_path: Path) -> None:
    from summary_fixtures import write_hostile_kb
    from test_export import _Tags

    kb = load(str(write_hostile_kb(tmp_path))).kb
    s = build(kb, default_selection(kb))
    assert s.personal is None and s.factors and s.prompts
    html = to_html(s)
    parser = _Tags()
    parser.feed(html)
    assert "script" not in parser.tags and "img" not in parser.tags
    assert not any(name.startswith("on") for _, name, _ in parser.attrs)
    shown = "".join(parser.text)
    assert "<script>alert(1)</script>" in shown  # a factor's label, as text
    markdown = render(s, "md")
    worksheet = markdown[: markdown.index(f"## {OPTIONS_HEADING}")]
    assert "&lt;script&gt;" in worksheet and "<script" not in worksheet
    assert r"\[\@click=app\.quit\]q\[/\]" in worksheet


def test_json_holds_the_handouts_new_parts(shipped: KnowledgeBase) -> None:
    import json

    data = json.loads(render(build(shipped, default_selection(shipped), full_profile()), "json"))
    assert data["format_version"] == 3
    assert data["warning_signs"][0].startswith("Get urgent medical help if")
    assert "urgent" not in data["disclaimer_rest"].lower()
    assert data["factors"] == [f.label for f in shipped.factors]
    assert data["prompts"] == [p.text for p in shipped.prompts]
    assert data["personal"]["sure_no"] == ["Sure of myself", "Risk-benefit ratio"]
    shared = [a["shared"] for a in data["options"][0]["answers"]]
    assert True in shared and False in shared
