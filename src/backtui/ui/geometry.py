"""Character-cell geometry for the evidence plots: pure Python, no Textual.

Everything here turns numbers into strings of single-cell glyphs, so it can be unit-tested
exactly and read without colour: the *glyphs* carry the meaning (a point, a whisker, a band,
an arrow, a filled or an empty icon) and colour is only ever added on top by the widgets.

The axis
    ``Axis(low, high, width)`` maps a value to one of ``width`` cells. Cell centres sit at
    integer positions: ``low`` is the centre of cell 0 and ``high`` the centre of the last cell,
    so the ends of the axis and its ticks line up with whole cells. Each cell is further split
    into eighths (``Axis.eighths``); the forest plot uses them to end a whisker with a half
    line (``╶`` / ``╴``) when the interval ends in the far half of a cell, and ``Axis.bar``
    draws a bar with ``▏▎▍▌▋▊▉`` to 1/8 of a cell. The mapping is monotonic (never
    decreasing) and clamps values off the axis to its first or last cell.

The forest plot
    A plot line is ``width`` cells: one gutter cell on each side of the axis, then
    ``width - 2`` axis cells. An interval that runs off the axis is clipped at the axis edge
    and an arrow (``◀`` / ``▶``) is drawn in the gutter on that side, so an arrow never hides
    a point or a whisker. In each row, from bottom to top of the drawing order:

    * ``░`` the band of the minimal important difference (MID). By default (``band="both"``)
      it runs from ``null - mid`` to ``null + mid``: the zone of effects too small for
      patients to notice, in either direction. An interval wholly outside the band on the
      favourable side is an important effect, one wholly inside it is a trivial one, and one
      crossing a band edge leaves it uncertain. ``band="favourable"`` draws only the half on
      the side that ``better`` favours (``null - mid`` to ``null`` when lower is better).
    * ``│`` the line of no effect at ``null``.
    * ``─`` the whisker (the 95% CI), ``┼``/``├``/``┤`` where it meets the no-effect line.
    * ``●`` the point estimate (``◆`` for a pooled estimate).

    On a log axis (for ratios) the band runs from ``null / mid`` to ``null * mid``, so there
    ``mid`` is a ratio greater than 1.

Icon arrays and frequencies
    ``icon_array`` draws ``total`` icons with the affected ones (``●``) first, in reading
    order, then the others (``○``). The number of filled icons is the value rounded half up
    (0.5 → 1, 48.5 → 49), so 0.4 in 100 draws no filled icon and 99.6 in 100 draws 100; the
    text from ``frequency`` then says "fewer than 1 in 100" or "more than 99 in 100", so the
    picture and the words never contradict each other. Rare events are not drawn as arrays:
    ``rare_frequency`` words them on one per-10,000 scale ("about 1 in 10,000 patients").
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from backtui.kb.schema import Better

MINUS = "\u2212"

BandSide = Literal["both", "favourable"]
Kind = Literal["blank", "band", "null", "whisker", "point", "arrow", "axis"]
CellWidth = Callable[[str], int]

# Glyphs. Each is one terminal cell wide.
WHISKER = "─"
WHISKER_FROM_MIDDLE = "╶"  # an interval that starts in the right half of its cell
WHISKER_TO_MIDDLE = "╴"  # an interval that ends in the left half of its cell
NULL_LINE = "│"
NULL_CROSSED = "┼"  # the whisker crosses the no-effect line
NULL_START = "├"  # the whisker starts on the no-effect line
NULL_END = "┤"  # the whisker ends on the no-effect line
POINT = "●"
POOLED_POINT = "◆"
BAND = "░"
ARROW_LOW = "◀"
ARROW_HIGH = "▶"
AXIS_LINE = "─"
AXIS_TICK = "┬"
AXIS_NULL = "┴"  # the no-effect line meets the axis
AXIS_NULL_TICK = "┼"
FULL_BLOCK = "█"
PARTIAL_BLOCKS = ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")  # 0/8 .. 7/8 of a cell
ICON_FILLED = "●"
ICON_EMPTY = "○"
ELLIPSIS = "…"

_NICE_MANTISSAS = (1.0, 2.0, 5.0)


# --------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------


def format_number(value: float, decimals: int | None = None) -> str:
    """A number as a label: typographic minus, thousands separators, no "−0".

    With ``decimals`` None the shortest exact form up to 6 decimals is used
    (``2.5`` → ``"2.5"``, ``-10.0`` → ``"−10"``, ``12000`` → ``"12,000"``).
    """
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    if decimals is None:
        text = f"{value:,.6f}".rstrip("0").rstrip(".")
    else:
        text = f"{value:,.{max(0, decimals)}f}"
    if text.lstrip("-").strip("0.,") == "":
        return text.lstrip("-")
    return text.replace("-", MINUS)


def nice_step(raw: float) -> float:
    """The smallest step of the form 1, 2 or 5 × 10^k that is at least ``raw`` (> 0)."""
    if not (raw > 0 and math.isfinite(raw)):
        raise ValueError(f"a step must be a positive finite number, not {raw!r}")
    exponent = math.floor(math.log10(raw))
    for power in (exponent, exponent + 1):
        for mantissa in _NICE_MANTISSAS:
            step = mantissa * 10.0**power
            if step >= raw * (1 - 1e-12):
                return _tidy(step)
    return _tidy(10.0 ** (exponent + 1))  # pragma: no cover - the loop always returns


def _tidy(value: float) -> float:
    """Remove binary noise (0.30000000000000004 → 0.3) and negative zero."""
    if value == 0:
        return 0.0
    digits = 12 - math.floor(math.log10(abs(value)))
    return round(value, max(0, digits)) + 0.0


def _decimals_for(step: float) -> int:
    """How many decimals labels at multiples of ``step`` need."""
    for decimals in range(0, 10):
        if abs(round(step, decimals) - step) <= abs(step) * 1e-9:
            return decimals
    return 10


def _nice_values_log(low: float, high: float, mantissas: Sequence[float]) -> list[float]:
    """Values m × 10^k (m in ``mantissas``) within [low, high]."""
    values: list[float] = []
    for power in range(math.floor(math.log10(low)) - 1, math.ceil(math.log10(high)) + 1):
        for mantissa in mantissas:
            value = _tidy(mantissa * 10.0**power)
            if low * (1 - 1e-9) <= value <= high * (1 + 1e-9):
                values.append(value)
    return sorted(set(values))


def nice_range(values: Iterable[float], *, log: bool = False) -> tuple[float, float]:
    """An axis range that holds every finite value, with ends at nice round numbers.

    Linear: the ends are multiples of a 1-2-5 step about an eighth of the data's span.
    Log: the ends are 1-2-5 values (…, 0.5, 1, 2, 5, 10, …); non-positive values are ignored.
    """
    finite = [v for v in values if math.isfinite(v) and (v > 0 or not log)]
    if not finite:
        return (0.5, 2.0) if log else (-1.0, 1.0)
    lo, hi = min(finite), max(finite)
    if log:
        ladder = _nice_values_log(lo / 10, hi * 10, _NICE_MANTISSAS)
        low = max(v for v in ladder if v <= lo * (1 + 1e-9))
        high = min(v for v in ladder if v >= hi * (1 - 1e-9))
        if low == high:
            index = ladder.index(low)
            low, high = ladder[index - 1], ladder[index + 1]
        return low, high
    if lo == hi:
        spread = abs(lo) * 0.1 or 1.0
        lo, hi = lo - spread, hi + spread
    step = nice_step((hi - lo) / 8)
    low = _tidy(math.floor(lo / step + 1e-9) * step)
    high = _tidy(math.ceil(hi / step - 1e-9) * step)
    return low, high


# --------------------------------------------------------------------------------------
# Text placement (measured in terminal cells by a caller-supplied function)
# --------------------------------------------------------------------------------------


def fit(text: str, width: int, cell_width: CellWidth = len) -> str:
    """``text`` cut to at most ``width`` cells, ending in "…" when cut (not padded)."""
    if width <= 0:
        return ""
    if cell_width(text) <= width:
        return text
    out = ""
    for char in text:
        if cell_width(out + char) > width - 1:
            break
        out += char
    return out + ELLIPSIS


def fit_keeping(head: str, tail: str, width: int, cell_width: CellWidth = len) -> str:
    """``head + tail`` in at most ``width`` cells, cutting ``head`` first so that ``tail``
    (a plot row's comparator) stays whole while it fits at all."""
    if cell_width(head + tail) <= width:
        return head + tail
    room = width - cell_width(tail)
    if room < 2:  # not even "X…" before the tail: cut the whole
        return fit(head + tail, width, cell_width)
    return fit(head, room, cell_width) + tail


def pad_to(text: str, width: int, cell_width: CellWidth = len) -> str:
    """``text`` cut or padded with spaces to exactly ``width`` cells."""
    text = fit(text, width, cell_width)
    return text + " " * max(0, width - cell_width(text))


def centred(text: str, width: int, cell_width: CellWidth = len) -> str:
    """``text`` centred in exactly ``width`` cells (cut with "…" if it does not fit)."""
    text = fit(text, width, cell_width)
    spare = max(0, width - cell_width(text))
    return " " * (spare // 2) + text + " " * (spare - spare // 2)


# --------------------------------------------------------------------------------------
# The axis
# --------------------------------------------------------------------------------------


class Axis:
    """A numeric axis of ``width`` character cells from ``low`` to ``high``.

    ``low`` maps to the centre of cell 0 and ``high`` to the centre of cell ``width - 1``.
    With ``log=True`` the mapping is logarithmic (for ratios; ``low`` must be > 0).
    """

    __slots__ = ("high", "log", "low", "width")

    def __init__(self, low: float, high: float, width: int, *, log: bool = False) -> None:
        if not (math.isfinite(low) and math.isfinite(high)):
            raise ValueError("the axis ends must be finite numbers")
        if not low < high:
            raise ValueError(f"the axis needs low < high, not {low!r} .. {high!r}")
        if width < 2:
            raise ValueError(f"the axis needs at least 2 cells, not {width}")
        if log and low <= 0:
            raise ValueError("a log axis needs low > 0")
        self.low = float(low)
        self.high = float(high)
        self.width = int(width)
        self.log = log

    def __repr__(self) -> str:
        log = ", log=True" if self.log else ""
        return f"Axis({self.low!r}, {self.high!r}, {self.width!r}{log})"

    # -- mapping -------------------------------------------------------------------------

    def fraction(self, value: float) -> float:
        """Where ``value`` lies: 0.0 at ``low``, 1.0 at ``high`` (not clamped)."""
        if self.log:
            if value <= 0:
                return -math.inf
            return math.log(value / self.low) / math.log(self.high / self.low)
        return (value - self.low) / (self.high - self.low)

    def position(self, value: float) -> float:
        """The value's position in cells, clamped to the axis: cell centres are integers."""
        position = self.fraction(value) * (self.width - 1)
        if math.isnan(position):
            raise ValueError(f"cannot place {value!r} on the axis")
        return min(max(position, -0.5), self.width - 0.5)

    def eighths(self, value: float) -> int:
        """Eighths of a cell from the left edge of cell 0 to ``value`` (clamped to the axis).

        ``eighths(v) // 8`` is the cell and ``eighths(v) % 8`` the eighth within it (4 is the
        centre), so this is the finest unit the plot draws with.
        """
        count = math.floor(round((self.position(value) + 0.5) * 8, 6))
        return min(max(count, 0), self.width * 8 - 1)

    def cell(self, value: float) -> int:
        """The cell that holds ``value``: nearest cell centre, halves rounding up."""
        return self.eighths(value) // 8

    def sub_cell(self, value: float) -> int:
        """The eighth of its cell that holds ``value``: 0 (left edge) .. 7, 4 at the centre."""
        return self.eighths(value) % 8

    def _tolerance(self, value: float) -> float:
        return 1e-9 * (abs(value) + (self.high - self.low))

    def below(self, value: float) -> bool:
        """True if ``value`` lies off the low end of the axis."""
        return value < self.low - self._tolerance(self.low)

    def above(self, value: float) -> bool:
        """True if ``value`` lies off the high end of the axis."""
        return value > self.high + self._tolerance(self.high)

    def contains(self, value: float) -> bool:
        return not (self.below(value) or self.above(value))

    def bar(self, value: float) -> str:
        """A bar from ``low`` to ``value`` drawn to 1/8 of a cell with █ and ▏▎▍▌▋▊▉.

        ``bar(low)`` is empty and ``bar(high)`` is ``width - 1`` full cells.
        """
        count = self.eighths(value) - 4
        if count <= 0:
            return ""
        return FULL_BLOCK * (count // 8) + PARTIAL_BLOCKS[count % 8]

    # -- ticks ---------------------------------------------------------------------------

    def tick_label(self, value: float, step: float | None = None) -> str:
        """The label of a tick at ``value`` (``step``: the tick spacing, linear axes)."""
        if self.log or step is None:
            return format_number(value)
        return format_number(value, _decimals_for(step))

    def _candidate_ticks(self, gap: int) -> Iterable[tuple[list[float], float | None]]:
        if self.log:
            for mantissas in ((1.0, 2.0, 5.0), (1.0, 5.0), (1.0,)):
                yield _nice_values_log(self.low, self.high, mantissas), None
            return
        # A label is at least one cell and labels are ``gap`` apart: no finer step can fit.
        step = nice_step((self.high - self.low) * (1 + gap) / max(1, self.width - 1))
        while True:
            first = math.ceil(self.low / step - 1e-9)
            last = math.floor(self.high / step + 1e-9)
            yield [_tidy(k * step) for k in range(first, last + 1)], step
            if last - first < 1:
                return
            step = nice_step(step * 1.0000001)

    def ticks(self, *, gap: int = 2, cell_width: CellWidth = len) -> list[float]:
        """Nice tick values whose labels fit under the axis without touching.

        The finest 1-2-5 spacing (linear) or 1-2-5 / 1-5 / 1 ladder (log) is chosen whose
        labels, each centred on its tick's cell, are at least ``gap`` cells apart and lie within
        the axis plus one gutter cell each side. Returns an empty list if not even one fits.
        """
        fallback: list[float] = []
        for values, step in self._candidate_ticks(gap):
            if len(values) > (self.width + 2 + gap) // (1 + gap):
                continue  # more labels than could fit even at one cell each
            decimals = None if step is None else _decimals_for(step)
            labels = [format_number(v, decimals) for v in values]
            if not values or self._labels_fit(values, labels, gap, cell_width) is None:
                continue
            if len(values) >= 2:
                return values
            fallback = fallback or values
        return fallback

    def tick_labels(
        self, ticks: Sequence[float], *, cell_width: CellWidth = len
    ) -> list[tuple[int, str]]:
        """(offset, label) for each tick, in plot-line columns (0 is the left gutter)."""
        step = _spacing(ticks) if not self.log else None
        labels = [self.tick_label(v, step) for v in ticks]
        placed = self._labels_fit(ticks, labels, 0, cell_width)
        return placed if placed is not None else []

    def _labels_fit(
        self, values: Sequence[float], labels: Sequence[str], gap: int, cell_width: CellWidth
    ) -> list[tuple[int, str]] | None:
        """Label offsets in plot-line columns, or None if they overlap or run off the line."""
        line_width = self.width + 2
        placed: list[tuple[int, str]] = []
        end = -gap  # first free column after the previous label
        for value, label in zip(values, labels, strict=True):
            size = cell_width(label)
            start = 1 + self.cell(value) - (size - 1) // 2
            start = min(max(start, 0), line_width - size)
            if start < 0 or start < end + gap:
                return None
            placed.append((start, label))
            end = start + size
        return placed


def _spacing(ticks: Sequence[float]) -> float | None:
    if len(ticks) < 2:
        return None
    return _tidy(ticks[1] - ticks[0])


# --------------------------------------------------------------------------------------
# The forest plot
# --------------------------------------------------------------------------------------


class Interval(NamedTuple):
    """One row's numbers. Missing or non-finite numbers are simply not drawn."""

    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    pooled: bool = False
    mid: float | None = None  # the row's own important difference, where its review set one


class PlotRow(NamedTuple):
    """One plot line: its glyphs (one per cell) and what each cell shows."""

    text: str
    kinds: tuple[Kind, ...]

    def runs(self) -> list[tuple[Kind, str]]:
        """Consecutive cells of the same kind, for styling."""
        runs: list[tuple[Kind, str]] = []
        for char, kind in zip(self.text, self.kinds, strict=True):
            if runs and runs[-1][0] == kind:
                runs[-1] = (kind, runs[-1][1] + char)
            else:
                runs.append((kind, char))
        return runs


@dataclass(frozen=True)
class ForestLayout:
    """Everything the forest plot draws, as strings of exactly ``width`` cells."""

    axis: Axis
    width: int
    null: float
    band: tuple[float, float] | None
    ticks: tuple[float, ...]
    rows: tuple[PlotRow, ...]
    axis_row: PlotRow
    tick_row: str

    @property
    def clipped(self) -> bool:
        """True if any row runs off the axis (and so shows an arrow)."""
        return any("arrow" in row.kinds for row in self.rows)

    @property
    def pooled(self) -> bool:
        """True if any row shows a pooled estimate (◆)."""
        return any(POOLED_POINT in row.text for row in self.rows)

    @property
    def null_column(self) -> int | None:
        """The plot-line column of the no-effect line, or None if it is off the axis."""
        if not self.axis.contains(self.null):
            return None
        return 1 + self.axis.cell(self.null)


def _finite(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return float(value)


def band_range(
    null: float, mid: float | None, better: Better, side: BandSide, *, log: bool = False
) -> tuple[float, float] | None:
    """The values the MID band covers (see the module docstring), or None without a MID."""
    if mid is None:
        return None
    if not (math.isfinite(mid) and mid > 0) or (log and mid <= 1):
        raise ValueError(f"the MID must be a positive number (a ratio > 1 on a log axis): {mid}")
    low, high = (null / mid, null * mid) if log else (null - mid, null + mid)
    if side == "favourable":
        return (low, null) if better == "lower" else (null, high)
    return low, high


def plot_row(
    axis: Axis,
    interval: Interval,
    *,
    null: float | None = 0.0,
    band: tuple[float, float] | None = None,
) -> PlotRow:
    """One forest-plot line of ``axis.width + 2`` cells (a gutter each side)."""
    width = axis.width + 2
    cells = [" "] * width
    kinds: list[Kind] = ["blank"] * width

    def put(column: int, glyph: str, kind: Kind) -> None:
        cells[column] = glyph
        kinds[column] = kind

    if band is not None and not (axis.above(band[0]) or axis.below(band[1])):
        for cell in range(axis.cell(band[0]), axis.cell(band[1]) + 1):
            put(1 + cell, BAND, "band")

    null_cell: int | None = None
    if null is not None and axis.contains(null):
        null_cell = axis.cell(null)
        put(1 + null_cell, NULL_LINE, "null")

    estimate = _finite(interval.estimate)
    ci_low, ci_high = _finite(interval.ci_low), _finite(interval.ci_high)
    if ci_low is not None and ci_high is not None:
        ci_low, ci_high = min(ci_low, ci_high), max(ci_low, ci_high)
        if axis.above(ci_low):
            put(width - 1, ARROW_HIGH, "arrow")
        elif axis.below(ci_high):
            put(0, ARROW_LOW, "arrow")
        else:
            clipped_low, clipped_high = axis.below(ci_low), axis.above(ci_high)
            first = 0 if clipped_low else axis.cell(ci_low)
            last = axis.width - 1 if clipped_high else axis.cell(ci_high)
            # Half-cell precision at the ends: does the line start / stop at the cell centre?
            from_middle = not clipped_low and axis.sub_cell(ci_low) >= 4
            to_middle = not clipped_high and axis.sub_cell(ci_high) <= 4
            for cell in range(first, last + 1):
                starts = cell == first and from_middle
                ends = cell == last and to_middle
                if cell == null_cell:
                    glyph = NULL_START if starts and not ends else NULL_CROSSED
                    glyph = NULL_END if ends and not starts else glyph
                elif starts and not ends:
                    glyph = WHISKER_FROM_MIDDLE
                elif ends and not starts:
                    glyph = WHISKER_TO_MIDDLE
                else:
                    glyph = WHISKER
                put(1 + cell, glyph, "whisker")
            if clipped_low:
                put(0, ARROW_LOW, "arrow")
            if clipped_high:
                put(width - 1, ARROW_HIGH, "arrow")

    if estimate is not None:
        if axis.below(estimate):
            put(0, ARROW_LOW, "arrow")
        elif axis.above(estimate):
            put(width - 1, ARROW_HIGH, "arrow")
        else:
            put(1 + axis.cell(estimate), POOLED_POINT if interval.pooled else POINT, "point")

    return PlotRow("".join(cells), tuple(kinds))


def axis_row(axis: Axis, ticks: Sequence[float], null: float | None = 0.0) -> PlotRow:
    """The axis line: ``─`` with ``┬`` at ticks and ``┴`` (``┼`` on a tick) at no effect."""
    cells = [" "] + [AXIS_LINE] * axis.width + [" "]
    axis_kind: Kind = "axis"
    kinds: list[Kind] = ["blank", *([axis_kind] * axis.width), "blank"]
    tick_cells = {axis.cell(t) for t in ticks if axis.contains(t)}
    for cell in tick_cells:
        cells[1 + cell] = AXIS_TICK
    if null is not None and axis.contains(null):
        cell = axis.cell(null)
        cells[1 + cell] = AXIS_NULL_TICK if cell in tick_cells else AXIS_NULL
        kinds[1 + cell] = "null"
    return PlotRow("".join(cells), tuple(kinds))


def tick_row(axis: Axis, ticks: Sequence[float], *, cell_width: CellWidth = len) -> str:
    """The tick labels, each centred under its tick, as exactly ``axis.width + 2`` cells."""
    line = ""
    for offset, label in axis.tick_labels(ticks, cell_width=cell_width):
        line += " " * (offset - cell_width(line)) + label
    return line + " " * (axis.width + 2 - cell_width(line))


def forest_layout(
    rows: Sequence[Interval | tuple[float | None, float | None, float | None]],
    width: int,
    *,
    mid: float | None = None,
    null: float = 0.0,
    better: Better = "lower",
    band: BandSide = "both",
    low: float | None = None,
    high: float | None = None,
    log: bool = False,
    cell_width: CellWidth = len,
) -> ForestLayout:
    """Lay out a forest plot of one measure in lines of ``width`` cells.

    The axis runs from ``low`` to ``high``; either left as None is chosen to hold every
    estimate and interval, the no-effect line and the whole MID band, at a round number.
    An interval running past a given end is clipped there with an arrow.
    """
    if width < 5:
        raise ValueError(f"a forest plot needs at least 5 cells, not {width}")
    if better not in ("lower", "higher"):
        raise ValueError(f"better must be 'lower' or 'higher', not {better!r}")
    intervals = [Interval(*row) for row in rows]
    band_values = band_range(null, mid, better, band, log=log)
    # Each row's band is its own threshold where its review set one, else the plot's.
    row_bands = [
        band_values if item.mid is None else band_range(null, item.mid, better, band, log=log)
        for item in intervals
    ]
    if low is None or high is None:
        values: list[float] = [null]
        for item in intervals:
            values += [v for v in (item.estimate, item.ci_low, item.ci_high) if v is not None]
        for row_band in {band_values, *row_bands}:
            if row_band is not None:
                values += list(row_band)
        values += _both_sides(values, null, log)
        auto_low, auto_high = nice_range(values, log=log)
        # With one end given, the other is automatic; past the given end, keep the span.
        if low is None and high is None:
            low, high = auto_low, auto_high
        elif low is None:
            assert high is not None
            low = auto_low if auto_low < high else _shift(high, auto_low, auto_high, -1, log)
        elif high is None:
            high = auto_high if auto_high > low else _shift(low, auto_low, auto_high, 1, log)
    axis = Axis(low, high, width - 2, log=log)
    ticks = tuple(axis.ticks(cell_width=cell_width))
    return ForestLayout(
        axis=axis,
        width=width,
        null=null,
        band=band_values,
        ticks=ticks,
        rows=tuple(
            plot_row(axis, item, null=null, band=row_band)
            for item, row_band in zip(intervals, row_bands, strict=True)
        ),
        axis_row=axis_row(axis, ticks, null),
        tick_row=tick_row(axis, ticks, cell_width=cell_width),
    )


def _both_sides(values: list[float], null: float, log: bool) -> list[float]:
    """Where no effect would sit at (or next to) one end of the axis, a value an eighth of
    the data's reach past it, so the axis shows both sides of no effect and neither
    direction label is left without room."""
    finite = [v for v in values if math.isfinite(v) and (v > 0 or not log)]
    if log:
        spread = [math.log(v / null) for v in finite]
    else:
        spread = [v - null for v in finite]
    below = -min(spread, default=0.0)
    above = max(spread, default=0.0)
    least = max(below, above) / 8
    if not least:
        return []
    extra = []
    if below < least:
        extra.append(null * math.exp(-least) if log else null - least)
    if above < least:
        extra.append(null * math.exp(least) if log else null + least)
    return extra


def _shift(value: float, low: float, high: float, sign: int, log: bool) -> float:
    """``value`` moved by the span of (low, high): a ratio on a log axis."""
    return value * (high / low) ** sign if log else value + sign * (high - low)


def legend_items(
    *,
    mid: float | None = None,
    band: BandSide = "both",
    log: bool = False,
    pooled: bool = False,
    clipped: bool = False,
    own_mid: bool = False,
) -> list[str]:
    """What each glyph means, one short item each: only the glyphs the plot shows.
    ``own_mid``: some rows are drawn against their review's own threshold (marked †)."""
    items = [f"{POINT} estimate", f"{WHISKER} 95% CI", f"{NULL_LINE} no effect"]
    if pooled:
        items.insert(1, f"{POOLED_POINT} pooled estimate")
    if mid is not None:
        size = f"×{format_number(mid)}" if log else format_number(mid)
        own = "; † its review's own MID" if own_mid else ""
        if band == "both":
            items.append(f"{BAND} smaller than patients notice (MID {size} either way{own})")
        else:
            items.append(f"{BAND} benefit smaller than patients notice (MID {size}{own})")
    if clipped:
        items.append(f"{ARROW_LOW}{ARROW_HIGH} runs off the axis")
    return items


def wrap_items(
    items: Sequence[str], width: int, *, sep: str = "   ", cell_width: CellWidth = len
) -> list[str]:
    """Items joined by ``sep`` into lines of at most ``width`` cells, never split mid-item
    (an item wider than a line is cut with "…")."""
    lines: list[str] = []
    for item in items:
        item = fit(item, width, cell_width)
        if lines and cell_width(lines[-1] + sep + item) <= width:
            lines[-1] += sep + item
        else:
            lines.append(item)
    return lines


def favours(better: Better, treatment: str, comparator: str) -> tuple[str, str]:
    """(left, right) words: lower values favour the treatment when lower is better."""
    return (treatment, comparator) if better == "lower" else (comparator, treatment)


def direction_text(
    width: int,
    null_column: int | None,
    *,
    better: Better,
    treatment: str = "treatment",
    comparator: str = "comparator",
    cell_width: CellWidth = len,
) -> str:
    """The direction line, "← favours X │ favours Y →", in exactly ``width`` cells.

    When the line of no effect is at ``null_column`` and both halves fit either side of it,
    the separator ``│`` sits right under that line. Otherwise the text is centred with a
    ``|`` separator, then shortened to "← X | Y →", then cut with "…".
    """
    left_word, right_word = favours(better, treatment, comparator)
    left, right = f"← favours {left_word}", f"favours {right_word} →"
    if null_column is not None:
        start = null_column - 1 - cell_width(left)
        end = null_column + 2 + cell_width(right)
        if start >= 0 and end <= width:
            return pad_to(" " * start + left + " " + NULL_LINE + " " + right, width, cell_width)
    short = f"← {left_word} | {right_word} →"
    for text in (f"{left} | {right}", short):
        if cell_width(text) <= width:
            return centred(text, width, cell_width)
    return pad_to(short, width, cell_width)


# --------------------------------------------------------------------------------------
# Icon arrays and natural frequencies
# --------------------------------------------------------------------------------------


def _check_rate(value: float, per: float) -> None:
    if not (math.isfinite(per) and per > 0):
        raise ValueError(f"the denominator must be a positive number, not {per!r}")
    if not (math.isfinite(value) and 0 <= value <= per):
        raise ValueError(f"{value!r} is not a count between 0 and {per!r}")


def round_half_up(value: float) -> int:
    """Round to a whole number with halves going up (Python's ``round`` goes to even)."""
    return math.floor(value + 0.5)


def icon_count(affected: float, total: int = 100) -> int:
    """How many of ``total`` icons are filled for ``affected`` in ``total``: rounded half up."""
    _check_rate(affected, total)
    return min(total, round_half_up(affected))


def icon_array(
    affected: float,
    total: int = 100,
    columns: int = 10,
    groups_of: int | None = 5,
    *,
    gap: int = 0,
    filled: str = ICON_FILLED,
    empty: str = ICON_EMPTY,
) -> list[str]:
    """Rows of icons, the affected ones filled and first (reading order), the rest empty.

    Icons are ``gap`` spaces apart; every ``groups_of`` columns one more space separates the
    groups, so 10 columns in groups of 5 read "●●●●● ○○○○○" (gap 0) or "● ● ● ● ●  ○ ○ ○ ○ ○".
    """
    if total < 1 or columns < 1:
        raise ValueError("an icon array needs at least one icon and one column")
    count = icon_count(affected, total)
    icons = [filled] * count + [empty] * (total - count)
    lines: list[str] = []
    for start in range(0, total, columns):
        line = ""
        for column, icon in enumerate(icons[start : start + columns]):
            if column:
                grouped = groups_of and column % groups_of == 0
                line += " " * (gap + (1 if grouped else 0))
            line += icon
        lines.append(line)
    return lines


def per_10000(value: float, per: float) -> float:
    """``value`` events per ``per`` people as events per 10,000 (e.g. 1 per 10⁶ → 0.01)."""
    _check_rate(value, per)
    return value * 10_000 / per


def one_in(value: float, per: float) -> int:
    """N in "1 in N" for ``value`` per ``per``, to 2 significant figures (3 per 10⁵ → 33,000)."""
    _check_rate(value, per)
    if value == 0:
        raise ValueError("no events: there is no '1 in N'")
    ratio = per / value
    digits = max(0, math.floor(math.log10(ratio)) - 1)
    return int(round_half_up(ratio / 10**digits) * 10**digits)


def frequency(value: float, per: int = 100) -> str:
    """A natural frequency: "about 19 in 100", "fewer than 1 in 100", "more than 99 in 100".

    The count is rounded half up, as the icons are; exactly 0 or ``per`` read "0 in 100",
    "100 in 100" without "about".
    """
    _check_rate(value, per)
    count = min(per, round_half_up(value))
    denominator = f"{per:,}"
    if value == 0 or value == per:
        return f"{format_number(value, 0)} in {denominator}"
    if count == 0:
        return f"fewer than 1 in {denominator}"
    if count == per:
        return f"more than {per - 1:,} in {denominator}"
    return f"about {count:,} in {denominator}"


def comparison(
    value: float, other: float, *, per: int = 100, noun: str = "people", outcome: str = "improved"
) -> str:
    """Two natural frequencies: "about 48 in 100 people improved, compared with 27 in 100"."""
    first = frequency(value, per)
    second = frequency(other, per).removeprefix("about ")
    return f"{first} {noun} {outcome}, compared with {second}"


def frequency_sentence(value: float, per: int, unit: str, event: str, period: str = "") -> str:
    """The text beside an icon array, from the caller's parts.

    ``unit`` says whether the denominator is patients or treatments and ``period`` over what
    time: (19, 100, "treatments", "caused a mild side effect such as bruising") →
    "about 19 in 100 treatments caused a mild side effect such as bruising".
    """
    return " ".join(part for part in (frequency(value, per), unit, event, period) if part)


def rare_frequency(value: float, per: float, unit: str = "patients") -> str:
    """A rare event on the shared per-10,000 scale: "about 1 in 10,000 patients".

    Under 0.5 per 10,000 the words say so and give the "1 in N" too:
    1 per 1,000,000 → "fewer than 1 in 10,000 patients (about 1 in 1,000,000)".
    """
    rate = per_10000(value, per)
    text = f"{frequency(rate, 10_000)} {unit}".rstrip()
    if 0 < rate < 0.5 and math.isfinite(per / value):  # 1e-320 per 100: no "1 in N" to give
        text += f" (about 1 in {one_in(value, per):,})"
    return text


# ----------------------------------------------------------------- the forest plot's data


class ForestRow(NamedTuple):
    """One row of the plot. A plain 5-tuple ``(label, estimate, ci_low, ci_high, numbers)``
    is accepted too. Missing or non-finite numbers are not drawn; ``numbers`` is the text
    shown beside the row (for example "−8.2 (−12.1 to −4.3)")."""

    label: str
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    numbers: str = ""
    pooled: bool = False  # draw the estimate as ◆ (a pooled estimate) instead of ●
    mid: float | None = None  # the row's own important difference (its band), if its review set one
    keep: str = ""  # the end of the label that is never cut first ("vs sham"): the comparator


@dataclass(frozen=True)
class ForestAxis:
    """How the one measure of a plot is drawn.

    ``measure`` names it ("Mean difference (MD) in pain"), ``units`` says in what
    ("points on a 0–100 scale"). ``better`` says which direction favours the treatment;
    the direction line then reads "← favours {treatment} │ favours {comparator} →" (or
    the other way round). ``mid`` is the minimal important difference (a ratio > 1 on a log
    axis); ``band`` chooses where its band is drawn (see ``backtui.ui.geometry``). ``low``
    and ``high`` fix the axis ends (anything beyond is clipped with an arrow); left as None
    they are chosen to hold every row. ``log`` is for ratio measures, with ``null=1``.
    """

    measure: str
    units: str = ""
    better: Better = "lower"
    mid: float | None = None
    null: float = 0.0
    low: float | None = None
    high: float | None = None
    log: bool = False
    band: BandSide = "both"
    treatment: str = "treatment"
    comparator: str = "comparator"

    def __post_init__(self) -> None:
        """Refuse settings that could not be drawn now, not later while rendering."""
        if self.better not in ("lower", "higher"):
            raise ValueError(f"better must be 'lower' or 'higher', not {self.better!r}")
        if self.band not in ("both", "favourable"):
            raise ValueError(f"band must be 'both' or 'favourable', not {self.band!r}")
        band_range(self.null, self.mid, self.better, self.band, log=self.log)
        ends = [end for end in (self.low, self.high, self.null) if end is not None]
        if not all(math.isfinite(end) for end in ends):
            raise ValueError("the axis ends and the null value must be finite numbers")
        if self.low is not None and self.high is not None and not self.low < self.high:
            raise ValueError(f"the axis needs low < high, not {self.low} .. {self.high}")
        if self.log and min(ends) <= 0:
            raise ValueError("a log axis needs positive ends and null (1 for a ratio)")
