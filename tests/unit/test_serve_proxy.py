"""The SSH host beyond one machine: ``serve --proxy-protocol`` behind a load balancer. A raw socket
plays HAProxy (a PROXY v2 header naming a client), then asyncssh's client speaks SSH over it:
the log, the limits and ``from=`` see the client named, and a bad, big, slow or missing header
is refused; without the option a header is not trusted."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
from typing import Any

import asyncssh
import pytest
from serve_harness import LOG, new_key, running_server, wait_for, write_authorized

from mongolia_tui.serve import events, proxy, session
from mongolia_tui.serve.errors import ServeError
from mongolia_tui.serve.proxy_header import HEADER_LIMIT, SIGNATURE, HeaderError, build, parse
from mongolia_tui.serve.settings import settings_from_args

CLIENT = ("203.0.113.7", 40022)
REACHED = ("198.51.100.1", 22)
LOOPBACK = proxy.networks(proxy.LOOPBACK)

# -- the header itself --


def test_a_v4_header_names_the_client_and_the_address_it_reached():
    data = build(CLIENT, REACHED) + b"SSH-2.0-x\r\n"
    header = parse(data)
    assert header is not None
    assert (header.source, header.destination) == (CLIENT, REACHED)
    assert data[header.length :] == b"SSH-2.0-x\r\n"


def test_a_v6_header_and_a_v4_client_relayed_over_v6():
    assert parse(build(("2001:db8::7", 1), ("2001:db8::1", 22))).source == ("2001:db8::7", 1)
    mapped = parse(build(("::ffff:203.0.113.7", 5), ("::1", 22)))
    assert mapped is not None and mapped.source == ("203.0.113.7", 5)


def test_tlvs_are_skipped_and_local_is_a_health_check():
    tlvs = bytes([0x04, 0x00, 0x03]) + b"abc"  # PP2_TYPE_NOOP
    header = parse(build(CLIENT, REACHED, tlvs))
    assert header is not None and header.length == 16 + 12 + 6 and header.source == CLIENT
    local = parse(build(None))
    assert local is not None and local.local and local.length == 16


def test_a_header_cut_short_asks_for_more():
    whole = build(CLIENT, REACHED)
    assert all(parse(whole[:n]) is None for n in range(len(whole)))


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"SSH-2.0-OpenSSH_9.2\r\n", "not a PROXY protocol v2 header"),
        (b"PROXY TCP4 203.0.113.7 198.51.100.1 40022 22\r\n", "not a PROXY protocol v2"),
        (b"\r\n\r\n\x00\r\nQUIX", "not a PROXY protocol v2"),
        (SIGNATURE + bytes([0x11, 0x11, 0, 12]) + bytes(12), "version 1, not 2"),
        (SIGNATURE + bytes([0x22, 0x11, 0, 12]) + bytes(12), "unknown PROXY command"),
        (SIGNATURE + bytes([0x21, 0x12, 0, 12]) + bytes(12), "neither TCP"),  # UDP
        (SIGNATURE + bytes([0x21, 0x31, 0, 216]) + bytes(216), "neither TCP"),  # UNIX
        (SIGNATURE + bytes([0x21, 0x21, 0, 12]) + bytes(12), "too short"),
        (SIGNATURE + bytes([0x21, 0x11, 0xFF, 0xFF]), f"over {HEADER_LIMIT}"),
    ],
)
def test_anything_else_is_refused_as_soon_as_it_shows(data, reason):
    with pytest.raises(HeaderError, match=reason):
        parse(data)


def test_the_first_wrong_byte_is_enough():
    with pytest.raises(HeaderError):
        parse(b"G")


# -- options --


def args(*words: str) -> Any:
    from mongolia_tui.cli import build_parser

    return build_parser().parse_args(["serve", "--allow-anonymous", *words])


def test_proxy_from_needs_proxy_protocol_and_real_addresses():
    with pytest.raises(ServeError, match="--proxy-from needs --proxy-protocol"):
        settings_from_args(args("--proxy-from", "10.0.0.5"))
    with pytest.raises(ServeError, match="--proxy-from 'haproxy': not an address or network"):
        settings_from_args(args("--proxy-protocol", "--proxy-from", "10.0.0.5,haproxy"))


def test_trusted_addresses():
    nets = proxy.networks("10.0.0.0/24,::1")
    assert proxy.trusted("10.0.0.9", nets) and proxy.trusted("::ffff:10.0.0.9", nets)
    assert proxy.trusted("::1", nets) and not proxy.trusted("10.0.1.9", nets)
    assert not proxy.trusted("?", nets)


# -- a server behind a balancer --


async def relayed(
    server: Any, key: asyncssh.SSHKey | None, header: bytes, **options: Any
) -> asyncssh.SSHClientConnection:
    """A connection as HAProxy makes it: from loopback, a header, then the client's SSH."""
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    sock.sendall(header)
    return await asyncssh.connect(
        sock=sock,
        username="visitor",
        known_hosts=None,
        client_keys=[key] if key is not None else [],
        agent_path=None,
        config=[],
        **options,
    )


