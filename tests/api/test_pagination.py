"""Fetching whole lists: page walking, stop rules, de-duplication, the page cap.

See docs/api-contract.md, Pagination.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from dftui.api import DataFlowClient, models

from .conftest import MockServer


def _jobs_page(ids: list[str], page: int, limit: Any) -> dict[str, Any]:
    return {
        "list": [{"jobId": i, "name": f"job_{i}"} for i in ids],
        "count": len(ids),
        "page": page,
        "limit": limit,
    }


def _queries(server: MockServer) -> list[str]:
    return [r.url.raw_path.decode().split("?", 1)[1] for r in server.requests]


async def test_walks_three_full_pages_and_stops_on_a_short_one(
    client: DataFlowClient, server: MockServer
) -> None:
    server.json(_jobs_page(["a", "b"], 0, 2))
    server.json(_jobs_page(["c", "d"], 1, 2))
    server.json(_jobs_page(["e", "f"], 2, 2))
    server.json(_jobs_page(["g"], 3, 2))
    pages = [page async for page in client.iter_pages(client.get_jobs, name="job", limit=2, concurrency=1)]
    assert [len(p.items) for p in pages] == [2, 2, 2, 1]
    assert all(isinstance(p, models.Page) for p in pages)
    assert _queries(server) == [f"name=job&page={n}&limit=2" for n in range(4)]


async def test_stops_on_an_empty_page(client: DataFlowClient, server: MockServer) -> None:
    server.json(_jobs_page(["a", "b"], 0, 2))
    server.json(_jobs_page([], 1, 2))
    items = await client.collect_all(client.get_jobs, limit=2, concurrency=1)
    assert [i.job_id for i in items] == ["a", "b"]
    assert len(server.requests) == 2


async def test_uses_the_echoed_limit_when_valid(client: DataFlowClient, server: MockServer) -> None:
    # We ask for 5, the server caps at 2: a page of 2 is full, so keep going.
    server.json(_jobs_page(["a", "b"], 0, 2))
    server.json(_jobs_page(["c"], 1, 2))
    items = await client.collect_all(client.get_jobs, limit=5, concurrency=1)
    assert [i.job_id for i in items] == ["a", "b", "c"]


@pytest.mark.parametrize("echo", [None, 0, -3])
async def test_falls_back_to_requested_limit_when_echo_is_invalid(
    echo: Any, client: DataFlowClient, server: MockServer
) -> None:
    server.json(_jobs_page(["a", "b"], 0, echo))
    server.json(_jobs_page(["c"], 1, echo))
    items = await client.collect_all(client.get_jobs, limit=2, concurrency=1)
    assert [i.job_id for i in items] == ["a", "b", "c"]
    assert len(server.requests) == 2


async def test_collect_all_deduplicates_shifted_items_by_id(
    client: DataFlowClient, server: MockServer
) -> None:
    def executions(ids: list[str], page: int) -> dict[str, Any]:
        return {
            "list": [{"jobExecutionId": i, "jobId": "J", "status": "COMPLETED"} for i in ids],
            "count": len(ids),
            "page": page,
            "limit": 3,
        }

    # A new execution arrived between requests, pushing "e3" onto page 1 as well.
    server.json(executions(["e1", "e2", "e3"], 0))
    server.json(executions(["e3", "e4", "e5"], 1))
    server.json(executions(["e6"], 2))
    items = await client.collect_all(client.get_job_executions, "J", limit=3, concurrency=1)
    assert [i.job_execution_id for i in items] == ["e1", "e2", "e3", "e4", "e5", "e6"]
    assert all(r.url.raw_path.startswith(b"/api/v1/jobs/J/executions?page=") for r in server.requests)


@pytest.mark.parametrize(
    ("fetch_name", "args", "item", "id_field"),
    [
        ("get_workflows", (), {"workflowId": "w1"}, "workflow_id"),
        (
            "get_triggers",
            (),
            {"triggerId": "t1", "type": "NONE", "triggerRule": {"type": "NONE"}},
            "trigger_id",
        ),
        ("get_workflow_executions", ("W",), {"jobExecutionId": "x1", "triggerId": "t"}, "job_execution_id"),
    ],
)
async def test_dedup_uses_each_kind_of_id(
    fetch_name: str, args: tuple, item: dict, id_field: str, client: DataFlowClient, server: MockServer
) -> None:
    page = {"list": [item, item], "count": 2, "page": 0, "limit": 1000}
    server.json(page)
    items = await client.collect_all(getattr(client, fetch_name), *args)
    assert len(items) == 1
    assert getattr(items[0], id_field)


async def test_max_pages_caps_a_server_that_never_ends(client: DataFlowClient, server: MockServer) -> None:
    counter = iter(range(10_000))

    def endless(request: httpx.Request) -> httpx.Response:
        n = next(counter)
        return httpx.Response(200, json=_jobs_page([f"a{n}", f"b{n}"], n, 2))

    server.default = endless
    items = await client.collect_all(client.get_jobs, limit=2, max_pages=5)
    assert len(server.requests) == 5
    assert len(items) == 10


async def test_default_limit_is_the_client_page_limit(client: DataFlowClient, server: MockServer) -> None:
    server.json(_jobs_page([], 0, 1000))
    assert await client.collect_all(client.get_jobs) == []
    assert _queries(server) == ["page=0&limit=1000"]


async def test_invalid_limits_are_refused_before_sending(client: DataFlowClient, server: MockServer) -> None:
    with pytest.raises(ValueError):
        await client.get_jobs(limit=0)
    with pytest.raises(ValueError):
        await client.get_jobs(page=-1)
    with pytest.raises(ValueError):
        await client.collect_all(client.get_jobs, max_pages=0)
    assert server.requests == []


async def test_list_body_null_is_an_empty_page(client: DataFlowClient, server: MockServer) -> None:
    server.reply(httpx.Response(200, content=json.dumps({"list": None, "count": 0}).encode()))
    page = await client.get_triggers()
    assert page.items == []


def _paged(total: int, limit: int) -> Any:
    """A server of ``total`` jobs that answers any page, whatever order the requests come in."""

    def answer(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        ids = [f"j{n:04d}" for n in range(page * limit, min(total, (page + 1) * limit))]
        return httpx.Response(200, json=_jobs_page(ids, page, limit))

    return answer


async def test_pages_after_the_first_are_fetched_concurrently_and_yielded_in_order(
    client: DataFlowClient, server: MockServer
) -> None:
    import asyncio

    from dftui.api.pagination import iter_pages

    answer = _paged(95, 10)
    in_flight = peak = 0

    async def fetch(*, page: int, limit: int) -> models.Page[Any]:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.01 * (page % 3))  # answers arrive out of order
        in_flight -= 1
        data = answer(httpx.Request("GET", f"http://x/?page={page}&limit={limit}")).json()
        return models.Page[models.JobListItem].model_validate(data)

    pages = [page async for page in iter_pages(fetch, limit=10, concurrency=4)]
    assert [len(p.items) for p in pages] == [10] * 9 + [5]
    assert [i.job_id for p in pages for i in p.items] == [f"j{n:04d}" for n in range(95)]
    assert 1 < peak <= 4


async def test_concurrent_walk_stops_at_the_first_short_page(
    client: DataFlowClient, server: MockServer
) -> None:
    server.default = _paged(25, 10)
    items = await client.collect_all(client.get_jobs, limit=10, concurrency=4)
    assert [i.job_id for i in items] == [f"j{n:04d}" for n in range(25)]
    # page 0 alone, then pages 1-4 at once: at most concurrency - 1 requests past the end
    assert len(server.requests) <= 1 + 4


async def test_a_first_page_that_is_not_full_is_the_only_request(
    client: DataFlowClient, server: MockServer
) -> None:
    server.default = _paged(7, 10)
    items = await client.collect_all(client.get_jobs, limit=10)
    assert len(items) == 7
    assert len(server.requests) == 1


async def test_an_error_on_a_later_page_is_raised_in_its_turn(
    client: DataFlowClient, server: MockServer
) -> None:
    from dftui.api import DataFlowError

    good = _paged(100, 10)

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.params["page"] == "2":
            return httpx.Response(404, json={"error": {"errorCode": "404", "message": "gone"}})
        return good(request)

    server.default = answer
    seen: list[int] = []
    with pytest.raises(DataFlowError):
        async for page in client.iter_pages(client.get_jobs, limit=10):
            seen.append(page.page or 0)
    assert seen == [0, 1]


async def test_expected_pages_are_asked_for_at_once_and_none_past_a_known_end(
    client: DataFlowClient, server: MockServer
) -> None:
    server.default = _paged(95, 10)
    pages = [p async for p in client.iter_pages(client.get_jobs, limit=10, concurrency=2, expected_pages=10)]
    assert [i.job_id for p in pages for i in p.items] == [f"j{n:04d}" for n in range(95)]
    asked = sorted(int(dict(r.url.params)["page"]) for r in server.requests)
    assert asked == list(range(10)), "page 0, then pages 1-9 at once (more than concurrency)"


async def test_a_list_re_read_by_the_session_asks_for_the_pages_it_had(
    client: DataFlowClient, server: MockServer
) -> None:
    from textual.app import App

    from dftui.ui.services.data import AccountData

    server.default = _paged(25, 10)
    client.page_limit = 10
    app: App[None] = App()
    async with app.run_test():
        data = AccountData(app, client)
        assert len(await data.jobs()) == 25
        assert len(server.requests) <= 10, "a first read asks for up to ten pages"
        server.requests.clear()
        assert len(await data.jobs()) == 25  # the next refresh
    assert sorted(int(dict(r.url.params)["page"]) for r in server.requests) == [0, 1, 2]
