"""How long ``backtui site`` takes and how big the site is, for the shipped knowledge base and
for synthetic ones of N options (``make_kb.py``).

    .venv/bin/python benchmarks/site.py            # prints the section as Markdown
    .venv/bin/python benchmarks/site.py --write    # and puts it in RESULTS.md

*Cold CLI*: ``backtui site --out DIR`` in a new process (start-up, load, render, write).
*Build* and *write*: ``site.build_site`` and ``site.write_site`` in a warm process (the
knowledge base already loaded). Medians of 5 (N=300: 3). The scale rows compare every
top-level option of the synthetic knowledge base, so every page grows with N: the figure that
must stay flat is the time per option.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "src"))

import make_kb  # noqa: E402

from backtui.kb.loader import load  # noqa: E402
from backtui.site import build_site, write_site  # noqa: E402
from backtui.summary import default_selection  # noqa: E402

RESULTS = HERE / "RESULTS.md"
START = "<!-- benchmarks/site.py: start -->"
END = "<!-- benchmarks/site.py: end -->"
SHIPPED = REPO / "data" / "options.yaml"
MAX_PAGE = 200 * 1024


def timed(action: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cli_time(runs: int) -> float:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            env = {k: v for k, v in os.environ.items() if k != "BACKTUI_DATA"}
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "backtui", "site", "--out", f"{folder}/site"],
                check=True,
                capture_output=True,
                env=env,
                cwd=REPO,
            )
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(kb_path: Path, all_options: bool, runs: int) -> dict[str, float]:
    kb = load(str(kb_path)).kb
    ids = [o.id for o in kb.options if o.parent is None] if all_options else default_selection(kb)
    files = build_site(kb, ids)
    build = timed(lambda: build_site(kb, ids), runs)
    with tempfile.TemporaryDirectory() as folder:
        write = timed(lambda: write_site(files, folder, force=True), runs)
    pages = {n: len(t.encode("utf-8")) for n, t in files.items() if n.endswith(".html")}
    return {
        "options": len(ids),
        "pages": len(pages),
        "total": sum(len(t.encode("utf-8")) for t in files.values()),
        "largest": max(pages.values()),
        "over": sum(1 for size in pages.values() if size >= MAX_PAGE),
        "build": build,
        "write": write,
    }


def kb_of(n: int) -> Path:
    path = make_kb.default_path(n)
    if not path.exists():
        make_kb.write(n)
    return path


def section(ns: list[int]) -> str:
    shipped = measure(SHIPPED, all_options=False, runs=5)
    cold = cli_time(5)
    largest = shipped["largest"] / 1024
    lines = [
        START,
        "## 5. Site (`benchmarks/site.py`)",
        "",
        "`backtui site` for the shipped knowledge base's default comparison: "
        f"{shipped['pages']:.0f} pages and 2 assets, {shipped['total'] / 1024:.0f} KB in all, "
        f"the largest page {largest:.0f} KB (limit 200 KB; pages over it: "
        f"{shipped['over']:.0f}). Cold CLI (new process: start-up, load, render, write) "
        f"**{cold * 1000:.0f} ms** (target < 1 s); in a warm process build "
        f"{shipped['build'] * 1000:.0f} ms, write {shipped['write'] * 1000:.1f} ms. "
        "Medians of 5.",
        "",
        "Scale: every top-level option of a `make_kb.py` knowledge base compared, so every page "
        "grows with N (the knowledge base already loaded; medians of 5, N=300: 3).",
        "",
        "| N | Options compared | Pages | Total | Largest page | Build | Write "
        "| Build per option |",
        "|---|---|---|---|---|---|---|---|",
    ]
    rows = []
    defaults = []
    for n in ns:
        found = measure(kb_of(n), all_options=True, runs=3 if n >= 300 else 5)
        rows.append(found)
        defaults.append(measure(kb_of(n), all_options=False, runs=3))
        per = found["build"] / found["options"] * 1000
        lines.append(
            f"| {n} | {found['options']:.0f} | {found['pages']:.0f} | "
            f"{found['total'] / 1024 / 1024:.1f} MB | {found['largest'] / 1024:.0f} KB | "
            f"{found['build'] * 1000:.0f} ms | {found['write'] * 1000:.0f} ms | {per:.2f} ms |"
        )
    lines += [
        "",
        "The same knowledge bases with their default comparison (3 options): only the pages "
        "that list the whole knowledge base (the sources, the checked claims) grow with N.",
        "",
        "| N | Build | Total | Largest page |",
        "|---|---|---|---|",
    ]
    for n, found in zip(ns, defaults, strict=True):
        lines.append(
            f"| {n} | {found['build'] * 1000:.0f} ms | {found['total'] / 1024:.0f} KB | "
            f"{found['largest'] / 1024:.0f} KB |"
        )
    if len(rows) >= 2:
        first, last = rows[0], rows[-1]
        ratio = last["options"] / first["options"]
        growth = last["build"] / first["build"]
        lines += [
            "",
            f"Growth from N={ns[0]} to N={ns[-1]} ({ratio:.1f}× the options compared): build "
            f"{growth:.1f}×, total size {last['total'] / first['total']:.1f}× (linear would be "
            f"{ratio:.1f}×).",
        ]
    lines += ["", END]
    return "\n".join(lines)


def write_results(text: str) -> None:
    current = RESULTS.read_text(encoding="utf-8")
    if START in current and END in current:
        pattern = re.escape(START) + ".*?" + re.escape(END)
        current = re.sub(pattern, lambda _: text, current, flags=re.S)
    else:
        marker = "\n## Reading"
        at = current.find(marker)
        current = (
            current + "\n" + text + "\n"
            if at < 0
            else (current[:at] + "\n" + text + "\n" + current[at:])
        )
    RESULTS.write_text(current, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="put the section in RESULTS.md")
    parser.add_argument("--ns", default="30,100,300", help="synthetic sizes, comma-separated")
    args = parser.parse_args(argv)
    text = section([int(n) for n in args.ns.split(",")])
    print(text)
    if args.write:
        write_results(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
