"""A Footer that rebuilds itself only when the keys it shows change, and that drops its least
needed keys when it is too narrow for them all, so Help and Quit always show.

Textual's Footer (8.2.8) recomposes on every ``bindings_updated_signal``, which a screen
publishes on every focus change and every push or pop of a screen, even when the keys shown
stay the same. A recompose replaces all of its key widgets and lays out the whole screen
again: about two thirds of the work of moving between columns (``l``), and of opening and
closing a dialog (benchmarks/RESULTS.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual.widget import Widget
from textual.widgets import Footer

from backtui.ui.keys import FOOTER_RANK
from backtui.ui.textual_compat import FooterKey, footer_ready

if TYPE_CHECKING:
    from textual.screen import Screen

Shown = tuple[tuple[object, ...], ...]


def shown_keys(screen: Screen[object]) -> Shown:
    """Everything the Footer's compose reads from the bindings, as a comparable value."""
    app = screen.app
    return tuple(
        (
            binding.key,
            app.get_key_display(binding),
            binding.action,
            binding.description,
            enabled,
            tooltip,
            binding.group,  # a frozen dataclass: compared by value
        )
        for (_node, binding, enabled, tooltip) in screen.active_bindings.values()
        if binding.show or binding.action == "command_palette"
    )


KEY_CELLS = 3  # a key's padding (one each side) and the space after its description
PALETTE_CELLS = 3  # the palette key's border, padding and the gap before it


def key_cells(key: FooterKey) -> int:
    return cell_len(key.key_display) + cell_len(key.description) + KEY_CELLS


def fitting(keys: list[tuple[str, int]], room: int) -> set[str]:
    """The actions of the ``(action, cells)`` keys that fit in ``room`` cells, dropping the
    highest ranks first; Help and Quit (rank 1) stay even when nothing else fits."""
    kept = dict(keys)
    by_rank = sorted(kept, key=lambda action: FOOTER_RANK.get(action, len(FOOTER_RANK) + 1))
    while sum(kept.values()) > room and by_rank and FOOTER_RANK.get(by_rank[-1]) != 1:
        del kept[by_rank.pop()]
    return set(kept)


class StableFooter(Footer):
    def __init__(self) -> None:
        super().__init__()
        self._shown: Shown | None = None
        self._keys: list[tuple[str, int]] = []  # every key it could show: (action, cells)
        self._palette_cells = 0
        self._kept: set[str] = set()

    def _room(self) -> int:
        return self.app.size.width - self._palette_cells

    def compose(self) -> Iterator[Widget]:
        widgets = list(super().compose())
        keys = [
            w for w in widgets if isinstance(w, FooterKey) and not w.has_class("-command-palette")
        ]
        palette = [
            w for w in widgets if isinstance(w, FooterKey) and w.has_class("-command-palette")
        ]
        self._keys = [(key.action, key_cells(key)) for key in keys]
        self._palette_cells = sum(key_cells(p) + PALETTE_CELLS for p in palette)
        self._kept = fitting(self._keys, self._room())
        for widget in widgets:
            if (
                not isinstance(widget, FooterKey)
                or widget in palette
                or widget.action in self._kept
            ):
                yield widget

    def on_resize(self) -> None:
        if footer_ready(self) and fitting(self._keys, self._room()) != self._kept:
            self.call_after_refresh(self.recompose)

    def bindings_changed(self, screen: Screen[object]) -> None:
        shown = shown_keys(screen)
        if footer_ready(self) and shown == self._shown:
            return
        super().bindings_changed(screen)
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._shown = shown  # super() has scheduled a recompose for these keys
