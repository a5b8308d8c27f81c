"""The site's pages, each rendered from the view model (``backtui.views``) and the handout's
structure (``backtui.summary``), so they say what the app, ``backtui show`` and the handout say.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from backtui import export
from backtui.export import h
from backtui.kb.queries import CERTAINTY_WORDS, STANCE_WORDS, Index
from backtui.kb.schema import KnowledgeBase
from backtui.profile.model import SURE_ITEMS
from backtui.site.assets import CSS, JS
from backtui.site.render import blocks_html, forest_legend, forest_svg
from backtui.summary import Summary, build
from backtui.views import fairness, model
from backtui.views import plot as plots
from backtui.views.aspects import ALL, BY_ID
from backtui.views.model import Block, ItemView, Target
from backtui.wording import DISCLAIMER_FALLBACK, RATING_WORDS, number, one_line

# Every page: nothing may load but this folder's stylesheet (and, on the worksheet, its
# script); no connections, frames, fonts, images, forms or <base>.
CSP = "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'"
CSP_SCRIPT = CSP.replace("style-src 'self'", "style-src 'self'; script-src 'self'")
STYLESHEET = "site.css"
SCRIPT = "worksheet.js"
START = "index.html"
CLAIMS = "claims.html"
SOURCES = "sources.html"
WORKSHEET = "worksheet.html"
WORKSHEET_TITLE = "What matters to me"
# Up to this many options are linked from every page's navigation; with more, the navigation
# links to the start page's list (else every page would grow with the number of options).
NAV_OPTIONS = 8


def aspect_file(aspect: str) -> str:
    return f"{aspect}.html"


def option_file(option_id: str) -> str:
    # Ids are slugs (a-z, 0-9, "-"; the schema enforces it), so they are safe file names.
    return f"option-{option_id}.html"


def anchor(target: Target) -> str:
    """A record's id on its option page (slugs joined by "--", so never ambiguous)."""
    parts = [target.kind, target.option_id, target.record_id, target.guideline_id]
    return "--".join(p for p in parts if p)


@dataclass(frozen=True)
class Site:
    index: Index
    option_ids: list[str]
    summary: Summary
    robots: bool  # False: ask search engines not to index (the default)

    @property
    def kb(self) -> KnowledgeBase:
        return self.index.kb

    @cached_property
    def source_ids(self) -> dict[tuple[Block, ...], str]:
        """Each source's blocks as records show them, to the source's id."""
        return {model.source_blocks(source): source.id for source in self.kb.sources}


# ----------------------------------------------------------------------------- the frame


def _nav(site: Site, current: str) -> str:
    def link(href: str, text: str) -> str:
        here = ' aria-current="page"' if href == current else ""
        return f'<li><a href="{href}"{here}>{h(text)}</a></li>'

    pages = [link(START, "Start")]
    pages += [link(aspect_file(a.id), a.label) for a in ALL]
    pages += [link(CLAIMS, "Checked claims"), link(SOURCES, "Sources in full")]
    pages.append(link(WORKSHEET, WORKSHEET_TITLE))
    if len(site.option_ids) > NAV_OPTIONS:  # the start page lists them all
        pages.append(link(f"{START}#by-option", "Each option in full"))
        return f'<nav aria-label="Pages"><ul>{"".join(pages)}</ul></nav>'
    options = [link(option_file(o), site.index.options[o].name) for o in site.option_ids]
    return (
        '<nav aria-label="Pages">'
        f"<ul>{''.join(pages)}</ul>"
        '<p class="group" id="nav-options">Each option in full:</p>'
        f'<ul aria-labelledby="nav-options">{"".join(options)}</ul>'
        "</nav>"
    )


def review_line(kb: KnowledgeBase) -> str:
    meta = kb.meta
    return (
        f"Knowledge base version {one_line(meta.version)}, reviewed {meta.reviewed.isoformat()} "
        f"(next review due {meta.next_review.isoformat()})."
    )


