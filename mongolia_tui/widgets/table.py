"""A table that renders only the rows on screen (Textual's Line API), for any number of rows.

It knows nothing of partners: it is given columns, a row count and a function that returns a
row's cells. Sorting and filtering happen in the model; the table shows what it is handed and
reports what the user does (cursor moves, header clicks) as messages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from mongolia_tui.sanitize import safe_line
from mongolia_tui.search import match_spans

CellsFn = Callable[[int], Sequence[str]]


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: ``width`` 0 means it shares the space left over."""

    key: str
    label: str
    width: int = 0
    align: str = "left"
    #: Whether search matches are highlighted in this column's cells.
    highlight: bool = False
    #: Columns with a drop order are hidden, lowest first, when the flexible columns get too narrow.
    drop: int | None = None


GAP = 1  # blank cells between columns
MIN_FLEXIBLE = 16  # below this a name column is unreadable: drop optional columns instead


def visible_columns(columns: Sequence[Column], total: int) -> list[int]:
    """Indices of the columns that fit ``total`` cells, dropping optional ones as needed."""
    shown = list(range(len(columns)))
    droppable = sorted((c.drop, i) for i, c in enumerate(columns) if c.drop is not None)
    flexible = sum(1 for c in columns if c.width == 0) or 1
    for _, i in droppable:
        fixed = sum(columns[j].width for j in shown) + GAP * (len(shown) - 1)
        if (total - fixed) // flexible >= MIN_FLEXIBLE:
            break
        shown.remove(i)
    return shown


def layout_widths(columns: Sequence[Column], total: int) -> list[int]:
    """Column widths for a table ``total`` cells wide; flexible columns share what is left."""
    fixed = sum(c.width for c in columns) + GAP * (len(columns) - 1)
    flexible = [i for i, c in enumerate(columns) if c.width == 0]
    spare = max(total - fixed, 0)
    widths = [c.width for c in columns]
    for n, i in enumerate(flexible):
        share = spare // len(flexible) + (1 if n < spare % len(flexible) else 0)
        widths[i] = max(share, 4)
    return widths


