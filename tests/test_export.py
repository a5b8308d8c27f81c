"""The appointment summary and ``backtui export``: contents, escaping, safe writing, the CLI.

In-process tests build the summary and render it; subprocess tests run ``backtui export`` as
a person would. A hostile knowledge base (every free-text field carrying HTML, Markdown,
Textual markup, escape sequences, control characters and bidi overrides) checks that every
format shows such text literally and that the HTML export is inert.
"""

from __future__ import annotations

import html
import json
import os
import re
import stat
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from summary_fixtures import (
    HOSTILE,
    KB_SMALL,
    SHIPPED_KB,
    bad_characters,
    profile_document,
    run_cli,
    write_hostile_kb,
    write_profile,
    write_small_kb,
)

from backtui.export import (
    ExportError,
    ProfileReadError,
    format_for,
    md,
    read_profile,
    render,
    safe_url,
    to_html,
    to_json,
    to_markdown,
    to_text,
    write_export,
)
from backtui.kb.loader import load
from backtui.kb.queries import Index
from backtui.kb.schema import KnowledgeBase
from backtui.profile.model import OwnQuestion, Profile
from backtui.summary import (
    MAX_BENEFITS,
    MAX_HARMS,
    SelectionError,
    Summary,
    build,
    default_selection,
    parse_selection,
)
from backtui.wording import clean

FORMATS = ("md", "html", "txt", "json")


def kb_of(path: Path) -> KnowledgeBase:
    return load(str(path)).kb


def profile_of(hostile: bool = False) -> Profile:
    doc = profile_document(hostile)
    return Profile(
        kb_id=doc["kb_id"],
        ratings=doc["ratings"],
        shortlist=doc["shortlist"],
        notes=doc["notes"],
        ticked_prompts=doc["ticked_prompts"],
        own_questions=[OwnQuestion(**q) for q in doc["own_questions"]],
        sure=doc["sure"],
        updated=doc["updated"],
    )


@pytest.fixture
def small(tmp_path: Path) -> KnowledgeBase:
    return kb_of(write_small_kb(tmp_path))


@pytest.fixture
def hostile(tmp_path: Path) -> KnowledgeBase:
    return kb_of(write_hostile_kb(tmp_path))


def summary_of(kb: KnowledgeBase, hostile: bool = False, with_profile: bool = True) -> Summary:
    profile = profile_of(hostile) if with_profile else None
    return build(kb, default_selection(kb), profile)


# ----------------------------------------------------------------------------- the summary


def test_summary_holds_what_the_issue_lists(small: KnowledgeBase) -> None:
    s = summary_of(small)
    assert s.title == "Fixture: knee stiffness (test data)"
    assert (s.reviewed, s.kb_version) == ("2026-01-01", "test-1")
    assert [o.id for o in s.options] == ["stretching", "warm-baths", "rest"]
    assert s.questions == ["How much will it help?"]
    assert [o.answers[0].text for o in s.options] == [
        "A little more than sham.",
        "Maybe not at all.",
        "No answer in this knowledge base",
    ]
    stretching, baths, rest = s.options
    assert [b.certainty for b in stretching.benefits] == ["moderate", "not-graded"]
    assert stretching.benefits[0].numbers == "MD −1.2 (95% CI −2 to −0.4) on Stiffness (0-10)"
    assert rest.benefits[0].part == "Rest with a brace"  # a part's finding counts for its option
    assert baths.harms[0].rate == "about 2 in 10,000 people, per year"
    assert (baths.harms[0].per, baths.harms[0].denominator) == (10000, "patients")
    assert stretching.cautions == ["Recent injury"]
    assert [p.stance for p in baths.guidelines] == ["against", "conditional"]
    assert baths.guidelines_disagree and not stretching.guidelines_disagree
    assert [d.option for d in s.disagreements] == ["Warm baths"]
    assert s.disclaimer == "Test data. Not medical advice."
    ids = {ref.id: ref for ref in s.sources}
    assert ids["trial-a"].doi == "10.1234/fixture.1"
    assert ids["review-b"].pmid == "12345678"
    assert [ref.number for ref in s.sources] == list(range(1, len(s.sources) + 1))