def page(site: Site, filename: str, title: str, body: list[str], script: bool = False) -> str:
    kb = site.kb
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{h(kb.meta.language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP_SCRIPT if script else CSP}">',
        '<meta name="referrer" content="no-referrer">',
    ]
    if not site.robots:
        head.append('<meta name="robots" content="noindex, nofollow">')
    head += [
        f"<title>{h(title)} · {h(one_line(kb.meta.title))}</title>",
        f'<link rel="stylesheet" href="{STYLESHEET}">',
    ]
    if script:
        head.append(f'<script src="{SCRIPT}" defer></script>')
    head += [
        "</head>",
        "<body>",
        '<a class="skip" href="#main">Skip to main content</a>',
        '<header class="site"><div class="wrap">',
        f'<p class="brand"><a href="{START}">{h(one_line(kb.meta.title))}</a></p>',
        f'<p class="tag">{h(DISCLAIMER_FALLBACK)}</p>',
        _nav(site, filename),
        "</div></header>",
        '<main id="main" tabindex="-1"><div class="wrap">',
    ]
    foot = [
        "</div></main>",
        '<footer><div class="wrap">',
        f"<p>{h(review_line(kb))}</p>",
        f"<p>{h(one_line(kb.meta.disclaimer))}</p>",
        "</div></footer>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(head + body + foot)


# ----------------------------------------------------------------------------- pieces


def _record_link(site: Site, column: str, target: Target | None, title: str) -> str:
    """Where an item's full record is: its option's page, the sources or the claims."""
    if target is None:
        return ""
    if target.kind == "source":
        href = f"{SOURCES}#source-{target.record_id}"
    elif target.kind == "claims":
        href = CLAIMS
    else:
        href = f"{option_file(column)}#{anchor(target)}"
    hidden = f'<span class="vh">: {h(title)}</span>' if title else ""
    return f'<p class="more"><a href="{h(href)}">Full record{hidden}</a></p>'


def _item_title(view: ItemView) -> str:
    for block in view.blocks:
        if block.text:
            return block.text[:80]
    return ""


def _items(site: Site, option_id: str, aspect: str) -> list[ItemView]:
    items = model.aspect_items(site.index, option_id, aspect, layer="plain")
    # The claims have a page of their own (in the navigation); the app's item says "Enter".
    return [i for i in items if i.target is None or i.target.kind != "claims"]


def columns(site: Site, aspect: str, level: int = 2) -> list[str]:
    """Every option's items for one aspect, side by side (stacked on a narrow screen)."""
    out = ['<div class="cols">']
    for option_id in site.option_ids:
        name = site.index.options[option_id].name
        heading_id = f"col-{option_id}"
        out.append(f'<section class="col" aria-labelledby="{heading_id}">')
        out.append(
            f'<h{level} id="{heading_id}"><a href="{option_file(option_id)}">{h(name)}</a>'
            f"</h{level}>"
        )
        out.append('<ul class="items">')
        for view in _items(site, option_id, aspect):
            link = _record_link(site, option_id, view.target, _item_title(view))
            out.append(f"<li>{blocks_html(view.blocks, level + 1)}{link}</li>")
        out.append("</ul></section>")
    out.append("</div>")
    return out


def _warning_and_notice(site: Site) -> list[str]:
    s = site.summary
    out = []
    warning = export._warning_text(s)
    if warning:
        out.append(
            f'<div class="urgent" role="note"><p><strong>⚠ {h(export.WARNING_LABEL)}</strong> '
            f"{h(warning)}</p></div>"
        )
    out.append(f'<p class="notice">{h(export._notice(s))}</p>')
    return out


# ----------------------------------------------------------------------------- start page


def option_grid(site: Site) -> list[str]:
    """The Option Grid: each question a row, each option a column; an answer that is the
    same for every option (a fact about the condition) spans the columns, as in the handout."""
    index, ids = site.index, site.option_ids
    names = [one_line(index.options[o].name) for o in ids]
    head = "".join(
        f'<th scope="col"><a href="{option_file(o)}">{h(n)}</a></th>'
        for o, n in zip(ids, names, strict=True)
    )
    rows = []
    for question in site.kb.questions:
        answers = [model.grid_answer(question, o) for o in ids]
        label = f'<th scope="row">{h(one_line(question.text))}</th>'
        if len(ids) > 1 and all(a.shared for a in answers):
            rows.append(f'<tr>{label}<td colspan="{len(ids)}">{h(answers[0].short)}</td></tr>')
            continue
        cells = "".join(
            f'<td><span class="cell-head">{h(n)}</span>{h(a.short)}</td>'
            for n, a in zip(names, answers, strict=True)
        )
        rows.append(f"<tr>{label}{cells}</tr>")
    return [
        '<table class="grid">',
        "<caption>The questions people ask, answered for each option</caption>",
        f"<thead><tr><td></td>{head}</tr></thead>",
        f"<tbody>{''.join(rows)}</tbody>",
        "</table>",
    ]


def start_page(site: Site) -> str:
    kb, s = site.kb, site.summary
    condition = kb.meta.condition
    body = [f"<h1>{h(one_line(kb.meta.title))}</h1>"]
    body.append(
        f"<p><strong>{h(one_line(condition.name))}:</strong> "
        f"{h(one_line(condition.definition))}</p>"
    )
    body += _warning_and_notice(site)
    body.append(f'<p class="muted">{h(export._compared_line(s))}</p>')
    body.append(f"<h2>{h(export.OPTIONS_HEADING)}</h2>")
    if kb.questions:
        body += option_grid(site)
    body.append('<div class="cols">')
    body.append('<section aria-labelledby="by-aspect"><h2 id="by-aspect">Compare by aspect</h2>')
    body.append('<ul class="links">')
    body += [f'<li><a href="{aspect_file(a.id)}">{h(a.label)}</a></li>' for a in ALL]
    body.append("</ul></section>")
    body.append('<section aria-labelledby="by-option"><h2 id="by-option">Each option in full</h2>')
    body.append('<ul class="links">')
    body += [
        f'<li><a href="{option_file(o)}">{h(site.index.options[o].name)}</a></li>'
        for o in site.option_ids
    ]
    body.append("</ul></section>")
    body.append('<section aria-labelledby="more"><h2 id="more">More</h2><ul class="links">')
    body.append(f'<li><a href="{WORKSHEET}">{h(WORKSHEET_TITLE)}: a worksheet to print</a></li>')
    body.append(f'<li><a href="{CLAIMS}">Checked claims</a></li>')
    body.append(f'<li><a href="{SOURCES}">Sources in full</a></li>')
    body.append("</ul></section></div>")
    body.append(f'<p class="muted">{h(export._funding_line(s))}</p>')
    return page(site, START, "Start", body)


# ----------------------------------------------------------------------------- aspect pages


def _plot_section(site: Site, outcome: str, place: int) -> list[str]:
    found = plots.plot(site.index, site.option_ids, outcome, None)
    if found is None:
        return []
    plot_id = f"plot-{place}"
    out = [f'<h2 id="{plot_id}">Forest plot: {h(found.words)}</h2>']
    out.append(f'<figure aria-labelledby="{plot_id}">{forest_svg(found, plot_id)}')
    out.append(f"<figcaption>{h(found.measure)}: {h(found.units)}.</figcaption></figure>")
    out.append('<ul class="legend">')
    out += [f"<li>{h(item)}</li>" for item in forest_legend(found)]
    out.append("</ul>")
    rows = []
    for row in found.rows:
        ci = ""
        if row.ci_low is not None and row.ci_high is not None:
            ci = f"{number(row.ci_low)} to {number(row.ci_high)}"
        record = f"{option_file(_column_of(site, row.target))}#{anchor(row.target)}"
        rows.append(
            f'<tr><th scope="row">{h(row.label)}</th><td>{h(row.keep)}</td>'
            f'<td class="num">{h(number(row.estimate))}</td><td class="num">{h(ci)}</td>'
            f"<td>{h(CERTAINTY_WORDS[row.certainty])}</td>"
            f'<td>{h(row.source)} <a href="{h(record)}">record'
            f'<span class="vh"> of {h(row.label)} {h(row.keep)}</span></a></td></tr>'
        )
    # A region of its own that scrolls sideways on a phone (and takes focus, so the keyboard
    # can scroll it), rather than the whole page.
    out += [
        f'<div class="scroll" role="region" aria-labelledby="{plot_id}-c" tabindex="0">',
        "<table>",
        f'<caption id="{plot_id}-c">The numbers in the plot: {h(found.words)} '
        f"({h(found.measure)}, {h(found.units)})</caption>",
        '<thead><tr><th scope="col">Option</th><th scope="col">Compared with</th>'
        '<th scope="col">Estimate</th><th scope="col">95% CI</th>'
        '<th scope="col">Certainty</th><th scope="col">Source</th></tr></thead>',
        f"<tbody>{''.join(rows)}</tbody></table></div>",
    ]
    if found.elsewhere:
        out.append(f"<h3>On other measures (not on this axis): {len(found.elsewhere)}</h3>")
        out.append("<ul>" + "".join(f"<li>{h(x)}</li>" for x in found.elsewhere) + "</ul>")
    return out


def _column_of(site: Site, target: Target) -> str:
    """The compared option whose page holds a record (a part's records are on its parent's)."""
    if target.option_id in site.option_ids:
        return target.option_id
    for option_id in site.option_ids:
        if any(m.id == target.option_id for m in site.index.family(option_id)):
            return option_id
    return site.option_ids[0]


def _disagreements(site: Site) -> list[str]:
    """``backtui show``'s "Where guidelines disagree", first on the Guidelines page."""
    found = fairness.disagreements(site.index, site.option_ids)
    if not found:
        return []
    out = ["<h2>Where guidelines disagree</h2>", "<ul>"]
    for item in found:
        stances = "; ".join(
            f"{one_line(g.body)} ({g.year}): {STANCE_WORDS[p.stance]}" for g, p in item.positions
        )
        out.append(
            f'<li class="disagree"><strong>⚠ {h(one_line(item.member.name))}:</strong> '
            f"{h(stances)}.</li>"
        )
    out.append("</ul>")
    return out


def aspect_page(site: Site, aspect: str) -> str:
    label = BY_ID[aspect].label
    body = [f"<h1>{h(label)}</h1>"]
    level = 2
    if aspect == "benefits":
        sections = [
            line
            for n, outcome in enumerate(plots.outcomes(site.index, site.option_ids))
            for line in _plot_section(site, outcome, n + 1)
        ]
        if sections:
            body += sections
            body.append("<h2>Every finding, option by option</h2>")
            level = 3
    if aspect == "guidelines":
        found = _disagreements(site)
        if found:
            body += found
            body.append("<h2>Every position, option by option</h2>")
            level = 3
    if aspect == "sources" and site.kb.claims:
        count = len(site.kb.claims)
        body.append(
            f'<p><a href="{CLAIMS}">Checked claims</a>: {count} popular claims about these '
            "treatments, with verdicts.</p>"
        )
    body += columns(site, aspect, level)
    return page(site, aspect_file(aspect), label, body)


# ----------------------------------------------------------------------------- option pages


def _record_body(site: Site, blocks: tuple[Block, ...]) -> str:
    """A full record whose source is named, at its primary address, with a link to its
    entry on the sources page for where each figure was read (a record repeats its source's
    list of addresses otherwise, and usual care's page grew past 300 KB)."""
    known = site.source_ids
    out: list[str] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.role == "heading" and block.text == "Source":
            found = next(
                (
                    (blocks[i + 1 : i + 1 + k], known[blocks[i + 1 : i + 1 + k]])
                    for k in (4, 3)
                    if blocks[i + 1 : i + 1 + k] in known
                ),
                None,
            )
            if found is not None:
                shown, source_id = found
                i += 1 + len(shown)
                facts = []
                while i < len(blocks) and blocks[i].role not in ("gap", "heading"):
                    if blocks[i].label == "Address":
                        facts.append(blocks[i])
                    i += 1
                link = (
                    f'<p><a href="{SOURCES}#source-{h(source_id)}">Where each figure was read'
                    f'<span class="vh">: {h(shown[0].text)}</span></a></p>'
                )
                out.append(blocks_html((block, *shown, *facts), 4) + link)
                continue
        out.append(blocks_html((block,), 4))
        i += 1
    return "".join(out)


def option_page(site: Site, option_id: str) -> str:
    index = site.index
    option = index.options[option_id]
    body = [f"<h1>{h(option.name)}</h1>"]
    body.append(
        "<p>Every record for this option: numbers with their 95% confidence interval, how "
        "many studies and people, the certainty of the evidence and why it was downgraded, "
        "the comparator and the source.</p>"
    )
    contents = "".join(f'<li><a href="#aspect-{a.id}">{h(a.label)}</a></li>' for a in ALL)
    body.append(f'<nav aria-label="On this page"><ul>{contents}</ul></nav>')
    seen: set[str] = set()
    for aspect in ALL:
        body.append(f'<h2 id="aspect-{aspect.id}">{h(aspect.label)}</h2>')
        for view in _items(site, option_id, aspect.id):
            target = view.target
            if target is None or target.kind == "claims":
                body.append(blocks_html(view.blocks, 3))
                continue
            if target.kind == "source":
                link = _record_link(site, option_id, target, _item_title(view))
                body.append(f'<div class="record">{blocks_html(view.blocks, 3)}{link}</div>')
                continue
            key = anchor(target)
            shown = model.record(index, target)
            if key in seen or shown is None:  # "guidelines disagree" opens a position shown
                body.append(blocks_html(view.blocks, 3))
                continue
            seen.add(key)
            body.append(
                f'<article class="record" id="{h(key)}" aria-labelledby="{h(key)}-h">'
                f'<h3 id="{h(key)}-h">{h(shown.title)}</h3>{_record_body(site, shown.blocks)}'
                "</article>"
            )
    return page(site, option_file(option_id), one_line(option.name), body)


# ----------------------------------------------------------------------------- claims, sources


def claims_page(site: Site) -> str:
    body = ["<h1>Checked claims</h1>"]
    if not site.kb.claims:
        body.append('<p class="muted"><em>No checked claims in this knowledge base</em></p>')
    for n, claim in enumerate(site.kb.claims):
        shown = model.claim_record(site.index, claim)
        rest = tuple(b for b in shown.blocks if b.role != "lead")
        body.append(
            f'<article class="record" id="claim-{h(claim.id)}" aria-labelledby="claim-{n}">'
            f'<h2 id="claim-{n}">Claim: {h(one_line(claim.claim))}</h2>{blocks_html(rest, 3)}'
            "</article>"
        )
    return page(site, CLAIMS, "Checked claims", body)


def sources_page(site: Site) -> str:
    body = [
        "<h1>Sources in full</h1>",
        "<p>Each source at its primary address (the DOI link, else its PubMed page, else the "
        "issuing body's page), then where its figures were read.</p>",
    ]
    for source in site.kb.sources:
        shown = model.source_record(site.index, source)
        body.append(
            f'<article class="record" id="source-{h(source.id)}" '
            f'aria-labelledby="source-{h(source.id)}-h">'
            f'<h2 id="source-{h(source.id)}-h">{h(shown.title)}</h2>{blocks_html(shown.blocks, 3)}'
            "</article>"
        )
    return page(site, SOURCES, "Sources in full", body)


# ----------------------------------------------------------------------------- the worksheet


def _radio_group(name: str, legend: str, choices: list[tuple[str, str]], extra: str = "") -> str:
    inputs = "".join(
        f'<label><input type="radio" name="{h(name)}" value="{h(value)}"> {h(words)}</label>'
        for value, words in choices
    )
    return (
        f"<fieldset><legend>{h(legend)}</legend>{extra}"
        f'<div class="choices">{inputs}</div></fieldset>'
    )


def _textarea(area_id: str, label: str) -> str:
    return (
        f'<label class="block" for="{area_id}">{h(label)}</label>'
        f'<textarea id="{area_id}" name="{area_id}" rows="3"></textarea>'
        f'<div class="print-copy" id="{area_id}-print" aria-hidden="true"></div>'
    )


def worksheet_page(site: Site) -> str:
    kb, index, s = site.kb, site.index, site.summary
    body = [f"<h1>{h(WORKSHEET_TITLE)}</h1>"]
    body += _warning_and_notice(site)
    body.append(
        '<p class="no-print">Fill this in before your appointment and print it. With '
        "JavaScript on, your answers are kept in this browser only (its local storage) and "
        "are never sent anywhere; without it, print the page before you leave it.</p>"
    )
    body.append('<div class="tools" id="ws-tools" hidden>')
    body.append('<button type="button" id="ws-print">Print my answers</button>')
    body.append('<button type="button" class="secondary" id="ws-clear">Clear my answers</button>')
    body.append('<p id="ws-status" role="status"></p></div>')
    body.append(f'<div id="worksheet" data-kb="{h(kb.meta.id)}">')

    body.append("<h2>How much each of these matters to me</h2>")
    body.append(f"<p>{h(export._scale_words())}.</p>")
    scale = [(str(n), f"{n}: {words}") for n, words in enumerate(RATING_WORDS)]
    for factor in kb.factors:
        facts = []
        for option_id in site.option_ids:
            option = index.options[option_id]
            fact = next((f for f in option.facts if f.factor == factor.id), None)
            if fact is not None:
                facts.append(
                    f"<li><strong>{h(option.name)}:</strong> {h(one_line(fact.text))}</li>"
                )
        extra = f'<ul class="muted">{"".join(facts)}</ul>' if facts else ""
        body.append(_radio_group(f"rate-{factor.id}", one_line(factor.label), scale, extra))

    body.append(f"<h2>{h(export.SHORTLIST_HEADING)}</h2>")
    body.append(f"<fieldset><legend>{h(export.SHORTLIST_HEADING)}</legend>")
    for option_id in site.option_ids:
        name = index.options[option_id].name
        body.append(
            f'<label class="check"><input type="checkbox" name="short-{option_id}"> '
            f"{h(name)}</label><br>"
        )
    body.append("</fieldset>")

    body.append("<h2>My notes</h2>")
    for option_id in site.option_ids:
        body.append(
            _textarea(f"note-{option_id}", f"My notes on {one_line(index.options[option_id].name)}")
        )

    body.append(f"<h2>{h(export.QUESTIONS_HEADING)}</h2>")
    body.append(f"<fieldset><legend>{h(export.QUESTIONS_HEADING)}</legend>")
    for prompt in kb.prompts:
        body.append(
            f'<label class="check"><input type="checkbox" name="ask-{prompt.id}"> '
            f"{h(one_line(prompt.text))}</label><br>"
        )
    body.append("</fieldset>")
    body.append(_textarea("own-questions", "My own questions"))

    body.append("<h2>SURE check</h2>")
    for key, text in SURE_ITEMS:
        body.append(_radio_group(f"sure-{key}", text, [("yes", "Yes"), ("no", "No")]))
    body.append("</div>")

    body.append('<section class="print-only print-break" aria-labelledby="ws-options">')
    body.append(f'<h2 id="ws-options">{h(export.OPTIONS_HEADING)}</h2>')
    body += export.html_options(s, widths=False)
    body.append(f"<h2>{h(export.REFERENCES_HEADING)}</h2>")
    body += export.html_references(s)
    body.append("</section>")
    return page(site, WORKSHEET, WORKSHEET_TITLE, body, script=True)


# ----------------------------------------------------------------------------- the whole site


def build_site(kb: KnowledgeBase, option_ids: list[str], *, robots: bool = False) -> dict[str, str]:
    """Every file of the site, by name: the pages, the stylesheet and the script."""
    index = Index(kb)
    site = Site(index, option_ids, build(kb, option_ids, index=index), robots)
    files = {START: start_page(site)}
    for aspect in ALL:
        files[aspect_file(aspect.id)] = aspect_page(site, aspect.id)
    for option_id in option_ids:
        files[option_file(option_id)] = option_page(site, option_id)
    files[CLAIMS] = claims_page(site)
    files[SOURCES] = sources_page(site)
    files[WORKSHEET] = worksheet_page(site)
    files[STYLESHEET] = CSS
    files[SCRIPT] = JS
    return files
