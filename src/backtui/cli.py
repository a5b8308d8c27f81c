"""Command line: ``backtui`` (the app), ``backtui check``, ``export``, ``show`` and ``site``.

Textual is imported only on the path that runs the app, so the subcommands stay fast and
usable in CI, editors, pipes and screen readers (tests assert this in a subprocess).
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from backtui import __version__
from backtui.paths import ENV_VAR, knowledge_base_path

if TYPE_CHECKING:
    from backtui.kb.loader import Loaded

    Selected = tuple[Loaded, list[str]]  # a knowledge base and the option ids chosen

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_INVALID = 2
# `show` lines: a million columns took 8.6 GB. Tables wider than this read no better.
MAX_SHOW_WIDTH = 1000


def _add_data_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        metavar="PATH",
        help=f"knowledge-base file (default: ${ENV_VAR}, else the shipped data/options.yaml)",
    )


def _add_compare_argument(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--compare", metavar="ID,ID,...", help=f"options to {what}, by id, in this order"
    )


# One parser a command: their descriptions and epilogs are the --help text, kept whole.
def _check_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="backtui check",
        description="Validate a knowledge-base file and summarise what it holds.",
    )
    parser.add_argument("path", nargs="?", metavar="PATH", help="file to check")
    _add_data_argument(parser)
    return parser


def _run_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="backtui",
        description=(
            "Compare treatment options for chronic low back pain side by side. "
            "It informs a conversation with a clinician; it is not medical advice."
        ),
        epilog=(
            "Subcommands: 'backtui check [PATH]' validates a knowledge base; "
            "'backtui export' writes a summary to bring to an appointment; "
            "'backtui show' prints the comparison as plain text (for screen readers and pipes); "
            "'backtui site' writes it as an accessible, offline website. "
            "Each has its own --help."
        ),
    )
    parser.add_argument("--version", action="version", version=f"backtui {__version__}")
    _add_data_argument(parser)
    _add_compare_argument(parser, "show")
    parser.add_argument("--aspect", metavar="NAME", help="aspect to open first, e.g. benefits")
    parser.add_argument("--theme", metavar="NAME", help="a Textual theme, e.g. textual-light")
    parser.add_argument(
        "--profile",
        metavar="PATH",
        help="your profile file (default: profile.json in the user data folder)",
    )
    parser.add_argument(
        "--keymap",
        metavar="PATH",
        help="your own keys (default: keymap.toml in the user config folder; "
        "'backtui keys' lists the ids)",
    )
    return parser


def _export_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="backtui export",
        description=(
            "Write a short summary to bring to an appointment: the options side by side, "
            "key benefits with their certainty, key harms with how often they happen, guideline "
            "positions, your ratings, shortlist, notes, questions and SURE answers, the sources "
            "cited and the disclaimer."
        ),
        epilog=(
            "Without --out (or with --out -) the summary goes to standard output, in any format, "
            "so it can be piped. An existing file is never replaced without --force; files are "
            "written atomically. Exit status 2: a bad option, knowledge base or profile, or a "
            "file that could not be written."
        ),
    )
    from backtui.export import FORMATS

    parser.add_argument(
        "--format",
        choices=FORMATS,
        help="md (GitHub Markdown), html (a printable page, self-contained), txt, json, "
        "csl-json or ris (the sources, for reference managers); "
        "default: from the --out suffix (.csl.json for csl-json), else md",
    )
    _add_compare_argument(parser, "include")
    profile = parser.add_mutually_exclusive_group()
    profile.add_argument(
        "--profile",
        metavar="PATH",
        help="your profile, read only (default: the app's profile file); "
        "a missing file means no personal data",
    )
    profile.add_argument(
        "--no-profile", action="store_true", help="leave your personal data out of the summary"
    )
    parser.add_argument(
        "--all-sources",
        action="store_true",
        help="csl-json and ris: every source in the knowledge base, not only those cited",
    )
    parser.add_argument("--out", metavar="FILE", help="write here instead of standard output")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")
    _add_data_argument(parser)
    return parser


def _show_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="backtui show",
        description=(
            "Print the comparison as plain-text tables: the accessible way to read backtui "
            "with a screen reader, and the way to use it in pipes and scripts. Never prints "
            "colours or escape codes."
        ),
        epilog=(
            "Options are side by side when the width allows, otherwise one after another "
            "(always, with --stacked, which reads best with a screen reader)."
        ),
    )
    from backtui.views.aspects import ASPECT_IDS

    _add_compare_argument(parser, "show")
    parser.add_argument(
        "--aspect",
        metavar="NAME",
        help=f"one of: {', '.join(ASPECT_IDS)}, or all (default: all)",
    )
    parser.add_argument(
        "--width",
        metavar="N",
        type=int,
        help="line width in columns (default: the terminal's, or 80 when not a terminal)",
    )
    parser.add_argument(
        "--stacked", action="store_true", help="one option after another, never side by side"
    )
    _add_data_argument(parser)
    return parser


def _site_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="backtui site",
        description=(
            "Write the decision aid as a static website: a start page with the Option Grid, "
            "a page per aspect and per option, the checked claims, the sources and a "
            "'What matters to me' worksheet. It works offline from the folder (file://, a "
            "USB stick) or from any static web host, and loads nothing from elsewhere."
        ),
        epilog=(
            "OUT must be a new or empty folder; --force writes into a folder that is not "
            "empty, replacing only files with the site's names. Exit status 2: a bad option "
            "or knowledge base, or a folder that could not be written."
        ),
    )
    parser.add_argument("--out", metavar="DIR", required=True, help="the folder to write")
    parser.add_argument(
        "--compare", metavar="ID,ID,...", help="options to include, by id, in this order"
    )
    parser.add_argument(
        "--force", action="store_true", help="write into DIR even if it is not empty"
    )
    parser.add_argument(
        "--index",
        action="store_true",
        help="let search engines index the pages (by default each page asks them not to)",
    )
    _add_data_argument(parser)
    return parser


def _load(path: str) -> Loaded:
    from backtui.kb.loader import load

    return load(path)


def _say(message: object) -> None:
    """A message on stderr, cleaned: file names and KB text may hold escape codes."""
    from backtui.sanitize import clean

    print(clean(str(message)), file=sys.stderr)


def _print_problems(problems: Sequence[object]) -> None:
    for problem in problems:
        _say(problem)


def check(argv: Sequence[str]) -> int:
    args = _check_parser().parse_args(list(argv))
    path = knowledge_base_path(args.path or args.data)
    from backtui.kb.errors import KBError

    try:
        loaded = _load(path)
    except KBError as exc:
        _print_problems(exc.problems)
        _say(f"backtui check: {path} is not valid")
        return EXIT_INVALID
    from backtui.kb.queries import editor_notes, summary_lines
    from backtui.sanitize import clean

    for line in summary_lines(loaded):
        print(line)
    for where, note in editor_notes(loaded.kb):  # for editors; never shown to patients
        print(f"editor note: {where}: {clean(note)}")
    for warning in loaded.warnings:
        print(f"warning: {warning}")
    return EXIT_OK


def _load_or_report(path: str, command: str) -> Loaded | None:
    from backtui.kb.errors import KBError

    try:
        return _load(path)
    except KBError as exc:
        _print_problems(exc.problems)
        _say(f"{command}: {path} is not valid; run 'backtui check {path}'")
        return None


def _kb_and_selection(data: str | None, compare: str | None, command: str) -> Selected | None:
    """The knowledge base and the options chosen with --compare; None once a problem with
    either has been reported."""
    from backtui.summary import SelectionError, parse_selection

    path = knowledge_base_path(data)
    loaded = _load_or_report(path, command)
    if loaded is None:
        return None
    try:
        return loaded, parse_selection(loaded.kb, compare)
    except SelectionError as exc:
        _say(f"{command}: {exc}")
        return None


def _stdout_text(text: str) -> None:
    """Print to stdout; a character the terminal's encoding lacks becomes '?', not a crash."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="replace")
    sys.stdout.write(text)
    sys.stdout.flush()


