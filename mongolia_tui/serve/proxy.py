"""``serve --proxy-protocol``: connections relayed by a load balancer that names the client.

asyncssh's listener accepts a "tunnel": any object whose ``create_server(session_factory,
host, port)`` makes the listener (asyncssh's own SSH client connections are one). Ours,
:class:`ProxyListener`, accepts TCP itself: each connection first reads the PROXY v2 header
(:mod:`.proxy_header`) and only then gets the SSH connection asyncssh's factory makes, on a
transport that reports the client named in the header as its peer and the address the client
reached as its own. Everything after (the log, rate limits, the share of the login pool,
``from=`` in authorized_keys, ``SSH_CONNECTION``) reads those, so it sees the real client.

A header is trusted only from the balancer's addresses (``--proxy-from``, default loopback):
anyone else who reaches the port could otherwise claim to be any client. A header must come
within the first-byte deadline, whole, and no longer than :data:`.proxy_header.HEADER_LIMIT`.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import time
from collections.abc import Callable, Sequence
from typing import Any

from mongolia_tui.serve.errors import ServeError, address
from mongolia_tui.serve.events import event
from mongolia_tui.serve.limits import FIRST_BYTE_TIMEOUT, RATE_WINDOW
from mongolia_tui.serve.proxy_header import HeaderError, parse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
#: The balancer's addresses when ``--proxy-from`` is not given: this machine only.
LOOPBACK = "127.0.0.0/8,::1"
#: Connections whose header has not come yet, at most (a balancer sends it at once).
HEADERS_UNDER_WAY = 256
#: Extra info a relayed transport adds: when the TCP connection was accepted (loop time), so
#: the SSH version shares the first-byte deadline with the header; the balancer's address.
ACCEPTED = "mongolia_tui_accepted"
RELAYED_BY = "mongolia_tui_relayed_by"


def networks(text: str) -> tuple[Network, ...]:
    """``--proxy-from``: addresses or networks, comma-separated; raise ServeError."""
    found = []
    for part in (p.strip() for p in text.split(",")):
        try:
            found.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise ServeError(f"--proxy-from {part!r}: not an address or network") from None
    return tuple(found)


def trusted(host: str, allowed: Sequence[Network]) -> bool:
    """Whether a peer at ``host`` is one of the balancers (an IPv4 peer seen on an IPv6
    socket, ``::ffff:a.b.c.d``, counts as that IPv4 address)."""
    try:
        addr = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    return any(addr in net for net in allowed)


class RelayedTransport(asyncio.Transport):
    """The accepted TCP transport, with the client and the address it reached taken from the
    PROXY header. Everything else is the real transport's."""

    def __init__(
        self,
        real: asyncio.Transport,
        peer: tuple[str, int],
        local: tuple[str, int] | None,
        accepted: float,
    ) -> None:
        super().__init__()
        self._real = real
        self._info: dict[str, object] = {
            "peername": peer,
            RELAYED_BY: real.get_extra_info("peername"),
            ACCEPTED: accepted,
        }
        if local is not None:
            self._info["sockname"] = local

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        if name in self._info:
            return self._info[name]
        return self._real.get_extra_info(name, default)

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self._real.write(data)

    def writelines(self, list_of_data: Any) -> None:
        self._real.writelines(list_of_data)

    def write_eof(self) -> None:
        self._real.write_eof()

    def can_write_eof(self) -> bool:
        return self._real.can_write_eof()

    def get_write_buffer_size(self) -> int:
        return self._real.get_write_buffer_size()

    def get_write_buffer_limits(self) -> tuple[int, int]:
        return self._real.get_write_buffer_limits()

    def set_write_buffer_limits(self, high: int | None = None, low: int | None = None) -> None:
        self._real.set_write_buffer_limits(high, low)

    def pause_reading(self) -> None:
        self._real.pause_reading()

    def resume_reading(self) -> None:
        self._real.resume_reading()

    def is_reading(self) -> bool:
        return self._real.is_reading()

    def is_closing(self) -> bool:
        return self._real.is_closing()

    def close(self) -> None:
        self._real.close()

    def abort(self) -> None:
        self._real.abort()

    def set_protocol(self, protocol: asyncio.BaseProtocol) -> None:
        self._real.set_protocol(protocol)

    def get_protocol(self) -> asyncio.BaseProtocol:
        return self._real.get_protocol()


SessionFactory = Callable[[str, int], asyncio.Protocol]


