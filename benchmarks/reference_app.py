"""The reference app for the startup benchmark: a bare one-screen Textual app.

Header, Footer, a 200-row DataTable and an Input, on the same Textual version as backtui.
``benchmarks/run.py`` starts it in the same pseudo-terminal as backtui, interleaved, and times
it until its table rows are visible. Run it by hand with ``python benchmarks/reference_app.py``.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header, Input

ROWS = 200
STATUSES = ("open", "closed", "waiting", "review")


def row(number: int) -> tuple[str, str, str, str, str]:
    return (
        f"R{number:04d}",
        f"Item number {number}",
        STATUSES[number % len(STATUSES)],
        f"{(number * 37) % 1000 / 10:.1f}",
        f"2026-{number % 12 + 1:02d}-{number % 28 + 1:02d}",
    )


class ReferenceApp(App[None]):
    TITLE = "Reference app"
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="table")
        yield Input(placeholder="Filter the rows", id="filter")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Id", "Name", "Status", "Score", "Date")
        table.add_rows(row(number) for number in range(1, ROWS + 1))
        table.focus()


if __name__ == "__main__":
    ReferenceApp().run()
