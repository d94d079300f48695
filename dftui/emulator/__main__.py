"""``python -m dftui.emulator``: serve the emulator and print its URL and keys as one JSON line.

The secret key is printed because this is a local throwaway credential the caller needs to sign
requests; it is generated fresh unless given.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dftui.emulator.server import EmulatorServer
from dftui.emulator.state import default_db_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dftui.emulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument(
        "--db", default=None, help="SQLite file (default: user data dir); ':memory:' to not persist"
    )
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--speed", type=float, default=1.0, help="simulated seconds per real second")
    parser.add_argument("--no-demo", action="store_true", help="start empty instead of with demo data")
    parser.add_argument("--access-key", default=None)
    parser.add_argument("--secret-key", default=None)
    args = parser.parse_args(argv)
    db = args.db if args.db is not None else default_db_path()
    server = EmulatorServer(
        db_path=db if db == ":memory:" else Path(db),
        seed=args.seed,
        speed=args.speed,
        host=args.host,
        port=args.port,
        access_key=args.access_key,
        secret_key=args.secret_key,
        demo=not args.no_demo,
    )
    server.start()
    print(
        json.dumps(
            {
                "base_url": server.base_url,
                "access_key": server.access_key,
                "secret_key": server.secret_key,
                "db": str(db),
            }
        ),
        flush=True,
    )
    server.run_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
