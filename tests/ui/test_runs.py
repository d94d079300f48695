"""Runs (key 5): every execution of the account, grouped, filtered, live and cheap, with rerun and triage.

Expected figures are computed here from the executions the emulator returns over a plain
client, never from the screen's own service.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
from textual.notifications import Notify

from dftui.api.models import Execution
from dftui.emulator import EmulatorServer, ManualClock
from dftui.ui.app import DataFlowApp
from dftui.ui.dialogs.confirm import ConfirmScreen
from dftui.ui.format import DASH
from dftui.ui.screens.graph_detail import DETAIL_RUNS
from dftui.ui.screens.job_detail import JobDetailScreen
from dftui.ui.screens.runs import RunsScreen
from dftui.ui.screens.triage import TriageScreen
from dftui.ui.services.reruns import READ_ONLY_RERUN
from dftui.ui.services.runs import REREAD_LIMIT
from tests.emulator_fixtures import EMULATOR_START
from tests.ui.conftest import SIZE, ObservingLink, keys, make_app, make_client, settle
from tests.ui.pages import move_cursor_to, screen_text, wait_until


async def account_history(server: EmulatorServer) -> dict[str, list[Execution]]:
    """job id → its executions, read over a plain client (all pages)."""
    async with make_client(server) as client:
        jobs = await client.collect_all(client.get_jobs)
        return {job.job_id: await client.collect_all(client.get_job_executions, job.job_id) for job in jobs}


def busiest_job(history: dict[str, list[Execution]]) -> str:
    """The job with the most executions (more than one page of re-reads in the demo account)."""
    return max(history, key=lambda job_id: len(history[job_id]))


async def open_runs(pilot: Any) -> RunsScreen:
    """Press 5 and wait for the first load to be drawn (on a busy machine it can outlast a settle)."""
    await settle(pilot)
    await keys(pilot, "5")
    screen = pilot.app.screen
    assert isinstance(screen, RunsScreen)
    await wait_until(
        pilot,
        lambda: screen.last_updated is not None,  # the header says "updated": a load succeeded
        rounds=100,
        why=lambda: f"no load succeeded: {screen.stale_error!r}; {screen_text(pilot.app).splitlines()[-2]!r}",
    )
    await settle(pilot)
    return screen


async def type_filter(pilot: Any, text: str) -> None:
    screen = pilot.app.screen
    await keys(pilot, "slash")
    box = screen.query_one("#filter")
    box.value = text
    await settle(pilot)
    await keys(pilot, "enter")


def shown(screen: RunsScreen) -> list[tuple[Any, Execution | None]]:
    return [screen.rows[key] for key in screen.table.row_keys_in_order()]


async def test_runs_lists_every_execution_of_several_jobs_newest_first(emulator: EmulatorServer) -> None:
    history = await account_history(emulator)
    every = {e.job_execution_id for executions in history.values() for e in executions}
    async with make_app(emulator).run_test(size=SIZE) as pilot:
        screen = await open_runs(pilot)
        snapshot = screen.session.runs.snapshot
        assert snapshot is not None
        assert {e.job_execution_id for e in snapshot.executions} == every
        assert f"{len(every):,} executions" in screen_text(pilot.app)
        jobs_on_screen = {e.job_id for _, e in shown(screen)[:200] if e is not None}
        assert len(jobs_on_screen) >= 5
        starts = [(run.created if e is None else e.created_date) for run, e in shown(screen)]
        assert starts == sorted(starts, reverse=True)  # type: ignore[type-var]


async def test_a_workflow_run_is_one_row_with_its_job_executions_beneath(emulator: EmulatorServer) -> None:
    async with make_client(emulator) as client:
        workflows = await client.collect_all(client.get_workflows)
        multi = next(w for w in workflows if len(w.job_nodes) >= 2 and w.last_execution_date is not None)
        started = {
            e.job_execution_id: e
            for e in await client.collect_all(client.get_workflow_executions, multi.workflow_id)
        }
    async with make_app(emulator).run_test(size=SIZE) as pilot:
        screen = await open_runs(pilot)
        await type_filter(pilot, f"workflow:{multi.name}")
        run_key = screen.table.row_keys_in_order()[0]
        assert run_key.startswith("run:")
        run = screen.rows[run_key][0]
        text = screen_text(pilot.app)
        assert f"▸ {len(run.executions)} jobs" in text
        await move_cursor_to(pilot, "#table", run_key)
        await keys(pilot, "space")
        children = [e for entry, e in shown(screen) if e is not None and entry is run]
        assert [e.job_execution_id for e in children] == [e.job_execution_id for e in run.executions]
        # every execution of the run is one the workflow itself lists, of one of its jobs
        assert all(e.job_execution_id in started for e in children)
        assert {e.job_id for e in children} <= {node.id for node in multi.job_nodes}
        assert run.status == next(
            s
            for s in ("RUNNING", "READY", "FAILED", "CANCELED", "COMPLETED")
            if s in {e.status for e in children}
        )
        text = screen_text(pilot.app)
        assert text.count("├ ") == len(children) - 1 and text.count("└ ") == 1  # the last one closes the run


async def test_field_filters_each_narrow_to_what_they_name(emulator: EmulatorServer) -> None:
    history = await account_history(emulator)
    executions = [e for runs in history.values() for e in runs]
    manual = next(e for e in executions if e.type == "JOB" and e.job_name)
    manual_job = manual.job_name or ""
    async with make_app(emulator).run_test(size=SIZE) as pilot:
        screen = await open_runs(pilot)

        await type_filter(pilot, "status:failed")
        assert screen.matching > 0
        assert all((e or run).status == "FAILED" for run, e in shown(screen))
        assert "match" in screen_text(pilot.app)

        await type_filter(pilot, "!status:failed !status:completed")
        assert all((e or run).status not in ("FAILED", "COMPLETED") for run, e in shown(screen))

        await type_filter(pilot, f"job:{manual_job}")
        expected = {e.job_execution_id for e in executions if manual_job in (e.job_name or "")}
        got = set()
        for run, e in shown(screen):
            members = run.executions if e is None else (e,)
            assert any(manual_job in (m.job_name or "") for m in members)
            got |= {m.job_execution_id for m in members if manual_job in (m.job_name or "")}
        assert got == expected or screen.matching > len(shown(screen))

        trigger = next(e.trigger_name for e in executions if e.trigger_name)
        await type_filter(pilot, f"trigger:{trigger}")
        assert shown(screen)
        for run, e in shown(screen):
            names = [m.trigger_name for m in (run.executions if e is None else (e,))]
            assert trigger in names

        await type_filter(pilot, "workflow:hourly since:24h")
        since = EMULATOR_START - timedelta(hours=24)
        assert shown(screen)
        for run, e in shown(screen):
            when = run.when if e is None else (e.start_date or e.created_date)
            assert when is not None and when >= since
        in_day = [
            e
            for e in executions
            if e.type == "WORKFLOW" and (e.start_date or e.created_date) >= since  # type: ignore[operator]
        ]
        assert 0 < screen.matching <= len(in_day)

        await type_filter(pilot, "!since:24h")
        for run, e in shown(screen):
            when = run.when if e is None else (e.start_date or e.created_date)
            assert when is not None and when < since

        await type_filter(pilot, "since:soon")
        assert "since:soon is not a span" in screen_text(pilot.app)


async def test_the_cursor_stays_on_its_execution_while_new_runs_arrive(emulator: EmulatorServer) -> None:
    async with make_app(emulator).run_test(size=SIZE) as pilot:
        screen = await open_runs(pilot)
        keys_before = screen.table.row_keys_in_order()
        target = keys_before[8]
        await move_cursor_to(pilot, "#table", target)
        assert isinstance(emulator.clock, ManualClock)
        emulator.clock.advance(45 * 60)  # scheduled triggers fire, running jobs end
        await keys(pilot, "r")
        after = screen.table.row_keys_in_order()
        assert after != keys_before  # new executions came in above
        assert after.index(target) > keys_before.index(target)
        assert screen.table.cursor_key == target


def drawn_rows(screen: RunsScreen) -> list[tuple[str, ...]]:
    """Every row of the table as its cells read, in order."""
    table = screen.table
    return [tuple(str(cell) for cell in table.get_row(key)) for key in table.row_keys_in_order()]


async def test_a_run_followed_to_its_end_shows_what_a_fresh_start_shows(emulator: EmulatorServer) -> None:
    """A refresh groups again only the workflows whose executions changed and keeps the others'
    runs. Scheduled runs start over 45 minutes, then a manual run of a two-job workflow is
    followed a minute at a time: when it appears, and after its last job ended (a status that
    changes, no new execution), the screen shows what an app started afresh shows, row for row."""
    assert isinstance(emulator.clock, ManualClock)
    clock = emulator.clock
    async with make_client(emulator) as client:
        workflows = await client.collect_all(client.get_workflows)
        manual = next(w for w in workflows if w.name == "refunds_manual_backfill")
        assert len(manual.job_nodes) == 2
        earlier = await client.collect_all(client.get_workflow_executions, manual.workflow_id)
        known = {e.job_execution_id for e in earlier}

        async def follow(pilot: Any, done: Callable[[list[Execution]], bool]) -> None:
            for _ in range(120):
                clock.advance(60)
                await keys(pilot, "r")
                started = await client.collect_all(client.get_workflow_executions, manual.workflow_id)
                if done([e for e in started if e.job_execution_id not in known]):
                    return
            raise AssertionError("the run did not get there in two hours")

        async with make_app(emulator).run_test(size=SIZE) as pilot:
            screen = await open_runs(pilot)
            for _ in range(9):  # scheduled triggers fire: new runs of known workflows
                clock.advance(5 * 60)
                await keys(pilot, "r")
            await client.execute_workflow(manual.workflow_id)
            await follow(pilot, bool)
            appeared = drawn_rows(screen)
        async with make_app(emulator).run_test(size=SIZE) as pilot:
            screen = await open_runs(pilot)
            assert drawn_rows(screen) == appeared
            await follow(pilot, lambda run: len(run) == 2 and all(e.is_final for e in run))
            ended = drawn_rows(screen)
    async with make_app(emulator).run_test(size=SIZE) as pilot:
        assert drawn_rows(await open_runs(pilot)) == ended


async def test_a_steady_state_refresh_makes_one_request(emulator: EmulatorServer) -> None:
    seen: list[httpx.Request] = []
    link = ObservingLink(seen.append)
    app = make_app(emulator, client=make_client(emulator, transport=link))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_runs(pilot)
        first_load = len(seen)
        assert first_load > 40  # the jobs list, the workflows list and every job's executions
        seen.clear()
        await keys(pilot, "r")  # the clock is frozen: nothing changed on the service
        assert [r.url.path for r in seen] == ["/api/v1/jobs"]
        # with a moving clock only the jobs that changed or are live are read again
        assert isinstance(emulator.clock, ManualClock)
        emulator.clock.advance(120)
        seen.clear()
        await keys(pilot, "r")
        job_reads = [r for r in seen if r.url.path.endswith("/executions")]
        snapshot = screen.session.runs.snapshot
        assert snapshot is not None
        assert len(job_reads) == snapshot.jobs_read
        assert 0 < len(job_reads) < len(snapshot.jobs)


async def test_a_job_running_several_times_at_once_is_read_one_page_while_nothing_changes(
    emulator: EmulatorServer,
) -> None:
    """Its live runs behind the newest are re-read each time, but unchanged live runs do not
    send the read on to older pages: the first page that brings nothing new ends it."""
    history = await account_history(emulator)
    busiest = busiest_job(history)
    assert len(history[busiest]) > 50  # more than one re-read page
    state = emulator.state
    assert state is not None and isinstance(emulator.clock, ManualClock)
    job = state.store.get("job", busiest)
    for _ in range(3):  # three at once: two of them hide behind the newest in the jobs list
        state.engine.create_execution(job, {}, at=emulator.clock.now())
    seen: list[httpx.Request] = []
    app = make_app(emulator, client=make_client(emulator, transport=ObservingLink(seen.append)))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_runs(pilot)
        # one refresh first: a read that a loaded machine let time out on the way in is asked
        # again on the next refresh, as it should be, and would be counted below
        await keys(pilot, "r")
        assert screen.session.runs.unread == 0
        seen.clear()
        await keys(pilot, "r")
        reads = [r.url for r in seen if r.url.path.endswith("/executions")]
        assert [(url.path, url.params.get("page")) for url in reads] == [
            (f"/api/v1/jobs/{busiest}/executions", "0")
        ]


async def test_rerun_starts_the_same_job_with_the_same_settings(emulator: EmulatorServer) -> None:
    app = make_app(emulator)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_runs(pilot)
        key, original = next(
            (k, e)
            for k in screen.table.row_keys_in_order()
            if (e := screen.rows[k][1]) is not None and e.type == "JOB" and e.status == "COMPLETED"
        )
        await move_cursor_to(pilot, "#table", key)
        await keys(pilot, "R")
        dialog = app.screen
        assert isinstance(dialog, ConfirmScreen)
        assert original.job_execution_id in " ".join(v for _, v in dialog.rows)
        await keys(pilot, "y")
        await settle(pilot)
        await settle(pilot)
        cursor = screen.table.cursor_key
    async with make_client(emulator) as client:
        newest = (await client.get_job_executions(original.job_id or "", limit=1)).items[0]
    assert newest.job_execution_id != original.job_execution_id
    assert cursor == newest.job_execution_id  # the new run is listed, and selected
    assert newest.type == "JOB"
    before = dict(original.job_condition.to_json()) if original.job_condition else {}
    after = dict(newest.job_condition.to_json()) if newest.job_condition else {}
    before.pop("consoleLogPath", None)
    after.pop("consoleLogPath", None)
    assert after == before
    assert newest.parsed_parameters == original.parsed_parameters


async def test_rerun_is_refused_in_read_only_mode_before_any_dialog(emulator: EmulatorServer) -> None:
    app = make_app(emulator, read_only=True)
    notes: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_runs(pilot)
        app.notify = lambda message, **_: notes.append(message)  # type: ignore[method-assign]
        await keys(pilot, "R")
        assert not isinstance(app.screen, ConfirmScreen)
        assert READ_ONLY_RERUN in notes
        assert not [r for r in app.session.requests if r.method != "GET"]
        assert screen is app.screen


async def test_triage_compares_a_failure_with_the_last_good_run(emulator: EmulatorServer) -> None:
    history = await account_history(emulator)
    async with make_app(emulator).run_test(size=SIZE) as pilot:
        screen = await open_runs(pilot)
        await type_filter(pilot, "status:failed")
        key = next(k for k in screen.table.row_keys_in_order() if screen.rows[k][1] is not None)
        failed = screen.rows[key][1]
        assert failed is not None
        await move_cursor_to(pilot, "#table", key)
        await keys(pilot, "t")
        assert isinstance(pilot.app.screen, TriageScreen)
        text = screen_text(pilot.app)
        runs = history[failed.job_id or ""]
        good = [
            e
            for e in runs
            if e.status == "COMPLETED" and (e.start_date or e.created_date) <= failed.start_date
        ]  # type: ignore[operator]
        baseline = max(good, key=lambda e: e.start_date or e.created_date)  # type: ignore[arg-type, return-value]
        assert baseline.job_execution_id in text
        week = [e for e in runs if (e.start_date or e.created_date) >= EMULATOR_START - timedelta(days=7)]  # type: ignore[operator]
        failed_week = sum(e.status == "FAILED" for e in week)
        assert f"{failed_week} of {len(week)} runs" in text
        console = failed.job_condition.console_log_path if failed.job_condition else None
        assert console and console in text
        await keys(pilot, "escape")
        assert pilot.app.screen is screen


async def test_an_empty_account_shows_no_executions(tmp_path: Any) -> None:
    with EmulatorServer(db_path=":memory:", clock=ManualClock(EMULATOR_START), demo=False) as server:
        async with make_app(server).run_test(size=SIZE) as pilot:
            screen = await open_runs(pilot)
            assert screen.table.row_count == 0
            assert "0 executions" in screen_text(pilot.app)


async def test_rerun_of_a_workflow_run_runs_the_workflow_when_its_trigger_allows(
    emulator: EmulatorServer,
) -> None:
    app = make_app(emulator)
    notes: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_runs(pilot)
        app.notify = lambda message, **_: notes.append(message)  # type: ignore[method-assign]
        # a scheduled workflow: executeWorkflow cannot start it, and the user is told why
        await type_filter(pilot, "workflow:campaigns_daily_360 status:completed")
        await keys(pilot, "R")
        assert not isinstance(app.screen, ConfirmScreen)
        assert any("runs on its schedule" in note for note in notes)
        # a manual workflow: confirm, then one executeWorkflow
        await type_filter(pilot, "workflow:refunds_manual_backfill")
        run_key = screen.table.row_keys_in_order()[0]
        await move_cursor_to(pilot, "#table", run_key)
        await keys(pilot, "R")
        dialog = app.screen
        assert isinstance(dialog, ConfirmScreen)
        assert "refunds_manual_backfill" in dialog.title_text
        await keys(pilot, "y")
        await settle(pilot)
        posts = [f"{r.method} {r.path}" for r in app.session.requests if r.method != "GET"]
    workflow_id = screen.rows[run_key][0].workflow_id
    assert posts == [f"POST /api/v1/workflows/{workflow_id}/executions"]


async def test_typing_a_filter_key_by_key_matches_what_it_matches_typed_at_once(
    emulator: EmulatorServer,
) -> None:
    async with make_app(emulator).run_test(size=SIZE) as pilot:
        screen = await open_runs(pilot)
        await keys(pilot, "slash")
        counts = {}
        for text in ("job:re", "job:refunds", "job:refunds status:c", "job:refunds st", "job:refunds"):
            box = screen.query_one("#filter")
            box.value = text  # type: ignore[attr-defined]
            await settle(pilot)
            counts[text] = (screen.matching, screen.table.row_keys_in_order())
        await keys(pilot, "escape")
        for text, (matching, rows) in counts.items():
            await keys(pilot, "escape")
            assert not screen.filter_text
            await type_filter(pilot, text)  # from an empty filter: every row is checked
            assert (screen.matching, screen.table.row_keys_in_order()) == (matching, rows), text


async def test_a_first_load_shows_the_newest_runs_before_every_job_is_read(
    emulator: EmulatorServer, monkeypatch: Any
) -> None:
    import dftui.ui.services.runs as runs_service
    from tests.ui.conftest import ui_config

    monkeypatch.setattr(runs_service, "PARTIAL_EVERY", 0.0)  # publish after every job read
    rows_while_loading: list[int] = []
    jobs_read: list[str] = []
    app: Any = None

    def before(request: httpx.Request) -> None:
        path = request.url.path
        if path.startswith("/api/v1/jobs/") and path.endswith("/executions"):
            jobs_read.append(path.split("/")[4])
            rows_while_loading.append(app.screen.table.row_count if isinstance(app.screen, RunsScreen) else 0)

    client = make_client(emulator, transport=ObservingLink(before))
    app = DataFlowApp(ui_config(emulator), client, demo=True, clock=emulator.clock.now, initial_mode="runs")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RunsScreen)
        half = len(rows_while_loading) // 2
        assert any(count > 0 for count in rows_while_loading[:half]), "rows shown while loading"
        snapshot = app.session.runs.snapshot
        assert snapshot is not None
        history = await account_history(emulator)
        assert len(snapshot.executions) == sum(len(runs) for runs in history.values())
        after_partials = drawn_rows(screen)
    monkeypatch.undo()  # a load without partial snapshots shows the same rows once it ends
    async with make_app(emulator).run_test(size=SIZE) as pilot:
        assert drawn_rows(await open_runs(pilot)) == after_partials
    async with make_client(emulator) as plain:
        jobs = await plain.collect_all(plain.get_jobs)
    newest = max((j for j in jobs if j.last_execution_date), key=lambda j: j.last_execution_date)  # type: ignore[arg-type, return-value]
    assert jobs_read[0] == newest.job_id  # the most recently active job is read first


class OneJobDown(httpx.AsyncHTTPTransport):
    """Real HTTP, except that one job's executions cannot be reached until ``down`` is cleared."""

    def __init__(self, before: Callable[[httpx.Request], None] | None = None) -> None:
        super().__init__()
        self.down = ""
        #: only pages from this one fail (0: every page)
        self.from_page = 0
        self.before = before

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.before is not None:
            self.before(request)
        if (
            self.down
            and request.url.path == f"/api/v1/jobs/{self.down}/executions"
            and int(request.url.params.get("page", "0")) >= self.from_page
        ):
            raise httpx.ConnectError("this job's reads fail in the test", request=request)
        return await super().handle_async_request(request)


