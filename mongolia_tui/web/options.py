"""The options of ``mongolia-tui web``, kept apart so the CLI can declare them cheaply."""

from __future__ import annotations

import argparse

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_MAX_SESSIONS = 10


def add_web_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``web`` subcommand's options (its ``--data`` is stored as ``web_data``)."""
    parser.add_argument(
        "--host",
        dest="web_host",
        metavar="ADDRESS",
        default=DEFAULT_HOST,
        help=f"address to listen on (default: {DEFAULT_HOST}, this machine only; "
        "0.0.0.0 for every interface)",
    )
    parser.add_argument(
        "--port",
        dest="web_port",
        metavar="N",
        type=int,
        default=DEFAULT_PORT,
        help=f"port to listen on (default: {DEFAULT_PORT}; 0: any free port)",
    )
    parser.add_argument(
        "--max-sessions",
        dest="web_max_sessions",
        type=int,
        default=DEFAULT_MAX_SESSIONS,
        metavar="N",
        help=f"browser tabs open at once, one process each (default: {DEFAULT_MAX_SESSIONS})",
    )
    parser.add_argument(
        "--data", dest="web_data", metavar="PATH", help="serve another store (read-only)"
    )
