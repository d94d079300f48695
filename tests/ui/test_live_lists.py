"""List screens against the emulator: filter, sort, in-place refresh, errors, polling."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from textual.notifications import Notify
from textual.widgets import Input

from dftui.emulator import EmulatorServer
from dftui.ui.app import DataFlowApp
from dftui.ui.screens import resource_list
from dftui.ui.screens.jobs import JobsScreen
from dftui.ui.screens.resource_list import matches_filter
from dftui.ui.screens.triggers import TriggersScreen
from dftui.ui.status import status_text
from dftui.ui.widgets.status_line import StatusLine
from tests.ui.conftest import SIZE, CuttableLink, ObservingLink, keys, make_app, make_client, settle

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def script_job_body(name: str) -> dict[str, Any]:
    body = json.loads((EXAMPLES / "createJob.request.script.json").read_text(encoding="utf-8"))
    body["name"] = name
    return body


def shown_names(screen: JobsScreen) -> list[str]:
    return [screen.items[key].name for key in screen.table.row_keys_in_order()]


async def test_filter_as_you_type_with_exclusion_and_escape(app_factory: Callable[..., DataFlowApp]) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "3")
        screen = app.screen
        assert isinstance(screen, JobsScreen)
        await keys(pilot, "slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"REFUNDS")
        await settle(pilot)
        names = shown_names(screen)
        assert names and all("refunds" in n for n in names)
        assert len(names) < 40
        await pilot.press(*" !join")
        await settle(pilot)
        assert "refunds_join" not in shown_names(screen)
        assert len(shown_names(screen)) == len(names) - 1
        assert "filter" in str(screen.status_line.summary)
        await keys(pilot, "escape")
        assert screen.table.row_count == 40
        assert not screen.query_one("#filter", Input).display


async def test_sort_cycles_columns_and_reverses(app_factory: Callable[..., DataFlowApp]) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "3")
        screen = app.screen
        assert isinstance(screen, JobsScreen)
        assert shown_names(screen) == sorted(shown_names(screen), key=str.lower)
        await keys(pilot, "s")  # name -> id
        ids = screen.table.row_keys_in_order()
        assert ids == sorted(ids, key=str.lower)
        await keys(pilot, "S")
        assert screen.table.row_keys_in_order() == list(reversed(ids))
        assert "sort ID ↓" in screen.status_line.summary


async def test_refresh_keeps_cursor_when_rows_are_added_above(
    emulator: EmulatorServer, app_factory: Callable[..., DataFlowApp]
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "3")
        screen = app.screen
        assert isinstance(screen, JobsScreen)
        screen.table.move_cursor(row=10)
        await settle(pilot)
        chosen = screen.table.cursor_key
        async with make_client(emulator) as client:
            await client.create_job(script_job_body("aaa_brand_new_job"))
        await keys(pilot, "r")
        assert screen.table.row_count == 41
        assert shown_names(screen)[0] == "aaa_brand_new_job"
        assert screen.table.cursor_key == chosen
        assert screen.table.cursor_row == 11


async def test_refresh_keeps_cursor_when_its_own_cells_change(
    emulator: EmulatorServer, app_factory: Callable[..., DataFlowApp]
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "3")
        screen = app.screen
        assert isinstance(screen, JobsScreen)
        running = [key for key, job in screen.items.items() if job.last_execution_status == "RUNNING"]
        assert running, "the demo data has running executions"
        key = running[0]
        screen.table.move_cursor(row=screen.table.get_row_index(key))
        await settle(pilot)
        before = screen.table.get_cell(key, "last_status").plain

        emulator.clock.advance(4 * 3600)  # long enough for any demo run to end
        await keys(pilot, "r")

        async with make_client(emulator) as client:
            job = await client.get_job_by_id(key)
        after = screen.table.get_cell(key, "last_status").plain
        assert before == "● RUNNING"
        assert after == status_text(job.last_execution_status).plain
        assert screen.table.cursor_key == key


async def test_api_error_keeps_last_data_and_says_why(
    emulator: EmulatorServer, app_factory: Callable[..., DataFlowApp]
) -> None:
    link = CuttableLink()
    app = make_app(emulator, client=make_client(emulator, transport=link))
    notes: list[Any] = []
    async with app.run_test(size=SIZE, message_hook=notes.append) as pilot:
        await keys(pilot, "3")
        screen = app.screen
        assert isinstance(screen, JobsScreen)
        link.cut = True
        await keys(pilot, "r")
        assert screen.table.row_count == 40, "the last good rows stay visible"
        stale = screen.query_one(StatusLine).stale
        assert stale
        assert screen.query_one(StatusLine).render().plain.startswith("stale: ")
        errors = [
            m.notification for m in notes if isinstance(m, Notify) and m.notification.severity == "error"
        ]
        sentence, _, retry = stale.partition(" · ")
        assert errors and errors[-1].message.startswith(sentence), "the toast has the facts too"
        assert retry.endswith("r retries now")

        link.cut = False
        await keys(pilot, "r")
        assert screen.query_one(StatusLine).stale is None


async def test_a_first_load_that_fails_says_failed_not_stale(
    emulator: EmulatorServer, app_factory: Callable[..., DataFlowApp]
) -> None:
    app = make_app(emulator, client=make_client(emulator, base_url="http://127.0.0.1:9"))  # nothing listens
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "3")
        line = app.screen.query_one(StatusLine)
        assert line.stale
        assert line.render().plain.startswith("failed: Could not reach 127.0.0.1")


async def test_only_the_visible_screen_polls(emulator: EmulatorServer) -> None:
    app = make_app(emulator, refresh_interval=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "4")
        assert isinstance(app.screen, TriggersScreen)
        await keys(pilot, "3")
        assert isinstance(app.screen, JobsScreen)
        await settle(pilot)
        start = len(app.session.requests)
        # wait (by condition, bounded) until the visible jobs screen has polled three more times
        for _ in range(1000):
            if sum(1 for r in list(app.session.requests)[start:] if r.path.startswith("/api/v1/jobs")) >= 3:
                break
            await pilot.pause(0.02)
        later = list(app.session.requests)[start:]
        assert sum(1 for r in later if r.path.startswith("/api/v1/jobs")) >= 3
        hidden = [
            r.path
            for r in later
            if r.path.startswith(("/api/v1/triggers", "/api/v1/stats", "/api/v1/workflows"))
        ]
        assert hidden == []


async def test_pause_stops_polling_and_shows_it(emulator: EmulatorServer) -> None:
    app = make_app(emulator, refresh_interval=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "3")
        await keys(pilot, "p")
        assert app.session.settings.paused
        await settle(pilot)
        start = len(app.session.requests)
        await pilot.pause(0.3)
        assert len(app.session.requests) == start
        assert "refresh paused" in app.screen.status_line.summary
        assert app.screen.active_bindings["p"].binding.description == "Resume"
        await keys(pilot, "p")
        assert not app.session.settings.paused
        assert app.screen.active_bindings["p"].binding.description == "Pause"


async def test_paging_progress_is_shown_while_loading(emulator: EmulatorServer) -> None:
    """A first load over five pages counts them in on the status line, page after page."""
    seen: list[str] = []
    app: DataFlowApp

    def before(request: httpx.Request) -> None:
        if request.url.path == "/api/v1/jobs" and isinstance(app.screen, JobsScreen):
            seen.append(app.screen.status_line.render().plain)

    def counted() -> int:
        """The jobs the Jobs screen's status line says it has loaded so far (-1: not loading)."""
        if not isinstance(app.screen, JobsScreen):
            return -1
        words = app.screen.status_line.render().plain.split(" · ")[0].split()
        return int(words[1]) if words[:1] == ["loading"] else -1

    class PacedLink(ObservingLink):
        """A first read asks for its pages at once; page n is sent on only once the screen has
        counted the n pages before it (or after 5 s), so the screen is read between the pages'
        answers however loaded the machine is. Without per-page progress the figures seen would
        not rise, and the test fails."""

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            page = int(request.url.params.get("page", "0"))
            if request.url.path == "/api/v1/jobs" and page and isinstance(app.screen, JobsScreen):
                for _ in range(500):  # 5 s at most
                    if counted() >= page * 10:
                        break
                    await asyncio.sleep(0.01)
            return await super().handle_async_request(request)

    client = make_client(emulator, transport=PacedLink(before))
    client.page_limit = 10
    app = make_app(emulator, client=client)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # the dashboard's own reads end first: a read in flight is joined, not repeated
        await keys(pilot, "3")
        screen = app.screen
        assert isinstance(screen, JobsScreen)
        # the figures seen must rise page by page, from 0; the dashboard's own reads of the
        # jobs list may be seen too, before this load begins
        figures = (line.split(" · ")[0] for line in seen)
        progress = list(dict.fromkeys(f for f in figures if f.startswith("loading")))
        counts = [int(f.split()[1]) for f in progress]
        assert counts[0] == 0 and len(counts) >= 3
        assert counts == sorted(counts) and all(n % 10 == 0 and n < 50 for n in counts)
        assert screen.status_line.render().plain.startswith("40 jobs")


