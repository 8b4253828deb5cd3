"""The server's one exception: it cannot start, and says why in one line."""

from __future__ import annotations


class ServeError(Exception):
    """The server cannot start; the message is one line."""


def address(host: str, port: int) -> str:
    """``host:port``, with an IPv6 address in brackets."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
