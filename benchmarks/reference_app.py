"""The reference start-up: a minimal Textual app showing a static 40-row DataTable.

``python -m benchmarks.reference_app``. It draws what dftui's first data frame draws (a header,
a table of 40 rows and a footer) and nothing else, so dftui's start-up is quoted against it.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

MARKER = "reference-row-0001"
COLUMNS = ("Name", "ID", "Type", "Status", "Last execution", "Last run at", "Updated")


class ReferenceApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*COLUMNS)
        for index in range(1, 41):
            table.add_row(
                f"reference-row-{index:04d}",
                f"id{index:010d}",
                "DATAFLOW",
                "RUNNABLE",
                "COMPLETED",
                "11-28 09:00",
                "11-27",
            )


if __name__ == "__main__":
    ReferenceApp().run()
