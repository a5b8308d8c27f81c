"""The knowledge base's sources for reference managers: CSL-JSON and RIS.

CSL-JSON (read by Zotero, Mendeley, Pandoc and every citeproc) is a JSON array of items; RIS
(read by EndNote, Zotero, Mendeley, RefWorks) is one ``TAG  - value`` line per field, each
record from ``TY`` to ``ER``. Each field is mapped from what the knowledge base holds, and
nothing is written that it does not hold:

- ``authors``: "Mu J, Furlan AD" becomes family and given names (the initials spaced and
  stopped, "A. D."); a group ("Acupuncture Trialists' Collaboration" after a ";", or "Group:
  names") or a body ("World Health Organization") is one literal name. An authors field
  that says the authors were not shown on the page read gives no author at all.
- ``year``: the issued year.
- ``journal``: "Arch Intern Med 2012;172(19):1444-1453" gives the container title, volume,
  issue and pages. A string that is not in that form is kept whole: as the publisher of a
  guideline, else as the container title.
- ``doi``, ``pmid``, ``isbn``, the first ``https:`` address, and ``other_id`` (a report's
  number for a guideline, else a note).

Every value is cleaned and put on one line (``one_line``), so text from the knowledge base can
never start a new RIS line or tag. Pure Python; never imports Textual.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import quote

from backtui.kb.queries import primary_address
from backtui.kb.schema import KnowledgeBase, Source
from backtui.wording import one_line

FORMATS = ("csl-json", "ris")

# "Vickers AJ", "Abdel Shaheed C", "Pérez-Palomares S", "van der Berg JM"
_PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "le", "la"}
_PERSON = re.compile(r"^(?P<family>\S+(?: \S+){0,3}) (?P<given>[A-Z]{1,4})$")
_FAMILY_WORD = re.compile(r"^[^\W\d_][\w'’.-]*$")
_ET_AL = re.compile(r"^et al\.?$", re.IGNORECASE)
# Words that say the authors are not known here ("not shown on the page read", or a pointer
# such as "Authors as listed in PubMed 36399082"): no author is written for them.
_NOT_SHOWN = re.compile(
    r"\bnot (?:shown|given|known|stated|available|confirmed)\b|\bauthors as listed (?:in|at)\b",
    re.I,
)
# "Arch Intern Med 2012;172(19):1444-1453", "Trials 2022;23:238", "J Pain 2010"
_JOURNAL = re.compile(
    r"^(?P<container>[^,;\d]+?) (?P<year>(?:1[89]|20)\d\d)"
    r"(?:;(?P<volume>[^;:()\s]+)?(?:\((?P<issue>[^()\s]+)\))?(?::(?P<pages>\S+))?)?$"
)

RecordKind = Literal["journal", "report", "document"]
CSL_TYPES: dict[RecordKind, str] = {
    "journal": "article-journal",
    "report": "report",
    "document": "document",
}
RIS_TYPES: dict[RecordKind, str] = {"journal": "JOUR", "report": "RPRT", "document": "GEN"}


@dataclass(frozen=True)
class Name:
    family: str = ""
    given: str = ""
    literal: str = ""

    def csl(self) -> dict[str, str]:
        if self.literal:
            return {"literal": self.literal}
        return {"family": self.family, "given": self.given}

    def ris(self) -> str:
        return self.literal or f"{self.family}, {self.given}"

    def short(self) -> str:
        """As printed in a reference list: 'Mu J', a group name whole."""
        return self.literal or f"{self.family} {self.given.replace('.', '').replace(' ', '')}"


@dataclass(frozen=True)
class Journal:
    container: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    whole: str = ""  # the string as the knowledge base gives it, when it is not in the form


def _person(text: str) -> Name | None:
    match = _PERSON.match(text)
    if match is None:
        return None
    words = match["family"].split(" ")
    if not all(_FAMILY_WORD.match(w) for w in words):
        return None
    if not all(w[0].isupper() or w.lower() in _PARTICLES for w in words):
        return None
    if not words[-1][0].isupper():
        return None
    return Name(family=match["family"], given=" ".join(f"{c}." for c in match["given"]))


def _segment(text: str) -> list[Name]:
    """One ';'-separated part of an authors field: a list of people, else one group name."""
    text = text.strip()
    if not text:
        return []
    if ":" in text:
        group, _, rest = text.partition(":")
        people = _people(rest)
        if people is not None:
            return [Name(literal=group.strip()), *people]
    people = _people(text)
    return people if people is not None else [Name(literal=text)]


def _people(text: str) -> list[Name] | None:
    items = [x.strip() for x in text.split(",") if x.strip()]
    names = []
    for item in items:
        if _ET_AL.match(item) or item.lower() == "et al":
            continue
        person = _person(item)
        if person is None:
            return None
        names.append(person)
    return names or None


def parse_authors(authors: str) -> list[Name]:
    """People and group names, in order; [] when the knowledge base does not know them.

    A part that says the authors were not shown ("Deshpande A, et al. (full author list not
    shown on the page read)") keeps only the people it does name."""
    text = one_line(authors)
    if _NOT_SHOWN.search(text):
        known = re.sub(r"\([^()]*\)", lambda m: "" if _NOT_SHOWN.search(m[0]) else m[0], text)
        if _NOT_SHOWN.search(known):
            return []
        return _people(known.strip()) or []
    names: list[Name] = []
    for part in text.split(";"):
        names += _segment(part)
    return names


def printed_authors(authors: str, keep: int = 3) -> str:
    """For a reference list: 'Mu J, Furlan AD, Lam WY, et al.'; '' when not known."""
    names = parse_authors(authors)
    if not names:
        return ""
    partial = bool(_NOT_SHOWN.search(authors) or re.search(r"\bet al\b", authors))
    shown = ", ".join(n.short() for n in names[:keep])
    return shown + (", et al." if len(names) > keep or partial else "")


