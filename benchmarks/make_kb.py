"""Write a synthetic, schema-valid knowledge base with N options, for the scale benchmarks.

    python benchmarks/make_kb.py N [--out PATH] [--no-check]

Every option has 20 evidence rows (all measures, comparators and outcomes, some findings in
words), 4 harms, 3 facts and a full ``involves`` block; one option in ten is a part of the
option before it. Sources (4 per option, plus guideline and claim sources), guideline
positions (3 per option), Option Grid answers (8 per option, over max(8, N/10) questions) and
claims (N/20) grow in proportion to N, so the file grows linearly: about 11 KB per option.

The text is deterministic (seeded) and written directly, not through ``yaml.dump``, so even
N=3000 is written in a second or two. The output goes to ``benchmarks/generated/kb-N.yaml``
(git-ignored) unless ``--out`` says otherwise, and is then loaded with
``backtui.kb.loader.load`` as a self-check: the file must be valid and free of warnings.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
GENERATED = HERE / "generated"

EVIDENCE_PER_OPTION = 20
HARMS_PER_OPTION = 4
SOURCES_PER_OPTION = 4
POSITIONS_PER_OPTION = 3
ANSWERS_PER_OPTION = 8
PART_EVERY = 10  # option i with i % 10 == 9 is a part of option i - 1

THERAPIES = (
    "exercise therapy",
    "spinal manipulation",
    "acupuncture",
    "massage",
    "yoga",
    "pilates",
    "cognitive functional therapy",
    "pain education",
    "heat wrap",
    "anti-inflammatory tablets",
    "walking programme",
    "tai chi",
    "mindfulness course",
    "back school",
    "graded activity",
)
QUALIFIERS = ("group", "home", "supervised", "online", "intensive", "brief", "combined")
COMPARATORS = (
    ("sham", "sham treatment"),
    ("usual-care", "usual care from a GP"),
    ("no-treatment", "waiting list"),
    ("placebo", "placebo tablets"),
    ("other", "general exercise"),
)
OUTCOMES = ("pain", "function", "quality-of-life", "response", "other")
CERTAINTIES = ("high", "moderate", "low", "very-low", "not-graded")
MID = ("yes", "no", "unclear", "not-applicable")
SCALE_MID = {"pain-0-100": 15.0, "rmdq-0-24": 3.5}  # as the scales block below says
TIMEPOINTS = ("At 6 weeks", "At 3 months", "At 6 months", "At 12 months")
STANCES = ("recommend", "conditional", "against", "no-statement")
VERDICTS = ("supported", "partly-supported", "unsupported", "unclear")
FACTORS = (
    ("effort", "Effort needed"),
    ("time-to-work", "How soon it works"),
    ("cost-to-me", "Cost to me"),
    ("home-or-clinic", "Home or clinic"),
    ("contact", "Physical contact"),
    ("evidence-age", "How recent the evidence is"),
)


def q(text: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def option_id(i: int) -> str:
    return f"opt-{i:04d}"


def option_name(i: int) -> str:
    therapy = THERAPIES[i % len(THERAPIES)]
    qualifier = QUALIFIERS[(i // len(THERAPIES)) % len(QUALIFIERS)]
    return f"Option {i:04d}: {qualifier} {therapy}"


def is_part(i: int) -> bool:
    return i % PART_EVERY == PART_EVERY - 1


def source_id(i: int, k: int) -> str:
    return f"src-{i:04d}-{k}"


def counts(n: int) -> dict[str, int]:
    return {
        "guidelines": max(3, n // 10),
        "questions": max(8, n // 10),
        "claims": max(2, n // 20),
    }


def meta_block(n: int, defaults: list[str]) -> list[str]:
    return [
        "# Synthetic knowledge base written by benchmarks/make_kb.py. Not evidence.",
        "schema_version: 1",
        "meta:",
        f"  id: synthetic-{n}",
        f"  title: {q(f'Synthetic benchmark knowledge base ({n} options)')}",
        f"  version: {q(f'bench-{n}')}",
        "  condition:",
        "    name: Chronic low back pain (synthetic)",
        "    definition: Pain between the ribs and the buttocks for 12 weeks or longer.",
        "  audience: Benchmarks only; every number here is made up.",
        "  reviewed: 2026-01-01",
        "  next_review: 2099-01-01",
        "  update_policy: Regenerated for every benchmark run.",
        "  funding: None.",
        "  conflicts_of_interest: None.",
        "  editors: [Benchmark Generator]",
        "  disclaimer: Synthetic data for performance tests. Not medical advice.",
        "  natural_course:",
        "    text: Many people improve over the first months whatever they try.",
        f"    sources: [{source_id(0, 0)}]",
        f"  default_compare: [{', '.join(defaults)}]",
    ]


def scales_block() -> list[str]:
    return [
        "scales:",
        "  - id: pain-0-100",
        "    name: Pain intensity (0-100)",
        "    unit: points",
        "    min: 0",
        "    max: 100",
        "    better: lower",
        "    mid: 15",
        f"    mid_source: {source_id(0, 0)}",
        "  - id: rmdq-0-24",
        "    name: Roland-Morris Disability Questionnaire (0-24)",
        "    unit: points",
        "    min: 0",
        "    max: 24",
        "    better: lower",
        "    mid: 3.5",
        f"    mid_source: {source_id(0, 1)}",
        "  - id: sf36-0-100",
        "    name: SF-36 physical component (0-100)",
        "    unit: points",
        "    min: 0",
        "    max: 100",
        "    better: higher",
    ]


def source_lines(sid: str, kind: str, rng: random.Random, number: int) -> list[str]:
    year = 1995 + number % 30
    lines = [
        f"  - id: {sid}",
        f"    kind: {kind}",
        f"    authors: {q(f'Author{number % 97} A, Writer{number % 89} B, et al.')}",
        f"    year: {year}",
        f"    title: {q(f'A synthetic {kind.replace(chr(45), chr(32))} number {number}')}",
        f"    journal: {q(f'Journal of Benchmarks {year};{number % 40 + 1}:{number % 900 + 1}')}",
    ]
    if number % 2:
        lines.append(f"    doi: 10.9999/bench.{number}")
    else:
        lines.append(f'    pmid: "{10_000_000 + number}"')
    lines.append(f'    urls: ["https://example.org/bench/{sid}"]')
    return lines


def sources_block(n: int, c: dict[str, int], rng: random.Random) -> list[str]:
    lines = ["sources:"]
    number = 0
    kinds = ("systematic-review", "rct", "cohort", "systematic-review")
    for i in range(n):
        for k in range(SOURCES_PER_OPTION):
            lines += source_lines(source_id(i, k), kinds[k], rng, number)
            number += 1
    for g in range(c["guidelines"]):
        lines += source_lines(f"guideline-src-{g:04d}", "guideline", rng, number)
        number += 1
    return lines


def evidence_lines(i: int, j: int, rng: random.Random) -> list[str]:
    comparator, comparator_label = COMPARATORS[j % len(COMPARATORS)]
    outcome = OUTCOMES[(j // 2) % len(OUTCOMES)]
    certainty = CERTAINTIES[(i + j) % len(CERTAINTIES)]
    kind = j % 6  # md, smd, rr, rd (with arms), mean-change, words
    lines = [
        f"      - id: ev-{i:04d}-{j:02d}",
        f"        comparator: {comparator}",
        f"        comparator_label: {comparator_label}",
        f"        outcome: {outcome}",
        f"        timepoint: {TIMEPOINTS[j % len(TIMEPOINTS)]}",
    ]
    scale = None
    if kind in (0, 4):
        scale = "pain-0-100" if outcome == "pain" else "rmdq-0-24"
        lines.append(f"        scale: {scale}")
    estimate = None
    if kind != 5:
        measure = ("md", "smd", "rr", "rd", "mean-change")[kind]
        if measure == "rr":
            estimate = round(rng.uniform(0.6, 2.5), 2)
            low, high = round(estimate * 0.7, 2), round(estimate * 1.4, 2)
        else:
            estimate = round(rng.uniform(-12, 4), 1)
            low, high = round(estimate - rng.uniform(0.5, 6), 1), round(estimate + 3, 1)
        lines += [
            f"        measure: {measure}",
            f"        estimate: {estimate}",
            f"        ci_low: {low}",
            f"        ci_high: {high}",
        ]
        if measure == "rd":
            better = rng.randint(20, 70)
            lines.append(
                f"        arms: {{intervention: {better}, comparator: {better - 10}, "
                'definition: "at least 30% less pain"}'
            )
    studies = rng.randint(1, 30)
    lines += [
        f"        participants: {studies * rng.randint(20, 300)}",
        f"        studies: {studies}",
        f"        certainty: {certainty}",
    ]
    if certainty not in ("high", "not-graded"):
        lines.append("        downgrade_reasons: [risk of bias, imprecision]")
    mid = MID[(i + 2 * j) % len(MID)]
    if kind == 0 and scale is not None and estimate is not None and mid in ("yes", "no"):
        # A mean difference on a scale says what its size says (check warns otherwise).
        mid = "yes" if abs(estimate) >= SCALE_MID[scale] else "no"
    lines += [
        f'        reaches_mid: "{mid}"',
        f"        plain: {q(plain_sentence(i, j, certainty, comparator_label))}",
        f"        source: {source_id(i, j % SOURCES_PER_OPTION)}",
    ]
    return lines


def plain_sentence(i: int, j: int, certainty: str, comparator_label: str) -> str:
    verb = {
        "high": "reduces",
        "moderate": "probably reduces",
        "low": "may reduce",
        "very-low": "might reduce",
        "not-graded": "was reported to reduce",
    }[certainty]
    return (
        f"Option {i:04d} {verb} pain a little compared with {comparator_label} "
        f"(finding {j + 1} of {EVIDENCE_PER_OPTION})."
    )


def harm_lines(i: int, k: int, rng: random.Random) -> list[str]:
    kind = ("serious", "side-effect", "side-effect", "caution")[k]
    label = ("Serious event", "Soreness", "Tiredness", "Check with a clinician first")[k]
    lines = [
        f"      - id: harm-{i:04d}-{k}",
        f"        kind: {kind}",
        f"        label: {label}",
    ]
    if kind != "caution":
        severity = "serious" if kind == "serious" else ("mild", "significant")[k % 2]
        per = 10000 if kind == "serious" else 100
        value = rng.randint(1, 40)
        lines += [
            f"        severity: {severity}",
            f"        rate: {{value: {value}, per: {per}, ci_low: {value / 2}, "
            f"ci_high: {value * 2}, denominator: patients, period: over 12 weeks}}",
        ]
    lines += [
        f"        description: {q(f'Synthetic {label.lower()} reported for option {i:04d}.')}",
        f"        source: {source_id(i, k % SOURCES_PER_OPTION)}",
    ]
    return lines


def option_lines(i: int, rng: random.Random) -> list[str]:
    lines = [
        f"  - id: {option_id(i)}",
        f"    name: {q(option_name(i))}",
    ]
    if is_part(i):
        lines.append(f"    parent: {option_id(i - 1)}")
    lines += [
        f"    summary: {q(summary_text(i))}",
        "    involves:",
        f"      sessions: {q(f'{6 + i % 10} sessions')}",
        "      session_length: 45 minutes",
        f"      duration: {q(f'{4 + i % 9} weeks')}",
        "      delivered_by: A physiotherapist or trained instructor",
        "      cost: Often covered by public health services; private sessions cost more.",
        "      access: Ask your GP for a referral, or find a registered practitioner.",
        f"      sources: [{source_id(i, 0)}, {source_id(i, 1)}]",
        "    evidence:",
    ]
    for j in range(EVIDENCE_PER_OPTION):
        lines += evidence_lines(i, j, rng)
    lines.append("    harms:")
    for k in range(HARMS_PER_OPTION):
        lines += harm_lines(i, k, rng)
    lines.append("    facts:")
    for k in range(3):
        factor = FACTORS[(i + k) % len(FACTORS)][0]
        text = q(f"Synthetic fact {k + 1} about option {i:04d}")
        lines.append(f"      - {{factor: {factor}, text: {text}, sources: [{source_id(i, k)}]}}")
    return lines


def summary_text(i: int) -> str:
    return (
        f"Summary of option {i:04d}: a course of {THERAPIES[i % len(THERAPIES)]} "
        "that aims to reduce pain and help people stay active."
    )


def guidelines_block(n: int, c: dict[str, int]) -> list[str]:
    count = c["guidelines"]
    positions: list[list[int]] = [[] for _ in range(count)]
    for i in range(n):
        for k in range(POSITIONS_PER_OPTION):
            positions[(i + k) % count].append(i)
    lines = ["guidelines:"]
    for g in range(count):
        lines += [
            f"  - id: guideline-{g:04d}",
            f"    body: {q(f'Guideline Body {g}')}",
            f"    title: {q(f'Synthetic guideline {g} on low back pain')}",
            f"    year: {2010 + g % 15}",
            f"    region: {('UK', 'USA', 'Denmark', 'Australia', 'WHO')[g % 5]}",
            f"    source: guideline-src-{g:04d}",
            "    positions:",
        ]
        for i in positions[g]:
            stance = STANCES[(i + g) % len(STANCES)]
            lines.append(
                f"      - {{option: {option_id(i)}, stance: {stance}, strength: conditional, "
                f"certainty: low, statement: {q(f'Consider option {i:04d} (guideline {g}).')}}}"
            )
    return lines


def questions_block(n: int, c: dict[str, int]) -> list[str]:
    count = c["questions"]
    answers: list[list[int]] = [[] for _ in range(count)]
    for i in range(n):
        for k in range(ANSWERS_PER_OPTION):
            answers[(i // 10 + k) % count].append(i)
    lines = ["questions:"]
    for g in range(count):
        lines += [
            f"  - id: question-{g:04d}",
            f"    text: {q(f'Synthetic grid question {g}: how much effort does it take?')}",
            "    answers:",
        ]
        for i in answers[g]:
            lines.append(
                f"      - {{option: {option_id(i)}, short: {q(f'Answer {g} for option {i:04d}')}, "
                f"full: {q('A longer answer with the details a person would want to read.')}, "
                f"sources: [{source_id(i, 2)}]}}"
            )
    return lines


def claims_block(n: int, c: dict[str, int]) -> list[str]:
    lines = ["claims:"]
    for k in range(c["claims"]):
        i = (k * 20) % n
        lines += [
            f"  - id: claim-{k:04d}",
            f"    claim: {q(f'Synthetic popular claim number {k} about back pain.')}",
            f"    verdict: {VERDICTS[k % len(VERDICTS)]}",
            f"    evidence: {q('The synthetic sources say something about this claim.')}",
            f"    sources: [{source_id(i, 0)}, {source_id(i, 3)}]",
        ]
    return lines


def factors_block() -> list[str]:
    lines = ["factors:"]
    for ident, label in FACTORS:
        lines.append(f"  - {{id: {ident}, label: {q(label)}}}")
    return lines


def prompts_block() -> list[str]:
    lines = ["prompts:"]
    for k in range(5):
        lines.append(
            f"  - {{id: prompt-{k}, text: {q(f'Synthetic question {k} to ask a clinician')}, "
            f"source: {source_id(0, k % SOURCES_PER_OPTION)}}}"
        )
    return lines


def make_text(n: int, seed: int = 6) -> str:
    if n < 3:
        raise ValueError("N must be at least 3 (the default comparison shows three options)")
    rng = random.Random(seed)
    c = counts(n)
    defaults = [option_id(i) for i in range(n) if not is_part(i)][:3]
    lines = meta_block(n, defaults) + scales_block() + sources_block(n, c, rng)
    lines.append("options:")
    for i in range(n):
        lines += option_lines(i, rng)
    lines += guidelines_block(n, c)
    lines += questions_block(n, c)
    lines += claims_block(n, c)
    lines += factors_block()
    lines += prompts_block()
    return "\n".join(lines) + "\n"


def default_path(n: int) -> Path:
    return GENERATED / f"kb-{n}.yaml"


def write(n: int, out: Path | None = None) -> Path:
    path = out or default_path(n)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(make_text(n), encoding="utf-8")
    return path


def self_check(path: Path) -> str:
    """Load the file with backtui's own loader; return a one-line description."""
    from backtui.kb.errors import KBError
    from backtui.kb.loader import load

    try:
        loaded = load(str(path))
    except KBError as exc:
        problems = "\n".join(map(str, exc.problems))
        raise SystemExit(f"make_kb: {path} is not valid:\n{problems}") from None
    if loaded.warnings:
        warnings = "\n".join(map(str, loaded.warnings))
        raise SystemExit(f"make_kb: {path} has warnings:\n{warnings}")
    kb = loaded.kb
    rows = sum(len(o.evidence) for o in kb.options)
    return (
        f"{path}: valid, {path.stat().st_size / 1e6:.2f} MB, {len(kb.options)} options, "
        f"{rows} evidence rows, {len(kb.sources)} sources, {len(kb.guidelines)} guidelines, "
        f"{len(kb.questions)} questions"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, metavar="N", help="number of options (at least 3)")
    parser.add_argument("--out", type=Path, help="where to write (default: benchmarks/generated)")
    parser.add_argument(
        "--no-check", action="store_true", help="skip loading the file back with backtui"
    )
    args = parser.parse_args(argv)
    path = write(args.n, args.out)
    if args.no_check:
        print(f"{path}: {path.stat().st_size / 1e6:.2f} MB (not checked)")
    else:
        print(self_check(path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
