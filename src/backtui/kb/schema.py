"""The knowledge-base schema: msgspec structs, strict (no unknown keys, no type coercion).

Rules that involve one record (CI order, participants >= studies, dates) live in
``__post_init__``; rules that span the file (references resolve, ids unique) are in
``backtui.kb.validate``, which reports the exact path of each offending value.
"""

from __future__ import annotations

import datetime
import math
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

SCHEMA_VERSION = 1

Slug = Annotated[
    str,
    Meta(
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        max_length=64,
        description="lowercase letters, digits and hyphens",
    ),
]
Text = Annotated[str, Meta(min_length=1, max_length=20_000, pattern=r"\S")]
ShortText = Annotated[str, Meta(min_length=1, max_length=400, pattern=r"\S")]
Url = Annotated[str, Meta(pattern=r"^https?://\S+$", max_length=2_000)]
Doi = Annotated[str, Meta(pattern=r"^10\.\d{4,9}/\S+$", max_length=300)]
Pmid = Annotated[str, Meta(pattern=r"^[1-9][0-9]{0,8}$")]
Year = Annotated[int, Meta(ge=1900, le=2100)]
Percent = Annotated[float, Meta(ge=0, le=100)]
# Counts of people, studies and events. Bounded, because an integer of hundreds of digits is
# valid YAML and could not even be turned into a float to be shown.
MAX_COUNT = 1_000_000_000
Count = Annotated[int, Meta(ge=0, le=MAX_COUNT)]
PositiveCount = Annotated[int, Meta(ge=1, le=MAX_COUNT)]

Better = Literal["lower", "higher"]  # which direction of a scale favours the treatment
Certainty = Literal["high", "moderate", "low", "very-low", "not-graded"]
Comparator = Literal["sham", "no-treatment", "usual-care", "placebo", "other"]
Outcome = Literal["pain", "function", "quality-of-life", "response", "other"]
Measure = Literal["md", "smd", "rr", "or", "rd", "mean-change"]
ReachesMid = Literal["yes", "no", "unclear", "not-applicable"]
SourceKind = Literal["systematic-review", "rct", "guideline", "cohort", "survey", "other"]
HarmKind = Literal["serious", "side-effect", "caution"]
Severity = Literal["mild", "significant", "serious"]
Denominator = Literal["patients", "treatments"]
Stance = Literal["recommend", "conditional", "against", "no-statement"]
Verdict = Literal["supported", "partly-supported", "unsupported", "unclear"]


