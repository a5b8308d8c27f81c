"""The keymap: one table that makes the bindings, the Footer and the help screen agree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType

from backtui.views.aspects import ALL as ASPECT_LIST

if TYPE_CHECKING:
    from textual.screen import Screen

# The Footer's keys, most needed first: on a narrow screen the last ones give way (help
# lists every key, and the header and plot title name c and d).
FOOTER_RANK = {
    action: rank
    for rank, action in enumerate(
        (
            "help",
            "quit",
            "decision",
            "search",
            "pick_options",
            "export",
            "toggle_grid",
            "claims",
            "next_comparator",
            "toggle_layer",
        ),
        start=1,
    )
}
FOOTER_RANK["quit"] = FOOTER_RANK["help"]


@dataclass(frozen=True)
class Key:
    group: str
    keys: str  # Textual key names, comma-separated
    shown: str  # how the help screen writes the keys
    action: str
    description: str
    id: str
    # 0: not in the Footer. Otherwise its rank there: where the Footer is too narrow for
    # every key it drops the highest ranks first, so Help and Quit (1) always stay.
    footer: int = 0
    help: str = ""  # longer wording for the help screen; the Footer shows `description`
    # Run as the key arrives, before keys typed after it are handed on: a key that opens a
    # screen or moves focus, so that those keys reach the new screen (ui/typeahead.py).
    priority: bool = False


MAIN_KEYS: tuple[Key, ...] = (
    Key("Move", "left,h", "← / h", "prev_column", "Previous option column", "backtui.column.prev"),
    Key("Move", "right,l", "→ / l", "next_column", "Next option column", "backtui.column.next"),
    *(
        Key(
            "Aspects",
            aspect.key,
            aspect.key,
            f"aspect({number})",
            f"Go to {aspect.label}",
            f"backtui.aspect.{aspect.key}",
        )
        for number, aspect in enumerate(ASPECT_LIST)
    ),
    Key(
        "Aspects",
        "left_square_bracket",
        "[",
        "prev_aspect",
        "Prev aspect",
        "backtui.aspect.prev",
        help="Previous aspect",
    ),
    Key(
        "Aspects",
        "right_square_bracket",
        "]",
        "next_aspect",
        "Next aspect",
        "backtui.aspect.next",
    ),
    Key(
        "Evidence",
        "c",
        "c",
        "next_comparator",
        "Comparator",
        "backtui.evidence.comparator",
        footer=FOOTER_RANK["next_comparator"],
        help="Compare benefits with the next: all, sham or placebo, usual care, no treatment",
    ),
    Key(
        "Evidence",
        "u",
        "u",
        "next_outcome",
        "Outcome",
        "backtui.evidence.outcome",
        help="Benefits plot: next outcome (pain, function, quality of life, ...)",
    ),
    Key(
        "Evidence",
        "d",
        "d",
        "toggle_layer",
        "Layer",
        "backtui.evidence.layer",
        footer=FOOTER_RANK["toggle_layer"],
        help="Switch layer: plain words or clinician numbers (summary of findings)",
    ),
    Key(
        "Views",
        "g",
        "g",
        "toggle_grid",
        "Grid",
        "backtui.view.grid",
        footer=FOOTER_RANK["toggle_grid"],
        priority=True,
        help="Switch between the comparison and the Option Grid",
    ),
    Key(
        "Views",
        "o",
        "o",
        "pick_options",
        "Options",
        "backtui.view.options",
        footer=FOOTER_RANK["pick_options"],
        priority=True,
        help="Choose which options to compare",
    ),
    Key(
        "Views",
        "slash",
        "/",
        "search",
        "Search",
        "backtui.view.search",
        footer=FOOTER_RANK["search"],
        priority=True,
    ),
    Key(
        "Decision",
        "m",
        "m",
        "decision",
        "My decision",
        "backtui.decision.open",
        footer=FOOTER_RANK["decision"],
        priority=True,
        help="My decision: what matters to me, shortlist, notes, questions, SURE check",
    ),
    Key(
        "Decision",
        "s",
        "s",
        "toggle_shortlist",
        "Shortlist",
        "backtui.decision.shortlist",
        help="Mark or unmark the focused option for my shortlist",
    ),
    Key("Views", "escape", "Esc", "back", "Back", "backtui.view.back"),
    Key(
        "Move",
        "enter",
        "Enter",
        "open_focused",
        "Open",
        "backtui.item.open",
        help="Open the full record (numbers, certainty, source)",
        priority=True,
    ),
)

APP_KEYS: tuple[Key, ...] = (
    Key(
        "Decision",
        "e",
        "e",
        "export",
        "Export",
        "backtui.app.export",
        footer=FOOTER_RANK["export"],
        priority=True,
        help="Export a summary of this comparison and your profile",
    ),
    Key(
        "App",
        "question_mark,f1",
        "? / F1",
        "help",
        "Help",
        "backtui.app.help",
        footer=FOOTER_RANK["help"],
        priority=True,
    ),
    Key("App", "q,ctrl+q", "q / Ctrl+Q", "quit", "Quit", "backtui.app.quit", footer=1),
    Key(
        "Views",
        "v",
        "v",
        "claims",
        "Claims",
        "backtui.app.claims",
        footer=FOOTER_RANK["claims"],
        priority=True,
        help="Checked claims: popular claims about these treatments, with verdicts",
    ),
)

# Keys handled by the focused widget itself, listed so help shows every key.
WIDGET_KEYS: tuple[tuple[str, str, str], ...] = (
    ("Move", "↑ / k", "Previous item in the column"),
    ("Move", "↓ / j", "Next item in the column"),
    ("Move", "Tab / Shift+Tab", "Move focus"),
    ("Views", "Space", "In the option picker: add or remove an option"),
    ("App", "Ctrl+P", "Command palette: every action, compare, go to, open, theme"),
)


def key_for(screen: Screen[object], action: str) -> str:
    """How the key in force for ``action`` is written in hints: as the key table writes it,
    or, where a keymap has bound another key, as Textual shows that one."""
    table = next((k for k in (*MAIN_KEYS, *APP_KEYS) if k.action == action), None)
    written = table.shown.split(" / ")[0] if table is not None else ""
    for _node, binding, _enabled, _tooltip in screen.active_bindings.values():
        if binding.action == action:
            if table is not None and binding.key in table.keys.split(","):
                return written
            return screen.app.get_key_display(binding)
    return written or "?"


def bindings(keys: tuple[Key, ...]) -> list[BindingType]:
    return [
        Binding(
            k.keys,
            k.action,
            k.description,
            show=k.footer > 0,
            id=k.id,
            tooltip=k.description,
            priority=k.priority,
        )
        for k in keys
    ]


def help_rows() -> list[tuple[str, str, str]]:
    """(group, keys, what it does) for every key, grouped in a stable order."""
    rows = [(k.group, k.shown, k.help or k.description) for k in (*MAIN_KEYS, *APP_KEYS)]
    aspects = [r for r in rows if r[0] == "Aspects" and r[1].isdigit()]
    rows = [r for r in rows if r not in aspects]
    first, last = ASPECT_LIST[0], ASPECT_LIST[-1]
    rows.insert(
        0,
        (
            "Aspects",
            f"{first.key} … {last.key}",
            f"Jump to an aspect ({first.label} … {last.label})",
        ),
    )
    rows += list(WIDGET_KEYS)
    order = ["Move", "Aspects", "Evidence", "Views", "Decision", "App"]
    return sorted(rows, key=lambda r: order.index(r[0]))
