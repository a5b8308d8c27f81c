"""The character-cell geometry of the plots and icon arrays (backtui.ui.geometry)."""

from __future__ import annotations

import math
from typing import Any

import pytest
from conftest import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from backtui.ui import geometry
from backtui.ui.geometry import (
    ARROW_HIGH,
    ARROW_LOW,
    BAND,
    NULL_CROSSED,
    NULL_END,
    NULL_LINE,
    NULL_START,
    POINT,
    POOLED_POINT,
    WHISKER,
    WHISKER_FROM_MIDDLE,
    WHISKER_TO_MIDDLE,
    Axis,
    Interval,
    forest_layout,
)

# An axis with one cell per unit: -50 is cell 0, 0 is cell 50, 50 is cell 100; in a plot line
# (one gutter cell each side) value v is at column v + 51.
UNIT = {"low": -50.0, "high": 50.0}
UNIT_WIDTH = 103


def forest_rows(
    rows: list[Interval | tuple[float | None, float | None, float | None]],
    width: int,
    **settings: Any,
) -> list[str]:
    """Just the plot lines of ``forest_layout``, one string of ``width`` cells per row."""
    return [row.text for row in forest_layout(rows, width, **settings).rows]


def column(value: float) -> int:
    """The plot-line column of ``value`` on the UNIT axis."""
    return int(value) + 51


# ------------------------------------------------------------------------------ value → cell


@pytest.mark.parametrize(
    "axis",
    [Axis(-40, 10, 30), Axis(0, 1, 7), Axis(-1e6, 1e6, 200), Axis(0.1, 10, 45, log=True)],
    ids=repr,
)
def test_mapping_is_monotonic_across_many_values(axis: Axis) -> None:
    span = axis.high - axis.low
    values = [axis.low - span + i * (3 * span) / 20_000 for i in range(20_001)]
    if axis.log:
        values = [axis.low / 10 * (1000 ** (i / 20_000)) for i in range(20_001)]
    cells = [axis.cell(v) for v in values]
    eighths = [axis.eighths(v) for v in values]
    assert cells == sorted(cells)
    assert eighths == sorted(eighths)
    assert min(cells) == 0 and max(cells) == axis.width - 1
    assert set(range(axis.width)) <= set(cells)  # every cell is reachable


@settings(max_examples=examples(300), derandomize=True, database=None)
@given(
    low=st.floats(-1e4, 1e4),
    span=st.floats(1e-3, 1e4),
    width=st.integers(2, 300),
    a=st.floats(-3e4, 3e4),
    b=st.floats(-3e4, 3e4),
)
def test_mapping_is_monotonic_for_any_axis(
    low: float, span: float, width: int, a: float, b: float
) -> None:
    axis = Axis(low, low + span, width)
    a, b = min(a, b), max(a, b)
    assert 0 <= axis.cell(a) <= axis.cell(b) <= width - 1
    assert axis.eighths(a) <= axis.eighths(b)
    assert axis.eighths(a) // 8 == axis.cell(a)


def test_ends_and_centre_map_to_cell_centres() -> None:
    axis = Axis(**UNIT, width=101)
    assert axis.cell(-50) == 0 and axis.sub_cell(-50) == 4
    assert axis.cell(50) == 100 and axis.sub_cell(50) == 4
    assert axis.cell(0) == 50 and axis.sub_cell(0) == 4
    assert axis.cell(0.49) == 50 and axis.cell(0.5) == 51  # halves round up
    assert axis.cell(-1e9) == 0 and axis.cell(1e9) == 100  # clamped
    assert axis.contains(-50) and axis.contains(50)
    assert axis.below(-50.001) and axis.above(50.001)


def test_log_axis_maps_ratios_symmetrically() -> None:
    axis = Axis(0.25, 4, 9, log=True)
    assert [axis.cell(v) for v in (0.25, 0.5, 1, 2, 4)] == [0, 2, 4, 6, 8]
    assert axis.cell(0) == 0 and axis.cell(-1) == 0  # non-positive: off the low end


def test_bar_draws_eighths_of_a_cell() -> None:
    axis = Axis(0, 10, 11)  # one cell per unit
    assert axis.bar(0) == ""
    assert axis.bar(1) == "█"
    assert axis.bar(2.5) == "██▌"
    assert axis.bar(0.125) == "▏"
    assert axis.bar(0.875) == "▉"
    assert axis.bar(10) == "█" * 10
    lengths = [len(axis.bar(v / 100)) for v in range(0, 1001)]
    assert lengths == sorted(lengths)


