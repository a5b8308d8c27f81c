"""Read untrusted YAML into plain Python data, remembering where every value came from.

PyYAML's safe loader is used only as a parser (the C one when libyaml is present): its event
stream is assembled here, without recursion, so that this module can
- record the line and column of every key and value (error messages point at the line),
- reject duplicate mapping keys (PyYAML silently keeps the last one),
- refuse tags that construct objects (``!!python/...`` and any other non-core tag),
- bound nesting depth, alias expansion (billion-laughs style bombs) and the length of a scalar.
"""

from __future__ import annotations

import math
import os
import stat
from dataclasses import dataclass, field
from typing import Any

import yaml

from backtui.kb.errors import Path, Problem

try:  # libyaml's parser is several times faster; fall back to the pure-Python one.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    # ignore: to mypy the two loaders are unrelated classes; both parse the same YAML.
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_MIB = 1024 * 1024
# The synthetic 3000-option KB of the benchmarks (issue 6: it must load) is 45.6 MB; 64 MiB
# leaves it room to grow. Bytes are cheap to read: what a file costs is its values (MAX_NODES).
MAX_BYTES = 64 * _MIB
MAX_DEPTH = 64
# Values after alias expansion: the 3000-option KB has 3,056,724. Each costs a few microseconds,
# so this bounds an honest parse to roughly 15 s; a hostile file of densely packed values is
# refused long before it (MIN_CHARS_PER_VALUE below), and an alias bomb when it reaches the cap.
MAX_NODES = 4_000_000
# One scalar (a value or a key). The schema allows 20,000 characters of text, so this only
# matters to a file that is one huge line or block: refused, with its place, not carried along.
MAX_SCALAR_CHARS = 1_048_576
# Knowledge bases spend 11 to 31 characters per value (keys, text, indentation). A file that
# packs values tighter than this (a flood of `- 1` lines, say) is refused once it has more values
# than any real KB section, long before the cap: it is not worth seconds of parsing.
MIN_CHARS_PER_VALUE = 6
DENSE_AFTER = 20_000
# A number is read by PyYAML's YAML 1.1 rules, and a base-60 integer (`1:30:00`) costs time
# quadratic in its length (75 s for a 1 MB one). No figure in a knowledge base needs more.
MAX_NUMBER_CHARS = 100
# Aliases repeat values without writing them: the characters they add are bounded (an honest
# KB repeats a sentence or two), so the expanded text is at most the file plus this. Any one
# list is bounded too: 200,000 aliases of a long text in one list froze the app showing them.
# The benchmarks' 3000-option KB has 12,000 sources, its longest list.
MAX_ALIAS_CHARS = 1_048_576
MAX_LIST_ITEMS = 100_000

