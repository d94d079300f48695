"""A big answer is parsed off the event loop; a small one on it (a thread hand-off costs more).

A GET that brings back the same big answer while its result is still in use gives that result
again; the memo holds nothing alive and never answers a write."""

from __future__ import annotations

import asyncio
import gc
import threading
import weakref
from typing import Any

import httpx
import pytest

from dftui.api import DataFlowClient
from dftui.api.client import THREAD_PARSE_BYTES
from dftui.api.errors import UnexpectedResponseError

from .conftest import MockServer, load_example


@pytest.fixture
def parsed_on(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The thread each answer's JSON was decoded on."""
    threads: list[str] = []
    decode = httpx.Response.json

    def json(self: httpx.Response, **kwargs: Any) -> Any:
        threads.append(threading.current_thread().name)
        return decode(self, **kwargs)

    monkeypatch.setattr(httpx.Response, "json", json)
    return threads


def a_job(description_chars: int) -> dict[str, Any]:
    job = load_example("getJobById.response.json")
    job["description"] = "d" * description_chars
    return job


async def test_a_big_answer_is_parsed_in_a_worker_thread(
    client: DataFlowClient, server: MockServer, parsed_on: list[str]
) -> None:
    body = a_job(THREAD_PARSE_BYTES + 1)
    server.json(body)
    job = await client.get_job_by_id(body["jobId"])
    assert job.description == body["description"] and job.raw == body
    assert len(parsed_on) == 1 and parsed_on[0] != threading.current_thread().name


async def test_a_small_answer_is_parsed_on_the_loop(
    client: DataFlowClient, server: MockServer, parsed_on: list[str]
) -> None:
    body = a_job(10)
    server.json(body)
    await client.get_job_by_id(body["jobId"])
    assert parsed_on == [threading.current_thread().name]


async def test_a_big_answer_that_is_not_json_is_the_same_error(
    client: DataFlowClient, server: MockServer
) -> None:
    server.reply(httpx.Response(200, content=b"{" + b" " * THREAD_PARSE_BYTES))
    with pytest.raises(UnexpectedResponseError) as caught:
        await client.get_job_by_id("job-1")
    assert caught.value.code == "invalid-json"


async def test_the_same_big_answer_again_is_not_decoded_again_while_its_result_is_in_use(
    client: DataFlowClient, server: MockServer, parsed_on: list[str]
) -> None:
    body = a_job(THREAD_PARSE_BYTES + 1)
    server.json(body).json(body)
    first = await client.get_job_by_id(body["jobId"])
    again = await client.get_job_by_id(body["jobId"])
    assert len(server.requests) == 2, "both were asked of the server"
    assert len(parsed_on) == 1 and again is first


async def test_a_big_answer_whose_result_was_dropped_is_decoded_again(
    client: DataFlowClient, server: MockServer, parsed_on: list[str]
) -> None:
    """The memo holds no parsed answer alive: once nobody uses the job, its memory is free."""
    body = a_job(THREAD_PARSE_BYTES + 1)
    server.json(body).json(body)
    first = await client.get_job_by_id(body["jobId"])
    freed = weakref.ref(first)
    del first
    await asyncio.sleep(0)  # the loop lets go of the worker thread's finished future
    gc.collect()
    assert freed() is None
    again = await client.get_job_by_id(body["jobId"])
    assert len(parsed_on) == 2 and again.description == body["description"]


async def test_a_big_answer_that_changed_is_decoded_and_a_write_is_never_answered_from_memory(
    client: DataFlowClient, server: MockServer, parsed_on: list[str]
) -> None:
    body = a_job(THREAD_PARSE_BYTES + 1)
    changed = body | {"description": "e" * (THREAD_PARSE_BYTES + 1)}
    server.json(body).json(changed).json(changed)
    first = await client.get_job_by_id(body["jobId"])
    second = await client.get_job_by_id(body["jobId"])
    assert second.description == changed["description"] and first.description == body["description"]
    updated = await client.update_job(body["jobId"], {"type": "VISUAL", "description": "x"})
    assert updated is not second and len(parsed_on) == 3
