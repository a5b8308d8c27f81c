"""Command line: ``backtui`` (the app) and ``backtui check``.

Textual is imported only on the path that runs the app, so ``check`` stays fast and usable in
CI and editors (a test asserts this in a subprocess).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from backtui import __version__
from backtui.paths import ENV_VAR, knowledge_base_path

if TYPE_CHECKING:
    from backtui.kb.loader import Loaded

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_INVALID = 2


def _add_data_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        metavar="PATH",
        help=f"knowledge-base file (default: ${ENV_VAR}, else the shipped data/options.yaml)",
    )


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
        epilog="Subcommands: 'backtui check [PATH]' validates a knowledge base.",
    )
    parser.add_argument("--version", action="version", version=f"backtui {__version__}")
    _add_data_argument(parser)
    parser.add_argument(
        "--compare", metavar="ID,ID,...", help="options to show, by id, in this order"
    )
    parser.add_argument("--aspect", metavar="NAME", help="aspect to open first, e.g. benefits")
    parser.add_argument("--theme", metavar="NAME", help="a Textual theme, e.g. textual-light")
    return parser


def _load(path: str) -> Loaded:
    from backtui.kb.loader import load

    return load(path)


def _print_problems(problems: Sequence[object]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def check(argv: Sequence[str]) -> int:
    args = _check_parser().parse_args(list(argv))
    path = knowledge_base_path(args.path or args.data)
    from backtui.kb.errors import KBError

    try:
        loaded = _load(path)
    except KBError as exc:
        _print_problems(exc.problems)
        print(f"backtui check: {path} is not valid", file=sys.stderr)
        return EXIT_INVALID
    from backtui.kb.queries import summary_lines

    for line in summary_lines(loaded):
        print(line)
    for warning in loaded.warnings:
        print(f"warning: {warning}")
    return EXIT_OK


def run(argv: Sequence[str]) -> int:
    args = _run_parser().parse_args(list(argv))
    path = knowledge_base_path(args.data)
    from backtui.kb.errors import KBError

    try:
        loaded = _load(path)
    except KBError as exc:
        _print_problems(exc.problems)
        print(f"backtui: {path} is not valid; run 'backtui check {path}'", file=sys.stderr)
        return EXIT_INVALID

    from backtui.ui.launch import LaunchError, launch

    try:
        return launch(loaded, compare=args.compare, aspect=args.aspect, theme=args.theme)
    except LaunchError as exc:
        print(f"backtui: {exc}", file=sys.stderr)
        return EXIT_INVALID


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        if arguments and arguments[0] == "check":
            return check(arguments[1:])
        return run(arguments)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except MemoryError:
        print("backtui: out of memory while reading the knowledge base", file=sys.stderr)
        return EXIT_INVALID
