"""The wire-bytes baseline: a stock Textual ``DataTable`` of the same rows, nothing more.

python benchmarks/datatable_app.py STORE.json
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import DataTable

from mongolia_tui.store import load_store


class StockTable(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        yield DataTable(cursor_type="row")

    def on_mount(self) -> None:
        catalogue = load_store(self.path)
        table = self.query_one(DataTable)
        table.add_columns("#", "Country", "Region", "Established")
        for i in catalogue.chronological or range(len(catalogue.partners)):
            r = catalogue.partners[i]
            table.add_row(r.rank or "—", r.name, r.region, r.established_text)
        table.focus()


if __name__ == "__main__":
    StockTable(sys.argv[1]).run()
