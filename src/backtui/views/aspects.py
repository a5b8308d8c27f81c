"""The aspects an option is compared on, defined once for every surface.

Adding an aspect is one entry here plus how :func:`backtui.views.model.aspect_items` fills it;
the app's strip, its number key, ``backtui show --aspect`` and the empty-state text all come
from this table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from backtui.kb.schema import HarmKind

AspectId = Literal[
    "overview", "benefits", "safety", "side-effects", "practicalities", "guidelines", "sources"
]


@dataclass(frozen=True)
class Aspect:
    id: AspectId
    label: str
    key: str  # the number key that shows it in the app
    empty: str  # what a column says when the knowledge base has nothing for it
    harm_kinds: tuple[HarmKind, ...] = ()  # for harm aspects: which kinds of harm belong to it
    short: str = ""  # a shorter label for narrow screens; "" when the label is short already

    @property
    def short_label(self) -> str:
        return self.short or self.label


ALL: tuple[Aspect, ...] = (
    Aspect("overview", "Overview", "1", "No overview in this knowledge base"),
    Aspect("benefits", "Benefits", "2", "No evidence in this knowledge base"),
    Aspect(
        "safety",
        "Safety",
        "3",
        "No safety evidence in this knowledge base",
        ("serious", "caution"),
    ),
    Aspect(
        "side-effects",
        "Side effects",
        "4",
        "No side-effect evidence in this knowledge base",
        ("side-effect",),
        "Side eff",
    ),
    Aspect(
        "practicalities",
        "Practicalities",
        "5",
        "No practical details in this knowledge base",
        short="Practical",
    ),
    Aspect(
        "guidelines",
        "Guidelines",
        "6",
        "No guideline position in this knowledge base",
        short="Guides",
    ),
    Aspect("sources", "Sources", "7", "No sources in this knowledge base"),
)
# Keyed by str: the app's screens and the command line look up ids they hold as text.
BY_ID: dict[str, Aspect] = {a.id: a for a in ALL}
ASPECTS: tuple[tuple[AspectId, str], ...] = tuple((a.id, a.label) for a in ALL)
ASPECT_IDS: tuple[AspectId, ...] = tuple(a.id for a in ALL)


def aspect_of_harm(kind: HarmKind) -> AspectId:
    """The aspect a harm of ``kind`` is shown under."""
    return next(a.id for a in ALL if kind in a.harm_kinds)
