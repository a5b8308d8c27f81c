"""Check the command-line choices against the knowledge base, then run the app.

Everything that can be wrong is found here, before Textual takes over the terminal, so an
error is a plain message and exit status 2.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import TYPE_CHECKING

from backtui.kb.loader import Loaded

if TYPE_CHECKING:
    from backtui.profile.store import ProfileStore


ESCAPE_DELAY_MS = 10


class LaunchError(Exception):
    pass


def require_terminal() -> None:
    """Raise LaunchError unless standard input and standard error are a terminal: Textual
    reads keys from one and draws on the other. Without them (`backtui </dev/null`) it
    waited for ever and wrote escape codes into a redirected file."""
    import sys

    for stream, name in ((sys.__stdin__, "input"), (sys.__stderr__, "error")):
        try:
            ok = stream is not None and os.isatty(stream.fileno())
        except (OSError, ValueError):  # closed, or not a real file
            ok = False
        if not ok:
            raise LaunchError(
                f"standard {name} is not a terminal, and the app needs one. For the "
                "comparison as plain text, use 'backtui show' (or 'backtui export')."
            )


def resolve(
    loaded: Loaded, compare: str | None, aspect: str | None, theme: str | None
) -> tuple[list[str] | None, int, str | None]:
    from backtui.views.aspects import ASPECTS

    kb = loaded.kb
    known = {o.id for o in kb.options}
    selection: list[str] | None = None
    if compare is not None:
        selection = [part.strip() for part in compare.split(",") if part.strip()]
        if not selection:
            raise LaunchError("--compare needs at least one option id")
        unknown = [o for o in selection if o not in known]
        if unknown:
            raise LaunchError(
                f"unknown option id {unknown[0]!r}; known ids: {', '.join(sorted(known))}"
            )
        selection = list(dict.fromkeys(selection))
    aspect_index = 0
    if aspect is not None:
        wanted = aspect.strip().lower().replace(" ", "-").replace("_", "-")
        names = [key for key, _ in ASPECTS]
        if wanted.isdigit() and 1 <= int(wanted) <= len(names):
            aspect_index = int(wanted) - 1
        elif wanted in names:
            aspect_index = names.index(wanted)
        else:
            raise LaunchError(f"unknown aspect {aspect!r}; choose from: {', '.join(names)}")
    if theme is not None:
        from textual.theme import BUILTIN_THEMES

        if theme not in BUILTIN_THEMES:
            raise LaunchError(
                f"unknown theme {theme!r}; choose from: {', '.join(sorted(BUILTIN_THEMES))}"
            )
    return selection, aspect_index, theme


def open_profile(path: str | None) -> tuple[ProfileStore, str | None]:
    """Read the profile before the app starts. A damaged profile is moved aside (notice says
    where); a newer format is refused and the app runs read-only with that as the notice; a
    file that is not a profile at all is a LaunchError, and is left untouched."""
    from backtui.profile.store import ProfileError, ProfileForeignError, ProfileStore

    store = ProfileStore(path)
    try:
        _, notice = store.load()
    except ProfileForeignError as exc:
        raise LaunchError(str(exc)) from None
    except ProfileError as exc:
        notice = f"Your profile is open read-only: {exc}"
    return store, notice


def launch(
    loaded: Loaded,
    compare: str | None,
    aspect: str | None,
    theme: str | None,
    profile: str | None = None,
    keymap: str | None = None,
) -> int:
    # A lone Esc byte waits this long in case an escape sequence follows (Textual's default is
    # 100 ms). Terminals send a sequence in one write, so 10 ms is ample and makes Esc, which
    # closes every dialog, feel immediate. Set ESCDELAY to choose another value.
    os.environ.setdefault("ESCDELAY", str(ESCAPE_DELAY_MS))
    selection, aspect_index, theme_name = resolve(loaded, compare, aspect, theme)
    from backtui.profile.store import ProfileForeignError, ProfileStore

    try:  # a file that is no profile is a plain error, with or without a terminal
        ProfileStore(profile).refuse_foreign()
    except ProfileForeignError as exc:
        raise LaunchError(str(exc)) from None
    require_terminal()  # before a damaged profile is moved aside: its notice needs the screen
    store, notice = open_profile(profile)
    # Start-up builds some 150,000 objects that live as long as the app; the cyclic collector
    # would rescan them again and again. BacktuiApp.on_ready resumes it after the first frame.
    gc.disable()
    from backtui.ui.app import BacktuiApp
    from backtui.ui.keymap import default_keymap_path, load_keymap

    app = BacktuiApp(
        loaded,
        compare=selection,
        aspect=aspect_index,
        theme=theme_name,
        store=store,
        profile_notice=notice,
        keymap=load_keymap(Path(keymap) if keymap else default_keymap_path()),
    )
    app.run()
    return app.return_code or 0
