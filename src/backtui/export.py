"""The handout rendered as Markdown, HTML, plain text or JSON, its sources as CSL-JSON or RIS
(``backtui.citations``), and written safely.

Every format keeps one order: the person's page first (the warning signs that need urgent
care, the notice, their ratings, shortlist, notes, questions and SURE answers; with no profile,
a blank worksheet), then the options side by side, then the references in full. The HTML is
for A4 print: the options start on page 2, no table row is split across pages, and the
default three-option comparison with a full profile prints on at most three pages
(``tests/test_handout.py`` prints it in chromium and counts them).

Every string from the knowledge base or the profile is untrusted. It is cleaned of control
characters and bidirectional overrides (in ``backtui.summary``, and again here), then escaped
for the target format:

- Markdown: ``& < >`` become entities; ``\\ ` * _ [ ] | ~`` and block markers at the start of a
  line (``# + - = > 1.``) get a backslash, so text can never become a link, an image, HTML,
  emphasis or a table cell boundary; so do the ``:`` of ``://``, a ``.`` before a letter and
  ``@``, so autolinking (GitHub's, markdown-it's linkify) finds no address or domain in it.
- HTML: ``html.escape(quote=True)`` on every string; the page has no script, no event-handler
  attribute, and a Content-Security-Policy of ``default-src 'none'`` (styles inline only).
  Links are made only for ``https:`` addresses, and only in ``href`` attributes.
- Plain text and JSON: cleaned text; JSON escaping is the encoder's.

``write_export`` never replaces an existing file unless asked (``force``), and writes through a
temporary file in the same folder, ``fsync`` and a rename, so a reader never sees half a file.
Pure Python; never imports Textual.
"""

from __future__ import annotations

import contextlib
import errno
import html
import json
import os
import re
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from backtui import citations, safeio
from backtui.citations import safe_url
from backtui.kb.schema import KnowledgeBase
from backtui.profile.model import SURE_ITEMS, Profile
from backtui.show import table
from backtui.summary import (
    GuidelinePosition,
    GuidelineRef,
    OptionSummary,
    Personal,
    SourceRef,
    Summary,
)
from backtui.wording import (
    RATING_WORDS,
    STANCE_GLYPHS,
    STANCE_SHORT,
    cell_width,
    clean,
    one_line,
    wrap,
)

FORMATS = ("md", "html", "txt", "json", *citations.FORMATS)
SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".txt": "txt"}
SUFFIXES[".json"] = "json"
SUFFIXES[".ris"] = "ris"
# The file name ending each format is saved with (CSL-JSON is JSON: ".csl.json" tells it apart).
EXTENSIONS = {"md": "md", "html": "html", "txt": "txt", "json": "json"}
EXTENSIONS.update({"csl-json": "csl.json", "ris": "ris"})
TEXT_WIDTH = 80
SHOWN_CAUTIONS = 3  # per option; the rest are counted
TEXT_COLUMN = 16  # a printed page may use narrower columns than a screen: 3 options fit in 80
CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
HEADLINE = "Summary to bring to your appointment"
STANCE_LEGEND = (
    "recommends: recommends it; conditional: may be offered; against: recommends against it"
)


class ExportError(Exception):
    """The export could not be written; the message says why, for the person using backtui."""


class ProfileReadError(Exception):
    """The profile given with --profile could not be used (corrupt, or a newer version)."""


def format_for(fmt: str | None, out: str | None) -> str:
    """The format asked for, else the one the output file's suffix names, else Markdown."""
    if fmt:
        return fmt
    if out and out != "-":
        if out.lower().endswith(".csl.json"):
            return "csl-json"
        return SUFFIXES.get(Path(out).suffix.lower(), "md")
    return "md"


# ----------------------------------------------------------------------------- escaping


_MD_INLINE = re.compile(r"([\\`*_\[\]|~#])")
# Block markers at the start of a line: headings (escaped inline), "+ " "- " lists, "=" and
# "-" underlines, "1." "1)" ordered lists. A digit cannot be escaped, so its "." or ")" is.
_MD_LINE_START = re.compile(r"^(\s*)(?:([+=-])|(\d+)([.)]))")


# What autolinking (GitHub's, markdown-it's linkify) would turn into a link: a scheme's "://",
# the dots of a domain (www.x.com, nice.org.uk) and an e-mail's "@". A backslash keeps each
# character as it is shown but splits the text the linkers scan.
_MD_AUTOLINK = re.compile(r"(:)(?=//)|(\.)(?=[^\W\d_])|(@)")