@pytest.mark.parametrize(
    ("low", "high", "width", "log"),
    [
        (1, 1, 10, False),
        (2, 1, 10, False),
        (0, 1, 1, False),
        (math.nan, 1, 5, False),
        (0, 1, 5, True),
    ],
)
def test_axis_rejects_impossible_settings(low: float, high: float, width: int, log: bool) -> None:
    with pytest.raises(ValueError):
        Axis(low, high, width, log=log)


# ------------------------------------------------------------------------------------ ticks


def test_tick_values_and_labels_for_a_known_axis() -> None:
    axis = Axis(-40, 10, 51)  # one cell per unit
    ticks = axis.ticks()
    assert ticks == [-40, -35, -30, -25, -20, -15, -10, -5, 0, 5, 10]
    placed = axis.tick_labels(ticks)
    assert placed[0] == (0, "−40")  # typographic minus, centred on cell 0 (+1 gutter)
    assert (41, "0") in placed  # 0 sits over cell 40, column 41
    line = geometry.tick_row(axis, ticks)
    assert len(line) == 53
    assert line.split() == ["−40", "−35", "−30", "−25", "−20", "−15", "−10", "−5", "0", "5", "10"]


def test_ticks_thin_out_when_the_axis_is_narrow() -> None:
    wide, narrow = Axis(-40, 10, 51).ticks(), Axis(-40, 10, 16).ticks()
    assert len(narrow) < len(wide)
    assert narrow == [-40, -20, 0]
    placed = Axis(-40, 10, 16).tick_labels(narrow)
    ends = [offset + len(label) for offset, label in placed]
    starts = [offset for offset, _ in placed]
    assert all(start >= end + 1 for start, end in zip(starts[1:], ends, strict=False))


def test_tick_labels_use_the_decimals_the_step_needs() -> None:
    axis = Axis(-1, 0.5, 91)  # 6 cells per 0.1: room for "−0.9" and a gap of 2
    ticks = axis.ticks()
    assert ticks[:3] == [-1.0, -0.9, -0.8]
    assert geometry.tick_row(axis, ticks).split()[:2] == ["−1.0", "−0.9"]
    assert Axis(-1, 0.5, 31).ticks() == [-1.0, -0.5, 0.0, 0.5]  # narrower: fewer ticks


def test_log_ticks_are_one_two_five() -> None:
    assert Axis(0.1, 10, 60, log=True).ticks() == [0.1, 0.2, 0.5, 1, 2, 5, 10]
    assert Axis(0.1, 10, 12, log=True).ticks() == [0.1, 1, 10]


def test_nice_range_and_number_format() -> None:
    assert geometry.nice_range([-45, 5, -10, 10]) == (-50, 10)
    assert geometry.nice_range([0.3, 2.1], log=True) == (0.2, 5)
    assert geometry.nice_range([]) == (-1, 1)
    assert geometry.format_number(-10.0) == "−10"
    assert geometry.format_number(-0.0) == "0"
    assert geometry.format_number(12000) == "12,000"
    assert geometry.format_number(2.5, 2) == "2.50"


# ----------------------------------------------------------------------------- forest rows


def test_mid_band_and_null_line_are_exactly_placed() -> None:
    (row,) = forest_rows([(None, None, None)], UNIT_WIDTH, mid=10, **UNIT)
    assert row[column(0)] == NULL_LINE
    band = [i for i, char in enumerate(row) if char == BAND]
    assert band == [c for c in range(column(-10), column(10) + 1) if c != column(0)]
    assert row.count(BAND) == 20 and row.strip(" ") == row[column(-10) : column(10) + 1]


@pytest.mark.parametrize(
    ("better", "first", "last"), [("lower", -10, 0), ("higher", 0, 10)], ids=["lower", "higher"]
)
def test_mid_band_on_the_favourable_side_only(better: str, first: int, last: int) -> None:
    (row,) = forest_rows(
        [(None, None, None)], UNIT_WIDTH, mid=10, band="favourable", better=better, **UNIT
    )
    assert row.strip(" ") == row[column(first) : column(last) + 1]
    assert BAND in row and row[column(0)] == NULL_LINE


def test_null_line_is_on_every_row_and_absent_when_off_axis() -> None:
    rows = [(-8, -12, -4), (3, -3, 9), (None, None, None), (0, -1, 1)]
    for row in forest_rows(rows, UNIT_WIDTH, **UNIT):
        assert row[column(0)] in (NULL_LINE, NULL_CROSSED, NULL_START, NULL_END, POINT)
    off = forest_rows(rows, UNIT_WIDTH, null=100, low=-50, high=50)
    assert not any(NULL_LINE in row for row in off)
    layout = forest_layout(rows, UNIT_WIDTH, null=100, low=-50, high=50)
    assert layout.null_column is None


