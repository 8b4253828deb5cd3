"""One client connection: its admission, its authentication, its channels and its log lines."""

from __future__ import annotations

import asyncio
import shlex
import time
from typing import TYPE_CHECKING

import asyncssh

from mongolia_tui.sanitize import safe_line
from mongolia_tui.serve.channel import BoundedChannel
from mongolia_tui.serve.errors import address
from mongolia_tui.serve.events import event
from mongolia_tui.serve.limits import (
    AUTH_FAILURES,
    CHANNELS_PER_CONNECTION,
    FIRST_BYTE_TIMEOUT,
    NO_SESSION_TIMEOUT,
    PROG,
)
from mongolia_tui.serve.proxy import ACCEPTED, RELAYED_BY
from mongolia_tui.serve.session import Session

if TYPE_CHECKING:
    from mongolia_tui.serve.server import Server


class Connection(asyncssh.SSHServer):
    """One client connection: its limits, its authentication and its log lines."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.conn: asyncssh.SSHServerConnection | None = None
        self.addr, self.port = "?", 0
        self.relayed_by: str | None = None
        self.user = "-"  # quoted for a text log line
        self.username = ""
        self.fingerprint = "-"
        #: Whose state the browser keeps (a key, or a CA and a principal); None: anonymous.
        self.visitor: str | None = None
        self.terminal_allowed = True  # no-pty / restrict: commands only
        self.started = time.monotonic()
        self.authenticated = False
        self.failures = 0
        self.channels: set[Session] = set()  # session channels open now
        self.last: Session | None = None  # the last session that ended, logged at disconnect
        self.refused: str | None = None
        self.telling = False  # refused, and counted among the refusals under way
        self.lost: float | None = None  # when the connection closed
        self.logging_in = False  # counted in the server's pool of logins under way
        self._no_session: asyncio.TimerHandle | None = None
        self._first_byte: asyncio.TimerHandle | None = None

    @property
    def where(self) -> str:
        return address(self.addr, self.port)

    @property
    def running(self) -> bool:
        """Whether a session of this connection still has a child running."""
        return any(session.connection is self for session in self.server.sessions)

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        peer = conn.get_extra_info("peername") or ("?", 0)
        self.addr, self.port = str(peer[0]), int(peer[1])
        relayed_by = conn.get_extra_info(RELAYED_BY)  # the balancer's address, if relayed
        self.relayed_by = address(str(relayed_by[0]), int(relayed_by[1])) if relayed_by else None
        loop = asyncio.get_running_loop()
        # Behind a balancer (--proxy-protocol) the deadline began when the TCP connection was
        # accepted: the PROXY header and the version line share it.
        accepted = conn.get_extra_info(ACCEPTED) or loop.time()
        waited = max(0.0, loop.time() - accepted)
        self._first_byte = loop.call_later(max(0.0, FIRST_BYTE_TIMEOUT - waited), self._check_spoke)
        reason, drop, loud = self.server.allow_connection(self.addr)
        if reason is not None:
            self.refused = reason
            if loud:
                more = "; dropping further attempts" if drop else ""
                event("refused", f"refused {self.where}: {reason}{more}", address=self.addr,
                      port=self.port, reason=reason, dropped=drop)  # fmt: skip
            if drop:  # not even a key exchange
                asyncio.get_running_loop().call_soon(conn.abort)
            else:
                # The reason is sent when the client asks to log in: sent any earlier, it would
                # arrive before the client reads anything and never be shown.
                self.server.refusing += 1
                self.telling = True
            return
        self.server.connections.add(self)
        self.server.login_started(self.addr)
        self.logging_in = True

    def _check_spoke(self) -> None:
        # The client's version line is its first bytes; without it nothing else can come.
        if self.conn is not None and not self.conn.get_extra_info("client_version"):
            self.conn.abort()

    def _login_ended(self) -> None:
        if self.logging_in:
            self.logging_in = False
            self.server.login_ended(self.addr)

    def connection_lost(self, exc: Exception | None) -> None:
        for timer in (self._no_session, self._first_byte):
            if timer is not None:
                timer.cancel()
        self._login_ended()
        self.server.connections.discard(self)
        self.lost = time.monotonic()
        if self.telling:
            self.server.refusing -= 1
            self.telling = False
        if self.refused is None and not self.running:
            self._log_disconnect()
        # Otherwise a session's child is still ending (the client vanished): the line waits for
        # its exit status.

    def session_done(self) -> None:
        """A session's child has ended (called by the session)."""
        if self.lost is not None and not self.running and self.refused is None:
            self._log_disconnect()

    def _log_disconnect(self) -> None:
        duration = (self.lost or time.monotonic()) - self.started
        fields: dict[str, object] = {
            "user": self.username,
            "address": self.addr,
            "port": self.port,
            "key": self.fingerprint if self.authenticated else None,
            "client_version": self.client_version,
            "duration": round(duration, 3),
            "authenticated": self.authenticated,
        }
        if not self.authenticated:
            text = f"disconnect {self.where} user={self.user} not authenticated "
            event("disconnect", f"{text}duration={duration:.1f}s", **fields)
            return
        session = self.last
        if session is not None:
            fields |= session.record()
        outcome = session.outcome if session is not None else "-"
        label = session.label if session is not None else "none"
        event(
            "disconnect",
            f"disconnect {self.where} user={self.user} key={self.fingerprint} "
            f"duration={duration:.1f}s exit={outcome} request={label}",
            **fields,
        )

    @property
    def client_version(self) -> str | None:
        version = self.conn.get_extra_info("client_version") if self.conn is not None else None
        return str(version)[:200] if version else None

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()

    def abort(self) -> None:
        """Close at once, dropping what waits to be sent (for a client that does not read)."""
        if self.conn is not None:
            self.conn.abort()

    # -- authentication --

    def begin_auth(self, username: str) -> bool:
        self.username = username[:64]
        self.user = shlex.quote(safe_line(username)[:64]) or "''"
        if self.refused is not None and self.conn is not None:
            # Now, before any answer to the login: an answer first (even "no methods", the
            # anonymous case) would reach the client as "Permission denied ()" instead.
            self.conn.disconnect(asyncssh.DISC_TOO_MANY_CONNECTIONS, f"{PROG}: {self.refused}")
            return True
        banner = self.server.banner.text() if self.server.banner is not None else ""
        if banner and self.conn is not None:
            self.conn.send_auth_banner(banner)
        authorized = self.server.settings.authorized
        if authorized is None:
            return False  # anonymous: no authentication at all
        authorized.refresh()
        return True

    def public_key_auth_supported(self) -> bool:
        return self.server.settings.authorized is not None

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        authorized = self.server.settings.authorized
        found = authorized.check(key, self.addr) if authorized is not None else None
        if found is not None:
            self.fingerprint = key.get_fingerprint()
            self.visitor = self.fingerprint
            self.terminal_allowed = found.terminal
            return True
        return self._failed()

    def validate_ca_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        """A user certificate signed by a ``cert-authority`` key (asyncssh then checks that the
        certificate is valid now and names ``username`` as a principal)."""
        authorized = self.server.settings.authorized
        found = authorized.check(key, self.addr, ca=True) if authorized is not None else None
        if found is not None:
            self.fingerprint = f"{key.get_fingerprint()}/cert:{self.user}"
            # One state per person the CA vouched for: the CA and the principal logged in as.
            self.visitor = f"{key.get_fingerprint()}-{username}"
            self.terminal_allowed = found.terminal
            return True
        return self._failed()

    def _failed(self) -> bool:
        self.failures += 1
        if self.failures >= AUTH_FAILURES and self.conn is not None:
            asyncio.get_running_loop().call_soon(
                self.conn.disconnect,
                asyncssh.DISC_NO_MORE_AUTH_METHODS_AVAILABLE,
                f"{PROG}: too many authentication failures",
            )
        return False

    def auth_completed(self) -> None:
        self.authenticated = True
        self._login_ended()
        event(
            "connect",
            f"connect {self.where} user={self.user} key={self.fingerprint}",
            user=self.username,
            address=self.addr,
            port=self.port,
            key=self.fingerprint,
            client_version=self.client_version,
            **({"proxy": self.relayed_by} if self.relayed_by else {}),
        )
        self._watch_sessions()

    # -- channels --

    def session_requested(self) -> tuple[BoundedChannel, Session]:
        if len(self.channels) >= CHANNELS_PER_CONNECTION or self.conn is None:
            raise asyncssh.ChannelOpenError(
                asyncssh.OPEN_RESOURCE_SHORTAGE,
                f"{PROG}: at most {CHANNELS_PER_CONNECTION} sessions per connection",
            )
        chan = BoundedChannel.adopt(self.conn.create_server_channel(encoding=None))
        session = Session(self)
        self.channels.add(session)
        self._watch_sessions()
        return chan, session

    def channel_closed(self, session: Session) -> None:
        self.channels.discard(session)
        self._watch_sessions()

    def _watch_sessions(self) -> None:
        # A connection holding no session (``ssh -N``, a lingering multiplexer) is closed soon.
        if self._no_session is not None:
            self._no_session.cancel()
            self._no_session = None
        if not self.channels and self.conn is not None:
            self._no_session = asyncio.get_running_loop().call_later(NO_SESSION_TIMEOUT, self.close)

    def connection_requested(
        self, dest_host: str, dest_port: int, orig_host: str, orig_port: int
    ) -> bool:
        raise asyncssh.ChannelOpenError(
            asyncssh.OPEN_ADMINISTRATIVELY_PROHIBITED,
            f"{PROG}: port forwarding is disabled on this server",
        )

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        return False  # remote forwarding: the client reports the refusal

    def unix_connection_requested(self, dest_path: str) -> bool:
        raise asyncssh.ChannelOpenError(
            asyncssh.OPEN_ADMINISTRATIVELY_PROHIBITED,
            f"{PROG}: socket forwarding is disabled on this server",
        )

    def unix_server_requested(self, listen_path: str) -> bool:
        return False
