"""The checks on values a person types (dftui.config.values): the URL check agrees with the HTTP
client, so a URL that passes can never fail later with a traceback, and the refresh bounds."""

from __future__ import annotations

import errno
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dftui.api import DataFlowClient
from dftui.config import ConfigError, load_config
from dftui.config.paths import is_file, path_error, shown_path
from dftui.config.values import (
    API_URL_ALLOWED,
    api_url_problem,
    check_api_url,
    check_refresh_interval,
    shown,
)

GOOD = [
    "https://dataflow.apigw.ntruss.com",
    "http://127.0.0.1:8484",
    "http://localhost:1",
    "http://[::1]:65535",
    "http://[2001:db8::1]",
    "https://dataflow.apigw.ntruss.com/proxy/prefix",
    "http://my_host.internal:8080/",
    "https://dataflow.예시.kr",
]
BAD = [
    "",
    "http://[::1",
    "http://[zz]",
    "http://[::1]:70000",
    "http://127.0.0.1:99999",
    "http://h:0",
    "http://h:-1",
    "http://h:",
    "http://h:8080x",
    "https://dataflow.apigw.ntruss.com?x=1",
    "https://dataflow.apigw.ntruss.com#top",
    "http://a..b",
    "http://" + "a" * 64 + ".com",
    "http://exa\nmple.com",
    "http://example.com/\x00",
    "ftp://example.com",
    "//example.com",
    "http://u:p@example.com",
    "http://999.0.0.1",
]


@pytest.mark.parametrize("url", GOOD)
def test_good_urls_pass_and_the_client_takes_them(url: str) -> None:
    assert api_url_problem(url) is None
    client = DataFlowClient(base_url=url, access_key="AK", secret_key="SK")
    client._http.build_request("GET", client.base_url + "/api/v1/jobs")


@pytest.mark.parametrize("url", BAD)
def test_bad_urls_are_refused_in_one_line(url: str) -> None:
    with pytest.raises(ConfigError) as caught:
        check_api_url(url, "flag")
    message = str(caught.value)
    assert message.startswith(f"--api-url {shown(url)}: ") and message.endswith(API_URL_ALLOWED)
    assert "\n" not in message


URL_TEXT = st.one_of(
    st.text(max_size=60),
    st.builds(
        lambda scheme, host, port, path: f"{scheme}://{host}{port}{path}",
        st.sampled_from(["http", "https", "HTTP", "ftp", ""]),
        st.one_of(
            st.from_regex(r"[a-z0-9_-]{1,20}(\.[a-z0-9-]{1,10}){0,3}", fullmatch=True),
            st.from_regex(r"\[[0-9a-fA-F:.z%]{0,30}\]?", fullmatch=True),
            st.text(max_size=15),
        ),
        st.one_of(
            st.just(""),
            st.integers(-5, 100_000).map(lambda n: f":{n}"),
            st.text(max_size=6).map(":{}".format),
        ),
        st.one_of(st.just(""), st.text(max_size=15).map(lambda t: "/" + t)),
    ),
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(URL_TEXT)
def test_whatever_the_check_accepts_the_client_can_use(url: str) -> None:
    """Found by the probe: URLs that passed dftui's check but broke the client with a traceback."""
    try:
        cleaned = check_api_url(url, "flag").rstrip("/")
    except ConfigError as exc:
        assert "\n" not in str(exc)
        return
    client = DataFlowClient(base_url=cleaned, access_key="AK", secret_key="SK")
    request = client._http.build_request("GET", client.base_url + "/api/v1/jobs?page=0")
    assert request.url.port is None or 1 <= request.url.port <= 65535
    assert isinstance(request.url, httpx.URL)


@pytest.mark.parametrize("value", [1, 1.0, "1", 60, "3600", 3600.0])
def test_refresh_interval_bounds_pass(value: object) -> None:
    assert check_refresh_interval(value, "flag") == float(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [0, 0.999, 3600.001, -1, "x", None, True, float("nan"), float("inf")])
def test_refresh_interval_outside_is_refused(value: object) -> None:
    with pytest.raises(ConfigError, match="allowed: a number of seconds from 1 to 3600"):
        check_refresh_interval(value, "flag")


def test_refresh_interval_from_the_environment_file_is_checked_too(write_toml) -> None:  # type: ignore[no-untyped-def]
    write_toml("refresh_interval = 0.05\n")
    with pytest.raises(ConfigError, match=r"\(top level\)|refresh_interval"):
        load_config()


def test_a_path_the_system_refuses_is_a_config_error(tmp_path: Path) -> None:
    long_path = tmp_path / ("x" * 300)
    with pytest.raises(ConfigError, match="the path is too long"):
        is_file(long_path, "config file")
    assert is_file(tmp_path / "missing.toml", "config file") is False
    assert "Permission denied" in str(path_error(tmp_path, "x", OSError(errno.EACCES, "Permission denied")))


def test_long_paths_are_shown_shortened() -> None:
    text = "/" + "d" * 500
    assert shown_path(text).endswith("(501 characters)") and len(shown_path(text)) < 130
    assert shown_path("/short") == "/short"
