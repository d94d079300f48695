"""Python API for NAVER Cloud Platform Data Flow.

Everything a script needs is importable from here::

    from dftui.api import DataFlowClient, DataFlowError, RetryPolicy, models

See :class:`DataFlowClient` for the operations. This package never imports the UI
toolkit, so it can be used headless.
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