def parse_journal(journal: str) -> Journal:
    text = one_line(journal)
    match = _JOURNAL.match(text)
    if match is None:
        return Journal(whole=text)
    return Journal(
        container=match["container"].strip(),
        volume=match["volume"] or "",
        issue=match["issue"] or "",
        pages=match["pages"] or "",
    )


def _kind(source: Source, journal: Journal) -> RecordKind:
    if journal.container:
        return "journal"
    match source.kind:
        case "guideline":
            return "report"
        case "systematic-review" | "rct" | "survey":
            return "journal"
        case "cohort" | "other":
            return "document"


def _url(source: Source) -> str:
    """The source's primary address (DOI link, PubMed, the body's own page), else the first
    safe address where it was read."""
    for url in (primary_address(source), *source.urls):
        safe = safe_url(url)
        if safe:
            return safe
    return ""


@dataclass(frozen=True)
class Record:
    """A source's fields as a reference manager wants them; empty strings are left out."""

    id: str
    kind: RecordKind
    names: list[Name]
    year: int
    title: str
    container: str
    volume: str
    issue: str
    pages: str
    publisher: str
    doi: str
    pmid: str
    isbn: str
    url: str
    number: str
    note: str


def record(source: Source) -> Record:
    journal = parse_journal(source.journal)
    kind = _kind(source, journal)
    other = one_line(source.other_id) if source.other_id else ""
    return Record(
        id=one_line(source.id),
        kind=kind,
        names=parse_authors(source.authors),
        year=source.year,
        title=one_line(source.title),
        container=journal.container or (journal.whole if kind != "report" else ""),
        volume=journal.volume,
        issue=journal.issue,
        pages=journal.pages,
        publisher=journal.whole if kind == "report" else "",
        doi=one_line(source.doi) if source.doi else "",
        pmid=one_line(source.pmid) if source.pmid else "",
        isbn=one_line(source.isbn) if source.isbn else "",
        url=_url(source),
        number=other if kind == "report" else "",
        note=other if kind != "report" else "",
    )


def chosen_sources(kb: KnowledgeBase, ids: list[str] | None) -> list[Source]:
    """The sources with these ids, in this order; every source in the file when None."""
    if ids is None:
        return list(kb.sources)
    by_id = {s.id: s for s in kb.sources}
    return [by_id[i] for i in dict.fromkeys(ids) if i in by_id]


# ----------------------------------------------------------------------------- CSL-JSON


def csl_item(source: Source) -> dict[str, Any]:
    r = record(source)
    item: dict[str, Any] = {"id": r.id, "type": CSL_TYPES[r.kind]}
    if r.names:
        item["author"] = [n.csl() for n in r.names]
    item["issued"] = {"date-parts": [[r.year]]}
    # (CSL variable, value) pairs: a table of names, like the other formats' field lists.
    fields = (
        ("title", r.title),
        ("container-title", r.container),
        ("volume", r.volume),
        ("issue", r.issue),
        ("page", r.pages),
        ("publisher", r.publisher),
        ("number", r.number),
        ("DOI", r.doi),
        ("PMID", r.pmid),
        ("ISBN", r.isbn),
        ("URL", r.url),
        ("note", r.note),
    )
    item.update((key, value) for key, value in fields if value)
    return item


def to_csl_json(sources: list[Source]) -> str:
    return json.dumps([csl_item(s) for s in sources], ensure_ascii=False, indent=2) + "\n"


# ----------------------------------------------------------------------------- RIS


def _pages(pages: str) -> tuple[str, str]:
    first, dash, last = pages.partition("-")
    return (first, last) if dash and first and last else (pages, "")


def ris_record(source: Source) -> list[tuple[str, str]]:
    r = record(source)
    start, end = _pages(r.pages)
    tags: list[tuple[str, str]] = [("TY", RIS_TYPES[r.kind])]
    tags += [("AU", n.ris()) for n in r.names]
    tags += [
        ("PY", str(r.year)),
        ("TI", r.title),
        ("T2", r.container),
        ("VL", r.volume),
        ("IS", r.issue),
        ("SP", start),
        ("EP", end),
        ("PB", r.publisher),
        ("M1", r.number),
        ("SN", r.isbn),
        ("DO", r.doi),
        ("AN", r.pmid),
        ("UR", r.url),
        ("N1", f"PMID: {r.pmid}" if r.pmid else ""),
        ("N1", r.note),
        ("ID", r.id),
    ]
    return [(tag, one_line(value)) for tag, value in tags if value]


def to_ris(sources: list[Source]) -> str:
    lines: list[str] = []
    for source in sources:
        lines += [f"{tag}  - {value}" for tag, value in ris_record(source)]
        lines += ["ER  - ", ""]
    return "\n".join(lines)


def render(kb: KnowledgeBase, fmt: str, ids: list[str] | None) -> str:
    """``ids``: the sources to write, in order (the summary's); None for every source."""
    sources = chosen_sources(kb, ids)
    if fmt == "csl-json":
        return to_csl_json(sources)
    if fmt == "ris":
        return to_ris(sources)
    raise ValueError(f"unknown citation format {fmt!r}; choose from: {', '.join(FORMATS)}")


def safe_url(url: str | None) -> str | None:
    """An https: address safe to put in a link, or None. Characters that could end a Markdown
    link or an attribute are percent-encoded; HTML output escapes the result once more."""
    if not url:
        return None
    url = one_line(url)
    if not url.startswith("https://") or any(c.isspace() for c in url):
        return None
    return quote(url, safe=":/?#@!$&*+,;=%~-._")
