"""Every use of Textual's private internals, in one module.

Each hook here holds a latency target that Textual's public API could not (measured with the
hook switched off: benchmarks/hooks.py, results in benchmarks/HOOKS.md): the terminal's, or,
for ``covered`` and ``resume-rows``, the in-process key-to-idle target of 16 ms. Textual is pinned
exactly because of them, and tests/test_textual_compat.py fails on a Textual whose hooks have
changed name, signature or meaning.

The hooks, by the name that switches each off (``BACKTUI_HOOKS_OFF=frames,escape``; for
benchmarks only):

- ``frames``: a screen paints as soon as it falls idle, not on Textual's next timer tick; a
  frame draws the widgets whose repaint requests are still on their way; and a scroll bar
  whose rows a frame has just painted asks for no frame of its own.
- ``resume-styles``: a dialog shown again under the same theme keeps its styles.
- ``covered``: a screen that a dialog covers keeps its own rendered lines (no private name:
  it undoes what Textual's push_screen does).
- ``resume-rows``: a dialog shown again repaints only the rows of its backdrop whose screen
  below has changed.
- ``escape``: the terminal driver delivers Esc when its delay is up, not at the next 100 ms poll.
- ``backdrop``: a dialog's dimmed background is drawn from the screen below's strips, with
  each tinted style kept.
- ``backdrop-rows``: a dialog shown again composites only the rows of the screen below whose
  widgets have changed since it was last drawn.
- ``relayout``: a widget whose virtual size changed during a layout is not laid out again,
  nor is a scroll bar whose size did.
- ``grid-renders``: the Option Grid keeps its rendered cells across focus changes and resizes.
- ``focus-restyle``: the comparison is repainted, not restyled, when it gains or loses focus.
- ``focus-repaint``: the main screen is not repainted whole when focus moves within it.

One more was measured and removed, as no key was faster with it (benchmarks/HOOKS.md): the
Option Grid's own scroll bar.

The Footer's key widget, ``FooterKey``, lives in a private module and is re-exported here.
The guards at the end are not switchable: each keeps a fault of Textual from crashing the app.
"""

from __future__ import annotations

import asyncio
import os
import selectors
import weakref
from codecs import getincrementaldecoder
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from time import monotonic
from typing import TYPE_CHECKING, Any, Literal, Self

from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events, messages
from textual._parser import ParseError
from textual._time import get_time
from textual._xterm_parser import XTermParser
from textual.await_complete import AwaitComplete
from textual.cache import LRUCache
from textual.color import Color
from textual.command import CommandPalette
from textual.css.query import NoMatches
from textual.css.styles import RulesMap
from textual.drivers.linux_driver import LinuxDriver
from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.renderables.background_screen import BackgroundScreen
from textual.screen import UPDATE_PERIOD
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widget import Widget
from textual.widgets import OptionList, SelectionList
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.timer import Timer
    from textual.widgets import DataTable, Footer

    _Screen = Screen[Any]
    _Widget = Widget
    _DataTable = DataTable[Any]
else:
    _Screen = _Widget = _DataTable = object

__all__ = [
    "FooterKey",
    "GuardedCommandPalette",
    "GuardedOptionList",
    "GuardedSelectionList",
    "HOOKS",
    "KeptTableRenders",
    "KeptTint",
    "NoSecondLayout",
    "PromptEscapeDriver",
    "PromptFrames",
    "QuietFocus",
    "RepaintOnFocus",
    "TintedScreen",
    "footer_ready",
]

HOOKS = (
    "frames",
    "resume-styles",
    "covered",
    "resume-rows",
    "escape",
    "backdrop",
    "backdrop-rows",
    "relayout",
    "grid-renders",
    "focus-restyle",
    "focus-repaint",
)
HOOKS_OFF = frozenset(
    name.strip() for name in os.environ.get("BACKTUI_HOOKS_OFF", "").split(",") if name.strip()
)


def hook_on(name: str) -> bool:
    assert name in HOOKS, name
    return name not in HOOKS_OFF


