"""The benchmark suite's smoke mode runs end to end (one run of each, N=30).

Benchmarks are not timed tests: the ceilings below only catch something badly broken (a hang,
a quadratic blow-up), never a few per cent. The real figures are in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
RUN = REPO / "benchmarks" / "run.py"


RESULTS = REPO / "benchmarks" / "RESULTS.md"


def _committed_results() -> bytes | None:
    return RESULTS.read_bytes() if RESULTS.exists() else None


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
@pytest.mark.slow
def test_quick_benchmarks_run_and_stay_under_generous_ceilings(tmp_path: Path) -> None:
    figures_path = tmp_path / "figures.json"
    before = _committed_results()
    done = subprocess.run(
        [sys.executable, str(RUN), "--quick", "--json", str(figures_path)],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    # Quick mode writes to a temporary file (its path is printed), never to RESULTS.md.
    out = Path(done.stdout.strip().splitlines()[-1])
    assert out != RESULTS and out.exists()
    text = out.read_text()
    out.unlink()
    assert _committed_results() == before
    figures = json.loads(figures_path.read_text())
    assert figures["quick"] is True
    assert "quick (smoke) mode" in text

    startup = figures["startup"]
    assert not startup["failures"]
    assert startup["backtui"] and max(startup["backtui"]) < 5.0
    assert startup["reference"] and max(startup["reference"]) < 5.0

    pty = figures["keys_pty"]
    for name in ("aspect switch (2)", "grid toggle (g)", "detail open (enter)"):
        assert pty["complete"][name], f"{name} was not measured"
        assert max(pty["complete"][name]) < 2.0

    pilot = figures["keys_pilot"]
    for name, values in pilot["to_idle"].items():
        assert values and max(values) < 2.0, name

    (scale,) = figures["scale"]
    assert scale["n"] == 30
    assert not scale["refused"] and not scale["error"]
    assert max(scale["check"]) < 10.0
    assert scale["paint_cold"] < 10.0 and max(scale["paint"]) < 10.0
    assert scale["paint_rss"] < 500

    assert figures["imports"]["check"]["total"] > 0


def test_the_synthetic_knowledge_base_is_valid_and_free_of_warnings(tmp_path: Path) -> None:
    # make_kb checks its own output with backtui's loader and refuses a file with warnings:
    # a new rule in check that the generator does not follow makes the scale benchmarks
    # measure a file no author would keep.
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "make_kb.py"),
            "30",
            "--out",
            str(tmp_path / "kb.yaml"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "valid" in done.stdout and "30 options" in done.stdout
