"""What every backtui screen shares: the typed way to its app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.dom import DOMNode

if TYPE_CHECKING:
    from backtui.ui.app import BacktuiApp


class AppOfScreen(DOMNode):
    """Mix into a Screen subclass (first) for ``self.backtui``: the app, typed. The import
    is inside: ui/app.py imports the screens."""

    @property
    def backtui(self) -> BacktuiApp:
        from backtui.ui.app import BacktuiApp

        assert isinstance(self.app, BacktuiApp)
        return self.app
