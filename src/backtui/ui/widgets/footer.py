"""A Footer that rebuilds itself only when the keys it shows change.

Textual's Footer (8.2.8) recomposes on every ``bindings_updated_signal``, which a screen
publishes on every focus change and every push or pop of a screen, even when the keys shown
stay the same. A recompose replaces all of its key widgets and lays out the whole screen
again: about two thirds of the work of moving between columns (``l``), and of opening and
closing a dialog (benchmarks/RESULTS.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer

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


class StableFooter(Footer):
    def __init__(self) -> None:
        super().__init__()
        self._shown: Shown | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        shown = shown_keys(screen)
        if self._bindings_ready and shown == self._shown:
            return
        super().bindings_changed(screen)
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._shown = shown  # super() has scheduled a recompose for these keys
