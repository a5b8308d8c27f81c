"""Issue 14 (15): the theme, layer, comparator and export folder last from one launch to the
next, in the profile's settings (format version 2; a version-1 file is upgraded)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SHIPPED_KB
from ui_helpers import loaded, press

from backtui.profile.format import ProfileFormatError, encode_profile, parse_profile
from backtui.profile.model import FORMAT_VERSION, Profile
from backtui.profile.store import ProfileError, ProfileStore, set_setting
from backtui.ui.app import BacktuiApp


def app_on(path: Path) -> BacktuiApp:
    store = ProfileStore(path)
    store.load()
    app = BacktuiApp(loaded(SHIPPED_KB), store=store)
    app.animation_level = "none"
    return app


async def test_theme_layer_and_comparator_are_there_at_the_next_launch(tmp_path: Path) -> None:
    path = tmp_path / "profile.json"
    app = app_on(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "c", "d")
        app.theme = "textual-light"
        await pilot.pause()
        assert not path.exists() or '"clinician"' not in path.read_text()  # saved on a pause
        await pilot.pause(1.2)
        await app.workers.wait_for_complete()
    saved = json.loads(path.read_text())
    assert saved["version"] == FORMAT_VERSION == 2
    assert saved["settings"]["layer"] == "clinician"
    assert saved["settings"]["comparator"] == "sham"
    assert saved["settings"]["theme"] == "textual-light"
    app = app_on(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "c", "q")  # quitting saves what has not been saved yet
    assert json.loads(path.read_text())["settings"]["comparator"] == "usual-care"
    again = app_on(path)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert again.theme == "textual-light"
        assert again.main.evidence_layer == "clinician"
        assert again.main.comparator == "usual-care"
        assert "usual care" in str(again.main.query_one("#status").render())


def test_a_version_1_profile_is_read_with_the_default_settings_and_saved_as_version_2(
    tmp_path: Path,
) -> None:
    document = json.loads(encode_profile(Profile(ratings={"cost": 3})))
    document["version"] = 1
    del document["settings"]
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(document))
    store = ProfileStore(path)
    store.load()
    assert store.profile.ratings == {"cost": 3} and store.profile.settings.layer == "plain"
    store.update(set_setting("layer", "clinician"))
    saved = json.loads(path.read_text())
    assert saved["version"] == 2 and saved["settings"]["layer"] == "clinician"
    assert saved["ratings"] == {"cost": 3}


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"theme": "", "layer": "loud", "comparator": "", "export_folder": ""}, "settings.layer"),
        ({"theme": "", "layer": "plain", "comparator": ""}, "export_folder"),
        ({"theme": 1, "layer": "plain", "comparator": "", "export_folder": ""}, "theme"),
    ],
)
def test_bad_settings_are_refused_with_their_place(
    settings: dict[str, object], message: str
) -> None:
    document = json.loads(encode_profile(Profile()))
    document["settings"] = settings
    with pytest.raises(ProfileFormatError, match=message):
        parse_profile(json.dumps(document).encode())


def test_a_version_1_file_with_settings_is_refused() -> None:
    document = json.loads(encode_profile(Profile()))
    document["version"] = 1
    with pytest.raises(ProfileFormatError, match="settings"):
        parse_profile(json.dumps(document).encode())


def test_set_setting_checks_its_name_and_value() -> None:
    with pytest.raises(ProfileError):
        set_setting("colour", "red")
    with pytest.raises(ProfileError):
        set_setting("layer", "loud")
