"""``dftui wait``: wait for a job execution from a script; the exit code says how it ended.

========  ==============================================================================
code      meaning
========  ==============================================================================
0         the execution COMPLETED
1         the execution FAILED or was CANCELED
2         bad input: a usage or configuration error, no credentials (nothing was sent)
3         ``--timeout`` passed while the execution was still READY or RUNNING
4         not found: no such job, or no such execution of that job
5         authentication or permission refused (wrong key pair, clock off, no permission)
6         network: the server could not be reached, did not answer in time, or cut the answer off
7         any other error answer from the API (server error, throttled, unexpected answer)
130       interrupted (Ctrl+C)
========  ==============================================================================
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Callable
from typing import Any, TextIO

from dftui.cli.common import (
    EXIT_API_ERROR,
    EXIT_AUTH,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_NETWORK,
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_TIMEOUT,
    EXIT_USAGE,
    error_line,
    load_for,
    print_warnings,
)
from dftui.config import (
    ConfigError,
    SecretMaskFilter,
)

WAIT_EXIT_CODES: tuple[tuple[int, str], ...] = (
    (EXIT_OK, "the execution COMPLETED"),
    (EXIT_FAILED, "the execution FAILED or was CANCELED"),
    (EXIT_USAGE, "bad input or configuration, or no credentials (nothing was sent)"),
    (EXIT_TIMEOUT, "--timeout passed while the execution was still READY or RUNNING"),
    (EXIT_NOT_FOUND, "no such job, or no such execution of that job"),
    (EXIT_AUTH, "authentication or permission refused (key pair, clock, permission)"),
    (EXIT_NETWORK, "network: server not reached, no answer in time, or answer cut off"),
    (EXIT_API_ERROR, "any other error answer from the API (server error, throttled, ...)"),
    (EXIT_INTERRUPTED, "interrupted (Ctrl+C)"),
)
"""What each exit code of ``dftui wait`` means (its ``--help``, the README and docs/cli.md)."""


def exit_codes_help() -> str:
    return "exit codes:\n" + "\n".join(f"  {code:<4} {meaning}" for code, meaning in WAIT_EXIT_CODES)


def wait_command(args: argparse.Namespace, mask: SecretMaskFilter) -> int:
    for name, value in (("JOB_ID", args.job_id), ("EXECUTION_ID", args.execution_id)):
        if not value.strip():
            raise ConfigError(f"{name} is empty; allowed: the id shown by dftui or the console")
    config = load_for(args)
    mask.add(config.secret_key)
    print_warnings(config.warnings)
    if not config.has_credentials:
        raise ConfigError("`dftui wait` needs credentials (NCLOUD_ACCESS_KEY/NCLOUD_SECRET_KEY or a profile)")
    from dftui.api import DataFlowClient, DataFlowError

    client = DataFlowClient.from_profile(config)
    interval = args.interval or config.refresh_interval
    try:
        return asyncio.run(wait_for_execution(client, args.job_id, args.execution_id, interval, args.timeout))
    except DataFlowError as exc:
        print(error_line(mask.mask(str(exc))), file=sys.stderr)
        return exit_code_for(exc)


def exit_code_for(error: Any) -> int:
    """The exit code of a :class:`~dftui.api.DataFlowError` (see the module's table)."""
    from dftui.api.errors import ErrorKind

    if error.is_not_found:
        return EXIT_NOT_FOUND
    if error.kind in (ErrorKind.AUTH, ErrorKind.PERMISSION):
        return EXIT_AUTH
    if error.kind in (ErrorKind.NETWORK, ErrorKind.TIMEOUT):
        return EXIT_NETWORK
    return EXIT_API_ERROR


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
    """Poll one job execution until it is final: 0 COMPLETED, 1 FAILED/CANCELED, 3 timeout.

    A request still in flight when ``give_up_after`` passes is abandoned: the timeout holds even
    against a server that does not answer.
    """
    out = out or sys.stdout
    deadline = None if give_up_after is None else monotonic() + give_up_after
    last_status = None

    def timed_out(status: str | None) -> int:
        still = f"; execution is still {status}" if status else ""
        print(f"timed out after {give_up_after:g}s{still}", file=out)
        return EXIT_TIMEOUT

    async with client:
        while True:
            request = client.get_job_execution_by_id(job_id, execution_id)
            if deadline is None:
                execution = await request
            else:
                try:
                    execution = await asyncio.wait_for(request, max(0.0, deadline - monotonic()))
                except TimeoutError:
                    return timed_out(last_status)
            if execution.status != last_status:
                print(f"{execution.job_execution_id}: {execution.status}", file=out, flush=True)
                last_status = execution.status
            if execution.is_final:
                return EXIT_OK if execution.status == "COMPLETED" else EXIT_FAILED
            if deadline is not None and monotonic() >= deadline:
                return timed_out(execution.status)
            pause = interval if deadline is None else max(0.0, min(interval, deadline - monotonic()))
            await asyncio.sleep(pause)