def test_summary_personal_part(small: KnowledgeBase) -> None:
    me = summary_of(small).personal
    assert me is not None
    assert [(r.label, r.value, r.words) for r in me.ratings] == [
        ("Cost", 4, "matters a lot"),
        ("Avoiding needles", 1, "matters a little"),
    ]
    assert me.ratings[0].facts == ["Usually covered", "Hot water only", ""]
    assert me.shortlist == ["Stretching", "Warm baths"]
    assert [(n.option, n.text) for n in me.notes] == [
        ("Stretching", "Ask about evening sessions."),
        ("Rest", "Maybe later."),
    ]
    assert me.ticked_prompts == ["How many sessions will I need?"]
    assert [(q.text, q.ticked) for q in me.own_questions] == [
        ("Can I keep working?", True),
        ("Is there a waiting list?", False),
    ]
    assert [a.answer for a in me.sure] == ["no", "yes", "not answered", "yes"]
    assert me.sure_result == "unanswered"


def test_not_sure_yet_is_a_normal_outcome(small: KnowledgeBase) -> None:
    profile = profile_of()
    profile.sure = {"sure": False, "understand": True, "risk_benefit": True, "support": True}
    me = build(small, ["stretching"], profile).personal
    assert me is not None and me.sure_result == "not sure yet"
    assert "normal" in me.sure_result_words
    assert "error" not in me.sure_result_words.lower()


def test_without_a_profile_there_is_no_personal_part(small: KnowledgeBase) -> None:
    s = summary_of(small, with_profile=False)
    assert s.personal is None
    for fmt in FORMATS:
        text = render(s, fmt)
        assert "My decision" not in text and "MY DECISION" not in text


def test_shipped_kb_key_figures_are_bounded() -> None:
    kb = kb_of(SHIPPED_KB)
    s = build(kb, default_selection(kb))
    index = Index(kb)
    for option in s.options:
        parts = index.parts.get(option.id, [])
        # one headline per part for a composite option; else at most MAX_BENEFITS
        assert 1 <= len(option.benefits) <= max(MAX_BENEFITS, len(parts))
        assert len(option.harms) <= MAX_HARMS
        assert all(h.rate for h in option.harms[:1])  # a figure with its denominator first
        assert option.benefits[0].outcome_kind == "pain"
    cited = {ref.id for ref in s.sources}
    for option in s.options:
        assert {b.source for b in option.benefits} <= cited
        assert {h.source for h in option.harms} <= cited
    assert all(ref.doi or ref.pmid or ref.other_ids or ref.url for ref in s.sources)


def test_selection_rules(small: KnowledgeBase) -> None:
    assert parse_selection(small, None) == ["stretching", "warm-baths", "rest"]
    assert parse_selection(small, " rest , stretching,rest ") == ["rest", "stretching"]
    with pytest.raises(SelectionError, match="unknown option id 'nope'; known ids: "):
        parse_selection(small, "stretching,nope")
    with pytest.raises(SelectionError, match="at least one"):
        parse_selection(small, " , ")


# ----------------------------------------------------------------------------- each format


def test_markdown_contents(small: KnowledgeBase) -> None:
    text = to_markdown(summary_of(small))
    assert text.startswith("# Fixture: knee stiffness (test data)\n")
    assert "| | Stretching ★ (shortlisted) | Warm baths ★ (shortlisted) | Rest |" in text
    assert "| **How much will it help?** | A little more than sham. [1] |" in text
    assert "**Moderate certainty** [1]" in text
    assert "about 2 in 10,000 people, per year" in text
    assert "guidelines disagree" in text
    assert "DOI [10.1234/fixture.1](https://doi.org/10.1234/fixture.1)" in text
    assert "PMID [12345678](https://pubmed.ncbi.nlm.nih.gov/12345678/)" in text
    assert "> **Test data. Not medical advice.**" in text
    assert "| **Cost** | 4: matters a lot | Usually covered | Hot water only | – |" in text
    assert "- [x] How many sessions will I need?" in text
    assert "- [ ] Is there a waiting list? _(my own question)_" in text
    assert "> Ask about evening sessions." in text
    assert "| Sure of myself | no |" in text


