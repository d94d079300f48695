"""API text is shown literally: never markup, never a control character on the terminal."""

from __future__ import annotations

import io
import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets._data_table import default_cell_formatter

from dftui.emulator import EmulatorServer
from dftui.ui.safe_text import MAX_CHARS, clean, has_controls, safe_cell, safe_text, table_cell
from dftui.ui.screens.job_detail import JobDetailScreen
from dftui.ui.widgets.keyed_table import KeyedTable
from tests.ui.conftest import SIZE, make_app, settle
from tests.ui.pages import open_job, screen_text

SGR = re.compile("\x1b\\[[0-9;]*m")
PAYLOAD = (
    "[@click=app.quit]x[/] oops[/] [link=file:///etc/passwd]p[/link] \x1b[2J \x1b]52;c;Y3VybA==\x07 \u202e"
)
TEXTS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",))) | st.sampled_from(
    [PAYLOAD, "[/]", "[bold", "\x9b31m", "a\nb\tc"]
)


def rendered(renderable: Any) -> str:
    console = Console(file=io.StringIO(), width=10_000, force_terminal=True, color_system="truecolor")
    console.print(renderable, end="")
    return console.file.getvalue()  # type: ignore[attr-defined]


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_any_string_is_shown_literally_without_control_characters(value: str) -> None:
    text = safe_text(value)
    assert text.plain == clean(value) and not text.spans, "no markup was read"
    assert not has_controls(text.plain)
    # what reaches the terminal is the visible text plus Rich's own style codes, nothing else
    assert SGR.sub("", rendered(text)) == text.plain
    cell = safe_cell(value)
    assert cell.plain == text.plain  # type: ignore[attr-defined]
    # a table's plain cell, as DataTable itself draws it (off the direct one-line path)
    drawn = default_cell_formatter(table_cell(value))
    assert isinstance(drawn, Text) and drawn.plain == text.plain and not drawn.spans


def test_long_values_are_cut_with_a_count() -> None:
    shown = clean("x" * (MAX_CHARS + 12_345))
    assert shown.endswith("… (12,345 more characters)") and len(shown) < MAX_CHARS + 40


class _TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield KeyedTable([("Name", "name")], id="t")

    def on_mount(self) -> None:
        self.query_one(KeyedTable).sync([("k", {"name": PAYLOAD})])


async def test_a_table_cell_with_markup_and_escapes_is_shown_as_typed() -> None:
    app = _TableApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "[@click=app.quit]x[/] oops[/]" in text and "\\x1b[2J" in text
        assert "\x1b" not in text
        print(text)


async def test_a_hostile_run_setting_opens_literally_and_the_app_keeps_running(
    emulator: EmulatorServer,
) -> None:
    app = make_app(emulator)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        client = app.session.client
        item = next(j for j in await client.collect_all(client.get_jobs) if j.type == "VISUAL")
        job = await client.get_job_by_id(item.job_id)
        assert job.job_condition is not None
        condition = job.job_condition.model_dump(by_alias=True, exclude_none=True)
        condition["parameters"] = {"payload": PAYLOAD}
        await client.update_job_execute_config(job.job_id, condition)
        await open_job(pilot, lambda j: j.job_id == job.job_id)
        assert isinstance(app.screen, JobDetailScreen) and app.is_running
        text = screen_text(app)
        assert "[@click=app.quit]x[/]" in text
        assert "\x1b" not in text
        app.screen.query_one("#info-box VerticalScroll").scroll_end(animate=False)  # as a wheel would
        await settle(pilot)
        text = screen_text(app)
        assert "\x1b" not in text
        pane = "".join(line.split("▏", 1)[1] for line in text.splitlines() if "▏" in line)
        assert "\\x1b[2J" in "".join(pane.split()), "the escape is shown as text (the pane wraps it)"
