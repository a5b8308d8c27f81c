"""Checkbox, radio button and selection list whose glyphs, not only colours, show their state."""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Checkbox, RadioButton
from textual.widgets.option_list import OptionDoesNotExist

from backtui.ui.textual_compat import GuardedSelectionList


class MarkedCheckbox(Checkbox):
    def render(self) -> Content:
        self.BUTTON_INNER = "✔" if self.value else " "  # read when the button is drawn
        return super().render()


class MarkedRadioButton(RadioButton):
    def render(self) -> Content:
        self.BUTTON_INNER = "●" if self.value else " "
        return super().render()


class MarkedSelectionList(GuardedSelectionList):
    """A SelectionList whose states read as text: a ticked row shows ✔ in its box (Textual
    draws the same X in every box and tells them apart by colour), and, while the list has
    focus, the highlighted row shows ▶ after it (Textual marks it by shade alone). Works with
    NO_COLOR and monochrome."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        index = self.scroll_offset.y + y
        try:
            selection = self.get_option_at_index(index)
        except OptionDoesNotExist:
            return strip
        segments = list(strip)
        if len(segments) < 4 or segments[1].text != Checkbox.BUTTON_INNER:
            return strip  # not a row with a box (Textual's layout changed): leave it
        ticked = selection.value in self.selected
        cursor = self.has_focus and self.highlighted == index  # where keys act, as the shade
        segments[1] = Segment(TICK if ticked else " ", segments[1].style, segments[1].control)
        segments[3] = Segment(CURSOR if cursor else " ", segments[3].style, segments[3].control)
        return Strip(segments, strip.cell_length)


TICK = "✔"
CURSOR = "▶"
