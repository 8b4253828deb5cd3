"""A table that renders only the rows on screen (Textual's Line API), for any number of rows.

It knows nothing of partners: it is given columns, the rows (item identities, in display
order) and a function that returns an item's cells. It reports clicks as the *item* clicked,
never as a row position. Over SSH every repaint is bytes on the wire, so a change of highlight
repaints the two rows it touches and nothing else, and each line is drawn with as few style
changes as it can be.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import Reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from mongolia_tui.columns import Column
from mongolia_tui.sanitize import safe_line
from mongolia_tui.search import match_spans

CellsFn = Callable[[int], Mapping[str, str]]


GAP = 1  # blank cells between columns
MIN_FLEXIBLE = 16  # below this a name column is unreadable: drop optional columns instead
ARROWS = {False: "▲", True: "▼"}


def _needs(column: Column) -> int:
    """The narrowest a flexible column may get before optional columns give way."""
    return min(MIN_FLEXIBLE, column.need) if column.need else MIN_FLEXIBLE


def visible_columns(columns: Sequence[Column], total: int) -> list[int]:
    """Indices of the columns that fit ``total`` cells, dropping optional ones only when a
    flexible column would get narrower than it needs (never while it has room to spare)."""
    shown = list(range(len(columns)))
    droppable = sorted((c.drop, i) for i, c in enumerate(columns) if c.drop is not None)
    for _, i in droppable:
        fixed = sum(columns[j].least for j in shown) + GAP * (len(shown) - 1)
        flexible = [columns[j] for j in shown if columns[j].width == 0]
        if total - fixed >= sum(_needs(c) for c in flexible):
            break
        shown.remove(i)
    return shown


def layout_widths(columns: Sequence[Column], total: int) -> list[int]:
    """Column widths for a table ``total`` cells wide. Flexible columns get what they need
    first, then columns that can grow (Region) their full width, then flexible columns
    share what is left."""
    widths = [c.least for c in columns]
    flexible = [i for i, c in enumerate(columns) if c.width == 0]
    spare = max(total - sum(widths) - GAP * (len(columns) - 1), 0)
    # What the flexible columns need (all of the spare space if they do not say).
    wanted = [columns[i].need or spare for i in flexible]
    for n, i in enumerate(flexible):
        share = min(wanted[n], spare // (len(flexible) - n))
        widths[i] = share
        spare -= share
    for i, c in enumerate(columns):
        for width in sorted((c.width, *(w for w, _ in c.narrower)), reverse=True):
            if c.width and 0 < width - widths[i] <= spare:
                spare -= width - widths[i]
                widths[i] = width
                break
    for n, i in enumerate(flexible):
        widths[i] += spare // len(flexible) + (1 if n < spare % len(flexible) else 0)
    return [max(w, 4) if columns[i].width == 0 else w for i, w in enumerate(widths)]


def fit(text: str, width: int, align: str = "left") -> str:
    """Clip (with an ellipsis) or pad text to exactly ``width`` cells."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    pad = " " * (width - cell_len(text))
    return pad + text if align == "right" else text + pad


def header_label(label: str, width: int, arrow: str, align: str = "left") -> str:
    """A header cell; a sort arrow is never clipped (the label gives way to it)."""
    if not arrow:
        return fit(label, width, align)
    if width <= 1:
        return arrow[:width]
    if cell_len(label) + 1 > width:
        label = set_cell_size(label, width - 2) + "…" if width > 2 else ""
    return fit(label + arrow, width, align)


