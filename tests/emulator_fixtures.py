"""Pytest fixtures that start the embedded emulator (filled in with the emulator)."""