def md(text: str, line_start: bool = True) -> str:
    """Untrusted text for Markdown: literal on GitHub, never markup or a link."""
    text = clean(text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_INLINE.sub(r"\\\1", text)
    text = _MD_AUTOLINK.sub(lambda m: "\\" + m.group(0), text)
    if not line_start:
        return text
    return "\n".join(_MD_LINE_START.sub(_escape_marker, line) for line in text.split("\n"))


def _escape_marker(match: re.Match[str]) -> str:
    if match.group(2):
        return f"{match.group(1)}\\{match.group(2)}"
    return f"{match.group(1)}{match.group(3)}\\{match.group(4)}"


def md_cell(text: str, line_start: bool = True) -> str:
    """Untrusted text on one line, for a table cell, a list item or a link's text.

    ``line_start=False`` (a link's text, the middle of a line) leaves "1." and "-" alone."""
    return md(one_line(text), line_start)


def h(text: str) -> str:
    """Untrusted text for HTML element content or a quoted attribute value."""
    return html.escape(clean(text), quote=True)


def doi_url(doi: str) -> str | None:
    return safe_url("https://doi.org/" + doi)


def pmid_url(pmid: str) -> str | None:
    return safe_url(f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/") if pmid.isdigit() else None


# ----------------------------------------------------------------------------- shared words


@dataclass(frozen=True)
class Piece:
    """One entry in a key-figures cell. Renderers escape the text and add their own markup:
    ``head`` bold, ``when`` (the time point) small, ``strong`` (the certainty) emphasised,
    ``muted`` entries de-emphasised."""

    head: str = ""
    text: str = ""
    strong: str = ""
    symbols: str = ""  # GRADE symbols for ``strong``, shown in HTML only
    cite: str = ""
    muted: bool = False
    when: str = ""


def _cite(numbers: list[int]) -> str:
    return "".join(f" [{n}]" for n in dict.fromkeys(numbers))


def _long_body(ref: GuidelineRef) -> str:
    """The body's name without the bracketed abbreviation already shown as its short name."""
    if ref.short == ref.body:
        return ref.body
    return re.sub(r"\s*\(" + re.escape(ref.short) + r"\)\s*$", "", ref.body) or ref.body


def benefit_pieces(o: OptionSummary, compact: bool = False) -> list[Piece]:
    """Each key finding as the view model gives it: its title (outcome and comparator), the
    time point, the first sentence of its statement and its figure, then its certainty.

    ``compact`` (the printed page, where the Option Grid's "How much will it help?" row
    above says it in words): after the headline, which keeps its statement, each finding
    gives its figure and whether it reaches the difference patients notice, or its
    statement when it has no figure."""
    pieces = []
    for n, b in enumerate(o.benefits):
        if compact and n > 0 and b.numbers_short:
            text = b.numbers_short + (f"; {b.noticeable}." if b.noticeable else ".")
        else:
            text = b.plain_short + (f" {b.numbers_short}." if b.numbers_short else "")
        pieces.append(
            Piece(
                b.title,
                text,
                b.certainty_words.capitalize(),
                b.certainty_symbols,
                _cite([b.cite]),
                when=b.timepoint,
            )
        )
    if o.benefits_not_shown:
        pieces.append(Piece(text=f"{o.benefits_not_shown} more findings in backtui", muted=True))
    if not o.benefits:
        pieces.append(Piece(text="No evidence in this knowledge base", muted=True))
    return pieces


def harm_pieces(o: OptionSummary) -> list[Piece]:
    pieces = []
    for x in o.harms:
        head = (f"{x.part}: " if x.part else "") + x.label
        kind = "serious" if x.kind == "serious" else f"{x.severity} side effect".strip()
        pieces.append(
            Piece(head, f"{kind}; {x.rate or 'how often not reported'}", cite=_cite([x.cite]))
        )
    if o.cautions:
        shown = o.cautions[:SHOWN_CAUTIONS]
        more = len(o.cautions) - len(shown)
        text = "; ".join(shown) + (f"; {more} more in backtui" if more else "")
        pieces.append(Piece("Cautions", text))
    if o.harms_not_shown:
        pieces.append(Piece(text=f"{o.harms_not_shown} more harms in backtui", muted=True))
    if not o.harms and not o.cautions:
        pieces.append(Piece(text="No harms recorded in this knowledge base", muted=True))
    return pieces


def guideline_pieces(o: OptionSummary, glyphs: bool, compact: bool = False) -> list[Piece]:
    """One entry per option or part that a guideline takes a stance on ('no statement' left
    out): 'ACP: recommends; NICE: against; WHO: conditional', marked where they disagree.
    ``compact`` (the printed page, whose legend explains the marks): 'ACP ✔ · NICE ✘'."""
    members: dict[str, list[GuidelinePosition]] = {}
    for p in o.guidelines:
        if p.stance != "no-statement":
            members.setdefault(p.part, []).append(p)
    pieces = []
    for part, positions in members.items():
        if compact:
            stances = " · ".join(f"{p.body_short} {STANCE_GLYPHS[p.stance]}" for p in positions)
        else:
            stances = "; ".join(
                f"{p.body_short}: "
                + (f"{STANCE_GLYPHS[p.stance]} " if glyphs else "")
                + STANCE_SHORT[p.stance]
                for p in positions
            )
        disagree = part in o.guidelines_disagree_on
        pieces.append(Piece(part, stances, "guidelines disagree" if disagree else ""))
    if not pieces:
        pieces.append(Piece(text="No guideline position", muted=True))
    return pieces


def _key_rows(
    s: Summary, glyphs: bool, compact: bool = False
) -> list[tuple[str, list[list[Piece]]]]:
    rows = [
        (
            "Key benefits (certainty of the evidence)",
            [benefit_pieces(o, compact) for o in s.options],
        )
    ]
    rows.append(("Key harms (how often)", [harm_pieces(o) for o in s.options]))
    rows.append(("Guidelines", [guideline_pieces(o, glyphs, compact) for o in s.options]))
    return rows


def _meta_line(s: Summary) -> str:
    return (
        f"{HEADLINE}. Made {s.created}. Knowledge base version {s.kb_version}, reviewed "
        f"{s.reviewed} (next review due {s.next_review})."
    )


GLYPH_LEGEND = (
    f"{STANCE_GLYPHS['recommend']} recommends it; {STANCE_GLYPHS['conditional']} conditional: "
    f"may be offered; {STANCE_GLYPHS['against']} recommends against it"
)


def _guidelines_line(s: Summary, glyphs: bool = False) -> str:
    return (
        "Guidelines: "
        + "; ".join(
            (f"{g.short} = " if g.short != g.body else "")
            + f"{_long_body(g)}, {g.year}, {g.region}{_cite([g.cite])}"
            for g in s.guidelines
        )
        + f". Stances: {GLYPH_LEGEND if glyphs else STANCE_LEGEND}."
    )


Cell = tuple[str, str]  # untrusted text, then its citation marks (" [1] [3]") or ""


def _rows(s: Summary) -> list[tuple[str, list[Cell]]]:
    """The Option Grid rows every format shares: what each option is, then the knowledge
    base's questions. Each row: its label, then one cell per option."""
    rows: list[tuple[str, list[Cell]]] = [("What it is", [(_what_it_is(o), "") for o in s.options])]
    for q, question in enumerate(s.questions):
        rows.append((question, [(o.answers[q].text, _cite(o.answers[q].cites)) for o in s.options]))
    return rows


def _what_it_is(option: OptionSummary) -> str:
    text = option.summary_short
    if option.part_of:
        text += f" (Part of {option.part_of}.)"
    return text


# ----------------------------------------------------------------------------- the person's page

PERSON_HEADING = "For my appointment: what matters to me and what I want to ask"
WORKSHEET_HEADING = "For my appointment: fill this in before you go"
OPTIONS_HEADING = "The options side by side"
REFERENCES_HEADING = "References"
WARNING_LABEL = "Warning signs."
SHORTLIST_HEADING = "Options I am leaning towards"
QUESTIONS_HEADING = "Questions I want to ask"
WRITE_LINES = 3  # blank lines for the person's own questions and notes on the worksheet


def _scale_words() -> str:
    """'0 = does not matter, 1 = matters a little, ..., 4 = matters a lot' (wording.py's)."""
    return ", ".join(f"{n} = {words}" for n, words in enumerate(RATING_WORDS))


def _sure_lines(s: Summary) -> list[tuple[str, str]]:
    """(label, answer) per SURE item; the label is the question's name ("Sure of myself"),
    the part before its colon. The JSON keeps the whole question."""
    if s.personal is None:
        return []
    return [(a.question.split(":")[0], a.answer) for a in s.personal.sure]


def _sure_no_line(me: Personal) -> str:
    if not me.sure_no:
        return ""
    return "Answered “no”: " + ", ".join(me.sure_no) + "."


def _sure_questions() -> list[tuple[str, str]]:
    """(name, question) of each SURE item, for the blank worksheet."""
    return [(text.split(":")[0], text.split(":", 1)[1].strip()) for _, text in SURE_ITEMS]


def _compared_line(s: Summary) -> str:
    return "Compared in this summary: " + ", ".join(o.name for o in s.options) + "."


def _notice(s: Summary) -> str:
    """The knowledge base's own disclaimer (its warning signs are shown apart), else the
    notice that this informs a conversation and is not medical advice."""
    return s.disclaimer_rest or s.notice


def _funding_line(s: Summary) -> str:
    return f"Funding: {s.funding} Conflicts of interest: {s.conflicts_of_interest}"


def _warning_text(s: Summary) -> str:
    """The knowledge base's own warning-sign sentences; else its 'urgent-signs' question."""
    if s.warning_signs:
        return " ".join(s.warning_signs)
    if s.urgent_prompt:
        return f"Ask your clinician: {s.urgent_prompt}"
    return ""


# ----------------------------------------------------------------------------- references


def _source_text(ref: SourceRef) -> str:
    """'Mu J, Furlan AD, Lam WY, et al. (2020). Title. Journal.' in full: never shortened."""
    journal = f" {ref.journal}." if ref.journal else ""
    if ref.authors_short:
        return f"{ref.authors_short} ({ref.year}). {ref.title}.{journal}"
    return f"{ref.title} ({ref.year}).{journal}"


def _show_url(ref: SourceRef) -> bool:
    """A source's address is shown only when nothing else identifies it."""
    return bool(ref.url) and not ref.doi and not ref.pmid and not ref.other_ids


# ----------------------------------------------------------------------------- Markdown


def _md_piece(piece: Piece) -> str:
    parts = []
    if piece.head:
        parts.append(f"**{md_cell(piece.head)}**" + (":" if piece.text else ""))
    if piece.when:
        parts.append(f"_({md_cell(piece.when, False)})_")
    if piece.text:
        text = md_cell(piece.text)
        parts.append(f"_{text}_" if piece.muted else text)
    if piece.strong:
        parts.append(f"**{md_cell(piece.strong)}**")
    return " ".join(parts) + piece.cite


def _md_person(s: Summary, me: Personal) -> list[str]:
    out = [f"## {md(PERSON_HEADING)}", ""]
    if me.other_kb:
        other = md_cell(me.other_kb)
        out += [f"_This profile was made with another knowledge base ({other})._", ""]
    out += ["### What matters to me", "", md(_scale_words()), ""]
    if me.ratings:
        out.append(
            "| What matters | How much (0–4) | "
            + " | ".join(md_cell(o.name) for o in s.options)
            + " |"
        )
        out.append("|---" * (len(s.options) + 2) + "|")
        for r in me.ratings:
            mark = "**" if r.value >= 3 else ""
            out.append(
                f"| {mark}{md_cell(r.label)}{mark} | {r.value}: {md_cell(r.words)} | "
                + " | ".join(md_cell(f) or "–" for f in r.facts)
                + " |"
            )
    else:
        out.append("No ratings yet.")
    out += ["", f"### {SHORTLIST_HEADING}", ""]
    out.append(", ".join(md_cell(x) for x in me.shortlist) if me.shortlist else "None marked yet.")
    out += ["", md(_compared_line(s))]
    if me.notes:
        out += ["", "### My notes"]
        for note in me.notes:
            out += ["", f"**{md_cell(note.option)}**", ""]
            out += [
                f"> {md(line.strip())}" if line.strip() else ">" for line in note.text.split("\n")
            ]
    out += ["", f"### {QUESTIONS_HEADING}", ""]
    questions = [f"- [x] {md_cell(q)}" for q in me.ticked_prompts]
    questions += [
        f"- [{'x' if q.ticked else ' '}] {md_cell(q.text)} _(my own question)_"
        for q in me.own_questions
    ]
    out += questions or ["None chosen yet."]
    out += ["", "### SURE check", "", "| Question | Answer |", "|---|---|"]
    out += [f"| {md_cell(q)} | {md_cell(a)} |" for q, a in _sure_lines(s)]
    out.append("")
    if me.sure_no:
        out += [f"**{md(_sure_no_line(me))}**", ""]
    out += [f"**Result:** {md(me.sure_result_words)}", ""]
    if me.updated:
        out += [f"_Profile last saved {md_cell(me.updated)}._", ""]
    return out


_MD_LINE = "- [ ] " + "." * 60


def _md_worksheet(s: Summary) -> list[str]:
    out = [f"## {md(WORKSHEET_HEADING)}", "", "### What matters to me", "", md(_scale_words()), ""]
    if s.factors:
        out += ["| What matters | How much (tick one) |", "|---|---|"]
        boxes = " ".join(f"☐ {n}" for n in range(len(RATING_WORDS)))
        out += [f"| {md_cell(label)} | {boxes} |" for label in s.factors]
    else:
        out += [_MD_LINE] * WRITE_LINES
    out += ["", f"### {SHORTLIST_HEADING}", ""]
    out += [f"- [ ] {md_cell(o.name)}" for o in s.options]
    out += ["", f"### {QUESTIONS_HEADING}", ""]
    out += [f"- [ ] {md_cell(p)}" for p in s.prompts]
    out += [_MD_LINE] * WRITE_LINES
    out += ["", "### SURE check", "", "| Question | Yes | No |", "|---|---|---|"]
    out += [f"| **{md_cell(name)}:** {md_cell(q)} | ☐ | ☐ |" for name, q in _sure_questions()]
    out += ["", "### My notes", "", *[_MD_LINE] * WRITE_LINES, ""]
    return out


def to_markdown(s: Summary) -> str:
    out: list[str] = [f"# {md(s.title)}", "", md(_meta_line(s)), ""]
    warning = _warning_text(s)
    if warning:
        out += [f"> ⚠ **{md(WARNING_LABEL)}** {md(warning)}", ">"]
    out += [f"> **{md(_notice(s))}**", "", md(_funding_line(s)), ""]
    out += _md_person(s, s.personal) if s.personal is not None else _md_worksheet(s)

    names = [md_cell(o.name) + (" ★ (shortlisted)" if o.shortlisted else "") for o in s.options]
    out += [f"## {OPTIONS_HEADING}", ""]
    out.append("| | " + " | ".join(names) + " |")
    out.append("|---" * (len(names) + 1) + "|")
    for label, cells in _rows(s):
        out.append(
            f"| **{md_cell(label)}** | "
            + " | ".join((md_cell(text) or "–") + cite for text, cite in cells)
            + " |"
        )
    for label, pieces in _key_rows(s, glyphs=True):
        out.append(
            f"| **{md_cell(label)}** | "
            + " | ".join("<br>".join(f"• {_md_piece(p)}" for p in cell) for cell in pieces)
            + " |"
        )
    out.append("")
    if s.guidelines:
        out += [md(_guidelines_line(s)), ""]

    out += [f"## {REFERENCES_HEADING}", ""]
    for ref in s.sources:
        ident = []
        if ref.doi:
            link = doi_url(ref.doi)
            text = md_cell(ref.doi, False)
            ident.append(f"DOI [{text}]({link})" if link else f"DOI {text}")
        if ref.pmid:
            link = pmid_url(ref.pmid)
            text = md_cell(ref.pmid, False)
            ident.append(f"PMID [{text}]({link})" if link else f"PMID {text}")
        ident += [md_cell(x, False) for x in ref.other_ids]
        if _show_url(ref) and ref.url:
            link = safe_url(ref.url)
            if link:
                ident.append(f"[{md_cell(ref.url, False)}]({link})")
        entry = md_cell(_source_text(ref))
        out.append(f"{ref.number}. {entry}" + (" " + " · ".join(ident) if ident else ""))
    if not s.sources:
        out.append("No sources cited.")
    out.append("")
    return "\n".join(out)


# ----------------------------------------------------------------------------- HTML

# Page 1 is the person's; the options start page 2; no table row is split across pages.
_CSS = """
@page { size: A4; margin: 8mm 9mm 9mm; }
* { box-sizing: border-box; }
html { color: #111; background: #fff; }
body {
  font: 9pt/1.3 "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif;
  max-width: 200mm; margin: 0 auto; padding: 6mm;
}
h1 { font-size: 14pt; margin: 0 0 2pt; }
h2 { font-size: 11pt; margin: 5pt 0 2pt; padding-bottom: 1pt; border-bottom: 1.5px solid #444;
  break-after: avoid; page-break-after: avoid; }
h3 { font-size: 9.5pt; margin: 7pt 0 2pt; break-after: avoid; page-break-after: avoid; }
p { margin: 2pt 0; }
.meta { color: #333; font-size: 8pt; }
.urgent { border: 2px solid #111; padding: 3pt 6pt; margin: 5pt 0 3pt; font-size: 10pt; }
.notice { border-left: 3px solid #333; padding: 1pt 6pt; margin: 4pt 0; font-weight: 600; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 2pt 0; }
th, td { border: 0.75px solid #999; padding: 1pt 2.5pt; vertical-align: top; text-align: left;
  font-size: 7pt; line-height: 1.13; overflow-wrap: break-word; }
tr.key td, tr.key th { border-top-color: #ddd; }
tr.key.first td, tr.key.first th { border-top-color: #999; }
.cont { color: #777; font-weight: 400; font-size: 6.5pt; }
thead { display: table-header-group; }
thead th { background: #e9e9e9; font-size: 8.5pt; }
tbody th { background: #f4f4f4; font-weight: 600; }
tr { break-inside: avoid; page-break-inside: avoid; }
.me th, .me td { font-size: 9pt; padding: 2.5pt 4pt; }
.me .scale { font-size: 8pt; color: #333; }
.me li { margin-bottom: 2pt; }
.dots { letter-spacing: 1px; white-space: nowrap; }
.me td.box { font-size: 11pt; text-align: center; white-space: nowrap; vertical-align: middle; }
.rate thead th { font-size: 7.5pt; text-align: center; }
.rate thead th:first-child { text-align: left; width: 30%; }
.sure th { width: 24%; }
.sure td.box { width: 11%; }
.me { font-size: 9.5pt; }
.write { border-bottom: 0.75px solid #777; height: 16pt; }
.options { break-before: page; page-break-before: always; }
ul { margin: 0; padding-left: 8pt; }
li { margin: 0 0 1pt; }
ul.plain { list-style: none; padding-left: 0; }
.cert { font-weight: 700; }
.sym { white-space: nowrap; }
.when { color: #333; font-size: 6.8pt; }
.cite { color: #444; font-size: 6.8pt; }
.muted { color: #444; font-style: italic; }
.small { font-size: 7.6pt; }
.note { white-space: pre-wrap; border-left: 2px solid #999; padding-left: 5pt; margin: 2pt 0; }
.sources { font-size: 6.3pt; line-height: 1.1; padding-left: 16pt; columns: 3; column-gap: 12pt;
  overflow-wrap: anywhere; }
.sources li { margin: 0 0 1.5pt; break-inside: avoid; page-break-inside: avoid; }
.two { display: flex; gap: 12pt; }
.two > section { flex: 1; min-width: 0; }
a { color: #003a8c; }
@media print {
  body { padding: 0; max-width: none; }
  a { color: inherit; text-decoration: none; }
  thead th, tbody th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
""".strip()


def _ul(items: list[str], empty: str, plain: bool = False) -> str:
    if not items:
        return f'<span class="muted">{h(empty)}</span>'
    opening = '<ul class="plain">' if plain else "<ul>"
    return opening + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _link(url: str | None, text: str) -> str:
    """``text`` (already escaped) as a link when ``url`` is a safe https: address."""
    if url is None:
        return text
    return f'<a href="{h(url)}" rel="noopener noreferrer">{text}</a>'


def _html_cite(cites: str) -> str:
    return f'<span class="cite">{h(cites)}</span>' if cites else ""


def _html_piece(piece: Piece, compact: bool = True) -> str:
    """A key-figures entry; ``compact`` leaves out the time point (the handout's page 2 has
    room for the finding, its figure and certainty; the time point is in the app)."""
    parts = []
    if piece.head:
        parts.append(f"<strong>{h(piece.head)}</strong>" + (":" if piece.text else ""))
    if piece.when and not compact:
        parts.append(f'<span class="when">({h(piece.when)})</span>')
    if piece.text:
        parts.append(
            f'<span class="muted">{h(piece.text)}</span>' if piece.muted else h(piece.text)
        )
    if piece.strong:
        symbols = f'<span class="sym">{h(piece.symbols)}</span> ' if piece.symbols else ""
        parts.append(f'<span class="cert">{symbols}{h(piece.strong)}</span>')
    return " ".join(parts) + _html_cite(piece.cite)


def _dots(value: int) -> str:
    top = len(RATING_WORDS) - 1
    value = max(0, min(value, top))
    return f'<span class="dots" aria-hidden="true">{"●" * value}{"○" * (top - value)}</span>'


def _html_person(s: Summary, me: Personal) -> list[str]:
    parts = [f"<h2>{h(PERSON_HEADING)}</h2>"]
    if me.other_kb:
        parts.append(
            '<p class="muted">This profile was made with another knowledge base '
            f"({h(me.other_kb)}).</p>"
        )
    parts.append("<h3>What matters to me</h3>")
    if me.ratings:
        rows = "".join(
            f'<tr><th scope="row">{"<strong>" if r.value >= 3 else ""}{h(r.label)}'
            f"{'</strong>' if r.value >= 3 else ''}</th>"
            f"<td>{_dots(r.value)} {r.value}: {h(r.words)}</td>"
            + "".join(f"<td>{h(f) if f else '–'}</td>" for f in r.facts)
            + "</tr>"
            for r in me.ratings
        )
        heads = "".join(f'<th scope="col">{h(o.name)}</th>' for o in s.options)
        parts.append(
            '<table><thead><tr><th scope="col">What matters</th>'
            f'<th scope="col">How much (0–4)</th>{heads}</tr></thead>'
            f"<tbody>{rows}</tbody></table>"
        )
        parts.append(f'<p class="scale">{h(_scale_words())}.</p>')
    else:
        parts.append('<p class="muted">No ratings yet.</p>')
    parts.append('<div class="two"><section>')
    parts.append(f"<h3>{h(SHORTLIST_HEADING)}</h3>")
    parts.append(
        f"<p><strong>{h(', '.join(me.shortlist))}</strong></p>"
        if me.shortlist
        else '<p class="muted">None marked yet.</p>'
    )
    parts.append(f'<p class="small">{h(_compared_line(s))}</p>')
    if me.notes:
        parts.append("<h3>My notes</h3>")
        for note in me.notes:
            parts.append(f"<p><strong>{h(note.option)}</strong></p>")
            parts.append(f'<p class="note">{h(note.text)}</p>')
    parts.append("</section><section>")
    parts.append(f"<h3>{h(QUESTIONS_HEADING)}</h3>")
    items = [f"☑ {h(q)}" for q in me.ticked_prompts]
    items += [
        f'{"☑" if q.ticked else "☐"} {h(q.text)} <span class="muted">(my own)</span>'
        for q in me.own_questions
    ]
    parts.append(_ul(items, "None chosen yet.", plain=True))
    parts.append("<h3>SURE check</h3>")
    parts.append(
        _ul([f"{h(q)}: <strong>{h(a)}</strong>" for q, a in _sure_lines(s)], "", plain=True)
    )
    if me.sure_no:
        parts.append(f"<p><strong>{h(_sure_no_line(me))}</strong></p>")
    parts.append(f"<p><strong>Result:</strong> {h(me.sure_result_words)}</p>")
    parts.append("</section></div>")
    if me.updated:
        parts.append(f'<p class="meta">Profile last saved {h(me.updated)}.</p>')
    return parts


def _html_worksheet(s: Summary) -> list[str]:
    write = '<div class="write"></div>'
    parts = [f"<h2>{h(WORKSHEET_HEADING)}</h2>", "<h3>What matters to me</h3>"]
    parts.append('<p class="scale">Tick one box on each line.</p>')
    if s.factors:
        heads = "".join(
            f'<th scope="col">{n}: {h(words)}</th>' for n, words in enumerate(RATING_WORDS)
        )
        boxes = '<td class="box">☐</td>' * len(RATING_WORDS)
        rows = "".join(f'<tr><th scope="row">{h(label)}</th>{boxes}</tr>' for label in s.factors)
        parts.append(
            f'<table class="rate"><thead><tr><th scope="col">What matters</th>{heads}</tr></thead>'
            f"<tbody>{rows}</tbody></table>"
        )
    else:
        parts += [write] * WRITE_LINES
    parts.append('<div class="two"><section>')
    parts.append(f"<h3>{h(SHORTLIST_HEADING)}</h3>")
    parts.append(_ul([f"☐ {h(o.name)}" for o in s.options], "", plain=True))
    parts.append("<h3>My notes</h3>")
    parts += [write] * WRITE_LINES
    parts.append("</section><section>")
    parts.append(f"<h3>{h(QUESTIONS_HEADING)}</h3>")
    parts.append(_ul([f"☐ {h(p)}" for p in s.prompts], "", plain=True))
    parts += [write] * WRITE_LINES
    parts.append("</section></div>")
    parts.append("<h3>SURE check</h3>")
    rows = "".join(
        f'<tr><th scope="row">{h(name)}</th><td>{h(q[:1].upper() + q[1:])}</td>'
        '<td class="box">☐ Yes</td><td class="box">☐ No</td></tr>'
        for name, q in _sure_questions()
    )
    parts.append(f'<table class="sure"><tbody>{rows}</tbody></table>')
    return parts


def _ranked(cell: list[Piece]) -> list[list[Piece]]:
    """A cell's entries one per row, the muted notes ("4 more in backtui") with the last."""
    rows: list[list[Piece]] = []
    for piece in cell:
        if piece.muted and rows:
            rows[-1].append(piece)
        else:
            rows.append([piece])
    return rows


def html_options(s: Summary, widths: bool = True) -> list[str]:
    """The handout's options side by side: the Option Grid and key figures table, and the
    legend under it (``backtui site`` prints it under the worksheet too, without the column
    widths: its pages allow no style attributes)."""
    o_names = [h(o.name) + (" ★" if o.shortlisted else "") for o in s.options]
    width = 88 // max(1, len(s.options))
    cols = '<col style="width:12%">' + "".join(f'<col style="width:{width}%">' for _ in s.options)
    head = (
        '<tr><th scope="col"></th>'
        + "".join(f'<th scope="col">{n}</th>' for n in o_names)
        + "</tr>"
    )
    body: list[str] = []
    for q, (label, cells) in enumerate(_rows(s)):
        shared = q > 0 and len(s.options) > 1 and all(o.answers[q - 1].shared for o in s.options)
        if shared:  # the same fact for every option: said once, across the columns
            text, cite = cells[0]
            body.append(
                f'<tr><th scope="row">{h(label)}</th><td colspan="{len(s.options)}">'
                f"{h(text) or '–'}{_html_cite(cite)}</td></tr>"
            )
            continue
        body.append(
            f'<tr><th scope="row">{h(label)}</th>'
            + "".join(f"<td>{h(text) or '–'}{_html_cite(cite)}</td>" for text, cite in cells)
            + "</tr>"
        )
    for label, pieces in _key_rows(s, glyphs=True, compact=True):
        # One table row per rank of finding, so a page can break between them (never inside
        # one) and no tall cell pushes a whole row to the next page.
        ranked = [_ranked(cell) for cell in pieces]
        for rank in range(max((len(cell) for cell in ranked), default=0)):
            short = label.split(" (")[0]  # "Key benefits", without its note, after the first
            row_label = h(label) if rank == 0 else f'<span class="cont">{h(short)}</span>'
            body.append(
                f'<tr class="key{" first" if rank == 0 else ""}"><th scope="row">{row_label}</th>'
                + "".join(
                    "<td>"
                    + (_ul([_html_piece(p) for p in cell[rank]], "") if rank < len(cell) else "")
                    + "</td>"
                    for cell in ranked
                )
                + "</tr>"
            )
    parts = [
        f"<table>{f'<colgroup>{cols}</colgroup>' if widths else ''}<thead>{head}</thead>",
        "<tbody>",
        *body,
        "</tbody></table>",
    ]
    star = "★ on my shortlist. " if any(o.shortlisted for o in s.options) else ""
    if s.guidelines or star:
        legend = _guidelines_line(s, glyphs=True) if s.guidelines else ""
        parts.append(f'<p class="small">{h(star + legend)}</p>')
    return parts


def html_references(s: Summary) -> list[str]:
    """The handout's numbered references, in full; links only to safe https: addresses."""
    parts = ['<ol class="sources">']
    for ref in s.sources:
        ident = []
        if ref.doi:
            ident.append("DOI " + _link(doi_url(ref.doi), h(ref.doi)))
        if ref.pmid:
            ident.append("PMID " + _link(pmid_url(ref.pmid), h(ref.pmid)))
        ident += [h(x) for x in ref.other_ids]
        if _show_url(ref) and ref.url:
            ident.append(_link(safe_url(ref.url), h(ref.url)))
        entry = h(_source_text(ref))
        parts.append(
            f'<li value="{ref.number}">{entry}'
            + (" " + " · ".join(ident) if ident else "")
            + "</li>"
        )
    if not s.sources:
        parts.append('<li class="muted">No sources cited.</li>')
    parts.append("</ol>")
    return parts


def to_html(s: Summary, lang: str = "en") -> str:
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{h(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{h(s.title)}: {h(HEADLINE.lower())}</title>",
        f"<style>\n{_CSS}\n</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{h(s.title)}</h1>",
        f'<p class="meta">{h(_meta_line(s))}</p>',
        "</header>",
        "<main>",
        '<section class="me">',
    ]
    warning = _warning_text(s)
    if warning:
        parts.append(f'<p class="urgent"><strong>⚠ {h(WARNING_LABEL)} {h(warning)}</strong></p>')
    parts.append(f'<p class="notice">{h(_notice(s))}</p>')
    parts.append(f'<p class="meta">{h(_funding_line(s))}</p>')
    parts += _html_person(s, s.personal) if s.personal is not None else _html_worksheet(s)
    parts += [
        "</section>",
        '<section class="options">',
        f"<h2>{h(OPTIONS_HEADING)}</h2>",
        *html_options(s),
        "</section>",
    ]
    parts += ['<section class="refs">', f"<h2>{h(REFERENCES_HEADING)}</h2>", *html_references(s)]
    parts += ["</section>", "</main>", "</body>", "</html>", ""]
    return "\n".join(parts)


# ----------------------------------------------------------------------------- plain text


def _bullet(text: str, width: int, marker: str = "- ") -> list[str]:
    lines = wrap(text, width - len(marker))
    return [(marker if i == 0 else " " * len(marker)) + line for i, line in enumerate(lines)]


def _head(text: str, width: int, underline: str) -> list[str]:
    lines = wrap(text, width)
    return ["", *lines, underline * min(width, max(cell_width(x) for x in lines))]


def _text_piece(piece: Piece) -> str:
    parts = []
    if piece.head:
        parts.append(piece.head + (":" if piece.text else ""))
    if piece.when:
        parts.append(f"({piece.when})")
    if piece.text:
        parts.append(piece.text)
    if piece.strong:
        parts.append(piece.strong + ".")
    return " ".join(parts) + piece.cite


_TEXT_LINE = "_" * 60


def _text_person(s: Summary, me: Personal, width: int) -> list[str]:
    out = _head(PERSON_HEADING.upper(), width, "=")
    if me.other_kb:
        out += wrap(f"This profile was made with another knowledge base ({me.other_kb}).", width)
    out += _head("What matters to me", width, "-")[1:]
    out += wrap(_scale_words() + ".", width)
    if me.ratings:
        labels = [f"{r.label}: {r.value}{' (!)' if r.value >= 3 else ''}" for r in me.ratings]
        out += table(
            [o.name for o in s.options],
            [[f or "-" for f in r.facts] for r in me.ratings],
            width,
            labels=labels,
            label_header="What matters",
            min_column=TEXT_COLUMN,
        )
        out += wrap("(!) rated 3 or 4.", width)
    else:
        out.append("No ratings yet.")
    out += _head(SHORTLIST_HEADING, width, "-")
    out += wrap(", ".join(me.shortlist) if me.shortlist else "None marked yet.", width)
    out += wrap(_compared_line(s), width)
    if me.notes:
        out += _head("My notes", width, "-")
        for note in me.notes:
            out += wrap(f"{note.option}:", width)
            for line in note.text.split("\n"):
                out += ["    " + x if x else "" for x in wrap(line, width - 4)]
    out += _head(QUESTIONS_HEADING, width, "-")
    for q in me.ticked_prompts:
        out += _bullet(q, width, "[x] ")
    for own in me.own_questions:
        out += _bullet(f"{own.text} (my own question)", width, "[x] " if own.ticked else "[ ] ")
    if not me.ticked_prompts and not me.own_questions:
        out.append("None chosen yet.")
    out += _head("SURE check", width, "-")
    for q, a in _sure_lines(s):
        out += _bullet(f"{q}: {a.upper()}", width)
    if me.sure_no:
        out += wrap(_sure_no_line(me), width)
    out += wrap(f"Result: {me.sure_result_words}", width)
    if me.updated:
        out += wrap(f"Profile last saved {me.updated}.", width)
    return out


def _text_worksheet(s: Summary, width: int) -> list[str]:
    out = _head(WORKSHEET_HEADING.upper(), width, "=")
    out += _head("What matters to me", width, "-")[1:]
    out += wrap(f"Tick one box for each: {_scale_words()}.", width)
    boxes = "  ".join(f"[ ] {n}" for n in range(len(RATING_WORDS)))
    for label in s.factors:
        out += _bullet(f"{label}: {boxes}", width)
    if not s.factors:
        out += [_TEXT_LINE] * WRITE_LINES
    out += _head(SHORTLIST_HEADING, width, "-")
    for o in s.options:
        out += _bullet(o.name, width, "[ ] ")
    out += _head(QUESTIONS_HEADING, width, "-")
    for p in s.prompts:
        out += _bullet(p, width, "[ ] ")
    out += ["", *[_TEXT_LINE] * WRITE_LINES]
    out += _head("SURE check", width, "-")
    for name, q in _sure_questions():
        out += [*_bullet(f"{name}: {q}", width), "  [ ] yes   [ ] no"]
    out += _head("My notes", width, "-")
    out += [_TEXT_LINE] * WRITE_LINES
    return out


def to_text(s: Summary, width: int = TEXT_WIDTH) -> str:
    out: list[str] = [*wrap(s.title.upper(), width), *wrap(_meta_line(s), width), ""]
    warning = _warning_text(s)
    if warning:
        out += [*wrap(f"!! {WARNING_LABEL.upper()} {warning}", width), ""]
    out += wrap(_notice(s), width)
    out += wrap(_funding_line(s), width)
    me = s.personal
    out += _text_person(s, me, width) if me is not None else _text_worksheet(s, width)

    names = [o.name + (" (shortlisted)" if o.shortlisted else "") for o in s.options]
    out += _head(OPTIONS_HEADING.upper(), width, "=")
    rows = _rows(s)
    out += table(
        names,
        [[(text or "-") + cite for text, cite in cells] for _, cells in rows],
        width,
        labels=[r for r, _ in rows],
        min_column=TEXT_COLUMN,
    )

    out += _head("KEY FIGURES", width, "=")
    key_rows = _key_rows(s, glyphs=False)
    for i, o in enumerate(s.options):
        if i:
            out.append("")
        out += _head(o.name + (" (shortlisted)" if o.shortlisted else ""), width, "-")[1:]
        for label, per_option in key_rows:
            out.append(f"{label}:")
            for piece in per_option[i]:
                out += _bullet(_text_piece(piece), width)
    if s.guidelines:
        out.append("")
        out += wrap(_guidelines_line(s), width)

    out += _head(REFERENCES_HEADING.upper(), width, "=")
    for ref in s.sources:
        ident = []
        if ref.doi:
            ident.append(f"DOI {ref.doi}")
        if ref.pmid:
            ident.append(f"PMID {ref.pmid}")
        ident += ref.other_ids
        if _show_url(ref) and ref.url:
            ident.append(ref.url)
        text = _source_text(ref) + (" " + " · ".join(ident) if ident else "")
        out += _bullet(text, width, f"[{ref.number}] ")
    if not s.sources:
        out.append("No sources cited.")
    return "\n".join(clean(line).rstrip() for line in out) + "\n"


# ----------------------------------------------------------------------------- JSON


def to_json(s: Summary) -> str:
    return json.dumps(s.to_dict(), ensure_ascii=False, indent=2) + "\n"


def render(
    s: Summary,
    fmt: str,
    lang: str = "en",
    *,
    kb: KnowledgeBase | None = None,
    all_sources: bool = False,
) -> str:
    """The summary in ``fmt``. The citation formats (csl-json, ris) need the knowledge base
    ``kb``: they write the summary's sources, or every source with ``all_sources``."""
    if fmt == "md":
        return to_markdown(s)
    if fmt == "html":
        return to_html(s, lang)
    if fmt == "txt":
        return to_text(s)
    if fmt == "json":
        return to_json(s)
    if fmt in citations.FORMATS:
        if kb is None:
            raise ValueError(f"the {fmt} format needs the knowledge base")
        ids = None if all_sources else [ref.id for ref in s.sources]
        return citations.render(kb, fmt, ids)
    raise ValueError(f"unknown format {fmt!r}; choose from: {', '.join(FORMATS)}")


# ----------------------------------------------------------------------------- writing


def _umask_mode() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_export(text: str, out_path: str | os.PathLike[str], force: bool) -> Path:
    """Write ``text`` (UTF-8) to ``out_path`` and return the path written. Like the shell's
    ``>``, but a file is replaced atomically and only with ``force``.

    - A regular file (or a new name) is written to a temporary file in the same folder,
      flushed with ``fsync`` and renamed into place, so the target is always either the old
      file or the complete new one. Without ``force`` the final step is a hard link, which
      fails if the name appeared meanwhile, so a file created at the same moment is kept.
    - A symbolic link is written through, to its target (created if missing): the link stays.
    - A FIFO, a terminal, ``/dev/null`` or ``/dev/stdout`` is written to as a stream.
    - A folder, a link to one, a name ending in ``/``, or a block device is refused.
    """
    raw = os.fspath(out_path)
    path = Path(raw)
    data = text.encode("utf-8")
    if raw.endswith(("/", "/.", "/..")) or raw in (".", ".."):  # Path() drops a final "/"
        if os.path.isdir(raw):
            raise ExportError(f"{raw} is a folder; give a file name with --out")
        raise ExportError(f"{raw} ends with '/', so it names a folder; give a file name with --out")
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            if _through_proc(path):  # /dev/stdout, /dev/fd/N: an open file, not a name
                return _write_stream(data, path)
            try:
                info = os.stat(path)
            except FileNotFoundError:  # a dangling link: create what it points at
                return _write_file(data, Path(os.path.realpath(path)), force, shown=path)
            if stat.S_ISREG(info.st_mode):
                return _write_file(data, Path(os.path.realpath(path)), force, shown=path)
            if stat.S_ISDIR(info.st_mode):
                raise ExportError(f"{path} is a link to a folder; give a file name with --out")
    except FileNotFoundError:
        return _write_file(data, path, force, shown=path)
    except OSError as exc:  # a link loop, a name too long, no permission
        raise ExportError(f"cannot use {path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise ExportError(f"{path} is a folder; give a file name with --out")
    if stat.S_ISREG(info.st_mode):
        return _write_file(data, path, force, shown=path)
    if stat.S_ISBLK(info.st_mode):
        raise ExportError(f"{path} is a disk device; not writing to it")
    return _write_stream(data, path)


def _through_proc(path: Path) -> bool:
    """Whether following ``path``'s links passes through /proc (``/dev/stdout`` ->
    ``/proc/self/fd/1``): such a link names an open file, whatever its target is called."""
    current = os.path.abspath(path)
    for _ in range(40):  # the kernel's own limit on links followed
        if current == "/proc" or current.startswith("/proc/"):
            return True
        if not os.path.islink(current):
            return False
        current = os.path.join(os.path.dirname(current), os.readlink(current))
        current = os.path.abspath(current)
    return False


def _write_stream(data: bytes, path: Path) -> Path:
    """Write to a FIFO, terminal or device as the shell's ``>`` does (never replacing it)."""
    flags = os.O_WRONLY | safeio.O_NOCTTY | safeio.O_CLOEXEC
    try:
        # O_NONBLOCK: a FIFO nobody reads from fails at once (ENXIO) instead of hanging.
        fd = os.open(path, flags | safeio.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise ExportError(f"nothing is reading from {path}; not writing to it") from None
        raise ExportError(f"could not write {path}: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode) or stat.S_ISBLK(info.st_mode):
            raise ExportError(f"{path} is not a file or a stream; not writing to it")
        if stat.S_ISREG(info.st_mode):  # /dev/stdout redirected to a file, as `>` would
            os.ftruncate(fd, 0)
        os.set_blocking(fd, True)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except OSError as exc:
        raise ExportError(f"could not write {path}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    return path


def _write_file(data: bytes, path: Path, force: bool, shown: Path) -> Path:
    """Write a regular file atomically (see ``write_export``); ``shown`` is the name given."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise ExportError(f"cannot use {shown}: {exc.strerror or exc}") from None
    if info is not None:
        if not stat.S_ISREG(info.st_mode):  # changed since write_export looked
            raise ExportError(f"{shown} is not a regular file; not overwriting it")
        if not force:
            raise ExportError(f"{shown} already exists; use --force to overwrite it")
    if not folder.is_dir():
        raise ExportError(f"the folder {folder} does not exist")
    mode = stat.S_IMODE(info.st_mode) if info is not None else _umask_mode()
    # A short name of its own: the target's name may already be 255 bytes long.
    temp = folder / f".backtui-{os.getpid()}-{secrets.token_hex(4)}.tmp"
    try:
        safeio.write_atomic(path, data, temp=temp, mode=mode, replace=force)
    except safeio.TempFileError as exc:
        raise ExportError(f"cannot write in {folder}: {exc.strerror or exc}") from None
    except FileExistsError:
        raise ExportError(f"{shown} already exists; use --force to overwrite it") from None
    except OSError as exc:
        raise ExportError(f"could not write {shown}: {exc.strerror or exc}") from None
    with contextlib.suppress(OSError):
        safeio.fsync_folder(folder)
    return shown


# ----------------------------------------------------------------------------- the profile


def read_profile(path: str | os.PathLike[str]) -> Profile | None:
    """The profile at ``path``, read only (never moved, changed or locked); None if there is
    no file. Raises ProfileReadError when it is corrupt or written by a newer backtui."""
    from backtui.profile.store import (
        MAX_FILE_BYTES,
        ProfileError,
        ProfileVersionError,
        parse_profile,
    )

    try:
        data = safeio.read_bounded(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        return None
    except safeio.Unreadable as exc:
        why = f": {exc.error.strerror or exc.error}" if exc.error else ""
        raise ProfileReadError(f"the profile {path} {exc.reason}{why}") from None

    try:
        return parse_profile(data)
    except ProfileVersionError as exc:
        raise ProfileReadError(f"{path}: {exc}") from None
    except ProfileError as exc:
        raise ProfileReadError(
            f"the profile {path} is not a valid backtui profile: {exc}"
        ) from None
