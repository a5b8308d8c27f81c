"""The site in a real browser: Debian's chromium driven by Playwright, checked with axe-core.

Every page of the site built from the shipped knowledge base and from a fixture one is
crawled from ``file://`` (as from a USB stick), checked with axe (WCAG 2.0-2.2 A and AA, best
practices, and the WCAG 2.2 target-size rule), and every request the browser makes is
recorded: any outside the folder fails. The start page is read with JavaScript off, and
tabbed through. Playwright's own browser download is not used: ``executable_path`` points at
the system chromium. Skipped only when that chromium is missing (``.ci/run`` installs it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from summary_fixtures import KB_SMALL, SHIPPED_KB

from backtui.kb.loader import load
from backtui.site import build_site, write_site
from backtui.summary import default_selection

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="/usr/bin/chromium is missing (.ci/run installs it)"
)
BLOCKING = ("serious", "critical")
# axe's defaults, with the WCAG 2.2 target-size rule (off by default) turned on.
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}
REPORT = Path(__file__).parent.parent / "benchmarks" / "generated" / "site-axe.json"


def make_site(kb_path: Path, out: Path) -> Path:
    kb = load(str(kb_path)).kb
    return write_site(build_site(kb, default_selection(kb)), out)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("sites")
    return {
        "shipped": make_site(SHIPPED_KB, root / "shipped"),
        "fixture": make_site(KB_SMALL, root / "fixture"),
    }


class Recorder:
    """Every request a browser context makes."""

    def __init__(self, context: Any) -> None:
        self.urls: list[str] = []
        context.on("request", lambda request: self.urls.append(request.url))

    def outside(self, folder: Path) -> list[str]:
        inside = folder.resolve().as_uri() + "/"
        return [u for u in self.urls if not u.startswith(inside)]


def crawl(page: Any, folder: Path) -> list[str]:
    """Every page reachable from the start page by the site's own links, in order."""
    start = folder / "index.html"
    seen, queue = [start.name], [start.name]
    while queue:
        name = queue.pop(0)
        page.goto((folder / name).as_uri())
        hrefs = page.eval_on_selector_all("a[href]", "as => as.map(a => a.getAttribute('href'))")
        for href in hrefs:
            target = href.split("#")[0]
            if target and "://" not in target and target.endswith(".html") and target not in seen:
                seen.append(target)
                queue.append(target)
    return seen


def axe_violations(page: Any) -> list[dict[str, Any]]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options=AXE_OPTIONS)
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"])}
        for v in result.response["violations"]
    ]


