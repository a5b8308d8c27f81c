"""The profile file's format, checked by msgspec (the format itself: ``backtui.profile.store``).

``Document`` declares every key with its bounds (msgspec ``Meta``); ``parse_profile`` checks a
file against it strictly (``convert(..., strict=True)``: no coercion, unknown keys refused)
and words the first problem found as before, e.g. ``ratings['cost']: 9 is outside 0 to 4``.

Settings that a later version adds belong in one ``Settings`` struct, a field of ``Document``
(and of ``Profile``); bump ``FORMAT_VERSION`` with it. Pure Python; never imports Textual.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Annotated, Any, Literal, get_args, get_origin, get_type_hints

import msgspec
from msgspec import Meta, Struct

from backtui.profile.model import (
    FORMAT_NAME,
    FORMAT_VERSION,
    RATING_MAX,
    RATING_MIN,
    SURE_ITEMS,
    Profile,
)
from backtui.profile.model import Settings as ProfileSettings

MAX_FILE_BYTES = 1024 * 1024
MAX_ID_CHARS = 200
MAX_NOTE_CHARS = 10_000
MAX_QUESTION_CHARS = 1_000
MAX_UPDATED_CHARS = 64
MAX_ENTRIES = 500
MAX_PATH_CHARS = 4096

SURE_KEYS: tuple[str, ...] = tuple(key for key, _ in SURE_ITEMS)


class ProfileError(Exception):
    """A profile could not be read or saved. The message is meant for the person using backtui."""


class ProfileFormatError(ProfileError):
    """The bytes are not a valid version-1 profile (the file gets moved aside)."""


class ProfileVersionError(ProfileError):
    """The profile was written by a newer backtui (the file is left exactly as it is)."""


class ProfileForeignError(ProfileError):
    """The file is not recognisably a backtui profile (notes, a knowledge base, something
    unreadable): it is refused and left exactly as it is, never moved aside."""


# --- the document ----------------------------------------------------------------------------

Id = Annotated[str, Meta(min_length=1, max_length=MAX_ID_CHARS)]
KbId = Annotated[str, Meta(max_length=MAX_ID_CHARS)]
Rating = Annotated[int, Meta(ge=RATING_MIN, le=RATING_MAX)]
Note = Annotated[str, Meta(max_length=MAX_NOTE_CHARS)]
QuestionText = Annotated[str, Meta(min_length=1, max_length=MAX_QUESTION_CHARS)]
Updated = Annotated[str, Meta(max_length=MAX_UPDATED_CHARS)]
SureItem = Literal["sure", "understand", "risk_benefit", "support"]
Entries = Meta(max_length=MAX_ENTRIES)


class _Header(Struct):
    """What every version has; read first, so a newer file is recognised whatever its shape."""

    format: Literal["backtui-profile"]
    version: int


class Question(Struct, forbid_unknown_fields=True):
    id: Id
    text: QuestionText
    ticked: bool


class Settings(Struct, forbid_unknown_fields=True):
    theme: Annotated[str, Meta(max_length=MAX_ID_CHARS)]
    layer: Literal["plain", "clinician"]
    comparator: KbId
    export_folder: Annotated[str, Meta(max_length=MAX_PATH_CHARS)]


V1_SETTINGS = {"theme": "", "layer": "plain", "comparator": "", "export_folder": ""}


class Document(Struct, forbid_unknown_fields=True):
    """A profile file. Every key is required (no defaults): a missing one is an error."""

    format: Literal["backtui-profile"]
    version: int
    kb_id: KbId
    ratings: Annotated[dict[Id, Rating], Entries]
    shortlist: Annotated[list[Id], Entries]
    notes: Annotated[dict[Id, Note], Entries]
    ticked_prompts: Annotated[list[Id], Entries]
    own_questions: Annotated[list[Question], Entries]
    sure: Annotated[dict[SureItem, bool | None], Entries]
    updated: Updated
    settings: Settings

    def __post_init__(self) -> None:
        """What Meta cannot say: no repeats, valid text, a real date. The messages name their
        place themselves (an error at the top level gets no " - at" from msgspec)."""
        _check_text("kb_id", self.kb_id)
        for name in ("ratings", "notes", "sure"):
            for key, value in getattr(self, name).items():
                _check_text(f"{name}: key", key)
                if isinstance(value, str):
                    _check_text(f"{name}[{key!r}]", value)
        for name in ("shortlist", "ticked_prompts"):
            seen: set[str] = set()
            for index, item in enumerate(getattr(self, name)):
                _check_text(f"{name}[{index}]", item)
                if item in seen:
                    raise ValueError(f"{name}[{index}]: {item!r} is listed twice")
                seen.add(item)
        ids: set[str] = set()
        for index, question in enumerate(self.own_questions):
            where = f"own_questions[{index}]"
            _check_text(f"{where}.id", question.id)
            if question.id in ids:
                raise ValueError(f"{where}.id: {question.id!r} is used twice")
            ids.add(question.id)
            _check_text(f"{where}.text", question.text)
        if self.updated:
            try:
                datetime.fromisoformat(self.updated)
            except ValueError:
                raise ValueError(
                    f"updated: {self.updated!r} is not an ISO 8601 date and time"
                ) from None


DOCUMENT_KEYS: tuple[str, ...] = Document.__struct_fields__


def _check_text(where: str, value: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, e.g. "\ud800" in the JSON
        raise ValueError(f"{where}: contains a character that is not valid text") from None


# --- msgspec's errors, in backtui's words ------------------------------------------------------

# "Expected `int`, got `float` - at `$.ratings[...]`", "... - at `key` in `$.ratings`"
_ERROR = re.compile(r"(?s)(?P<what>.*?)(?: - at `(?P<at>[^`]*)`(?: in `(?P<inside>[^`]*)`)?)?")
_STEP = re.compile(r"\.(\w+)|\[(\d+)\]|\[(\.\.\.)\]")
_KINDS = {
    "int": "an integer",
    "float": "a decimal number",
    "str": "text",
    "bool": "true or false",
    "null": "null",
    "array": "a list",
    "object": "an object",
    "bool | null": "true, false or null",
}


def _kind(name: str) -> str:
    return _KINDS.get(name, name)


def _strip(tp: Any) -> tuple[Any, list[Meta]]:
    """The type without Annotated, and its Meta bounds."""
    if get_origin(tp) is Annotated:
        base, *extras = get_args(tp)
        return base, [m for m in extras if isinstance(m, Meta)]
    return tp, []


def _fails(value: object, tp: Any) -> bool:
    try:
        msgspec.convert(value, tp, strict=True)
    except msgspec.ValidationError:
        return True
    return False


class _Spot:
    """Where msgspec's path points in the parsed JSON: its value, its declared type, and its
    name as backtui's messages give it (``own_questions[0].ticked``, ``ratings['cost']``)."""

    def __init__(self, doc: object, root: Any, name: str) -> None:
        self.value, self.type, self.where = doc, root, name

    def step(self, field: str | None, index: str | None) -> None:
        base, _ = _strip(self.type)
        value = self.value
        if field is not None:  # a Struct's field
            self.type = get_type_hints(base, include_extras=True)[field]
            self.value = value.get(field) if isinstance(value, dict) else None
            self.where = f"{self.where}.{field}" if self.where else field
        elif index is not None:  # a list item
            self.type = get_args(base)[0]
            self.value = value[int(index)] if isinstance(value, list) else None
            self.where += f"[{index}]"
        else:  # "[...]": a dict value; msgspec does not say which, so find the first bad one
            self.type = get_args(base)[1]
            items = value.items() if isinstance(value, dict) else ()
            key, self.value = next(((k, v) for k, v in items if _fails(v, self.type)), ("?", None))
            self.where += f"[{key!r}]"

    def bad_key(self) -> str:
        """The first key of this dict that its key type refuses."""
        key_type = get_args(_strip(self.type)[0])[0]
        value = self.value if isinstance(self.value, dict) else {}
        return next((k for k in value if _fails(k, key_type)), "?")


