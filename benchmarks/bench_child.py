"""Measurements that run in a fresh process of their own; ``run.py`` starts them.

    python benchmarks/bench_child.py check KB [--lift-caps]
    python benchmarks/bench_child.py load KB [--repeat R] [--lift-caps]
    python benchmarks/bench_child.py paint KB [--lift-caps]
    python benchmarks/bench_child.py pilot KB [--presses P]
    python benchmarks/bench_child.py export KB

Each prints one JSON object on its last line of standard output. ``--lift-caps`` raises the
reader's limits on file size and value count (``yamlread.MAX_BYTES``, ``MAX_NODES``), which
refuse the larger synthetic knowledge bases, so their cost can still be measured.
"""

from __future__ import annotations

import time

STARTED = time.monotonic()  # before any import below: the paint benchmark's zero

import argparse  # noqa: E402
import asyncio  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

SIZE = (120, 40)


def emit(result: dict[str, Any]) -> None:
    print(json.dumps(result))


# ---------------------------------------------------------------------------- load + validate


def load_bench(path: str, repeat: int) -> dict[str, Any]:
    """Time each stage of ``backtui.kb.loader.load`` in this (warm) process; the best of
    ``repeat`` runs."""
    import msgspec

    from backtui.kb import loader, validate, yamlread
    from backtui.kb.schema import KnowledgeBase

    stages: dict[str, list[float]] = {
        "read": [],
        "parse": [],
        "convert": [],
        "validate": [],
        "load": [],
    }
    for _ in range(repeat):
        gc.disable()  # as loader.load does, from the read to the last rule
        try:
            started = time.perf_counter()
            text = yamlread.decode(path, yamlread.read_bytes(path))
            read = time.perf_counter()
            located = yamlread.parse(path, text)
            parsed = time.perf_counter()
            kb = msgspec.convert(located.data, KnowledgeBase, strict=True)
            converted = time.perf_counter()
            validate.errors(kb)
            validate.warnings(kb)
            validated = time.perf_counter()
        finally:
            gc.enable()
        del located, kb
        gc.collect()
        load_started = time.perf_counter()
        loaded = loader.load(path)
        load_done = time.perf_counter()
        del loaded
        gc.collect()
        stages["read"].append(read - started)
        stages["parse"].append(parsed - read)
        stages["convert"].append(converted - parsed)
        stages["validate"].append(validated - converted)
        stages["load"].append(load_done - load_started)
    # The best of the repeats: on a shared machine the others mostly measure the neighbours.
    return {name: min(values) for name, values in stages.items()}


# ---------------------------------------------------------------------------- first paint


def paint_bench(path: str) -> dict[str, Any]:
    """Run ``backtui --data PATH`` through its real command-line path, headless at 120x40,
    and exit one refresh after the app is ready. Times are ``time.monotonic()`` stamps, which
    the parent compares with the moment it started this process."""
    import backtui.ui.app as app_module
    import backtui.ui.launch as launch_module
    from backtui import cli

    stamps: dict[str, float] = {"script": STARTED}
    base = app_module.BacktuiApp

    class FirstPaint(base):  # type: ignore[misc, valid-type]
        def run(self, *args: Any, **kwargs: Any) -> Any:
            stamps["run"] = time.monotonic()
            kwargs.update(headless=True, size=SIZE)
            return super().run(*args, **kwargs)

        def on_ready(self) -> None:
            stamps["ready"] = time.monotonic()
            self.call_after_refresh(self._painted)

        def _painted(self) -> None:
            stamps["painted"] = time.monotonic()
            self.exit()

    app_module.BacktuiApp = FirstPaint  # type: ignore[misc]
    launch_module.require_terminal = lambda: None  # headless: no terminal needed
    code = cli.main(["--data", path])
    stamps["exit"] = time.monotonic()
    return {"code": code, "stamps": stamps}


# ---------------------------------------------------------------------------- key latency


