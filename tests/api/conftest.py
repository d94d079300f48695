"""Helpers for the API-client tests: example bodies, a recording mock server, a client factory."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from dftui.api import DataFlowClient, RequestRecord, RetryPolicy

ACCESS_KEY = "EXAMPLEACCESSKEY0001"
SECRET_KEY = "EXAMPLEsecretKEY0123456789abcdefEXAMPLE0"
FIXED_EPOCH = 1742360400.0  # 2025-03-19T14:00:00+09:00, the signature test vectors' timestamp

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def example_path(name: str) -> Path:
    """The published example bodies, vendored in tests/examples so a clean clone has them."""
    path = EXAMPLES / name
    if not path.exists():
        raise FileNotFoundError(path)
    return path


def load_example(name: str) -> Any:
    return json.loads(example_path(name).read_text(encoding="utf-8"))


Handler = Callable[[httpx.Request], httpx.Response]


class MockServer:
    """A scripted server: answers come from a queue or a handler; every request is kept."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self._queue: list[httpx.Response | Exception | Handler] = []
        self.default: httpx.Response | Handler | None = None

    def reply(self, *answers: httpx.Response | Exception | Handler) -> MockServer:
        self._queue.extend(answers)
        return self

    def json(self, data: Any, status: int = 200, headers: dict[str, str] | None = None) -> MockServer:
        return self.reply(httpx.Response(status, json=data, headers=headers))

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self._queue:
            answer = self._queue.pop(0)
        elif self.default is not None:
            answer = self.default
        else:
            raise AssertionError(f"unexpected request {request.method} {request.url}")
        if isinstance(answer, Exception):
            raise answer
        if callable(answer):
            return answer(request)
        return answer

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)


class FakeTime:
    """A monotonic clock plus a sleep that only advances it: retries without real waiting."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def server() -> MockServer:
    return MockServer()


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def records() -> list[RequestRecord]:
    return []


@pytest.fixture
async def client(
    server: MockServer, fake_time: FakeTime, records: list[RequestRecord]
) -> AsyncIterator[DataFlowClient]:
    async with DataFlowClient(
        "https://dataflow.apigw.ntruss.com",
        ACCESS_KEY,
        SECRET_KEY,
        transport=server.transport,
        retry=RetryPolicy(jitter=False),
        on_request=records.append,
        clock=lambda: FIXED_EPOCH,
        sleep=fake_time.sleep,
        monotonic=fake_time.monotonic,
    ) as api:
        yield api