# ------------------------------------------------------------------------- frames
# Textual (8.2.8) paints from a 60 Hz timer that it pauses between frames. The first frame after
# a pause comes at once, but when a frame takes longer than its slot, the timer skips ahead, so
# the next frame waits 17 to 33 ms. Most keys need two frames (the change, then the scroll bars
# and focus borders that react to it), so that wait was the largest part of a key's latency.
# Here a screen that falls idle with something to paint paints it then (once the widgets that
# are ready to ask for a repaint have had a turn), or FRAME_GAP after its last frame, whichever
# is later.

# The frames a key sets off come in a burst (the change, then the scroll bars and borders that
# follow it) and each is small; up to 120 a second keeps a burst short. Textual's timer, which
# paints everything else (animations included), keeps to its 60.
FRAME_GAP = UPDATE_PERIOD / 2
UPDATES_KEPT = 256  # repaint requests remembered; a dialog away longer composites afresh


def _bar_state(bar: ScrollBar) -> tuple[object, ...]:
    """Everything ScrollBar.render draws from."""
    parent = bar.parent
    styles = parent.styles if isinstance(parent, Widget) else None
    colours = (
        ()
        if styles is None or not isinstance(parent, Widget)
        else (
            styles.scrollbar_background,
            styles.scrollbar_color,
            styles.scrollbar_background_hover,
            styles.scrollbar_color_hover,
            styles.scrollbar_background_active,
            styles.scrollbar_color_active,
            parent.background_colors,
        )
    )
    return (
        bar.window_virtual_size,
        bar.window_size,
        bar.position,
        bar.thickness,
        bar.vertical,
        bar.grabbed,
        bar.mouse_over,
        bar.size,
        colours,
    )


# What a hook makes of a repaint of the whole screen (no region given): nothing, a frame with
# none of the screen's lines marked yet, or what was asked.
WholeRepaint = Literal["skip", "frame only", "as asked"]


class WholeRepaintHooks(_Screen):
    """The one ``refresh()`` override of the screen hooks that act on a repaint of the whole
    screen (``covered``, ``resume-rows``); each hook overrides ``_whole_repaint``, and hands
    on to ``super()`` what it leaves."""

    def _whole_repaint(self, bare: bool) -> WholeRepaint:
        """``bare``: nothing but the repaint was asked for (no layout, no recompose)."""
        return "as asked"

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        if repaint and not regions:
            match self._whole_repaint(bare=not (layout or recompose)):
                case "skip":
                    return self
                case "frame only":
                    return super().refresh(Region())
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)