def export(argv: Sequence[str]) -> int:
    args = _export_parser().parse_args(list(argv))
    from backtui.export import ExportError, ProfileReadError, format_for, read_profile, render
    from backtui.summary import build

    fmt = format_for(args.format, args.out)
    selected = _kb_and_selection(args.data, args.compare, "backtui export")
    if selected is None:
        return EXIT_INVALID
    loaded, selection = selected
    profile = None
    if not args.no_profile:
        profile_path = args.profile
        if profile_path is None:
            from backtui.profile.store import default_profile_path

            profile_path = str(default_profile_path())
        try:
            profile = read_profile(profile_path)
        except ProfileReadError as exc:
            _say(f"backtui export: {exc}")
            _say("backtui export: use --no-profile to export without it")
            return EXIT_INVALID
    summary = build(loaded.kb, selection, profile)
    text = render(
        summary, fmt, lang=loaded.kb.meta.language, kb=loaded.kb, all_sources=args.all_sources
    )
    if args.out is None or args.out == "-":
        _stdout_text(text)
        return EXIT_OK
    from backtui.export import write_export

    try:
        written = write_export(text, args.out, args.force)
    except ExportError as exc:
        _say(f"backtui export: {exc}")
        return EXIT_INVALID
    _say(f"backtui export: wrote {written}")
    return EXIT_OK