def test_point_whisker_and_half_cell_ends() -> None:
    (row,) = forest_rows([(-20, -30.2, -9.7)], UNIT_WIDTH, **UNIT)
    assert row[column(-20)] == POINT
    # -30.2 is left of its cell's centre: a full line; -9.7 is right of centre: a full line.
    assert row[column(-30)] == WHISKER and row[column(-10)] == WHISKER
    assert row[column(-31)] == " " and row[column(-9)] == " "
    (row,) = forest_rows([(-20, -29.8, -10.3)], UNIT_WIDTH, **UNIT)
    assert row[column(-30)] == WHISKER_FROM_MIDDLE and row[column(-10)] == WHISKER_TO_MIDDLE
    assert set(row[column(-29) : column(-10)]) == {WHISKER, POINT}


def test_whisker_meets_the_null_line() -> None:
    crossing, starting, ending = forest_rows(
        [(5, -5, 10), (5, 0, 10), (-5, -10, 0)], UNIT_WIDTH, **UNIT
    )
    assert crossing[column(0)] == NULL_CROSSED
    assert starting[column(0)] == NULL_START
    assert ending[column(0)] == NULL_END


def test_pooled_estimate_is_a_diamond() -> None:
    (row,) = forest_rows([Interval(1, 0, 2, pooled=True)], UNIT_WIDTH, **UNIT)
    assert row[column(1)] == POOLED_POINT and POINT not in row


def test_clipping_draws_arrows_at_both_ends() -> None:
    rows = forest_rows(
        [
            (-20, -80, 10),
            (20, -10, 90),
            (0, -70, 70),
            (-70, -90, -60),
            (70, 60, 90),
            (-60, -55, -5),
        ],
        UNIT_WIDTH,
        **UNIT,
    )
    low_clip, high_clip, both, all_below, all_above, point_off = rows
    assert low_clip[0] == ARROW_LOW and low_clip[-1] == " " and low_clip[1] == WHISKER
    assert high_clip[-1] == ARROW_HIGH and high_clip[0] == " " and high_clip[-2] == WHISKER
    assert both[0] == ARROW_LOW and both[-1] == ARROW_HIGH
    assert set(both[1:-1]) <= {WHISKER, POINT, NULL_CROSSED}
    assert all_below == ARROW_LOW + " " * 50 + NULL_LINE + " " * 51
    assert all_above[-1] == ARROW_HIGH and WHISKER not in all_above and POINT not in all_above
    assert point_off[0] == ARROW_LOW and POINT not in point_off and WHISKER in point_off
    for row in rows:
        assert len(row) == UNIT_WIDTH


def test_interval_touching_the_ends_is_not_clipped() -> None:
    (row,) = forest_rows([(0, -50, 50)], UNIT_WIDTH, **UNIT)
    assert ARROW_LOW not in row and ARROW_HIGH not in row
    assert row[1] == WHISKER_FROM_MIDDLE and row[-2] == WHISKER_TO_MIDDLE


def test_missing_or_non_finite_numbers_are_not_drawn() -> None:
    rows = forest_rows(
        [(None, None, None), (math.nan, -5, 5), (2, None, 4), (math.inf, None, None)],
        UNIT_WIDTH,
        **UNIT,
    )
    assert rows[0].strip() == NULL_LINE
    assert POINT not in rows[1] and WHISKER in rows[1]
    assert rows[2].replace(NULL_LINE, " ").strip() == POINT and rows[2][column(2)] == POINT
    assert rows[3].strip() == NULL_LINE


def test_automatic_axis_holds_every_row_and_the_band() -> None:
    layout = forest_layout([(-8.2, -12.1, -4.3), (-20, -45, 5)], 60, mid=10)
    assert (layout.axis.low, layout.axis.high) == (-50, 10)
    assert not layout.clipped
    assert layout.band == (-10, 10)
    assert all(len(row.text) == 60 == len(row.kinds) for row in layout.rows)
    assert len(layout.axis_row.text) == 60 and len(layout.tick_row) == 60