def test_html_contents(small: KnowledgeBase) -> None:
    text = to_html(summary_of(small))
    assert text.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert (
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'" in text
    )
    assert "@page { size: A4;" in text and "@media print" in text
    assert '<a href="https://doi.org/10.1234/fixture.1" rel="noopener noreferrer">' in text
    assert "https://pubmed.ncbi.nlm.nih.gov/12345678/" in text
    assert '<p class="notice">Test data. Not medical advice.</p>' in text
    assert "Cost" in text and "4: matters a lot" in text
    assert "Can I keep working?" in text and "Ask about evening sessions." in text
    assert "<link" not in text and "<img" not in text and "src=" not in text  # self-contained


def test_text_contents_and_width(small: KnowledgeBase) -> None:
    text = to_text(summary_of(small))
    assert text.startswith("FIXTURE: KNEE STIFFNESS (TEST DATA)\n")
    assert max(len(line) for line in text.splitlines()) <= 80
    for needle in (
        "THE OPTIONS SIDE BY SIDE",
        "Moderate certainty. [1]",
        "about 2 in 10,000 people, per year",
        "DOI 10.1234/fixture.1",
        "PMID 12345678",
        "Test data. Not medical advice.",
        "[x] How many sessions will I need?",
        "[ ] Is there a waiting list? (my own question)",
        "Cost: 4 (!)",
    ):
        assert needle in text, needle


def test_json_is_the_summary_structure(small: KnowledgeBase) -> None:
    s = summary_of(small)
    data = json.loads(to_json(s))
    assert data["format"] == "backtui-summary" and data["format_version"] == 3
    assert data["kb_version"] == "test-1"
    assert [o["id"] for o in data["options"]] == ["stretching", "warm-baths", "rest"]
    assert data["options"][0]["benefits"][0]["certainty"] == "moderate"
    assert data["personal"]["ratings"][0]["label"] == "Cost"
    assert data["sources"][0]["doi"] == "10.1234/fixture.1"
    assert data == s.to_dict()


# ----------------------------------------------------------------------------- hostile text


