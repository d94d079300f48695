"""The README's promises hold: its commands are the ones CI runs, and its curl snippet works."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dftui.emulator import EmulatorServer, ManualClock
from tests.emulator_fixtures import EMULATOR_SEED, EMULATOR_START

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def first_bash_block() -> list[str]:
    match = re.search(r"```bash\n(.*?)```", README, re.S)
    assert match, "README.md must open with a bash block"
    return [line for line in match.group(1).splitlines() if line.strip()]


def test_readme_opens_with_the_two_setup_commands() -> None:
    run_command, test_command = first_bash_block()
    assert "pip install ." in run_command
    assert run_command.endswith("dftui --demo")
    assert "pip install -e '.[test]'" in test_command
    assert test_command.endswith(("pytest", "pytest -n auto"))


def test_ci_runs_the_readme_test_command() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "README.md" in script
    extracted = subprocess.run(
        [
            "bash",
            "-c",
            "awk '/^```bash/{block++; next} /^```/{if (block==1) exit} block==1' README.md | sed -n 2p",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert extracted == first_bash_block()[1]


@pytest.mark.skipif(not (shutil.which("curl") and shutil.which("openssl")), reason="needs curl and openssl")
def test_signed_curl_snippet_reaches_the_emulator() -> None:
    snippet = re.search(r"<!-- signed-curl:begin -->\n```bash\n(.*?)```", README, re.S)
    assert snippet
    keys = dict(re.findall(r"(AK|SK)=(\S+)", snippet.group(1)))
    server = EmulatorServer(
        db_path=":memory:",
        seed=EMULATOR_SEED,
        clock=ManualClock(EMULATOR_START),
        access_key=keys["AK"],
        secret_key=keys["SK"],
    )
    with server:
        script = snippet.group(1).replace("BASE=http://127.0.0.1:8484", f"BASE={server.base_url}")
        assert script != snippet.group(1), "the snippet must name its base URL as BASE=..."
        result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    page = json.loads(result.stdout)
    assert page["limit"] == 5
    assert len(page["list"]) == 5


def test_python_example_runs_against_the_emulator(emulator: EmulatorServer) -> None:
    snippet = re.search(r"```python\n(.*?)```", README, re.S)
    assert snippet
    code = snippet.group(1)
    for placeholder, value in [
        ('"https://dataflow.apigw.ntruss.com"', repr(emulator.base_url)),
        ('access_key="..."', f"access_key={emulator.access_key!r}"),
        ('secret_key="..."', f"secret_key={emulator.secret_key!r}"),
    ]:
        assert placeholder in code
        code = code.replace(placeholder, value)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 40  # the demo account's jobs, each with its last status
    assert all(len(line.split()) == 2 for line in lines)


def test_toml_example_loads_and_names_real_key_ids(tmp_path: Path) -> None:
    from dftui.config import load_config
    from dftui.ui.keymap import unknown_keymap_ids

    block = re.search(r"```toml\n(.*?)```", README, re.S)
    assert block
    path = tmp_path / "config.toml"
    path.write_text(textwrap.dedent(block.group(1)), encoding="utf-8")
    path.chmod(0o600)
    config = load_config(config_file=path)
    assert config.profile_name == "prod"
    assert config.read_only is True
    assert config.keymap
    assert unknown_keymap_ids(config.keymap) == []
