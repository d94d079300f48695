"""The session's services: shared state with one owner each, changes broadcast as signals."""