@pytest.mark.parametrize("which", ["shipped", "fixture"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_passes_axe_and_loads_nothing_from_outside_the_folder(
    browser: Any, sites: dict[str, Path], which: str, scheme: str
) -> None:
    folder = sites[which]
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    recorder = Recorder(context)
    page = context.new_page()
    names = crawl(page, folder)
    assert set(names) == {p.name for p in folder.glob("*.html")}  # every page is linked
    results: dict[str, list[dict[str, Any]]] = {}
    for name in names:
        page.goto((folder / name).as_uri())
        results[name] = axe_violations(page)
    context.close()
    REPORT.parent.mkdir(exist_ok=True)
    report = json.loads(REPORT.read_text(encoding="utf-8")) if REPORT.exists() else {}
    report[f"{which}-{scheme}"] = results
    REPORT.write_text(json.dumps(report, indent=1, sort_keys=True), encoding="utf-8")
    blocking = {
        name: [v for v in found if v["impact"] in BLOCKING] for name, found in results.items()
    }
    assert not any(blocking.values()), blocking
    assert recorder.urls and recorder.outside(folder) == []
    assert any(u.endswith("/site.css") for u in recorder.urls)


def test_a_narrow_screen_passes_axe_too(browser: Any, sites: dict[str, Path]) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    for name in ("index.html", "benefits.html", "worksheet.html"):
        page.goto((sites["shipped"] / name).as_uri())
        blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
        assert blocking == [], (name, blocking)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, (name, width)  # nothing makes the page scroll sideways
    context.close()


def test_the_checks_can_fail(browser: Any, tmp_path: Path) -> None:
    """A page with a missing alt text and a request to a web address: both are caught."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html lang="en"><title>x</title><main><h1>x</h1>'
        '<img src="https://example.invalid/x.png"></main></html>',
        encoding="utf-8",
    )
    context = browser.new_context()
    recorder = Recorder(context)
    page = context.new_page()
    page.goto(bad.as_uri())
    assert any(v["impact"] in BLOCKING for v in axe_violations(page))
    assert recorder.outside(tmp_path) == ["https://example.invalid/x.png"]
    context.close()


def test_without_javascript_the_start_page_shows_the_options(
    browser: Any, sites: dict[str, Path]
) -> None:
    kb = load(str(SHIPPED_KB)).kb
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((sites["shipped"] / "index.html").as_uri())
    heads = page.locator("table.grid thead th").all_inner_texts()
    names = [kb.options[[o.id for o in kb.options].index(i)].name for i in default_selection(kb)]
    assert heads == names
    assert page.locator("table.grid tbody tr").count() == len(kb.questions)
    for name in names:
        assert page.get_by_role("link", name=name, exact=True).first.is_visible()
    page.goto((sites["shipped"] / "worksheet.html").as_uri())
    assert page.locator("#ws-tools").is_hidden()  # the buttons need the script
    assert page.locator("input[type=radio]").count() > 0
    page.get_by_label("4: matters a lot").first.check()  # the form works as a form
    context.close()


def test_tab_reaches_every_link_and_control_of_the_start_page_in_order(
    browser: Any, sites: dict[str, Path]
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto((sites["shipped"] / "index.html").as_uri())
    expected = page.evaluate(
        """() => {
        const all = document.querySelectorAll(
          'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])');
        const shown = [...all].filter(e => e.getClientRects().length && !e.closest('[hidden]'));
        shown.forEach((e, i) => e.setAttribute('data-order', String(i)));
        return shown.length;
        }"""
    )
    assert expected > 20
    reached = []
    for _ in range(expected):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => { const e = document.activeElement;
            const style = getComputedStyle(e);
            return [e.getAttribute('data-order'), style.outlineStyle, style.outlineWidth,
                    e.getBoundingClientRect().top >= 0]; }"""
        )
        reached.append(int(info[0]))
        assert info[1] != "none" and info[2] != "0px", info  # focus is visible
        assert info[3], info  # and on screen (the skip link moves into view)
    assert reached == list(range(expected))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('data-order')") in (None, "0")


def test_the_skip_link_moves_focus_to_the_main_content(
    browser: Any, sites: dict[str, Path]
) -> None:
    page = browser.new_page()
    page.goto((sites["shipped"] / "benefits.html").as_uri())
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    inside = page.evaluate("!!document.activeElement.closest('main')")
    assert inside
    page.close()


def test_worksheet_answers_stay_in_local_storage_and_print(
    browser: Any, sites: dict[str, Path]
) -> None:
    folder = sites["shipped"]
    context = browser.new_context()
    recorder = Recorder(context)
    page = context.new_page()
    page.goto((folder / "worksheet.html").as_uri())
    assert page.locator("#ws-tools").is_visible()
    page.get_by_label("3: matters", exact=True).first.check()
    page.locator("#own-questions").fill("Can I <b>keep</b> working?")
    page.locator("input[name^=short-]").first.check()
    page.reload()
    assert page.get_by_label("3: matters", exact=True).first.is_checked()
    assert page.locator("#own-questions").input_value() == "Can I <b>keep</b> working?"
    assert page.locator("input[name^=short-]").first.is_checked()
    stored = page.evaluate("JSON.stringify(localStorage)")
    assert "keep" in stored
    page.emulate_media(media="print")
    copy = page.locator("#own-questions-print")
    assert copy.is_visible() and copy.inner_text() == "Can I <b>keep</b> working?"
    assert page.locator("#own-questions-print b").count() == 0  # text, not markup
    assert page.get_by_role("heading", name="The options side by side").is_visible()
    assert page.locator("nav").first.is_hidden()
    assert recorder.outside(folder) == []
    assert not [u for u in recorder.urls if re.match(r"(https?|wss?|data):", u)]
    context.close()
