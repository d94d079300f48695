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

This package never imports the UI toolkit, so it can be used headless.
"""

from __future__ import annotations

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