class HeaderReader(asyncio.Protocol):
    """One accepted connection until its header is read: then the SSH connection takes over
    the transport (and this object is done)."""

    def __init__(self, listener: ProxyListener) -> None:
        self.listener = listener
        self.transport: asyncio.Transport | None = None
        self.buffer = b""
        self.peer = ("?", 0)
        self.accepted = 0.0
        self.timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        loop = asyncio.get_running_loop()
        self.accepted = loop.time()
        peer = transport.get_extra_info("peername") or ("?", 0)
        self.peer = (str(peer[0]), int(peer[1]))
        listener = self.listener
        if not trusted(self.peer[0], listener.allowed):
            listener.stranger(self.peer)
            transport.abort()
            return
        if len(listener.pending) >= HEADERS_UNDER_WAY:
            self.refuse("too many connections waiting for their PROXY header")
            return
        listener.pending.add(self)
        self.timer = loop.call_later(listener.timeout, self.late)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        try:
            header = parse(self.buffer)
        except HeaderError as error:
            self.refuse(str(error))
            return
        if header is None:
            return
        self.done()
        rest, transport = self.buffer[header.length :], self.transport
        self.buffer = b""
        assert transport is not None
        if header.source is None:  # LOCAL: the balancer checking that we listen
            transport.close()
            return
        relayed = RelayedTransport(transport, header.source, header.destination, self.accepted)
        session = self.listener.session_factory(*header.source)
        transport.set_protocol(session)
        session.connection_made(relayed)
        if rest and not transport.is_closing():
            session.data_received(rest)

    def eof_received(self) -> bool:
        if self.buffer:
            self.refuse("the connection ended inside its PROXY header")
        else:  # a balancer's plain TCP health check: connect, then close
            self.done()
            if self.transport is not None:
                self.transport.close()
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self.done()

    def late(self) -> None:
        self.timer = None
        self.refuse(f"no whole PROXY header within {self.listener.timeout:g}s")

    def refuse(self, reason: str) -> None:
        self.done()
        where = address(*self.peer)
        event("refused", f"refused {where}: {reason}", address=self.peer[0],
              port=self.peer[1], reason=reason, dropped=True)  # fmt: skip
        if self.transport is not None:
            self.transport.abort()

    def done(self) -> None:
        """Header read or connection refused: no deadline, no place among the pending."""
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        self.listener.pending.discard(self)


class ProxyListener:
    """The listener asyncssh is given as its ``tunnel`` (see the module's docstring)."""

    def __init__(self, allowed: Sequence[Network], timeout: float | None = None) -> None:
        self.allowed = tuple(allowed)
        self.timeout = FIRST_BYTE_TIMEOUT if timeout is None else timeout
        self.pending: set[HeaderReader] = set()
        self.session_factory: SessionFactory = _no_factory
        self.server: asyncio.Server | None = None
        self._strangers: dict[str, float] = {}  # address -> last logged (monotonic)

    async def create_server(
        self, session_factory: SessionFactory, listen_host: str, listen_port: int
    ) -> asyncio.Server:
        """Listen on ``listen_host``:``listen_port`` (asyncssh calls this once)."""
        self.session_factory = session_factory
        loop = asyncio.get_running_loop()
        self.server = await loop.create_server(
            lambda: HeaderReader(self),
            listen_host or None,
            listen_port,
            family=socket.AF_UNSPEC,
            reuse_address=True,
        )
        return self.server

    def stranger(self, peer: tuple[str, int]) -> None:
        """A connection from an address that is not a balancer's: dropped, and logged once a
        minute per address (a scan must not flood the log)."""
        now = time.monotonic()
        if len(self._strangers) > 10_000:
            self._strangers = {a: t for a, t in self._strangers.items() if t > now - RATE_WINDOW}
            if len(self._strangers) > 10_000:  # a scan from many addresses: enough said
                return
        if self._strangers.get(peer[0], -RATE_WINDOW - 1) > now - RATE_WINDOW:
            return
        self._strangers[peer[0]] = now
        reason = "not a proxy named by --proxy-from (dropped; logged once a minute)"
        event("refused", f"refused {address(*peer)}: {reason}", address=peer[0],
              port=peer[1], reason=reason, dropped=True)  # fmt: skip

    def close(self) -> None:
        """Drop the connections still waiting for a header (the server is stopping)."""
        for reader in list(self.pending):
            reader.done()
            if reader.transport is not None:
                reader.transport.abort()

    async def wait_closed(self) -> None:
        """Nothing to wait for: the listening socket is asyncssh's to close."""


def _no_factory(host: str, port: int) -> asyncio.Protocol:
    raise RuntimeError("ProxyListener used before create_server")
