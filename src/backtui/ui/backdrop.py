"""The dimmed screen behind a dialog, drawn from the screen's strips with each tint kept.

A dialog's screen has a translucent background, so Textual draws the screen below through it
(``BackgroundScreen``): it composites that screen, passes it through Rich as segments, blends
the tint into every segment's colours, and splits the result back into lines, on every render
of the dialog. That was most of the cost of opening one. Here the screen below is composited
to strips, and each segment's style is looked up in a table of the styles already tinted (a
screen holds a few dozen). The result is what Textual draws, segment style for segment style
(tests/test_backdrop.py compares the two in several themes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.color import Color
from textual.css.styles import RulesMap
from textual.renderables.background_screen import BackgroundScreen
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

if TYPE_CHECKING:
    from textual.screen import Screen

    _Base = Screen[Any]
else:
    _Base = object

STYLES_KEPT = 4096


class TintedScreen(Visual):
    """The screen ``below``, with ``color`` blended in, on the dialog's own ``style``."""

    def __init__(
        self, below: Screen[Any], color: Color, tints: dict[tuple[object, ...], RichStyle]
    ) -> None:
        self.below = below
        self.color = color
        self.tints = tints

    def _tinted(self, style: RichStyle | None, base: RichStyle) -> RichStyle:
        key = (style, base)
        tinted = self.tints.get(key)
        if tinted is None:
            # One segment through Textual's own tint, then the dialog's style under it, as
            # Widget.post_render puts it: the same style, by definition.
            (segment,) = BackgroundScreen.process_segments([Segment(" ", style)], self.color)
            assert segment.style is not None
            tinted = base + segment.style
            if len(self.tints) >= STYLES_KEPT:
                self.tints.clear()
            self.tints[key] = tinted
        return tinted

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        base = style.rich_style
        tinted = self._tinted
        lines = []
        for strip in self.below._compositor.render_strips()[:height]:
            segments = [
                segment if control else Segment(text, tinted(segment_style, base))
                for segment in strip
                for text, segment_style, control in (segment,)
            ]
            lines.append(Strip(segments, strip.cell_length).crop_extend(0, width, base))
        return lines

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.below._compositor.size.height


class KeptTint(_Base):
    """Mix into a dialog's Screen subclass, before the Screen class."""

    _tints: tuple[Color, dict[tuple[object, ...], RichStyle]] | None = None

    def render(self) -> RenderableType:
        renderable = super().render()
        if type(renderable) is not BackgroundScreen:
            return renderable  # pragma: no cover - an opaque background draws no screen below
        color = renderable.color
        if self._tints is None or self._tints[0] != color:
            self._tints = (color, {})
        return TintedScreen(renderable.screen, color, self._tints[1])  # type: ignore[return-value]
