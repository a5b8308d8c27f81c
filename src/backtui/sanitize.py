"""Untrusted text made safe to print: the one definition every output path uses.

Pure Python. Removes what could act on a terminal or make text display differently from how
it is stored, so no knowledge-base or profile text can carry an escape sequence to a
terminal, a file or the screen, or hide words from the person reading it:

- C0 and C1 control characters (newlines kept; tabs become spaces): escape sequences.
- Bidirectional embeddings, overrides and isolates (U+202A-202E, U+2066-2069), and the
  bidirectional marks LRM, RLM and ALM (U+200E, U+200F, U+061C): they reorder how text
  displays ("Trojan Source").
- Invisible characters, the rest of Unicode's default-ignorable set: zero width space,
  word joiner, invisible operators, byte order mark, soft hyphen, combining grapheme
  joiner, Hangul fillers, Mongolian and Khmer invisibles, and the tag characters
  (U+E0000-E007F, which can carry hidden ASCII) with the variation selectors supplement.

Kept, because text needs them and they hide nothing: the zero width non-joiner and joiner
(U+200C, U+200D: Persian and Indic spelling, emoji sequences such as 👩‍⚕️) and the
variation selectors VS1-VS16 (U+FE00-FE0F: "⚠️" as emoji or text). A flag of a region
(tag sequences, rare) shows as a plain black flag.
"""

from __future__ import annotations

import re

_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"
_BIDI = "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
_INVISIBLE = (
    "\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b\u2060-\u2065\u206a-\u206f"
    "\u3164\ufeff\uffa0\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)
CONTROL = re.compile(f"[{_CONTROLS}{_BIDI}{_INVISIBLE}]")


def clean(text: str) -> str:
    """Untrusted text with control, bidirectional and invisible characters removed, tabs
    as spaces and one kind of newline."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    return CONTROL.sub("", text.replace("\u2029", "\n").replace("\t", "    "))
