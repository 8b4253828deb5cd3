"""authorized_keys as OpenSSH reads it: the options that apply here are honoured,
any other stops the server with its name, and a FIFO in its place cannot freeze the server."""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, datetime

import asyncssh
import pytest
from serve_harness import connect, new_key, running_server, write_authorized

from mongolia_tui.serve.authorized import AuthorizedKeys, expiry, option_names
from mongolia_tui.serve.errors import ServeError


def public(key: asyncssh.SSHKey) -> str:
    return key.export_public_key().decode().strip()


def test_option_names_are_read_with_quoted_values():
    assert option_names("ssh-ed25519 AAAA x") == []
    assert option_names('from="a, b",no-pty,expiry-time="20300101" ssh-ed25519 AAAA') == [
        "from",
        "no-pty",
        "expiry-time",
    ]
    assert option_names('command="echo a b" ssh-ed25519 AAAA') == ["command"]


@pytest.mark.parametrize("option", ['command="list"', 'environment="A=b"', 'tunnel="1"'])
def test_an_option_not_honoured_stops_the_server_and_is_named(tmp_path, option):
    path = write_authorized(tmp_path / "keys", f"{option} {public(new_key())}")
    with pytest.raises(ServeError, match=f"line 1: the option '{option.split('=')[0]}'"):
        AuthorizedKeys(path)


def test_an_unreadable_expiry_stops_the_server(tmp_path):
    path = write_authorized(tmp_path / "keys", f'expiry-time="2030" {public(new_key())}')
    with pytest.raises(ServeError, match="bad expiry-time"):
        AuthorizedKeys(path)


def test_expiry_times_read_as_openssh_reads_them():
    assert expiry("20300102Z") == datetime(2030, 1, 2, tzinfo=UTC)
    assert expiry("203001021530") < expiry("20300102153001")


async def test_an_expired_key_is_refused_and_a_current_one_is_not(tmp_path, sample_store):
    old, current = new_key(), new_key()
    path = write_authorized(
        tmp_path / "keys",
        f'expiry-time="20200101" {public(old)}',
        f'expiry-time="20991231Z" {public(current)}',
    )
    async with running_server(tmp_path, sample_store, authorized=path) as server:
        with pytest.raises(asyncssh.PermissionDenied):
            await connect(server, old)
        async with await connect(server, current) as conn:
            assert (await conn.run("show malaysia", timeout=30)).exit_status == 0


@pytest.mark.parametrize(("options", "browser"), [("no-pty", False), ("restrict", False),
                                                  ("restrict,pty", True), ("", True)])  # fmt: skip
async def test_no_pty_and_restrict_leave_commands_only(tmp_path, sample_store, options, browser):
    key = new_key()
    path = write_authorized(tmp_path / "keys", f"{options} {public(key)}".strip())
    async with (
        running_server(tmp_path, sample_store, authorized=path) as server,
        await connect(server, key) as conn,
    ):
        assert (await conn.run("show malaysia", timeout=30)).exit_status == 0
        if browser:
            chan, _ = await conn.create_session(
                asyncssh.SSHClientSession, term_type="xterm", encoding=None
            )
            await asyncio.sleep(0.3)
            assert server.sessions
            chan.close()
        else:
            with pytest.raises(asyncssh.ChannelOpenError):
                await conn.create_session(
                    asyncssh.SSHClientSession, term_type="xterm", request_pty="force"
                )


async def test_from_limits_the_addresses(tmp_path, sample_store):
    key = new_key()
    path = write_authorized(tmp_path / "keys", f'from="10.9.9.9" {public(key)}')
    async with running_server(tmp_path, sample_store, authorized=path) as server:
        with pytest.raises(asyncssh.PermissionDenied):
            await connect(server, key)


async def test_a_user_certificate_from_a_listed_ca_logs_in(tmp_path, sample_store):
    ca, user = new_key(), new_key()
    cert = ca.generate_user_certificate(user, "visitor's cert", principals=["visitor"])
    path = write_authorized(tmp_path / "keys", f"cert-authority {public(ca)}")
    async with running_server(tmp_path, sample_store, authorized=path) as server:
        async with await connect(server, (user, cert)) as conn:
            assert (await conn.run("show malaysia", timeout=30)).exit_status == 0
        other = ca.generate_user_certificate(user, "someone else", principals=["mallory"])
        with pytest.raises(asyncssh.PermissionDenied):
            await connect(server, (user, other))


async def test_authorized_keys_replaced_by_a_fifo_do_not_freeze_the_server(tmp_path, sample_store):
    key = new_key()
    path = write_authorized(tmp_path / "keys", public(key))
    async with running_server(tmp_path, sample_store, authorized=path) as server:
        path.unlink()
        os.mkfifo(path, 0o600)
        async with asyncio.timeout(10), await connect(server, key) as conn:
            # The FIFO is refused; the keys already read stay in force.
            assert (await conn.run("show malaysia", timeout=30)).exit_status == 0