class _Record(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Base for every record: immutable, keyword-only, unknown keys rejected.

    Records spell out their fields even where they look alike (``editor_note``, ``sources``):
    each is the whole schema of one YAML mapping, read top to bottom, and the field order is
    the order of the generated JSON Schema."""


def _fail(field: str, message: str) -> ValueError:
    """A record-level error that names its field; the loader turns it into a located path."""
    return ValueError(f"field `{field}`: {message}")


# No effect, CI or scale end needs more; beyond it a plot's axis arithmetic overflows to inf.
MAX_MAGNITUDE = 1e9


def _finite(name: str, value: float | None) -> None:
    if value is not None and not math.isfinite(value):
        raise _fail(name, f"must be a finite number, not {value}")
    if value is not None and abs(value) > MAX_MAGNITUDE:
        raise _fail(name, f"must be between -1,000,000,000 and 1,000,000,000, not {value:g}")


def _ci(low: float | None, estimate: float, high: float | None, name: str = "estimate") -> None:
    _finite("ci_low", low)
    _finite("ci_high", high)
    if (low is None) != (high is None):
        raise _fail(
            "ci_low" if low is None else "ci_high", "give both ci_low and ci_high, or neither"
        )
    if low is not None and high is not None:
        if low > high:
            raise _fail("ci_low", f"ci_low ({low}) is above ci_high ({high}): an inverted CI")
        if not low <= estimate <= high:
            raise _fail(name, f"the {name} ({estimate}) lies outside its CI ({low} to {high})")


class Condition(_Record, frozen=True, kw_only=True):
    name: ShortText
    definition: Text


class NaturalCourse(_Record, frozen=True, kw_only=True):
    text: Text
    sources: list[Slug] = []
    editor_note: Text | None = None


class KBMeta(_Record, frozen=True, kw_only=True):
    id: Slug
    title: ShortText
    version: ShortText
    condition: Condition
    audience: Text
    language: Annotated[str, Meta(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")] = "en"
    reviewed: datetime.date
    next_review: datetime.date
    update_policy: Text
    funding: Text
    conflicts_of_interest: Text
    editors: Annotated[list[ShortText], Meta(min_length=1)]
    disclaimer: Text
    natural_course: NaturalCourse
    # Options shown side by side at start, in this order; empty: the first three top-level ones.
    default_compare: list[Slug] = []

    def __post_init__(self) -> None:
        if self.next_review <= self.reviewed:
            raise _fail("next_review", "must fall after reviewed")


class Scale(_Record, frozen=True, kw_only=True):
    id: Slug
    name: ShortText
    unit: ShortText
    min: float
    max: float
    better: Better
    mid: Annotated[float, Meta(gt=0)] | None = None
    mid_source: Slug | None = None
    description: Text | None = None

    def __post_init__(self) -> None:
        _finite("min", self.min)
        _finite("max", self.max)
        _finite("mid", self.mid)
        if self.min >= self.max:
            raise _fail("max", "must be greater than min")
        if self.mid is not None:
            if self.mid > self.max - self.min:
                raise _fail("mid", "is larger than the whole scale")
            if self.mid_source is None:
                raise _fail("mid", "a minimal important difference needs a mid_source")


class Source(_Record, frozen=True, kw_only=True):
    id: Slug
    kind: SourceKind
    authors: ShortText
    year: Year
    title: Text
    journal: ShortText
    doi: Doi | None = None
    pmid: Pmid | None = None
    isbn: Annotated[str, Meta(pattern=r"^[0-9Xx -]{10,17}$")] | None = None
    other_id: ShortText | None = None
    urls: Annotated[list[Url], Meta(min_length=1)]
    # The issuing body's own page, for a guideline or an official page without a DOI or PMID.
    # A source's primary address is derived (``queries.primary_address``): DOI, else PMID,
    # else ``home``, else the first of ``urls``; ``urls`` stay as where each figure was read.
    home: Url | None = None
    note: Text | None = None
    # For editors only (how a figure was read, what could not be confirmed); never shown to
    # patients. ``backtui check`` lists these notes.
    editor_note: Text | None = None


class Arms(_Record, frozen=True, kw_only=True):
    intervention: Percent
    comparator: Percent
    definition: Text


class Evidence(_Record, frozen=True, kw_only=True):
    id: Slug
    comparator: Comparator
    comparator_label: ShortText
    outcome: Outcome
    outcome_label: ShortText | None = None
    scale: Slug | None = None
    timepoint: ShortText
    measure: Measure | None = None  # None with estimate None: a finding the source gave in words
    estimate: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    arms: Arms | None = None
    participants: PositiveCount | None = None
    studies: PositiveCount | None = None
    certainty: Certainty
    downgrade_reasons: list[ShortText] = []
    reaches_mid: ReachesMid
    # The review's own important difference, where it set one (for example 20 points for an
    # opioid review); it overrides the scale's ``mid`` for this row. ``mid_source`` names the
    # source that set it, when that is not the row's own ``source``.
    mid: Annotated[float, Meta(gt=0)] | None = None
    mid_source: Slug | None = None
    plain: Text
    source: Slug
    # Other treatments the source pooled with this option (e.g. "acupuncture" in a review of
    # needling therapies): such a finding is not about the option alone, so it comes after
    # the option's own evidence.
    pooled_with: ShortText | None = None
    note: Text | None = None
    editor_note: Text | None = None

    def __post_init__(self) -> None:
        _finite("mid", self.mid)
        if self.mid_source is not None and self.mid is None:
            raise _fail("mid_source", "names the source of a `mid` that is not given")
        if (self.measure is None) != (self.estimate is None):
            raise _fail(
                "estimate" if self.estimate is None else "measure",
                "give measure and estimate together, or neither for a finding in words",
            )
        if self.estimate is None:
            if self.ci_low is not None or self.ci_high is not None:
                raise _fail("ci_low", "a CI needs an estimate")
        else:
            _finite("estimate", self.estimate)
            _ci(self.ci_low, self.estimate, self.ci_high)
        if (
            self.participants is not None
            and self.studies is not None
            and self.participants < self.studies
        ):
            raise _fail("participants", "must be at least the number of studies")
        if self.measure == "md" and self.scale is None:
            raise _fail("measure", "a mean difference (md) needs its scale")
        if self.measure in ("rr", "or") and self.estimate is not None and self.estimate <= 0:
            raise _fail("estimate", "a ratio (rr, or) must be greater than 0")


class Rate(_Record, frozen=True, kw_only=True):
    value: Annotated[float, Meta(ge=0)]
    per: Literal[100, 1000, 10000, 100000, 1000000]
    ci_low: Annotated[float, Meta(ge=0)] | None = None
    ci_high: Annotated[float, Meta(ge=0)] | None = None
    denominator: Denominator
    events: Count | None = None
    total: PositiveCount | None = None
    period: ShortText | None = None

    def __post_init__(self) -> None:
        _finite("value", self.value)
        _ci(self.ci_low, self.value, self.ci_high, "value")
        if self.value > self.per:
            raise _fail("value", f"a rate of {self.value} per {self.per} is more than everyone")
        if self.ci_high is not None and self.ci_high > self.per:
            raise _fail("ci_high", f"a CI up to {self.ci_high} per {self.per} is more than all")
        if self.events is not None and self.total is not None and self.events > self.total:
            raise _fail("events", "cannot exceed total")


class Harm(_Record, frozen=True, kw_only=True):
    id: Slug
    kind: HarmKind
    label: ShortText
    severity: Severity | None = None
    rate: Rate | None = None
    description: Text
    source: Slug
    editor_note: Text | None = None

    def __post_init__(self) -> None:
        if self.kind != "caution" and self.severity is None:
            raise _fail(
                "severity", f"a {self.kind} harm needs a severity (mild, significant, serious)"
            )


class Involves(_Record, frozen=True, kw_only=True):
    sessions: ShortText | None = None
    session_length: ShortText | None = None
    duration: ShortText | None = None
    delivered_by: ShortText | None = None
    cost: Text | None = None
    access: Text | None = None
    sources: list[Slug] = []


class Fact(_Record, frozen=True, kw_only=True):
    factor: Slug
    text: ShortText
    sources: list[Slug] = []


class Option(_Record, frozen=True, kw_only=True):
    id: Slug
    name: ShortText
    parent: Slug | None = None
    # The comparator this option is (usual care is what trials call "usual care"), so the
    # comparison "versus usual care" does not apply to it.
    is_comparator: Comparator | None = None
    summary: Text
    involves: Involves
    evidence: list[Evidence] = []
    harms: list[Harm] = []
    facts: list[Fact] = []


class Position(_Record, frozen=True, kw_only=True):
    option: Slug
    stance: Stance
    strength: ShortText
    certainty: ShortText
    statement: Text
    editor_note: Text | None = None


class Guideline(_Record, frozen=True, kw_only=True):
    id: Slug
    body: ShortText
    title: Text
    year: Year
    region: ShortText
    source: Slug
    positions: Annotated[list[Position], Meta(min_length=1)]
    editor_note: Text | None = None


class Answer(_Record, frozen=True, kw_only=True):
    option: Slug
    short: ShortText
    full: Text | None = None
    sources: list[Slug] = []
    editor_note: Text | None = None


class SharedAnswer(_Record, frozen=True, kw_only=True):
    """One answer for every option: for a fact that does not depend on the option."""

    short: ShortText
    full: Text | None = None
    sources: list[Slug] = []


class Question(_Record, frozen=True, kw_only=True):
    id: Slug
    text: ShortText
    answers: list[Answer] = []
    # A question about something that does not depend on the option (the natural course) has
    # one shared answer, so it reads the same for every option.
    shared: SharedAnswer | None = None

    def __post_init__(self) -> None:
        if self.shared is not None and self.answers:
            raise _fail("shared", "a question with a shared answer has no per-option answers")


class Claim(_Record, frozen=True, kw_only=True):
    id: Slug
    claim: Text
    verdict: Verdict
    evidence: Text
    sources: Annotated[list[Slug], Meta(min_length=1)]
    editor_note: Text | None = None


class Factor(_Record, frozen=True, kw_only=True):
    id: Slug
    label: ShortText
    description: Text | None = None


class Prompt(_Record, frozen=True, kw_only=True):
    """A question a person may want to ask their clinician."""

    id: Slug
    text: ShortText
    source: Slug | None = None


class KnowledgeBase(_Record, frozen=True, kw_only=True):
    schema_version: Literal[1]
    meta: KBMeta
    scales: list[Scale]
    sources: Annotated[list[Source], Meta(min_length=1)]
    options: Annotated[list[Option], Meta(min_length=1)]
    guidelines: list[Guideline] = []
    questions: list[Question] = []
    claims: list[Claim] = []
    factors: list[Factor] = []
    prompts: list[Prompt] = []


def json_schema() -> dict[str, object]:
    """The JSON Schema editors use to check data/options.yaml as it is written."""
    schema = msgspec.json.schema(KnowledgeBase)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "backtui knowledge base"
    return schema
