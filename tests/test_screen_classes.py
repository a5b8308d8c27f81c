"""The main screen's classes restyle only the widgets the stylesheet styles by them.

MainScreen.set_screen_class sets a class without restyling the whole screen (that cost more
than the rest of an aspect switch) and restyles only SCREEN_CLASS_TARGETS. This keeps that
table and the stylesheets in step: a new rule that styles something else by a screen class
must be added there.
"""

from __future__ import annotations

import re
from pathlib import Path

from ui_helpers import make_app

from backtui.ui.screens.main import SCREEN_CLASS_TARGETS

UI = Path(__file__).resolve().parent.parent / "src" / "backtui" / "ui"
RULE = re.compile(r"([^{}]+)\{")
SCREEN_SELECTOR = re.compile(r"MainScreen((?:\.[\w-]+)+)(.*)")


def styled_by_screen_classes() -> list[tuple[str, str]]:
    """(class, selector of what it styles) for every rule keyed on a MainScreen class, in
    app.tcss and in the DEFAULT_CSS of backtui's own widgets."""
    sources = [path.read_text(encoding="utf-8") for path in UI.rglob("*.tcss")]
    sources += [path.read_text(encoding="utf-8") for path in UI.rglob("*.py")]
    found = []
    for source in sources:
        source = re.sub(r"/\*.*?\*/", "", source, flags=re.DOTALL)
        for rule in RULE.findall(source):
            for selector in rule.split(","):
                match = SCREEN_SELECTOR.search(selector.strip())
                if match:
                    for name in match[1].split(".")[1:]:
                        found.append((name, match[2].strip()))
    return found


def test_every_rule_on_a_screen_class_styles_a_listed_widget() -> None:
    rules = styled_by_screen_classes()
    assert rules, "expected the stylesheet to style by screen classes"
    for name, target in rules:
        assert name in SCREEN_CLASS_TARGETS, f"MainScreen.{name} is not in SCREEN_CLASS_TARGETS"
        last = target.split()[-1] if target else "(the screen itself)"
        assert last in SCREEN_CLASS_TARGETS[name], (
            f"MainScreen.{name} styles {last}: add it to SCREEN_CLASS_TARGETS[{name!r}]"
        )


async def test_the_classes_still_show_and_hide_their_widgets() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        main = app.main
        plot = main.query_one("#plot-area")
        assert not plot.display
        await pilot.press("2")
        assert main.has_class("-benefits") and plot.display
        await pilot.press("1")
        assert not main.has_class("-benefits") and not plot.display

        tabs = main.query_one("#aspect-tabs")
        await pilot.press("g")
        assert main.has_class("-grid") and not tabs.display
        await pilot.press("g")
        assert not main.has_class("-grid") and tabs.display

        option_tabs = main.query_one("#option-tabs")
        assert not option_tabs.display
        await pilot.resize_terminal(70, 30)
        assert main.has_class("-narrow") and option_tabs.display
