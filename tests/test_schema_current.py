"""The committed JSON Schema matches the models, and the shipped knowledge base is clean."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from conftest import SCHEMA_FILE, SHIPPED_KB

from backtui.kb.loader import load
from backtui.kb.make_schema import render

MODELINE = re.compile(r"^# yaml-language-server: \$schema=(?P<target>\S+)\s*$")


def test_json_schema_file_is_current() -> None:
    committed = SCHEMA_FILE.read_text(encoding="utf-8")
    assert committed == render(), (
        "schema/options.schema.json is stale; regenerate it with "
        "python -m backtui.kb.make_schema > schema/options.schema.json"
    )
    assert json.loads(committed)["$ref"] == "#/$defs/KnowledgeBase"


def test_shipped_kb_starts_with_a_schema_modeline() -> None:
    first_line = SHIPPED_KB.read_text(encoding="utf-8").splitlines()[0]
    match = MODELINE.match(first_line)
    assert match, (
        f"first line of data/options.yaml is not a yaml-language-server modeline: {first_line!r}"
    )
    assert match["target"] == "../schema/options.schema.json"
    assert (SHIPPED_KB.parent / match["target"]).resolve() == SCHEMA_FILE.resolve()


def test_shipped_kb_validates_with_no_warnings() -> None:
    loaded = load(str(SHIPPED_KB))
    assert [str(w) for w in loaded.warnings] == []


def test_backtui_check_finds_and_passes_the_shipped_kb(tmp_path: Path) -> None:
    # No path, no --data, no BACKTUI_DATA, run from elsewhere: the checkout's data/ is used.
    env = {"PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "backtui", "check"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert Path(first.removesuffix(": valid")).resolve() == SHIPPED_KB.resolve()
    assert "warning" not in result.stdout