class _Tags(HTMLParser):
    """Collects every tag and attribute of a document (text content is not markup)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [(tag, name, value or "") for name, value in attrs]

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "main", "section", "footer",
    "h1", "h2", "h3", "p", "table", "colgroup", "col", "thead", "tbody", "tr", "th", "td",
    "ul", "ol", "li", "strong", "span", "div", "a",
}  # fmt: skip


def test_html_of_hostile_text_is_inert(hostile: KnowledgeBase) -> None:
    text = to_html(summary_of(hostile, hostile=True))
    assert "<script" not in text.lower()
    assert "<img" not in text.lower()
    parser = _Tags()
    parser.feed(text)
    assert set(parser.tags) <= ALLOWED_TAGS
    for tag, name, value in parser.attrs:
        assert not name.startswith("on"), (tag, name, value)
        assert "javascript:" not in value.lower(), (tag, name, value)
        assert name in {"lang", "charset", "http-equiv", "content", "name", "style", "scope",
                        "class", "href", "rel", "value", "colspan",
                        "aria-hidden"}, name  # fmt: skip
        if name == "href":
            assert value.startswith("https://"), value
            assert not re.search(r"[\s\"'<>()]", value), value
    # The markup of the page alone (tags and attributes, text removed) has no handler either.
    markup = re.sub(r">[^<]*<", "><", text)
    assert not re.search(r"\son\w+\s*=", markup)
    assert "javascript:" not in markup
    # The hostile text shows, literally, as text.
    shown = "".join(parser.text)
    assert "<script>alert(1)</script>" in shown
    assert '" onmouseover="x' in shown
    assert "[@click=app.quit]q[/]" in shown


def test_html_escapes_every_hostile_string(hostile: KnowledgeBase) -> None:
    text = to_html(summary_of(hostile, hostile=True))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&quot; onmouseover=&quot;x" in text
    assert "&#x27; onload=&#x27;y" in text
    assert "&amp;amp; &amp;lt;b&amp;gt;" in text  # entities in the KB are text, not entities
    # The hostile DOI is a link target only after percent-encoding, and escaped as text.
    assert "10.1234/x%22%3E%3Cscript%3Ealert%281%29%3C/script%3E" in text
    assert "DOI <a href" in text
    # An http: address is shown as text, never as a link.
    assert 'href="http:' not in text


def test_markdown_escapes_hostile_text(hostile: KnowledgeBase) -> None:
    text = to_markdown(summary_of(hostile, hostile=True))
    assert "<script" not in text and "<img" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert r"\[\@click=app\.quit\]q\[/\]" in text
    assert r"a\|b \*\* \_\_u\_\_ \`c\` \~\~s\~\~" in text
    assert "](javascript" not in text
    # Every table row keeps its column count: no '|' from the KB splits a cell.
    for block in re.findall(r"(?:^\|.*\|$\n?)+", text, flags=re.M):
        rows = block.strip("\n").split("\n")
        counts = {len(re.findall(r"(?<!\\)\|", row)) for row in rows}
        assert len(counts) == 1, rows
    # Links only go to https: addresses.
    for target in re.findall(r"\]\(([^)]*)\)", text):
        assert target.startswith("https://"), target


def _linkified(markdown: str) -> str:
    """The HTML that markdown-it renders with autolinking on (as GitHub autolinks too)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"linkify": True}).enable(["linkify", "table"]).render(markdown)


@pytest.mark.parametrize(
    "text",
    [
        "https://evil.example/login www.evil.com",
        "HTTPS://EVIL.COM/x and ftp://evil.com",
        "see nice.org.uk or evil.com/login",
        "write to user@evil.com, or mailto:user@evil.com",
        "//evil.com/protocol-relative",
    ],
)
def test_addresses_in_text_never_become_links_when_autolinked(text: str) -> None:
    assert "<a" in _linkified(text)  # the check below means something
    html = _linkified(md(text))
    assert "<a" not in html, html
    assert html.strip() == f"<p>{text.replace('&', '&amp;')}</p>"  # shown as it was written


def test_an_exported_summary_links_only_where_the_export_made_a_link(
    hostile: KnowledgeBase,
) -> None:
    text = to_markdown(summary_of(hostile, hostile=True))
    made = {html.escape(url) for url in re.findall(r"\]\((https://[^)]*)\)", text)}
    linked = set(re.findall(r'<a href="([^"]*)"', _linkified(text)))
    assert made and linked == made


def test_markdown_escaping_rules() -> None:
    assert md("a*b_c") == r"a\*b\_c"
    assert md("[x](javascript:alert(1))") == r"\[x\](javascript:alert(1))"
    assert md("<b>&") == "&lt;b&gt;&amp;"
    assert md("x | y") == r"x \| y"
    assert md("# h\n- item\n1. one\n+ plus") == "\\# h\n\\- item\n1\\. one\n\\+ plus"
    assert md("1. one", line_start=False) == "1. one"


def test_safe_url_only_allows_https() -> None:
    assert safe_url("https://example.org/a b") is None
    assert safe_url("http://example.org/") is None
    assert safe_url("javascript:alert(1)") is None
    assert safe_url(" https://x.org/") == "https://x.org/"  # cleaned first
    assert safe_url('https://x.org/"()<>') == "https://x.org/%22%28%29%3C%3E"


