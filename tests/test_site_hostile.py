"""Hostile knowledge-base text on the site: shown literally, never markup, script or a link.

Two hostile knowledge bases: ``write_hostile_kb`` (every free-text field of kb_small carries
HTML, event handlers, ``javascript:`` URLs, terminal escapes and bidi overrides, and two
sources carry a hostile DOI and address) and ``fixtures/kb_hostile.yaml`` (Textual markup).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from summary_fixtures import CONTROL, HOSTILE, HOSTILE_URL, run_cli, write_hostile_kb
from test_site import Page

from backtui.citations import safe_url
from backtui.kb.loader import load
from backtui.site import build_site
from backtui.summary import default_selection

KB_MARKUP = Path(__file__).parent / "fixtures" / "kb_hostile.yaml"
SHOWN = " ".join(CONTROL.sub("", HOSTILE).split())  # what a page may show of HOSTILE


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    kb = load(str(write_hostile_kb(tmp_path_factory.mktemp("kb")))).kb
    return build_site(kb, [o.id for o in kb.options])


def assert_inert(name: str, text: str) -> Page:
    page = Page(text)
    tags = {tag for tag, _ in page.tags}
    for active in ("iframe", "object", "embed", "form", "base", "img", "style", "meta-refresh"):
        assert active not in tags, (name, active)
    scripts = page.all("script")
    assert scripts == ([{"src": "worksheet.js", "defer": ""}] if name == "worksheet.html" else [])
    for tag, attrs in page.tags:
        for attr, value in attrs.items():
            assert not attr.startswith("on"), (name, tag, attr)
            assert attr != "style", (name, tag)
            assert "javascript:" not in value.lower(), (name, tag, attr, value)
            if attr in ("href", "src"):
                parts = urlsplit(value)
                if parts.scheme:  # only a source's address, as the handout links it
                    assert parts.scheme == "https" and tag == "a", (name, value)
                    assert value == safe_url(value), (name, value)
                else:
                    assert not parts.netloc and not value.startswith("/"), (name, value)
    assert not [m for m in page.all("meta") if m.get("http-equiv", "").lower() == "refresh"]
    assert CONTROL.findall(text.replace("\n", "")) == [], name
    return page


def test_every_page_of_a_hostile_kb_is_inert(hostile_site: dict[str, str]) -> None:
    for name, text in hostile_site.items():
        if name.endswith(".html"):
            assert_inert(name, text)


def test_hostile_text_is_shown_literally(hostile_site: dict[str, str]) -> None:
    shown = 0
    for name, text in hostile_site.items():
        if not name.endswith(".html"):
            continue
        words = Page(text).words
        assert "<script>alert(1)</script>" not in text, name  # only ever escaped
        if SHOWN in words:
            shown += 1
    assert shown >= 10  # the poisoned text reaches nearly every page, as text


def test_a_hostile_address_is_escaped_in_its_link_and_its_text(
    hostile_site: dict[str, str],
) -> None:
    sources = hostile_site["sources.html"]
    assert HOSTILE_URL not in sources  # raw, its quote would end the attribute
    link = safe_url(HOSTILE_URL)
    assert link is not None and '"' not in link
    page = Page(sources)
    hrefs = [a["href"] for a in page.all("a")]
    assert link in hrefs
    assert HOSTILE_URL in page.words  # the text shows what the knowledge base says
    # plain http: is text, never a link
    assert "http://example.org/plain-http" in page.words
    assert not [h for h in hrefs if h.startswith("http:")]


def test_the_markup_fixture_is_inert_and_literal(tmp_path: Path) -> None:
    kb = load(str(KB_MARKUP)).kb
    files = build_site(kb, default_selection(kb))
    for name, text in files.items():
        if name.endswith(".html"):
            assert_inert(name, text)
    assert "[@click=app.quit]click[/]" in Page(files["index.html"]).words


def test_the_command_writes_a_hostile_site_without_controls_in_its_messages(
    tmp_path: Path,
) -> None:
    kb = write_hostile_kb(tmp_path)
    result = run_cli("site", "--data", str(kb), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert CONTROL.findall(result.stderr.replace("\n", "")) == []
    for page in (tmp_path / "out").glob("*.html"):
        assert_inert(page.name, page.read_text(encoding="utf-8"))
