"""Every searchable piece of knowledge-base text, with where it lives in the interface.

What an entry shows and matches is the view model's own text for that record, so search
finds what the screens say.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content

from backtui.kb.queries import Index
from backtui.ui import present
from backtui.views import model
from backtui.views.aspects import BY_ID, aspect_of_harm
from backtui.views.model import Target
from backtui.wording import NO_ANSWER, involves_lines


@dataclass(frozen=True)
class Entry:
    haystack: str  # lower-cased text searched
    display: Content
    target: Target
    aspect: str  # where Enter jumps: an aspect id, "grid" or "claims"


class SearchIndex:
    def __init__(self, index: Index) -> None:
        self.entries = list(_entries(index))

    def find(self, query: str, limit: int) -> list[Entry]:
        terms = query.lower().split()
        if not terms:
            return []
        found = []
        for entry in self.entries:
            if all(term in entry.haystack for term in terms):
                found.append(entry)
                if len(found) >= limit:
                    break
        return found


def _entry(where: str, text: list[str], target: Target, aspect: str) -> Entry:
    body = " · ".join(present.clean(t) for t in text if t)
    display = Content.assemble(
        (f"{where}  ", "bold $text-accent"),
        present.literal(body[:300] + ("…" if len(body) > 300 else "")),
    )
    return Entry(" ".join(text).lower(), display, target, aspect)


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
