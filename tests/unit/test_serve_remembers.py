"""Issue 21 over `serve`: the browser remembers a visitor by their key, on the server's side,
and remembers nothing of an anonymous visitor."""

from __future__ import annotations

import asyncio
import re

import asyncssh
from serve_harness import connect, new_key, running_server

ESCAPES = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[\]P_][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b.")


async def screen_until(process: asyncssh.SSHClientProcess, *words: str, timeout: float = 30) -> str:
    """What the browser drew (escape sequences removed), once every word is in it."""
    seen = b""
    async with asyncio.timeout(timeout):
        while True:
            text = ESCAPES.sub(b"", seen).decode("utf-8", "replace")
            if all(word in text for word in words):
                return text
            chunk = await process.stdout.read(65536)
            if not chunk:
                raise AssertionError(f"{words!r} never drawn; the screen was:\n{text}")
            seen += chunk


async def visit(server, key, keys: str = "") -> str:
    """One visit: the first screen's title line, then ``keys``, then q."""
    async with await connect(server, key) as conn:
        process = await conn.create_process(
            term_type="xterm-256color", term_size=(120, 30), encoding=None
        )
        text = await screen_until(process, "Quit", " of ")
        title = next(line for line in text.splitlines() if " of " in line and "·" in line)
        if keys:
            process.stdin.write(keys.encode())
            await screen_until(process, "Europe · ")
        process.stdin.write(b"q")
        await asyncio.wait_for(process.wait_closed(), 20)
        return title


async def test_a_key_finds_its_own_tab_again_and_another_key_does_not(tmp_path, sample_store):
    alice, bob = new_key(), new_key()
    async with running_server(tmp_path, sample_store, keys=[alice, bob]) as server:
        assert "All ·" in await visit(server, alice, "8")  # Europe, then quit
        assert "Europe ·" in await visit(server, alice)  # remembered, on the server's side
        assert "All ·" in await visit(server, bob)  # another visitor starts afresh
    remembered = list((tmp_path / "state" / "visitors").rglob("*.json"))
    assert len(remembered) == 2  # one file per key, in the server's own state folder


async def test_an_anonymous_visitor_is_not_remembered(tmp_path, sample_store):
    async with running_server(tmp_path, sample_store, keys=None) as server:
        assert "All ·" in await visit(server, None, "8")
        assert "All ·" in await visit(server, None)
    assert not (tmp_path / "state" / "visitors").exists() or not any(
        (tmp_path / "state" / "visitors").iterdir()
    )
