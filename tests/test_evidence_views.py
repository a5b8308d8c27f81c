"""Evidence you can see: certainty, comparator switch, layers, the Benefits plot, icon arrays."""

from __future__ import annotations

from pathlib import Path

import msgspec
from rich.cells import cell_len
from textual.widgets import Static
from ui_helpers import KB_SMALL, column_plain, comparison, loaded, make_app, press, screen_text

from backtui.kb.queries import Index
from backtui.ui import present
from backtui.ui.app import BacktuiApp
from backtui.ui.widgets.aspects import AspectStrip
from backtui.ui.widgets.forest import PLOT_KEPT_WIDTH, ForestPlot
from backtui.views.aspects import ASPECT_IDS
from backtui.views.model import fact_line, option_record

SHIPPED = Path(__file__).parent.parent / "data" / "options.yaml"


def benefits_label(app: BacktuiApp) -> str:
    strip = app.main.query_one("#aspect-tabs", AspectStrip)
    return strip.labels[ASPECT_IDS.index("benefits")]


async def test_comparator_switch_filters_every_column_and_names_itself() -> None:
    app = make_app(KB_SMALL)
    async with app.run_test(size=(160, 50)) as pilot:
        await press(pilot, "2")
        assert "all comparators" in benefits_label(app)
        assert any("sham stretching" in line for line in column_plain(app, "stretching"))
        assert any("no treatment" in line for line in column_plain(app, "warm-baths"))

        await press(pilot, "c")  # versus sham or placebo
        assert app.main.comparator == "sham"
        assert "versus sham or placebo" in benefits_label(app)
        stretching = "\n".join(column_plain(app, "stretching"))
        baths = "\n".join(column_plain(app, "warm-baths"))
        assert "sham stretching" in stretching
        assert "no treatment" not in stretching
        assert "No evidence versus sham or placebo in this knowledge base" in baths

        await press(pilot, "c")  # versus usual care: nothing in the fixture
        assert "versus usual care" in benefits_label(app)
        for option_id in ("stretching", "warm-baths", "rest"):
            text = "\n".join(column_plain(app, option_id))
            assert "No evidence versus usual care in this knowledge base" in text

        await press(pilot, "c", "c")  # no treatment, then back to all
        assert app.main.comparator is None
        assert "all comparators" in benefits_label(app)


async def test_comparator_key_opens_benefits_from_another_aspect() -> None:
    app = make_app(KB_SMALL)
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "5", "c")
        assert app.main.aspect == "benefits"
        assert app.main.comparator == "sham"


async def test_layers_show_sentences_or_summary_of_findings_and_keep_the_item() -> None:
    app = make_app(KB_SMALL)
    async with app.run_test(size=(160, 50)) as pilot:
        await press(pilot, "2")
        plain_text = "\n".join(column_plain(app, "stretching"))
        assert "Stretching probably reduces stiffness slightly" in plain_text
        assert "⊕⊕⊕◯ moderate certainty" in plain_text
        assert "About 48 in 100 people improved with Stretching" in plain_text
        assert "(95% CI" not in plain_text

        column = app.main.columns()[0]
        comparison(app).set_highlight(0, 1)  # the second finding
        before = column.highlighted_target()
        assert before is not None and before != column.items[0].target
        await press(pilot, "d")
        assert app.main.evidence_layer == "clinician"
        clinician = "\n".join(column_plain(app, "stretching"))
        assert "MD −1.2 (95% CI −2 to −0.4) on Stiffness (0-10)" in clinician
        assert "2 studies, 200 people · At 6 weeks · Example 2020" in clinician
        assert "⊕⊕⊕◯ moderate certainty" in clinician
        assert "probably reduces" not in clinician
        assert column.highlighted_target() == before

        await press(pilot, "d")
        assert app.main.evidence_layer == "plain"
        assert column.highlighted_target() == before


async def test_ungraded_findings_say_not_graded_and_reasons_are_one_key_away() -> None:
    app = make_app(KB_SMALL)
    async with app.run_test(size=(160, 50)) as pilot:
        await press(pilot, "2")
        assert any("not graded" in line for line in column_plain(app, "stretching"))
        app.main.focus_column(0)
        comparison(app).set_highlight(0, 0)
        await press(pilot, "enter")
        detail = screen_text(app)
        assert "Downgraded for: imprecision" in detail
        assert "⊕⊕⊕◯ moderate certainty" in detail