@pytest.mark.parametrize("fmt", [*FORMATS, "csl-json", "ris"])
def test_no_control_characters_in_any_format(hostile: KnowledgeBase, fmt: str) -> None:
    text = render(summary_of(hostile, hostile=True), fmt, kb=hostile)
    assert bad_characters(text) == []
    if fmt != "json":
        assert "\x1b" not in text and "\r" not in text
    visible = clean(HOSTILE).split("\n")[0]
    if fmt == "txt":
        assert "<script>alert(1)</script>" in text and "[@click=app.quit]q[/]" in text
    if fmt == "json":
        assert "\\u001b" not in text  # stripped, not merely escaped by the encoder
        assert visible.split(" javascript")[0] in json.loads(text)["title"]
    if fmt == "csl-json":
        assert "\\u001b" not in text
        assert visible.split(" javascript")[0] in json.loads(text)[0]["title"]
    if fmt == "ris":
        assert "<script>alert(1)</script>" in text
        assert all(re.match(r"^[A-Z][A-Z0-9]  - ", line) for line in text.split("\n") if line)


def test_text_export_of_hostile_kb_stays_within_80_columns(hostile: KnowledgeBase) -> None:
    text = to_text(summary_of(hostile, hostile=True))
    assert max(len(line) for line in text.splitlines()) <= 80


# ----------------------------------------------------------------------------- writing


def test_write_export_refuses_an_existing_file(tmp_path: Path) -> None:
    out = tmp_path / "summary.md"
    out.write_text("keep me", encoding="utf-8")
    with pytest.raises(ExportError, match="already exists; use --force"):
        write_export("new", out, force=False)
    assert out.read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary.md"]


