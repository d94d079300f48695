"""What a failure is called on screen, and how long a failing screen waits before asking again."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from dftui.api.errors import AuthError, NetworkError, PermissionDeniedError, ServerError, network_error
from dftui.ui.backoff import AUTH_STEPS, MAX_BACKOFF_S, next_poll_delay
from dftui.ui.errors import error_identity, error_message


def _network(cause: Exception) -> NetworkError:
    error = network_error(cause, "GET", "/api/v1/jobs", "dataflow.example")
    error.__cause__ = cause
    return error


def _auth() -> AuthError:
    return AuthError(
        "Authentication failed: the access key or secret key is wrong, or this machine's clock is more "
        "than 5 minutes off",
        status=401,
        source="gateway",
        code="200",
        gateway_code="200",
    )


def test_a_connection_closed_mid_answer_is_called_cut_off_not_unreachable() -> None:
    cut = _network(httpx.RemoteProtocolError("peer closed connection without sending complete message body"))
    assert error_message(cut).startswith("The answer was cut off")
    assert "Could not reach" not in error_message(cut)
    assert "[network; GET /api/v1/jobs]" in error_message(cut), "the facts are kept"
    reset = _network(httpx.ReadError("connection reset by peer"))
    assert error_message(reset).startswith("The answer was cut off")
    refused = _network(httpx.ConnectError("connection refused"))
    assert error_message(refused).startswith("Could not reach dataflow.example")


@pytest.mark.parametrize(
    ("skew", "words"),
    [
        (timedelta(minutes=7, seconds=12), "this machine's clock is 7m12s behind the server"),
        (-timedelta(minutes=7, seconds=12), "this machine's clock is 7m12s ahead of the server"),
        (timedelta(hours=2, seconds=3), "this machine's clock is 2h00m03s behind the server"),
    ],
)
def test_a_skewed_clock_is_named_with_the_side_that_is_ahead(skew: timedelta, words: str) -> None:
    message = error_message(_auth(), clock_skew=skew)
    assert words in message
    assert "key is wrong" not in message


def test_a_wrong_key_with_the_clocks_in_step_does_not_blame_the_clock() -> None:
    message = error_message(_auth(), clock_skew=timedelta(seconds=0.4))
    assert "the access key or secret key is wrong" in message
    assert "agrees with the server's" in message
    assert "off" not in message and "behind" not in message
    assert "is within 1m30s of" in error_message(_auth(), clock_skew=timedelta(seconds=-90))
    assert error_message(_auth()).startswith(
        "Authentication failed: the access key or secret key is wrong, or"
    )


def test_the_same_error_is_the_same_whatever_the_request_id_or_skew_wording() -> None:
    first, second = _auth(), _auth()
    second.summary += " (clock differs from server by +1s)"
    second.request_id = "r-2"
    assert error_identity(first) == error_identity(second)
    assert error_identity(ServerError("a", status=503)) != error_identity(ServerError("b", status=504))


def test_auth_and_permission_failures_back_off_in_big_capped_steps() -> None:
    for error in (_auth(), PermissionDeniedError("no", status=403)):
        delays = [next_poll_delay(2.0, failures, error) for failures in range(6)]
        assert (
            delays == [2.0, *AUTH_STEPS, AUTH_STEPS[-1], AUTH_STEPS[-1]] == [2.0, 5.0, 15.0, 60.0, 60.0, 60.0]
        )


def test_other_failures_double_the_interval_up_to_a_cap() -> None:
    error = ServerError("down", status=503)
    assert [next_poll_delay(5.0, n, error) for n in range(6)] == [5.0, 5.0, 10.0, 20.0, 40.0, MAX_BACKOFF_S]
    assert next_poll_delay(300.0, 4, error) == 300.0, "a long interval is never shortened"