def show(argv: Sequence[str]) -> int:
    args = _show_parser().parse_args(list(argv))
    from backtui.kb.queries import Index
    from backtui.show import MIN_WIDTH, ShowError, parse_aspect, render

    try:
        aspects = parse_aspect(args.aspect)
    except ShowError as exc:
        _say(f"backtui show: {exc}")
        return EXIT_INVALID
    if args.width is not None and args.width > MAX_SHOW_WIDTH:
        _say(f"backtui show: --width must be at most {MAX_SHOW_WIDTH}")
        return EXIT_INVALID
    width = args.width if args.width is not None else shutil.get_terminal_size((80, 24)).columns
    if width < MIN_WIDTH:
        _say(f"backtui show: --width must be at least {MIN_WIDTH}")
        return EXIT_INVALID
    if width > MAX_SHOW_WIDTH:  # COLUMNS=10000000 printed 1.7 GB; wider tables read no better
        _say(f"backtui show: the terminal is {width:,} columns wide; using {MAX_SHOW_WIDTH}")
        width = MAX_SHOW_WIDTH
    selected = _kb_and_selection(args.data, args.compare, "backtui show")
    if selected is None:
        return EXIT_INVALID
    loaded, selection = selected
    text = render(Index(loaded.kb), selection, aspects, width, stack=args.stacked)
    _stdout_text(text)
    return EXIT_OK


def site(argv: Sequence[str]) -> int:
    args = _site_parser().parse_args(list(argv))
    from backtui.site import SiteError, build_site, write_site
    from backtui.summary import SelectionError, parse_selection

    path = knowledge_base_path(args.data)
    loaded = _load_or_report(path, "backtui site")
    if loaded is None:
        return EXIT_INVALID
    try:
        selection = parse_selection(loaded.kb, args.compare)
    except SelectionError as exc:
        _say(f"backtui site: {exc}")
        return EXIT_INVALID
    files = build_site(loaded.kb, selection, robots=args.index)
    try:
        folder = write_site(files, args.out, force=args.force)
    except SiteError as exc:
        _say(f"backtui site: {exc}")
        return EXIT_INVALID
    pages = sum(1 for name in files if name.endswith(".html"))
    _say(f"backtui site: wrote {pages} pages to {folder}; open {folder / 'index.html'}")
    return EXIT_OK


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the exit flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def run(argv: Sequence[str]) -> int:
    args = _run_parser().parse_args(list(argv))
    if args.profile is not None and os.path.isdir(args.profile):
        # Never treat a folder the person named as an unreadable profile to move aside.
        _say(f"backtui: --profile {args.profile} is a folder; give a file name")
        return EXIT_INVALID
    path = knowledge_base_path(args.data)
    from backtui.kb.cache import load_cached  # the app skips the YAML parse when it can
    from backtui.kb.errors import KBError

    try:
        loaded = load_cached(path)
    except KBError as exc:
        _print_problems(exc.problems)
        _say(f"backtui: {path} is not valid; run 'backtui check {path}'")
        return EXIT_INVALID

    from backtui.ui.launch import LaunchError, launch

    try:
        return launch(
            loaded,
            compare=args.compare,
            aspect=args.aspect,
            theme=args.theme,
            profile=args.profile,
            keymap=args.keymap,
        )
    except LaunchError as exc:
        _say(f"backtui: {exc}")
        return EXIT_INVALID


def _tolerant_streams() -> None:
    """A character the terminal's encoding lacks (PYTHONIOENCODING=ascii, a C locale) is
    printed as '?', never a UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="replace")


def keys(argv: Sequence[str]) -> int:
    """List every binding id a keymap file may name, with its default keys."""
    parser = argparse.ArgumentParser(
        prog="backtui keys",
        description=(
            "List the binding ids for a keymap file (keymap.toml in the user config folder, "
            "or --keymap PATH), one per line: id, default keys, what it does. Write lines "
            'such as  "backtui.move.down" = "down,j,n"  to use keys of your own.'
        ),
    )
    parser.parse_args(list(argv))
    from backtui.ui.keymap import default_keymap_path
    from backtui.ui.keys import all_key_ids

    lines = [f"# keymap file: {default_keymap_path()}"]
    for key_id, key in sorted(all_key_ids().items()):
        lines.append(f"{key_id:<32} {key.keys:<24} {key.help or key.description}")
    _stdout_text("\n".join(lines) + "\n")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    _tolerant_streams()
    try:
        if arguments and arguments[0] == "check":
            return check(arguments[1:])
        if arguments and arguments[0] == "export":
            return export(arguments[1:])
        if arguments and arguments[0] == "show":
            return show(arguments[1:])
        if arguments and arguments[0] == "site":
            return site(arguments[1:])
        if arguments and arguments[0] == "keys":
            return keys(arguments[1:])
        return run(arguments)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except MemoryError:
        _say("backtui: out of memory while reading the knowledge base")
        return EXIT_INVALID
