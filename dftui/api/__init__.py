"""Python API for NAVER Cloud Platform Data Flow.

Everything a script needs is importable from here::

    import asyncio
    from dftui.api import DataFlowClient, DataFlowError, NotFoundError

    async def main() -> None:
        async with DataFlowClient(
            base_url="https://dataflow.apigw.ntruss.com",  # or an emulator's http://127.0.0.1:PORT
            access_key="...",
            secret_key="...",  # str or pydantic.SecretStr; never logged
        ) as client:
            jobs = await client.collect_all(client.get_jobs)          # every page, de-duplicated
            async for page in client.iter_pages(client.get_job_executions, jobs[0].job_id, limit=100):
                print(len(page.items), "executions")
            try:
                run = await client.execute_job(jobs[0].job_id)
            except NotFoundError as error:
                print(error)  # a sentence, plus [HTTP 404; code; method path; request id]
            except DataFlowError as error:
                print(error.kind, error.status, error.code, error.message)

    asyncio.run(main())

* :class:`DataFlowClient`: the 25 operations (``get_jobs``, ``update_job``...), paging,
  retries, clock-skew measurement, read-only mode and an ``on_request`` hook.
* :class:`RetryPolicy`: how often and how long to retry what is safe to retry.
* :class:`RequestRecord`: what ``on_request`` receives after every call.
* :class:`DataFlowError` and its subclasses, with :class:`ErrorKind`.
* :mod:`dftui.api.models`: the request and response models.

This package never imports the UI toolkit, so it can be used headless. The names above are
imported on first use, so importing one submodule (the contract, the signer) stays cheap.
"""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING, Any

# httpx imports its command-line client (click, Pygments' lexers, rich.syntax: about 25 ms of
# every start) whenever click is installed, and uvicorn, the demo emulator's server, installs
# it. dftui never runs that client: marking the module absent makes httpx skip it, as it does
# when click is missing.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]

if TYPE_CHECKING:
    from dftui.api import models
    from dftui.api.auth import SignatureAuth, encode_query
    from dftui.api.client import DataFlowClient
    from dftui.api.errors import (
        AuthError,
        BadParameterError,
        BadStateError,
        DataFlowError,
        ErrorKind,
        LinkedServiceError,
        NetworkError,
        NotFoundError,
        PermissionDeniedError,
        ReadOnlyError,
        RequestTimeoutError,
        ServerError,
        ThrottledError,
        UnexpectedResponseError,
        parse_error_response,
    )
    from dftui.api.records import RequestRecord
    from dftui.api.retry import RetryClass, RetryPolicy

#: where each public name lives; imported on first use (PEP 562), so ``dftui.api.contract`` or
#: ``dftui.api.signing`` (the emulator's wire format) never load httpx and the client
_HOMES = {
    "SignatureAuth": "auth",
    "encode_query": "auth",
    "DataFlowClient": "client",
    "RequestRecord": "records",
    "RetryClass": "retry",
    "RetryPolicy": "retry",
    **dict.fromkeys(
        [
            "AuthError",
            "BadParameterError",
            "BadStateError",
            "DataFlowError",
            "ErrorKind",
            "LinkedServiceError",
            "NetworkError",
            "NotFoundError",
            "PermissionDeniedError",
            "ReadOnlyError",
            "RequestTimeoutError",
            "ServerError",
            "ThrottledError",
            "UnexpectedResponseError",
            "parse_error_response",
        ],
        "errors",
    ),
}

__all__ = [
    "AuthError",
    "BadParameterError",
    "BadStateError",
    "DataFlowClient",
    "DataFlowError",
    "ErrorKind",
    "LinkedServiceError",
    "NetworkError",
    "NotFoundError",
    "PermissionDeniedError",
    "ReadOnlyError",
    "RequestRecord",
    "RequestTimeoutError",
    "RetryClass",
    "RetryPolicy",
    "ServerError",
    "SignatureAuth",
    "ThrottledError",
    "UnexpectedResponseError",
    "encode_query",
    "models",
    "parse_error_response",
]


def __getattr__(name: str) -> Any:
    if name == "models":
        return importlib.import_module(f"{__name__}.models")
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
