"""Bottom status line of a data screen: progress, counts, filter, staleness."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from dftui.ui.safe_text import clean


class StatusLine(Static):
    """Shows ``stale: <error>`` in the error colour, otherwise the screen's summary.

    ``failed:`` replaces ``stale:`` while nothing has loaded yet: no older data is on screen.
    ``refreshing…`` leads the line while a slow refresh of the data on screen is under way.
    """

    DEFAULT_CSS = """
    StatusLine { height: 1; padding: 0 1; background: $surface; color: $text-muted; }
    StatusLine.-stale { background: $error 30%; color: $text; }
    """

    summary: reactive[str] = reactive("")
    stale: reactive[str | None] = reactive(None)
    has_data: reactive[bool] = reactive(False)
    refreshing: reactive[bool] = reactive(False)

    def render(self) -> Text:
        if self.refreshing:
            text = Text("refreshing… ", style="italic")
            text.append_text(self._line())
            return text
        return self._line()

    def _line(self) -> Text:
        if self.stale:
            text = Text("stale: " if self.has_data else "failed: ", style="bold")
            text.append(clean(self.stale))
            if self.summary:
                text.append("  │ " + clean(self.summary), style="dim")
            return text
        return Text(clean(self.summary))

    def watch_stale(self, stale: str | None) -> None:
        self.set_class(bool(stale), "-stale")
