"""The timeline: relations established per year or per decade, drawn with plotext.

Over SSH every repaint is bytes on the wire, so the chart is drawn only when what it shows
changes (year/decade, region, size, or the selection leaving the years on screen). Moving the
selection redraws only the two-line :class:`SelectionLine` under the chart: a marker under the
selected bar and a line of words about it.

The screen is built from plain data and dismisses with a plain result: a
:class:`~mongolia_tui.stats.YearRange` for Enter on a year or decade with partners, None for
escape.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static
from textual_plotext import PlotextPlot
from textual_plotext.plot import Plot

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

#: Kinds of history event drawn as a break (×) or a restoration (+).
BREAK_KINDS = frozenset({"broken", "withdrawn"})
#: Colours of the break (×) and restoration (+) marks on dark and light themes: each reads
#: at WCAG AA (4.5:1) or better on the theme's background in truecolor, 256 and 16 colours
#: (tests/functional/test_contrast.py); a 16-colour terminal shows most dark greens grey.
MARK_COLOURS = {True: ((255, 138, 128), (105, 240, 174)), False: ((183, 28, 28), (0, 100, 0))}
#: At most this many columns per bar: wide terminals get wider bars, not absurd ones.

MAX_COLUMNS = {False: 3, True: 10}
#: The narrowest the statistics beside the chart get (wide terminals).
STATS_WIDTH = 50


def nearest_with_partners(slots: Sequence[Slot], index: int) -> int | None:
    """The slot nearest ``index`` that has partners (the earlier on a tie), if any."""
    found = [i for i, slot in enumerate(slots) if slot.count]
    return min(found, key=lambda i: (abs(i - index), i)) if found else None


@dataclass(frozen=True, slots=True)
class ChartLayout:
    """Where the bars go: which slots are on screen and the columns each takes."""

    #: Index of the first slot shown.
    first: int
    #: How many slots are shown (fewer than all when the terminal is too narrow for all).
    shown: int
    #: Columns per slot: the bar, then one blank column when there are two or more.
    per_slot: int
    #: Columns left of the first bar: the y-axis labels and the axis line.
    left: int

    @property
    def width(self) -> int:
        """Width of the whole chart, right frame included."""
        return self.left + self.per_slot * self.shown + 1

    @property
    def bar_columns(self) -> int:
        return max(self.per_slot - 1, 1)

    def visible(self, index: int) -> bool:
        return self.first <= index < self.first + self.shown

    def column(self, index: int) -> int:
        """The screen column under the middle of slot ``index``'s bar."""
        return self.left + (index - self.first) * self.per_slot + (self.bar_columns - 1) // 2

    def slot_at(self, x: int) -> int | None:
        """The slot drawn at column ``x``, if any."""
        offset = x - self.left
        if offset < 0 or offset >= self.per_slot * self.shown:
            return None
        return self.first + offset // self.per_slot


