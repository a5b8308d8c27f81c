"""Errors and warnings raised while reading a knowledge base."""

from __future__ import annotations

from dataclasses import dataclass

from backtui.sanitize import clean

Path = tuple[str | int, ...]


def format_path(path: Path) -> str:
    """Render ("options", 0, "evidence", 2, "estimate") as options[0].evidence[2].estimate."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out or "(top level)"


@dataclass(frozen=True)
class Problem:
    """One error or warning, located in the file where that is possible."""

    file: str
    message: str
    field: str = ""
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        text = (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )
        return clean(text)  # messages quote file content; no escape code reaches a terminal


class KBError(Exception):
    """The knowledge base could not be read or is invalid. Carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
