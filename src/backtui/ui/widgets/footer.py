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
from textual.widgets._footer import FooterKey

from backtui.ui.keys import FOOTER_RANK

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
            id(binding.group) if binding.group is not None else None,
        )
        for (_node, binding, enabled, tooltip) in screen.active_bindings.values()
        if binding.show or binding.action == "command_palette"
    )


KEY_CELLS = 3  # a key's padding (one each side) and the space after its description
PALETTE_CELLS = 3  # the palette key's border, padding and the gap before it


def key_cells(key: FooterKey) -> int:
    return cell_len(key.key_display) + cell_len(key.description) + KEY_CELLS


def fitting(keys: list[FooterKey], room: int) -> list[FooterKey]:
    """The keys that fit in ``room`` cells, dropping the highest ranks first."""
    kept = list(keys)
    by_rank = sorted(kept, key=lambda k: FOOTER_RANK.get(k.action, len(FOOTER_RANK) + 1))
    while kept and sum(map(key_cells, kept)) > room and by_rank[-1:]:
        dropped = by_rank.pop()
        if FOOTER_RANK.get(dropped.action) == 1:
            break  # Help and Quit stay, even when nothing else fits
        kept.remove(dropped)
    return kept


class StableFooter(Footer):
    def __init__(self) -> None:
        super().__init__()
        self._shown: Shown | None = None
        self._fitted_width = 0

    def compose(self) -> Iterator[Widget]:
        widgets = list(super().compose())
        keys = [
            w for w in widgets if isinstance(w, FooterKey) and not w.has_class("-command-palette")
        ]
        palette = [
            w for w in widgets if isinstance(w, FooterKey) and w.has_class("-command-palette")
        ]
        room = self.app.size.width - sum(key_cells(p) + PALETTE_CELLS for p in palette)
        kept = set(map(id, fitting(keys, room)))
        self._fitted_width = self.app.size.width
        yield from (
            w for w in widgets if not isinstance(w, FooterKey) or id(w) in kept or w in palette
        )

    def on_resize(self) -> None:
        if self._bindings_ready and self.app.size.width != self._fitted_width:
            self.call_after_refresh(self.recompose)

    def bindings_changed(self, screen: Screen[object]) -> None:
        shown = shown_keys(screen)
        if self._bindings_ready and shown == self._shown:
            return
        super().bindings_changed(screen)
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._shown = shown  # super() has scheduled a recompose for these keys
