"""Limits of the SSH host: what a visitor can grow on the server has a limit."""

from __future__ import annotations

import asyncio

import asyncssh
import pytest
from serve_harness import new_key, visiting, wait_for


@pytest.fixture
def visitor() -> asyncssh.SSHKey:
    return new_key()


def kept_environment(server) -> int:
    """Bytes of environment the server holds for every open session channel."""
    return sum(
        len(name) + len(value)
        for connection in server.connections
        for session in connection.channels
        if session.chan is not None
        for name, value in session.chan.get_environment().items()
    )


async def test_environment_requests_are_not_kept(tmp_path, sample_store, visitor):
    big = {f"VAR{i}": "x" * 30_000 for i in range(50)} | {"COLORTERM": "truecolor"}
    async with visiting(tmp_path, sample_store, visitor) as (server, conn):
        chan, _ = await conn.create_session(
            asyncssh.SSHClientSession, env=big, encoding=None, term_type="xterm"
        )
        await wait_for(lambda: any(c.channels for c in server.connections))
        await asyncio.sleep(0.2)
        assert kept_environment(server) < 1000  # was 1.5 MB: every request kept
        (session,) = next(iter(server.connections)).channels
        assert session.chan.passed == {"COLORTERM": "truecolor"}
        chan.close()


async def test_a_flood_of_environment_requests_closes_the_connection(
    tmp_path, sample_store, visitor
):
    flood = {f"VAR{i}": "x" * 1000 for i in range(500)}
    async with visiting(tmp_path, sample_store, visitor) as (server, conn):
        with pytest.raises((asyncssh.Error, OSError)):
            await conn.run("list", env=flood, timeout=10)
        await wait_for(lambda: not server.connections)


async def test_a_client_that_never_reads_is_disconnected(
    tmp_path, sample_store, visitor, monkeypatch
):
    from mongolia_tui.serve import session as session_module

    monkeypatch.setattr(session_module, "PENDING_OUTPUT_LIMIT", 256 * 1024, raising=False)
    async with visiting(tmp_path, sample_store, visitor, {"window": 1 << 30}) as (server, conn):
        chan, _ = await conn.create_session(
            asyncssh.SSHClientSession, term_type="xterm", term_size=(80, 24), encoding=None
        )
        (connection,) = server.connections
        await wait_for(lambda: server.sessions)
        await asyncio.sleep(1.5)  # the browser is up
        conn._transport.pause_reading()  # the client stops reading its socket
        for i in range(400):
            chan.change_terminal_size(300 + i % 2, 120)  # each size: a whole new screen
            await asyncio.sleep(0.01)
            if connection.conn is not None and connection.lost is not None:
                break
        await wait_for(lambda: connection.lost is not None, 20)
        assert "does not read" in (connection.last.outcome.reason or "")


@pytest.mark.parametrize("terminal", [None, "xterm"])
async def test_the_output_cap_holds_with_or_without_a_terminal(
    tmp_path, sample_store, visitor, monkeypatch, terminal
):
    from mongolia_tui.serve import session as session_module

    monkeypatch.setattr(session_module, "COMMAND_OUTPUT_LIMIT", 2000)
    async with visiting(tmp_path, sample_store, visitor) as (_, conn):
        done = await conn.run("list --format json", term_type=terminal, timeout=20)
    assert done.exit_status == 1
    assert "the output is larger than" in (done.stderr or "") + (done.stdout or "")
    assert len(done.stdout or "") < 70_000


async def test_a_channel_that_asks_for_nothing_is_closed(
    tmp_path, sample_store, visitor, monkeypatch
):
    from asyncssh.channel import SSHClientChannel

    from mongolia_tui.serve import session as session_module

    monkeypatch.setattr(session_module, "REQUEST_TIMEOUT", 0.3, raising=False)
    async with visiting(tmp_path, sample_store, visitor) as (server, conn):
        loop = asyncio.get_running_loop()
        # Open a session channel and send no request at all (asyncssh's own API always asks).
        chan = SSHClientChannel(conn, loop, "strict", None, "strict", 1 << 20, 32768)
        await chan._open(b"session")
        (connection,) = server.connections
        assert connection.channels
        await wait_for(lambda: not connection.channels, 5)


async def test_a_connection_holds_four_session_channels_at_most(tmp_path, sample_store, visitor):
    from asyncssh.channel import SSHClientChannel

    async with visiting(tmp_path, sample_store, visitor) as (_, conn):
        loop = asyncio.get_running_loop()

        async def open_channel() -> SSHClientChannel:  # open, ask for nothing (yet)
            chan = SSHClientChannel(conn, loop, "strict", None, "strict", 1 << 20, 32768)
            await chan._open(b"session")
            return chan

        held = [await open_channel() for _ in range(4)]
        with pytest.raises(asyncssh.ChannelOpenError, match="at most 4 sessions"):
            await open_channel()
        for chan in held:
            chan.close()


async def test_an_idle_browser_is_closed_and_says_why(tmp_path, sample_store, visitor):
    async with visiting(tmp_path, sample_store, visitor, idle_timeout=1.0) as (server, conn):
        process = await conn.create_process(term_type="xterm", encoding=None)
        await asyncio.wait_for(process.wait_closed(), 15)
        (connection,) = server.connections
        assert connection.last.outcome.reason == "closed after 1 s without a key"
        assert connection.last.outcome.status == 1
