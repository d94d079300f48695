"""Oversized data stays responsive: a job with 100,000 parameters and a 10 MB description.

The emulator runs in a child process (:mod:`benchmarks.far_emulator`), so the app's event loop is
measured alone, as against a real server. While the job opens, refreshes and shows its JSON:

* a timer that should tick every 10 ms records the longest gap between ticks (UI-loop stalls);
* a key is sent every 20 ms and timed from being sent to being handled by the focused widget
  (keys answered on the event loop);
* the 13 MB answer must be decoded and validated in a worker thread (``THREAD_PARSE_BYTES``),
  and a refresh that brings the same 13 MB back must not decode it again.

The figures are printed (``pytest -s``). The target is keys answered within 100 ms while the
job is read: on a shared two-core machine the slowest key of a refresh took 100-330 ms with the
parse on the loop, 40-150 ms with it in a thread, and 2-11 ms once an unchanged answer was not
parsed again. Such figures double on a busy CI machine, so the timing bounds are generous, and
the checks on which thread decodes, and how often, are what fail at once if the work moves
back to the loop. Before oversized data was handled the job took about 90 s to open and ``J``
froze the UI for 14 s.
"""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from typing import Any, NamedTuple

import httpx
import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static

from benchmarks.far_emulator import PARAMETERS, FarEmulator, make_oversized_job
from benchmarks.loop_probes import KeyProbe, LagProbe
from dftui.api import client as client_module
from dftui.emulator import EmulatorServer
from dftui.ui.dialogs.json_view import JsonLines, JsonViewScreen
from dftui.ui.screens.job_detail import JobDetailScreen
from tests.ui.conftest import SIZE, keys, make_app, make_client, settle
from tests.ui.pages import open_job, screen_text

KEY_BOUND_S = 8.0
"""Longest a key may wait while a modal screen is pushed or the job first opens and is laid out.
Alone here J is answered in about 0.5 s with gaps under 0.1 s; with the suite on both cores the
same took 2.7 s with a 2 s gap (the formatting thread and the other worker share the CPU), and
4.4 s on a day the machine ran twice as slow, so the bound says "never frozen", not "fast": the
benchmarks measure fast, and the asserts on threads below say where the work runs."""
OPEN_ATTEMPTS = 3
"""Opens of the job judged against :data:`KEY_BOUND_S`, the best one counting. A freeze in the code
recurs on every open; a stall of a shared machine does not: on a CI run ten times slower than
alone, one open saw an 8.6 s gap while the refresh right after it saw 0.4 s."""
REFRESH_KEY_BOUND_S = 1.0
"""Longest a key may wait while the huge job is fetched, parsed and compared again."""
KEY_TARGET_S = 0.1
"""The issue's target for keys answered while the huge job is read (printed, not asserted)."""


@pytest.fixture(scope="module")
def far_emulator() -> Iterator[FarEmulator]:
    server = FarEmulator(make_oversized_job)
    yield server
    server.stop()


class Decode(NamedTuple):
    """One answer body decoded as JSON."""

    path: str
    size: int
    thread: str


@pytest.fixture
def decodes(monkeypatch: pytest.MonkeyPatch) -> list[Decode]:
    """Every answer body decoded as JSON, in order."""
    seen: list[Decode] = []
    decode = httpx.Response.json

    def json(self: httpx.Response, **kwargs: Any) -> Any:
        seen.append(Decode(self.request.url.path, len(self.content), threading.current_thread().name))
        return decode(self, **kwargs)

    monkeypatch.setattr(httpx.Response, "json", json)
    return seen


def huge(decoded: list[Decode]) -> list[str]:
    """The threads that decoded the 13 MB job."""
    return [d.thread for d in decoded if d.size > 10_000_000]


def count_of(decoded: list[Decode], path: str) -> int:
    return sum(d.path == path for d in decoded)


def rendered(visual: Any) -> str:
    console = Console(width=200, file=io.StringIO(), record=True)
    console.print(visual)
    return console.export_text()


async def until(pilot: Pilot[Any], condition: Any, within: float = 120.0) -> float:
    started = time.perf_counter()
    while not condition():
        assert time.perf_counter() - started < within, "never happened"
        await pilot.pause(0.005)
    return time.perf_counter() - started


