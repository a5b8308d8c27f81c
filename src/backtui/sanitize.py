"""Untrusted text made safe to print: the one definition every output path uses.

Pure Python. Removes C0 and C1 control characters (keeping newlines; tabs become spaces) and
the bidirectional overrides that can make text display in a different order from how it reads
("Trojan Source"), so no knowledge-base or profile text can carry an escape sequence to a
terminal, a file or the screen.
"""

from __future__ import annotations

import re

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """Untrusted text with control characters removed, tabs as spaces and one kind of newline."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    return CONTROL.sub("", text.replace("\u2029", "\n").replace("\t", "    "))
