"""What a visitor may write: nothing a visitor does writes a file on the server. The browser runs as
the server runs it (on a pseudo-terminal, through asyncssh), and the visitor tries every export."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import asyncssh
import pytest
from serve_harness import connect, new_key, running_server

from mongolia_tui.delivery import SERVED_ENV
from mongolia_tui.serve.settings import STATE_ENV, visitor_environment, visitor_state

ATTEMPTS = ["e", "\r", "/tmp/{tmp}\r", "~/../planted.json\r", "victim.json\r", "\r", "\x1b"]


def files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


async def read_until(process: asyncssh.SSHClientProcess, word: bytes, timeout: float = 30) -> bytes:
    seen = b""
    async with asyncio.timeout(timeout):
        while word not in seen:
            chunk = await process.stdout.read(65536)
            if not chunk:
                break
            seen += chunk
    return seen


@pytest.mark.parametrize("anonymous", [False, True], ids=["key", "anonymous"])
async def test_no_export_attempt_writes_a_file_on_the_server(tmp_path, sample_store, anonymous):
    key = new_key()
    home = tmp_path / "state" / "home"
    tmp_name = f"mongolia-visitor-{os.getpid()}.csv"
    async with running_server(tmp_path, sample_store, keys=None if anonymous else [key]) as server:
        (home / "victim.json").write_text("precious", encoding="utf-8")
        before = files_under(tmp_path)
        async with await connect(server, None if anonymous else key) as conn:
            process = await conn.create_process(
                term_type="xterm-256color", term_size=(100, 30), encoding=None
            )
            await read_until(process, b"Quit")
            for keys in ATTEMPTS:
                process.stdin.write(keys.format(tmp=tmp_name).encode())
                await asyncio.sleep(0.3)
            process.stdin.write(b"q")
            await asyncio.wait_for(process.wait_closed(), 20)
    after = files_under(tmp_path)
    visitors = {name for name in after - before if name.startswith("state/visitors")}
    assert after - before == visitors
    assert bool(visitors) is not anonymous  # a key's own state folder, and nothing else
    if not anonymous:  # where the browser remembered this visitor (tab, sort, theme...)
        assert any((tmp_path / name).is_file() for name in visitors)
    assert (home / "victim.json").read_text(encoding="utf-8") == "precious"
    assert not (Path("/tmp") / tmp_name).exists()


def test_the_state_folder_is_per_key_and_private(tmp_path):
    folder = Path(visitor_state(tmp_path, "SHA256:ab/c+d=../x"))
    assert folder.parent == tmp_path / "visitors"
    assert "/" not in folder.name and ".." not in folder.name
    assert folder.stat().st_mode & 0o777 == 0o700
    assert visitor_state(tmp_path, None) == ""


def test_a_visitor_cannot_set_what_the_server_tells_the_browser(tmp_path):
    env = visitor_environment(
        tmp_path,
        "xterm",
        fingerprint=None,
        reached=("10.0.0.1", 2222),
        ssh_connection="1 2 3 4",
        passed={SERVED_ENV: "", STATE_ENV: "/tmp/evil", "COLORTERM": "truecolor", "PATH": "/x"},
    )
    assert env[SERVED_ENV] == "10.0.0.1 2222"
    assert env[STATE_ENV] == ""
    assert env["COLORTERM"] == "truecolor"
    assert env["PATH"] != "/x"