def fit(text: str, width: int, align: str = "left") -> str:
    """Clip (with an ellipsis) or pad text to exactly ``width`` cells."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    pad = " " * (width - cell_len(text))
    return pad + text if align == "right" else text + pad


class RowTable(ScrollView, can_focus=True):
    """A scrolling, sortable-looking table drawn line by line."""

    COMPONENT_CLASSES = {
        "rowtable--header",
        "rowtable--header-sorted",
        "rowtable--cursor",
        "rowtable--match",
        "rowtable--empty",
        "rowtable--muted",
    }

    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("pageup,ctrl+b", "page_up", "Page up", show=False),
        Binding("pagedown,ctrl+f,space", "page_down", "Page down", show=False),
        Binding("home,g", "first", "First row", show=False),
        Binding("end,G", "last", "Last row", show=False),
    ]

    cursor_row: reactive[int | None] = reactive(None, always_update=True, init=False)

    class CursorMoved(Message):
        """The highlighted row changed (``row`` is None when nothing is highlighted)."""

        def __init__(self, table: RowTable, row: int | None) -> None:
            super().__init__()
            self.table = table
            self.row = row

    class HeaderClicked(Message):
        """A column header was clicked."""

        def __init__(self, table: RowTable, column: str) -> None:
            super().__init__()
            self.table = table
            self.column = column

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.columns: tuple[Column, ...] = ()
        self.row_count = 0
        self._cells: CellsFn = lambda _: ()
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
        row_count: int,
        cells: CellsFn,
        *,
        cursor: int | None,
        sort_column: str | None,
        sort_descending: bool,
        terms: tuple[str, ...] = (),
        muted: Callable[[int], bool] | None = None,
        empty_message: str | None = None,
    ) -> None:
        """Replace what the table shows; ``cursor`` is the row to highlight (or None)."""
        self.columns = tuple(columns)
        self.row_count = row_count
        self._cells = cells
        self._muted = muted or (lambda _: False)
        self.sort_column = sort_column
        self.sort_descending = sort_descending
        self.terms = terms
        if empty_message is not None:
            self.empty_message = empty_message
        self.virtual_size = Size(self.size.width, row_count + 1)
        if cursor is None:
            self.scroll_to(y=0, animate=False, force=True, immediate=True)
        self.set_cursor(cursor, center=True)
        self.refresh()

    def set_cursor(self, row: int | None, *, center: bool = False) -> None:
        """Highlight a row (clamped to the rows there are) and scroll it into view."""
        if row is not None:
            row = min(max(row, 0), self.row_count - 1) if self.row_count else None
        self.cursor_row = row
        if row is not None:
            self._scroll_to_row(row, center=center)

    def watch_cursor_row(self, row: int | None) -> None:
        self.refresh()
        self.post_message(self.CursorMoved(self, row))

    # -- geometry -----------------------------------------------------------------------------

    @property
    def body_height(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def _scroll_to_row(self, row: int, *, center: bool) -> None:
        top = int(self.scroll_y)
        height = self.body_height
        if top <= row < top + height:
            return
        if center:
            target = row - height // 2
        else:
            target = row if row < top else row - height + 1
        self.scroll_to(y=max(target, 0), animate=False, force=True, immediate=True)

    def center_cursor(self) -> None:
        """Scroll so the highlighted row is in the middle of the table."""
        if self.cursor_row is not None:
            target = max(self.cursor_row - self.body_height // 2, 0)
            self.scroll_to(y=target, animate=False, force=True, immediate=True)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, self.row_count + 1)
        if self.cursor_row is not None:
            self._scroll_to_row(self.cursor_row, center=False)

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
        row = int(self.scroll_y) + y - 1
        if self.row_count == 0:
            if y == 2:
                style = self.get_component_rich_style("rowtable--empty")
                return Strip([Segment(fit("  " + self.empty_message, width), style)])
            return Strip.blank(width, self.rich_style)
        if row >= self.row_count:
            return Strip.blank(width, self.rich_style)
        return self._row_strip(row, columns, widths, width)

    def _header_strip(self, columns: Sequence[Column], widths: list[int], width: int) -> Strip:
        base = self.get_component_rich_style("rowtable--header")
        sorted_style = self.get_component_rich_style("rowtable--header-sorted")
        segments: list[Segment] = []
        for n, (column, w) in enumerate(zip(columns, widths)):
            label = column.label
            style = base
            if column.key == self.sort_column:
                label = f"{label}{'▼' if self.sort_descending else '▲'}"
                style = sorted_style
            if n:
                segments.append(Segment(" " * GAP, base))
            segments.append(Segment(fit(label, w, column.align), style))
        used = sum(widths) + GAP * (len(widths) - 1)
        if used < width:
            segments.append(Segment(" " * (width - used), base))
        return Strip(segments).crop(0, width)

    def _row_strip(
        self, row: int, columns: Sequence[Column], widths: list[int], width: int
    ) -> Strip:
        by_key = dict(zip((c.key for c in self.columns), self._cells(row)))
        base = self.rich_style
        if self._muted(row):
            base = base + self.get_component_rich_style("rowtable--muted")
        if row == self.cursor_row:
            base = base + self.get_component_rich_style("rowtable--cursor")
        match_style = self.get_component_rich_style("rowtable--match")
        segments: list[Segment] = []
        for n, (column, w) in enumerate(zip(columns, widths)):
            raw = by_key.get(column.key, "")
            if n:
                segments.append(Segment(" " * GAP, base))
            text = fit(safe_line(raw), w, column.align)
            if column.highlight and self.terms:
                segments.extend(_highlighted(text, self.terms, base, base + match_style))
            else:
                segments.append(Segment(text, base))
        used = sum(widths) + GAP * (len(widths) - 1)
        if used < width:
            segments.append(Segment(" " * (width - used), base))
        return Strip(segments).crop(0, width)

    # -- input --------------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            column = self._column_at(event.x)
            if column is not None:
                self.post_message(self.HeaderClicked(self, column))
            return
        row = int(self.scroll_y) + event.y - 1
        if 0 <= row < self.row_count:
            self.set_cursor(row)

    def _column_at(self, x: int) -> str | None:
        columns, widths = self._layout()
        start = 0
        for column, w in zip(columns, widths):
            if start <= x < start + w + GAP:
                return column.key
            start += w + GAP
        return None

    def _move(self, delta: int) -> None:
        if not self.row_count:
            return
        if self.cursor_row is None:
            self.set_cursor(0 if delta > 0 else self.row_count - 1)
        else:
            self.set_cursor(self.cursor_row + delta)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_page_up(self) -> None:
        self._move(-self.body_height)

    def action_page_down(self) -> None:
        self._move(self.body_height)

    def action_first(self) -> None:
        if self.row_count:
            self.set_cursor(0)

    def action_last(self) -> None:
        if self.row_count:
            self.set_cursor(self.row_count - 1)


def _highlighted(text: str, terms: tuple[str, ...], style: Style, match: Style) -> list[Segment]:
    spans = match_spans(text, terms)
    if not spans:
        return [Segment(text, style)]
    out: list[Segment] = []
    at = 0
    for start, end in spans:
        if start > at:
            out.append(Segment(text[at:start], style))
        out.append(Segment(text[start:end], match))
        at = end
    if at < len(text):
        out.append(Segment(text[at:], style))
    return out