async def test_a_huge_job_opens_refreshes_and_shows_its_json_with_keys_answered(
    far_emulator: FarEmulator, decodes: list[Decode]
) -> None:
    job_id = far_emulator.prepared
    app = make_app(far_emulator, client=make_client(far_emulator))  # type: ignore[arg-type]
    probe, keys = LagProbe(), KeyProbe()
    async with app.run_test(size=SIZE, message_hook=keys.hear) as pilot:
        await settle(pilot)
        app.set_interval(0.01, probe.tick)
        keys.attach(app)
        item = next(
            j for j in await app.session.client.collect_all(app.session.client.get_jobs) if j.job_id == job_id
        )
        for attempt in range(1, OPEN_ATTEMPTS + 1):
            probe.reset()
            keys.start()
            app.push_screen(JobDetailScreen(app.session, item.job_id, item.name))
            screen = app.screen
            assert isinstance(screen, JobDetailScreen)
            opened = await until(pilot, lambda opening=screen: opening.resource is not None)
            opening_lag = probe.worst
            opening_key, _ = keys.stop()
            if (opening_lag < KEY_BOUND_S and opening_key < KEY_BOUND_S) or attempt == OPEN_ATTEMPTS:
                break
            print(f"open {attempt}: worst gap {opening_lag:.1f} s, slowest key {opening_key:.1f} s; again")
            app.pop_screen()
            await settle(pilot)
        info = rendered(screen.query_one("#info", Static).content)
        assert "param_000049" in info and "param_000050" not in info
        assert f"+ {PARAMETERS - 50:,} more parameters (J shows all)" in info

        await settle(pilot)
        decoded_on_open = len(huge(decodes))
        probe.reset()
        keys.start()
        await pilot.press("r")  # a refresh of the same huge job
        await until(pilot, lambda: not screen.fetching)
        refresh_lag = probe.worst
        refresh_key, refresh_keys = keys.stop()
        assert len(huge(decodes)) == decoded_on_open, "the same 13 MB came back: not decoded again"

        screen.query_one("#graph").focus()  # J then shows the job, not the selected execution
        await settle(pilot)
        probe.reset()
        pressed = time.perf_counter()
        await pilot.press("J")
        await until(pilot, lambda: isinstance(app.screen, JsonViewScreen))
        json_opened = time.perf_counter() - pressed
        view = app.screen
        await until(pilot, lambda: view.text is not None)
        lines = view.query_one(JsonLines)
        await until(pilot, lambda: lines.max_scroll_y > PARAMETERS - 100)  # laid out at its new size
        await pilot.press("end")
        await until(pilot, lambda: lines.scroll_offset.y > PARAMETERS - 100)
        pressed = time.perf_counter()
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        escape_answered = time.perf_counter() - pressed
        json_lag = probe.worst

        pressed = time.perf_counter()
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is not screen)
        back_answered = time.perf_counter() - pressed
        keys.detach()

    target = "within" if refresh_key < KEY_TARGET_S else "over"
    print(
        f"opened in {opened:.2f}s (open {attempt}; worst UI-loop gap {opening_lag * 1000:.0f} ms, slowest key "
        f"{opening_key * 1000:.0f} ms); refresh: worst gap {refresh_lag * 1000:.0f} ms, slowest of "
        f"{refresh_keys} keys answered in {refresh_key * 1000:.0f} ms ({target} the "
        f"{KEY_TARGET_S * 1000:.0f} ms target); J answered in {json_opened * 1000:.0f} ms, worst gap "
        f"while formatting {json_lag * 1000:.0f} ms; escape answered in {escape_answered * 1000:.0f} ms "
        f"and {back_answered * 1000:.0f} ms"
    )
    big = huge(decodes)
    assert 1 <= len(big) <= attempt, "decoded when opened (again only if an earlier open's job was freed)"
    assert threading.main_thread().name not in big, "the huge answer is parsed off the UI loop"
    assert json_opened < KEY_BOUND_S and escape_answered < KEY_BOUND_S and back_answered < KEY_BOUND_S
    assert json_lag < KEY_BOUND_S, "formatting the JSON runs off the UI loop"
    assert opening_lag < KEY_BOUND_S and opening_key < KEY_BOUND_S
    assert refresh_keys >= 3 and refresh_key < REFRESH_KEY_BOUND_S, "keys are answered while the job is read"
    assert refresh_lag < REFRESH_KEY_BOUND_S


async def test_a_big_job_that_changed_is_shown_changed_and_one_that_did_not_is_not_parsed_again(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch, decodes: list[Decode]
) -> None:
    """Every answer counts as big here, so an ordinary job takes the path a 13 MB one takes."""
    monkeypatch.setattr(client_module, "THREAD_PARSE_BYTES", 0)
    editor = make_client(emulator)  # someone else, editing the job while it is watched
    job = await editor.create_job({"name": "watched_job", "type": "SCRIPT", "description": "first words"})
    job_path = f"/api/v1/jobs/{job.job_id}"
    app = make_app(emulator)
    async with app.run_test(size=SIZE) as pilot:
        await open_job(pilot, lambda item: item.job_id == job.job_id)
        assert isinstance(app.screen, JobDetailScreen)
        assert "first words" in screen_text(app)
        opened = count_of(decodes, job_path)
        assert opened == 1

        await keys(pilot, "r")
        assert count_of(decodes, job_path) == opened, "the same answer came back: not decoded again"
        assert "first words" in screen_text(app)

        await editor.update_job(job.job_id, {"type": "SCRIPT", "description": "second words"})
        edited = count_of(decodes, job_path)  # the editor's own answers
        await keys(pilot, "r")
        assert count_of(decodes, job_path) == edited + 1
        text = screen_text(app)
        assert "second words" in text and "first words" not in text
    await editor.aclose()
