"""Load and validate a knowledge-base file; every failure becomes a located ``KBError``."""

from __future__ import annotations

import gc
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import msgspec

from backtui.kb.errors import KBError, Path, Problem, format_path
from backtui.kb.schema import KnowledgeBase
from backtui.kb.validate import errors as validation_errors
from backtui.kb.validate import warnings as validation_warnings

if TYPE_CHECKING:
    from backtui.kb.yamlread import Located

# The reader (and PyYAML, ~10 ms to import) is imported by load() and loads() when they run:
# the app, starting from the validated-KB cache (backtui.kb.cache), needs only ``Loaded``.

_AT = re.compile(r"^(?P<message>.*?)(?: - at `(?P<path>\$[^`]*)`)?$", re.DOTALL)
_STEP = re.compile(r"\.([^.\[]+)|\[(\d+)\]")
_FIELD = re.compile(r"(?:unknown|required) field `(.+)`$", re.DOTALL)
_RECORD_FIELD = re.compile(r"^field `([^`]+)`: ")


@dataclass(frozen=True)
class Loaded:
    kb: KnowledgeBase
    path: str
    warnings: list[Problem]


def load(path: str) -> Loaded:
    """Read, parse and validate ``path``. Raises ``KBError`` and nothing else for bad input."""
    # Parsing and conversion allocate many small objects that all survive; pausing the cyclic
    # collector meanwhile roughly halves the parse and keeps the conversion linear (with it
    # running, its full collections rescan the parsed tree: see benchmarks/RESULTS.md).
    from backtui.kb.yamlread import ReadError, read_bytes

    try:
        raw = read_bytes(path)
    except ReadError as exc:
        raise KBError([exc.problem]) from None
    return load_bytes(path, raw)


def load_bytes(path: str, raw: bytes) -> Loaded:
    """Parse and validate ``raw``, the bytes read from ``path`` (the cache hashes the same
    bytes it has parsed, so a file swapped meanwhile cannot be filed under the other's hash)."""
    from backtui.kb.yamlread import ReadError, decode, parse

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        try:
            located = parse(path, decode(path, raw))
        except ReadError as exc:
            raise KBError([exc.problem]) from None
        return from_located(path, located)
    finally:
        if was_enabled:
            gc.enable()


def loads(text: str, path: str = "<string>") -> Loaded:
    """Validate YAML text (used by tests and fuzzing)."""
    from backtui.kb.yamlread import ReadError, parse

    try:
        located = parse(path, text)
    except ReadError as exc:
        raise KBError([exc.problem]) from None
    return from_located(path, located)


def from_located(path: str, located: Located) -> Loaded:
    if not isinstance(located.data, dict):
        kind = type(located.data).__name__
        kind = {"list": "a list", "str": "a string", "NoneType": "empty", "int": "an int"}.get(
            kind, f"a {kind}"
        )
        line, column = located.mark_for(()) or (1, 1)
        raise KBError(
            [
                Problem(
                    path,
                    f"the top level must be a mapping of keys, not {kind}",
                    line=line,
                    column=column,
                )
            ]
        )
    try:
        kb = msgspec.convert(located.data, KnowledgeBase, strict=True)
    except msgspec.ValidationError as exc:
        raise KBError([_schema_problem(path, located, str(exc))]) from None
    findings = validation_errors(kb)
    if findings:
        raise KBError([_locate(path, located, p, m) for p, m in findings])
    warnings = [_locate(path, located, p, m) for p, m in validation_warnings(kb)]
    return Loaded(kb=kb, path=path, warnings=warnings)


def _locate(path: str, located: Located, where: Path, message: str) -> Problem:
    mark = located.mark_for(where)
    return Problem(
        path,
        message,
        field=format_path(where),
        line=mark[0] if mark else None,
        column=mark[1] if mark else None,
    )


def _schema_problem(path: str, located: Located, text: str) -> Problem:
    match = _AT.match(text)
    message = match.group("message") if match else text
    dollar = match.group("path") if match else None
    where: Path = ()
    if dollar:
        where = tuple(int(index) if index else key for key, index in _STEP.findall(dollar[1:]))
    record_field = _RECORD_FIELD.match(message)
    named = _FIELD.search(message)
    if record_field:  # a rule from a record's __post_init__ names the field it is about
        where = (*where, record_field.group(1))
        message = message[record_field.end() :]
    elif named and "unknown" in message:
        where = (*where, named.group(1))  # point at the unknown key itself
        message = "unknown field; check its spelling and indentation"
    elif named:  # missing: the record's own line, with the field named in the path
        mark = located.mark_for(where)
        return Problem(
            path,
            "missing required field",
            field=format_path((*where, named.group(1))),
            line=mark[0] if mark else None,
            column=mark[1] if mark else None,
        )
    message = message.replace("Invalid enum value", "invalid value")
    value = _value_at(located.data, where)
    if isinstance(value, float) and not math.isfinite(value):  # not "expected >= 0" for .nan
        message = f"must be a finite number, not {value}"
    return _locate(path, located, where, _friendlier(message))


def _value_at(data: object, where: Path) -> object:
    for step in where:
        if isinstance(data, dict) and step in data:
            data = data[step]
        elif isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data):
            data = data[step]
        else:
            return None
    return data


# msgspec names a failed pattern by its repr; say what the pattern means instead.
_PATTERN_WORDS = {
    r"^[a-z0-9][a-z0-9-]*$": "expected an id of lowercase letters, digits and hyphens",
    r"\S": "expected non-empty text",
    r"^10\.\d{4,9}/\S+$": "expected a DOI such as 10.1002/14651858.CD013814 (no https://doi.org/)",
    r"^[1-9][0-9]{0,8}$": "expected a PubMed id: digits only, as text",
    r"^https?://\S+$": "expected a web address starting with https:// or http://",
}


def _friendlier(message: str) -> str:
    for pattern, words in _PATTERN_WORDS.items():
        message = message.replace(f"Expected `str` matching regex {pattern!r}", words)
    message = message.replace("Invalid RFC3339 encoded date", "expected a date as YYYY-MM-DD")
    message = re.sub(r"Expected `([^`]+)`, got `(\w+)`", r"expected \1, got \2", message)
    message = message.replace("Expected `str` of length >= 1", "expected non-empty text")
    if message[:2].istitle():  # "Expected ..." -> "expected ...", but keep "CI ..."
        message = message[:1].lower() + message[1:]
    return message
