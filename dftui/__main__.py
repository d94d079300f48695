"""``python -m dftui`` runs the same entry point as the ``dftui`` script."""

from dftui.launch import main

if __name__ == "__main__":
    raise SystemExit(main())
