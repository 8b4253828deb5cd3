"""The options of ``mongolia-tui serve``, kept apart so the CLI can declare them cheaply.

The server itself (:mod:`mongolia_tui.serve.main`) imports asyncssh; this module imports nothing.
"""

from __future__ import annotations

import argparse

DEFAULT_PORT = 2222
DEFAULT_MAX_SESSIONS = 20
DEFAULT_IDLE_TIMEOUT = 900.0
DEFAULT_RATE_LIMIT = 30


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``serve`` subcommand's options (its ``--data`` is stored as ``serve_data``)."""
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only; "
        "0.0.0.0 for every interface)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"port to listen on (default: {DEFAULT_PORT}; 0: any free port)",
    )
    parser.add_argument(
        "--host-key",
        metavar="PATH",
        help="the server's private key (default: one made and kept in "
        "$XDG_STATE_HOME/mongolia-tui)",
    )
    who = parser.add_mutually_exclusive_group()
    who.add_argument(
        "--authorized-keys",
        metavar="PATH",
        help="public keys allowed in, OpenSSH authorized_keys format",
    )
    who.add_argument(
        "--allow-anonymous",
        action="store_true",
        help="let anyone who reaches the port in, with no key",
    )
    parser.add_argument(
        "--max-sessions",
        type=int,
        default=DEFAULT_MAX_SESSIONS,
        metavar="N",
        help=f"sessions open at once (default: {DEFAULT_MAX_SESSIONS})",
    )
    parser.add_argument(
        "--idle-timeout",
        type=float,
        default=DEFAULT_IDLE_TIMEOUT,
        metavar="SECONDS",
        help="close a browser after this long without a key (default: "
        f"{DEFAULT_IDLE_TIMEOUT:.0f}; 0: never)",
    )
    parser.add_argument(
        "--rate-limit",
        type=int,
        default=DEFAULT_RATE_LIMIT,
        metavar="N",
        help="connection attempts allowed per client address per minute "
        f"(default: {DEFAULT_RATE_LIMIT})",
    )
    parser.add_argument(
        "--max-session-time",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="close any session after this long, keys or not (default: 0, no limit)",
    )
    parser.add_argument(
        "--banner",
        metavar="TEXT",
        help="text shown before login (default: this week's anniversaries; '' for none)",
    )
    parser.add_argument(
        "--log-format",
        choices=("text", "json"),
        default="text",
        help="the log on stderr: text lines, or one JSON object a line (user, address, key, "
        "TERM, window size, client version, command, duration, outcome)",
    )
    parser.add_argument(
        "--proxy-protocol",
        action="store_true",
        help="every connection comes from a load balancer (HAProxy's send-proxy-v2) and "
        "begins with a PROXY protocol v2 header naming the client; the port must be "
        "reachable by the balancer only",
    )
    parser.add_argument(
        "--proxy-from",
        metavar="ADDRS",
        help="with --proxy-protocol: the balancer's addresses or networks, comma-separated; "
        "connections from anywhere else are dropped (default: 127.0.0.0/8,::1)",
    )
    parser.add_argument(
        "--data", dest="serve_data", metavar="PATH", help="serve another store (read-only)"
    )
