"""Your own keys: a keymap file remaps bindings by id; a broken one is named, by line."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_helpers import make_app, press, screen_text

from backtui.cli import main
from backtui.ui.keymap import load_keymap
from backtui.ui.keys import all_key_ids, help_rows


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "keymap.toml"
    path.write_text(text, encoding="utf-8")
    return path


async def test_a_remapped_key_works_and_hints_and_help_show_it(tmp_path: Path) -> None:
    keymap = load_keymap(
        write(tmp_path, '"backtui.view.grid" = "x"\n"backtui.move.down" = "down,n"\n')
    )
    assert keymap.problem is None
    app = make_app(keymap=keymap)
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "2")
        column = app.main.comparison.columns[app.main.comparison.active]
        assert len(column.choosable()) >= 2
        before = column.highlighted
        await press(pilot, "n")  # the new "down"
        assert column.highlighted != before
        await press(pilot, "j")  # the old one is gone
        await press(pilot, "g")  # so is the old grid key
        assert app.main.view == "comparison"
        await press(pilot, "x")
        assert app.main.view == "grid"
        assert "x or Esc returns" in str(app.main.query_one("#grid-intro").render())
        assert "x Grid" in screen_text(app).splitlines()[-1]  # the footer
    rows = help_rows(keymap.keys)
    assert ("Views", "x", "Switch between the comparison and the Option Grid") in rows
    assert any(r[1] == "↓ / n" for r in rows)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('"backtui.view.grid" = "x"\nnot toml at all\n', 2, "using the default keys"),
        ('\n\n"backtui.nothing" = "x"\n', 3, "is not a binding id"),
        ('"backtui.view.grid" = "x"\n"backtui.move.up" = 5\n', 2, "key names separated"),
        ('"backtui.move.up" = "ctrl+ +"\n', 1, "key names separated"),
    ],
)
def test_a_broken_keymap_is_named_by_line_and_the_defaults_stay(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    path = write(tmp_path, text)
    keymap = load_keymap(path)
    assert keymap.keys == {}
    assert keymap.problem is not None
    assert f"{path}, line {line}:" in keymap.problem and words in keymap.problem


async def test_the_app_says_so_when_its_keymap_is_broken(tmp_path: Path) -> None:
    app = make_app(keymap=load_keymap(write(tmp_path, "= nonsense\n")))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("line 1" in m and "default keys" in m for m in messages), messages
        await press(pilot, "g")  # the default keys work
        assert app.main.view == "grid"


def test_no_keymap_file_is_no_keymap(tmp_path: Path) -> None:
    assert load_keymap(tmp_path / "absent.toml").keys == {}
    assert load_keymap(tmp_path / "absent.toml").problem is None


def test_backtui_keys_lists_every_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keys"]) == 0
    out = capsys.readouterr().out
    for key_id in all_key_ids():
        assert key_id in out


def test_a_keymap_that_is_no_file_is_named_and_never_waited_on(tmp_path: Path) -> None:
    import os

    folder = tmp_path / "keymap.toml"
    folder.mkdir()
    assert "folder" in (load_keymap(folder).problem or "")
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)  # a read would wait for a writer for ever
    problem = load_keymap(fifo).problem or ""
    assert "not a regular file" in problem and "default keys" in problem
