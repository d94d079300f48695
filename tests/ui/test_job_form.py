"""The job form against the live emulator: what the user types ends up on the service, or nothing is sent.

Until the ``n``/``e``/``D`` keys open it, :func:`open_job_form` pushes the form the way those keys
will (the form's ``send`` calls the real client); switching a test to the keys changes only that
helper.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot

from dftui.api import DataFlowClient
from dftui.api.models import Job, JobListItem
from dftui.emulator import EmulatorServer
from dftui.ui.app import DataFlowApp
from dftui.ui.dialogs.job_form import JobForm
from dftui.ui.drafts.job import JobDraft
from tests.ui.conftest import SIZE, ObservingLink, keys, make_app, make_client, settle
from tests.ui.pages import move_cursor_to, screen_text
from tests.ui.test_job_draft import S, T, source, target

WRITES = ("POST", "PATCH", "PUT", "DELETE")
ACCEPTED = "The service accepts this job definition"


class Recorded:
    """An app whose client records every request it sends (method, path)."""

    def __init__(self, emulator: EmulatorServer) -> None:
        self.requests: list[tuple[str, str]] = []
        link = ObservingLink(lambda request: self.requests.append((request.method, request.url.path)))
        self.client: DataFlowClient = make_client(emulator, transport=link)
        self.app: DataFlowApp = make_app(emulator, client=self.client)

    def writes(self) -> list[tuple[str, str]]:
        """Requests that could change something (verifyJob is a POST too, and is listed)."""
        return [(method, path) for method, path in self.requests if method in WRITES]


def job_sender(client: DataFlowClient) -> Callable[[JobDraft], Any]:
    async def send(draft: JobDraft) -> Job:
        if draft.job_id is None:
            return await client.create_job(draft.create_body())
        return await client.update_job(draft.job_id, draft.update_body())

    return send


def job_verifier(client: DataFlowClient) -> Callable[[JobDraft], Any]:
    async def verify(draft: JobDraft) -> str:
        await client.verify_job(draft.verify_body())
        return ACCEPTED

    return verify


async def open_job_form(pilot: Pilot[Any], client: DataFlowClient, draft: JobDraft, title: str) -> JobForm:
    """Open the job form with the keys a user presses: ``n`` (new), ``e`` (edit), ``D`` (duplicate).

    A draft no key produces (preset nodes) is pushed directly, with a sender like the app's.
    """
    for prefix, key in (("Edit job ", "e"), ("Duplicate job ", "D")):
        if title.startswith(prefix):
            name = title.removeprefix(prefix)
            job = next(j for j in await client.collect_all(client.get_jobs) if j.name == name)
            await keys(pilot, "3")
            await move_cursor_to(pilot, "#table", job.job_id)
            await keys(pilot, key)
            break
    else:
        if title == "New job" and draft == JobDraft.new():
            await keys(pilot, "3", "n")
        else:
            pilot.app.push_screen(JobForm(title, draft, job_sender(client), verify=job_verifier(client)))
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, JobForm) and form.form_title == title
    return form


async def edit_a_visual_job(pilot: Pilot[Any], rec: Recorded) -> tuple[Job, JobForm]:
    """The first VISUAL job of the account, open in the edit form (``e`` on the Jobs list)."""
    await settle(pilot)
    item = first_visual(list((await rec.client.get_jobs()).items))
    job = await rec.client.get_job_by_id(item.job_id)
    return job, await open_job_form(pilot, rec.client, JobDraft.from_job(job.raw), f"Edit job {job.name}")


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Put ``text`` in the focused field the way a terminal paste does: one event, however long.
    (Each key press lays the form out again; typing every node field key by key made these the
    slowest tests of the suite. Key-by-key typing is tested where it matters, in the filters.)"""
    pilot.app.post_message(events.Paste(text))
    await settle(pilot)


async def focus_field(pilot: Pilot[Any], key: str) -> None:
    """Press tab until field ``key`` has the focus, as a user would."""
    for _ in range(40):
        focused = pilot.app.focused
        if focused is not None and focused.id == f"f-{key}":
            return
        await pilot.press("tab")  # moving the focus starts no worker: no need to settle
    raise AssertionError(f"field {key} not reachable with tab")


