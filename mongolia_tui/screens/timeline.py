"""The timeline: relations established per year or per decade, a region filter and statistics.

The chart and the selection line under it are in :mod:`mongolia_tui.widgets.timeline_chart`;
this screen decides what they show and moves the selection.

The screen is built from plain data and dismisses with a plain result: a
:class:`~mongolia_tui.stats.YearRange` for Enter on a year or decade with partners, None for
escape.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Static

from mongolia_tui.missions import counts as mission_counts
from mongolia_tui.model import REGIONS, Mission, Partner
from mongolia_tui.output.stats import to_table
from mongolia_tui.sanitize import safe_line
from mongolia_tui.stats import (
    Mark,
    Slot,
    YearRange,
    busiest_years,
    per_year,
    statistics,
    summary_lines,
    timeline_slots,
    timeline_span,
)
from mongolia_tui.widgets.timeline_chart import SelectionLine, TimelineChart, chart_layout

#: The narrowest the statistics beside the chart get (wide terminals).
STATS_WIDTH = 50


def nearest_with_partners(slots: Sequence[Slot], index: int) -> int | None:
    """The slot nearest ``index`` that has partners (the earlier on a tie), if any."""
    found = [i for i, slot in enumerate(slots) if slot.count]
    return min(found, key=lambda i: (abs(i - index), i)) if found else None


def _partners(n: int) -> str:
    return "no partners" if n == 0 else "1 partner" if n == 1 else f"{n} partners"


def _mark_words(found: Sequence[Mark]) -> str:
    shown = [f"{m.kind} {safe_line(m.partner)} ({m.date.iso()})" for m in found[:3]]
    more = f" and {len(found) - 3} more" if len(found) > 3 else ""
    return ", ".join(shown) + more


class TimelineScreen(Screen[YearRange | None]):
    """Relations per year or decade, a region filter, and statistics; Enter chooses years."""

    CSS_PATH = "timeline.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (150, "-wide")]
    BINDINGS = [
        Binding("left,h", "move(-1)", "Earlier", show=False),
        Binding("right,l", "move(1)", "Later", show=False),
        Binding("shift+left,H", "jump(-1)", "Previous with partners", show=False),
        Binding("shift+right,L", "jump(1)", "Next with partners", show=False),
        Binding("home", "edge(-1)", "First", show=False),
        Binding("end", "edge(1)", "Last", show=False),
        Binding("d", "toggle_decades", "Years/decades", show=False),
        Binding("right_square_bracket", "region(1)", "Next region", show=False),
        Binding("left_square_bracket", "region(-1)", "Previous region", show=False),
        Binding("enter", "choose", "Show partners", show=False),
        Binding("escape,q,t", "close", "Back", show=False),
    ]

    def __init__(
        self,
        partners: Sequence[Partner],
        *,
        region: str | None = None,
        decades: bool = False,
        year: int | None = None,
        missions: Sequence[Mission] = (),
    ) -> None:
        """``region``: start filtered to it; ``year``: start at it (default: the busiest);
        ``missions``: the store's, counted in the statistics."""
        super().__init__()
        self.partners = tuple(partners)
        self.missions = tuple(missions)
        self.regions: list[str | None] = [None, *REGIONS]
        self.region_filter = region if region in REGIONS else None
        self.decades = decades
        self.span = timeline_span(self.partners)
        _, busiest = busiest_years(self.partners)
        self.year = year if year is not None else (busiest[-1] if busiest else 0)
        self.slots: list[Slot] = []
        self.selected = 0
        self._per_year: dict[int, int] = {}

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="timeline-title", markup=False)
        with Horizontal(id="timeline-body"):
            with Vertical(id="timeline-chart"):
                yield TimelineChart(id="chart")
                yield SelectionLine(id="selection")
            yield Static(id="timeline-stats", markup=False)
        yield Static(id="timeline-keys", markup=False)

    def on_mount(self) -> None:
        self._show_data()

    def on_resize(self, event: events.Resize) -> None:
        # The chart redraws itself at its new size; the marker follows once it has one.
        self._show_stats()
        self.call_after_refresh(self._show_selection)

    @property
    def chart(self) -> TimelineChart:
        return self.query_one(TimelineChart)

    def _partners(self) -> list[Partner]:
        if self.region_filter is None:
            return list(self.partners)
        return [r for r in self.partners if r.region == self.region_filter]

    def _show_data(self) -> None:
        """Year/decade or region changed: new slots, chart, title and statistics."""
        partners = self._partners()
        self._per_year = per_year(partners)
        self.slots = timeline_slots(partners, self.span, decades=self.decades) if self.span else []
        self.selected = self._slot_of(self.year)
        self.chart.show(self.slots, self.selected, decades=self.decades)
        self._show_title(partners)
        self._show_stats()
        self._show_keys()
        self.call_after_refresh(self._show_selection)

    def _slot_of(self, year: int) -> int:
        for i, slot in enumerate(self.slots):
            if slot.start <= year <= slot.end:
                return i
        return max(len(self.slots) - 1, 0)

    def _show_title(self, partners: list[Partner]) -> None:
        region = self.region_filter or "All regions"
        mode = "per decade" if self.decades else "per year"
        dated = sum(s.count for s in self.slots)
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(" Timeline", style="bold")
        text.append(f" · relations established {mode} · {region} · {_partners(dated)} dated")
        self.query_one("#timeline-title", Static).update(text)

    def _show_stats(self) -> None:
        partners = self._partners()
        stats = statistics(partners)
        wide = self.size.width >= 150
        if wide:
            # The chart takes the columns its bars fill, the statistics the rest (at 200
            # columns the bars left some 40 blank while the statistics were cut).
            chart = chart_layout(self.size.width - STATS_WIDTH, len(self.slots), 1,
                                 self.selected, decades=self.decades)  # fmt: skip
            stats_width = max(STATS_WIDTH, self.size.width - chart.width - 1)
            self.query_one("#timeline-stats").styles.width = stats_width
        found = None
        if self.missions:
            among = None if self.region_filter is None else [r.iso3 or "" for r in partners]
            found = mission_counts(self.missions, among)
        if wide:
            text = to_table(stats, found).rstrip("\n")
        else:
            text = "\n".join([*summary_lines(stats), *([found.short()] if found else [])])
        self.query_one("#timeline-stats", Static).update(Text(text))

    def _show_keys(self) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        keys = [
            ("←→", "year" if not self.decades else "decade"),
            ("d", "decades" if not self.decades else "years"),
            ("[ ]", "region"),
            ("enter", "partners"),
            ("esc", "back"),
        ]
        for key, label in keys:
            text.append(f" {key} ", style="bold")
            text.append(f"{label} ")
        if any(s.marks for s in self.slots):
            text.append(" × break + restored")
        self.query_one("#timeline-keys", Static).update(text)

    def _show_selection(self) -> None:
        """The marker and the words: the only repaint when the selection moves."""
        line = self.query_one(SelectionLine)
        if not self.slots:
            line.show(None, [("Nothing to show.", "selection--label")], (False, False))
            return
        layout = self.chart.geometry
        slot = self.slots[self.selected]
        words: list[tuple[str, str]] = [
            (f" {slot.label}", "selection--label"),
            (f" · {_partners(slot.count)}", "selection--label"),
        ]
        if self.decades and slot.count:
            counts = {y: n for y, n in self._per_year.items() if slot.start <= y <= slot.end}
            best = max(counts.values())
            years = ", ".join(str(y) for y, n in counts.items() if n == best)
            words.append((f" · busiest {years} ({best})", "selection--label"))
        if slot.marks:
            words.append((f" · {_mark_words(slot.marks)}", "selection--label"))
        if slot.count:
            words.append((" · enter: show them", "selection--hint"))
        more = (layout.first > 0, layout.first + layout.shown < len(self.slots))
        column = layout.column(self.selected) if layout.visible(self.selected) else None
        line.show(column, words, more)

    # -- actions ------------------------------------------------------------------------------

    def _select(self, index: int) -> None:
        if not self.slots:
            return
        index = min(max(index, 0), len(self.slots) - 1)
        if index == self.selected:
            return
        self.selected = index
        slot = self.slots[index]
        # Remember a year, not a slot: toggling years/decades keeps the place.
        if not slot.start <= self.year <= slot.end:
            self.year = slot.start if not self.decades else slot.start + self.year % 10
        self.chart.select(index)
        self._show_selection()

    def action_move(self, step: int) -> None:
        self._select(self.selected + step)

    def action_jump(self, step: int) -> None:
        index = self.selected + step
        while 0 <= index < len(self.slots) and not self.slots[index].count:
            index += step
        if 0 <= index < len(self.slots):
            self._select(index)

    def action_edge(self, step: int) -> None:
        self._select(0 if step < 0 else len(self.slots) - 1)

    def action_toggle_decades(self) -> None:
        self.decades = not self.decades
        self._show_data()

    def action_region(self, step: int) -> None:
        position = self.regions.index(self.region_filter) + step
        self.region_filter = self.regions[position % len(self.regions)]
        self._show_data()
        # On a year with no partners in the new region, enter would show nothing: the
        # nearest year (or decade) that has some, the earlier one on a tie.
        if self.slots and not self.slots[self.selected].count:
            near = nearest_with_partners(self.slots, self.selected)
            if near is not None:
                self._select(near)

    def action_choose(self) -> None:
        if not self.slots:
            return
        slot = self.slots[self.selected]
        if slot.count:
            self.dismiss(YearRange(slot.start, slot.end, slot.label, self.region_filter))

    def action_close(self) -> None:
        self.dismiss(None)

    def on_click(self, event: events.Click) -> None:
        chart = self.chart
        if event.widget is not chart or not self.slots:
            return
        index = chart.geometry.slot_at(event.screen_x - chart.region.x)
        if index is not None:
            self._select(index)
