"""``backtui site``: the pages' structure, what they say, and how the folder is written.

Pure Python: the browser test (axe, keyboard, network, JavaScript off) is in
``test_site_browser.py``; hostile text is in ``test_site_hostile.py``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from summary_fixtures import KB_SMALL, SHIPPED_KB, run_cli

from backtui.kb.loader import load
from backtui.kb.queries import Index, primary_address, read_at
from backtui.kb.schema import KnowledgeBase
from backtui.site import build_site
from backtui.site.pages import CSP, CSP_SCRIPT, NAV_OPTIONS, aspect_file, option_file
from backtui.summary import default_selection
from backtui.views import fairness
from backtui.views.aspects import ALL

MAX_PAGE_BYTES = 200 * 1024


class Page(HTMLParser):
    """Every tag with its attributes, the text, and the ids, of one page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.stack: list[str] = []
        self.headings: list[tuple[int, str]] = []
        self._heading: list[str] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = []

    def handle_endtag(self, tag: str) -> None:
        if re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self.headings.append((int(tag[1]), " ".join("".join(self._heading).split())))
            self._heading = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._heading is not None:
            self._heading.append(data)

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.tags if name == tag]

    @property
    def ids(self) -> set[str]:
        return {attrs["id"] for _, attrs in self.tags if "id" in attrs}

    @property
    def words(self) -> str:
        return " ".join("".join(self.text).split())


@pytest.fixture(scope="module")
def shipped() -> KnowledgeBase:
    return load(str(SHIPPED_KB)).kb


@pytest.fixture(scope="module")
def site(shipped: KnowledgeBase) -> dict[str, str]:
    return build_site(shipped, default_selection(shipped))


def pages(files: dict[str, str]) -> dict[str, Page]:
    return {name: Page(text) for name, text in files.items() if name.endswith(".html")}


def test_the_site_has_a_start_page_and_a_page_per_aspect_option_and_part(
    site: dict[str, str], shipped: KnowledgeBase
) -> None:
    expected = {"index.html", "claims.html", "sources.html", "worksheet.html"}
    expected |= {aspect_file(a.id) for a in ALL}
    expected |= {option_file(o) for o in default_selection(shipped)}
    assert set(pages(site)) == expected
    assert {"site.css", "worksheet.js"} <= set(site)


def test_every_page_has_lang_landmarks_one_h1_skip_link_and_ordered_headings(
    site: dict[str, str],
) -> None:
    for name, page in pages(site).items():
        assert page.all("html")[0]["lang"] == "en", name
        assert len(page.all("main")) == 1 and page.all("main")[0]["id"] == "main", name
        assert page.all("header") and page.all("footer") and page.all("nav"), name
        first_link = page.all("a")[0]
        assert first_link["href"] == "#main" and first_link["class"] == "skip", name
        levels = [level for level, _ in page.headings]
        assert levels.count(1) == 1 and levels[0] == 1, name
        for before, after in zip(levels, levels[1:], strict=False):
            assert after <= before + 1, (name, page.headings)  # no level skipped
        assert all(text for _, text in page.headings), name


def test_every_page_has_the_csp_no_referrer_noindex_and_the_review_dates(
    site: dict[str, str], shipped: KnowledgeBase
) -> None:
    reviewed = shipped.meta.reviewed.isoformat()
    due = shipped.meta.next_review.isoformat()
    for name, page in pages(site).items():
        metas = page.all("meta")
        policy = [m["content"] for m in metas if m.get("http-equiv") == "Content-Security-Policy"]
        expected = CSP_SCRIPT if name == "worksheet.html" else CSP
        assert policy == [expected], name
        assert "default-src 'none'" in policy[0] and "connect-src" not in policy[0]
        assert ("script-src 'self'" in policy[0]) == (name == "worksheet.html"), name
        assert {"name": "robots", "content": "noindex, nofollow"} in metas, name
        assert {"name": "referrer", "content": "no-referrer"} in metas, name
        assert f"reviewed {reviewed} (next review due {due})" in page.words, name


def test_index_lets_search_engines_in(shipped: KnowledgeBase) -> None:
    files = build_site(shipped, default_selection(shipped), robots=True)
    for name, page in pages(files).items():
        assert not [m for m in page.all("meta") if m.get("name") == "robots"], name


def test_links_are_relative_and_reach_a_page_and_an_id_of_the_site(site: dict[str, str]) -> None:
    parsed = pages(site)
    for name, page in parsed.items():
        for attrs in page.all("a") + page.all("link") + page.all("script"):
            url = attrs.get("href") or attrs.get("src") or ""
            if url.startswith("https://"):
                continue  # a source's address, checked in the hostile tests
            parts = urlsplit(url)
            assert not parts.scheme and not parts.netloc and not url.startswith("/"), (name, url)
            target = parts.path or name
            assert target in site, (name, url)
            if parts.fragment:
                assert parts.fragment in parsed[target].ids, (name, url)


