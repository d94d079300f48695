"""The secret key never shows in repr/str/dumps of config objects, errors or logs."""

from __future__ import annotations

import io
import logging

import pytest

from dftui.config import ResolvedConfig, SecretMaskFilter, load_config
from dftui.config.schema import ConfigDocument
from dftui.config.sources import EnvironmentSettings
from tests.config.conftest import WriteFile

SECRET = "s3cr3t-VALUE-never-shown-42"


def test_resolved_config_hides_secret(write_toml: WriteFile, monkeypatch: pytest.MonkeyPatch) -> None:
    write_toml(f"[profiles.default]\naccess_key = 'AK'\nsecret_key = '{SECRET}'\n")
    cfg = load_config()
    assert cfg.secret_key is not None
    assert cfg.secret_key.get_secret_value() == SECRET
    for text in (
        repr(cfg),
        str(cfg),
        cfg.model_dump_json(),
        str(cfg.model_dump()),
        f"{cfg!r}",
        " ".join(cfg.warnings),
    ):
        assert SECRET not in text


def test_other_config_objects_hide_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NCLOUD_SECRET_KEY", SECRET)
    document = ConfigDocument.model_validate({"profiles": {"p": {"secret_key": SECRET}}})
    for obj in (EnvironmentSettings(), document, document.profiles["p"]):
        assert SECRET not in repr(obj)
        assert SECRET not in str(obj)


def test_with_overrides_keeps_secret_wrapped() -> None:
    cfg = ResolvedConfig().with_overrides({"secret_key": SECRET, "access_key": "AK"}, source="demo emulator")
    assert SECRET not in repr(cfg)
    assert cfg.has_credentials
    assert cfg.source_of("secret_key") == "demo emulator"


def test_source_of_rejects_unknown_field() -> None:
    with pytest.raises(ValueError, match="unknown configuration field"):
        ResolvedConfig().source_of("secret")


def _logger_with_mask(secret: str) -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(SecretMaskFilter([secret]))
    log = logging.getLogger("tests.config.mask")
    log.handlers[:] = [handler]
    log.propagate = False
    log.setLevel(logging.DEBUG)
    return log, stream


def test_mask_filter_masks_messages_args_and_tracebacks() -> None:
    log, stream = _logger_with_mask(SECRET)
    log.debug("plain %s and %r", SECRET, {"k": SECRET})
    log.info(f"inline {SECRET}")
    try:
        raise RuntimeError(f"boom {SECRET}")
    except RuntimeError:
        log.exception("failed")
    text = stream.getvalue()
    assert SECRET not in text
    assert text.count("********") >= 4
    assert "RuntimeError: boom ********" in text


def test_mask_filter_ignores_trivially_short_secrets() -> None:
    log, stream = _logger_with_mask("a")
    log.info("banana")
    assert stream.getvalue() == "banana\n"
