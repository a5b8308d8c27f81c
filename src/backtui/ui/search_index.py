"""Every searchable piece of knowledge-base text, with where it lives in the interface."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content

from backtui.kb.queries import Index
from backtui.ui import present
from backtui.ui.present import Target


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


def _entries(index: Index) -> list[Entry]:
    kb = index.kb
    out: list[Entry] = []
    for option in kb.options:
        name = present.clean(option.name)
        out.append(
            _entry(
                f"{name} › Overview",
                [option.name, option.summary],
                Target("option", option.id, option.id),
                "overview",
            )
        )
        involves = [v for _, v in present.involves_lines(option.involves)]
        if involves:
            out.append(
                _entry(
                    f"{name} › Practicalities",
                    involves,
                    Target("involves", option.id, option.id),
                    "practicalities",
                )
            )
        for row in option.evidence:
            out.append(
                _entry(
                    f"{name} › Benefits",
                    [
                        present.outcome_name(row),
                        row.comparator_label,
                        row.plain,
                        row.timepoint,
                        row.note or "",
                    ],
                    Target("evidence", option.id, row.id),
                    "benefits",
                )
            )
        for harm in option.harms:
            aspect = "side-effects" if harm.kind == "side-effect" else "safety"
            out.append(
                _entry(
                    f"{name} › {'Side effects' if aspect == 'side-effects' else 'Safety'}",
                    [harm.label, harm.description],
                    Target("harm", option.id, harm.id),
                    aspect,
                )
            )
    for guideline in kb.guidelines:
        for position in guideline.positions:
            option_name = present.clean(index.options[position.option].name)
            out.append(
                _entry(
                    f"{option_name} › Guidelines",
                    [guideline.body, guideline.title, position.statement, position.strength],
                    Target("position", position.option, position.option, guideline.id),
                    "guidelines",
                )
            )
    for question in kb.questions:
        for answer in question.answers:
            option_name = present.clean(index.options[answer.option].name)
            out.append(
                _entry(
                    f"{option_name} › Grid",
                    [question.text, answer.short, answer.full or ""],
                    Target("answer", answer.option, question.id),
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