def test_write_export_force_replaces_atomically(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "summary.md"
    out.write_text("old", encoding="utf-8")
    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        calls.append("fsync")
        real_fsync(fd)

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        calls.append("replace")
        assert Path(src).parent == out.parent  # the temporary file is in the same folder
        assert out.read_text(encoding="utf-8") == "old"  # untouched until the rename
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    write_export("new ✓", out, force=True)
    assert calls[:2] == ["fsync", "replace"]
    assert out.read_text(encoding="utf-8") == "new ✓"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary.md"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "summary.md"
    out.write_text("old", encoding="utf-8")

    def fail(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(ExportError, match="No space left on device"):
        write_export("new", out, force=True)
    assert out.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary.md"]


def test_write_export_new_file_and_bad_targets(tmp_path: Path) -> None:
    out = write_export("hello\n", tmp_path / "new.txt", force=False)
    assert out.read_text(encoding="utf-8") == "hello\n"
    with pytest.raises(ExportError, match="is a folder"):
        write_export("x", tmp_path, force=True)
    with pytest.raises(ExportError, match="does not exist"):
        write_export("x", tmp_path / "missing" / "out.md", force=False)


# -- like the shell's `>` (issue 15) --


def test_force_writes_through_a_link_to_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "real.md"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    with pytest.raises(ExportError, match="already exists"):
        write_export("new", link, force=False)
    assert write_export("new", link, force=True) == link
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.md", "real.md"]


def test_a_dangling_link_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.md"
    link.symlink_to(tmp_path / "made.md")
    write_export("new", link, force=False)
    assert link.is_symlink() and (tmp_path / "made.md").read_text(encoding="utf-8") == "new"


def test_a_link_to_a_folder_is_refused_and_stays_a_link(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    link = tmp_path / "link"
    link.symlink_to(folder)
    with pytest.raises(ExportError, match="is a link to a folder"):
        write_export("new", link, force=True)
    assert link.is_symlink() and list(folder.iterdir()) == []


def test_a_link_to_an_open_file_is_written_as_a_stream(tmp_path: Path) -> None:
    # /dev/stdout is a link to /proc/self/fd/1: as root, --force replaced it with a file.
    read_end, write_end = os.pipe()
    link = tmp_path / "stdout"
    link.symlink_to(f"/proc/self/fd/{write_end}")
    try:
        write_export("through the pipe", link, force=True)
        os.close(write_end)
        assert os.read(read_end, 100) == b"through the pipe"
    finally:
        os.close(read_end)
    assert link.is_symlink()


def test_cli_out_dev_stdout_writes_to_standard_output(tmp_path: Path) -> None:
    link = tmp_path / "out"
    link.symlink_to("/dev/stdout")  # a copy, so a regression cannot replace the real one
    result = run_cli(
        "export", "--data", str(KB_SMALL), "--no-profile", "--out", str(link), "--force",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# ")
    assert link.is_symlink() and os.readlink(link) == "/dev/stdout"


def test_a_fifo_is_written_as_a_stream_or_refused_when_nobody_reads(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(ExportError, match="nothing is reading from"):
        write_export("x", fifo, force=False)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        write_export("to the reader", fifo, force=False)
        assert os.read(reader, 100) == b"to the reader"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.parametrize("name", ["newdir/", "newdir/.", "newdir/.."])
def test_a_name_ending_in_a_slash_is_a_folder_not_a_file(tmp_path: Path, name: str) -> None:
    with pytest.raises(ExportError, match="folder; give a file name"):
        write_export("x", f"{tmp_path}/{name}", force=True)
    assert list(tmp_path.iterdir()) == []


def test_a_valid_file_name_of_251_characters_is_written(tmp_path: Path) -> None:
    out = tmp_path / ("s" * 248 + ".md")
    write_export("long", out, force=False)
    assert out.read_text(encoding="utf-8") == "long"
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_format_follows_the_suffix() -> None:
    assert format_for(None, "a.HTML") == "html"
    assert format_for(None, "a.json") == "json"
    assert format_for(None, "a.txt") == "txt"
    assert format_for(None, "a.anything") == "md"
    assert format_for(None, None) == "md"
    assert format_for("txt", "a.html") == "txt"


# ----------------------------------------------------------------------------- the profile


def test_read_profile(tmp_path: Path) -> None:
    assert read_profile(tmp_path / "missing.json") is None
    profile = read_profile(write_profile(tmp_path))
    assert profile is not None and profile.ratings == {"cost": 4, "needles": 1}
    corrupt = tmp_path / "corrupt.json"
    corrupt.write_text("{not json", encoding="utf-8")
    with pytest.raises(ProfileReadError, match="not a valid backtui profile"):
        read_profile(corrupt)
    assert corrupt.read_text(encoding="utf-8") == "{not json"  # read only: never moved aside
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps({**profile_document(), "version": 99}), encoding="utf-8")
    with pytest.raises(ProfileReadError, match="newer backtui"):
        read_profile(newer)
    with pytest.raises(ProfileReadError, match="not a regular file"):
        read_profile(tmp_path)


# ----------------------------------------------------------------------------- the command


def test_cli_markdown_to_stdout(tmp_path: Path) -> None:
    result = run_cli("export", "--data", str(KB_SMALL), "--no-profile", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith("# Fixture: knee stiffness (test data)")
    assert "Test data. Not medical advice." in result.stdout


@pytest.mark.parametrize("fmt", ["txt", "json", "html"])
def test_cli_other_formats_to_stdout(tmp_path: Path, fmt: str) -> None:
    result = run_cli("export", "--format", fmt, "--data", str(KB_SMALL), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    if fmt == "json":
        assert json.loads(result.stdout)["title"] == "Fixture: knee stiffness (test data)"
    if fmt == "html":
        assert result.stdout.startswith("<!DOCTYPE html>")


def test_cli_with_a_profile_and_a_comparison(tmp_path: Path) -> None:
    kb = write_small_kb(tmp_path)
    profile = write_profile(tmp_path)
    before = profile.read_bytes()
    result = run_cli(
        "export", "--format", "txt", "--compare", "warm-baths,stretching",
        "--profile", str(profile), "--data", str(kb), cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.index("Warm baths") < out.index("Stretching")
    assert "Ask about evening sessions." in out and "Cost: 4 (!)" in out
    assert profile.read_bytes() == before  # read only
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [
        "kb_decision.yaml",
        "profile.json",
    ]  # no lock file, no backup


def test_cli_missing_profile_exports_without_personal_data(tmp_path: Path) -> None:
    result = run_cli(
        "export", "--profile", str(tmp_path / "none.json"), "--data", str(KB_SMALL), cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "My decision" not in result.stdout
    assert not (tmp_path / "none.json").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{broken", "is not a valid backtui profile"),
        (json.dumps({**profile_document(), "version": 3}), "newer backtui"),
        (json.dumps({**profile_document(), "ratings": {"cost": 9}}), "outside 0 to 4"),
    ],
)
def test_cli_unusable_profile_exits_2(tmp_path: Path, content: str, message: str) -> None:
    profile = tmp_path / "profile.json"
    profile.write_text(content, encoding="utf-8")
    result = run_cli("export", "--profile", str(profile), "--data", str(KB_SMALL), cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""
    assert profile.read_text(encoding="utf-8") == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["profile.json"]


def test_cli_no_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "summary.html"
    out.write_text("precious", encoding="utf-8")
    stamp = out.stat().st_mtime_ns
    result = run_cli("export", "--data", str(KB_SMALL), "--out", str(out), cwd=tmp_path)
    assert result.returncode == 2
    assert "already exists; use --force to overwrite it" in result.stderr
    assert out.read_text(encoding="utf-8") == "precious"
    assert out.stat().st_mtime_ns == stamp
    result = run_cli("export", "--data", str(KB_SMALL), "--out", str(out), "--force", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"wrote {out}" in result.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")  # from the suffix
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".summary")] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--compare", "stretching,nope"], "unknown option id 'nope'"),
        (["--format", "pdf"], "invalid choice: 'pdf'"),
        (["--out", "/nonexistent-dir/x.md"], "does not exist"),
    ],
)
def test_cli_errors_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    result = run_cli("export", "--data", str(KB_SMALL), *args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_cli_invalid_kb_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\n", encoding="utf-8")
    result = run_cli("export", "--data", str(bad), cwd=tmp_path)
    assert result.returncode == 2
    assert "is not valid" in result.stderr and "Traceback" not in result.stderr


def test_cli_hostile_html_file_is_inert(tmp_path: Path) -> None:
    kb = write_hostile_kb(tmp_path)
    profile = write_profile(tmp_path, hostile=True)
    out = tmp_path / "out.html"
    result = run_cli(
        "export", "--data", str(kb), "--profile", str(profile), "--out", str(out), cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "<script" not in text and bad_characters(text) == []
    parser = _Tags()
    parser.feed(text)
    assert not any(name.startswith("on") for _, name, _ in parser.attrs)


def test_export_never_imports_textual(tmp_path: Path) -> None:
    code = (
        "import io, sys, contextlib\n"
        "from backtui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    for fmt in ('md', 'html', 'txt', 'json'):\n"
        f"        assert main(['export', '--format', fmt, '--data', {str(KB_SMALL)!r}]) == 0\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual',) "
        "or m.startswith('backtui.ui'))\n"
        "print(bad)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "BACKTUI_DATA"}
    env["XDG_DATA_HOME"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_cli_uses_the_apps_profile_unless_told_not_to(tmp_path: Path) -> None:
    kb = write_small_kb(tmp_path)
    folder = tmp_path / ".xdg-data-home" / "backtui"  # where run_cli points XDG_DATA_HOME
    folder.mkdir(parents=True)
    write_profile(folder)
    with_profile = run_cli("export", "--format", "txt", "--data", str(kb), cwd=tmp_path)
    assert with_profile.returncode == 0, with_profile.stderr
    assert "Ask about evening sessions." in with_profile.stdout
    without = run_cli("export", "--format", "txt", "--no-profile", "--data", str(kb), cwd=tmp_path)
    assert without.returncode == 0, without.stderr
    assert "MY DECISION" not in without.stdout


def test_cli_out_dash_is_stdout(tmp_path: Path) -> None:
    result = run_cli(
        "export", "--format", "json", "--out", "-", "--data", str(KB_SMALL), cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["format"] == "backtui-summary"
    assert not (tmp_path / "-").exists()