class PromptFrames(WholeRepaintHooks):
    """Mix into a Screen subclass, before the Screen class."""

    _last_frame: float = 0.0
    _frame_due: Timer | None = None
    _idle_since: float | None = None  # the first idle with something to paint
    _styled_for: tuple[object, ...] | None = None

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen._on_screen_resume. A pushed screen is restyled whole on every
        # resume (2.4 ms for search) in case the styles changed while it was away; that can
        # only be a new theme or stylesheet, so a screen shown again under the same ones
        # keeps its styles.
        if not hook_on("resume-styles"):
            return
        app = self.app
        # The parsed rules are replaced when the stylesheet is parsed again; they are held
        # here, so that "is" cannot be fooled by a new object at an old address.
        styled_for = (app.theme, app.ansi_color, app.stylesheet._rules_map)
        last = self._styled_for
        if last is not None and last[:2] == styled_for[:2] and last[2] is styled_for[2]:
            event.refresh_styles = False
        self._styled_for = styled_for

    _being_covered = False

    @contextmanager
    def covered(self) -> Iterator[None]:
        """While a screen is pushed over this one. Textual's push_screen (8.2.8) repaints
        the screen it covers, whole, though nothing on it changed: its own lines (its
        background, under every widget) were styled again, 40 of them at 120x40, for the
        backdrop of the dialog above. Shown again, a screen is repainted whole anyway
        (Screen._on_screen_resume)."""
        self._being_covered = hook_on("covered")
        try:
            yield
        finally:
            self._being_covered = False

    def _whole_repaint(self, bare: bool) -> WholeRepaint:
        if bare and self._being_covered:
            return "skip"
        return super()._whole_repaint(bare)

    def _needs_frame(self) -> bool:
        return bool(
            self._layout_required
            or self._scroll_required
            or self._repaint_required
            or self._dirty_widgets
            or self._recompose_required
        )

    async def _on_idle(self, event: events.Idle) -> None:
        if (
            not hook_on("frames")
            or self.app._batch_count
            or not self.is_current
            or not self._needs_frame()
        ):
            return  # Screen._on_idle runs next, as usual
        event.prevent_default()  # Screen._on_idle would only start its timer
        now = monotonic()
        if self._idle_since is None:
            self._idle_since = now
        if now - self._idle_since < FRAME_GAP:
            # Widgets ask for their repaints from their own tasks (a focus border, a scroll
            # bar). Give those that are ready a turn, so that one frame carries the change.
            await asyncio.sleep(0)
            if not self._message_queue.empty():
                return  # the next idle paints it all
        wait = self._last_frame + FRAME_GAP - monotonic()
        if wait <= 0:
            self._on_timer_update()
        elif self._frame_due is None:
            self._frame_due = self.set_timer(wait, self._paint_when_due, name="prompt-frame")

    # The widgets that asked for a repaint, in order, for a dialog above that keeps this
    # screen's composite (KeptTint): shown again, it composites only their rows again.
    _updates: int = 0
    _updated: deque[tuple[int, Widget]] | None = None

    async def _on_update(self, message: messages.Update) -> None:
        # Runs before Screen._on_update, which adds the widget to those to paint.
        widget = message.widget
        if widget is not self and isinstance(widget, Widget):
            if self._updated is None:
                self._updated = deque(maxlen=UPDATES_KEPT)
            self._updates += 1
            self._updated.append((self._updates, widget))
            if (
                widget in self._painted_fresh
                and not widget._styles_cache._dirty_lines
                and self.is_current
                and hook_on("frames")
            ):
                # Asked for before the last frame, which drew it: a frame of its own would
                # paint the same lines again (the comparison, moved by a layout that drew it).
                message.prevent_default()  # Screen._on_update would add it to those to paint
            self._painted_fresh.discard(widget)

    def geometry(self) -> dict[Widget, tuple[Region, Region]]:
        """Where each visible widget is, and its clip."""
        return dict(self._compositor.visible_widgets)

    def rows_changed_since(
        self, updates: int, geometry: dict[Widget, tuple[Region, Region]]
    ) -> set[int] | None:
        """The rows that may look different from when this screen had seen ``updates``
        repaint requests and its widgets were where ``geometry`` says: those of the widgets
        that asked for a repaint since (or are about to), and of those that moved, appeared
        or went. None: too long ago to tell."""
        current = self._compositor.visible_widgets
        changed: list[Widget] = []
        if updates != self._updates:
            log = self._updated
            if not log or log[0][0] > updates + 1:
                return None
            changed += [widget for number, widget in log if number > updates]
        changed += [
            widget
            for widget in current
            if widget is not self and (widget._repaint_required or widget in self._dirty_widgets)
        ]
        changed += [
            widget
            for widget in current.keys() | geometry.keys()
            if current.get(widget) != geometry.get(widget)
        ]
        rows: set[int] = set()
        for widget in changed:
            for place in (current.get(widget), geometry.get(widget)):
                if place is not None:
                    shown = place[0].intersection(place[1])
                    rows.update(range(shown.y, shown.bottom))
        return rows

    # Widgets this frame draws before their repaint requests arrive (_on_timer_update).
    _drawn_ahead: set[Widget] = set()  # replaced, never changed in place
    # Widgets the last frame sent whole whose own repaint request had not arrived by then.
    _painted_fresh_set: weakref.WeakSet[Widget] | None = None

    @property
    def _painted_fresh(self) -> weakref.WeakSet[Widget]:
        if self._painted_fresh_set is None:
            self._painted_fresh_set = weakref.WeakSet()
        return self._painted_fresh_set

    # Each scroll bar as this screen last painted it: (what it shows, where).
    _bars_painted: weakref.WeakKeyDictionary[ScrollBar, tuple[object, ...]] | None = None

    def _compositor_refresh(self) -> None:
        # A layout pass tells each scroll bar its window again, and each then asks for a
        # repaint of its own, changed or not: a frame after this one, often of what this one
        # paints. A bar that asks to show what it was last painted showing, where it was, is
        # left with nothing to ask. (Scroll bars are not in the DOM; the compositor's map has
        # every one shown.)
        compositor = self._compositor
        painted = list(compositor._dirty_regions)
        # Stale lines whose repaint request has not reached this screen yet (those that have
        # are painted by this frame as usual, and no request follows).
        stale = [
            widget
            for widget in compositor.visible_widgets
            if widget._styles_cache._dirty_lines
            and (widget not in self._dirty_widgets or widget in self._drawn_ahead)
        ]
        self._drawn_ahead = set()
        # Only the last frame counts: a widget it did not draw may have changed since.
        self._painted_fresh.clear()
        before = {
            bar: _bar_state(bar) for bar in compositor.visible_widgets if isinstance(bar, ScrollBar)
        }
        super()._compositor_refresh()
        if not self.is_current or not hook_on("frames"):
            return
        if self._bars_painted is None:
            self._bars_painted = weakref.WeakKeyDictionary()
        whole = compositor.size.region in painted
        # A widget whose lines were stale and are all drawn afresh by this frame: the repaint
        # it asked for (its message may come after the frame) has been painted.
        visible = compositor.visible_widgets
        for widget in stale:
            place = visible.get(widget)
            if place is None or widget._styles_cache._dirty_lines:
                continue
            shown = place[0].intersection(place[1])
            if whole or any(region.contains_region(shown) for region in painted):
                self._painted_fresh.add(widget)
        for bar, place in compositor.visible_widgets.items():
            if not isinstance(bar, ScrollBar):
                continue
            shown = place[0].intersection(place[1])
            now = (_bar_state(bar), shown)
            if before.get(bar) == now[0] and (
                whole or any(region.contains_region(shown) for region in painted)
            ):
                self._bars_painted[bar] = now
            if bar._repaint_required and self._bars_painted.get(bar) == now:
                bar._repaint_required = False

    def _paint_when_due(self) -> None:
        self._frame_due = None
        if not self.app._batch_count and self.is_current and self._needs_frame():
            self._on_timer_update()

    def _on_timer_update(self) -> None:
        self._last_frame = monotonic()
        self._idle_since = None
        if (
            hook_on("frames")
            and self.is_current
            and not self.app._batch_count
            and self._needs_frame()
        ):
            # A widget that has asked for a repaint whose request is still on its way (each
            # widget sends its own, when it falls idle) is drawn by this frame, not by a
            # frame of its own just after: the comparison's new findings, under the plot that
            # switching comparators lays out.
            self._drawn_ahead = {
                widget
                for widget in self._compositor.visible_widgets
                if widget is not self
                and widget._repaint_regions  # asked for, not yet taken by a frame
                and widget not in self._dirty_widgets
            }
            self._dirty_widgets.update(self._drawn_ahead)
        if self._layout_required and self._repaint_required and hook_on("frames"):
            # Textual would render what the layout changed, then the whole screen again (a
            # dialog shown again: its box, then its backdrop), in two writes to the terminal.
            # One frame of the whole screen does both.
            self._compositor._dirty_regions.add(self._compositor.size.region)
            self._repaint_required = False
        super()._on_timer_update()
        if hook_on("relayout"):
            # A layout pass tells each scroll bar its size, and a bar whose size changed asks
            # for another pass (its virtual size is a layout property): a second layout that
            # moves nothing, as a bar has no children. When a bar appears or goes, the
            # widget it scrolls asks for that layout itself.
            for widget in self._compositor.visible_widgets:
                if isinstance(widget, ScrollBar) and widget._layout_required:
                    widget._layout_required = False


