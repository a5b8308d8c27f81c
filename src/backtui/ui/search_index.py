"""Every searchable piece of knowledge-base text, with where it lives in the interface.

What an entry shows and matches is the view model's own text for that record, so search
finds what the screens say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from textual.content import Content

from backtui.kb.queries import Index
from backtui.ui import present
from backtui.views import model
from backtui.views.aspects import BY_ID, aspect_of_harm
from backtui.views.model import Target
from backtui.wording import NO_ANSWER, involves_lines

WORD = re.compile(r"\w+")
TYPO_FROM = 5  # letters: a shorter word must be typed right (one slip turns "pain" to "rain")
TWO_TYPOS_FROM = 8


SNIPPET = 300  # characters of an entry's text shown in the results
LEAD_IN = 60  # characters shown before the first match, when it lies further in


@dataclass(frozen=True)
class Entry:
    haystack: str  # lower-cased text searched
    where: str  # "Acupuncture › Benefits"
    body: str  # the text, cleaned, on one line
    target: Target
    aspect: str  # where Enter jumps: an aspect id, "grid" or "claims"
    words: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Found:
    entry: Entry
    words: tuple[str, ...]  # what matched, lower-cased: the terms, or the words they misspelt
    exact: bool

    def display(self) -> Content:
        """Where the entry is, and its text from a little before the first match, with what
        matched underlined (and bold: not told by colour alone)."""
        body = self.entry.body
        lowered = body.lower()
        first = min((i for i in map(lowered.find, self.words) if i >= 0), default=0)
        start = 0 if first < SNIPPET - LEAD_IN else first - LEAD_IN
        snippet = body[start : start + SNIPPET]
        shown = ("…" if start else "") + snippet + ("…" if start + SNIPPET < len(body) else "")
        content = present.literal(shown)
        plain = shown.lower()
        for word in self.words:
            at = plain.find(word)
            while at != -1:
                content = content.stylize("bold underline", at, at + len(word))
                at = plain.find(word, at + len(word))
        return Content.assemble((f"{self.entry.where}  ", "bold $text-accent"), content)


def within_typos(term: str, word: str) -> bool:
    """One typo (two in a long word): a letter missed, added, changed or two swapped."""
    if len(term) < TYPO_FROM or term == word:
        return term == word
    most = 2 if len(term) >= TWO_TYPOS_FROM else 1
    if abs(len(term) - len(word)) > most:
        return False
    previous2: list[int] | None = None
    previous = list(range(len(word) + 1))
    for i, a in enumerate(term, 1):
        row = [i] + [0] * len(word)
        for j, b in enumerate(word, 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a != b))
            if previous2 is not None and j > 1 and a == word[j - 2] and term[i - 2] == b:
                row[j] = min(row[j], previous2[j - 2] + 1)  # two letters swapped
        if min(row) > most:
            return False
        previous2, previous = previous, row
    return previous[-1] <= most


class SearchIndex:
    def __init__(self, index: Index) -> None:
        self.entries = list(_entries(index))
        self.vocabulary = sorted(set().union(*(entry.words for entry in self.entries)))

    def find(self, query: str, limit: int) -> list[Found]:
        """Entries holding every term; where a term is found nowhere as typed, the words it
        is a typo of ("acupunture" finds acupuncture). Exact matches come first."""
        terms = query.lower().split()
        if not terms:
            return []
        exact: list[Found] = []
        near: list[Found] = []
        spellings = {
            term: [word for word in self.vocabulary if within_typos(term, word)]
            for term in terms
            if not any(term in entry.haystack for entry in self.entries)
        }
        for entry in self.entries:
            matched: list[str] = []
            for term in terms:
                if term not in spellings:
                    if term not in entry.haystack:
                        break
                    matched.append(term)
                else:
                    hits = [word for word in spellings[term] if word in entry.words]
                    if not hits:
                        break
                    matched += hits
            else:
                found = Found(entry, tuple(matched), not spellings)
                (exact if found.exact else near).append(found)
                if len(exact) >= limit:
                    break
        return (exact + near)[:limit]


def _entry(where: str, text: list[str], target: Target, aspect: str) -> Entry:
    body = " ".join(" · ".join(present.clean(t) for t in text if t).split())
    haystack = " ".join(text).lower()
    return Entry(haystack, where, body, target, aspect, frozenset(WORD.findall(haystack)))


def _record_entry(index: Index, where: str, target: Target, aspect: str) -> Entry:
    view = model.record(index, target)
    assert view is not None  # every target made here has a record
    text = [view.title]
    for block in view.blocks:
        if block.role == "heading":  # the source's own fields, searched as a source
            break
        text.append(model.block_text(block))
    return _entry(where, text, target, aspect)


def _entries(index: Index) -> list[Entry]:
    kb = index.kb
    out: list[Entry] = []
    for option in kb.options:
        name = present.clean(option.name)
        out.append(
            _entry(
                f"{name} › {BY_ID['overview'].label}",
                [option.name, option.summary],
                Target("option", option.id, option.id),
                "overview",
            )
        )
        involves = [v for _, v in involves_lines(option.involves)]
        if involves:
            out.append(
                _entry(
                    f"{name} › {BY_ID['practicalities'].label}",
                    involves,
                    Target("involves", option.id, option.id),
                    "practicalities",
                )
            )
        for row in option.evidence:
            target = Target("evidence", option.id, row.id)
            out.append(
                _record_entry(index, f"{name} › {BY_ID['benefits'].label}", target, "benefits")
            )
        for harm in option.harms:
            aspect = aspect_of_harm(harm.kind)
            target = Target("harm", option.id, harm.id)
            out.append(_record_entry(index, f"{name} › {BY_ID[aspect].label}", target, aspect))
    for guideline in kb.guidelines:
        for position in guideline.positions:
            option_name = present.clean(index.options[position.option].name)
            target = Target("position", position.option, position.option, guideline.id)
            where = f"{option_name} › {BY_ID['guidelines'].label}"
            out.append(_record_entry(index, where, target, "guidelines"))
    for question in kb.questions:
        for option in kb.options:
            answer = model.grid_answer(question, option.id)
            if answer.short == NO_ANSWER or (answer.shared and option.parent is not None):
                continue
            out.append(
                _entry(
                    f"{present.clean(option.name)} › Grid",
                    [question.text, answer.short, answer.full],
                    Target("answer", option.id, question.id),
                    "grid",
                )
            )
    for claim in kb.claims:
        out.append(
            _entry("Claims", [claim.claim, claim.evidence], Target("claim", "", claim.id), "claims")
        )
    citing: dict[str, str] = {}
    for option in kb.options:
        for source in index.cited_sources(option.id):
            citing.setdefault(source.id, option.id)
    for source in kb.sources:
        out.append(
            _entry(
                "Sources",
                [source.authors, source.title, source.journal, source.doi or "", source.pmid or ""],
                Target("source", citing.get(source.id, ""), source.id),
                "sources" if source.id in citing else "detail",
            )
        )
    return out