async def test_benefits_plot_shows_every_option_on_one_axis_and_opens_details() -> None:
    app = make_app(KB_SMALL)
    async with app.run_test(size=(160, 50)) as pilot:
        await press(pilot, "2")
        plot = app.main.query_one("#benefits-plot", ForestPlot)
        assert plot.display
        labels = [f"{row.label} {row.keep}" for row in plot.rows]
        assert labels == ["Stretching vs sham", "Warm baths vs no treatment"]
        assert plot.axis.mid == 1.5  # the scale's minimal important difference
        lines = "\n".join(plot.plain_lines(150))
        assert "│" in lines and "░" in lines and "●" in lines
        elsewhere = str(app.main.query_one("#plot-elsewhere", Static).render())
        assert "Rest with a brace vs no treatment" not in elsewhere  # another outcome

        await press(pilot, "u")  # function: only the brace's SMD
        assert [f"{row.label} {row.keep}" for row in plot.rows] == [
            "Rest with a brace vs no treatment"
        ]
        assert plot.axis.measure == "SMD"

        plot.focus()
        await press(pilot, "enter")
        assert "Rest with a brace" in screen_text(app)
        assert "We are uncertain whether a brace improves function" in screen_text(app)


async def test_plot_is_only_in_benefits() -> None:
    app = make_app(KB_SMALL)
    async with app.run_test(size=(120, 40)) as pilot:
        plot = app.main.query_one("#plot-area")
        await press(pilot, "1")
        assert not plot.display
        await press(pilot, "2")
        assert plot.display
        await press(pilot, "3")
        assert not plot.display


def test_plot_never_mixes_measures_on_the_shipped_kb() -> None:
    index = Index(loaded(SHIPPED).kb)
    selected = ["acupuncture", "usual-care", "dry-needling"]
    for outcome in present.plot_outcomes(index, selected):
        for comparator in present.COMPARATOR_CYCLE:
            data = present.plot_data(index, selected, outcome, comparator)
            if data.axis is None:
                continue
            measures = set()
            for target in data.targets:
                option = index.options[target.option_id]
                row = next(r for r in option.evidence if r.id == target.record_id)
                measures.add((row.measure, row.scale))
            assert len(measures) == 1, (outcome, comparator, measures)


async def test_side_effects_show_icon_arrays_and_rare_events_per_10000() -> None:
    app = make_app(KB_SMALL)
    async with app.run_test(size=(160, 50)) as pilot:
        await press(pilot, "4")
        text = "\n".join(column_plain(app, "stretching"))
        assert "About 12 in 100 people, over 6 weeks" in text
        assert "●●●●● ●●●●● ●●○○○ ○○○○○" in text  # 12 filled of 100, affected first
        assert text.count("○") == 88
        await press(pilot, "3")
        baths = "\n".join(column_plain(app, "warm-baths"))
        assert "About 2 in 10,000 people, per year" in baths
        assert "●" not in baths  # rare events are not drawn as 100-icon arrays


def test_benefits_snapshot_wide(snap_compare: object) -> None:
    app = make_app(KB_SMALL)
    assert snap_compare(app, press=["2"], terminal_size=(160, 45))  # type: ignore[operator]


def test_benefits_snapshot_narrow_clinician(snap_compare: object) -> None:
    app = make_app(KB_SMALL)
    assert snap_compare(app, press=["2", "d"], terminal_size=(90, 40))  # type: ignore[operator]


def test_side_effects_snapshot_light(snap_compare: object) -> None:
    app = make_app(KB_SMALL, theme="textual-light")
    assert snap_compare(app, press=["4"], terminal_size=(120, 40))  # type: ignore[operator]


def test_a_part_compared_as_its_own_column_is_plotted_once() -> None:
    index = Index(loaded(SHIPPED).kb)
    data = present.plot_data(index, ["usual-care", "nsaids"], "pain", None)
    records = [(t.option_id, t.record_id) for t in data.targets]
    assert len(records) == len(set(records)), records
    assert ("nsaids", "nsaids-vs-placebo-pain") in records
    labels = [row.label for row in data.rows]
    assert sum("NSAIDs" in label for label in labels) == 1, labels


def test_each_plot_row_is_drawn_against_its_own_reviews_threshold() -> None:
    from backtui.kb.queries import important_difference
    from backtui.ui import geometry

    index = Index(loaded(SHIPPED).kb)
    data = present.plot_data(index, ["acupuncture", "usual-care"], "pain", None)
    assert data.axis is not None and data.axis.mid == 15
    own = 0
    for row, target in zip(data.rows, data.targets, strict=True):
        member = index.options[target.option_id]
        record = next(r for r in member.evidence if r.id == target.record_id)
        drawn = row.mid if row.mid is not None else data.axis.mid
        assert drawn == important_difference(index, record), row.label
        own += row.mid is not None
    assert own >= 1  # the opioid review's 20 points
    layout = geometry.forest_layout(
        [geometry.Interval(r.estimate, r.ci_low, r.ci_high, r.pooled, r.mid) for r in data.rows],
        80,
        mid=data.axis.mid,
    )
    pairs = zip(data.rows, layout.rows, strict=True)
    widths = {r.mid: row.text.count(geometry.BAND) for r, row in pairs}
    assert len(widths) == 2  # the opioid row's band is wider than the others'


