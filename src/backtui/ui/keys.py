"""The keymap: one table that makes the bindings, the Footer and the help screen agree."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType

from backtui.profile.model import RATING_MAX, RATING_MIN
from backtui.views.aspects import ALL as ASPECT_LIST

if TYPE_CHECKING:
    from textual.dom import DOMNode

# The Footer's keys, most needed first: on a narrow screen the last ones give way (help
# lists every key, and the header and plot title name c and d).
FOOTER_RANK = {
    "help": 1,  # 1: never dropped
    "quit": 1,
    "decision": 2,
    "search": 3,
    "pick_options": 4,
    "export": 5,
    "toggle_grid": 6,
    "claims": 7,
    "next_comparator": 8,
    "toggle_layer": 9,
}


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
    Key("Move", "left,h", "← / h", "prev_column", "Previous option column", "backtui.move.left"),
    Key("Move", "right,l", "→ / l", "next_column", "Next option column", "backtui.move.right"),
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
    # In a text field Textual leaves out the keys the field types (?), so the Footer shows
    # F1 there: Help is always in view.
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
# Textual's own keys, which no keymap here changes.
WIDGET_KEYS: tuple[tuple[str, str, str], ...] = (
    ("Move", "Tab / Shift+Tab", "Move focus"),
    ("App", "Ctrl+P", "Command palette: every action, compare, go to, open, theme"),
)
# What the shared keys do, as help says it.
MOVE_HELP = {
    "up": "Previous item, row or question",
    "down": "Next item, row or question",
    "page_up": "A page up",
    "page_down": "A page down",
    "first": "First item",
    "last": "Last item",
    "toggle": "Tick or untick (option picker, questions, shortlist)",
}


# Keys that every list, column, plot, table and dialog share, each bound there to its own
# action (move_bindings). One id each, so a keymap changes them everywhere at once.
MOVE_KEYS: dict[str, Key] = {
    key.action: key
    for key in (
        Key("Move", "up,k", "↑ / k", "up", "Up", "backtui.move.up"),
        Key("Move", "down,j", "↓ / j", "down", "Down", "backtui.move.down"),
        Key("Move", "pageup", "PgUp", "page_up", "Page up", "backtui.move.page_up"),
        Key("Move", "pagedown", "PgDn", "page_down", "Page down", "backtui.move.page_down"),
        Key("Move", "home", "Home", "first", "First", "backtui.move.first"),
        Key("Move", "end", "End", "last", "Last", "backtui.move.last"),
        Key("Move", "enter", "Enter", "open", "Open", "backtui.item.open"),
        Key("Move", "escape", "Esc", "back", "Back or close", "backtui.view.back"),
        Key("Move", "space", "Space", "toggle", "Tick or untick", "backtui.move.toggle"),
    )
}
# The column keys are the shared left and right.
MOVE_KEYS["left"] = next(k for k in MAIN_KEYS if k.action == "prev_column")
MOVE_KEYS["right"] = next(k for k in MAIN_KEYS if k.action == "next_column")


def move_binding(
    name: str, action: str, description: str = "", show: bool = False, priority: bool = False
) -> Binding:
    key = MOVE_KEYS[name]
    return Binding(
        key.keys, action, description or key.description, show=show, id=key.id, priority=priority
    )


def move_bindings(**actions: str) -> list[BindingType]:
    """Bindings for the shared keys: ``move_bindings(up="cursor_up", open="choose")``."""
    return [move_binding(name, action) for name, action in actions.items()]


def list_bindings(*, show_open: bool = False) -> list[BindingType]:
    """A list's keys, bound to the actions of the same names in every list-like widget (the
    columns, the plot): up, down, a page, first, last, and Enter to choose."""
    return [
        *move_bindings(
            up="cursor_up",
            down="cursor_down",
            page_up="page_up",
            page_down="page_down",
            first="first",
            last="last",
        ),
        move_binding("open", "choose", show=show_open),
    ]


@cache  # the table does not change while the app runs; hints ask for it on every render
def all_key_ids() -> dict[str, Key]:
    """Every binding id a keymap may name, with its key."""
    ids = {key.id: key for key in (*MAIN_KEYS, *APP_KEYS, *MOVE_KEYS.values())}
    ids.update({f"backtui.rating.{n}": rating_key(n) for n in range(RATING_MIN, RATING_MAX + 1)})
    return ids


def rating_key(value: int) -> Key:
    return Key(
        "Decision",
        str(value),
        str(value),
        f"set({value})",
        f"Rate {value}",
        f"backtui.rating.{value}",
    )


KEY_WORDS = {
    "escape": "Esc",
    "enter": "Enter",
    "space": "Space",
    "tab": "Tab",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
    "slash": "/",
    "question_mark": "?",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "delete": "Del",
    "backspace": "Backspace",
}


def key_words(keys: str) -> str:
    """Textual key names as hints write them: "escape" -> "Esc", "ctrl+q" -> "Ctrl+Q"."""

    def one(name: str) -> str:
        *mods, last = name.split("+")
        word = KEY_WORDS.get(last, last.upper() if len(last) > 1 and last[0] == "f" else last)
        return "+".join([*(m.capitalize() for m in mods), word])

    return " / ".join(one(name) for name in keys.split(",") if name)


def shown(keymap: dict[str, str], key_id: str, first_only: bool = True, last: bool = False) -> str:
    """How hints write the key for ``key_id`` under ``keymap`` (the person's own keys, by
    id): the table's way for the defaults, Textual's names turned into words otherwise."""
    key = all_key_ids()[key_id]
    if key_id in keymap:
        written = key_words(keymap[key_id])
    else:
        written = key.shown
    if last:
        return written.split(" / ")[-1]
    return written.split(" / ")[0] if first_only else written


def keymap_of(node: DOMNode) -> dict[str, str]:
    """The person's own keys in force in ``node``'s app (BacktuiApp.keymap_in_force)."""
    keymap: dict[str, str] = getattr(node.app, "keymap_in_force", {})
    return keymap


def key_for(node: DOMNode, action: str) -> str:
    """How hints write the key in force for a main-screen or app ``action``."""
    key = next(k for k in (*MAIN_KEYS, *APP_KEYS) if k.action == action)
    return shown(keymap_of(node), key.id)


def move_key(node: DOMNode, name: str, last: bool = False) -> str:
    """How hints write the key in force for a shared key (MOVE_KEYS): "Enter", "Esc"; with
    ``last``, its last alternative ("h" of "← / h", beside a ◀ that stands for the arrow)."""
    return shown(keymap_of(node), MOVE_KEYS[name].id, last=last)


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


def help_rows(keymap: dict[str, str] | None = None) -> list[tuple[str, str, str]]:
    """(group, keys, what it does) for every key in force, grouped in a stable order."""
    keymap = keymap or {}
    rows = [
        (k.group, shown(keymap, k.id, first_only=False), k.help or k.description)
        for k in (*MAIN_KEYS, *APP_KEYS)
    ]
    rows += [
        ("Move", shown(keymap, MOVE_KEYS[name].id, first_only=False), what)
        for name, what in MOVE_HELP.items()
    ]
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
