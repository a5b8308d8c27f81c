"""What each of Textual's private hooks gains: key latency with each one switched off in turn.

The hooks live in ``src/backtui/ui/textual_compat.py``; ``BACKTUI_HOOKS_OFF=name`` switches one
off. This runs the pseudo-terminal key-latency benchmark (part 2 of ``run.py``, the same cycles
and the same measurement) once with every hook on and once per hook off, and writes a table:
each run's worst median and worst p95, and the median of every key. A hook is kept only if,
without it, a median would exceed 30 ms or a p95 60 ms.

    python benchmarks/hooks.py --out benchmarks/HOOKS.md
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # noqa: E402
import tmuxpty  # noqa: E402
from actions import REPORTED  # noqa: E402

from backtui.ui.textual_compat import HOOKS  # noqa: E402

TARGET_MEDIAN = 0.030
TARGET_P95 = 0.060


def measure(tmux: tmuxpty.Tmux, settings: run.Settings, hooks_off: str) -> run.KeyTimes:
    env = {"BACKTUI_HOOKS_OFF": hooks_off} if hooks_off else None
    return run.bench_keys_pty(tmux, settings, env)


def worst(times: run.KeyTimes, pick: str) -> tuple[float, str]:
    figures = {
        name: (run.median(values) if pick == "median" else run.p95(values))
        for name, values in times.complete.items()
        if values
    }
    name = max(figures, key=lambda n: figures[n])
    return figures[name], name


def table(results: dict[str, run.KeyTimes], presses: int) -> str:
    keys = [name for name in REPORTED if any(name in r.complete for r in results.values())]
    lines = [
        "# Textual's private hooks: what each one gains",
        "",
        "Written by `benchmarks/hooks.py`. Pseudo-terminal key latency (part 2 of "
        "[RESULTS.md](RESULTS.md), measured the same way, "
        f"{presses} presses a key), with every hook on, then with each hook switched off "
        "(`BACKTUI_HOOKS_OFF`). Medians per key; a hook is kept if, without it, a median "
        "exceeds 30 ms or a p95 60 ms.",
        "",
        "| Hooks | Worst median | Worst p95 | Within targets | " + " | ".join(keys) + " |",
        "|---|---|---|---|" + "---|" * len(keys),
    ]
    for label, times in results.items():
        if not times.complete:
            lines.append(f"| {label} | – | – | {'; '.join(times.problems) or 'no data'} |")
            continue
        worst_median, median_key = worst(times, "median")
        worst_p95, p95_key = worst(times, "p95")
        met = worst_median <= TARGET_MEDIAN and worst_p95 <= TARGET_P95
        cells = [
            run.ms(run.median(times.complete[k])) if times.complete.get(k) else "–" for k in keys
        ]
        lines.append(
            f"| {label} | {run.ms(worst_median)} ({median_key}) | {run.ms(worst_p95)} "
            f"({p95_key}) | {'yes' if met else '**no**'} | " + " | ".join(cells) + " |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="where to write the table (default: print)")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--presses", type=int, default=16)
    parser.add_argument(
        "--hooks", default=",".join(HOOKS), help="comma-separated hooks to switch off in turn"
    )
    args = parser.parse_args(argv)
    if not tmuxpty.available():
        print("hooks: tmux is not installed", file=sys.stderr)
        return 2
    settings = run.Settings(
        quick=False,
        startup_runs=0,
        presses=args.presses,
        scale_ns=(),
        repeats=1,
        out=args.out or Path(tempfile.gettempdir()) / "backtui-hooks.md",
        kb=run.SHIPPED_KB,
    )
    results: dict[str, run.KeyTimes] = {}
    with run.private_homes(), tmuxpty.Tmux(run.clean_env()) as tmux:
        for hook in ["", *[h for h in args.hooks.split(",") if h]]:
            label = f"without `{hook}`" if hook else "all hooks on"
            run.log(f"hooks: {label}")
            results[label] = measure(tmux, settings, hook)
    text = table(results, args.presses)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        print(text)
    if args.json:
        raw = {
            label: {"complete": r.complete, "problems": r.problems} for label, r in results.items()
        }
        args.json.write_text(json.dumps(raw, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
