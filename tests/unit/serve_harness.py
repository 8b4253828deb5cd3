"""Drive ``mongolia-tui serve`` in process: a real server on a free loopback port, asyncssh's
own client, and the server's log lines (the tests read them with caplog)."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import asyncssh

from mongolia_tui.cli import build_parser
from mongolia_tui.serve.authorized import AuthorizedKeys
from mongolia_tui.serve.keys import private_dir
from mongolia_tui.serve.server import Server
from mongolia_tui.serve.settings import Settings

LOG = "mongolia_tui.serve"


def new_key() -> asyncssh.SSHKey:
    return asyncssh.generate_private_key("ssh-ed25519")


def write_authorized(path: Path, *lines: str) -> Path:
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    path.chmod(0o600)
    return path


@asynccontextmanager
async def running_server(
    folder: Path,
    store: Path,
    *,
    keys: list[asyncssh.SSHKey] | None = None,
    authorized: Path | None = None,
    **settings: Any,
) -> AsyncIterator[Server]:
    """A server on 127.0.0.1 (any free port) for ``keys`` (None: anonymous); stopped after."""
    state = private_dir(folder / "state")
    private_dir(state / "home")
    if keys is not None and authorized is None:
        lines = [key.export_public_key().decode().strip() for key in keys]
        authorized = write_authorized(folder / "authorized_keys", *lines)
    config = Settings(
        host="127.0.0.1",
        port=0,
        store=store,
        state=state,
        key=new_key(),
        key_path=state / "ssh_host_ed25519_key",
        key_created=False,
        authorized=AuthorizedKeys(authorized) if authorized is not None else None,
        max_sessions=5,
        idle_timeout=900.0,
        rate_limit=1000,
    )
    server = Server(dataclasses.replace(config, **settings), build_parser())
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


async def connect(
    server: Server, key: asyncssh.SSHKey | None = None, **options: Any
) -> asyncssh.SSHClientConnection:
    """asyncssh's client, logged in as ``visitor`` with ``key`` (or none, for anonymous)."""
    return await asyncssh.connect(
        "127.0.0.1",
        server.port,
        username="visitor",
        known_hosts=None,
        client_keys=[key] if key is not None else [],
        agent_path=None,
        config=[],
        **options,
    )


async def wait_for(check: Any, timeout: float = 10.0) -> Any:
    """Await until ``check()`` is true (the server handles events in the same loop)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not (result := check()):
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("timed out")
        await asyncio.sleep(0.02)
    return result


@asynccontextmanager
async def visiting(
    folder: Path,
    store: Path,
    key: asyncssh.SSHKey | None,
    client: dict[str, Any] | None = None,
    **settings: Any,
) -> AsyncIterator[tuple[Server, asyncssh.SSHClientConnection]]:
    """A server for ``key`` (None: anonymous) and one client (with ``client`` options)."""
    keys = [key] if key is not None else None
    async with (
        running_server(folder, store, keys=keys, **settings) as server,
        await connect(server, key, **(client or {})) as conn,
    ):
        yield server, conn
