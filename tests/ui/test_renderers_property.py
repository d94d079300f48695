"""Arbitrary strings through every renderer that shows API text (hypothesis).

Each renderer gets the string in every free-text field it shows. What it produces, written out
as a terminal would receive it, must: not raise; contain no escape sequence other than Rich's
own style codes; contain no C0/C1 control, DEL or bidi override; and show the value literally
(its markup as typed, its controls as visible escapes).
"""

from __future__ import annotations

import io
import json
import re
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from dftui.api.models import Execution, Job, JobCondition, Trigger, TriggerRule, Workflow
from dftui.api.records import RequestRecord
from dftui.timeutil import KST
from dftui.ui.dialogs.json_view import format_json
from dftui.ui.format import TimeDisplay
from dftui.ui.safe_text import clean, has_controls, safe_cell, safe_text
from dftui.ui.screens.execution_detail import ExecutionDetailScreen
from dftui.ui.screens.job_detail import _node_label, condition_rows, info_table
from dftui.ui.screens.request_log import record_cells
from dftui.ui.trigger_words import rule_in_words
from dftui.ui.widgets.status_line import StatusLine
from dftui.ui.widgets.workflow_graph import trigger_label
from tests.ui.payloads import NAME_PAYLOAD, PAYLOAD

CONTROLS = [chr(code) for code in [*range(0x20), *range(0x7F, 0xA0)]] + [
    "\u061c",
    "\u200e",
    "\u200f",
    *(chr(c) for c in range(0x202A, 0x202F)),
    *(chr(c) for c in range(0x2066, 0x206A)),
]
FRAGMENTS = [
    "[@click=app.quit]x[/]",
    "oops[/]",
    "[/]",
    "[bold",
    "[link=file:///etc/passwd]p[/link]",
    "\x1b[2J",
    "\x1b[5;7;31m",
    "\x1b]52;c;Y3VybA==\x07",
    "\x1b]8;;http://evil.example\x07L\x1b]8;;\x07",
    "\x9b31m",
    "\u202eRTL",
    "{}",
    '"',
    "\\",
]
TEXTS = (
    st.lists(st.sampled_from(FRAGMENTS + CONTROLS) | st.text(max_size=8), max_size=12).map("".join)
    | st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)
    | st.sampled_from([PAYLOAD, NAME_PAYLOAD, "x" * 2_500])
)
SGR = re.compile(r"\x1b\[[0-9;]*m")
NOW = datetime(2026, 11, 28, 9, 0, tzinfo=KST)
TIMES = TimeDisplay.named(None)
NODES = json.loads((Path(__file__).parents[1] / "examples" / "createJob.request.json").read_text())["nodes"]


def terminal_output(renderable: Any, width: int = 240) -> str:
    console = Console(file=io.StringIO(), width=width, force_terminal=True, color_system="truecolor")
    console.print(renderable, end="")
    return console.file.getvalue()  # type: ignore[attr-defined]


def assert_safe(renderable: Any, value: str, *, shown: bool = True) -> None:
    output = terminal_output(renderable)
    bare = SGR.sub("", output)
    assert "\x1b" not in bare, f"a foreign escape sequence: {bare!r}"
    assert not has_controls(bare.replace("\n", "")), f"a raw control character: {bare!r}"
    if shown and value:
        visible = clean(value)[:40]  # the start of the value as it must read (long cells wrap)
        flat = "".join(bare.split())
        assert "".join(visible.split())[:20] in flat, f"{visible!r} not shown literally in {bare!r}"


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(TEXTS)
def test_safe_text_and_cells(value: str) -> None:
    assert_safe(safe_text(value), value)
    assert_safe(safe_cell(value), value)


@FAST
@given(TEXTS)
def test_node_labels_of_the_job_graph(value: str) -> None:
    for raw in NODES:
        data = dict(raw, name=value)
        for key in ("bucketName", "prefix"):
            if key in data:
                data[key] = value
        if "filterConditionList" in data:
            data["filterConditionList"] = [dict(data["filterConditionList"][0], value=value)]
        job = Job.model_validate({"jobId": "j", "name": "n", "nodes": [data]})
        node = job.nodes[0]
        assert_safe(safe_cell(_node_label(node, [], {node.id: node})), value)


@FAST
@given(TEXTS, TEXTS)
def test_run_configuration_table(key: str, value: str) -> None:
    condition = JobCondition(nrn=value, script_path=value, log_path=value, parameters={key: value})
    assert_safe(info_table([("Name", value), *condition_rows(condition)]), value)


@FAST
@given(TEXTS)
def test_execution_detail_fields(value: str) -> None:
    execution = Execution.model_validate(
        {
            "jobExecutionId": "e1",
            "jobId": "j1",
            "jobName": value,
            "triggerId": "t1",
            "triggerName": value,
            "status": "RUNNING",
            "type": value,
            "jobCondition": {"nrn": value, "scriptPath": value, "logPath": value, "consoleLogPath": value},
            "parsedParameters": {value: value},
        }
    )
    view = SimpleNamespace(execution=execution, session=SimpleNamespace(now=lambda: NOW, times=TIMES))
    assert_safe(ExecutionDetailScreen._table(view), value)  # type: ignore[arg-type]


@FAST
@given(TEXTS)
def test_trigger_rule_words_and_workflow_trigger_label(value: str) -> None:
    rule = TriggerRule.model_validate(
        {"type": "RECURRING", "interval": value, "time": value, "dayOfWeek": [value], "executionDate": value}
    )
    trigger = Trigger(trigger_id="t1", name=value, type=value, trigger_rule=rule)
    assert_safe(safe_text(rule_in_words(trigger)), "", shown=False)
    workflow = Workflow.model_validate(
        {"workflowId": "w", "name": value, "nodes": [{"id": "t1", "name": value, "type": "TRIGGER"}]}
    )
    assert_safe(safe_cell(trigger_label(workflow, trigger)), value)


@FAST
@given(TEXTS)
def test_status_line(value: str) -> None:
    line = StatusLine()
    line.summary = value
    assert_safe(line.render(), value)
    line.stale = value
    assert_safe(line.render(), value)


@FAST
@given(TEXTS)
def test_request_log_row(value: str) -> None:
    record = RequestRecord(
        at=NOW,
        method="GET",
        path="/api/v1/jobs?name=" + value,
        status=None,
        latency_ms=1.0,
        retries=0,
        error_kind=None,
        request_id=value,
    )
    for cell in record_cells(record, TIMES).values():
        assert_safe(safe_cell(cell), "", shown=False)


@FAST
@given(TEXTS, TEXTS)
def test_json_view_lines(key: str, value: str) -> None:
    text, lines, _width = format_json({"name": value, "parameters": {key: value}})
    assert json.loads(text) == {"name": value, "parameters": {key: value}}, "C copies the JSON exactly"
    for line in lines:
        assert not has_controls(line), repr(line)
    assert clean(json.dumps(value, ensure_ascii=False))[:30] in "\n".join(lines)
