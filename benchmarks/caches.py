"""What each of the app's caches saves: in-process key latency with each one made to miss.

For every cache below, a child process patches it so that every look-up misses (the work it
would save is done each time), then runs the in-process key-latency benchmark
(``bench_child.pilot_bench``, the same cycles as RESULTS.md part 2) and reports the median time
from each key to idle. A cache that saves under a millisecond on every key is not worth its
code (issue 17); the table says which.

    python benchmarks/caches.py --out benchmarks/CACHES.md
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

SAVES_AT_LEAST = 1.0  # ms, on some key


def never_hit() -> type:
    from textual.cache import LRUCache

    class NeverHit(LRUCache[Any, Any]):
        def get(self, key: Any, default: Any = None) -> Any:
            return default

    return NeverHit


def patch_comparison_texts() -> None:
    from backtui.ui.widgets.comparison import ComparisonView

    def cached(self: Any, content: Any, width: int, style: Any, padding: Any) -> Any:
        return self._draw_content(content, width, style, padding)

    ComparisonView._cached = cached  # type: ignore[method-assign]


def _comparison_attribute(name: str) -> None:
    from backtui.ui.widgets.comparison import ComparisonView

    init = ComparisonView.__init__
    miss = never_hit()

    def patched(self: Any, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        setattr(self, name, miss(64))

    ComparisonView.__init__ = patched  # type: ignore[method-assign]


def patch_comparison_frames() -> None:
    from backtui.ui.widgets import comparison

    miss = never_hit()
    post_init = comparison.Column.__post_init__

    def patched(self: Any) -> None:
        post_init(self)
        self.frames = miss(comparison.FRAMES_KEPT)

    comparison.Column.__post_init__ = patched  # type: ignore[method-assign]


def patch_plot_lines() -> None:
    from backtui.ui.widgets import forest

    forest.LRUCache = never_hit()  # type: ignore[misc]


def patch_records() -> None:
    from backtui.ui.app import BacktuiApp

    open_target = BacktuiApp.open_target

    def patched(self: Any, target: Any) -> None:
        self._records.clear()
        open_target(self, target)

    BacktuiApp.open_target = patched  # type: ignore[method-assign]


def patch_view_items() -> None:
    from backtui.ui.screens.main import MainScreen

    refresh_items = MainScreen.refresh_items

    def patched(self: Any, *args: Any, **kwargs: Any) -> Any:
        self._items.clear()
        return refresh_items(self, *args, **kwargs)

    MainScreen.refresh_items = patched  # type: ignore[method-assign]


CACHES: dict[str, tuple[str, Callable[[], None]]] = {
    "comparison-texts": (
        "the comparison's titles and items, drawn (comparison._strips)",
        patch_comparison_texts,
    ),
    "comparison-joined": (
        "the columns joined side by side (comparison._joined)",
        lambda: _comparison_attribute("_joined"),
    ),
    "comparison-frames": (
        "each column's box, drawn (Column.frames)",
        patch_comparison_frames,
    ),
    "plot-lines": ("the forest plot's lines (forest: per layout)", patch_plot_lines),
    "records": ("a record's text, made once (BacktuiApp._records)", patch_records),
    "view-items": ("each view's items, built once (MainScreen._items)", patch_view_items),
}


def child(name: str, kb: str, presses: int) -> None:
    import bench_child

    if name != "none":
        CACHES[name][1]()
    result = asyncio.run(bench_child.pilot_bench(kb, presses))
    print(json.dumps({"to_idle": result["to_idle"]}))


def run_child(name: str, kb: str, presses: int) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", name, "--kb", kb, "--presses", str(presses)],
        capture_output=True,
        text=True,
        check=True,
    )
    to_idle: dict[str, list[float]] = json.loads(done.stdout.strip().splitlines()[-1])["to_idle"]
    return {key: statistics.median(values) * 1000 for key, values in to_idle.items()}


def main(argv: list[str] | None = None) -> int:
    import run

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path)
    parser.add_argument("--presses", type=int, default=8)
    parser.add_argument("--kb", default=str(run.SHIPPED_KB))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.kb, args.presses)
        return 0
    with run.private_homes():
        run.log("caches: every cache on")
        base = run_child("none", args.kb, args.presses)
        rows = []
        for name, (what, _patch) in CACHES.items():
            run.log(f"caches: {name} missing")
            without = run_child(name, args.kb, args.presses)
            extra = {key: without[key] - base[key] for key in base if key in without}
            key = max(extra, key=lambda k: extra[k])
            rows.append((name, what, extra[key], key, extra))
    lines = [
        "# The app's caches: what each one saves",
        "",
        "Written by `benchmarks/caches.py`. In-process key latency to idle (as in part 2 of "
        f"[RESULTS.md](RESULTS.md), {args.presses} presses a key), with every cache on, then "
        "with each cache made to miss every look-up. *Saves*: the largest rise in a key's "
        f"median when it misses; a cache is kept if it saves at least {SAVES_AT_LEAST:g} ms "
        "on some key. Differences under about 0.5 ms are within the noise of a run.",
        "",
        "| Cache | What it keeps | Saves | On | Kept |",
        "|---|---|---|---|---|",
    ]
    for name, what, saved, key, _extra in rows:
        kept = "yes" if saved >= SAVES_AT_LEAST else "**no**"
        lines.append(f"| `{name}` | {what} | {saved:.1f} ms | {key} | {kept} |")
    lines += [
        "",
        "Medians to idle with every cache on: "
        + ", ".join(f"{key} {value:.1f} ms" for key, value in base.items())
        + ".",
    ]
    text = "\n".join(lines) + "\n"
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
