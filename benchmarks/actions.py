"""The key presses the latency benchmarks time, as cycles that return to where they began.

Each cycle is pressed once untimed (to learn what each state looks like), then again and again
while the presses are timed. The pseudo-terminal benchmark and the in-process (Pilot) one use
the same cycles, in the same order, from the same start: Overview, first column focused.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    key: str  # Textual key name (Pilot)
    tmux: str  # tmux send-keys name
    name: str | None  # what the press is reported as; None: pressed but not reported


@dataclass(frozen=True)
class Cycle:
    label: str
    steps: tuple[Step, ...]
    # The pseudo-terminal compares screens as text, or with colours when a change shows only
    # in colour (the reference app's cursor). A capture with colours costs tmux about 2.5
    # times one as text, and tmux serves the app nothing meanwhile, so text is used wherever
    # it shows the change. Keys that post a toast compare only the left 56 columns: toasts
    # (60 columns and an edge) stack up from the bottom right.
    escapes: bool = False
    left_columns: int | None = None
    setup: tuple[Step, ...] = ()  # pressed untimed before the cycle


ASPECT = "aspect switch (2)"
COLUMN = "next column (l)"
GRID = "grid toggle (g)"
DETAIL_OPEN = "detail open (enter)"
DETAIL_CLOSE = "detail close (escape)"
# The detail cycle opens the same record each time, which the app keeps rendered; this one
# opens the next item's record, then the one before: a record that needs rendering afresh.
DETAIL_OTHER = "detail open, another record (j/k, enter)"
SEARCH = "search open (/)"
COMPARATOR = "comparator switch (c)"
LAYER = "layer switch (d)"

REPORTED = (
    ASPECT,
    COLUMN,
    GRID,
    COMPARATOR,
    LAYER,
    DETAIL_OPEN,
    DETAIL_CLOSE,
    DETAIL_OTHER,
    SEARCH,
)

CYCLES: tuple[Cycle, ...] = (
    Cycle("aspect", (Step("2", "2", ASPECT), Step("1", "1", None))),
    # The focused column shows in glyphs (heavy lines and a ▶), so text captures see it.
    Cycle("column", (Step("l", "l", COLUMN), Step("h", "h", None))),
    Cycle("grid", (Step("g", "g", GRID), Step("g", "g", GRID))),
    Cycle("detail", (Step("enter", "Enter", DETAIL_OPEN), Step("escape", "Escape", DETAIL_CLOSE))),
    Cycle("search", (Step("slash", "/", SEARCH), Step("escape", "Escape", None))),
    # c and d change what Benefits shows, so they are timed there.
    Cycle(
        "comparator",
        tuple(Step("c", "c", COMPARATOR) for _ in range(4)),  # four comparators: back to "all"
        left_columns=56,
        setup=(Step("2", "2", None),),
    ),
    Cycle("layer", (Step("d", "d", LAYER), Step("d", "d", LAYER)), left_columns=56),
    # On Benefits (where the comparator cycle left it), whose first column lists several
    # findings: each Enter opens a record other than the one opened before.
    Cycle(
        "detail-other",
        (
            Step("j", "j", None),
            Step("enter", "Enter", DETAIL_OTHER),
            Step("escape", "Escape", None),
            Step("k", "k", None),
            Step("enter", "Enter", DETAIL_OTHER),
            Step("escape", "Escape", None),
        ),
        setup=(Step("2", "2", None),),
    ),
)

# The reference app's cheapest visible change, for scale: the DataTable cursor, one row.
REFERENCE_CURSOR = "reference app: cursor down (DataTable)"
REFERENCE_CYCLE = Cycle(
    "reference",
    (Step("down", "Down", REFERENCE_CURSOR), Step("up", "Up", None)),
    escapes=True,
)

KEY_CHARACTERS = {"enter": "\r", "escape": "\x1b", "slash": "/"}


def character(key: str) -> str:
    return KEY_CHARACTERS.get(key, key)
