"""The emulator's listening socket, made apart from the server so a parent process can bind it.

``dftui --demo`` binds it before its emulator child has imported anything and hands it over:
the UI knows the URL at once and starts in parallel with the child, its first requests waiting
in the socket's backlog until the child serves them.
"""

from __future__ import annotations

import socket

LISTEN_BACKLOG = 128
"""Connections the kernel holds for the server before it accepts them (also while it starts)."""


def listening_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host:port`` (0: any free port) and listening.

    Connections made before the server serves wait in its backlog, so a client may connect as
    soon as this returns. Protocol IPPROTO_TCP (not 0) so asyncio sets TCP_NODELAY on accepted
    connections; without it small responses wait ~40 ms for delayed ACKs (Nagle).
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((host, port))
        sock.listen(LISTEN_BACKLOG)
    except OSError:
        sock.close()
        raise
    return sock
