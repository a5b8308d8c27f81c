"""Where the knowledge base is: --data, then $BACKTUI_DATA, then the checkout, then the wheel."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "BACKTUI_DATA"
_HERE = Path(__file__).resolve().parent
# An editable install runs from src/backtui, two levels below the repository's data/.
_CHECKOUT_KB = _HERE.parent.parent / "data" / "options.yaml"
# A wheel carries its own copy (pyproject: force-include).
_PACKAGED_KB = _HERE / "data" / "options.yaml"


def knowledge_base_path(explicit: str | None = None) -> str:
    if explicit:
        return explicit
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return from_env
    if _CHECKOUT_KB.is_file():
        return str(_CHECKOUT_KB)
    return str(_PACKAGED_KB)