def _locate(doc: object, path: str, root: Any, name: str) -> _Spot:
    spot = _Spot(doc, root, name)
    for field, index, _ in _STEP.findall(path.removeprefix("$")):
        spot.step(field or None, index or None)
    return spot


def _explain(what: str, spot: _Spot, at_key: bool) -> str:
    """One of msgspec's messages, about the value at ``spot``, in backtui's words."""
    value, where = spot.value, spot.where or "profile"
    if at_key:  # the problem is a key of the dict at spot
        key = spot.bad_key()
        if what.startswith("Invalid enum value"):
            choices = get_args(get_args(_strip(spot.type)[0])[0])
            return f"{where}: unknown item {key!r}; expected one of {choices}"
        value, where = key, f"{where}: key"
    if match := re.fullmatch(r"Expected `(.+)`, got `(\w+)`", what):
        if not spot.where:
            return f"expected a JSON object at the top, found {_kind(match[2])}"
        base = _strip(spot.type)[0]
        expected = repr(get_args(base)[0]) if get_origin(base) is Literal else _kind(match[1])
        return f"{where}: expected {expected}, found {_kind(match[2])}"
    if re.fullmatch(r"Expected `\w+` of length >= 1", what):
        return f"{where}: must not be empty"
    if match := re.fullmatch(r"Expected `(\w+)` of length <= (\d+)", what):
        limit = int(match[2])
        size = len(value) if isinstance(value, str | list | dict) else 0
        if match[1] == "str":
            return f"{where}: {size:,} characters, more than the limit of {limit:,}"
        return f"{where}: {size} entries, more than {limit}"
    if re.fullmatch(r"Expected `int` [<>]= -?\d+", what):
        [bounds] = _strip(spot.type)[1]
        return f"{where}: {value} is outside {bounds.ge} to {bounds.le}"
    if match := re.fullmatch(r"Object (missing required|contains unknown) field `\w+`", what):
        names = get_type_hints(_strip(spot.type)[0]).keys()
        given = value if isinstance(value, dict) else {}
        if match[1] == "missing required":
            missing = [name for name in names if name not in given]
            return f"{where}: missing {', '.join(map(repr, missing))}"
        unknown = sorted(key for key in given if key not in names)
        return f"{where}: unknown {', '.join(map(repr, unknown))}"
    if what.startswith("Invalid enum value"):
        choices = get_args(_strip(spot.type)[0])
        return f"{where}: expected {' or '.join(map(repr, choices))}, found {value!r}"
    return f"{spot.where}: {what}" if spot.where else what  # our own __post_init__ messages


