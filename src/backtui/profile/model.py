"""The person's own decision data: ratings, shortlist, notes, questions and the SURE check.

Stored as one versioned JSON document (format described in README "Your profile"). Pure Python;
never imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

FORMAT_NAME = "backtui-profile"
FORMAT_VERSION = 2  # 2 added "settings"; a version-1 file is read as if it had the defaults

RATING_MIN = 0  # does not matter
RATING_MAX = 4  # matters a lot

# The SURE test (Légaré et al. 2010): four yes/no questions; "not sure yet" is a normal answer.
SURE_ITEMS: tuple[tuple[str, str], ...] = (
    ("sure", "Sure of myself: do you feel sure about the best choice for you?"),
    (
        "understand",
        "Understand the information: do you know the benefits and risks of each option?",
    ),
    (
        "risk_benefit",
        "Risk-benefit ratio: are you clear about which benefits and risks matter most to you?",
    ),
    ("support", "Encouragement: do you have enough support and advice to make a choice?"),
)


@dataclass
class OwnQuestion:
    id: str
    text: str
    ticked: bool = False


EvidenceLayer = Literal["plain", "clinician"]  # plain words, or the clinician's numbers


@dataclass
class Settings:
    """How the app was left: kept so the next launch looks the same."""

    theme: str = ""  # a Textual theme name; "" for the default
    layer: EvidenceLayer = "plain"
    comparator: str = ""  # the Benefits comparator; "" for all comparators
    export_folder: str = ""  # where the last export was saved; "" for the default


@dataclass
class Profile:
    kb_id: str = ""
    ratings: dict[str, int] = field(default_factory=dict)  # factor id -> 0..4
    shortlist: list[str] = field(default_factory=list)  # option ids, in the order marked
    notes: dict[str, str] = field(default_factory=dict)  # option id -> free text
    ticked_prompts: list[str] = field(default_factory=list)  # KB prompt ids ticked
    own_questions: list[OwnQuestion] = field(default_factory=list)
    sure: dict[str, bool | None] = field(default_factory=dict)  # SURE item -> yes/no/unanswered
    updated: str = ""  # ISO 8601 time of the last save
    settings: Settings = field(default_factory=Settings)

    def sure_result(self) -> str:
        """'ready' when all four are yes; 'not sure yet' otherwise (a normal outcome)."""
        answers = [self.sure.get(key) for key, _ in SURE_ITEMS]
        if all(answer is True for answer in answers):
            return "ready"
        if any(answer is None for answer in answers):
            return "unanswered"
        return "not sure yet"