def test_findings_off_the_axis_are_counted_in_the_first_line() -> None:
    index = Index(loaded(SHIPPED).kb)
    data = present.plot_data(index, ["acupuncture", "usual-care", "dry-needling"], "pain", None)
    assert len(data.elsewhere) > present.ELSEWHERE_SHOWN
    text = present.elsewhere_lines(data.elsewhere).plain.splitlines()
    assert text[0].endswith(f": {len(data.elsewhere)} findings")
    hidden = len(data.elsewhere) - present.ELSEWHERE_SHOWN
    assert text[-1] == f"… and {hidden} more; see the columns below"


def test_plot_labels_cut_the_name_never_the_comparator() -> None:
    index = Index(loaded(SHIPPED).kb)
    data = present.plot_data(index, ["acupuncture", "usual-care", "dry-needling"], "pain", None)
    assert data.axis is not None
    plot = ForestPlot(data.rows, data.axis)
    for width in (60, 80, 120, 200):
        lines = plot.plain_lines(width)
        for row in data.rows:
            assert any(row.keep in line for line in lines), (width, row.keep)
        nsaids = next(line for line in lines if "NSAIDs" in line)
        assert "NSAIDs" in nsaids and " vs placebo" in nsaids, nsaids


async def test_the_plot_widget_keeps_each_rows_own_threshold() -> None:
    app = BacktuiApp(loaded(SHIPPED))
    async with app.run_test(size=(160, 50)) as pilot:
        await press(pilot, "2")
        plot = app.main.query_one("#benefits-plot", ForestPlot)
        assert any(row.mid == 20 for row in plot.rows)
        assert any("† its review's own MID" in line for line in plot.plain_lines(150))


def test_an_option_record_names_each_fact_once_and_never_turns_its_meaning() -> None:
    # "Avoiding needles: Needles: yes" said the subject twice; dropping "Needles" instead
    # would have said "Avoiding needles: yes" of acupuncture, the opposite of the fact.
    assert fact_line("Avoiding needles", "Needles: yes") == ("Needles", "yes")
    assert fact_line("Cost", "Cost: not quantified") == ("Cost", "not quantified")
    assert fact_line("Strength of evidence", "Evidence: low") == ("Evidence", "low")
    assert fact_line("Cost", "US: median $80") == ("Cost", "US: median $80")
    assert fact_line("Time commitment", "Varies: tablets") == ("Time commitment", "Varies: tablets")
    assert fact_line("Risk of side effects", "Mild effects") == (
        "Risk of side effects",
        "Mild effects",
    )
    index = Index(loaded(SHIPPED).kb)
    for option in index.options.values():
        record = option_record(index, option)
        lines = [f"{b.label}: {b.text}" for b in record.blocks if b.role == "field"]
        facts = lines[-len(option.facts) :]
        for line, fact in zip(facts, option.facts, strict=True):
            assert line.endswith(fact.text) or line == fact.text, (option.id, line)
            label, _, text = line.partition(": ")
            lead = text.partition(":")[0]
            assert lead.casefold() not in label.casefold(), f"said twice: {line}"
    acupuncture = option_record(index, index.options["acupuncture"])
    assert any(b.label == "Needles" and b.text == "yes" for b in acupuncture.blocks)


async def test_at_120_columns_citations_are_whole_and_the_plot_keeps_its_width() -> None:
    # The numbers were held to a third of the line, which cut "Enthoven 2016" to
    # "Enthoven 2…" while the plot had 47 cells; they may now take the plot down to 40.
    app = make_app(SHIPPED)
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "2")
        plot = app.main.query_one(ForestPlot)
        layout = plot._current_layout()
        assert layout.width - layout.plot_x - layout.numbers_width - 1 >= PLOT_KEPT_WIDTH
        shown = "\n".join(plot.plain_lines(layout.width))
        whole = [row.numbers for row in plot.rows if cell_len(row.numbers) <= layout.numbers_width]
        assert len(whole) >= len(plot.rows) - 1
        assert any("Enthoven 2016" in numbers for numbers in whole)
        for numbers in whole:
            assert numbers in shown


def test_a_fact_label_from_the_knowledge_base_reaches_the_record_clean() -> None:
    # The factor's label and a fact's own lead-in are knowledge-base text: they become a
    # record line's label, which must carry no control character to a terminal.
    index = Index(loaded(SHIPPED).kb)
    factor = index.factors["time-commitment"]
    index.factors["time-commitment"] = msgspec.structs.replace(
        factor, label="Time\x1b[2J commitment\n(sessions)\x07"
    )
    record = option_record(index, index.options["acupuncture"])
    labels = [b.label for b in record.blocks if b.role == "field"]
    assert "Time[2J commitment (sessions)" in labels  # the escape byte gone, the rest literal
    assert not any(ch in label for label in labels for ch in "\x1b\x07\n")
