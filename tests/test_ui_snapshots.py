"""Snapshots of the explorer (issue 3), on fixture KBs only, with an explicit theme and size.

Synchronous on purpose: snap_compare runs the app on its own event loop. Review changes in
snapshot_report.html before accepting them with ``pytest --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot
from ui_helpers import KB_HOSTILE, KB_SMALL, make_app

from backtui.views.aspects import ASPECT_IDS

SnapCompare = Callable[..., bool]


def test_home_160x45(snap_compare: SnapCompare) -> None:
    assert snap_compare(make_app(KB_SMALL), terminal_size=(160, 45))


def test_home_100x30_benefits(snap_compare: SnapCompare) -> None:
    app = make_app(KB_SMALL, aspect=ASPECT_IDS.index("benefits"))
    assert snap_compare(app, terminal_size=(100, 30))


def test_home_60x20_narrow(snap_compare: SnapCompare) -> None:
    assert snap_compare(make_app(KB_SMALL), press=["l"], terminal_size=(60, 20))


def test_grid(snap_compare: SnapCompare) -> None:
    assert snap_compare(make_app(KB_SMALL), press=["g", "l"], terminal_size=(120, 40))


def test_detail_modal(snap_compare: SnapCompare) -> None:
    app = make_app(KB_SMALL, aspect=ASPECT_IDS.index("safety"))
    assert snap_compare(app, press=["l", "enter"], terminal_size=(120, 40))


def test_help(snap_compare: SnapCompare) -> None:
    assert snap_compare(make_app(KB_SMALL), press=["question_mark"], terminal_size=(120, 45))


def test_light_theme_guidelines(snap_compare: SnapCompare) -> None:
    app = make_app(KB_SMALL, theme="textual-light", aspect=ASPECT_IDS.index("guidelines"))
    assert snap_compare(app, terminal_size=(120, 40))


def test_hostile_text(snap_compare: SnapCompare) -> None:
    assert snap_compare(make_app(KB_HOSTILE), terminal_size=(120, 40))


# 80x24: still the default size of most terminals and of every SSH session (issue 14).
SMALL = (80, 24)


def test_home_80x24(snap_compare: SnapCompare) -> None:
    assert snap_compare(make_app(KB_SMALL), terminal_size=SMALL)


def test_benefits_plot_80x24(snap_compare: SnapCompare) -> None:
    app = make_app(KB_SMALL, aspect=ASPECT_IDS.index("benefits"))
    assert snap_compare(app, press=["tab", "j"], terminal_size=SMALL)


def test_grid_80x24(snap_compare: SnapCompare) -> None:
    assert snap_compare(make_app(KB_SMALL), press=["g"], terminal_size=SMALL)


def test_my_decision_sure_80x24(snap_compare: SnapCompare) -> None:
    async def show_sure(pilot: Pilot[None]) -> None:
        await pilot.press("m")
        await pilot.pause()
        pilot.app.screen.query_one("#sure-result").scroll_visible(animate=False, top=False)
        await pilot.pause()

    assert snap_compare(make_app(KB_SMALL), run_before=show_sure, terminal_size=SMALL)


def test_help_80x24(snap_compare: SnapCompare) -> None:
    assert snap_compare(make_app(KB_SMALL), press=["question_mark"], terminal_size=SMALL)