async def pilot_bench(path: str, presses: int) -> dict[str, Any]:
    """Key latency in-process: post the key as Pilot does, then wait for the app to be idle.

    Animations are off (``animation_level = "none"``). Three figures per press:
    - first_paint: from posting the key to the first screen update after it;
    - to_paint: ... to the last screen update it caused (an update is the compositor's render
      of the changed regions; headless, nothing is written to a terminal);
    - to_idle: until every message queue on the app and screen is empty and nothing is left to
      lay out or repaint (checked every 1 ms, after the key has been handled).
    and, for comparison, ``await pilot.press(key); await pilot.pause()`` wall time, whose
    idle detection sleeps in 20 ms steps (textual._wait.SLEEP_GRANULARITY).
    """
    from actions import CYCLES, character
    from textual import events

    from backtui.kb.loader import load
    from backtui.ui.app import BacktuiApp

    paints: list[float] = []

    class Timed(BacktuiApp):
        def _display(self, screen: Any, renderable: Any) -> None:
            if renderable is not None and not self._batch_count:
                paints.append(time.perf_counter())
            super()._display(screen, renderable)

    loaded = load(path)
    # As launch() does: the collector is paused for start-up, and the app's IdleCollector
    # collects once after the first frame, freezes what survives, then collects in pauses of
    # the input. Without this, collections of start-up's objects (about 40 ms) land inside
    # key presses, which the real app never sees.
    gc.disable()
    app = Timed(loaded)
    # Animations (the narrow option tabs' underline, a toast fading) are decoration, and
    # while one runs the app is never idle. Without them, "idle" means the key's work is done.
    app.animation_level = "none"

    def busy() -> bool:
        nodes = [app, *app.screen.walk_children(with_self=True)]
        if any(not node._message_queue.empty() for node in nodes):
            return True
        screen = app.screen
        return bool(
            screen._dirty_widgets
            or screen._layout_required
            or screen._repaint_required
            or screen._scroll_required
            or app._batch_count
        )

    async def quiet(started: float, quiet_for: float = 0.15) -> tuple[float, float, float]:
        """(first paint, last paint, idle), in seconds after ``started``."""
        last_busy = started
        while True:
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            if busy():
                last_busy = now
            last_paint = paints[-1] if paints and paints[-1] >= started else started
            if now - max(last_busy, last_paint) >= quiet_for:
                first = next((p for p in paints if p >= started), started)
                # Idle: nothing left to do, the last frame included (a frame may wait on a timer).
                return first - started, last_paint - started, max(last_busy, last_paint) - started

    first_paint: dict[str, list[float]] = {}
    to_paint: dict[str, list[float]] = {}
    to_idle: dict[str, list[float]] = {}
    pilot_wall: dict[str, list[float]] = {}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.5)
        await quiet(time.perf_counter())

        async def press(key: str) -> tuple[float, float, float]:
            event = events.Key(key, character(key))
            event.set_sender(app)
            started = time.perf_counter()
            assert app._driver is not None
            app._driver.send_message(event)
            return await quiet(started)

        for cycle in CYCLES:
            for step in cycle.setup:
                await press(step.key)
            if presses > 1:
                for step in cycle.steps:  # untimed: the first press may build caches
                    await press(step.key)
            while True:
                for step in cycle.steps:
                    first, painted, idle = await press(step.key)
                    if step.name:
                        first_paint.setdefault(step.name, []).append(first)
                        to_paint.setdefault(step.name, []).append(painted)
                        to_idle.setdefault(step.name, []).append(idle)
                if all(len(to_paint.get(s.name, [])) >= presses for s in cycle.steps if s.name):
                    break
            # Pilot's own idle wait, for comparison (one cycle).
            for step in cycle.steps:
                started = time.perf_counter()
                await pilot.press(step.key)
                await pilot.pause()
                if step.name:
                    pilot_wall.setdefault(step.name, []).append(time.perf_counter() - started)
                await quiet(time.perf_counter())
        # Where the CPU goes: one more pass over every cycle under cProfile (after the
        # timings, which it would slow down), own time summed by kind of code.
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        for cycle in CYCLES:
            for step in (*cycle.setup, *cycle.steps):
                profiler.enable()
                await press(step.key)
                profiler.disable()
        stats = pstats.Stats(profiler)
        profile: dict[str, float] = {}
        for (filename, _line, name), row in stats.stats.items():  # type: ignore[attr-defined]
            kind = code_kind(filename, name)
            if kind:
                profile[kind] = profile.get(kind, 0.0) + row[2]  # own time
    return {
        "first_paint": first_paint,
        "to_paint": to_paint,
        "to_idle": to_idle,
        "pilot_press_pause": pilot_wall,
        "profile": profile,
    }


