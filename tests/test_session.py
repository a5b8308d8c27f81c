"""Screens share a session and talk to the app in messages, not to each other (ui/session.py)."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from conftest import SHIPPED_KB
from textual.widgets import Checkbox
from ui_helpers import loaded, press

import backtui
from backtui.profile.model import Profile
from backtui.profile.store import ProfileStore, set_rating, set_setting
from backtui.ui import present
from backtui.ui.app import BacktuiApp
from backtui.ui.messages import ProfileChanged
from backtui.ui.screens.decision import DecisionScreen
from backtui.ui.session import Session

SRC = Path(backtui.__file__).resolve().parent


def session(store: ProfileStore | None = None) -> Session:
    return Session(loaded(SHIPPED_KB), store, Profile(), ["acupuncture"])


def test_apply_changes_the_profile_at_once_and_marks_it_as_this_kbs() -> None:
    shared = session()
    change = shared.apply(set_rating("cost", 4))
    assert shared.profile.ratings == {"cost": 4}
    assert shared.profile.kb_id == shared.index.kb.meta.id
    other = Profile()
    change(other)  # the change as it is saved carries the knowledge base too
    assert other.kb_id == shared.index.kb.meta.id and other.ratings == {"cost": 4}


def test_settings_are_kept_until_taken_and_only_the_changed_ones_are_saved() -> None:
    shared = session()
    shared.set_setting("layer", "clinician")
    shared.set_setting("comparator", "")  # as saved already: nothing to save
    assert shared.setting("layer") == "clinician"
    assert shared.profile.settings.layer != "clinician"
    changes = shared.take_settings()
    assert len(changes) == 1 and shared.unsaved_settings == {}
    changes[0](shared.profile)
    assert shared.profile.settings.layer == "clinician"
    assert shared.setting("layer") == "clinician"


def test_store_status_says_how_the_profile_is_kept(tmp_path: Path) -> None:
    assert session().store_status().startswith("Not saved")
    assert not session().saving
    store = ProfileStore(tmp_path / "profile.json")
    store.load()
    kept = session(store)
    assert kept.saving and kept.store_status() == "Saved as you go."
    assert kept.store_file_line().endswith("profile.json")
    set_setting("layer", "plain")  # a valid setting; the store itself is untouched
    assert not (tmp_path / "profile.json").exists()


async def test_a_shortlist_change_on_my_decision_reaches_the_file_and_the_columns(
    tmp_path: Path,
) -> None:
    path = tmp_path / "profile.json"
    store = ProfileStore(path)
    store.load()
    app = BacktuiApp(loaded(SHIPPED_KB), store=store)
    app.animation_level = "none"
    posted: list[object] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        option_id = app.session.selected[0]
        await press(pilot, "m")
        decision = app.screen
        assert isinstance(decision, DecisionScreen)
        assert decision.session is app.session is app.main.session
        original = decision.post_message

        def recording(message: object) -> bool:
            posted.append(message)
            return original(message)  # type: ignore[arg-type]

        decision.post_message = recording  # type: ignore[method-assign]
        decision.query_one(f"#short-{option_id}", Checkbox).value = True
        await pilot.pause()
        assert any(isinstance(m, ProfileChanged) for m in posted), "said in a message"
        assert option_id in app.session.profile.shortlist  # at once
        await press(pilot, "escape")
        title = app.main.comparison.columns[0].title
        assert title.plain == present.column_title(app.index, option_id, True).plain
        await app.workers.wait_for_complete()
    assert json.loads(path.read_text())["shortlist"] == [option_id]


def test_no_screen_imports_the_app_and_no_module_imports_itself_back() -> None:
    """Every import counts: at the top, in functions and for type checking only."""
    modules: dict[str, Path] = {}
    for path in SRC.rglob("*.py"):
        name = ".".join(("backtui", *path.relative_to(SRC).with_suffix("").parts))
        modules[name.removesuffix(".__init__")] = path
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                named = {f"{node.module}.{alias.name}" for alias in node.names}
                # "from package import module" depends on the module, not the package
                found |= (named & modules.keys()) or {node.module}
        graph[name] = (found & modules.keys()) - {name}
    for screen in (n for n in modules if n.startswith("backtui.ui.screens.")):
        assert "backtui.ui.app" not in graph[screen], screen

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in graph[start]:
            if nxt == goal or (nxt not in seen and not seen.add(nxt) and reaches(nxt, goal, seen)):
                return True
        return False

    cycles = [name for name in graph if reaches(name, name, set())]
    assert cycles == []