def chart_layout(
    width: int,
    slots: int,
    top: int,
    selected: int,
    *,
    decades: bool = False,
    first: int | None = None,
) -> ChartLayout:
    """Fit ``slots`` bars into ``width`` columns, keeping slot ``selected`` on screen.

    ``top`` is the highest count (its digits set the y-axis labels' width). ``first`` is the
    window shown so far: kept when the selection is still inside it, so moving within the
    window never redraws the chart; without it the latest years are shown.
    """
    left = len(str(max(top, 0))) + 1
    room = width - left - 1
    if slots <= 0 or room < 1:
        return ChartLayout(0, 0, 1, left)
    per_slot = max(1, min(room // slots, MAX_COLUMNS[decades]))
    shown = min(slots, room // per_slot)
    if first is None:
        first = slots - shown
    first = min(max(first, 0), slots - shown)
    if selected < first:
        first = selected
    elif selected >= first + shown:
        first = selected - shown + 1
    return ChartLayout(max(first, 0), shown, per_slot, left)


def _tick_labels(slots: Sequence[Slot], layout: ChartLayout, decades: bool) -> list[int]:
    """Indices of the slots that get an x-axis label: decade starts, spaced to fit."""
    window = range(layout.first, layout.first + layout.shown)
    if not decades:
        step = 10 if layout.per_slot * 10 >= 6 else 20
        return [i for i in window if slots[i].start % step == 0]
    step = -(-6 // layout.per_slot)  # labels are 5 characters, with a space between
    return [i for i in window if (slots[i].start // 10) % step == 0]


def axis_labels(slots: Sequence[Slot], layout: ChartLayout, decades: bool) -> str:
    """The line of year labels under the chart, each centred under its tick.

    Written here rather than by plotext: plotext places each label by looking at the labels
    already placed, in an order that changes from one run to the next (it removes duplicate
    ticks through a set), so the same chart could come out differently.
    """
    line = [" "] * layout.width
    end = 0
    for i in _tick_labels(slots, layout, decades):
        label = slots[i].label
        start = min(max(layout.column(i) - (len(label) - 1) // 2, 0), layout.width - len(label))
        if start < end + 1 and end:
            continue
        line[start : start + len(label)] = label
        end = start + len(label)
    return "".join(line)


def draw_chart(
    plt,
    slots: Sequence[Slot],
    layout: ChartLayout,
    height: int,
    *,
    decades: bool,
    theme: str,
    dark: bool = True,
) -> str:
    """Draw the slots' bars and marks with a plotext figure; returns its ANSI text.

    Bars are placed in column coordinates (one x unit per terminal column), so bar ``i``
    starts exactly at ``layout.column(i)``'s left edge and the marker under it lines up.
    """
    window = slots[layout.first : layout.first + layout.shown]
    counts = [s.count for s in window]
    top = max((s.count for s in slots), default=0)
    rows = max(height - 3, 2)  # the frame's top and bottom lines and the year labels
    row = max(top, 1) / (rows - 1)
    k = layout.per_slot
    xs = [i * k + (layout.bar_columns - 1) / 2 for i in range(len(window))]
    plt.clear_figure()
    # Our own widget decides the size; plotext would otherwise clip it to the terminal's.
    plt._limit_size(False, False)
    plt.plotsize(layout.width, height)
    plt.theme(theme)
    # Edges in whole columns: bar i covers columns i*k .. i*k + bar_columns - 1.
    plt.bar(xs, counts, width=(layout.bar_columns - 1) / k, marker="sd")
    # Marks sit just above their bar: a break one row up, a restoration one row higher still
    # when the same bar has a break too.
    breaks, restorations = [], []
    lifted = 0
    for x, slot in zip(xs, window):
        broken = any(m.kind in BREAK_KINDS for m in slot.marks)
        if broken:
            breaks.append((x, slot.count + row))
            lifted = max(lifted, 1)
        if any(m.kind not in BREAK_KINDS for m in slot.marks):
            up = 2 if broken else 1
            restorations.append((x, slot.count + up * row))
            lifted = max(lifted, up)
    broken_colour, restored_colour = MARK_COLOURS[dark]
    for points, marker, colour in (
        (breaks, "×", broken_colour),
        (restorations, "+", restored_colour),
    ):
        if points:
            plt.scatter([p[0] for p in points], [p[1] for p in points], marker=marker, color=colour)
    plt.xlim(0, max(k * len(window) - 1, 1))
    plt.ylim(0, max(top, 1) + lifted * row)
    ticks = sorted({0, top // 2, top}) if top else [0]
    plt.yticks(ticks, [str(t) for t in ticks])
    # Ticks on the axis from plotext; their labels come from axis_labels (blank here).
    labelled = _tick_labels(slots, layout, decades)
    plt.xticks([xs[i - layout.first] for i in labelled], [""] * len(labelled))
    lines = plt.build().split("\n")
    axis = max(i for i, line in enumerate(lines) if "└" in line)
    return "\n".join([*lines[: axis + 1], axis_labels(slots, layout, decades)])


class TimelineChart(PlotextPlot):
    """The bar chart; drawn again only when its data, size, window or theme change."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.slots: list[Slot] = []
        self.decades = False
        self.top = 0
        self.selected = 0
        self._first: int | None = None
        self._cache: tuple[object, Text] | None = None
        #: How many times plotext drew the chart (for tests: moving must not redraw it).
        self.draws = 0

    def show(self, slots: list[Slot], selected: int, *, decades: bool) -> None:
        """New data (year/decade or region changed): draw again, window around ``selected``."""
        self.slots = slots
        self.decades = decades
        self.top = max((s.count for s in slots), default=0)
        self.selected = selected
        self._first = None
        self.refresh()

    @property
    def layout(self) -> ChartLayout:
        layout = chart_layout(
            self.size.width,
            len(self.slots),
            self.top,
            self.selected,
            decades=self.decades,
            first=self._first,
        )
        if layout.shown:  # not before the chart has a size
            self._first = layout.first
        return layout

    def select(self, index: int) -> None:
        """Move the selection; the chart is redrawn only if the window has to move."""
        before = self._first
        self.selected = index
        if self.layout.first != before:
            self.refresh()

    def render(self) -> Text:
        if not self.slots:
            return Text("No partner has a known date.", style="italic")
        layout = self.layout
        theme = self._get_plotext_theme_name(self.app.theme)
        dark = self.app.current_theme.dark
        key = (layout, self.size.height, theme, dark, id(self.slots))
        if self._cache is None or self._cache[0] != key:
            self.draws += 1
            # A fresh figure each time: plotext keeps state between builds of one figure.
            self._plot = Plot()
            ansi = draw_chart(
                self.plt,
                self.slots,
                layout,
                self.size.height,
                decades=self.decades,
                theme=theme,
                dark=dark,
            )
            text = Text.from_ansi(ansi, no_wrap=True, end="")
            text.overflow = "crop"
            self._cache = (key, text)
        return self._cache[1]


class SelectionLine(Widget):
    """Two lines under the chart: a marker under the selected bar, and words about it."""

    COMPONENT_CLASSES = {"selection--marker", "selection--label", "selection--hint"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._column: int | None = None
        self._words: list[tuple[str, str]] = []
        self._more = (False, False)

    def show(
        self, column: int | None, words: list[tuple[str, str]], more: tuple[bool, bool]
    ) -> None:
        """``words``: (text, component class) pieces; ``more``: years hidden left, right."""
        if (column, words, more) != (self._column, self._words, self._more):
            self._column, self._words, self._more = column, words, more
            self.refresh()

    def render(self) -> Text:
        marker = self.get_component_rich_style("selection--marker")
        width = self.size.width
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        if self._more[0]:
            line.append("◀", marker)
        if self._column is not None:
            line.append(" " * max(self._column - line.cell_len, 0))
            line.append("▲", marker)
        if self._more[1]:
            line.append(" " * max(width - 1 - line.cell_len, 0))
            line.append("▶", marker)
        words = Text(no_wrap=True, overflow="ellipsis", end="")
        pieces = self._words
        if sum(cell_len(piece) for piece, _ in pieces) > width:
            # The hint repeats the key bar: it goes first when the line is short of room.
            pieces = [p for p in pieces if p[1] != "selection--hint"]
        for piece, style in pieces:
            words.append(piece, self.get_component_rich_style(style))
        words.truncate(width, overflow="ellipsis")
        line.truncate(width)
        return Text("\n", end="").join([line, words])


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
        layout = self.chart.layout
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
        index = chart.layout.slot_at(event.screen_x - chart.region.x)
        if index is not None:
            self._select(index)