def messages(caplog: Any) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == LOG]


async def test_the_log_limits_and_ssh_connection_see_the_client_the_header_names(
    tmp_path, sample_store, caplog, monkeypatch
):
    caplog.set_level(logging.INFO, LOG)
    seen: list[str] = []
    real = session.visitor_environment

    def spy(*a: Any, **kw: Any) -> dict[str, str]:
        seen.append(f"{kw['ssh_connection']} reached={kw['reached']}")
        return real(*a, **kw)

    monkeypatch.setattr(session, "visitor_environment", spy)
    key = new_key()
    async with running_server(tmp_path, sample_store, keys=[key], proxy_from=LOOPBACK) as server:
        async with await relayed(server, key, build(CLIENT, REACHED)) as conn:
            done = await conn.run("show malaysia", timeout=30)
            assert done.exit_status == 0, done.stderr
            (connection,) = server.connections
            assert (connection.addr, connection.port) == CLIENT
        await wait_for(lambda: any(m.startswith("disconnect") for m in messages(caplog)))
    lines = messages(caplog)
    assert any(m.startswith("connect 203.0.113.7:40022 user=visitor") for m in lines)
    assert any(m.startswith("disconnect 203.0.113.7:40022 user=visitor") for m in lines)
    assert not any("127.0.0.1:" in m for m in lines if m.startswith(("connect", "disconnect")))
    # The address the visitor reached is the balancer's: the export's download command
    # (``ssh -p PORT host list ...``) names the port they can use.
    assert seen == ["203.0.113.7 40022 198.51.100.1 22 reached=('198.51.100.1', 22)"]


async def test_the_json_log_names_the_client_and_the_balancer(tmp_path, sample_store, caplog):
    def records() -> list[dict[str, Any]]:
        return [json.loads(m) for m in messages(caplog)]

    caplog.set_level(logging.INFO, LOG)
    events.set_format("json")
    try:
        async with running_server(tmp_path, sample_store, proxy_from=LOOPBACK) as server:
            async with await relayed(server, None, build(CLIENT, REACHED)) as conn:
                await conn.run("show malaysia", timeout=30)
            await wait_for(lambda: any(r["event"] == "disconnect" for r in records()))
    finally:
        events.set_format("text")
    (connect,) = [r for r in records() if r["event"] == "connect"]
    (disconnect,) = [r for r in records() if r["event"] == "disconnect"]
    assert connect["address"] == disconnect["address"] == "203.0.113.7"
    assert connect["port"] == 40022
    assert connect["proxy"].startswith("127.0.0.1:")
    (listening,) = [r for r in records() if r["event"] == "listening"]
    assert listening["proxy_from"] == "127.0.0.0/8,::1/128"


async def test_rate_limits_count_the_client_not_the_balancer(tmp_path, sample_store):
    async with running_server(tmp_path, sample_store, rate_limit=2, proxy_from=LOOPBACK) as server:
        for _ in range(2):
            async with await relayed(server, None, build(CLIENT, REACHED)):
                pass
        too_many = r"too many connections from 203\.0\.113\.7"
        with pytest.raises(asyncssh.DisconnectError, match=too_many):
            await relayed(server, None, build(CLIENT, REACHED))
        # Another client behind the same balancer is still let in.
        async with await relayed(server, None, build(("203.0.113.8", 1), REACHED)) as conn:
            assert (await conn.run("show malaysia", timeout=30)).exit_status == 0


async def test_the_login_pool_share_is_per_client(tmp_path, sample_store, monkeypatch):
    from mongolia_tui.serve import server as server_module

    monkeypatch.setattr(server_module, "LOGINS_PER_ADDRESS", 2)
    async with running_server(tmp_path, sample_store, keys=[new_key()], proxy_from=LOOPBACK) as s:
        silent = []
        try:
            for _ in range(4):  # a header for 203.0.113.7, then nothing more
                sock = socket.create_connection(("127.0.0.1", s.port), timeout=5)
                sock.sendall(build(CLIENT, REACHED))
                silent.append(sock)
            await wait_for(lambda: s.logging_in["203.0.113.7"] == 2)
            await asyncio.sleep(0.2)
            assert s.logging_in["203.0.113.7"] == 2 and "127.0.0.1" not in s.logging_in
        finally:
            for sock in silent:
                sock.close()


async def test_from_in_authorized_keys_checks_the_client(tmp_path, sample_store):
    key = new_key()
    line = f'from="203.0.113.0/28" {key.export_public_key().decode().strip()}'
    authorized = write_authorized(tmp_path / "keys", line)
    async with running_server(
        tmp_path, sample_store, keys=[key], authorized=authorized, proxy_from=LOOPBACK
    ) as server:
        async with await relayed(server, key, build(CLIENT, REACHED)) as conn:
            assert (await conn.run("show malaysia", timeout=30)).exit_status == 0
        with pytest.raises(asyncssh.PermissionDenied):
            await relayed(server, key, build(("192.0.2.50", 1), REACHED))


