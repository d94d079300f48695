"""A big answer is parsed off the event loop; a small one on it (a thread hand-off costs more)."""

from __future__ import annotations

import threading
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
