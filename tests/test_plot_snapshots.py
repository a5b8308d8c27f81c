"""Snapshots of the forest plot on fixture data: two widths, a dark and a light theme."""

from __future__ import annotations

from collections.abc import Callable

from plot_data import PAIN_AXIS, TWELVE_ROWS
from textual.app import App, ComposeResult

from backtui.ui.widgets.forest import ForestPlot


class EvidenceApp(App[None]):
    """A forest plot, as the Benefits aspect might show it."""

    CSS = """
    ForestPlot { height: 1fr; }
    """

    def __init__(self, theme: str) -> None:
        super().__init__()
        self.theme = theme
        self.animation_level = "none"

    def compose(self) -> ComposeResult:
        yield ForestPlot(TWELVE_ROWS, PAIN_AXIS)


# The sizes give the plot the room it had when an icon array stood below it (the same picture).
def test_plots_at_80_columns_dark(snap_compare: Callable[..., bool]) -> None:
    # 7 rows fit over the pinned axis; moving down 9 scrolls the rows under it.
    app = EvidenceApp("textual-dark")
    assert snap_compare(app, terminal_size=(80, 13), press=["down"] * 9)


def test_plots_at_120_columns_light(snap_compare: Callable[..., bool]) -> None:
    app = EvidenceApp("textual-light")
    assert snap_compare(app, terminal_size=(120, 19), press=["down", "down"])
