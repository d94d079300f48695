"""An emulator in a child process, for tests that time the app's event loop.

An emulator in the test's own process serialises its answers under the same interpreter lock as
the app: a 13 MB answer held the app's loop for as long as the server took to write it. In a
child process, what is measured is the app alone (as against a real server).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from dftui.emulator import EmulatorServer
from dftui.emulator.clock import RealClock

PARAMETERS = 100_000
DESCRIPTION_CHARS = 10_000_000


def make_oversized_job(server: EmulatorServer) -> str:
    """A job the server holds with 100,000 parameters and a 10 MB description."""
    state = server._require_state()
    store = state.store
    job_id = next(row["jobId"] for row in store.list("job") if row.get("type") == "VISUAL")
    job = store.get("job", job_id)
    assert job is not None
    job["description"] = "d" * DESCRIPTION_CHARS
    condition = job.setdefault("jobCondition", {})
    condition["parameters"] = {f"param_{index:06d}": f"value {index}" for index in range(PARAMETERS)}
    store.put("job", job_id, job)
    return job_id


def _serve(conn: Connection, prepare: Callable[[EmulatorServer], Any]) -> None:
    server = EmulatorServer(db_path=":memory:", seed=1, demo=True).start()
    try:
        prepared = prepare(server)
        conn.send((server.base_url, server.access_key, server.secret_key, prepared))
        conn.recv()  # until told to stop
    finally:
        server.stop()


class FarEmulator:
    """What :func:`tests.ui.conftest.make_app` needs of a server, served from a child process.

    ``prepared`` is what ``prepare(server)`` returned in the child (a module-level function).
    """

    def __init__(self, prepare: Callable[[EmulatorServer], Any]) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child, prepare), daemon=True)
        self._process.start()
        if not self._conn.poll(60):
            self._process.kill()
            raise RuntimeError("the emulator did not start in a child process")
        self.base_url, self.access_key, self.secret_key, self.prepared = self._conn.recv()
        self.clock = RealClock()

    def stop(self) -> None:
        self._conn.send("stop")
        self._process.join(timeout=10)
        if self._process.is_alive():
            self._process.kill()