async def replace_text(pilot: Pilot[Any], key: str, text: str) -> None:
    await focus_field(pilot, key)
    await keys(pilot, "end", "ctrl+u")
    await type_text(pilot, text)


async def add_node(pilot: Pilot[Any], search: str, fields: dict[str, str]) -> None:
    """``a`` on the graph, pick the type by typing, fill its generated form, keep it."""
    await focus_field(pilot, "nodes")
    await keys(pilot, "a")
    await type_text(pilot, search)
    await keys(pilot, "enter")
    for key, text in fields.items():
        await replace_text(pilot, key, text)
    await keys(pilot, "ctrl+s")


async def build_source_filter_target(pilot: Pilot[Any]) -> None:
    await add_node(
        pilot,
        "storage source",
        {
            "name": "Orders raw",
            "bucketName": "sales",
            "prefix": "orders/",
            "fieldList": "id:long\namount:double",
        },
    )
    await add_node(pilot, "filter", {"name": "Big orders", "filterConditionList": "amount | 100 | GT"})
    await add_node(
        pilot,
        "storage target",
        {"name": "Mart", "bucketName": "mart", "prefix": "daily/", "fieldList": "id:long"},
    )


async def job_named(client: DataFlowClient, name: str) -> Job | None:
    page = await client.get_jobs(name=name)
    match = next((item for item in page.items if item.name == name), None)
    return await client.get_job_by_id(match.job_id) if match else None


def text(pilot: Pilot[Any]) -> str:
    return screen_text(pilot.app)


# ------------------------------------------------------------------ create


async def test_a_visual_job_is_built_in_the_editor_and_created(emulator: EmulatorServer) -> None:
    rec = Recorded(emulator)
    async with rec.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await open_job_form(pilot, rec.client, JobDraft.new(), "New job")
        await type_text(pilot, "orders_big_daily")
        await replace_text(pilot, "description", "orders over 100")
        await build_source_filter_target(pilot)
        assert "Big orders" in text(pilot) and "Orders raw" in text(pilot)
        await keys(pilot, "ctrl+s")
        assert pilot.app.screen is not form
        job = await job_named(rec.client, "orders_big_daily")
    assert job is not None and job.status == "READY" and job.description == "orders over 100"
    source, filtered, target = job.raw["nodes"]
    assert (source["type"], filtered["type"], target["type"]) == (
        "SOURCE_OBS",
        "TRANSFORM_FILTER",
        "TARGET_OBS",
    )
    assert source["parentNodeIds"] == [] and source["bucketName"] == "sales"
    assert source["fieldList"] == [{"name": "id", "type": "long"}, {"name": "amount", "type": "double"}]
    assert filtered["parentNodeIds"] == [source["id"]]
    assert filtered["filterConditionList"] == [{"name": "amount", "value": "100", "operator": "GT"}]
    assert target["parentNodeIds"] == [filtered["id"]] and target["prefix"] == "daily/"
    assert all(len(str(node["id"])) == 13 for node in job.raw["nodes"])


async def test_a_script_job_is_created_with_its_parameters(emulator: EmulatorServer) -> None:
    rec = Recorded(emulator)
    async with rec.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_job_form(pilot, rec.client, JobDraft.new(), "New job")
        await type_text(pilot, "script_nightly")
        await focus_field(pilot, "type")
        await keys(pilot, "enter", "down", "enter")
        assert "Node graph" not in text(pilot)
        await replace_text(pilot, "num_worker", "4")
        await replace_text(pilot, "nrn", "nrn:PUB:IAM::1:Role/r")
        await replace_text(pilot, "script_path", "bucket/scripts/")
        await replace_text(pilot, "log_path", "bucket/logs/")
        await focus_field(pilot, "parameters")
        await type_text(pilot, "targetDate=2026-12-01\nmode=full")
        await keys(pilot, "ctrl+s")
        job = await job_named(rec.client, "script_nightly")
    assert job is not None and job.type == "SCRIPT" and job.status == "READY"
    assert job.raw["jobCondition"]["parameters"] == {"targetDate": "2026-12-01", "mode": "full"}
    assert job.raw["jobCondition"]["numWorker"] == 4
    assert job.raw["jobCondition"]["scriptPath"] == "bucket/scripts/"


