"""The home screen: options side by side (comparison) or as an Option Grid (grid)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import ContentSwitcher, DataTable, Header, Static, Tab, Tabs

from backtui.profile.model import EvidenceLayer
from backtui.ui import present
from backtui.ui.geometry import ForestAxis
from backtui.ui.keys import MAIN_KEYS, bindings, key_for, move_key
from backtui.ui.messages import ProfileChanged, SettingChanged
from backtui.ui.textual_compat import NoSecondLayout, PromptFrames, QuietFocus
from backtui.ui.typeahead import hold_keys
from backtui.ui.widgets.aspects import AspectStrip
from backtui.ui.widgets.comparison import NARROW, Column, ComparisonView
from backtui.ui.widgets.footer import StableFooter
from backtui.ui.widgets.forest import ForestPlot
from backtui.ui.widgets.grid import OptionGrid
from backtui.ui.widgets.notice import Notice
from backtui.ui.widgets.rule import Rule
from backtui.views.aspects import ALL as ASPECT_LIST
from backtui.views.aspects import ASPECT_IDS, ASPECTS
from backtui.views.model import Target

if TYPE_CHECKING:
    from backtui.ui.session import Session


View = Literal["comparison", "grid"]
VIEW_PANES: dict[View, str] = {"comparison": "comparison-view", "grid": "grid"}
STATUS_FROM_HEIGHT = 16  # rows
SCREEN_FURNITURE = 6  # rows outside the view: header, notice, aspect strip, status, footer
PLOT_AREA_MIN = 8  # rows: the plot's title, one row, its axis and "favours"
PLOT_ROOM_FIRST = 8  # rows the plot is given before the other measures are listed in full
PLOT_MAX = 18  # rows: beyond this the plot scrolls, so the columns keep their room


class Pane(NoSecondLayout, Vertical):
    """A container with no border or content of its own. BLANK tells Textual so, and it
    fills the container's lines without rendering them (about 1 ms a pane whenever a view is
    shown or its size changes). It does not scroll, so its virtual size concerns nothing that
    is laid out."""

    BLANK = True


class Line(NoSecondLayout, Static):
    """A Static that does not scroll, laid out where a key changes its text (once a layout)."""


class ViewSwitcher(NoSecondLayout, ContentSwitcher):
    """The comparison or the grid. Its height changes when the grid hides the aspect strip;
    the layout that changed it has already placed its children."""

    BLANK = True  # as Pane


class StripTabs(Tabs):
    """A tab strip that never takes focus: the keys 1-7, [ and ] and the mouse drive it."""

    can_focus = False


class MainScreen(QuietFocus, PromptFrames, Screen[None]):
    BINDINGS = bindings(MAIN_KEYS)

    def __init__(self, session: Session, aspect: int) -> None:
        super().__init__()
        self.session = session
        settings = session.profile.settings
        self.aspect_index = aspect
        self.view: View = "comparison"
        # As left last time (the profile's settings), where still one of the choices.
        kept = settings.comparator or None
        self.comparator: str | None = kept if kept in present.COMPARATOR_CYCLE else None
        self.plot_outcome = "pain"
        self.plot_targets: list[Target] = []
        self.evidence_layer: EvidenceLayer = settings.layer
        # Each view's items, built once: the same list lets a column reuse its rendered lines.
        self._items: dict[tuple[str, str, str | None, str], list[present.Item]] = {}
        self._plot_shown: tuple[tuple[str, ...], str, str | None] | None = None
        self._elsewhere: list[Content] = []
        self._elsewhere_listed: Content | None = None
        self._titles_for: frozenset[str] = frozenset()

    @property
    def aspect(self) -> str:
        return ASPECTS[self.aspect_index][0]

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="⚕")
        yield Notice()
        yield AspectStrip(
            [f"{a.key} {a.label}" for a in ASPECT_LIST],
            [f"{a.key} {a.short_label}" for a in ASPECT_LIST],
            id="aspect-tabs",
        )
        yield StripTabs(id="option-tabs")
        with ViewSwitcher(initial="comparison-view", id="views"):
            with Pane(id="comparison-view"):
                with Pane(id="plot-area"):
                    yield Line(id="plot-title")
                    yield ForestPlot([], ForestAxis("MD"), id="benefits-plot")
                    yield Line(id="plot-elsewhere")
                    yield Rule(id="plot-rule")
                yield ComparisonView(id="comparison")
            with Pane(id="grid"):
                yield Static(id="grid-intro")
                yield OptionGrid(self.session.index, id="option-grid")
        yield Line(id="status")
        yield StableFooter()  # Textual's Footer re-lays the screen on every focus change

    async def on_mount(self) -> None:
        self.refresh_status()
        await self.rebuild_columns()
        self.query_one(AspectStrip).set_active(self.aspect_index)
        self._label_benefits()

    @property
    def comparison(self) -> ComparisonView:
        return self.query_one("#comparison", ComparisonView)

    def columns(self) -> list[Column]:
        return self.comparison.columns

    @property
    def active_column(self) -> int:
        return self.comparison.active if self.is_mounted else 0

    async def rebuild_columns(self, focus_option: str | None = None) -> None:
        """One column per selected option, in selection order."""
        index = self.session.index
        comparison = self.comparison
        option_tabs = self.query_one("#option-tabs", Tabs)
        shortlist = self.session.profile.shortlist
        active = comparison.active
        if focus_option in self.selected:
            active = self.selected.index(focus_option)
        with self.app.batch_update():
            await option_tabs.clear()
            comparison.set_columns(
                [
                    (
                        option_id,
                        present.column_title(index, option_id, option_id in shortlist),
                        present.clean(index.options[option_id].name),
                    )
                    for option_id in self.selected
                ],
                min(active, len(self.selected) - 1),
            )
            for option_id in self.selected:
                await option_tabs.add_tab(
                    Tab(present.literal(index.options[option_id].name), id=f"tab-{option_id}")
                )
            self.refresh_items()
            self.apply_layout()
        self.query_one(OptionGrid).show(self.selected)
        self.focus_column(self.active_column)

    def show_strips(self) -> None:
        """The aspect strip shows with the comparison, the option tabs with a narrow one.

        Set directly, not by a class on the screen and rules in app.tcss: a class restyles the
        widgets it touches, and that cost more than the rest of an aspect or grid switch."""
        comparison = self.view == "comparison"
        self.query_one(AspectStrip).display = comparison
        self.query_one("#option-tabs").display = comparison and self.size.width < NARROW

    def refresh_items(self) -> None:
        index = self.session.index
        self.query_one("#plot-area").display = self.aspect == "benefits"  # as show_strips
        if self.aspect == "benefits":
            self.refresh_plot()
        comparison = self.comparison
        for number, column in enumerate(comparison.columns):
            keep = column.highlighted_target()
            view = (column.option_id, self.aspect, self.comparator, self.evidence_layer)
            items = self._items.get(view)
            if items is None:  # the knowledge base does not change while the app runs
                items = self._items[view] = present.column_items(index, *view)
            comparison.show(number, items, keep)

    def on_resize(self) -> None:
        self.apply_layout()
        self.refresh_status()
        self.call_after_refresh(self.fit_plot)  # once the view has its new height

    def refresh_status(self) -> None:
        status = self.query_one("#status", Static)
        # On a very short screen the columns need the row more; the plot title names the
        # comparator, and help the keys.
        status.display = self.size.height >= STATUS_FROM_HEIGHT
        status.update(
            present.status_line(
                self.comparator,
                self.evidence_layer,
                self.size.width,
                key_for(self, "next_comparator"),
                key_for(self, "toggle_layer"),
            )
        )

    def apply_layout(self) -> None:
        """Below NARROW columns the comparison shows one column, and a tab per option above
        it (ComparisonView fits the columns to its width)."""
        if not self.columns():
            return
        narrow = self.size.width < NARROW
        self.show_strips()
        if narrow and self.selected:
            tabs = self.query_one("#option-tabs", Tabs)
            tab_id = f"tab-{self.selected[self.active_column]}"
            if tabs.active != tab_id:
                tabs.active = tab_id

    def focus_column(self, number: int) -> None:
        comparison = self.comparison
        if not comparison.columns:
            return
        comparison.set_active(number)
        if self.view == "comparison":
            self.apply_layout()
            if self.focused is not comparison:  # focus() repaints it all, even if focused
                comparison.focus()

    # ------------------------------------------------------------------ actions

    def action_prev_column(self) -> None:
        self.focus_column(self._focused_column() - 1)

    def action_next_column(self) -> None:
        self.focus_column(self._focused_column() + 1)

    def _focused_column(self) -> int:
        return self.active_column

    def action_aspect(self, number: int) -> None:
        self.set_aspect(number)

    def action_prev_aspect(self) -> None:
        self.set_aspect((self.aspect_index - 1) % len(ASPECTS))

    def action_next_aspect(self) -> None:
        self.set_aspect((self.aspect_index + 1) % len(ASPECTS))

    def set_aspect(self, number: int) -> None:
        if not 0 <= number < len(ASPECTS):
            return
        self.aspect_index = number
        self.query_one(AspectStrip).set_active(number)
        if self.view == "grid":
            self.set_view("comparison")
        with self.app.batch_update():
            self.refresh_items()

    def action_next_comparator(self) -> None:
        cycle = present.COMPARATOR_CYCLE
        self.set_comparator(cycle[(cycle.index(self.comparator) + 1) % len(cycle)])

    def set_comparator(self, comparator: str | None) -> None:
        self.comparator = comparator
        self._keep_setting("comparator", comparator or "")
        self._label_benefits()
        self.refresh_status()
        if self.aspect != "benefits":
            self.set_aspect(ASPECT_IDS.index("benefits"))
        else:
            with self.app.batch_update():
                self.refresh_items()

    def action_toggle_layer(self) -> None:
        self.set_layer("clinician" if self.evidence_layer == "plain" else "plain")

    def set_layer(self, layer: EvidenceLayer) -> None:
        self.evidence_layer = layer
        self._keep_setting("layer", layer)
        with self.app.batch_update():
            self.refresh_items()
            self.refresh_status()

    def _keep_setting(self, name: str, value: str) -> None:
        self.session.set_setting(name, value)
        self.post_message(SettingChanged())

    def _label_benefits(self) -> None:
        number = ASPECT_IDS.index("benefits")
        label = f"{number + 1} Benefits ({present.comparator_title(self.comparator)})"
        self.query_one(AspectStrip).set_label(number, label)

    def refresh_plot(self) -> None:
        """The Benefits plot: every selected option on one axis, for one outcome."""
        index = self.session.index
        outcomes = present.plot_outcomes(index, self.selected)
        if outcomes and self.plot_outcome not in outcomes:
            self.plot_outcome = outcomes[0]
        shown = (tuple(self.selected), self.plot_outcome, self.comparator)
        if shown == self._plot_shown:
            return  # it still shows this: leave the widgets (and their rendered lines) alone
        self._plot_shown = shown
        keys = (key_for(self, "next_outcome"), move_key(self, "open"))
        data = present.plot_data(index, self.selected, self.plot_outcome, self.comparator, keys)
        self.plot_targets = data.targets
        self.query_one("#plot-title", Static).update(data.title)
        plot = self.query_one("#benefits-plot", ForestPlot)
        plot.display = bool(data.rows)
        if data.axis is not None:
            plot.update(data.rows, data.axis)
        elsewhere = self.query_one("#plot-elsewhere", Static)
        elsewhere.display = bool(data.elsewhere)
        self._elsewhere = data.elsewhere
        self.fit_plot()

    def fit_plot(self) -> None:
        """Give the plot the height that is left of half the view, once its title and the
        list of findings on other measures have theirs. Given less than it needs, its rows
        scroll and its axis stays in view (ForestPlot)."""
        if self.aspect != "benefits" or not self.size:
            return
        width = self.size.width
        plot = self.query_one("#benefits-plot", ForestPlot)
        views = self.query_one("#views").size.height or self.size.height - SCREEN_FURNITURE
        room = max(PLOT_AREA_MIN, views // 2)
        title, elsewhere = (
            self.query_one(f"#{name}", Static) for name in ("plot-title", "plot-elsewhere")
        )

        def lines(text: Content) -> int:
            return len(text.wrap(width - 2))  # the Statics' padding: one cell each side

        natural = plot.get_content_height(Size(width, 0), Size(width, 0), width)
        title_lines = lines(title.content) if isinstance(title.content, Content) else 1
        # The findings on other measures are listed in full only where the plot keeps the
        # height to show a row with its axis; else just their number.
        for show in (present.ELSEWHERE_SHOWN, 0):
            listed = present.elsewhere_lines(self._elsewhere, show)
            left = room - title_lines - (lines(listed) if self._elsewhere else 0) - 1
            if left >= min(natural, PLOT_ROOM_FIRST):
                break
        if listed != self._elsewhere_listed:  # updated only when it changes: a repaint
            self._elsewhere_listed = listed
            elsewhere.update(listed)
        plot.fit(max(0, min(natural, PLOT_MAX, left)))

    def action_next_outcome(self) -> None:
        outcomes = present.plot_outcomes(self.session.index, self.selected)
        if not outcomes:
            return
        position = outcomes.index(self.plot_outcome) if self.plot_outcome in outcomes else -1
        self.plot_outcome = outcomes[(position + 1) % len(outcomes)]
        if self.aspect != "benefits":
            self.set_aspect(ASPECT_IDS.index("benefits"))
        else:
            self.refresh_plot()

    @on(ForestPlot.RowChosen)
    def _plot_row_chosen(self, event: ForestPlot.RowChosen) -> None:
        event.stop()
        if 0 <= event.index < len(self.plot_targets):
            self.session.open_target(self.plot_targets[event.index])

    def focused_target(self) -> Target | None:
        """What Enter opens: the highlighted item, plot row or grid cell."""
        focused = self.focused
        if isinstance(focused, ComparisonView):
            column = focused.columns[focused.active] if focused.columns else None
            return column.highlighted_target() if column is not None else None
        if isinstance(focused, ForestPlot):
            cursor = focused.cursor
            return self.plot_targets[cursor] if 0 <= cursor < len(self.plot_targets) else None
        if isinstance(focused, OptionGrid):
            return focused.target_at(focused.cursor_coordinate)
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_focused":  # else Enter goes on to the focused widget
            return self.focused_target() is not None
        return True

    def action_open_focused(self) -> None:
        target = self.focused_target()
        if target is not None:
            self.session.open_target(target)

    def action_toggle_grid(self) -> None:
        self.set_view("grid" if self.view == "comparison" else "comparison")

    def set_view(self, view: View) -> None:
        hold_keys(self.app)  # keys typed on belong to the view that takes focus
        self.view = view
        self.query_one("#views", ContentSwitcher).current = VIEW_PANES[view]
        self.show_strips()
        match view:
            case "grid":
                self.query_one(OptionGrid).focus()
            case "comparison":
                self.focus_column(self.active_column)

    def action_back(self) -> None:
        if self.view == "grid":
            self.set_view("comparison")

    async def action_pick_options(self) -> None:
        await self.app.run_action("pick_options")

    async def action_decision(self) -> None:
        await self.app.run_action("decision")

    def action_toggle_shortlist(self) -> None:
        from backtui.profile.store import toggle_shortlist

        if not self.selected:
            return
        option_id = self.selected[self._focused_column()]
        on = option_id not in self.session.profile.shortlist
        self.post_message(ProfileChanged(self.session.apply(toggle_shortlist(option_id, on))))
        self.refresh_titles()
        name = present.clean(self.session.index.options[option_id].name)
        self.notify(
            f"{name} {'added to' if on else 'removed from'} your shortlist",
            timeout=2,
            markup=False,
        )

    def on_screen_resume(self) -> None:
        if frozenset(self.session.profile.shortlist) != self._titles_for:
            self.refresh_titles()  # changed on My decision

    def refresh_titles(self) -> None:
        index = self.session.index
        shortlist = self.session.profile.shortlist
        self._titles_for = frozenset(shortlist)
        comparison = self.comparison
        for number, column in enumerate(comparison.columns):
            comparison.set_title(
                number,
                present.column_title(index, column.option_id, column.option_id in shortlist),
            )

    async def action_search(self) -> None:
        await self.app.run_action("search")

    # ------------------------------------------------------------------ events

    @on(AspectStrip.Chosen)
    def _aspect_clicked(self, event: AspectStrip.Chosen) -> None:
        if event.index != self.aspect_index:
            self.set_aspect(event.index)

    @on(Tabs.TabActivated, "#option-tabs")
    def _option_tab_clicked(self, event: Tabs.TabActivated) -> None:
        if event.tab.id != event.tabs.active:
            return  # stale, as above
        option_id = (event.tab.id or "").removeprefix("tab-")
        if option_id in self.selected and self.selected.index(option_id) != self.active_column:
            self.focus_column(self.selected.index(option_id))

    @on(ComparisonView.ActiveChanged)
    def _column_changed_by_mouse(self, event: ComparisonView.ActiveChanged) -> None:
        event.stop()
        self.apply_layout()  # a narrow screen's option tabs follow the column shown

    @on(ComparisonView.ItemChosen)
    def _item_chosen(self, event: ComparisonView.ItemChosen) -> None:
        event.stop()
        columns = self.columns()
        if event.column < len(columns) and event.item < len(columns[event.column].items):
            target = columns[event.column].items[event.item].target
            if target is not None:
                self.session.open_target(target)

    @on(OptionGrid.Window)
    def _grid_window(self, event: OptionGrid.Window) -> None:
        event.stop()
        names = [present.clean(self.session.index.options[o].name) for o in self.selected]
        self.query_one("#grid-intro", Static).update(
            present.grid_intro(
                names,
                event.first,
                event.shown,
                {
                    "open": move_key(self, "open"),
                    "back": move_key(self, "back"),
                    "grid": key_for(self, "toggle_grid"),
                    "left": move_key(self, "left", last=True),
                    "right": move_key(self, "right", last=True),
                },
                short=self.size.height < STATUS_FROM_HEIGHT,
            )
        )

    @on(DataTable.CellSelected)
    def _cell_chosen(self, event: DataTable.CellSelected) -> None:
        event.stop()
        target = self.query_one(OptionGrid).target_at(event.coordinate)
        if target is not None:
            self.session.open_target(target)

    # ------------------------------------------------------------------ used by search and palette

    @property
    def selected(self) -> list[str]:
        return self.session.selected

    async def set_selection(self, selected: list[str], focus_option: str | None = None) -> None:
        self.session.selected = list(selected)
        await self.rebuild_columns(focus_option)

    async def jump_to(self, target: Target, aspect: str) -> None:
        """Show ``target`` in its aspect, adding its option's column if it is not shown."""
        column_option = target.option_id
        index = self.session.index
        if column_option not in self.selected:
            owner = index.options[column_option].parent
            column_option = owner if owner in self.selected else column_option
        if column_option not in self.selected:
            await self.set_selection([*self.selected, column_option], column_option)
        number = next(n for n, (k, _) in enumerate(ASPECTS) if k == aspect)
        self.set_aspect(number)
        self.focus_column(self.selected.index(column_option))
        self.comparison.highlight(self.active_column, target)