RENDERING = (
    "_compositor",
    "_styles_cache",
    "strip",
    "content",
    "visual",
    "filter",
    "_arrange",
    "_layout",
    "layouts",
    "_segment_tools",
    "_spatial_map",
    "geometry",
    "_border",
    "_box_drawing",
    "renderables",
    "_wrap",
)


def code_kind(filename: str, name: str) -> str | None:
    """A coarse kind for a profiled function, from its file; None for waiting (the event
    loop's epoll) and for this harness's own polling."""
    path = filename.replace("\\", "/")
    if "epoll" in name or "select" in name or path.endswith("bench_child.py"):
        return None
    if "/backtui/" in path:
        return "backtui"
    if "/textual/" in path:
        tail = path.split("/textual/", 1)[1]
        if tail.startswith("css/"):
            return "Textual: CSS (style matching and styles)"
        if tail.startswith("widgets/"):
            return "Textual: widgets' own code (OptionList, DataTable, Tabs...)"
        if tail.split("/")[0].removesuffix(".py") in RENDERING:
            return "Textual: layout and rendering (compositor, strips, content)"
        return "Textual: app, screen, widget base class, messages, DOM"
    if "/rich/" in path:
        return "Rich (segments, styles, text)"
    return "Python and the rest (asyncio, builtins)"


# ---------------------------------------------------------------------------- export


def export_bench(path: str, repeat: int) -> dict[str, Any]:
    """Build and render the summary of the default comparison, in this process."""
    from backtui.export import render
    from backtui.kb.loader import load
    from backtui.summary import build, parse_selection

    kb = load(path).kb
    selection = parse_selection(kb, None)
    out: dict[str, Any] = {}
    for fmt in ("md", "html"):
        times = []
        size = 0
        for _ in range(repeat):
            started = time.perf_counter()
            text = render(build(kb, selection, None), fmt, lang=kb.meta.language)
            times.append(time.perf_counter() - started)
            size = len(text.encode())
        out[fmt] = {"seconds": statistics.median(times), "bytes": size}
    return out


def lift_caps() -> None:
    from backtui.kb import yamlread

    yamlread.MAX_BYTES = 1 << 30
    yamlread.MAX_NODES = 10**9


def check_bench(path: str) -> dict[str, Any]:
    """``backtui check PATH`` through the real command line, in this process."""
    from backtui import cli

    return {"code": cli.main(["check", path])}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=("check", "load", "paint", "pilot", "export"))
    parser.add_argument("kb")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--presses", type=int, default=15)
    parser.add_argument("--lift-caps", action="store_true")
    args = parser.parse_args()
    if args.lift_caps:
        lift_caps()
    if args.what == "check":
        emit(check_bench(args.kb))
    elif args.what == "load":
        emit(load_bench(args.kb, args.repeat))
    elif args.what == "paint":
        emit(paint_bench(args.kb))
    elif args.what == "pilot":
        emit(asyncio.run(pilot_bench(args.kb, args.presses)))
    else:
        emit(export_bench(args.kb, args.repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