async def test_a_name_alone_saves_a_draft(emulator: EmulatorServer) -> None:
    rec = Recorded(emulator)
    async with rec.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_job_form(pilot, rec.client, JobDraft.new(), "New job")
        await type_text(pilot, "just_a_name")
        await keys(pilot, "ctrl+s")
        job = await job_named(rec.client, "just_a_name")
    assert job is not None and job.status == "DRAFT" and job.nodes == []


async def test_an_unfinished_graph_is_refused_but_saves_as_draft(emulator: EmulatorServer) -> None:
    rec = Recorded(emulator)
    async with rec.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await open_job_form(pilot, rec.client, JobDraft.new(), "New job")
        await type_text(pilot, "half_built")
        await add_node(pilot, "storage source", {"bucketName": "sales", "prefix": "in/"})
        await keys(pilot, "ctrl+s")
        assert "A complete job needs at least one target node" in text(pilot)
        assert "nothing was sent" in text(pilot)
        assert rec.writes() == [] and pilot.app.screen is form
        await keys(pilot, "ctrl+t")
        job = await job_named(rec.client, "half_built")
    assert job is not None and job.status == "DRAFT" and len(job.nodes) == 1


# ------------------------------------------------------------------ refused before sending


async def test_a_node_without_its_parent_is_named_and_nothing_is_sent(emulator: EmulatorServer) -> None:
    rec = Recorded(emulator)
    async with rec.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await open_job_form(pilot, rec.client, JobDraft.new(), "New job")
        await type_text(pilot, "orphan_filter")
        await add_node(pilot, "filter", {"name": "Filter orders", "filterConditionList": "id | 1 | EQ"})
        await keys(pilot, "ctrl+s")
        screen = text(pilot)
        assert "Node 'Filter orders' (TRANSFORM_FILTER): needs 1 parent; has none" in screen
        assert "1 problem" in screen  # the node is marked in the tree
        assert pilot.app.screen is form
    assert rec.writes() == []


async def test_a_node_form_refuses_an_empty_required_field(emulator: EmulatorServer) -> None:
    rec = Recorded(emulator)
    async with rec.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await open_job_form(pilot, rec.client, JobDraft.new(), "New job")
        await type_text(pilot, "empty_bucket")
        await focus_field(pilot, "nodes")
        await keys(pilot, "a")
        await type_text(pilot, "storage source")
        await keys(pilot, "enter")
        shown = text(pilot)  # fields in words, each with the key the JSON and the messages use
        assert "Bucket (bucketName)" in shown and "Columns (fieldList)" in shown
        await keys(pilot, "ctrl+s")
        assert "bucketName is required" in text(pilot)
        await keys(pilot, "escape", "y")
        assert pilot.app.screen is form and form.nodes == ()
    assert rec.writes() == []


async def test_the_node_picker_wraps_a_long_summary_in_its_own_column_at_80x24(
    emulator: EmulatorServer,
) -> None:
    rec = Recorded(emulator)
    async with rec.app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_job_form(pilot, rec.client, JobDraft.new(), "New job")
        await focus_field(pilot, "nodes")
        await keys(pilot, "a")
        await type_text(pilot, "duplicate")
        lines = screen_text(pilot.app).splitlines()
        row = next(i for i, line in enumerate(lines) if "Drop duplication" in line)
        column = lines[row].index("Removes duplicate rows")
        assert lines[row + 1][column:].strip().startswith("columns.")  # under the summary's start
        assert not lines[row + 1][:column].strip(" ▊│")  # nothing under the type's column


# ------------------------------------------------------------------ edit


def first_visual(items: list[JobListItem]) -> JobListItem:
    return next(item for item in items if item.type == "VISUAL" and item.status == "READY")


async def test_editing_a_job_patches_what_changed(emulator: EmulatorServer) -> None:
    rec = Recorded(emulator)
    async with rec.app.run_test(size=SIZE) as pilot:
        before, _ = await edit_a_visual_job(pilot, rec)
        await replace_text(pilot, "num_worker", "5")
        await focus_field(pilot, "nodes")
        await keys(pilot, "enter")
        await replace_text(pilot, "name", "Renamed source")
        await keys(pilot, "ctrl+s", "ctrl+s")
        after = await rec.client.get_job_by_id(before.job_id)
    assert ("PATCH", f"/api/v1/jobs/{before.job_id}") in rec.writes()
    assert after.raw["jobCondition"]["numWorker"] == 5
    assert after.raw["nodes"][0]["name"] == "Renamed source"
    assert after.raw["nodes"][1:] == before.raw["nodes"][1:]
    assert after.name == before.name and after.type == before.type