class RowTable(ScrollView, can_focus=True, inherit_bindings=False):
    """A scrolling table drawn line by line; the header is line 0 of the content.

    ``cells(item)`` maps column keys to an item's cell texts. It has no key bindings of its
    own (a scroll view's arrows would scroll without moving the highlight): the app's keys
    move the highlight in the browser's state.
    """

    #: No link highlighting: Textual repaints a widget with it on every hover change.
    auto_links = Reactive(False)

    COMPONENT_CLASSES = {
        "rowtable--header",
        "rowtable--header-sorted",
        "rowtable--cursor",
        "rowtable--match",
        "rowtable--empty",
        "rowtable--muted",
    }

    class Clicked(Message):
        """An item's row was clicked."""

        def __init__(self, table: RowTable, item: int) -> None:
            super().__init__()
            self.table = table
            self.item = item

    class HeaderClicked(Message):
        """A column header was clicked."""

        def __init__(self, table: RowTable, column: str) -> None:
            super().__init__()
            self.table = table
            self.column = column

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.columns: tuple[Column, ...] = ()
        self.rows: Sequence[int] = ()
        self.cursor: int | None = None
        self._cells: CellsFn = lambda _: {}
        self._muted: Callable[[int], bool] = lambda _: False
        self.sort_column: str | None = None
        self.sort_descending = False
        self.terms: tuple[str, ...] = ()
        self.empty_message = "Nothing to show."
        self._fitted: tuple[tuple[int, tuple[Column, ...]], Any] | None = None

    # -- attributes down ----------------------------------------------------------------------

    def show(
        self,
        columns: Sequence[Column],
        rows: Sequence[int],
        cells: CellsFn,
        *,
        cursor: int | None,
        sort_column: str | None,
        sort_descending: bool,
        terms: tuple[str, ...] = (),
        muted: Callable[[int], bool] | None = None,
        empty_message: str = "Nothing to show.",
    ) -> None:
        """Show rows (items, in order) with ``cursor`` the highlighted position (or None).

        When only the highlight moved (the same ``rows`` object, columns, sort and search),
        just the two rows it touches are repainted.
        """
        columns = tuple(columns)
        unchanged = (
            rows is self.rows
            and columns == self.columns
            and sort_column == self.sort_column
            and sort_descending == self.sort_descending
            and terms == self.terms
            and empty_message == self.empty_message
        )
        if unchanged:
            self._move_cursor(cursor)
            return
        self.columns = columns
        self.rows = rows
        self._cells = cells
        self._muted = muted or (lambda _: False)
        self.sort_column = sort_column
        self.sort_descending = sort_descending
        self.terms = terms
        self.empty_message = empty_message
        self.cursor = cursor
        # Only the height matters (overflow-x is hidden); a width that follows the widget's
        # size would change on the first resize and repaint the table for nothing.
        self.virtual_size = Size(0, len(rows) + 1)
        if cursor is None:
            self.scroll_to(y=0, animate=False, force=True, immediate=True)
        else:
            self._scroll_to_row(cursor, center=True)
        self.refresh()

    def _move_cursor(self, cursor: int | None) -> None:
        old = self.cursor
        if cursor == old:
            return
        self.cursor = cursor
        if cursor is not None and not self._row_visible(cursor):
            self._scroll_to_row(cursor, center=False)  # scrolling repaints the whole view
            return
        for row in (old, cursor):
            if row is not None and self._row_visible(row):
                self.refresh(Region(0, row - int(self.scroll_y) + 1, self.size.width, 1))

    def refresh_row(self, row: int) -> None:
        """Repaint one row (its cells changed, e.g. a mark), if it is on screen."""
        if self._row_visible(row):
            self.refresh(Region(0, row - int(self.scroll_y) + 1, self.size.width, 1))

    def scroll_rows(self, delta: int) -> None:
        """Scroll the rows by ``delta`` (a page, as less does), keeping the header."""
        limit = max(len(self.rows) - self.body_height, 0)
        target = min(max(int(self.scroll_y) + delta, 0), limit)
        if target != int(self.scroll_y):
            self.scroll_to(y=target, animate=False, force=True, immediate=True)

    # -- geometry -----------------------------------------------------------------------------

    @property
    def body_height(self) -> int:
        """How many rows fit below the header."""
        return max(self.scrollable_content_region.height - 1, 1)

    def _row_visible(self, row: int) -> bool:
        top = int(self.scroll_y)
        return top <= row < top + self.body_height

    def _scroll_to_row(self, row: int, *, center: bool) -> None:
        if self._row_visible(row):
            return
        height = self.body_height
        top = int(self.scroll_y)
        if center:
            target = row - height // 2
        else:
            target = row if row < top else row - height + 1
        self.scroll_to(y=max(target, 0), animate=False, force=True, immediate=True)

    def center_cursor(self) -> None:
        """Scroll so the highlighted row is in the middle of the table."""
        if self.cursor is not None:
            target = max(self.cursor - self.body_height // 2, 0)
            self.scroll_to(y=target, animate=False, force=True, immediate=True)

    def on_resize(self, event: events.Resize) -> None:
        if self.cursor is not None:
            self._scroll_to_row(self.cursor, center=False)

    # -- rendering ----------------------------------------------------------------------------

    def _layout(self) -> tuple[tuple[Column, ...], list[int]]:
        """The columns that fit the current width, and their widths (worked out once per
        width and set of columns, not once per line drawn)."""
        key = (self.scrollable_content_region.width, self.columns)
        if self._fitted is None or self._fitted[0] != key:
            width = key[0]
            shown = tuple(self.columns[i] for i in visible_columns(self.columns, width))
            self._fitted = (key, (shown, layout_widths(shown, width)))
        return self._fitted[1]

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        columns, widths = self._layout()
        if y == 0:
            return self._header_strip(columns, widths, width)
        if not self.rows:
            if y == 2:
                style = self.get_component_rich_style("rowtable--empty")
                return Strip([Segment(fit("  " + self.empty_message, width), style)], width)
            return Strip.blank(width, self.rich_style)
        row = int(self.scroll_y) + y - 1
        if row >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        return self._row_strip(row, columns, widths, width)

    def _header_strip(self, columns: Sequence[Column], widths: list[int], width: int) -> Strip:
        base = self.get_component_rich_style("rowtable--header")
        sorted_style = self.get_component_rich_style("rowtable--header-sorted")
        before: list[str] = []
        after: list[str] = []
        sorted_cell = ""
        for column, w in zip(columns, widths):
            if column.key == self.sort_column:
                sorted_cell = header_label(
                    column.label, w, ARROWS[self.sort_descending], column.align
                )
                continue
            (after if sorted_cell else before).append(fit(column.label, w, column.align))
        gap = " " * GAP
        left = gap.join(before) + (gap if before and sorted_cell else "")
        right = (gap if after else "") + gap.join(after)
        segments = [Segment(left, base), Segment(sorted_cell, sorted_style), Segment(right, base)]
        return _padded(segments, width, base)

    def _row_strip(
        self, row: int, columns: Sequence[Column], widths: list[int], width: int
    ) -> Strip:
        item = self.rows[row]
        cells = self._cells(item)
        base = self.rich_style
        if self._muted(item):
            base = base + self.get_component_rich_style("rowtable--muted")
        if row == self.cursor:
            base = base + self.get_component_rich_style("rowtable--cursor")
        # One string for the whole line and the match spans in it: a line of one style is
        # one escape sequence on the wire, not one per cell.
        pieces: list[str] = []
        spans: list[tuple[int, int]] = []
        at = 0
        for n, (column, w) in enumerate(zip(columns, widths)):
            if n:
                pieces.append(" " * GAP)
                at += GAP
            text = cells.get(column.key, "")
            for _, key in reversed(column.narrower):  # the longest text that fits
                if cell_len(text) <= w:
                    break
                text = cells.get(key, text)
            text = fit(safe_line(text), w, column.align)
            if column.highlight and self.terms:
                spans.extend((at + s, at + e) for s, e in match_spans(text, self.terms))
            pieces.append(text)
            at += len(text)
        line = "".join(pieces)
        if not spans:
            return _padded([Segment(line, base)], width, base)
        # Only the match's own colour and style: the row's background (the highlight) stays.
        match = base + self.get_component_rich_style("rowtable--match", partial=True)

        segments: list[Segment] = []
        at = 0
        for start, end in spans:
            if start > at:
                segments.append(Segment(line[at:start], base))
            segments.append(Segment(line[start:end], match))
            at = end
        segments.append(Segment(line[at:], base))
        return _padded(segments, width, base)

    # -- input --------------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            column = self._column_at(event.x)
            if column is not None:
                self.post_message(self.HeaderClicked(self, column))
            return
        row = int(self.scroll_y) + event.y - 1
        if 0 <= row < len(self.rows):
            self.post_message(self.Clicked(self, self.rows[row]))

    def _column_at(self, x: int) -> str | None:
        columns, widths = self._layout()
        start = 0
        for column, w in zip(columns, widths):
            if start <= x < start + w + GAP:
                return column.key
            start += w + GAP
        return None


def _padded(segments: list[Segment], width: int, style: Style) -> Strip:
    """A strip of exactly ``width`` cells; the padding joins the last segment's style run."""
    segments = [s for s in segments if s.text]
    used = sum(cell_len(s.text) for s in segments)
    if used < width:
        segments.append(Segment(" " * (width - used), style))
    return Strip(segments).simplify().crop(0, width)
