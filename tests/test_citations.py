"""Citations for reference managers: ``backtui export --format csl-json`` and ``--format ris``.

The field mapping is tested on the shapes the knowledge base holds (people, groups, bodies,
authors not shown; journal strings with and without volume, issue and pages); the CSL-JSON of
every shipped source is formatted by a real citation processor (citeproc-py); the RIS is parsed
back with a strict parser; hostile knowledge-base text stays inside its own field.
"""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path
from typing import Any

import pytest
from summary_fixtures import (
    HOSTILE,
    KB_SMALL,
    SHIPPED_KB,
    bad_characters,
    run_cli,
    write_hostile_kb,
)

from backtui.citations import (
    Name,
    csl_item,
    parse_authors,
    parse_journal,
    printed_authors,
    ris_record,
    to_csl_json,
    to_ris,
)
from backtui.export import format_for, render
from backtui.kb.loader import load
from backtui.kb.schema import KnowledgeBase, Source
from backtui.summary import build, default_selection
from backtui.wording import one_line


def kb_of(path: Path) -> KnowledgeBase:
    return load(str(path)).kb


def source(kb: KnowledgeBase, source_id: str) -> Source:
    return next(s for s in kb.sources if s.id == source_id)


@pytest.fixture(scope="module")
def shipped() -> KnowledgeBase:
    return kb_of(SHIPPED_KB)


# ----------------------------------------------------------------------------- mapping


def test_authors_become_family_and_given_names() -> None:
    assert parse_authors("Mu J, Furlan AD, Abdel Shaheed C, Pérez-Palomares S") == [
        Name("Mu", "J."),
        Name("Furlan", "A. D."),
        Name("Abdel Shaheed", "C."),
        Name("Pérez-Palomares", "S."),
    ]


def test_groups_and_bodies_are_literal_names() -> None:
    assert parse_authors("Vickers AJ, Linde K; Acupuncture Trialists' Collaboration") == [
        Name("Vickers", "A. J."),
        Name("Linde", "K."),
        Name(literal="Acupuncture Trialists' Collaboration"),
    ]
    assert parse_authors("Trialists' (CNT) Collaboration: Bhala N, Emberson J, et al.") == [
        Name(literal="Trialists' (CNT) Collaboration"),
        Name("Bhala", "N."),
        Name("Emberson", "J."),
    ]
    # A body ending in capitals is not a person called "NICE".
    assert parse_authors("National Guideline Centre for NICE") == [
        Name(literal="National Guideline Centre for NICE")
    ]
    assert parse_authors("World Health Organization") == [Name(literal="World Health Organization")]
    body = "American Physical Therapy Association (PT in Motion, Compliance Matters column)"
    assert parse_authors(body) == [Name(literal=body)]


def test_authors_not_shown_are_not_written_as_authors() -> None:
    assert parse_authors("Not shown on the page read") == []
    assert parse_authors("Not shown on the pages read (PMID 36399082)") == []
    assert parse_authors("WHO-commissioned review team (authors not shown on the page read)") == []
    partial = "Deshpande A, et al. (full author list not shown on the page read)"
    assert parse_authors(partial) == [Name("Deshpande", "A.")]
    assert printed_authors(partial) == "Deshpande A, et al."
    assert printed_authors("Not shown on the page read") == ""
    assert printed_authors("Mu J, Furlan AD, Lam WY, Hsu MY") == "Mu J, Furlan AD, Lam WY, et al."
    assert printed_authors("Mu J, Furlan AD") == "Mu J, Furlan AD"


@pytest.mark.parametrize(
    ("journal", "expected"),
    [
        ("Arch Intern Med 2012;172(19):1444-1453", ("Arch Intern Med", "172", "19", "1444-1453")),
        ("Cochrane Database Syst Rev 2020;12:CD013814",
         ("Cochrane Database Syst Rev", "12", "", "CD013814")),
        ("Medicine (Baltimore) 2018;97(26):e11225", ("Medicine (Baltimore)", "97", "26", "e11225")),
        ("Trials 2022;23:238", ("Trials", "23", "", "238")),
        ("J Pain 2010", ("J Pain", "", "", "")),
    ],
)  # fmt: skip
def test_journal_strings_give_container_volume_issue_pages(
    journal: str, expected: tuple[str, str, str, str]
) -> None:
    parsed = parse_journal(journal)
    assert (parsed.container, parsed.volume, parsed.issue, parsed.pages) == expected
    assert parsed.whole == ""


@pytest.mark.parametrize(
    "journal",
    [
        "National Institute for Health and Care Excellence, London; published 30 November 2016",
        "Manufacturer report, February 2013",
        "Cochrane Database Syst Rev 2007, CD004959.pub3",
        "dailymail.co.uk health panel reproducing NHS Choices advice",
    ],
)
def test_other_journal_strings_are_kept_whole(journal: str) -> None:
    parsed = parse_journal(journal)
    assert parsed.container == "" and parsed.whole == journal