async def test_filter_rows_are_right_while_typing_on_and_erasing(
    app_factory: Callable[..., DataFlowApp],
) -> None:
    """Typing on re-checks only the rows still shown; erasing brings rows back; the table always
    shows exactly the matching jobs in sort order."""
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "3")
        screen = app.screen
        assert isinstance(screen, JobsScreen)
        every = shown_names(screen)
        texts = [
            [cell.plain for cell in screen.table.get_row(key)] for key in screen.table.row_keys_in_order()
        ]
        await keys(pilot, "slash")

        def expected(query: str) -> list[str]:
            return [name for name, row in zip(every, texts, strict=True) if matches_filter(row, query)]

        typed = ""
        for key in "ref !join":
            typed += key
            await pilot.press("space" if key == " " else key)
            await settle(pilot)
            assert shown_names(screen) == expected(typed.strip()), typed
        for _ in range(len(typed)):
            typed = typed[:-1]
            await pilot.press("backspace")
            await settle(pilot)
            assert shown_names(screen) == expected(typed.strip()), typed
        assert shown_names(screen) == every


async def test_a_refresh_that_brings_the_same_jobs_leaves_the_table_alone(
    emulator: EmulatorServer, app_factory: Callable[..., DataFlowApp]
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "3")
        screen = app.screen
        assert isinstance(screen, JobsScreen)
        before = dict(screen.items)
        synced: list[int] = []
        sync = screen.table.sync
        screen.table.sync = lambda rows: (synced.append(len(rows)), sync(rows))[1]  # type: ignore[method-assign]
        await keys(pilot, "r")
        assert synced == []  # the same JSON for every job: nothing to compare or draw
        assert all(screen.items[key] is job for key, job in before.items())

        async with make_client(emulator) as client:
            await client.create_job(script_job_body("aaa_brand_new_job"))
        await keys(pilot, "r")
        assert synced == [41]
        assert shown_names(screen)[0] == "aaa_brand_new_job"
        assert all(screen.items[key] is job for key, job in before.items())  # unchanged jobs kept