# ------------------------------------------------------------------ the service says no


async def test_a_duplicate_name_keeps_the_form_open_with_everything_typed(emulator: EmulatorServer) -> None:
    rec = Recorded(emulator)
    async with rec.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        taken = first_visual(list((await rec.client.get_jobs()).items)).name
        form = await open_job_form(pilot, rec.client, JobDraft.new(), "New job")
        await type_text(pilot, taken)
        await replace_text(pilot, "description", "typed by hand")
        await replace_text(pilot, "timeout", "90")
        await keys(pilot, "ctrl+s")
        screen = text(pilot)
        assert pilot.app.screen is form
        assert "The service refused this" in screen
        assert form.get("name") == taken and form.get("description") == "typed by hand"
        assert form.get("timeout") == "90"
    assert [method for method, _ in rec.writes()] == ["POST"]


async def test_verify_shows_the_service_answer(emulator: EmulatorServer) -> None:
    rec = Recorded(emulator)
    async with rec.app.run_test(size=SIZE) as pilot:
        _, form = await edit_a_visual_job(pilot, rec)
        await keys(pilot, "ctrl+r")
        assert ACCEPTED in text(pilot)
        form.dismiss(None)
        await settle(pilot)
        await open_job_form(pilot, rec.client, JobDraft.new(), "New job")
        await type_text(pilot, "no_nodes_yet")
        await keys(pilot, "ctrl+r")
        assert "Verify: " in text(pilot) and "nodes" in text(pilot)
    assert [path for _, path in rec.writes()] == ["/api/v1/jobs/verify", "/api/v1/jobs/verify"]


async def test_verify_with_a_bad_field_is_refused_before_anything_is_sent(emulator: EmulatorServer) -> None:
    """The service would accept the graph: a field dftui knows is wrong must not read as accepted."""
    rec = Recorded(emulator)
    async with rec.app.run_test(size=SIZE) as pilot:
        _, form = await edit_a_visual_job(pilot, rec)
        await replace_text(pilot, "timeout", "abc")
        await keys(pilot, "ctrl+r")
        screen = text(pilot)
        assert "Fix 1 field to verify (nothing was sent)" in screen
        assert ACCEPTED not in screen
        assert pilot.app.screen is form and form.get("timeout") == "abc"
        assert pilot.app.focused is form.widget("timeout")
    assert rec.writes() == []


# ------------------------------------------------------------------ cancel


async def test_escape_with_edits_asks_and_y_discards(emulator: EmulatorServer) -> None:
    rec = Recorded(emulator)
    async with rec.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await open_job_form(pilot, rec.client, JobDraft.new(), "New job")
        await type_text(pilot, "keep_me")
        await keys(pilot, "escape")
        assert "Discard changes?" in text(pilot)
        await keys(pilot, "n")
        assert pilot.app.screen is form and form.get("name") == "keep_me"
        await keys(pilot, "escape", "y")
        assert pilot.app.screen is not form
    assert rec.writes() == []


async def test_the_graph_keys_remove_and_reorder(emulator: EmulatorServer) -> None:
    rec = Recorded(emulator)
    async with rec.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await open_job_form(pilot, rec.client, JobDraft.new(), "New job")
        await type_text(pilot, "reordered")
        await build_source_filter_target(pilot)
        await keys(pilot, "left_square_bracket")  # the target moves above the filter
        assert [node["name"] for node in form.nodes] == ["Orders raw", "Mart", "Big orders"]
        await keys(pilot, "down", "x")
        assert "Remove node Big orders?" in text(pilot)
        await keys(pilot, "y")
        assert [node["name"] for node in form.nodes] == ["Orders raw", "Mart"]
        assert "Node 'Mart' (TARGET_OBS): needs 1 parent; has none" in text(pilot)
        await keys(pilot, "p", "space", "ctrl+s")
        assert form.nodes[1]["parentNodeIds"] == [form.nodes[0]["id"]]
        await keys(pilot, "up", "p")
        assert "Orders raw is a source: it reads data itself and takes no parents" in text(pilot)
    assert rec.writes() == []


