"""Every limit the server enforces, in one place: what a visitor can grow has a bound here."""

from __future__ import annotations

PROG = "mongolia-tui"
EXIT_ERROR = 2

#: A command (``ssh host list``) may run this long and print this much (with or without a pty).
COMMAND_TIMEOUT = 60.0
COMMAND_OUTPUT_LIMIT = 64 * 1024 * 1024
#: Seconds a session channel has to ask for a shell, a command or a subsystem.
REQUEST_TIMEOUT = 10.0
#: Session channels one connection may hold at once (OpenSSH multiplexing opens several).
CHANNELS_PER_CONNECTION = 4
#: Connections, authenticated or not, beyond the session limit (logins in progress, commands).
SPARE_CONNECTIONS = 20
#: Seconds from the TCP connection to a completed authentication.
LOGIN_TIMEOUT = 30
#: Seconds a new connection has to send its first line (its SSH version): a connection that
#: says nothing holds a slot for nothing.
FIRST_BYTE_TIMEOUT = 5.0
#: Connections still logging in, in all, and the share of them one address may hold: silent
#: connections from a few addresses can never fill every slot a real login needs.
LOGINS_UNDER_WAY = 64
LOGINS_PER_ADDRESS = LOGINS_UNDER_WAY // 8
#: An authenticated connection with no session open is closed after this long (``ssh -N``).
NO_SESSION_TIMEOUT = 30.0
AUTH_FAILURES = 6
#: Refused connections waiting to be told why, at most; more are dropped without a word.
REFUSALS_UNDER_WAY = 50
KEEPALIVE_INTERVAL = 60
RATE_WINDOW = 60.0
MAX_COLUMNS, MAX_ROWS = 1000, 500
#: ``env`` requests one session channel may send (past it the connection is closed), and the
#: longest value kept (only a few variables are kept at all).
ENV_REQUESTS = 64
ENV_VALUE_LIMIT = 64
#: Output waiting for a client that does not read, past which it is disconnected.
PENDING_OUTPUT_LIMIT = 8 * 1024 * 1024
#: The longest pre-login banner an operator may set (characters).
BANNER_LIMIT = 4000