def test_csl_item_of_a_journal_article(shipped: KnowledgeBase) -> None:
    item = csl_item(source(shipped, "vick12"))
    assert item["type"] == "article-journal"
    assert item["author"][0] == {"family": "Vickers", "given": "A. J."}
    assert item["author"][-1] == {"literal": "Acupuncture Trialists' Collaboration"}
    assert item["issued"] == {"date-parts": [[2012]]}
    assert item["title"] == "Acupuncture for chronic pain: individual patient data meta-analysis"
    assert (item["container-title"], item["volume"], item["issue"], item["page"]) == (
        "Arch Intern Med",
        "172",
        "19",
        "1444-1453",
    )
    assert (item["DOI"], item["PMID"]) == ("10.1001/archinternmed.2012.3654", "22965186")
    assert item["URL"] == "https://doi.org/10.1001/archinternmed.2012.3654"  # the primary one


def test_csl_item_of_a_guideline_and_of_unknown_authors(shipped: KnowledgeBase) -> None:
    nice = csl_item(source(shipped, "nice16"))
    assert nice["type"] == "report"
    assert nice["author"] == [{"literal": "National Guideline Centre for NICE"}]
    assert nice["publisher"].startswith("National Institute for Health and Care Excellence")
    assert nice["number"] == "NICE guideline NG59"
    assert "container-title" not in nice and "DOI" not in nice
    who = csl_item(source(shipped, "who23"))
    assert who["ISBN"] == "978-92-4-008178-9"
    unknown = csl_item(source(shipped, "dn23"))
    assert "author" not in unknown  # "Not shown on the pages read" is never an author
    assert unknown["PMID"] == "36399082"


def test_nothing_is_written_that_the_kb_does_not_hold(shipped: KnowledgeBase) -> None:
    for src in shipped.sources:
        item = csl_item(src)
        assert ("DOI" in item) == bool(src.doi), src.id
        assert ("PMID" in item) == bool(src.pmid), src.id
        assert ("ISBN" in item) == bool(src.isbn), src.id
        assert item["title"] == one_line(src.title)
        assert item["issued"] == {"date-parts": [[src.year]]}
        held = one_line(" ".join([src.authors, src.journal, src.other_id or ""]))
        for name in item.get("author", []):
            for part in name.values():
                assert part.replace(".", "").replace(" ", "") in held.replace(" ", ""), part
        for key in ("container-title", "volume", "issue", "page", "publisher", "number", "note"):
            if key in item:
                assert item[key] in held, (src.id, key)
        assert not any(v in ("", None, []) for v in item.values()), src.id


# ----------------------------------------------------------------------------- CSL-JSON


def _citeproc_bibliography(items: list[dict[str, Any]]) -> list[str]:
    citeproc = pytest.importorskip("citeproc")
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    style_path = Path(citeproc.__file__).parent / "data" / "styles"
    style_file = sorted(style_path.glob("*.csl"))[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL variables it lacks
        bib_source = CiteProcJSON(items)
        style = CitationStylesStyle(str(style_file), validate=False)
        bibliography = CitationStylesBibliography(style, bib_source, formatter.plain)
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        return [str(entry) for entry in bibliography.bibliography()]


def test_citeproc_formats_every_shipped_source(shipped: KnowledgeBase) -> None:
    items = json.loads(render(build(shipped, []), "csl-json", kb=shipped, all_sources=True))
    assert [i["id"] for i in items] == [s.id for s in shipped.sources]
    entries = _citeproc_bibliography(items)
    assert len(entries) == len(items)
    text = "\n".join(entries)
    assert "Acupuncture for chronic nonspecific low back pain" in text
    assert "Vickers" in text and "Arch Intern Med" in text
    assert "Not shown" not in text


def test_csl_json_covers_the_comparisons_sources(shipped: KnowledgeBase) -> None:
    summary = build(shipped, default_selection(shipped))
    items = json.loads(render(summary, "csl-json", kb=shipped))
    assert [i["id"] for i in items] == [ref.id for ref in summary.sources]
    assert len(items) < len(shipped.sources)


# ----------------------------------------------------------------------------- RIS

_RIS_LINE = re.compile(r"^([A-Z][A-Z0-9])  - (.*)$")
RIS_TAGS = {"TY", "AU", "PY", "TI", "T2", "VL", "IS", "SP", "EP", "PB", "M1", "SN", "DO", "AN"}
RIS_TAGS |= {"UR", "N1", "ID", "ER"}


def parse_ris(text: str) -> list[list[tuple[str, str]]]:
    """A strict RIS reader: every non-blank line is 'XX  - value'; records run TY to ER."""
    records: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] | None = None
    for line in text.split("\n"):
        if not line:
            continue
        match = _RIS_LINE.match(line)
        assert match, f"not a RIS line: {line!r}"
        tag, value = match[1], match[2]
        assert tag in RIS_TAGS, tag
        if tag == "TY":
            assert current is None, "TY inside a record"
            current = [(tag, value)]
        else:
            assert current is not None, f"{tag} outside a record"
            current.append((tag, value))
            if tag == "ER":
                records.append(current)
                current = None
    assert current is None, "a record without ER"
    return records