# ------------------------------------------------------------------ JSON round trip, a refused node


def editor_writing(tmp_path: Path, body: dict[str, Any]) -> str:
    """An $EDITOR that replaces the file it is given with ``body``."""
    script = tmp_path / "editor.py"
    script.write_text(f"import sys\nopen(sys.argv[1], 'w').write({json.dumps(body)!r})\n")
    return f"{sys.executable} {script}"


async def test_a_node_the_service_refuses_is_named_beside_the_graph(
    emulator: EmulatorServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A legacy node type comes in through ctrl+o; dftui keeps it as JSON and the service refuses it."""
    legacy = {
        "id": 1_700_000_000_002,
        "name": "Old step",
        "type": "TRANSFORM_DROP_NULL",
        "parentNodeIds": [S],
    }
    body = {"name": "with_legacy", "type": "VISUAL", "nodes": [source(S), legacy, target(T, [legacy["id"]])]}
    monkeypatch.setenv("EDITOR", editor_writing(tmp_path, body))
    monkeypatch.delenv("VISUAL", raising=False)
    rec = Recorded(emulator)
    async with rec.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await open_job_form(pilot, rec.client, JobDraft.new(), "New job")
        await keys(pilot, "ctrl+o")
        assert "Loaded from JSON" in text(pilot) and "kept as JSON" in text(pilot)
        await keys(pilot, "ctrl+s")
        screen = text(pilot)
        assert "Node 'Old step' (TRANSFORM_DROP_NULL): the service refused type" in screen
        assert pilot.app.screen is form and form.get("name") == "with_legacy" and len(form.nodes) == 3
    assert [method for method, _ in rec.writes()] == ["POST"]


async def test_an_editor_closed_without_changes_says_so(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", "true")  # exits 0 and leaves the file as it was
    monkeypatch.delenv("VISUAL", raising=False)
    rec = Recorded(emulator)
    async with rec.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await open_job_form(pilot, rec.client, JobDraft.new(), "New job")
        await type_text(pilot, "typed_first")
        await keys(pilot, "ctrl+o")
        screen = text(pilot)
        assert "The JSON was not changed in the editor" in screen and "Loaded from JSON" not in screen
        assert form.get("name") == "typed_first"
    assert rec.writes() == []


# ------------------------------------------------------------------ duplicate, names shown literally


async def test_duplicate_creates_a_copy_with_the_same_graph(emulator: EmulatorServer) -> None:
    rec = Recorded(emulator)
    async with rec.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        item = first_visual(list((await rec.client.get_jobs()).items))
        original = await rec.client.get_job_by_id(item.job_id)
        await open_job_form(
            pilot, rec.client, JobDraft.duplicate(original.raw), f"Duplicate job {original.name}"
        )
        assert f"{original.name}_copy" in text(pilot)
        await keys(pilot, "ctrl+s")
        copy = await job_named(rec.client, f"{original.name}_copy")
    assert copy is not None and copy.job_id != original.job_id
    assert copy.raw["nodes"] == original.raw["nodes"]


async def test_node_names_are_shown_literally(emulator: EmulatorServer) -> None:
    """A node name is written by whoever can edit the job: never markup, in the tree or the lists."""
    name = "[@click=app.quit]Orders[/] oops[/]"
    nodes = (source(S, name), {**target(T, [S]), "name": "[b]Mart"})
    rec = Recorded(emulator)
    async with rec.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_job_form(pilot, rec.client, JobDraft(name="markup_names", nodes=nodes), "New job")
        assert name in text(pilot) and "[b]Mart" in text(pilot)
        await focus_field(pilot, "nodes")
        await keys(pilot, "down", "p")
        assert "Parents of [b]Mart" in text(pilot) and name in text(pilot)
        await keys(pilot, "escape", "enter")
        assert f"Parents: {name}" in text(pilot)
        await keys(pilot, "escape")
        assert pilot.app.is_running
    assert rec.writes() == []
