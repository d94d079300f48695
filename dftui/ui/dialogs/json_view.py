"""Modal that shows the raw JSON of any API object, highlighted, however big it is.

A job may carry 100,000 parameters or a 10 MB description. So the JSON is formatted in a thread
(never on the UI loop, which keeps answering keys meanwhile), and shown by :class:`JsonLines`,
which draws only the lines in view. Each line is made safe for the terminal (``json.dumps``
escapes C0 controls but leaves C1 controls, DEL and bidi overrides as they are) and a very long
line is cut with a count; ``C`` copies the whole, uncut JSON.
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Label

from dftui.ui.safe_text import clean
from dftui.ui.widgets.footer import KeyFooter

LINE_LIMIT = 5_000
"""Characters of one JSON line drawn; the rest is summarised (``C`` still copies all of it)."""

_TOKEN = re.compile(r'("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d[\d.eE+-]*|true|false|null)')


def format_json(data: Any) -> tuple[str, list[str], int]:
    """The JSON text, its display lines (safe, bounded) and their widest width. Slow on big data:
    call it off the UI loop."""
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    lines = [clean(line, limit=LINE_LIMIT) for line in text.split("\n")]
    width = max((cell_len(line) for line in lines), default=0)
    return text, lines, width


class JsonLines(ScrollView, can_focus=True):
    """Read-only lines, virtualised: only the lines in view are styled and drawn."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"json--key", "json--string", "json--literal"}
    DEFAULT_CSS = """
    JsonLines { height: 1fr; }
    JsonLines > .json--key { color: $accent; text-style: bold; }
    JsonLines > .json--string { color: $success; }
    JsonLines > .json--literal { color: $warning; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "scroll_up", "Up", show=False, id="json.up"),
        Binding("down", "scroll_down", "Down", show=False, id="json.down"),
        Binding("left", "scroll_left", "Left", show=False, id="json.left"),
        Binding("right", "scroll_right", "Right", show=False, id="json.right"),
        Binding("pageup", "page_up", "Page up", show=False, id="json.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="json.page_down"),
        Binding("home", "scroll_home", "Top", show=False, id="json.top"),
        Binding("end", "scroll_end", "Bottom", show=False, id="json.bottom"),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lines: list[str] = []

    def set_lines(self, lines: list[str], width: int) -> None:
        self.lines = lines
        self.virtual_size = Size(width, len(lines))
        self.refresh()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        base = self.rich_style
        if index >= len(self.lines):
            return Strip.blank(self.size.width, base)
        strip = Strip(self._segments(self.lines[index], base))
        return strip.crop_extend(scroll_x, scroll_x + self.size.width, base)

    def _segments(self, line: str, base: Style) -> list[Segment]:
        key = base + self.get_component_rich_style("json--key", partial=True)
        string = base + self.get_component_rich_style("json--string", partial=True)
        literal = base + self.get_component_rich_style("json--literal", partial=True)
        segments: list[Segment] = []
        at = 0
        for match in _TOKEN.finditer(line):
            if match.start() > at:
                segments.append(Segment(line[at : match.start()], base))
            if match.group(1) is not None:
                segments.append(Segment(match.group(1), key if match.group(2) else string))
                if match.group(2):
                    segments.append(Segment(match.group(2), base))
            else:
                segments.append(Segment(match.group(3), literal))
            at = match.end()
        if at < len(line):
            segments.append(Segment(line[at:], base))
        return segments


class JsonViewScreen(ModalScreen[None]):
    """Scrollable, read-only JSON of ``.raw``; ``C`` copies it, escape closes."""

    DEFAULT_CSS = """
    JsonViewScreen { align: center middle; }
    JsonViewScreen > Vertical {
        width: 90%; height: 90%; border: round $accent; background: $surface; padding: 0 1;
    }
    JsonViewScreen #json-title { text-style: bold; width: 1fr; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", id="json.close"),
        Binding("q", "dismiss", "Close", show=False, id="json.close_q"),
        Binding("C", "copy", "Copy JSON", id="json.copy"),
    ]
    AUTO_FOCUS = "#json-text"

    def __init__(self, title: str, data: Any) -> None:
        super().__init__()
        self.title_text = title
        self.data = data
        self.text: str | None = None
        """The whole JSON, once formatted."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"JSON · {clean(self.title_text)}", id="json-title", markup=False)
            yield Label("formatting…", id="json-status", markup=False)
            yield JsonLines(id="json-text")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._format()

    @work(exclusive=True, group="json-format", exit_on_error=False)
    async def _format(self) -> None:
        # asyncio.to_thread, not a thread worker: Textual sets a thread worker in the pool
        # thread's own context, where it (and this closed view) would live until that thread
        # runs another thread worker
        text, lines, width = await asyncio.to_thread(format_json, self.data)
        self._formatted(text, lines, width)

    def _formatted(self, text: str, lines: list[str], width: int) -> None:
        self.text = text
        self.query_one(JsonLines).set_lines(lines, width)
        status = self.query_one("#json-status", Label)
        status.display = len(lines) > 1_000
        status.update(f"{len(lines):,} lines · {len(text):,} characters")

    def action_copy(self) -> None:
        if self.text is None:
            self.notify("Still formatting the JSON; try again in a moment", severity="warning", markup=False)
            return
        self.app.copy_to_clipboard(self.text)
        self.notify(f"Copied JSON of {self.title_text}", markup=False)
