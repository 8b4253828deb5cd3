"""Admission to the SSH host: idle connections cannot lock everyone out. Connections still logging
in have a pool of their own, an address may take only a share of it, and a connection that says
nothing is closed soon."""

from __future__ import annotations

import asyncio
import socket

import asyncssh
import pytest
from serve_harness import connect, new_key, running_server, wait_for


def silent(port: int, source: str) -> socket.socket:
    """A TCP connection from ``source`` (a loopback address) that never sends a byte."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind((source, 0))
    sock.connect(("127.0.0.1", port))
    sock.setblocking(False)
    return sock


async def test_silent_connections_from_a_few_addresses_do_not_lock_out_a_login(
    tmp_path, sample_store
):
    visitor = new_key()
    async with running_server(tmp_path, sample_store, keys=[visitor]) as server:
        sources = ["127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"]
        socks = [silent(server.port, sources[i % 4]) for i in range(48)]
        try:
            await asyncio.sleep(0.5)
            async with await connect(server, visitor) as conn:
                done = await conn.run("show malaysia", timeout=30)
            assert done.exit_status == 0, done.stderr
        finally:
            for sock in socks:
                sock.close()


async def test_a_connection_that_says_nothing_is_closed(tmp_path, sample_store, monkeypatch):
    from mongolia_tui.serve import connection

    monkeypatch.setattr(connection, "FIRST_BYTE_TIMEOUT", 0.5, raising=False)
    async with running_server(tmp_path, sample_store, keys=[new_key()]) as server:
        sock = silent(server.port, "127.0.0.2")
        loop = asyncio.get_running_loop()
        received = b""
        async with asyncio.timeout(5):
            while chunk := await loop.sock_recv(sock, 4096):
                received += chunk
        sock.close()
        assert received.startswith(b"SSH-2.0-")  # the server spoke, then hung up
        await wait_for(lambda: not server.connections)


async def test_an_address_takes_only_a_share_of_the_logins_under_way(tmp_path, sample_store):
    async with running_server(tmp_path, sample_store, keys=[new_key()]) as server:
        socks = [silent(server.port, "127.0.0.2") for _ in range(40)]
        try:
            await asyncio.sleep(0.5)
            held = [c for c in server.connections if c.addr == "127.0.0.2"]
            assert 0 < len(held) <= 16
        finally:
            for sock in socks:
                sock.close()


async def test_an_anonymous_visitor_refused_for_load_is_told_why(tmp_path, sample_store):
    async with (
        running_server(tmp_path, sample_store, rate_limit=1) as server,
        await connect(server),
    ):
        with pytest.raises(asyncssh.DisconnectError, match="too many connections"):
            await connect(server)
