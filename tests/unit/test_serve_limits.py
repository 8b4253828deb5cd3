"""Issue 17 (3, 4, 5): what a visitor can grow on the server has a limit."""

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
