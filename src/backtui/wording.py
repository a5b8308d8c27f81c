"""The one wording: the words and number formats every surface uses.

The app, ``backtui show``, the exports and the view model take their words from here (and the
certainty, stance, verdict and comparator words from ``backtui.kb.queries``), so a label reads
the same everywhere. Pure Python; never imports Textual.
"""

from __future__ import annotations

from rich.cells import cell_len

from backtui.kb.queries import Index
from backtui.kb.schema import Evidence, Involves, Source
from backtui.sanitize import clean as clean  # re-exported for summary and export

# C0 and C1 controls (keeping newline and tab), DEL, and the bidirectional overrides and
# isolates that can make text display in a different order from how it reads.

MINUS = "\u2212"

NO_ANSWER = "No answer in this knowledge base"

MID_WORDS = {
    "yes": "reaches the difference patients notice",
    "no": "does not reach the difference patients notice",
    "unclear": "unclear whether patients would notice the difference",
    "not-applicable": "",
}
# The rating scale, in the one wording every surface uses (the app's rating rows and hint,
# the exports, the README and the profile docs).
RATING_WORDS: tuple[str, ...] = (
    "does not matter",
    "matters a little",
    "matters somewhat",
    "matters",
    "matters a lot",
)
# How a guideline's stance is marked and, where space is short (the handout), named.
STANCE_GLYPHS = {"recommend": "✔", "conditional": "◐", "against": "✘", "no-statement": "–"}
SEVERITY_GLYPHS = {"mild": "·", "significant": "▲", "serious": "▲▲", "caution": "!"}
VERDICT_GLYPHS = {"supported": "✔", "partly-supported": "◐", "unsupported": "✘", "unclear": "?"}
STANCE_SHORT = {
    "recommend": "recommends",
    "conditional": "conditional",
    "against": "against",
    "no-statement": "no statement",
}
DISCLAIMER_FALLBACK = "This informs a conversation with your clinician. It is not medical advice."


def one_line(text: str) -> str:
    """Clean text with every run of whitespace (newlines included) made a single space."""
    return " ".join(clean(text).split())


def number(value: float) -> str:
    """1.0 -> '1', -10.26 -> '−10.26', 20464 -> '20,464'."""
    if float(value).is_integer() and abs(value) >= 1000:
        text = f"{int(value):,}"
    elif float(value).is_integer():
        text = str(int(value))
    else:
        text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace("-", MINUS)


def outcome_name(row: Evidence) -> str:
    return one_line(row.outcome_label or row.outcome.replace("-", " ").capitalize())


def effect_numbers(row: Evidence, index: Index, with_scale: bool = True) -> str:
    """e.g. 'MD −10.26 (95% CI −17.11 to −3.4) on Pain (0-100)'; '' for a finding in words.

    ``with_scale=False`` leaves out 'on <scale>'."""
    if row.measure is None or row.estimate is None:
        return ""
    text = f"{row.measure.upper()} {number(row.estimate)}"
    if row.measure == "rd":
        text += " percentage points"
    if row.ci_low is not None and row.ci_high is not None:
        text += f" (95% CI {number(row.ci_low)} to {number(row.ci_high)})"
    if with_scale and row.scale is not None and row.scale in index.scales:
        text += f" on {one_line(index.scales[row.scale].name)}"
    return text


def size_of_evidence(row: Evidence) -> str:
    parts = []
    if row.studies is not None:
        parts.append(f"{number(row.studies)} {'study' if row.studies == 1 else 'studies'}")
    if row.participants is not None:
        parts.append(f"{number(row.participants)} people")
    return ", ".join(parts)


def natural_frequencies(row: Evidence, option_name: str) -> str:
    """'About 48 in 100 people improved with X, compared with 27 in 100 with Y.'"""
    if row.arms is None:
        return ""
    return (
        f"About {round(row.arms.intervention)} in 100 people improved with "
        f"{one_line(option_name)}, compared with {round(row.arms.comparator)} in 100 with "
        f"{one_line(row.comparator_label)}."
    )


def involves_lines(involves: Involves) -> list[tuple[str, str]]:
    fields = (
        ("Sessions", involves.sessions),
        ("Each session", involves.session_length),
        ("Over", involves.duration),
        ("Given by", involves.delivered_by),
        ("Cost", involves.cost),
        ("Access", involves.access),
    )
    return [(label, one_line(value)) for label, value in fields if value]


def source_identifiers(source: Source) -> list[str]:
    """'DOI 10.x/y', 'PMID 123', 'ISBN ...', other identifier: how a reader finds the source."""
    ident = []
    if source.doi:
        ident.append(f"DOI {one_line(source.doi)}")
    if source.pmid:
        ident.append(f"PMID {one_line(source.pmid)}")
    if source.isbn:
        ident.append(f"ISBN {one_line(source.isbn)}")
    if source.other_id:
        ident.append(one_line(source.other_id))
    return ident


def cell_width(text: str) -> int:
    """Terminal columns ``text`` takes, as Rich (and so the app) counts them: wide East Asian
    characters 2, combining marks 0, and an emoji made wide by VS16 ("⚠️") 2, not 1."""
    return cell_len(text)


def _split_to_width(word: str, width: int) -> list[str]:
    pieces: list[str] = []
    current = ""
    used = 0
    for char in word:
        size = cell_width(char)
        if used + size > width and current:
            pieces.append(current)
            current, used = "", 0
        current += char
        used += size
    if current:
        pieces.append(current)
    return pieces


def wrap(text: str, width: int) -> list[str]:
    """Wrap clean text to ``width`` terminal columns; paragraphs (newlines) are kept.

    Words longer than the width are broken; no returned line is wider than ``width``.
    """
    width = max(1, width)
    lines: list[str] = []
    for paragraph in clean(text).split("\n"):
        words = paragraph.split()
        if not words:
            lines.append("")
            continue
        current = ""
        used = 0
        for word in words:
            size = cell_width(word)
            if size > width:
                if current:
                    lines.append(current)
                pieces = _split_to_width(word, width)
                lines += pieces[:-1]
                current, used = pieces[-1], cell_width(pieces[-1])
                continue
            if not current:
                current, used = word, size
            elif used + 1 + size <= width:
                current += " " + word
                used += 1 + size
            else:
                lines.append(current)
                current, used = word, size
        lines.append(current)
    return lines


def pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` terminal columns."""
    return text + " " * max(0, width - cell_width(text))
