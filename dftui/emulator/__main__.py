"""``python -m dftui.emulator``: serve the emulator and print its URL and keys as one JSON line.

The secret key is printed because this is a local throwaway credential the caller needs to sign
requests; it is generated fresh unless given.
"""

from __future__ import annotations

import argparse
import json
import sys

from dftui.emulator.options import (
    EmulatorOptions,
    add_emulator_arguments,
    build_server,
    db_path,
    options_from_args,
)

DEFAULT_PORT = 0
"""Any free port: the JSON line says which one."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dftui.emulator", description=__doc__)
    add_emulator_arguments(parser, default_port=DEFAULT_PORT)
    return parser


def parse_options(argv: list[str] | None = None) -> EmulatorOptions:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return options_from_args(args)
    except ValueError as exc:
        parser.error(str(exc))


def main(argv: list[str] | None = None) -> int:
    options = parse_options(argv)
    server = build_server(options)
    try:
        server.start()
    except Exception as exc:  # port in use, unwritable database: one line, not a traceback
        print(f"python -m dftui.emulator: cannot start: {exc}", file=sys.stderr)
        return 1
    print(
        json.dumps(
            {
                "base_url": server.base_url,
                "access_key": server.access_key,
                "secret_key": server.secret_key,
                "db": str(db_path(options)),
            }
        ),
        flush=True,
    )
    server.run_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
