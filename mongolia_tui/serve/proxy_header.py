"""The PROXY protocol v2 header (HAProxy's ``send-proxy-v2``): a pure parser, no I/O.

A load balancer in TCP mode opens its own connection to the server, so the server sees the
balancer's address. With ``send-proxy-v2`` the balancer first sends a binary header naming the
client it relays; this module reads it. Only version 2 is accepted (one fixed binary layout to
get right; the text version 1 is refused like anything else), and only TCP over IPv4 or IPv6
for a relayed connection: without a client address there is nothing to log or to limit by.

Layout (https://www.haproxy.org/download/2.9/doc/proxy-protocol.txt, section 2.2): a 12-byte
signature; a byte with the version (high nibble, 2) and the command (low nibble: 0 LOCAL, 1
PROXY); a byte with the address family (high nibble: 1 IPv4, 2 IPv6) and the transport (low
nibble: 1 stream); a 2-byte big-endian length of what follows: the addresses (source,
destination, source port, destination port), then optional TLVs, which are skipped.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

SIGNATURE = b"\r\n\r\n\x00\r\nQUIT\n"
#: Bytes before the variable part: the signature, version/command, family, length.
FIXED = 16
#: The longest header accepted, TLVs included. The spec asks receivers to take at least 536
#: bytes (a UNIX-socket header); balancers' TLVs (cloud endpoint ids, TLS details) are short.
HEADER_LIMIT = 1024

_LOCAL, _PROXY = 0x0, 0x1
_INET, _INET6, _STREAM = 0x1, 0x2, 0x1
#: Bytes of the address block per family: two addresses and two ports.
_ADDRESS_BYTES = {_INET: 4 + 4 + 2 + 2, _INET6: 16 + 16 + 2 + 2}


class HeaderError(ValueError):
    """Not a PROXY v2 header this server accepts; the message says why, in a few words."""


@dataclass(frozen=True)
class Header:
    """A parsed header. ``source`` and ``destination`` are None for a LOCAL command (the
    balancer's own connection, a health check)."""

    length: int  # bytes of the stream the header took
    source: tuple[str, int] | None
    destination: tuple[str, int] | None

    @property
    def local(self) -> bool:
        return self.source is None


def parse(data: bytes, limit: int = HEADER_LIMIT) -> Header | None:
    """The header at the start of ``data``; None if more bytes are needed to tell.

    Raises :class:`HeaderError` as soon as the bytes cannot begin an accepted header, so a
    wrong first byte is refused without waiting for more.
    """
    start = data[: len(SIGNATURE)]
    if not SIGNATURE.startswith(start):
        raise HeaderError("not a PROXY protocol v2 header")
    if len(data) < FIXED:
        return None
    version, command = data[12] >> 4, data[12] & 0x0F
    if version != 2:
        raise HeaderError(f"PROXY protocol version {version}, not 2")
    if command not in (_LOCAL, _PROXY):
        raise HeaderError(f"unknown PROXY command {command}")
    family, transport = data[13] >> 4, data[13] & 0x0F
    rest = int.from_bytes(data[14:16], "big")
    if FIXED + rest > limit:
        raise HeaderError(f"PROXY header of {FIXED + rest} bytes, over {limit}")
    if len(data) < FIXED + rest:
        return None
    if command == _LOCAL:  # the addresses, if any, say nothing about a client
        return Header(FIXED + rest, None, None)
    if family not in _ADDRESS_BYTES or transport != _STREAM:
        raise HeaderError("PROXY header for neither TCP over IPv4 nor TCP over IPv6")
    size = _ADDRESS_BYTES[family]
    if rest < size:
        raise HeaderError("PROXY header too short for its addresses")
    block = data[FIXED : FIXED + size]
    half = (size - 4) // 2
    make = ipaddress.IPv4Address if family == _INET else ipaddress.IPv6Address
    source, destination = make(block[:half]), make(block[half : 2 * half])
    ports = block[2 * half :]
    return Header(
        FIXED + rest,
        (_text(source), int.from_bytes(ports[:2], "big")),
        (_text(destination), int.from_bytes(ports[2:], "big")),
    )


def _text(addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    """An address as the log and the limits know it: an IPv4 client relayed over IPv6 (the
    ``::ffff:a.b.c.d`` form) is that IPv4 address, as a direct connection would show it."""
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        return str(addr.ipv4_mapped)
    return str(addr)


def build(
    source: tuple[str, int] | None,
    destination: tuple[str, int] | None = None,
    tlvs: bytes = b"",
) -> bytes:
    """A v2 header: PROXY over TCP for ``source`` (to ``destination``), or LOCAL for None.
    What a balancer sends; the tests and a health check use it."""
    if source is None:
        return SIGNATURE + bytes([0x20, 0x00]) + len(tlvs).to_bytes(2, "big") + tlvs
    src = ipaddress.ip_address(source[0])
    dst = ipaddress.ip_address((destination or (str(src), 0))[0])
    family = _INET if src.version == 4 else _INET6
    block = src.packed + dst.packed
    block += source[1].to_bytes(2, "big") + (destination or ("", 0))[1].to_bytes(2, "big")
    body = block + tlvs
    return SIGNATURE + bytes([0x21, family << 4 | _STREAM]) + len(body).to_bytes(2, "big") + body