# ----------------------------------------------------------------------- backdrop
# A dialog's screen has a translucent background, so Textual draws the screen below through it
# (``BackgroundScreen``): it composites that screen, passes it through Rich as segments, blends
# the tint into every segment's colours, and splits the result back into lines, on every
# render of the dialog. That was most of the cost of opening one. Here the screen below is
# composited to strips, and each segment's style is looked up in a table of the styles
# already tinted (a screen holds a few dozen). The result is what Textual draws, segment style
# for segment style (tests/test_backdrop.py compares the two in several themes).

STYLES_KEPT = 4096


class KeptBackdrop:
    """A dialog's backdrop as last drawn, and how the screen below stood then: shown again,
    only the rows whose widgets have changed since are composited again."""

    def __init__(self) -> None:
        self.key: tuple[object, ...] | None = None
        self.updates = 0
        self.geometry: dict[Widget, tuple[Region, Region]] = {}
        self.lines: list[Strip] = []


class TintedScreen(Visual):
    """The screen ``below``, with ``color`` blended in, on the dialog's own ``style``."""

    def __init__(
        self,
        below: Screen[Any],
        color: Color,
        tints: dict[tuple[object, ...], RichStyle],
        kept: KeptBackdrop | None = None,
    ) -> None:
        self.below = below
        self.color = color
        self.tints = tints
        self.kept = kept

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

    def _tint_line(self, strip: Strip, width: int, base: RichStyle) -> Strip:
        tinted = self._tinted
        segments = [
            segment if control else Segment(text, tinted(segment_style, base))
            for segment in strip
            for text, segment_style, control in (segment,)
        ]
        return Strip(segments, strip.cell_length).crop_extend(0, width, base)

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        base = style.rich_style
        below = self.below
        compositor = below._compositor
        kept = self.kept
        key = (below, compositor.size, width, base, self.color)
        rows: set[int] | None = None
        if (
            kept is not None
            and kept.key == key
            and isinstance(below, PromptFrames)
            and hook_on("backdrop-rows")
        ):
            rows = below.rows_changed_since(kept.updates, kept.geometry)
        if rows is None:
            lines = [self._tint_line(strip, width, base) for strip in compositor.render_strips()]
        else:
            assert kept is not None
            lines = list(kept.lines)  # the list given out last time stays as it was
            changed = sorted(y for y in rows if 0 <= y < len(lines))
            if changed:
                crop = Region(0, changed[0], compositor.size.width, changed[-1] - changed[0] + 1)
                chops = compositor._render_chops(crop, set(changed).__contains__)
                for y in changed:
                    lines[y] = self._tint_line(Strip.join(chops[y].values()), width, base)
        if kept is not None and isinstance(below, PromptFrames):
            kept.key = key
            kept.updates = below._updates
            kept.geometry = below.geometry()
            kept.lines = lines
        return lines[:height]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.below._compositor.size.height