def test_scripts_only_on_the_worksheet_and_no_inline_style_or_handlers(
    site: dict[str, str],
) -> None:
    for name, page in pages(site).items():
        wanted = [{"src": "worksheet.js", "defer": ""}] if name == "worksheet.html" else []
        assert page.all("script") == wanted, name
        assert not page.all("style") and not page.all("img") and not page.all("iframe"), name
        for tag, attrs in page.tags:
            assert "style" not in attrs, (name, tag)  # the CSP allows no style attribute
            assert not any(a.startswith("on") for a in attrs), (name, tag)


def test_every_page_is_under_200_kb(site: dict[str, str]) -> None:
    for name, text in site.items():
        assert len(text.encode("utf-8")) < MAX_PAGE_BYTES, name


def test_tables_have_captions_and_header_cells(site: dict[str, str]) -> None:
    for name, text in site.items():
        if not name.endswith(".html") or name == "worksheet.html":
            continue  # the worksheet's table is the printed handout's, hidden on screen
        for table in re.findall(r"<table.*?</table>", text, re.S):
            assert "<caption" in table and '<th scope="col"' in table, name
            assert '<th scope="row"' in table, name


def test_svg_charts_have_a_title_and_a_text_equivalent(site: dict[str, str]) -> None:
    benefits = site["benefits.html"]
    plots = re.findall(r"<svg class=\"forest\".*?</svg>", benefits, re.S)
    assert plots, "no forest plot"
    for svg in plots:
        assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    # the table beside the first plot holds the first row's numbers
    first = Page(benefits[benefits.index("<table>") :])
    assert "Acupuncture" in first.words and "95% CI" in first.words
    icons = re.findall(r"<svg [^>]*role=\"img\" aria-label=\"(\d+) of 100 icons filled\"", benefits)
    effects = site["side-effects.html"]
    icons += re.findall(r"aria-label=\"(\d+) of 100 icons filled\"", effects)
    assert icons
    for svg in re.findall(r"<figure class=\"icons\">.*?</figure>", effects, re.S):
        count = int(re.findall(r"(\d+) of 100", svg)[0])
        assert svg.count('class="i-on"') == count and svg.count('class="i-off"') == 100 - count


def test_the_plot_draws_every_row_of_its_table_on_one_axis(site: dict[str, str]) -> None:
    benefits = site["benefits.html"]
    svg = re.findall(r"<svg class=\"forest\".*?</svg>", benefits, re.S)[0]
    table = benefits[benefits.index("<table>") : benefits.index("</table>")]
    rows = table.count('<th scope="row">')
    assert svg.count('class="fp-point"') == rows > 1
    assert svg.count('class="fp-null"') == 1  # one shared line of no effect


def test_start_page_holds_condition_warning_notice_grid_and_links(
    site: dict[str, str], shipped: KnowledgeBase
) -> None:
    page = Page(site["index.html"])
    words = page.words
    assert shipped.meta.condition.name in words
    assert "⚠ Warning signs." in words and "Get urgent medical help" in words
    assert "It is not medical advice" in words
    hrefs = [a["href"] for a in page.all("a")]
    for aspect in ALL:
        assert aspect_file(aspect.id) in hrefs
    for option_id in default_selection(shipped):
        assert option_file(option_id) in hrefs
    grid = site["index.html"].split('<table class="grid">')[1].split("</table>")[0]
    for question in shipped.questions:
        assert Page(question.text).words in Page(grid).words


def test_an_option_page_holds_every_record_with_ci_size_certainty_and_source(
    site: dict[str, str], shipped: KnowledgeBase
) -> None:
    index = Index(shipped)
    page = Page(site[option_file("acupuncture")])
    words = page.words
    option = index.options["acupuncture"]
    for row in option.evidence:
        assert f"evidence--acupuncture--{row.id}" in page.ids
    for harm in option.harms:
        assert f"harm--acupuncture--{harm.id}" in page.ids
    assert "95% CI" in words and "Certainty:" in words and "Downgraded for:" in words
    assert "Compared with:" in words and "Evidence:" in words and "Address:" in words
    for aspect in ALL:
        assert f"aspect-{aspect.id}" in page.ids


def test_guidelines_page_says_where_they_disagree_first(
    site: dict[str, str], shipped: KnowledgeBase
) -> None:
    page = Page(site["guidelines.html"])
    assert fairness.disagreements(Index(shipped), default_selection(shipped))
    assert page.headings[1] == (2, "Where guidelines disagree")
    assert "recommends against" in page.words


def test_sources_are_at_their_primary_address_then_where_read(
    site: dict[str, str], shipped: KnowledgeBase
) -> None:
    page = Page(site["sources.html"])
    for source in shipped.sources:
        assert f"source-{source.id}" in page.ids
    text = site["sources.html"]
    source = next(s for s in shipped.sources if s.doi and read_at(s))
    entry = text[text.index(f'id="source-{source.id}"') :].split("</article>")[0]
    address, first_read = primary_address(source), read_at(source)[0]
    assert entry.index(f">{address}</a>") < entry.index(f">{first_read}</a>")


