"""The timeline's chart: relations per year or decade drawn with plotext, and the two-line
:class:`SelectionLine` under it.

Over SSH every repaint is bytes on the wire, so the chart is drawn only when what it shows
changes (year/decade, region, size, or the selection leaving the years on screen). Moving the
selection redraws only the selection line: a marker under the selected bar and a line of words
about it. The layout and drawing are functions of plain data (:func:`chart_layout`,
:func:`draw_chart`); the widgets hold no more than what they last drew.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget
from textual_plotext import PlotextPlot
from textual_plotext.plot import Plot

from mongolia_tui.stats import Slot

#: Kinds of history event drawn as a break (×) or a restoration (+).
BREAK_KINDS = frozenset({"broken", "withdrawn"})
#: Colours of the break (×) and restoration (+) marks on dark and light themes: each reads
#: at WCAG AA (4.5:1) or better on the theme's background in truecolor, 256 and 16 colours
#: (tests/functional/test_contrast.py); a 16-colour terminal shows most dark greens grey.
MARK_COLOURS = {True: ((255, 138, 128), (105, 240, 174)), False: ((183, 28, 28), (0, 100, 0))}
#: At most this many columns per bar: wide terminals get wider bars, not absurd ones.

MAX_COLUMNS = {False: 3, True: 10}


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
    plt: Plot,
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
    # A private method: textual-plotext's stub of the figure leaves it out.
    plt._limit_size(False, False)  # type: ignore[attr-defined]
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
    ticks: list[float] = sorted({0, top // 2, top}) if top else [0]
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
    def geometry(self) -> ChartLayout:
        """Where the bars go at the present size and selection (not ``layout``: that is
        Textual's, which arranges a widget's children)."""
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
        if self.geometry.first != before:
            self.refresh()

    def render(self) -> Text:
        if not self.slots:
            return Text("No partner has a known date.", style="italic")
        layout = self.geometry
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
