"""The person's own keys: a TOML file of binding id = keys, applied with Textual's set_keymap.

    # ~/.config/backtui/keymap.toml (platformdirs.user_config_dir("backtui"))
    "backtui.move.down" = "down,j,n"
    "backtui.app.quit" = "q,ctrl+q,ctrl+c"

Every id is in the one key table (ui/keys.py; ``backtui keys`` lists them). A file that
cannot be used is reported in one message naming its line, and the default keys stay.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from backtui.safeio import Unreadable, read_bounded
from backtui.ui.keys import all_key_ids

KEYMAP_FILENAME = "keymap.toml"
MAX_KEYMAP_BYTES = 64 * 1024
# Textual key names: letters, digits and names joined by '+' (ctrl+q, shift+tab, f1).
KEY_NAME = re.compile(r"^[a-z0-9_]+(\+[a-z0-9_]+)*$")
TOML_LINE = re.compile(r"at line (\d+)")


@dataclass(frozen=True)
class Keymap:
    keys: dict[str, str]  # binding id -> Textual key names, comma-separated
    problem: str | None = None  # why the file was not used: the defaults are in force


def default_keymap_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir("backtui", appauthor=False)) / KEYMAP_FILENAME


def _line_of(text: str, key_id: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if key_id in line:
            return number
    return 1


def load_keymap(path: Path) -> Keymap:
    """The keymap in ``path``; no file is no keymap, and a bad file is no keymap with a
    message that names the file and the line."""
    try:  # bounded, and never a FIFO or a device to wait on
        raw = read_bounded(path, MAX_KEYMAP_BYTES)
    except FileNotFoundError:
        return Keymap({})
    except Unreadable as error:
        return Keymap({}, f"{path}: {error.reason}; using the default keys")
    try:
        text = raw.decode("utf-8")
        table = tomllib.loads(text)
    except UnicodeDecodeError:
        return Keymap({}, f"{path}: not UTF-8 text; using the default keys")
    except tomllib.TOMLDecodeError as error:
        found = TOML_LINE.search(str(error))
        line = found.group(1) if found else "1"
        reason = TOML_LINE.sub("", str(error)).strip(" ()")
        return Keymap({}, f"{path}, line {line}: {reason}; using the default keys")
    known = all_key_ids()
    keys: dict[str, str] = {}
    for key_id, value in table.items():
        where = f"{path}, line {_line_of(text, key_id)}"
        if key_id not in known:
            return Keymap(
                {},
                f"{where}: {key_id!r} is not a binding id (see 'backtui keys'); "
                "using the default keys",
            )
        names = [part.strip() for part in value.split(",")] if isinstance(value, str) else []
        if not names or not all(KEY_NAME.match(name) for name in names):
            return Keymap(
                {},
                f"{where}: {key_id} must be key names separated by commas, such as "
                '"down,j"; using the default keys',
            )
        keys[key_id] = ",".join(names)
    return Keymap(keys)
