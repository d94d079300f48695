"""dftui's performance suite: ``python -m benchmarks`` (see ``benchmarks/__main__.py``).

Not collected by pytest (the test paths are ``tests/``) and not run in CI: it needs a quiet
machine, tmux, and about 20 minutes for five paired runs of everything.
"""
