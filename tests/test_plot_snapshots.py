"""Snapshots of the plot widgets on fixture data: two widths, a dark and a light theme."""

from __future__ import annotations

from collections.abc import Callable

from plot_data import PAIN_AXIS, TWELVE_ROWS
from textual.app import App, ComposeResult

from backtui.ui.widgets.forest import ForestPlot
from backtui.ui.widgets.icons import IconArray


class EvidenceApp(App[None]):
    """A forest plot over an icon array, as a Benefits or Side-effects aspect might show them."""

    CSS = """
    ForestPlot { height: 1fr; }
    IconArray { margin-top: 1; }
    """

    def __init__(self, theme: str) -> None:
        super().__init__()
        self.theme = theme
        self.animation_level = "none"

    def compose(self) -> ComposeResult:
        yield ForestPlot(TWELVE_ROWS, PAIN_AXIS)
        yield IconArray(
            19,
            unit="treatments",
            event="caused a mild side effect such as bruising",
            period="in the week after treatment",
        )


def test_plots_at_80_columns_dark(snap_compare: Callable[..., bool]) -> None:
    # 8 rows fit over the pinned axis; moving down 9 scrolls the rows under it.
    app = EvidenceApp("textual-dark")
    assert snap_compare(app, terminal_size=(80, 24), press=["down"] * 9)


def test_plots_at_120_columns_light(snap_compare: Callable[..., bool]) -> None:
    app = EvidenceApp("textual-light")
    assert snap_compare(app, terminal_size=(120, 30), press=["down", "down"])