_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {
    _CORE + name for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


class ReadError(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


@dataclass
class Located:
    """Parsed data plus the position (line, column; 1-based) of each path."""

    data: Any
    value_marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def mark_for(self, path: Path) -> tuple[int, int] | None:
        """The most specific known position for ``path`` (a key beats its value)."""
        probe = path
        while True:
            if probe in self.key_marks:
                return self.key_marks[probe]
            if probe in self.value_marks:
                return self.value_marks[probe]
            if not probe:
                return None
            probe = probe[:-1]


def read_bytes(path: str) -> bytes:
    """Read a knowledge-base file, refusing anything that is not a small regular file."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ReadError(Problem(path, "file not found")) from None
    except OSError as exc:  # symlink loops, permissions, name too long...
        raise ReadError(Problem(path, f"cannot read file: {exc.strerror or exc}")) from None
    if stat.S_ISDIR(info.st_mode):
        raise ReadError(Problem(path, "is a directory, not a knowledge-base file"))
    if not stat.S_ISREG(info.st_mode):
        raise ReadError(Problem(path, "is not a regular file (a device, FIFO or socket?)"))
    if info.st_size > MAX_BYTES:
        raise ReadError(Problem(path, _too_big(info.st_size)))
    try:
        # O_NONBLOCK: if the path was swapped for a FIFO after the check, open must not hang.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise ReadError(Problem(path, f"cannot open file: {exc.strerror or exc}")) from None
    with os.fdopen(fd, "rb") as handle:
        try:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise ReadError(Problem(path, "is not a regular file"))
            data = handle.read(MAX_BYTES + 1)
        except OSError as exc:  # /proc/self/mem (EIO), /proc/self/attr/current (EINVAL)
            raise ReadError(Problem(path, f"cannot read file: {exc.strerror or exc}")) from None
    if len(data) > MAX_BYTES:
        raise ReadError(Problem(path, _too_big(len(data))))
    return data


def _too_big(size: int) -> str:
    shown = math.ceil(size * 10 / _MIB) / 10  # rounded up: never "64.0 MiB" over a 64 MiB cap
    limit = f"{MAX_BYTES / _MIB:g}"
    return f"file is {shown:.1f} MiB; the limit for a knowledge base is {limit} MiB"


def decode(path: str, raw: bytes) -> str:
    """Bytes to text, with a clear message for the usual ways a file is not UTF-8 YAML."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError(Problem(path, "file is UTF-16 encoded; save it as UTF-8", line=1))
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        raise ReadError(Problem(path, "file contains a NUL byte; is it binary?", line=line))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ReadError(
            Problem(
                path,
                f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
                line=line,
                column=column,
            )
        ) from None
    if not text or text.isspace():  # what `not text.strip()` means, without copying the text
        raise ReadError(Problem(path, "file is empty"))
    return text


@dataclass
class _Frame:
    container: dict[Any, Any] | list[Any]
    path: Path
    anchor: str | None
    pending_key: Any = None
    has_key: bool = False
    key_mark: tuple[int, int] = (0, 0)
    size: int = 1
    chars: int = 0


def parse(path: str, text: str) -> Located:
    """Parse YAML text into dicts, lists and scalars with their positions."""
    located = Located(data=None)
    anchors: dict[str, tuple[Any, int, int]] = {}  # value, values in it, characters in it
    stack: list[_Frame] = []
    documents = 0
    nodes = 0
    aliased = 0  # of those, values repeated by aliases (not written out in the file)
    alias_chars = 0  # characters of text repeated by aliases
    quoted: tuple[Any, Any] | None = None  # the last quoted value over several lines
    done = False

    def problem(message: str, mark: Any, path_: Path = ()) -> ReadError:
        from backtui.kb.errors import format_path

        return ReadError(
            Problem(
                path,
                message,
                field=format_path(path_) if path_ else "",
                line=mark.line + 1 if mark is not None else None,
                column=mark.column + 1 if mark is not None else None,
            )
        )

    def child_path() -> Path:
        if not stack:
            return ()
        top = stack[-1]
        if isinstance(top.container, list):
            return (*top.path, len(top.container))
        return (*top.path, _path_key(top.pending_key))

    def attach(value: Any, mark: Any, size: int, length: int) -> None:
        nonlocal done
        if not stack:
            located.data = value
            done = True
            return
        top = stack[-1]
        top.size += size
        top.chars += length
        if isinstance(top.container, list):
            if len(top.container) >= MAX_LIST_ITEMS:
                message = f"list has more than {MAX_LIST_ITEMS:,} items; too many"
                raise problem(message, mark, top.path)
            top.container.append(value)
            return
        if not top.has_key:
            if isinstance(value, (dict, list)):
                raise problem("a mapping key must be a plain value", mark, top.path)
            if not isinstance(value, str):  # `yes:`, `1:`, `null:`, `2026-01-01:`
                raise problem(
                    f"a mapping key must be text, not {type(value).__name__} "
                    f"{_shown(value)}; quote it",
                    mark,
                    top.path,
                )
            if value in top.container:
                raise problem(
                    f"duplicate key {value!r}: each key may appear once in a mapping",
                    mark,
                    (*top.path, _path_key(value)),
                )
            top.pending_key = value
            top.has_key = True
            top.key_mark = (mark.line + 1, mark.column + 1)
            located.key_marks[(*top.path, _path_key(value))] = top.key_mark
            return
        top.container[top.pending_key] = value
        top.has_key = False

    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise problem(
                        "file holds more than one YAML document; use one", event.start_mark
                    )
                continue
            if isinstance(
                event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)
            ):
                continue
            mark: Any = event.start_mark  # always set by the parser for node events
            here = child_path()
            if isinstance(event, yaml.AliasEvent):
                if event.anchor not in anchors:
                    raise problem(f"unknown or recursive alias *{event.anchor}", mark, here)
                value, size, length = anchors[event.anchor]
                nodes += size
                aliased += size
                alias_chars += length
                if nodes > MAX_NODES:
                    raise problem("aliases expand to too many values (an alias bomb?)", mark, here)
                if alias_chars > MAX_ALIAS_CHARS:
                    message = (
                        f"aliases repeat more than {MAX_ALIAS_CHARS:,} characters of text "
                        "(an alias bomb?)"
                    )
                    raise problem(message, mark, here)
                attach(value, mark, size, length)
                continue
            if nodes >= MAX_NODES:
                message = f"more than {MAX_NODES:,} values, too many for a knowledge base"
                raise problem(message, mark)
            written = nodes - aliased
            if written > DENSE_AFTER and mark.index < written * MIN_CHARS_PER_VALUE:
                message = (
                    f"{written:,} values in the first {mark.index:,} characters: too densely "
                    "packed for a knowledge base (is it a data dump?)"
                )
                raise problem(message, mark)
            tag = getattr(event, "tag", None)
            if tag is not None and tag not in _ALLOWED_TAGS and tag != "!":
                raise problem(
                    f"tag {_short_tag(tag)} is not allowed in a knowledge base", mark, here
                )
            if isinstance(event, yaml.ScalarEvent):
                is_key = bool(stack) and isinstance(stack[-1].container, dict)
                is_key = is_key and not stack[-1].has_key
                if is_key:
                    here = stack[-1].path
                if len(event.value) > MAX_SCALAR_CHARS:
                    message = (
                        f"{'key' if is_key else 'value'} is {len(event.value):,} characters "
                        f"long; the limit is {MAX_SCALAR_CHARS:,}"
                    )
                    raise problem(message, mark, here)
                nodes += 1
                length = len(event.value)
                end: Any = event.end_mark
                if event.style in ('"', "'") and end.line > mark.line:
                    quoted = (mark, end)  # a quote left open ends at the next one
                value = _scalar(event, lambda msg, m=mark, h=here: problem(msg, m, h))
                if not is_key:
                    located.value_marks[here] = (mark.line + 1, mark.column + 1)
                if event.anchor:
                    anchors[event.anchor] = (value, 1, length)
                attach(value, mark, 1, length)
                continue
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                nodes += 1
                if stack and isinstance(stack[-1].container, dict) and not stack[-1].has_key:
                    raise problem("a mapping key must be a plain value", mark, stack[-1].path)
                if len(stack) >= MAX_DEPTH:
                    raise problem(f"nesting is deeper than {MAX_DEPTH} levels", mark)
                container: dict[Any, Any] | list[Any] = (
                    {} if isinstance(event, yaml.MappingStartEvent) else []
                )
                located.value_marks[here] = (mark.line + 1, mark.column + 1)
                stack.append(_Frame(container, here, event.anchor))
                continue
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                frame = stack.pop()
                if frame.anchor:
                    anchors[frame.anchor] = (frame.container, frame.size, frame.chars)
                attach(frame.container, mark, frame.size, frame.chars)
                continue
    except yaml.MarkedYAMLError as exc:
        message = _yaml_message(exc)
        mark = exc.problem_mark or exc.context_mark
        began = exc.context_mark
        if quoted is not None and mark is not None and 0 <= mark.line - quoted[1].line <= 1:
            start, end = quoted
            message += (
                f" (just after text quoted from line {start.line + 1}, column "
                f"{start.column + 1} to line {end.line + 1}: is a closing quote missing?)"
            )
        elif began is not None and mark is not None and began.index != mark.index:
            # An unclosed [ { or quote: the parser notices it later, maybe many lines on.
            message += f" (it began at line {began.line + 1}, column {began.column + 1})"
        raise problem(message, mark) from None
    except yaml.reader.ReaderError as exc:  # a control character: no mark, only a position
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        message = f"character #x{exc.character:04x} is not allowed in YAML text"
        raise ReadError(Problem(path, message, line=line, column=column)) from None
    except yaml.YAMLError as exc:
        raise ReadError(Problem(path, f"YAML error: {exc}")) from None
    except RecursionError:  # pragma: no cover - the depth guard stops this first
        raise ReadError(Problem(path, "nesting is too deep")) from None
    if not done:
        raise ReadError(Problem(path, "file holds no data (only comments?)"))
    return located


def _path_key(key: Any) -> str | int:
    return key if isinstance(key, str) else str(key)


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


def _scalar(event: Any, fail: Any) -> Any:
    if event.tag == "!":  # the non-specific tag: always a string
        tag = _CORE + "str"
    elif event.tag:
        tag = event.tag
    else:  # quoted scalars resolve to str, plain ones by the core schema's patterns
        # ignore: types-PyYAML leaves BaseResolver.resolve unannotated.
        tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
    if tag == _CORE + "str":
        return event.value
    if len(event.value) > MAX_NUMBER_CHARS and tag in (_CORE + "int", _CORE + "float"):
        raise fail(
            f"a number of {len(event.value):,} characters; the limit is {MAX_NUMBER_CHARS} "
            "(put text in quotes)"
        )
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        if tag == _CORE + "int":
            return _CONSTRUCTOR.construct_yaml_int(node)
        if tag == _CORE + "float":
            return _CONSTRUCTOR.construct_yaml_float(node)
        if tag == _CORE + "bool":
            return _CONSTRUCTOR.construct_yaml_bool(node)
        if tag == _CORE + "null":
            return None
        if tag == _CORE + "timestamp":
            return _CONSTRUCTOR.construct_yaml_timestamp(node)
    except (ValueError, OverflowError) as exc:
        reason = f": {exc}" if len(str(exc)) <= 80 else ""  # long ones quote the value again
        raise fail(f"invalid {_short_tag(tag)[2:]} {_shown(event.value)}{reason}") from None
    except (TypeError, KeyError, AttributeError):  # e.g. `!!bool x`, `!!timestamp x`
        raise fail(f"invalid {_short_tag(tag)[2:]} {_shown(event.value)}") from None
    raise fail(f"a {_short_tag(tag)} value is not allowed here")


def _shown(value: Any, limit: int = 60) -> str:
    """A value quoted in a message: short, and never a huge int's decimal conversion."""
    if isinstance(value, int) and value.bit_length() > 200:
        return f"(an integer of {value.bit_length():,} bits)"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 5] + "...'"


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    parts = [p for p in (exc.context, exc.problem) if p]
    message = "; ".join(parts) or "invalid YAML"
    return f"YAML syntax error: {message}"
