"""What the API returns and dftui used to hide: a job's description, and items the caller may not view."""

from __future__ import annotations

import json
from typing import Any

import httpx
from textual.notifications import Notify

from dftui.emulator import EmulatorServer
from dftui.ui.screens.job_detail import JobDetailScreen
from dftui.ui.screens.jobs import JobsScreen
from tests.ui.conftest import SIZE, keys, make_app, make_client
from tests.ui.pages import move_cursor_to, screen_text


class DisablingLink(httpx.AsyncHTTPTransport):
    """Real HTTP; the jobs list comes back with ``disabled: true`` on one job, as a real server may send."""

    def __init__(self, job_id: str) -> None:
        super().__init__()
        self.job_id = job_id

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await super().handle_async_request(request)
        if request.method != "GET" or request.url.path != "/api/v1/jobs":
            return response
        body = json.loads(await response.aread())
        for item in body.get("list") or []:
            if item.get("jobId") == self.job_id:
                item["disabled"] = True
        headers = {
            k: v
            for k, v in response.headers.items()
            if k.lower() not in ("content-length", "content-encoding")
        }
        return httpx.Response(response.status_code, headers=headers, content=json.dumps(body).encode())


async def test_job_detail_shows_the_description(emulator: EmulatorServer) -> None:
    client = make_client(emulator)
    job = await client.create_job(
        {"name": "described_job", "type": "SCRIPT", "description": "Loads the [b]orders[/b] feed nightly"}
    )
    app = make_app(emulator)
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "3")
        await move_cursor_to(pilot, "#table", job.job_id)
        await keys(pilot, "enter")
        assert isinstance(app.screen, JobDetailScreen)
        text = " ".join(screen_text(app).split())
        assert "Description Loads the [b]orders[/b] feed" in text  # literally, never markup
    await client.aclose()


async def test_a_disabled_job_is_marked_and_not_opened(emulator: EmulatorServer) -> None:
    probe = make_client(emulator)
    target = (await probe.get_jobs()).items[0]
    await probe.aclose()
    app = make_app(emulator, client=make_client(emulator, transport=DisablingLink(target.job_id)))
    messages: list[Any] = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await keys(pilot, "3")
        screen = app.screen
        assert isinstance(screen, JobsScreen)
        await move_cursor_to(pilot, "#table", target.job_id)
        assert f"{target.name} (no permission)" in screen_text(app)
        await keys(pilot, "enter")
        assert app.screen is screen
        notes = [m.notification.message for m in messages if isinstance(m, Notify)]
        assert any(n.startswith(f"No permission to view {target.name}") for n in notes)
