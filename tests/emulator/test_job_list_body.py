"""The jobs list leaves each job's graph undecoded; what it answers is the same either way."""

from __future__ import annotations

from typing import Any

import pytest

import dftui.emulator.store as store_module
from dftui.emulator import ManualClock

from .helpers import START, Api, asgi_client, make_state

LIST_ITEM_KEYS = {
    "jobId",
    "name",
    "type",
    "status",
    "lastExecutionStatus",
    "lastExecutionDate",
    "createdDate",
    "updatedDate",
    "resourceId",
    "disabled",
}


async def _jobs_and_details() -> tuple[list[Any], dict[str, Any]]:
    clock = ManualClock(START)
    state = make_state(clock=clock, demo=True)
    try:
        async with asgi_client(state) as client:
            api = Api(client, state, clock)
            listed = (await api.ok("GET", "/api/v1/jobs?page=0&limit=1000"))["list"]
            first = listed[0]["jobId"]
            return listed, await api.ok("GET", f"/api/v1/jobs/{first}")
    finally:
        state.close()


async def test_list_items_are_the_same_with_and_without_sqlite_json_functions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with_sql, detail = await _jobs_and_details()
    assert detail["nodes"], "the demo job has a graph, which the list must not carry"
    monkeypatch.setattr(store_module, "_has_json_functions", lambda _conn: False)
    without_sql, _ = await _jobs_and_details()

    assert with_sql == without_sql and len(with_sql) > 10
    for item in with_sql:
        assert set(item) <= LIST_ITEM_KEYS, set(item) - LIST_ITEM_KEYS
    listed = with_sql[0]  # the job's own fields, as its detail has them, and nothing else
    shown = {key: value for key, value in detail.items() if key in LIST_ITEM_KEYS and value is not None}
    assert {key: value for key, value in listed.items() if key in detail} == shown
