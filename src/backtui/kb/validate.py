"""Rules that span the whole knowledge base: unique ids and references that resolve."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Iterator

from backtui.kb.errors import Path
from backtui.kb.schema import Evidence, KnowledgeBase, Option, Scale

Finding = tuple[Path, str]

# Words that belong in an ``editor_note``, not in text a patient reads: how a page was read,
# what was not visible on it. ``backtui check`` warns when a patient-facing field holds one.
AUTHORING_NOTE_PHRASES = (
    "page read",
    "pages read",
    "not visible",
    "not stated in words",
    "table footnotes",
    "evidence dossier",
    "was not read",
    "were not read",
    "not read for this",
    "not confirmed on the",
    "was not seen",
    "were not seen",
    "not shown on the",
    "not seen",
    "not read",
    "not checked",
)


def _duplicates(items: Iterable[tuple[Path, str]], what: str) -> Iterator[Finding]:
    seen: dict[str, Path] = {}
    for path, ident in items:
        if ident in seen:
            yield (*path, "id"), f"duplicate {what} id {ident!r}"
        else:
            seen[ident] = path


def _missing(path: Path, ident: str | None, known: set[str], what: str) -> Iterator[Finding]:
    if ident is not None and ident not in known:
        yield path, f"unknown {what} {ident!r}"


def errors(kb: KnowledgeBase) -> list[Finding]:
    """Every cross-reference or uniqueness problem, each with the path of the bad value."""
    found: list[Finding] = []
    source_ids = {s.id for s in kb.sources}
    option_ids = {o.id for o in kb.options}
    scale_ids = {s.id for s in kb.scales}
    factor_ids = {f.id for f in kb.factors}
    scales = {s.id: s for s in kb.scales}

    found += _duplicates(((("sources", i), s.id) for i, s in enumerate(kb.sources)), "source")
    found += _duplicates(((("options", i), o.id) for i, o in enumerate(kb.options)), "option")
    found += _duplicates(((("scales", i), s.id) for i, s in enumerate(kb.scales)), "scale")
    found += _duplicates(
        ((("guidelines", i), g.id) for i, g in enumerate(kb.guidelines)), "guideline"
    )
    found += _duplicates(((("questions", i), q.id) for i, q in enumerate(kb.questions)), "question")
    found += _duplicates(((("claims", i), c.id) for i, c in enumerate(kb.claims)), "claim")
    found += _duplicates(((("factors", i), f.id) for i, f in enumerate(kb.factors)), "factor")
    found += _duplicates(((("prompts", i), p.id) for i, p in enumerate(kb.prompts)), "prompt")
    found += _duplicates(
        (
            (("options", i, "evidence", j), e.id)
            for i, o in enumerate(kb.options)
            for j, e in enumerate(o.evidence)
        ),
        "evidence",
    )
    found += _duplicates(
        (
            (("options", i, "harms", j), h.id)
            for i, o in enumerate(kb.options)
            for j, h in enumerate(o.harms)
        ),
        "harm",
    )

    for j, sid in enumerate(kb.meta.natural_course.sources):
        found += _missing(("meta", "natural_course", "sources", j), sid, source_ids, "source")
    for j, oid in enumerate(kb.meta.default_compare):
        found += _missing(("meta", "default_compare", j), oid, option_ids, "option")
    for i, scale in enumerate(kb.scales):
        found += _missing(("scales", i, "mid_source"), scale.mid_source, source_ids, "source")

    parents = {o.id: o.parent for o in kb.options}
    for i, option in enumerate(kb.options):
        base: Path = ("options", i)
        if option.parent is not None:
            if option.parent == option.id:
                found.append(((*base, "parent"), "an option cannot be its own parent"))
            elif option.parent not in option_ids:
                found += _missing((*base, "parent"), option.parent, option_ids, "option")
            elif parents.get(option.parent) is not None:
                found.append(
                    ((*base, "parent"), f"parent {option.parent!r} is itself a part of an option")
                )
        for j, sid in enumerate(option.involves.sources):
            found += _missing((*base, "involves", "sources", j), sid, source_ids, "source")
        for j, ev in enumerate(option.evidence):
            found += _missing((*base, "evidence", j, "source"), ev.source, source_ids, "source")
            found += _missing((*base, "evidence", j, "scale"), ev.scale, scale_ids, "scale")
            found += _missing(
                (*base, "evidence", j, "mid_source"), ev.mid_source, source_ids, "source"
            )
            row_scale = scales.get(ev.scale or "")
            if ev.mid is not None and row_scale is not None:
                if ev.mid > row_scale.max - row_scale.min:
                    found.append(
                        (
                            (*base, "evidence", j, "mid"),
                            f"is larger than the whole scale {row_scale.id!r}",
                        )
                    )
        for j, harm in enumerate(option.harms):
            found += _missing((*base, "harms", j, "source"), harm.source, source_ids, "source")
        seen_factors: set[str] = set()
        for j, fact in enumerate(option.facts):
            found += _missing((*base, "facts", j, "factor"), fact.factor, factor_ids, "factor")
            if fact.factor in seen_factors:
                found.append(((*base, "facts", j, "factor"), f"factor {fact.factor!r} given twice"))
            seen_factors.add(fact.factor)
            for k, sid in enumerate(fact.sources):
                found += _missing((*base, "facts", j, "sources", k), sid, source_ids, "source")

    for i, guideline in enumerate(kb.guidelines):
        base = ("guidelines", i)
        found += _missing((*base, "source"), guideline.source, source_ids, "source")
        seen: set[str] = set()
        for j, position in enumerate(guideline.positions):
            where: Path = (*base, "positions", j, "option")
            found += _missing(where, position.option, option_ids, "option")
            if position.option in seen:
                found.append((where, f"option {position.option!r} has two positions"))
            seen.add(position.option)

    for i, question in enumerate(kb.questions):
        seen = set()
        for j, answer in enumerate(question.answers):
            where = ("questions", i, "answers", j, "option")
            found += _missing(where, answer.option, option_ids, "option")
            if answer.option in seen:
                found.append((where, f"option {answer.option!r} has two answers"))
            seen.add(answer.option)
            for k, sid in enumerate(answer.sources):
                found += _missing(
                    ("questions", i, "answers", j, "sources", k), sid, source_ids, "source"
                )
        if question.shared is not None:
            for k, sid in enumerate(question.shared.sources):
                found += _missing(
                    ("questions", i, "shared", "sources", k), sid, source_ids, "source"
                )

    for i, claim in enumerate(kb.claims):
        for j, sid in enumerate(claim.sources):
            found += _missing(("claims", i, "sources", j), sid, source_ids, "source")
    for i, prompt in enumerate(kb.prompts):
        found += _missing(("prompts", i, "source"), prompt.source, source_ids, "source")
    return found


def _has_evidence(option: Option) -> bool:
    return bool(option.evidence)


def _has_harms(option: Option) -> bool:
    return bool(option.harms)


def _has_involves(option: Option) -> bool:
    fields = ("sessions", "session_length", "duration", "delivered_by", "cost", "access")
    return any(getattr(option.involves, name) is not None for name in fields)


def warnings(kb: KnowledgeBase, today: datetime.date | None = None) -> list[Finding]:
    """Things worth fixing that do not make the knowledge base unusable."""
    today = today or datetime.date.today()
    found: list[Finding] = []
    if kb.meta.next_review < today:
        found.append(
            (
                ("meta", "next_review"),
                f"review was due on {kb.meta.next_review.isoformat()}; "
                "the evidence may be out of date",
            )
        )
    for i, source in enumerate(kb.sources):
        if not (source.doi or source.pmid or source.isbn or source.other_id):
            found.append((("sources", i), f"source {source.id!r} has no DOI or PMID"))
        if source.kind == "guideline" and not (source.doi or source.pmid or source.home):
            found.append(
                (
                    ("sources", i),
                    f"guideline {source.id!r} has no DOI, PMID or `home` "
                    "(the issuing body's own page)",
                )
            )
    for where, text in patient_texts(kb):
        phrase = authoring_phrase(text)
        if phrase is not None:
            found.append(
                (where, f"looks like an authoring note ({phrase!r}); move it to `editor_note`")
            )
    found += mid_findings(kb)

    top_level = [o for o in kb.options if o.parent is None]
    aspects: dict[str, Callable[[Option], bool]] = {
        "evidence": _has_evidence,
        "harms": _has_harms,
        "involves": _has_involves,
    }
    parts: dict[str, list[Option]] = {}  # one pass: a KB of many options stays linear
    for option in kb.options:
        if option.parent is not None:
            parts.setdefault(option.parent, []).append(option)
    families = {o.id: [o, *parts.get(o.id, [])] for o in top_level}
    for aspect, has in aspects.items():
        if not any(has(o) for family in families.values() for o in family):
            continue
        for i, option in enumerate(kb.options):
            family = families.get(option.id)
            if family is None:  # a part: it is judged with its parent
                continue
            if not any(has(member) for member in family):
                found.append((("options", i), f"option {option.id!r} has no {aspect}"))
    found += grid_fairness(kb)
    return found


# A rate in an Option Grid answer: "8 in 100 sessions", "19 to 37 per 100 people".
_RATE = re.compile(
    r"\b\d[\d,]*(?:\.\d+)?(?:\s+to\s+\d[\d,]*(?:\.\d+)?)?\s+(?:in|per|out of)\s+"
    r"(?:every\s+)?(\d[\d,]*)\s+([a-z]+)"
)
_PER_SESSION = {"session", "sessions", "treatment", "treatments", "consultation", "consultations"}
_FALSE_PRECISION = re.compile(r"\b\d+\.\d{2,}\b")


def grid_fairness(kb: KnowledgeBase) -> list[Finding]:
    """The Option Grid's short answers are the knowledge base's own words, kept editable; these
    checks hold them to the comparison's fairness rules: rounded figures for people, one unit
    for a rate across the options of one question, and one scale (per 100 or per 10,000)."""
    found: list[Finding] = []
    per_session_rates = {
        o.id for o in kb.options for h in o.harms if h.rate and h.rate.denominator == "treatments"
    }
    for i, question in enumerate(kb.questions):
        units: dict[str, list[str]] = {}
        for j, answer in enumerate(question.answers):
            where: Path = ("questions", i, "answers", j, "short")
            precise = _FALSE_PRECISION.search(answer.short)
            if precise:
                found.append(
                    (where, f"{precise.group()} is more precise than people need: round it")
                )
            for match in _RATE.finditer(answer.short):
                per, noun = match.group(1).replace(",", ""), match.group(2)
                if per not in ("100", "10000"):
                    found.append(
                        (where, f"rates for people are given in 100 or in 10,000, not in {per}")
                    )
                # "9 in 100 get a side effect" counts people as much as "9 in 100 people".
                unit = "per session" if noun in _PER_SESSION else "per person"
                units.setdefault(unit, []).append(answer.option)
        # Per person is the rule; per session only where that is all an option has. So an
        # option given per person beside one given per session is flagged only when the
        # knowledge base has a per-session rate for it too.
        if len(units) > 1:
            could = [
                o for o in dict.fromkeys(units.get("per person", [])) if o in per_session_rates
            ]
            if could:
                found.append(
                    (
                        ("questions", i, "answers"),
                        "options are given rates in different units (per session: "
                        f"{', '.join(dict.fromkeys(units['per session']))}); give "
                        f"{', '.join(could)} per session too, as the knowledge base can",
                    )
                )
    return found


_AUTHORING = re.compile("|".join(map(re.escape, AUTHORING_NOTE_PHRASES)), re.IGNORECASE)


def authoring_phrase(text: str | None) -> str | None:
    """The first authoring-note phrase in ``text``, if any (case-insensitive)."""
    if not text:
        return None
    found = _AUTHORING.search(text)
    return found.group(0).lower() if found else None


_INVOLVES_TEXTS = ("sessions", "session_length", "duration", "delivered_by", "cost", "access")


def patient_texts(kb: KnowledgeBase) -> Iterator[tuple[Path, str]]:
    """Every text field a patient or clinician may read, with its path."""
    meta = kb.meta
    for name in ("audience", "disclaimer", "update_policy", "funding", "conflicts_of_interest"):
        yield ("meta", name), getattr(meta, name)
    yield ("meta", "condition", "definition"), meta.condition.definition
    yield ("meta", "natural_course", "text"), meta.natural_course.text
    for i, scale in enumerate(kb.scales):
        if scale.description:
            yield ("scales", i, "description"), scale.description
    for i, source in enumerate(kb.sources):
        base: Path = ("sources", i)
        for name in ("authors", "title", "journal", "other_id", "note"):
            value = getattr(source, name)
            if value:
                yield (*base, name), value
    for i, option in enumerate(kb.options):
        base = ("options", i)
        yield (*base, "summary"), option.summary
        involves = option.involves
        for name in _INVOLVES_TEXTS:
            value = getattr(involves, name)
            if value:
                yield (*base, "involves", name), value
        for j, ev in enumerate(option.evidence):
            where: Path = (*base, "evidence", j)
            for name in ("comparator_label", "outcome_label", "timepoint", "plain", "note"):
                value = getattr(ev, name)
                if value:
                    yield (*where, name), value
            if ev.arms is not None:
                yield (*where, "arms", "definition"), ev.arms.definition
            for k, reason in enumerate(ev.downgrade_reasons):
                yield (*where, "downgrade_reasons", k), reason
        for j, harm in enumerate(option.harms):
            yield (*base, "harms", j, "label"), harm.label
            yield (*base, "harms", j, "description"), harm.description
            if harm.rate is not None and harm.rate.period:
                yield (*base, "harms", j, "rate", "period"), harm.rate.period
        for j, fact in enumerate(option.facts):
            yield (*base, "facts", j, "text"), fact.text
    for i, guideline in enumerate(kb.guidelines):
        for j, position in enumerate(guideline.positions):
            where = ("guidelines", i, "positions", j)
            for name in ("strength", "certainty", "statement"):
                yield (*where, name), getattr(position, name)
    for i, question in enumerate(kb.questions):
        for j, answer in enumerate(question.answers):
            where = ("questions", i, "answers", j)
            yield (*where, "short"), answer.short
            if answer.full:
                yield (*where, "full"), answer.full
    for i, claim in enumerate(kb.claims):
        yield ("claims", i, "claim"), claim.claim
        yield ("claims", i, "evidence"), claim.evidence
    for i, factor in enumerate(kb.factors):
        if factor.description:
            yield ("factors", i, "description"), factor.description
    for i, prompt in enumerate(kb.prompts):
        yield ("prompts", i, "text"), prompt.text


def _row_threshold(row: Evidence, scales: dict[str, Scale]) -> float | None:
    if row.mid is not None:
        return row.mid
    scale = scales.get(row.scale or "")
    return scale.mid if scale is not None else None


def mid_findings(kb: KnowledgeBase) -> Iterator[Finding]:
    """Mean differences whose ``reaches_mid`` contradicts their own important difference."""
    scales = {s.id: s for s in kb.scales}
    for i, option in enumerate(kb.options):
        for j, row in enumerate(option.evidence):
            threshold = _row_threshold(row, scales)
            if row.measure != "md" or row.estimate is None or threshold is None:
                continue
            size = abs(row.estimate)
            where: Path = ("options", i, "evidence", j, "reaches_mid")
            if row.reaches_mid == "yes" and size < threshold:
                yield (
                    where,
                    (
                        f"says 'yes' but the estimate ({row.estimate:g}) is smaller than the "
                        f"important difference ({threshold:g})"
                    ),
                )
            elif row.reaches_mid == "no" and size >= threshold:
                yield (
                    where,
                    (
                        f"says 'no' but the estimate ({row.estimate:g}) reaches the "
                        f"important difference ({threshold:g})"
                    ),
                )
