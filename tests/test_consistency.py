"""The same fact in the same words on every surface: the app (via the pilot), ``backtui show``
and every export format, for a fixture knowledge base and the shipped one.

These tests read the rendered outputs, not the view model that built them."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from conftest import SHIPPED_KB
from textual.coordinate import Coordinate
from ui_helpers import column_plain, grid, make_app, press

from backtui.export import render as render_export
from backtui.export import to_text
from backtui.kb.loader import load
from backtui.kb.queries import Index
from backtui.show import render as render_show
from backtui.summary import Summary, build, default_selection
from backtui.views import model
from backtui.views.aspects import ASPECT_IDS, BY_ID

SMALL = Path(__file__).parent / "fixtures" / "kb_small.yaml"
KBS = [pytest.param(SMALL, id="fixture"), pytest.param(SHIPPED_KB, id="shipped")]


def flat(text: str) -> str:
    """Whitespace made single spaces, so wrapping does not hide a phrase."""
    return " ".join(text.split())


def html_text(text: str) -> str:
    return flat(html.unescape(re.sub(r"<[^>]+>", " ", text)))


def surfaces(path: Path) -> tuple[Index, Summary, dict[str, str]]:
    index = Index(load(str(path)).kb)
    selection = default_selection(index.kb)
    summary = build(index.kb, selection, index=index)
    outputs = {
        "show": flat(render_show(index, selection, list(ASPECT_IDS), 100, stack=True)),
        "md": flat(render_export(summary, "md").replace("\\", "")),
        # wide enough that the side-by-side grid does not wrap a phrase across columns
        "txt": flat(to_text(summary, width=2000)),
        "html": html_text(render_export(summary, "html")),
    }
    return index, summary, outputs


@pytest.mark.parametrize("path", KBS)
def test_headline_findings_and_comparators_read_the_same_everywhere(path: Path) -> None:
    index, summary, outputs = surfaces(path)
    for option in summary.options:
        head = model.key_benefits(index, option.id, 3)[0]
        for name, text in outputs.items():
            assert flat(head.title) in text, (name, head.title)
            assert flat(head.statement.split(". ")[0]) in text, (name, head.statement)
            assert flat(head.row.comparator_label) in text, name


@pytest.mark.parametrize("path", KBS)
def test_key_harm_frequencies_read_the_same_everywhere(path: Path) -> None:
    index, summary, outputs = surfaces(path)
    for option in summary.options:
        for harm in option.harms:
            if not harm.rate:
                continue
            for name in ("md", "txt", "html"):
                assert flat(harm.rate) in outputs[name], (name, harm.rate)
            # show gives every harm its rate rounded the same way, capitalised as a sentence
            assert flat(harm.rate[:1].upper() + harm.rate[1:]) in outputs["show"], harm.rate


@pytest.mark.parametrize("path", KBS)
def test_option_grid_answers_read_the_same_everywhere(path: Path) -> None:
    index, summary, outputs = surfaces(path)
    for option in summary.options:
        for answer in model.grid_answers(index, option.id):
            for name, text in outputs.items():
                assert flat(answer.short) in text, (name, answer.short)


@pytest.mark.parametrize("path", KBS)
async def test_the_app_shows_the_same_headlines_and_harm_figures(path: Path) -> None:
    index, summary, outputs = surfaces(path)
    app = make_app(path)
    async with app.run_test(size=(200, 60)) as pilot:
        await press(pilot, str(ASPECT_IDS.index("benefits") + 1))
        for option in summary.options:
            column = flat(" ".join(column_plain(app, option.id)))
            head = model.key_benefits(index, option.id, 3)[0]
            assert flat(head.title) in column, head.title
            assert flat(head.statement) in column
        for aspect in ("safety", "side-effects"):
            await press(pilot, str(ASPECT_IDS.index(aspect) + 1))
            for option in summary.options:
                column = flat(" ".join(column_plain(app, option.id)))
                for harm in option.harms:
                    if harm.rate and harm.kind in BY_ID[aspect].harm_kinds:
                        assert flat(harm.rate[:1].upper() + harm.rate[1:]) in column, harm.rate
        await press(pilot, "g")
        table = grid(app)
        cells = " ".join(
            flat(str(table.get_cell_at(Coordinate(r, c))))
            for r in range(table.row_count)
            for c in range(len(table.columns))
        )
        for option in summary.options:
            for answer in model.grid_answers(index, option.id):
                assert flat(answer.short) in cells, answer.short


def test_the_rating_scale_has_one_wording() -> None:
    from backtui.wording import RATING_WORDS

    readme = flat(Path(__file__).parent.parent.joinpath("README.md").read_text(encoding="utf-8"))
    assert RATING_WORDS[0] == "does not matter" and RATING_WORDS[4] == "matters a lot"
    assert f"4 ({RATING_WORDS[4]})" in readme or f"4 = {RATING_WORDS[4]}" in readme


async def test_a_rating_reads_the_same_in_the_app_and_the_summary(sandbox: Path) -> None:
    from backtui.profile.store import ProfileStore
    from backtui.ui.screens.decision import RatingRow
    from backtui.wording import RATING_WORDS

    store = ProfileStore(sandbox / "profile.json")
    app = make_app(SHIPPED_KB, store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "m")
        row = app.screen.query(RatingRow).first()
        row.focus()
        await press(pilot, "4")
        shown = row.render().plain
        assert f"4  {RATING_WORDS[4]}" in shown, shown
        index = Index(app.loaded.kb)
        profile, _ = store.load()
        summary = build(index.kb, default_selection(index.kb), profile, index=index)
        assert summary.personal is not None
        rating = summary.personal.ratings[0]
        assert (rating.value, rating.words) == (4, RATING_WORDS[4])
        assert f"4: {RATING_WORDS[4]}" in render_export(summary, "md")
