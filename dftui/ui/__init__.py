"""dftui's Textual interface. ``dftui.ui.app.DataFlowApp`` is the entry point.

Only this package imports Textual; ``dftui.api``, ``dftui.config`` and the
emulator stay headless.
"""