async def app_with_busiest_job_down(
    emulator: EmulatorServer,
) -> tuple[dict[str, list[Execution]], str, OneJobDown, DataFlowApp]:
    """The account's history, its busiest job, a link on which that job cannot be read, and an
    app on that link."""
    history = await account_history(emulator)
    broken = busiest_job(history)
    link = OneJobDown()
    link.down = broken
    return history, broken, link, make_app(emulator, client=make_client(emulator, transport=link))


async def test_a_job_that_cannot_be_read_does_not_hide_the_others_and_is_read_again(
    emulator: EmulatorServer,
) -> None:
    history, broken, link, app = await app_with_busiest_job_down(emulator)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_runs(pilot)
        snapshot = screen.session.runs.snapshot
        assert snapshot is not None
        everyone_else = sum(len(runs) for job_id, runs in history.items() if job_id != broken)
        assert len(snapshot.executions) == everyone_else
        assert "1 job(s) could not be read" in screen_text(pilot.app)
        link.down = ""
        await keys(pilot, "r")
        snapshot = screen.session.runs.snapshot
        assert snapshot is not None
        assert len(snapshot.executions) == sum(len(runs) for runs in history.values())
        assert "could not be read" not in screen_text(pilot.app)


async def test_after_an_outage_a_job_is_read_again_from_its_newest_page_not_in_full(
    emulator: EmulatorServer,
) -> None:
    """A read that failed is not a reason to download the job's whole history again."""
    history = await account_history(emulator)
    busiest = busiest_job(history)
    assert len(history[busiest]) > REREAD_LIMIT
    state = emulator.state
    assert state is not None and isinstance(emulator.clock, ManualClock)
    seen: list[httpx.Request] = []
    link = OneJobDown(seen.append)
    app = make_app(emulator, client=make_client(emulator, transport=link))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_runs(pilot)
        newest = state.engine.create_execution(state.store.get("job", busiest), {}, at=emulator.clock.now())
        emulator.clock.advance(120)
        link.down = busiest
        await keys(pilot, "r")
        assert "1 job(s) could not be read" in screen_text(pilot.app)
        link.down = ""
        seen.clear()
        await keys(pilot, "r")
        reads = [r.url for r in seen if r.url.path == f"/api/v1/jobs/{busiest}/executions"]
        assert [(url.params.get("page"), url.params.get("limit")) for url in reads] == [
            ("0", str(REREAD_LIMIT)),
            ("1", str(REREAD_LIMIT)),  # page 0 brought the new run: the next one is all known
        ]
        snapshot = screen.session.runs.snapshot
        assert snapshot is not None and "could not be read" not in screen_text(pilot.app)
        shown_ids = {e.job_execution_id for e in snapshot.executions}
        assert newest["jobExecutionId"] in shown_ids
        assert {e.job_execution_id for e in history[busiest]} <= shown_ids


