"""The demo emulator in a child process: it answers with its URL, serves, and stops with dftui."""

from __future__ import annotations

import socket
import time

import httpx
import pytest

from dftui.api.signing import sign
from dftui.emulator.child import EmulatorChild
from dftui.emulator.options import EmulatorOptions


def test_child_serves_signed_requests_until_stopped() -> None:
    child = EmulatorChild.spawn(EmulatorOptions(db=":memory:"))
    try:
        child.start()
        assert child.base_url.startswith("http://127.0.0.1:")
        ts = str(int(time.time() * 1000))
        target = "/api/v1/jobs?page=0&limit=5"
        headers = {
            "x-ncp-apigw-timestamp": ts,
            "x-ncp-iam-access-key": child.access_key,
            "x-ncp-apigw-signature-v2": sign("GET", target, ts, child.access_key, child.secret_key),
        }
        answer = httpx.get(child.base_url + target, headers=headers, timeout=10)
        assert answer.status_code == 200
        assert answer.json()["list"]
    finally:
        child.stop()
    assert child._process.poll() is not None  # closing its stdin ended it


def test_a_child_that_cannot_start_says_why() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        child = EmulatorChild.spawn(EmulatorOptions(db=":memory:", port=taken.getsockname()[1]))
        with pytest.raises(RuntimeError, match="in use"):
            child.start()
    assert child._process.poll() is not None
