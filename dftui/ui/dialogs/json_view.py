"""Modal that shows the raw JSON of any API object, syntax-highlighted."""

from __future__ import annotations

import json
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.highlight import highlight
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, Static

from dftui.ui.safe_text import clean


class JsonViewScreen(ModalScreen[None]):
    """Scrollable, read-only JSON of ``.raw``; ``C`` copies it, escape closes."""

    DEFAULT_CSS = """
    JsonViewScreen { align: center middle; }
    JsonViewScreen > Vertical {
        width: 90%; height: 90%; border: round $accent; background: $surface; padding: 0 1;
    }
    JsonViewScreen #json-title { text-style: bold; width: 1fr; }
    JsonViewScreen VerticalScroll { height: 1fr; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", id="json.close"),
        Binding("q", "dismiss", "Close", show=False, id="json.close_q"),
        Binding("C", "copy", "Copy JSON", id="json.copy"),
    ]

    def __init__(self, title: str, data: Any) -> None:
        super().__init__()
        self.title_text = title
        self.data = data
        self.text = json.dumps(data, indent=2, ensure_ascii=False, default=str)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"JSON · {clean(self.title_text)}", id="json-title", markup=False)
            with VerticalScroll(id="json-scroll"):
                # Textual's highlighter follows the app theme (no per-token backgrounds)
                yield Static(highlight(self.text, language="json"), id="json-text")
        yield Footer()

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.text)
        self.notify(f"Copied JSON of {self.title_text}", markup=False)
