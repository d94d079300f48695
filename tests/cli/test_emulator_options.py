"""``dftui emulator`` and ``python -m dftui.emulator`` take the same options, through one EmulatorOptions."""

from __future__ import annotations

import dataclasses

import pytest

from dftui.cli import build_parser
from dftui.emulator import __main__ as emulator_main
from dftui.emulator.options import KEYS_TOGETHER, EmulatorOptions, options_from_args, server_kwargs

EVERY_OPTION = [
    "--host",
    "0.0.0.0",
    "--port",
    "9100",
    "--db",
    "mine.db",
    "--seed",
    "7",
    "--speed",
    "60",
    "--access-key",
    "AK",
    "--secret-key",
    "SK",
    "--no-demo",
    "--activity",
    "--latency-ms",
    "150",
    "--error-rate",
    "0.2",
    "--throttle-every",
    "7",
    "--drop-rate",
    "0.05",
    "--malformed-rate",
    "0.01",
    "--clock-skew",
    "-432",
    "--rate-limit",
    "5",
    "--execution-times-paths",
    "both",
]


def _through_dftui(argv: list[str]) -> EmulatorOptions:
    return options_from_args(build_parser().parse_args(["emulator", *argv]))


def _through_python_m(argv: list[str]) -> EmulatorOptions:
    return emulator_main.parse_options(argv)


def test_every_option_reaches_emulator_options() -> None:
    expected = EmulatorOptions(
        host="0.0.0.0",
        port=9100,
        db="mine.db",
        seed=7,
        speed=60.0,
        access_key="AK",
        secret_key="SK",
        demo=False,
        activity=True,
        latency_ms=150.0,
        error_rate=0.2,
        throttle_every=7,
        drop_rate=0.05,
        malformed_rate=0.01,
        clock_skew=-432.0,
        rate_limit=5.0,
        execution_times_paths="both",
    )
    defaults = EmulatorOptions()
    # the list above sets every field away from its default, so none can be dropped unnoticed
    assert all(
        getattr(expected, field.name) != getattr(defaults, field.name)
        for field in dataclasses.fields(EmulatorOptions)
    )
    assert _through_dftui(EVERY_OPTION) == expected
    assert _through_python_m(EVERY_OPTION) == expected


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--no-demo", "--db", ":memory:"],
        ["--error-rate", "1", "--rate-limit", "0.5"],
        ["--access-key", "AK", "--secret-key", "SK", "--speed", "2.5"],
    ],
)
def test_both_entry_points_read_the_same_argv_alike(argv: list[str]) -> None:
    """They differ in the default port only: 8484 for a person, any free port for a script."""
    from_dftui, from_python_m = _through_dftui(argv), _through_python_m(argv)
    assert (from_dftui.port, from_python_m.port) == (8484, 0)
    assert dataclasses.replace(from_dftui, port=0) == from_python_m


@pytest.mark.parametrize(
    ("flag", "value"), [("--error-rate", "1.5"), ("--speed", "0"), ("--throttle-every", "x")]
)
def test_python_m_checks_values_like_dftui(flag: str, value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        _through_python_m([flag, value])
    assert stopped.value.code == 2
    assert flag in capsys.readouterr().err


def test_python_m_needs_both_keys(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        _through_python_m(["--secret-key", "only"])
    assert stopped.value.code == 2
    assert KEYS_TOGETHER in capsys.readouterr().err
    with pytest.raises(ValueError, match="given together"):
        EmulatorOptions(access_key="only")


def test_server_kwargs_follow_the_options() -> None:
    kwargs = server_kwargs(_through_python_m(EVERY_OPTION))
    faults, rate_limit, settings = kwargs.pop("faults"), kwargs.pop("rate_limit"), kwargs.pop("settings")
    assert faults is not None and rate_limit is not None
    assert (faults.latency_ms, faults.error_rate, faults.throttle_burst_every) == (150.0, 0.2, 7)
    assert (faults.drop_rate, faults.malformed_rate, faults.clock_skew_s, faults.seed) == (
        0.05,
        0.01,
        -432.0,
        7,
    )
    assert rate_limit.rate == 5.0
    assert settings.ambient_every is not None
    assert kwargs == {
        "db_path": "mine.db",
        "seed": 7,
        "speed": 60.0,
        "host": "0.0.0.0",
        "port": 9100,
        "access_key": "AK",
        "secret_key": "SK",
        "demo": False,
        "execution_times_paths": "both",
    }


def test_no_fault_flags_no_faults() -> None:
    kwargs = server_kwargs(EmulatorOptions(db=":memory:"))
    assert (kwargs["faults"], kwargs["rate_limit"], kwargs["settings"].ambient_every) == (None, None, None)