def _convert(doc: object, tp: Any, name: str = "") -> Any:
    """``doc`` as ``tp``, strictly; ProfileFormatError in backtui's words if it is not one.
    ``name`` is what the messages call ``doc`` itself ("" for a whole file)."""
    try:
        return msgspec.convert(doc, tp, strict=True)
    except UnicodeEncodeError:  # msgspec matches a Literal as UTF-8: a lone surrogate fails
        where = _bad_text(doc, name)
        raise ProfileFormatError(f"{where}: contains a character that is not valid text") from None
    except msgspec.ValidationError as exc:
        match = _ERROR.fullmatch(str(exc))
        assert match is not None  # the pattern matches any text
        at = match["inside"] or match["at"] or "$"
        try:
            message = _explain(match["what"], _locate(doc, at, tp, name), bool(match["inside"]))
        except Exception:  # wording not foreseen here (another msgspec?): msgspec's own words
            message = str(exc)
        raise ProfileFormatError(message) from None


def _bad_text(value: object, where: str) -> str:
    """Where in ``value`` the first text that is not valid UTF-8 is ("" if none)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return where or "profile"
    elif isinstance(value, dict):
        for key, item in value.items():
            inner = f"{where}[{key!r}]" if where else str(key)
            found = _bad_text(key, f"{where}: key") or _bad_text(item, inner)
            if found:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if found := _bad_text(item, f"{where}[{index}]"):
                return found
    return ""


def check_value(name: str, value: object, tp: Any) -> None:
    """Raise ProfileFormatError, worded as for a file, if ``value`` is not a ``tp``; ``name``
    says what it is ("option id"). For the change helpers, before they touch the file."""
    _convert(value, tp, name)
    if isinstance(value, str):
        try:
            _check_text(name, value)
        except ValueError as exc:
            raise ProfileFormatError(str(exc)) from None


# --- reading and writing -------------------------------------------------------------------


def _reject_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result: dict[str, object] = {}
    for key, value in pairs:
        if key in result:
            raise ProfileFormatError(f"the key {key!r} appears twice in one object")
        result[key] = value
    return result


def _reject_constant(name: str) -> object:
    raise ProfileFormatError(f"{name} is not a valid JSON number")


def profile_from_document(doc: object) -> Profile:
    """Build a Profile from a parsed JSON document, strictly.

    Raises ProfileVersionError for a newer format version and ProfileFormatError for anything
    else that is not exactly a version-1 profile.
    """
    header: _Header = _convert(doc, _Header)
    if header.version > FORMAT_VERSION:
        raise ProfileVersionError(
            f"This profile is format version {header.version}, written by a newer backtui; "
            f"this backtui reads version {FORMAT_VERSION} only. The file was left unchanged "
            "and nothing will be saved to it. Update backtui, or use --profile to choose "
            "another file."
        )
    if header.version < 1:
        raise ProfileFormatError(f"version: {header.version} is not a profile version")
    if header.version == 1 and isinstance(doc, dict):
        # Version 1 had no settings: read it as version 2 with the defaults; the next save
        # writes version 2. A "settings" key in a version-1 file is still an unknown key.
        if "settings" in doc:
            raise ProfileFormatError("profile: unknown 'settings' (a version-1 profile)")
        doc = {**doc, "version": FORMAT_VERSION, "settings": V1_SETTINGS}
    checked: Document = _convert(doc, Document)
    # Document has Profile's fields after format and version (a test holds them equal), so a
    # field added to both, such as a Settings struct, needs nothing here.
    profile: Profile = msgspec.convert(checked, Profile, from_attributes=True)
    profile.settings = msgspec.convert(checked.settings, ProfileSettings, from_attributes=True)
    return profile


def parse_profile(data: bytes) -> Profile:
    """Read the bytes of a profile file strictly (see ``backtui.profile.store`` for the format)."""
    if len(data) > MAX_FILE_BYTES:
        raise ProfileFormatError(f"the file is larger than {MAX_FILE_BYTES:,} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProfileFormatError(f"not UTF-8 text (bad byte at offset {exc.start})") from None
    # The standard parser, not msgspec's: it can refuse a duplicate key and NaN.
    try:
        doc = json.loads(
            text, object_pairs_hook=_reject_duplicates, parse_constant=_reject_constant
        )
    except ProfileFormatError:
        raise
    except RecursionError:
        raise ProfileFormatError("not valid JSON: nested too deeply") from None
    except ValueError as exc:  # json.JSONDecodeError, or an integer too long to convert
        raise ProfileFormatError(f"not valid JSON: {exc}") from None
    return profile_from_document(doc)


def profile_to_document(profile: Profile) -> dict[str, object]:
    """The JSON document for a profile, keys in the documented order (not validated)."""
    fields = msgspec.to_builtins(profile)
    assert isinstance(fields, dict)
    return {"format": FORMAT_NAME, "version": FORMAT_VERSION, **fields}


def encode_profile(profile: Profile) -> bytes:
    """The bytes saved for a profile. Validated by reading them back: never writes what it
    could not read."""
    try:
        data = (
            json.dumps(profile_to_document(profile), ensure_ascii=False, indent=2, allow_nan=False)
            + "\n"
        ).encode("utf-8")
    except (TypeError, ValueError, UnicodeEncodeError, msgspec.EncodeError) as exc:
        raise ProfileFormatError(f"the profile cannot be written as JSON: {exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise ProfileFormatError(
            f"the profile would be {len(data):,} bytes, more than the limit of "
            f"{MAX_FILE_BYTES:,}; shorten some notes"
        )
    parse_profile(data)
    return data
