"""The demo emulator in a child process: it answers with its URL, serves, and stops with dftui."""

from __future__ import annotations

import socket
import time
from pathlib import Path

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
        with pytest.raises(OSError, match="in use"):
            EmulatorChild.spawn(EmulatorOptions(db=":memory:", port=taken.getsockname()[1]))


def test_the_url_is_known_at_once_and_requests_wait_until_the_child_serves() -> None:
    child = EmulatorChild.spawn(EmulatorOptions(db=":memory:"))
    try:
        assert child.base_url.startswith("http://127.0.0.1:")
        # sent before the child has even imported its server: it waits in the backlog
        answer = httpx.get(child.base_url + "/api/v1/jobs", timeout=30)
        assert answer.status_code == 401  # the emulator's gateway answered (no signature)
        child.start()
    finally:
        child.stop()


def test_a_child_that_fails_refuses_connections_and_says_why(tmp_path: Path) -> None:
    child = EmulatorChild.spawn(EmulatorOptions(db=str(tmp_path)))  # a directory: no database there
    with pytest.raises(RuntimeError):
        child.start()
    with pytest.raises(httpx.ConnectError):
        httpx.get(child.base_url + "/api/v1/jobs", timeout=5)
