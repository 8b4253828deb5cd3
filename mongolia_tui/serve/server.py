"""The listening server: admission of connections, the running sessions, and shutdown.

The server is one asyncio process. Relays are event-driven (:mod:`.child`) and the only timers
are a few deadlines per connection and session and SSH keepalives, so idle visitors cost it no
CPU. Connections are limited per address and in all, sessions in all; each connection is logged
once when it is authenticated and once when it ends.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import os
import time
from collections.abc import Sequence

import asyncssh

from mongolia_tui.sanitize import safe_line
from mongolia_tui.serve.banner import Banner
from mongolia_tui.serve.child import KILL_GRACE, Process, Reaper, spawn_on_terminal
from mongolia_tui.serve.connection import Connection
from mongolia_tui.serve.errors import ServeError, address
from mongolia_tui.serve.events import event
from mongolia_tui.serve.launch import Launcher
from mongolia_tui.serve.limits import (
    KEEPALIVE_INTERVAL,
    LOGIN_TIMEOUT,
    LOGINS_PER_ADDRESS,
    LOGINS_UNDER_WAY,
    RATE_WINDOW,
    REFUSALS_UNDER_WAY,
    SPARE_CONNECTIONS,
)
from mongolia_tui.serve.proxy import ProxyListener
from mongolia_tui.serve.session import Session
from mongolia_tui.serve.settings import Settings, child_environment


class Server:
    """The listening server: connections, sessions, limits and shutdown."""

    def __init__(self, settings: Settings, parser: argparse.ArgumentParser) -> None:
        """``parser``: the CLI's, which judges what a visitor asks for (see :mod:`.policy`)."""
        self.settings = settings
        self.parser = parser
        self.connections: set[Connection] = set()
        #: Sessions running a child: the one count of sessions.
        self.sessions: set[Session] = set()
        self.attempts: dict[str, collections.deque[float]] = {}
        self.reaper: Reaper | None = None
        self.launcher: Launcher | None = None
        self.acceptor: asyncssh.SSHAcceptor | None = None
        self.port = settings.port
        self.stopping = False
        self.refusing = 0  # refused connections waiting to be told why
        #: Connections not yet authenticated, per address (their own pool: see limits).
        self.logging_in: collections.Counter[str] = collections.Counter()
        self.banner: Banner | None = None  # made at start (it may read the store)
        self.proxy: ProxyListener | None = None  # --proxy-protocol

    async def start(self) -> None:
        """Listen (port 0: any free port, then in :attr:`port`)."""
        s = self.settings
        self.banner = Banner(s.banner, s.store)
        self.reaper = Reaper()
        if s.proxy_from:  # --proxy-protocol: our listener reads the header first
            self.proxy = ProxyListener(s.proxy_from)
        try:
            self.acceptor = await asyncssh.create_server(
                lambda: Connection(self),
                s.host,
                s.port,
                tunnel=self.proxy or (),
                server_host_keys=[s.key],
                server_version="mongolia-tui",
                config=None,
                public_key_auth=s.authorized is not None,
                password_auth=False,
                kbdint_auth=False,
                host_based_auth=False,
                gss_auth=False,
                gss_kex=False,
                gss_host=None,
                allow_pty=True,
                line_editor=False,
                encoding=None,
                x11_forwarding=False,
                agent_forwarding=False,
                sftp_factory=None,
                allow_scp=False,
                login_timeout=LOGIN_TIMEOUT,
                keepalive_interval=KEEPALIVE_INTERVAL,
                keepalive_count_max=3,
                reuse_address=True,
            )
        except OSError as error:
            self.reaper.close()
            reason = os.strerror(error.errno) if error.errno else str(error)
            raise ServeError(f"cannot listen on {address(s.host, s.port)}: {reason}") from None
        self.port = self.acceptor.get_port()
        # Browsers are forked from a warm parent that has the app imported and the store loaded.
        self.launcher = Launcher(s.store, child_environment(s.state), str(s.state / "home"),
                                 self.reaper)  # fmt: skip
        self.launcher.start()
        who = (
            f"keys in {s.authorized.path} ({s.authorized.count})"
            if s.authorized
            else "anyone (anonymous)"
        )
        where = address(safe_line(s.host), self.port)
        proxies = ",".join(str(net) for net in s.proxy_from)
        event(
            "listening",
            f"listening on {where}: host key {safe_line(str(s.key_path))}"
            f"{' (new)' if s.key_created else ''} ({s.key.get_fingerprint()}), "
            f"store {safe_line(str(s.store))}, up to {s.max_sessions} sessions, {who}"
            + (f", PROXY v2 headers from {proxies}" if proxies else ""),
            address=where,
            host_key=s.key.get_fingerprint(),
            store=str(s.store),
            max_sessions=s.max_sessions,
            who=who,
            proxy_from=proxies or None,
        )

    def allow_connection(self, addr: str) -> tuple[str | None, bool, bool]:
        """Count an attempt from ``addr``: the reason to refuse it if any, whether to drop it at
        once rather than tell the client why (a flood), and whether to log the refusal (not
        every one of a flood's)."""
        now = time.monotonic()
        if len(self.attempts) > 10_000:  # forget quiet addresses now and then
            self.attempts = {
                a: q for a, q in self.attempts.items() if q and q[-1] > now - RATE_WINDOW
            }
        recent = self.attempts.setdefault(addr, collections.deque())
        while recent and recent[0] <= now - RATE_WINDOW:
            recent.popleft()
        recent.append(now)
        limit, count = self.settings.rate_limit, len(recent)
        if self.stopping:
            return "the server is shutting down", True, True
        if count > limit:
            reason = f"too many connections from {addr}; try again in a minute"
            # Telling costs a key exchange: past twice the limit, or with too many refusals
            # under way, the connection is just dropped.
            drop = count > 2 * limit or self.refusing >= REFUSALS_UNDER_WAY
            return reason, drop, count in (limit + 1, 2 * limit + 1)
        crowded = self.refusing >= REFUSALS_UNDER_WAY
        if self.logging_in[addr] >= LOGINS_PER_ADDRESS:
            return f"too many logins under way from {addr}; try again later", crowded, True
        if self.logging_in.total() >= LOGINS_UNDER_WAY:
            return "the server is busy; try again later", crowded, True
        logged_in = len(self.connections) - self.logging_in.total()
        if logged_in >= self.settings.max_sessions + SPARE_CONNECTIONS:
            return "the server is busy; try again later", crowded, True
        return None, False, False

    def login_started(self, addr: str) -> None:
        self.logging_in[addr] += 1

    def login_ended(self, addr: str) -> None:
        """A connection of ``addr`` logged in or left: its place in the login pool is free."""
        self.logging_in[addr] -= 1
        if self.logging_in[addr] <= 0:
            del self.logging_in[addr]

    def spawn(self, argv: Sequence[str], env: dict[str, str], cwd: str, slave: int) -> Process:
        """Start a session's program on its terminal: forked warm when possible."""
        if self.launcher is not None:
            return self.launcher.spawn(argv, env, cwd, slave)
        return spawn_on_terminal(argv, env, cwd, slave)

    def busy(self) -> bool:
        return len(self.sessions) >= self.settings.max_sessions

    async def stop(self) -> None:
        """Stop listening, end every session and its child, close every connection."""
        self.stopping = True
        if self.acceptor is not None:
            self.acceptor.close()
        if self.proxy is not None:
            self.proxy.close()
        for session in list(self.sessions):
            session.end("the server is shutting down", 1)
        assert self.reaper is not None
        left = await self.reaper.wait_all(KILL_GRACE + 2)
        if self.launcher is not None:
            await self.launcher.close()
        for connection in list(self.connections):
            connection.close()
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._closed(), 3)
        self.reaper.close()
        event("stopped", "stopped" + ("" if left else "; some children did not exit"),
              children_left=not left)  # fmt: skip

    async def _closed(self) -> None:
        while self.connections:
            await asyncio.sleep(0.05)
