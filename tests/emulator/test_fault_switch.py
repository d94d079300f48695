"""Faults switched while the server runs, and the server-side traffic tally the fault suite reads."""

from __future__ import annotations

import httpx

from dftui.api.signing import sign
from dftui.emulator import EmulatorServer, ManualClock
from dftui.emulator.faults import FaultConfig
from tests.emulator_fixtures import EMULATOR_START


def _get(server: EmulatorServer, target: str) -> httpx.Response:
    import time

    ts = str(int(time.time() * 1000))
    headers = {
        "x-ncp-apigw-timestamp": ts,
        "x-ncp-iam-access-key": server.access_key,
        "x-ncp-apigw-signature-v2": sign("GET", target, ts, server.access_key, server.secret_key),
    }
    return httpx.get(server.base_url + target, headers=headers)


def test_faults_switch_on_and_off_while_running_and_every_request_is_tallied() -> None:
    with EmulatorServer(clock=ManualClock(EMULATOR_START), demo=False) as server:
        assert _get(server, "/api/v1/jobs?page=0").status_code == 200
        server.set_faults(FaultConfig(error_rate=1.0))
        assert _get(server, "/api/v1/jobs").status_code in (503, 504)
        server.set_faults(None)
        assert _get(server, "/api/v1/jobs/j-1").status_code == 404
        traffic = server.traffic
        assert traffic.count() == 3
        assert (
            traffic.max_in_flight["/api/v1/jobs?page=0"] == 1
            and traffic.max_in_flight["/api/v1/jobs/j-1"] == 1
        )
        assert [route for _, route in traffic.arrivals][-1] == "/api/v1/jobs/{id}"
