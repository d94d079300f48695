"""Start-up imports what the first screen draws, and each other screen when it is first shown.

Checked in a fresh interpreter (this test process has imported everything long ago): the app,
pointed at the test's emulator over real HTTP, draws the dashboard's data; at that frame the other
mode screens, the form framework and the emulator's web stack are not loaded; the Jobs key then
shows the Jobs list, its module loaded on the way.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from dftui.emulator import EmulatorServer

LATER = (
    "dftui.ui.screens.workflows",
    "dftui.ui.screens.jobs",
    "dftui.ui.screens.triggers",
    "dftui.ui.screens.runs",
    "dftui.ui.screens.resource_list",
    "dftui.ui.dialogs.form",
    "fastapi",
    "uvicorn",
)

SCRIPT = textwrap.dedent(
    """
    import asyncio, json, sys

    from dftui.api import DataFlowClient
    from dftui.config import ResolvedConfig
    from dftui.ui.app import DataFlowApp
    from dftui.ui.widgets.status_line import StatusLine

    url, access_key, secret_key, *later = sys.argv[1:]


    async def shown(pilot, title):
        # its own wait: the shared page steps import the emulator, which would load FastAPI
        for _ in range(400):
            await pilot.pause(0.025)
            screen = pilot.app.screen
            lines = screen.query(StatusLine)
            if getattr(screen, "screen_title", None) == title and lines and lines.first().has_data:
                return
        raise SystemExit(f"{title} never showed its data")


    async def main():
        config = ResolvedConfig.model_validate(
            {"profile_name": "t", "api_url": url, "access_key": access_key, "secret_key": secret_key}
        )
        app = DataFlowApp(config, DataFlowClient.from_profile(config), demo=True)
        app.animation_level = "none"
        seen = {}
        async with app.run_test(size=(120, 40)) as pilot:
            await shown(pilot, "Dashboard")
            seen["dashboard"] = [name for name in later if name in sys.modules]
            await pilot.press("3")
            await shown(pilot, "Jobs")
            seen["jobs"] = [name for name in later if name in sys.modules]
        print(json.dumps(seen))


    asyncio.run(main())
    """
)


def test_the_first_frame_imports_only_the_first_screen(emulator: EmulatorServer) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, emulator.base_url, emulator.access_key, emulator.secret_key, *LATER],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["dashboard"] == []
    assert seen["jobs"] == ["dftui.ui.screens.jobs", "dftui.ui.screens.resource_list"]