def test_axis_row_marks_ticks_and_the_null_line() -> None:
    layout = forest_layout([], UNIT_WIDTH, **UNIT)
    line = layout.axis_row.text
    assert line[0] == " " and line[-1] == " "
    assert line[column(0)] == geometry.AXIS_NULL_TICK
    assert all(line[column(t)] == geometry.AXIS_TICK for t in layout.ticks if t != 0)
    layout = forest_layout([], UNIT_WIDTH, low=-50, high=50, null=3)
    assert layout.axis_row.text[column(3)] == geometry.AXIS_NULL


def test_log_forest_plot_band_is_a_ratio() -> None:
    layout = forest_layout([(0.8, 0.5, 1.3)], 50, log=True, null=1, mid=1.25, low=0.25, high=4)
    assert layout.band == pytest.approx((0.8, 1.25))
    with pytest.raises(ValueError):
        forest_layout([], 50, log=True, null=1, mid=0.5)


@settings(max_examples=examples(200), derandomize=True, database=None)
@given(
    estimate=st.floats(-200, 200),
    a=st.floats(-200, 200),
    b=st.floats(-200, 200),
    width=st.integers(5, 150),
)
def test_every_row_has_the_width_and_one_point_at_most(
    estimate: float, a: float, b: float, width: int
) -> None:
    layout = forest_layout([(estimate, a, b)], width, mid=10, low=-50, high=50)
    (row,) = layout.rows
    assert len(row.text) == width
    assert row.text.count(POINT) == (1 if -50 <= estimate <= 50 else 0)
    assert (row.text[0] == ARROW_LOW) == (min(a, b, estimate) < -50)
    assert (row.text[-1] == ARROW_HIGH) == (max(a, b, estimate) > 50)


# ------------------------------------------------------------------------- direction, legend


def test_direction_text_is_computed_from_better() -> None:
    lower = geometry.direction_text(60, 30, better="lower", treatment="acupuncture")
    assert lower.index("│") == 30 and lower.rstrip().endswith("favours comparator →")
    assert lower.strip().startswith("← favours acupuncture")
    higher = geometry.direction_text(60, 30, better="higher", treatment="acupuncture")
    assert higher.strip() == "← favours comparator │ favours acupuncture →"
    assert len(lower) == len(higher) == 60


def test_direction_text_falls_back_when_it_cannot_align() -> None:
    text = geometry.direction_text(50, 5, better="lower")
    assert text.strip() == "← favours treatment | favours comparator →" and len(text) == 50
    assert geometry.direction_text(20, None, better="lower").strip() == "← treatment | compa…"
    assert geometry.direction_text(30, None, better="higher").strip() == (
        "← comparator | treatment →"
    )


def test_legend_names_only_the_glyphs_shown() -> None:
    plain = geometry.legend_items()
    assert plain == ["● estimate", "─ 95% CI", "│ no effect"]
    full = geometry.legend_items(mid=10, pooled=True, clipped=True)
    assert "◆ pooled estimate" in full and "◀▶ runs off the axis" in full
    assert "░ smaller than patients notice (MID 10 either way)" in full
    lines = geometry.wrap_items(full, 40)
    assert all(len(line) <= 40 for line in lines) and len(lines) > 1


def test_fit_and_centre_measure_in_cells() -> None:
    def wide(text: str) -> int:  # every character two cells, like CJK text
        return 2 * len(text)

    assert geometry.fit("abcdef", 4) == "abc…"
    assert geometry.fit("abcdef", 4, wide) == "a…"
    assert geometry.centred("ab", 6) == "  ab  "
    assert geometry.pad_to("abc", 5) == "abc  "


# ------------------------------------------------------------------------------ icon arrays


def test_icon_array_fills_the_affected_first_in_reading_order() -> None:
    lines = geometry.icon_array(19)
    assert len(lines) == 10
    assert lines[0] == "●●●●● ●●●●●"
    assert lines[1] == "●●●●● ●●●●○"
    assert all(line == "○○○○○ ○○○○○" for line in lines[2:])
    icons = "".join(lines).replace(" ", "")
    assert icons == "●" * 19 + "○" * 81


def test_icon_array_grouping_and_gap() -> None:
    assert geometry.icon_array(3, gap=1)[0] == "● ● ● ○ ○  ○ ○ ○ ○ ○"
    assert geometry.icon_array(3, total=12, columns=4, groups_of=None) == [
        "●●●○",
        "○○○○",
        "○○○○",
    ]