async def refused(
    server: Any, data: bytes, *, source: str = "127.0.0.1", end: bool = False
) -> bytes:
    """Send ``data`` (then end the stream if ``end``) and read until the server hangs up; what
    it said (nothing, for a bad header: no SSH version line for what is not a connection)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind((source, 0))
    sock.connect(("127.0.0.1", server.port))
    sock.setblocking(False)
    loop = asyncio.get_running_loop()
    received = b""
    try:
        async with asyncio.timeout(5):
            sock.sendall(data)
            if end:
                sock.shutdown(socket.SHUT_WR)
            while chunk := await loop.sock_recv(sock, 4096):
                received += chunk
    except ConnectionResetError:
        pass
    finally:
        sock.close()
    return received


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"SSH-2.0-OpenSSH_9.2\r\n", "not a PROXY protocol v2 header"),
        (b"PROXY TCP4 203.0.113.7 198.51.100.1 40022 22\r\n", "not a PROXY protocol v2"),
        (SIGNATURE + bytes([0x21, 0x11, 0xFF, 0xFF]) + bytes(4096), "over 1024"),
        (SIGNATURE + bytes([0x21, 0x12, 0, 12]) + bytes(12), "neither TCP"),
    ],
)
async def test_a_connection_without_a_good_header_is_refused(
    tmp_path, sample_store, caplog, data, reason
):
    caplog.set_level(logging.INFO, LOG)
    async with running_server(tmp_path, sample_store, proxy_from=LOOPBACK) as server:
        assert await refused(server, data) == b""
        await wait_for(lambda: not server.connections and not server.proxy.pending)
    assert any(m.startswith("refused 127.0.0.1:") and reason in m for m in messages(caplog))


async def test_a_slow_header_is_refused_at_the_first_byte_deadline(
    tmp_path, sample_store, caplog, monkeypatch
):
    caplog.set_level(logging.INFO, LOG)
    monkeypatch.setattr(proxy, "FIRST_BYTE_TIMEOUT", 0.5)
    async with running_server(tmp_path, sample_store, proxy_from=LOOPBACK) as server:
        started = asyncio.get_running_loop().time()
        assert await refused(server, build(CLIENT, REACHED)[:20]) == b""
        assert asyncio.get_running_loop().time() - started < 3
    assert any("no whole PROXY header within 0.5s" in m for m in messages(caplog))


async def test_health_checks_are_closed_quietly(tmp_path, sample_store, caplog):
    caplog.set_level(logging.INFO, LOG)
    async with running_server(tmp_path, sample_store, proxy_from=LOOPBACK) as server:
        assert await refused(server, build(None)) == b""  # LOCAL (check-send-proxy)
        assert await refused(server, b"", end=True) == b""  # a TCP check: connect, close
        await wait_for(lambda: not server.proxy.pending)
    assert not any(m.startswith("refused") for m in messages(caplog))


async def test_a_header_from_a_stranger_is_not_trusted(tmp_path, sample_store, caplog):
    caplog.set_level(logging.INFO, LOG)
    only = proxy.networks("127.0.0.1")
    async with running_server(tmp_path, sample_store, proxy_from=only) as server:
        for _ in range(3):
            data = build(CLIENT, REACHED) + b"SSH-2.0-x\r\n"
            assert await refused(server, data, source="127.0.0.2") == b""
        assert not server.connections
    strangers = [m for m in messages(caplog) if m.startswith("refused 127.0.0.2:")]
    assert len(strangers) == 1 and "--proxy-from" in strangers[0]  # once a minute
    assert not any("203.0.113.7" in m for m in messages(caplog))


async def test_without_the_option_a_header_is_a_bad_version(tmp_path, sample_store, caplog):
    caplog.set_level(logging.INFO, LOG)
    async with running_server(tmp_path, sample_store) as server:
        with pytest.raises((asyncssh.Error, OSError)):
            await relayed(server, None, build(CLIENT, REACHED))
        await wait_for(lambda: not server.connections)
    assert not any("203.0.113.7" in m for m in messages(caplog))
    assert any(m.startswith("disconnect 127.0.0.1:") for m in messages(caplog))


async def test_the_header_and_the_version_line_share_the_first_byte_deadline(
    tmp_path, sample_store
):
    from mongolia_tui.serve.limits import FIRST_BYTE_TIMEOUT

    async with running_server(tmp_path, sample_store, proxy_from=LOOPBACK) as server:
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        try:
            await asyncio.sleep(1.0)  # the header comes late, within the deadline
            sock.sendall(build(CLIENT, REACHED))
            (connection,) = await wait_for(lambda: server.connections)
            accepted = connection.conn.get_extra_info(proxy.ACCEPTED)
            assert asyncio.get_running_loop().time() - accepted >= 1.0
            # The version line has what is left of the deadline, not a new one.
            deadline = connection._first_byte.when()
            assert deadline == pytest.approx(accepted + FIRST_BYTE_TIMEOUT, abs=0.1)
        finally:
            sock.close()