def test_ris_round_trip(shipped: KnowledgeBase) -> None:
    text = to_ris(list(shipped.sources))
    records = parse_ris(text)
    assert len(records) == len(shipped.sources)
    by_id = {dict(r)["ID"]: r for r in records}
    vick = by_id["vick12"]
    fields = dict(vick)
    assert [v for t, v in vick if t == "AU"][:2] == ["Vickers, A. J.", "Cronin, A. M."]
    assert [v for t, v in vick if t == "AU"][-1] == "Acupuncture Trialists' Collaboration"
    assert (fields["TY"], fields["PY"], fields["T2"]) == ("JOUR", "2012", "Arch Intern Med")
    assert (fields["VL"], fields["IS"], fields["SP"], fields["EP"]) == ("172", "19", "1444", "1453")
    assert (fields["DO"], fields["AN"]) == ("10.1001/archinternmed.2012.3654", "22965186")
    nice = dict(by_id["nice16"])
    assert (nice["TY"], nice["AU"], nice["M1"]) == (
        "RPRT",
        "National Guideline Centre for NICE",
        "NICE guideline NG59",
    )
    assert "AU" not in dict(by_id["dn23"])


def test_ris_of_hostile_text_cannot_add_lines_or_tags(tmp_path: Path) -> None:
    kb = kb_of(write_hostile_kb(tmp_path))
    text = render(build(kb, default_selection(kb)), "ris", kb=kb, all_sources=True)
    assert bad_characters(text) == [] and "\r" not in text
    records = parse_ris(text)
    assert len(records) == len(kb.sources)
    for src, record in zip(kb.sources, records, strict=True):
        titles = [v for t, v in record if t == "TI"]
        assert titles == [one_line(src.title)]  # the whole hostile title, on its own line
        assert "<script>alert(1)</script>" in titles[0]
        assert [t for t, _ in record].count("TY") == 1
        assert [t for t, _ in record].count("ER") == 1


def test_csl_json_of_hostile_text_is_data(tmp_path: Path) -> None:
    kb = kb_of(write_hostile_kb(tmp_path))
    text = to_csl_json(list(kb.sources))
    assert bad_characters(text) == [] and "\\u001b" not in text
    items = json.loads(text)
    assert len(items) == len(kb.sources)
    visible = one_line(HOSTILE).split(" javascript")[0]
    assert visible in items[0]["title"]
    assert items[0]["DOI"].startswith('10.1234/x"><script>')  # text, for the manager to show
    # its only read-at address is http:, so the URL is the one derived from its PMID
    assert items[1]["URL"] == "https://pubmed.ncbi.nlm.nih.gov/12345678/"
    assert all(i.get("URL", "https://").startswith("https://") for i in items)


def test_ris_record_values_are_one_line() -> None:
    kb = kb_of(KB_SMALL)
    for src in kb.sources:
        for tag, value in ris_record(src):
            assert "\n" not in value and value == value.strip(), (tag, value)


# ----------------------------------------------------------------------------- the command


def test_cli_citation_formats(tmp_path: Path) -> None:
    kb = kb_of(SHIPPED_KB)
    cited = run_cli("export", "--format", "csl-json", "--no-profile", cwd=tmp_path)
    assert cited.returncode == 0, cited.stderr
    summary = build(kb, default_selection(kb))
    assert [i["id"] for i in json.loads(cited.stdout)] == [ref.id for ref in summary.sources]
    every = run_cli("export", "--format", "csl-json", "--all-sources", cwd=tmp_path)
    assert len(json.loads(every.stdout)) == len(kb.sources)
    out = tmp_path / "refs.ris"
    result = run_cli("export", "--no-profile", "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(parse_ris(out.read_text(encoding="utf-8"))) == len(summary.sources)
    out_csl = tmp_path / "refs.csl.json"
    result = run_cli("export", "--no-profile", "--out", str(out_csl), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert isinstance(json.loads(out_csl.read_text(encoding="utf-8")), list)


def test_citation_formats_follow_the_suffix() -> None:
    assert format_for(None, "refs.ris") == "ris"
    assert format_for(None, "refs.CSL.json") == "csl-json"
    assert format_for(None, "summary.json") == "json"