async def test_triggers_read_the_workflows_for_used_by_when_shown_on_r_after_a_write_and_each_minute(
    emulator: EmulatorServer, monkeypatch: Any
) -> None:
    """The triggers are read on every poll; the workflows behind "used by" only when due."""
    import dftui.ui.screens.triggers as triggers_module
    from dftui.ui.services.data import DataChange
    from dftui.ui.trigger_words import workflows_using

    seen: list[httpx.Request] = []
    app = make_app(emulator, client=make_client(emulator, transport=ObservingLink(seen.append)))

    def lists_read() -> list[str]:
        return [r.url.path for r in seen if r.url.path in ("/api/v1/triggers", "/api/v1/workflows")]

    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "4")
        screen = app.screen
        assert isinstance(screen, TriggersScreen)
        assert "/api/v1/workflows" in lists_read()  # shown: both lists
        trigger, user = next(
            (t, users[0])
            for t in screen.items.values()
            if len(users := workflows_using(t.trigger_id, screen.workflows)) == 1
        )

        def used_by() -> str:
            return str(screen.table.get_cell(trigger.trigger_id, "used_by").plain)

        assert used_by() == "1 workflow"

        seen.clear()
        screen.load()  # a poll, as the timer makes it
        await settle(pilot)
        assert lists_read() == ["/api/v1/triggers"]

        # someone else deletes the workflow: seen by the poll after a minute, not every poll
        async with make_client(emulator) as other:
            await other.delete_workflow(user.workflow_id)
        screen.load()
        await settle(pilot)
        assert used_by() == "1 workflow"
        monkeypatch.setattr(triggers_module, "WORKFLOWS_EVERY", 0.0)  # a minute has passed
        seen.clear()
        screen.load()
        await settle(pilot)
        assert lists_read() == ["/api/v1/triggers", "/api/v1/workflows"]
        assert used_by() == "unused"
        monkeypatch.setattr(triggers_module, "WORKFLOWS_EVERY", 60.0)

        # a write announced on the data signal: read at once
        async with make_client(emulator) as other:
            job = (await other.get_jobs()).items[0]
            created = await other.create_workflow(
                {
                    "name": "uses_it_again",
                    "isTemp": False,
                    "nodes": [
                        {"id": trigger.trigger_id, "name": "start", "type": "TRIGGER", "parentNodeIds": []},
                        {
                            "id": job.job_id,
                            "name": "job",
                            "type": "JOB",
                            "parentNodeIds": [trigger.trigger_id],
                            "jobCondition": {},
                        },
                    ],
                }
            )
        seen.clear()
        app.session.data.announce(DataChange("workflow", created.workflow_id))
        await settle(pilot)
        assert "/api/v1/workflows" in lists_read()
        assert used_by() == "1 workflow"

        seen.clear()
        await keys(pilot, "r")
        assert "/api/v1/workflows" in lists_read()
        seen.clear()
        await keys(pilot, "3")
        await keys(pilot, "4")  # shown again: its next load (now, or its next poll) reads both
        screen.load()
        await settle(pilot)
        assert "/api/v1/workflows" in lists_read()