class KeptTint(WholeRepaintHooks):
    """Mix into a dialog's Screen subclass, before the Screen class."""

    _tints: tuple[Color, dict[tuple[object, ...], RichStyle]] | None = None
    _backdrop: KeptBackdrop | None = None

    def render(self) -> RenderableType:
        renderable = super().render()
        if not hook_on("backdrop") or type(renderable) is not BackgroundScreen:
            return renderable  # pragma: no cover - an opaque background draws no screen below
        color = renderable.color
        if self._tints is None or self._tints[0] != color:
            self._tints = (color, {})
        if self._backdrop is None:
            self._backdrop = KeptBackdrop()
        # ignore: Screen.render is annotated with Rich renderables; Textual draws a Visual too.
        return TintedScreen(  # type: ignore[return-value]
            renderable.screen, color, self._tints[1], self._backdrop
        )

    # Shown again with its styles and size as they were: the refresh that follows
    # (Screen._on_screen_resume) takes this.
    _resumed_unchanged = False
    # Shown again: which of its own lines to draw again is left to its next frame.
    _rows_pending = False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs after PromptFrames._on_screen_resume (before it in every dialog's bases),
        # which keeps the styles of a screen shown again under the same theme, and before
        # Screen._on_screen_resume, which repaints an attached screen whole.
        self._resumed_unchanged = (
            not event.refresh_styles and self.is_attached and self.outer_size == self.app.size
        )

    def _whole_repaint(self, bare: bool) -> WholeRepaint:
        # Textual repaints a screen whole when it is shown again. A dialog's own lines are
        # its backdrop, so shown again as it was, only the rows whose screen below has
        # changed are drawn again (17 of 40 after a cursor move at 120x40; none if nothing
        # changed). The frame still sends the whole screen. Any other whole repaint draws
        # every line again.
        resumed = self._resumed_unchanged
        self._resumed_unchanged = False
        self._rows_pending = resumed and bare and hook_on("resume-rows")
        return "frame only" if self._rows_pending else super()._whole_repaint(bare)

    def _on_timer_update(self) -> None:
        # Decided as the frame is drawn, so that a change below made since is in it. The
        # screen is already being repainted (the refresh that left this pending): its lines
        # are marked, as refresh() would ask for a second frame once this one began, and the
        # frame sends the whole screen, which the terminal has not shown since it was hidden.
        if self._rows_pending and self.is_current and not self.app._batch_count:
            self._rows_pending = False
            rows = self._rows_changed_below()
            if rows is None:
                self._set_dirty()
            elif rows:
                width = self.outer_size.width
                self._set_dirty(*(Region(0, y, width, 1) for y in sorted(rows)))
            self._compositor._dirty_regions.add(self._compositor.size.region)
        super()._on_timer_update()

    def _rows_changed_below(self) -> set[int] | None:
        """The rows of the kept backdrop that the screen below has changed since; None if
        the backdrop is not kept for the screen below as it stands."""
        kept = self._backdrop
        stack = self.app.screen_stack
        if kept is None or kept.key is None or len(stack) < 2 or stack[-1] is not self:
            return None
        below = stack[-2]
        if not isinstance(below, PromptFrames) or kept.key[:3] != (
            below,
            below._compositor.size,
            self.outer_size.width,
        ):
            return None
        return below.rows_changed_since(kept.updates, kept.geometry)


# ------------------------------------------------------------------------- escape
# A lone Esc byte may be the start of an escape sequence, so the parser holds it for
# ``ESCDELAY`` milliseconds. Textual's input thread (8.2.8) checks that timer only when
# ``select()`` returns, which with no input is every 100 ms, so Esc, the key that closes every
# dialog, took 100 to 200 ms whatever ``ESCDELAY`` said. This thread waits only until the
# parser's private deadline; the loop otherwise does what Textual's does.

IDLE_WAIT = 0.1  # seconds between checks of the exit flag when nothing is pending


def input_wait(deadline: float | None, now: float) -> float:
    """How long ``select()`` may wait: until the parser's deadline, if it has one."""
    if deadline is None:
        return IDLE_WAIT
    return min(IDLE_WAIT, max(0.0, deadline - now))


class PromptEscapeDriver(LinuxDriver):
    def run_input_thread(self) -> None:
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode

        def pump(ready: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> None:
            for number, (_key, mask) in enumerate(ready, 1):
                if mask & selectors.EVENT_READ:
                    text = decode(os.read(self.fileno, 4096), final=final and number == len(ready))
                    if not text:
                        break  # standard input is a pipe that closed
                    for event in parser.feed(text):
                        self.process_message(event)
            for event in parser.tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                pump(selector.select(input_wait(parser._timeout_time, get_time())))
            selector.unregister(self.fileno)
            pump(selector.select(IDLE_WAIT), final=True)
        finally:
            selector.close()
            try:
                for _event in parser.feed(""):
                    pass
            except (EOFError, ParseError):
                pass


# ----------------------------------------------------------------------- relayout


class NoSecondLayout(_Widget):
    """Mix into a widget whose virtual size may change in a layout that has already placed
    everything around it (a container of fixed size, a widget drawn line by line). Setting
    ``virtual_size`` would start a second layout pass, and a frame of its own, for nothing;
    a new size still repaints it."""

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        return super()._size_updated(
            size, virtual_size, container_size, layout=layout and not hook_on("relayout")
        )


# ------------------------------------------------------------------- grid-renders


class KeptTableRenders(_DataTable):
    """Mix into a DataTable. DataTable drops every rendered cell when it is restyled, and it
    is restyled each time it gains or loses focus, so showing the grid rendered every cell
    again (18 ms). The rendered cells of the last few style states are kept and brought back
    when the table returns to one; ``forget_renders`` (a change of the data) drops them all.
    DataTable also counts resizes into the key of every rendered cell, so a table shown again
    at the size it had would render every cell afresh: only a new size does that here."""

    STYLE_STATES_KEPT = 4  # focused and not, in a theme or two

    _style_signature: tuple[object, ...] | None = None
    _kept_renders: dict[tuple[object, ...], tuple[LRUCache[Any, Any], ...]] | None = None
    _last_size: Size | None = None

    def style_signature(self) -> tuple[object, ...]:
        """Everything the rendered cells depend on besides the data."""
        raise NotImplementedError

    def forget_renders(self) -> None:
        if self._kept_renders is not None:
            self._kept_renders.clear()

    def notify_style_update(self) -> None:
        if not hook_on("grid-renders"):
            super().notify_style_update()
            return
        kept_renders = self._kept_renders
        if kept_renders is None:
            kept_renders = self._kept_renders = {}
        old = (self._cell_render_cache, self._row_render_cache, self._line_cache)
        if self._style_signature is not None:
            kept_renders[self._style_signature] = old
            while len(kept_renders) > self.STYLE_STATES_KEPT:
                del kept_renders[next(iter(kept_renders))]
        self._cell_render_cache = LRUCache(old[0].maxsize)
        self._row_render_cache = LRUCache(old[1].maxsize)
        self._line_cache = LRUCache(old[2].maxsize)
        super().notify_style_update()
        self._style_signature = signature = self.style_signature()
        kept = kept_renders.pop(signature, None)
        if kept is not None:
            self._cell_render_cache, self._row_render_cache, self._line_cache = kept

    def _on_resize(self, event: events.Resize) -> None:
        if event.size == self._last_size and hook_on("grid-renders"):
            event.prevent_default()
        self._last_size = event.size


# ------------------------------------------------------------------ focus-restyle


class RepaintOnFocus(_Widget):
    """Mix into a widget that the stylesheet styles the same with or without focus, and that
    shows focus in code. Textual restyles a widget whenever it gains or loses focus; a
    repaint, from the widget's own focus handlers, is enough."""

    def watch_has_focus(self, has_focus: bool) -> None:
        if not hook_on("focus-restyle"):
            super().watch_has_focus(has_focus)


# ------------------------------------------------------------------ focus-repaint


class QuietFocus(_Screen):
    """Mix into a Screen. Textual repaints the whole screen when focus moves; the focus
    styles already restyle and refresh the widgets that change, and a full repaint doubled
    the cost of moving between columns. (The switch is read once, when this is imported.)"""

    focused: Reactive[Widget | None] = Reactive(None, repaint=not hook_on("focus-repaint"))


# ------------------------------------------------------------------------ footer


def footer_ready(footer: Footer) -> bool:
    """Whether the Footer has composed its keys for a screen's bindings yet."""
    return footer._bindings_ready


# ------------------------------------------------------------------------ guards
# Not for speed: each guards against a fault of Textual 8.2.8 that crashed the app (issue 15),
# and each catches only that fault, in the private method where it is raised.

# Page Up or Page Down in a list that has not been laid out (its screen shrunk to a few rows,
# or a key arriving just as it appears) reads ``OptionList._index_to_line`` before it is built
# and raises KeyError (Page Up in a palette shrunk to 20x3). There is no page to move by then,
# so the key does nothing.


class GuardedOptionList(OptionList):
    def _move_page(self, direction: Literal[-1, 1]) -> None:
        try:
            super()._move_page(direction)
        except KeyError:
            pass


class GuardedSelectionList(SelectionList[str]):
    def _move_page(self, direction: Literal[-1, 1]) -> None:
        try:
            super()._move_page(direction)
        except KeyError:
            pass


class GuardedCommandPalette(CommandPalette):
    """Textual's palette, guarded against two faults of Textual 8.2.8 (issue 15):

    - Page Up/Down in a palette too small to lay its list out (20x3) read OptionList's line
      map before it was built: KeyError in ``OptionList._move_page``.
    - A key, a resize or a timer arriving as the palette closes reached for a CommandList
      already removed: ``NoMatches: 'CommandList'``.

    - A command chosen as the palette was closing (Enter, then Esc or a second Enter
      within milliseconds) dismissed it again once it had gone, and ``Screen.dismiss`` pops
      whatever screen is on top: the main one.

    Either way there is nothing to act on, so the key, update or second close does nothing.
    """

    def dismiss(self, result: None = None) -> AwaitComplete:
        if self is not self.app.screen:  # closed already
            return AwaitComplete(asyncio.sleep(0))
        return super().dismiss(result)

    def _action_command_list(self, action: str) -> None:
        try:
            super()._action_command_list(action)
        except (KeyError, NoMatches):
            pass

    def _action_cursor_down(self) -> None:
        with suppress(KeyError, NoMatches):
            super()._action_cursor_down()

    def _watch__list_visible(self) -> None:
        with suppress(NoMatches):
            super()._watch__list_visible()

    async def _watch__show_busy(self) -> None:
        with suppress(NoMatches):
            await super()._watch__show_busy()
