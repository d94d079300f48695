"""The one way an error becomes words on screen.

The client's errors are already sentences with the secret masked. Two of them are made more
truthful here, because what the client knows at the time it raises is not the whole story:

* a connection that closed while the answer was arriving is not "could not reach": the server
  was reached and the answer was cut off (httpx says which, in the error's cause);
* an authentication failure names the clock only when the clocks really differ, and then says
  which one is ahead; with the clocks in step it says the key is wrong.
"""

from __future__ import annotations

from datetime import timedelta

import httpx

from dftui.api.errors import AuthError, DataFlowError, NetworkError, format_skew

CLOCK_WINDOW = timedelta(minutes=5)
"""The gateway refuses a signature timestamp this far from its own clock."""
CLOCK_SUSPECT = timedelta(minutes=4)
"""A skew this large may push a request outside the window (its own travel time counts too)."""


def error_message(error: BaseException, *, clock_skew: timedelta | None = None, facts: bool = True) -> str:
    """A sentence for a person.

    ``clock_skew`` is the server's clock minus this machine's (``DataFlowClient.clock_skew``),
    when known. ``facts=False`` leaves out the bracketed facts (status, request, request id):
    the status line has one line, the toast has room for them.
    """
    if not isinstance(error, DataFlowError):
        text = str(error).strip()
        return text or type(error).__name__
    summary = _truthful_summary(error, clock_skew) or error.summary
    if not facts:
        return summary
    full = str(error)
    return summary + full[len(error.summary) :] if full.startswith(error.summary) else full


def error_identity(error: BaseException) -> tuple[object, ...]:
    """What makes two failures "the same error" for toasting: not the request id, the retry
    count or a measured clock skew that moves by a second between polls."""
    if isinstance(error, DataFlowError):
        identity = (type(error).__name__, error.kind, error.status, error.code, error.gateway_code)
        return identity if error.is_auth else (*identity, error.summary)
    return (type(error).__name__, str(error))


def _truthful_summary(error: DataFlowError, clock_skew: timedelta | None) -> str | None:
    if isinstance(error, NetworkError):
        return _connection_summary(error.__cause__)
    if isinstance(error, AuthError) and error.source != "client":
        return _auth_summary(clock_skew)
    return None


def _connection_summary(cause: BaseException | None) -> str | None:
    if isinstance(cause, httpx.RemoteProtocolError):
        if "without sending a response" in str(cause) or "disconnected" in str(cause).lower():
            return "The server closed the connection without answering; dftui will try again"
        return "The answer was cut off: the connection closed before the server finished answering"
    if isinstance(cause, httpx.ReadError):
        return "The answer was cut off: the connection was reset while the answer was arriving"
    if isinstance(cause, httpx.WriteError):
        return "The connection closed while the request was being sent; dftui will try again"
    return None  # ConnectError and the like: "Could not reach …" is the truth


def _auth_summary(clock_skew: timedelta | None) -> str | None:
    if clock_skew is None:
        return None  # nothing measured: the client's sentence names both possible causes
    if abs(clock_skew) < CLOCK_SUSPECT:
        agree = (
            "agrees with"
            if abs(clock_skew) < timedelta(seconds=2)
            else f"is within {_magnitude(clock_skew)} of"
        )
        return f"Authentication failed: the access key or secret key is wrong (this machine's clock {agree} the server's)"
    direction = "behind" if clock_skew > timedelta(0) else "ahead of"
    return (
        f"Authentication failed: this machine's clock is {_magnitude(clock_skew)} {direction} the server "
        f"(signatures are accepted within {CLOCK_WINDOW.seconds // 60} minutes); set the system clock right"
    )


def _magnitude(skew: timedelta) -> str:
    return format_skew(abs(skew)).lstrip("+")