class HeldPages(httpx.AsyncHTTPTransport):
    """Real HTTP; while ``held`` is set, jobs pages after the first wait for ``release``."""

    def __init__(self) -> None:
        super().__init__()
        self.held = False
        self.release = asyncio.Event()
        self.waiting = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.held and request.url.path == "/api/v1/jobs" and request.url.params.get("page") != "0":
            self.waiting += 1
            await self.release.wait()
        return await super().handle_async_request(request)


async def test_a_big_list_builds_its_first_page_rows_before_the_last_page_arrives_and_ends_in_order(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big first load builds its rows page by page: the first page's rows are in the table
    (sorted; still under the loading indicator) while the later pages are on their way, and once
    they come the table has every job, in sort order, each once."""
    monkeypatch.setattr(resource_list, "BULK_ITEMS", 10)  # 40 jobs in pages of 10 count as big
    link = HeldPages()
    client = make_client(emulator, transport=link)
    client.page_limit = 10
    app = make_app(emulator, client=client)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # the dashboard's own reads end first
        every = sorted(job.name for job in await client.collect_all(client.get_jobs))
        assert len(every) == 40
        link.held = True
        await pilot.press("3")
        screen = app.screen
        assert isinstance(screen, JobsScreen)
        for _ in range(500):
            if screen.table.row_count:
                break
            await pilot.pause(0.01)
        assert link.waiting and not link.release.is_set()
        first = shown_names(screen)
        assert len(first) == 10 and first == sorted(first, key=str.lower)
        assert "loading 10 of ?" in screen.status_line.render().plain
        link.release.set()
        await settle(pilot)
        names = shown_names(screen)
        assert names == sorted(names, key=str.lower) and sorted(names) == every
        assert screen.status_line.render().plain.startswith("40 jobs")
