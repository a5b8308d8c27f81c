"""Fixtures for the export and show tests: a hostile knowledge base, profiles, subprocess runs.

Pure Python: nothing here imports Textual, so these tests also show that the summary, the
exports and ``backtui show`` work without it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

FIXTURES = Path(__file__).parent / "fixtures"
KB_SMALL = FIXTURES / "kb_small.yaml"
SHIPPED_KB = Path(__file__).parent.parent / "data" / "options.yaml"

# Every string the KB or profile can carry gets this appended: markup for each output format,
# an event handler, a javascript: URL, Textual/Rich markup, an escape sequence, C0 and C1
# controls and bidirectional overrides.
HOSTILE = (
    "<script>alert(1)</script> \" onmouseover=\"x ' onload='y javascript:alert(1) "
    "[@click=app.quit]q[/] [link=https://evil.example]l[/link] \x1b[31mred\x1b[0m \x1b]0;t\x07 "
    "| a|b ** __u__ `c` ~~s~~ <img src=x onerror=alert(1)> &amp; &lt;b&gt; \u202eevil\u202c "
    "\u2066iso\u2069 \x9bC1 \x00nul\x7fdel\r\nnext # 1. - + > end"
)
# What any output may show of HOSTILE: the same text with the control characters gone.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
HOSTILE_DOI = '10.1234/x"><script>alert(1)</script>'
HOSTILE_URL = 'https://example.org/a"onmouseover="alert(1)<b>'

# Keys whose values are ids, enumerations or references: the schema allows no hostile text.
_KEEP = {
    "id",
    "option",
    "parent",
    "source",
    "sources",
    "scale",
    "mid_source",
    "comparator",
    "outcome",
    "measure",
    "certainty",
    "reaches_mid",
    "kind",
    "severity",
    "denominator",
    "stance",
    "verdict",
    "factor",
    "language",
    "default_compare",
    "better",
    "doi",
    "pmid",
    "isbn",
    "urls",
    "home",
}


def _poison(node: Any, key: str = "") -> Any:
    if isinstance(node, dict):
        return {k: _poison(v, k) for k, v in node.items()}
    if isinstance(node, list):
        return [_poison(v, key) for v in node]
    if isinstance(node, str) and key not in _KEEP:
        return f"{node} {HOSTILE}"
    return node


def with_decision_data(data: dict[str, Any]) -> dict[str, Any]:
    """Add factors, prompts and facts (kb_small has none) so ratings have labels and facts."""
    data["factors"] = [
        {"id": "cost", "label": "Cost"},
        {"id": "needles", "label": "Avoiding needles"},
    ]
    data["prompts"] = [
        {"id": "ask-sessions", "text": "How many sessions will I need?", "source": "trial-a"},
        {"id": "ask-nothing", "text": "What happens if I do nothing?"},
    ]
    for option in data["options"]:
        if option["id"] == "stretching":
            option["facts"] = [
                {"factor": "cost", "text": "Usually covered", "sources": ["review-b"]},
                {"factor": "needles", "text": "Needles: no"},
            ]
        if option["id"] == "warm-baths":
            option["facts"] = [{"factor": "cost", "text": "Hot water only"}]
    return data


def small_kb_data() -> dict[str, Any]:
    data = yaml.safe_load(KB_SMALL.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return with_decision_data(data)


def write_small_kb(folder: Path) -> Path:
    """kb_small with factors, prompts and facts added."""
    path = folder / "kb_decision.yaml"
    path.write_text(yaml.safe_dump(small_kb_data(), allow_unicode=True), encoding="utf-8")
    return path


def write_hostile_kb(folder: Path) -> Path:
    """kb_small with HOSTILE appended to every free-text field, and hostile DOIs and URLs."""
    data = _poison(small_kb_data())
    data["sources"][0]["doi"] = HOSTILE_DOI
    data["sources"][0]["urls"] = [HOSTILE_URL]
    data["sources"][1]["urls"] = ["http://example.org/plain-http"]
    data["sources"][2]["urls"] = [HOSTILE_URL]
    path = folder / "kb_hostile_export.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def profile_document(hostile: bool = False) -> dict[str, Any]:
    """A version-1 profile (the format in backtui.profile.store) for the small KB."""
    extra = f" {HOSTILE}" if hostile else ""
    return {
        "format": "backtui-profile",
        "version": 1,
        "kb_id": "fixture-small",
        "ratings": {"cost": 4, "needles": 1},
        "shortlist": ["stretching", "warm-baths"],
        "notes": {"stretching": "Ask about evening sessions." + extra, "rest": "Maybe later."},
        "ticked_prompts": ["ask-sessions"],
        "own_questions": [
            {"id": "q-1", "text": "Can I keep working?" + extra, "ticked": True},
            {"id": "q-2", "text": "Is there a waiting list?", "ticked": False},
        ],
        "sure": {"sure": False, "understand": True, "risk_benefit": None, "support": True},
        "updated": "2026-05-09T07:35:25+00:00",
    }


def write_profile(folder: Path, hostile: bool = False, name: str = "profile.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(profile_document(hostile), ensure_ascii=True), encoding="utf-8")
    return path


def run_cli(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m backtui ARGS`` with no BACKTUI_DATA and an empty data home (so no real
    profile of the person running the tests is ever read)."""
    environment = {k: v for k, v in os.environ.items() if k not in ("BACKTUI_DATA", "NO_COLOR")}
    home = Path(cwd or ".").resolve() / ".xdg-data-home"
    environment["XDG_DATA_HOME"] = str(home)
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "backtui", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        env=environment,
        cwd=cwd,
    )


def bad_characters(text: str) -> list[str]:
    """Control characters (other than newline) and bidi overrides found in ``text``."""
    return sorted({repr(c) for c in CONTROL.findall(text) if c != "\n"})