@pytest.mark.parametrize(
    ("value", "filled", "words"),
    [
        (0, 0, "0 in 100"),
        (0.4, 0, "fewer than 1 in 100"),
        (0.5, 1, "about 1 in 100"),
        (2.5, 3, "about 3 in 100"),  # halves round up, unlike Python's round()
        (48.5, 49, "about 49 in 100"),
        (99.4, 99, "about 99 in 100"),
        (99.6, 100, "more than 99 in 100"),
        (100, 100, "100 in 100"),
    ],
)
def test_rounding_edge_cases(value: float, filled: int, words: str) -> None:
    assert geometry.icon_count(value) == filled
    assert "".join(geometry.icon_array(value)).count("●") == filled
    assert geometry.frequency(value) == words


@pytest.mark.parametrize("value", [-1, 100.5, math.nan, math.inf])
def test_icon_counts_outside_the_denominator_are_refused(value: float) -> None:
    with pytest.raises(ValueError):
        geometry.icon_array(value)


def test_natural_frequency_sentences() -> None:
    assert geometry.comparison(48, 27) == (
        "about 48 in 100 people improved, compared with 27 in 100"
    )
    assert geometry.comparison(48, 0.2, noun="patients", outcome="had less pain") == (
        "about 48 in 100 patients had less pain, compared with fewer than 1 in 100"
    )
    assert geometry.frequency_sentence(
        19, 100, "treatments", "caused a mild side effect such as bruising"
    ) == ("about 19 in 100 treatments caused a mild side effect such as bruising")
    assert geometry.frequency_sentence(5, 100, "patients", "felt tired", "over 12 weeks") == (
        "about 5 in 100 patients felt tired over 12 weeks"
    )


# ------------------------------------------------------------------------- per 10,000 scale


@pytest.mark.parametrize(
    ("value", "per", "expected"),
    [
        (1, 10_000, 1.0),
        (1, 1_000_000, 0.01),
        (3, 1_000, 30.0),
        (5, 100, 500.0),
        (0, 1_000, 0.0),
        (250, 250, 10_000.0),
    ],
)
def test_per_10000_conversion(value: float, per: float, expected: float) -> None:
    assert geometry.per_10000(value, per) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("value", "per", "text"),
    [
        (1, 10_000, "about 1 in 10,000 patients"),
        (3, 1_000, "about 30 in 10,000 patients"),
        (0.6, 10_000, "about 1 in 10,000 patients"),
        (1, 1_000_000, "fewer than 1 in 10,000 patients (about 1 in 1,000,000)"),
        (3, 100_000, "fewer than 1 in 10,000 patients (about 1 in 33,000)"),
        (0, 10_000, "0 in 10,000 patients"),
        (123, 1_000, "about 1,230 in 10,000 patients"),
    ],
)
def test_rare_events_are_worded_on_one_per_10000_scale(value: float, per: float, text: str) -> None:
    assert geometry.rare_frequency(value, per) == text


def test_one_in_and_invalid_rates() -> None:
    assert geometry.one_in(1, 1_000_000) == 1_000_000
    assert geometry.one_in(7, 10_000) == 1_400
    with pytest.raises(ValueError):
        geometry.one_in(0, 100)
    with pytest.raises(ValueError):
        geometry.per_10000(2, 1)
    with pytest.raises(ValueError):
        geometry.per_10000(1, 0)


def test_one_given_axis_end_leaves_the_other_automatic() -> None:
    data = [(-5, -8, -2)]
    axis = forest_layout(data, 40, low=-30).axis
    assert axis.low == -30 and 0 < axis.high <= 2  # a little room past no effect
    assert forest_layout(data, 40, high=20).axis.low == -8
    # Data wholly past the given end: the span is kept, the rows are clipped with arrows.
    layout = forest_layout([(-45, -50, -40)], 40, high=-60)
    assert layout.axis.low < layout.axis.high == -60
    assert layout.rows[0].text[-1] == ARROW_HIGH
    assert forest_layout([(4, 3, 5)], 40, low=10, log=True, null=1).axis.high > 10


def test_the_axis_always_shows_both_sides_of_no_effect() -> None:
    # every interval on one side (quality of life, higher is better): no effect used to sit
    # on the axis's edge, leaving "favours the comparator" no width
    layout = geometry.forest_layout([(0.4, 0.2, 0.6), (0.3, 0.1, 0.5)], 60, better="higher")
    assert layout.axis.low < 0 < layout.axis.high
    column = layout.null_column
    assert column is not None and 5 <= column <= 60 - 2 - 5
    ratio = geometry.forest_layout([(2.0, 1.5, 3.0)], 60, null=1.0, log=True)
    assert ratio.axis.low < 1 < ratio.axis.high