async def test_a_read_cut_off_after_its_first_page_leaves_nothing_missing(emulator: EmulatorServer) -> None:
    """Page 0 came, page 1 did not: the next refresh must still bring every new run."""
    history = await account_history(emulator)
    busiest = busiest_job(history)
    state = emulator.state
    assert state is not None and isinstance(emulator.clock, ManualClock)
    link = OneJobDown()
    app = make_app(emulator, client=make_client(emulator, transport=link))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_runs(pilot)
        job = state.store.get("job", busiest)
        new_ids = set()
        for _ in range(REREAD_LIMIT + 10):  # more than one re-read page of new runs
            emulator.clock.advance(1)
            new_ids.add(state.engine.create_execution(job, {}, at=emulator.clock.now())["jobExecutionId"])
        emulator.clock.advance(120)
        link.down, link.from_page = busiest, 1
        await keys(pilot, "r")
        assert "1 job(s) could not be read" in screen_text(pilot.app)
        link.down = ""
        await keys(pilot, "r")
        snapshot = screen.session.runs.snapshot
        assert snapshot is not None
        assert new_ids <= {e.job_execution_id for e in snapshot.executions}
        assert "could not be read" not in screen_text(pilot.app)


async def test_a_busy_jobs_view_shows_its_newest_runs_and_says_where_the_rest_are(
    emulator: EmulatorServer,
) -> None:
    """The view re-reads its executions on every refresh: a page of the newest, not the history."""
    history = await account_history(emulator)
    busiest = busiest_job(history)
    assert len(history[busiest]) > DETAIL_RUNS
    seen: list[httpx.Request] = []
    app = make_app(emulator, client=make_client(emulator, transport=ObservingLink(seen.append)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "3")
        await move_cursor_to(pilot, "#table", busiest)
        seen.clear()  # the dashboard's first load read every history in full
        await keys(pilot, "enter")
        screen = pilot.app.screen
        assert isinstance(screen, JobDetailScreen)
        newest = sorted(history[busiest], key=lambda e: e.created_date, reverse=True)[:DETAIL_RUNS]  # type: ignore[arg-type,return-value]
        assert screen.table.row_keys_in_order() == [e.job_execution_id for e in newest]
        assert f"Executions: the newest {DETAIL_RUNS} (every run: Runs, key 5)" in screen_text(pilot.app)
    reads = [r.url for r in seen if r.url.path == f"/api/v1/jobs/{busiest}/executions"]
    assert reads and all(url.params.get("limit") == str(DETAIL_RUNS) for url in reads)


async def test_a_refresh_that_rereads_only_an_unreadable_job_is_not_a_failed_refresh(
    emulator: EmulatorServer,
) -> None:
    """Nothing else changed, so the one job that could not be read is all a refresh asks for;
    its failing again is not the link being down: no error, the rest stays fresh."""
    _, _broken, _, app = await app_with_busiest_job_down(emulator)
    messages: list[Any] = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        screen = await open_runs(pilot)
        await keys(pilot, "r")
        await keys(pilot, "r")
        assert screen.stale_error is None
        assert not [m for m in messages if isinstance(m, Notify) and "refresh failed" in m.notification.title]
        assert "1 job(s) could not be read" in screen_text(pilot.app)


async def test_a_job_deleted_while_it_could_not_be_read_is_no_longer_counted(
    emulator: EmulatorServer,
) -> None:
    _, broken, _, app = await app_with_busiest_job_down(emulator)
    async with app.run_test(size=SIZE) as pilot:
        await open_runs(pilot)
        assert "1 job(s) could not be read" in screen_text(pilot.app)
        async with make_client(emulator) as client:
            await client.delete_job(broken)
        await keys(pilot, "r")
        assert "could not be read" not in screen_text(pilot.app)


async def test_w_on_a_workflow_run_watches_the_job_execution_it_runs_now(emulator: EmulatorServer) -> None:
    async with make_client(emulator) as client:
        workflows = await client.collect_all(client.get_workflows)
        manual = next(w for w in workflows if w.name == "refunds_manual_backfill")
        await client.execute_workflow(manual.workflow_id)
    app = make_app(emulator)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_runs(pilot)
        await type_filter(pilot, "workflow:refunds_manual_backfill")
        run_key = screen.table.row_keys_in_order()[0]
        run, execution = screen.rows[run_key]
        assert execution is None and not run.is_final  # the row is the run, not one execution
        await move_cursor_to(pilot, "#table", run_key)
        await keys(pilot, "w")
        watched = [watch.execution for watch in app.session.watches]
        live = [e for e in run.executions if not e.is_final]
        assert [e.job_execution_id for e in watched] == [live[-1].job_execution_id]
        assert "Nothing selected to watch" not in screen_text(app)


def column_cells(text: str, header: str, following: str) -> list[str]:
    """The cells of column ``header`` as drawn (up to where column ``following`` starts), in the
    rows of executions outside a workflow run of several jobs (those rows start with a name)."""
    lines = text.splitlines()
    top = next(n for n, line in enumerate(lines) if f" {header} " in line and "Status" in line)
    start, end = lines[top].index(f" {header} ") + 1, lines[top].index(f" {following} ") + 1
    rows = [line for line in lines[top + 1 :] if line[1:2].isalnum() and "executions" not in line]
    return [line[start:end].strip() for line in rows]


async def test_names_use_the_width_the_terminal_gives_and_never_push_columns_off(
    emulator: EmulatorServer,
) -> None:
    """A wide terminal shows long names whole; a narrow one cuts them with an ellipsis so the
    last column stays on screen; going back to wide shows them whole again."""
    async with make_app(emulator).run_test(size=(160, 40)) as pilot:
        screen = await open_runs(pilot)
        snapshot = screen.session.runs.snapshot
        assert snapshot is not None
        workflows = {w.name for w in snapshot.workflows.values()} | {DASH}

        def whole_or_marked(cell: str) -> bool:
            return cell in workflows or (
                cell.endswith("…") and any(w.startswith(cell[:-1]) for w in workflows)
            )

        # 131 keeps the columns of 160 (the end time too) with less room for names
        steps = ((160, "Workers"), (131, "Workers"), (120, "Workers"), (80, "Duration"), (160, "Workers"))
        for width, last in steps:
            await pilot.resize_terminal(width, 40)
            await settle(pilot)
            text = screen_text(pilot.app)
            assert f" {last}" in text.splitlines()[1], (width, text.splitlines()[1])
            cells = column_cells(text, "Workflow", "Trigger" if width >= 100 else "Status")
            assert cells and all(whole_or_marked(cell) for cell in cells), (width, cells)
            if width == 160:  # room for every name whole, longer than the 20 cells of a fixed cut
                assert all(cell in workflows for cell in cells), cells
                assert max(len(cell) for cell in cells) > 20, cells
            if width == 80:
                assert any(cell.endswith("…") for cell in cells), cells


async def test_a_long_wait_is_shown_whole_beside_names_that_share_the_width(
    emulator: EmulatorServer,
) -> None:
    """A queued run's wait reaches 'waiting 59m59s', wider than any run's duration: the names
    leave room for it, at 120 columns with the Workers column and at 80 without."""
    async with make_app(emulator).run_test(size=(120, 40)) as pilot:
        screen = await open_runs(pilot)
        queued = [
            execution for _entry, execution in shown(screen) if execution and execution.status == "READY"
        ]
        assert queued, "the demo account has a queued run"
        header = screen_text(pilot.app).splitlines()[1]
        emulator.clock.advance(20 * 60)  # no refresh is due (timers are off): only the 1 s ticker runs
        await pilot.pause(1.3)
        assert screen_text(pilot.app).splitlines()[1] == header  # a growing wait moves no column
        for width, last in ((120, "Workers"), (80, "Duration")):
            await pilot.resize_terminal(width, 40)
            await settle(pilot)
            lines = screen_text(pilot.app).splitlines()
            assert lines[1].rstrip().endswith(f" {last}"), (width, lines[1])
            waits = [line for line in lines if "waiting 2" in line]
            assert waits and all(re.search(r"waiting \d+m\d\ds( |$)", line) for line in waits), waits


async def test_one_firing_of_a_workflow_with_two_first_jobs_is_one_run(emulator: EmulatorServer) -> None:
    """The service creates a run's first jobs seconds apart: both are one run of two jobs, not
    two runs of "1/2 jobs"."""
    async with make_client(emulator) as client:
        workflows = await client.collect_all(client.get_workflows)
        trigger_ids = {w.trigger_node.id for w in workflows if w.trigger_node is not None}
        twin = next(
            w
            for w in workflows
            if len(w.job_nodes) == 2 and all(set(n.parent_node_ids) <= trigger_ids for n in w.job_nodes)
        )
        started = await client.collect_all(client.get_workflow_executions, twin.workflow_id)
    created = sorted(e.created_date for e in started if e.created_date is not None)
    assert any(b - a == timedelta(0) for a, b in itertools.pairwise(created))  # some at once
    assert any(timedelta(0) < b - a <= timedelta(seconds=3) for a, b in itertools.pairwise(created))
    async with make_app(emulator).run_test(size=SIZE) as pilot:
        screen = await open_runs(pilot)
        await type_filter(pilot, f"workflow:{twin.name}")
        runs = [entry for entry, execution in shown(screen) if execution is None]
        assert len(runs) == len(started) // 2
        assert all(len(run.executions) == 2 for run in runs), [len(run.executions) for run in runs]
        text = screen_text(pilot.app)
        assert "1/2 jobs" not in text
        assert text.count("▸ 2 jobs") >= min(len(runs), 30)  # every run row the screen has room for


async def test_triage_names_the_timeout_when_a_run_used_all_of_it(emulator: EmulatorServer) -> None:
    """The API gives no reason for a failure; a run that failed after exactly its timeout was
    most likely stopped by it, and triage says so (and says nothing of it for other failures)."""
    history = await account_history(emulator)
    failed = [
        e for runs in history.values() for e in runs if e.status == "FAILED" and e.start_date and e.end_date
    ]

    def used_timeout(e: Execution) -> bool:
        timeout = e.job_condition.timeout if e.job_condition else None
        return bool(timeout) and (e.end_date - e.start_date).total_seconds() >= timeout * 60  # type: ignore[operator]

    timed_out = next(e for e in failed if used_timeout(e))
    other = next(e for e in failed if not used_timeout(e))
    async with make_app(emulator).run_test(size=SIZE) as pilot:
        await open_runs(pilot)
        for execution, expected in ((timed_out, True), (other, False)):
            await type_filter(pilot, execution.job_execution_id)
            await keys(pilot, "t")
            assert isinstance(pilot.app.screen, TriageScreen)
            text = screen_text(pilot.app)
            assert execution.job_execution_id in text
            timeout = execution.job_condition.timeout if execution.job_condition else None
            assert (f"it ran for its whole timeout ({timeout} min)" in text) is expected, text
            await keys(pilot, "escape")