def test_claims_page_lists_every_claim_with_its_verdict(
    site: dict[str, str], shipped: KnowledgeBase
) -> None:
    page = Page(site["claims.html"])
    claims = [text for level, text in page.headings if level == 2]
    assert len(claims) == len(shipped.claims)
    assert page.words.count("Verdict:") == len(shipped.claims)


def test_worksheet_holds_factors_shortlist_notes_questions_and_sure(
    site: dict[str, str], shipped: KnowledgeBase
) -> None:
    page = Page(site["worksheet.html"])
    radios = [a for a in page.all("input") if a.get("type") == "radio"]
    for factor in shipped.factors:
        assert len([r for r in radios if r["name"] == f"rate-{factor.id}"]) == 5
    boxes = {a["name"] for a in page.all("input") if a.get("type") == "checkbox"}
    assert {f"short-{o}" for o in default_selection(shipped)} <= boxes
    assert {f"ask-{p.id}" for p in shipped.prompts} <= boxes
    areas = {a["id"] for a in page.all("textarea")}
    assert {f"note-{o}" for o in default_selection(shipped)} | {"own-questions"} <= areas
    labels = {a["for"] for a in page.all("label") if "for" in a}
    assert areas <= labels
    assert len([r for r in radios if r["name"].startswith("sure-")]) == 8
    assert not page.all("form")  # nothing to submit, anywhere
    assert "The options side by side" in page.words and "References" in page.words


def test_the_site_says_what_show_says(site: dict[str, str], shipped: KnowledgeBase) -> None:
    """Every statement the text view gives for an aspect is on that aspect's page."""
    from backtui.show import aspect_items

    for aspect in ("safety", "guidelines", "practicalities"):
        words = Page(site[aspect_file(aspect)]).words
        for option_id in default_selection(shipped):
            for item in aspect_items(Index(shipped), option_id, aspect):
                first = " ".join(item.split("\n")[0].split())
                assert first in words, (aspect, first)


def test_a_fixture_kb_with_another_shape_builds(tmp_path: Path) -> None:
    kb = load(str(KB_SMALL)).kb
    files = build_site(kb, default_selection(kb))
    assert "index.html" in files
    for name, page in pages(files).items():
        assert len(page.all("h1")) == 1, name


# ----------------------------------------------------------------------------- the command


def test_backtui_site_writes_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = run_cli("site", "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (out / "index.html").is_file() and (out / "site.css").is_file()
    assert "wrote 13 pages" in result.stderr


def test_a_folder_that_is_not_empty_is_refused_without_force(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    mine = out / "my-notes.txt"
    mine.write_text("mine", encoding="utf-8")
    result = run_cli("site", "--out", str(out), cwd=tmp_path)
    assert result.returncode == 2
    assert "is not empty" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["my-notes.txt"]
    forced = run_cli("site", "--out", str(out), "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert mine.read_text(encoding="utf-8") == "mine"  # others' files are left alone
    assert (out / "index.html").is_file()


def test_force_replaces_a_link_and_never_writes_through_it(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep", encoding="utf-8")
    (out / "index.html").symlink_to(victim)
    assert run_cli("site", "--out", str(out), "--force", cwd=tmp_path).returncode == 0
    assert victim.read_text(encoding="utf-8") == "keep"
    assert not (out / "index.html").is_symlink()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--compare", "nope"], "unknown option id 'nope'"),
        (["--data", "missing.yaml"], "is not valid"),
    ],
)
def test_errors_are_one_message_and_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    result = run_cli("site", "--out", str(tmp_path / "site"), *args, cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_file_given_as_the_folder_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    out.write_text("mine", encoding="utf-8")
    result = run_cli("site", "--out", str(out), "--force", cwd=tmp_path)
    assert result.returncode == 2 and "is not a folder" in result.stderr
    assert out.read_text(encoding="utf-8") == "mine"


def test_site_never_imports_textual(tmp_path: Path) -> None:
    code = (
        "import sys; from backtui import cli; "
        f"rc = cli.main(['site', '--out', {str(tmp_path / 's')!r}]); "
        "assert rc == 0; assert 'textual' not in sys.modules, 'textual imported'"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_with_many_options_the_navigation_stays_the_same_size(shipped: KnowledgeBase) -> None:
    """Every page links every option while there are few; with more, the start page's list."""
    every = [o.id for o in shipped.options]
    assert len(every) > NAV_OPTIONS
    files = build_site(shipped, every)
    for name in pages(files):
        nav = files[name].split('<nav aria-label="Pages">')[1].split("</nav>")[0]
        assert "option-" not in nav and 'href="index.html#by-option"' in nav, name
    assert "by-option" in Page(files["index.html"]).ids
    few = build_site(shipped, every[:NAV_OPTIONS])
    nav = few["claims.html"].split('<nav aria-label="Pages">')[1].split("</nav>")[0]
    assert nav.count('href="option-') == NAV_OPTIONS
