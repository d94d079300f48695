"""``dftui wait``: wait for a job execution from a script (exit 0 completed, 1 failed, 3 timeout)."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Callable
from typing import Any, TextIO

from dftui.cli.common import EXIT_FAILED, EXIT_OK, EXIT_TIMEOUT, load_for
from dftui.config import (
    ConfigError,
    SecretMaskFilter,
)


def wait_command(args: argparse.Namespace, mask: SecretMaskFilter) -> int:
    config = load_for(args)
    mask.add(config.secret_key)
    if not config.has_credentials:
        raise ConfigError("`dftui wait` needs credentials (NCLOUD_ACCESS_KEY/NCLOUD_SECRET_KEY or a profile)")
    from dftui.api import DataFlowClient, DataFlowError

    client = DataFlowClient.from_profile(config)
    interval = args.interval or config.refresh_interval
    try:
        return asyncio.run(wait_for_execution(client, args.job_id, args.execution_id, interval, args.timeout))
    except DataFlowError as exc:
        print(f"dftui: {exc}", file=sys.stderr)
        return EXIT_FAILED


async def wait_for_execution(
    client: Any,
    job_id: str,
    execution_id: str,
    interval: float,
    give_up_after: float | None,
    *,
    out: TextIO | None = None,
    monotonic: Callable[[], float] = time.monotonic,
) -> int:
    """Poll one job execution until it is final: 0 COMPLETED, 1 FAILED/CANCELED, 3 timeout."""
    out = out or sys.stdout
    deadline = None if give_up_after is None else monotonic() + give_up_after
    last_status = None
    async with client:
        while True:
            execution = await client.get_job_execution_by_id(job_id, execution_id)
            if execution.status != last_status:
                print(f"{execution.job_execution_id}: {execution.status}", file=out, flush=True)
                last_status = execution.status
            if execution.is_final:
                return EXIT_OK if execution.status == "COMPLETED" else EXIT_FAILED
            if deadline is not None and monotonic() >= deadline:
                print(f"timed out after {give_up_after:g}s; execution is still {execution.status}", file=out)
                return EXIT_TIMEOUT
            pause = interval if deadline is None else max(0.0, min(interval, deadline - monotonic()))
            await asyncio.sleep(pause)
