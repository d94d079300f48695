"""Render every main screen and detail view to SVG (and PNG) against the emulator.

``python -m dftui.screenshots [--out screenshots]`` starts an in-process
EmulatorServer with a frozen ManualClock (2026-11-28 09:00 KST, seed 42), drives
the app at 120x40 and saves one SVG per view. PNGs are made with cairosvg when it
is installed, after swapping the SVG font for DejaVu Sans Mono so columns line up.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from dftui.config import ResolvedConfig
from dftui.timeutil import KST

FROZEN_AT = datetime(2026, 11, 28, 9, 0, 0, tzinfo=KST)
SIZE = (120, 40)
SVG_FONT = "font-family: Fira Code, monospace;"


def svg_to_png(svg_path: Path, png_path: Path, font: str = "DejaVu Sans Mono") -> bool:
    """Convert with cairosvg if available; returns False when it is not installed."""
    try:
        import cairosvg  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return False
    svg = svg_path.read_text(encoding="utf-8").replace(SVG_FONT, f"font-family: {font};")
    cairosvg.svg2png(bytestring=svg.encode("utf-8"), write_to=str(png_path))
    return True


async def settle(pilot: Pilot[Any]) -> None:
    """Wait for every worker, then for the screen to repaint."""
    app = pilot.app
    for _ in range(3):
        await pilot.pause()
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
    await pilot.pause()


Step = Callable[[Pilot[Any]], Awaitable[None]]


def press(*keys: str) -> Step:
    async def step(pilot: Pilot[Any]) -> None:
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return step


# name -> keys pressed from a fresh app on the dashboard
VIEWS: dict[str, tuple[str, ...]] = {
    "dashboard": (),
    "workflows": ("2",),
    "workflow_detail": ("2", "enter"),
    "jobs": ("3",),
    "job_detail": ("3", "enter"),
    "execution_detail": ("3", "enter", "enter"),
    "triggers": ("4",),
    "trigger_detail": ("4", "enter"),
    "jobs_filtered": ("3", "slash", *"refunds", "enter"),
    "json_view": ("3", "J"),
    "help": ("3", "question_mark"),
    "request_log": ("3", "L"),
    "confirm_run": ("3", "x"),
    "runs": ("5",),
    "runs_workflow_run": ("5", "slash", *"workflow:campaigns_daily", "enter", "space"),
    "triage": ("5", "slash", *"status:failed", "enter", "t"),
    # forms (nothing is submitted: the account stays as seeded for the views above)
    "form_trigger": (
        *("4", "n", *"ops_report_monthu"),
        *("tab", "tab", "tab", "enter", "down", "enter"),  # Every: day -> week
        *("tab", "end", "ctrl+u", *"09:30"),
        *("tab", "down", "down", "down", "space"),  # Monday (the default) and Thursday
    ),
    "form_job": ("3", "down", "e"),  # app_logs_daily_agg, a VISUAL job and its node graph
    "form_workflow": ("2", *["down"] * 5, "e"),  # inventory_nightly_mart, four jobs
    "form_run": ("3", "x", "end", "ctrl+u", "6"),  # ad_impressions_spark_etl, 6 workers this run
    "form_delete": ("3", "slash", *"inventory_clean", "enter", "d", *"inventory_cl"),
}


REFRESH_INTERVAL = 5.0
"""What a user sees; the emulator clock is frozen, so a refresh during capture redraws the same data."""


def demo_config(server: Any) -> ResolvedConfig:
    """The demo profile pointed at ``server``, as ``dftui --demo`` builds it."""
    return ResolvedConfig.model_validate(
        {
            "profile_name": "demo",
            "api_url": server.base_url,
            "access_key": server.access_key,
            "secret_key": server.secret_key,
            "refresh_interval": REFRESH_INTERVAL,
        }
    )


async def render_view(server: Any, name: str, keys: tuple[str, ...], out: Path) -> Path:
    from dftui.api import DataFlowClient
    from dftui.ui.app import DataFlowApp

    config = demo_config(server)
    async with DataFlowClient.from_profile(config) as client:
        app = DataFlowApp(config, client, demo=True, clock=server.clock.now, close_client_on_exit=False)
        app.animation_level = "none"
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await press(*keys)(pilot)
            await settle(pilot)
            return Path(app.save_screenshot(filename=f"{name}.svg", path=str(out)))


async def render_all(out: Path, png: bool = True) -> list[Path]:
    from dftui.emulator import EmulatorServer, ManualClock

    written: list[Path] = []
    server = EmulatorServer(seed=42, clock=ManualClock(start=FROZEN_AT))
    server.start()
    try:
        for name, keys in VIEWS.items():
            svg = await render_view(server, name, keys, out)
            written.append(svg)
            if png and svg_to_png(svg, svg.with_suffix(".png")):
                written.append(svg.with_suffix(".png"))
    finally:
        server.stop()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dftui.screenshots", description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("screenshots"), help="output folder")
    parser.add_argument("--no-png", action="store_true", help="SVG only")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for path in asyncio.run(render_all(args.out, png=not args.no_png)):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
