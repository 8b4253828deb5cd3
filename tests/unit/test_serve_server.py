"""The SSH host in process: authentication, what a visitor may run, and the log lines."""

from __future__ import annotations

import logging

import asyncssh
import pytest
from serve_harness import LOG, connect, new_key, running_server, visiting, wait_for

from mongolia_tui.serve.session import Kind, Outcome


@pytest.fixture
def visitor() -> asyncssh.SSHKey:
    return new_key()


def log_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == LOG]


async def test_a_listed_key_logs_in_and_runs_a_command(tmp_path, sample_store, visitor, caplog):
    caplog.set_level(logging.INFO, LOG)
    async with running_server(tmp_path, sample_store, keys=[visitor]) as server:
        async with await connect(server, visitor) as conn:
            done = await conn.run("show malaysia", timeout=30)
        assert done.exit_status == 0
        assert "Malaysia" in done.stdout
        await wait_for(lambda: any(line.startswith("disconnect") for line in log_lines(caplog)))
    disconnect = next(line for line in log_lines(caplog) if line.startswith("disconnect"))
    assert f"key={visitor.get_fingerprint()}" in disconnect
    assert disconnect.endswith("exit=0 request='show malaysia'")


async def test_a_key_not_in_the_list_is_refused(tmp_path, sample_store, visitor):
    async with running_server(tmp_path, sample_store, keys=[visitor]) as server:
        with pytest.raises(asyncssh.PermissionDenied):
            await connect(server, new_key())


async def test_a_refused_command_has_its_kind_and_outcome(tmp_path, sample_store, visitor):
    async with visiting(tmp_path, sample_store, visitor) as (server, conn):
        done = await conn.run("bash -c id", timeout=10)
        assert done.exit_status == 2
        assert "'bash' is not available here" in done.stderr
        (connection,) = server.connections
        session = connection.last
        assert session is not None and session.kind is Kind.REFUSED
        assert session.outcome == Outcome(2, session.outcome.reason)
        assert session.label == "refused:'bash -c id'"


async def test_sftp_is_refused_in_words(tmp_path, sample_store, visitor):
    async with visiting(tmp_path, sample_store, visitor) as (server, conn):
        with pytest.raises((asyncssh.SFTPError, asyncssh.ChannelOpenError, OSError)):
            async with conn.start_sftp_client():
                pass
        (connection,) = server.connections
        assert connection.last is not None and connection.last.kind is Kind.SUBSYSTEM


async def test_no_command_and_no_terminal_prints_the_usage(tmp_path, sample_store, visitor):
    async with visiting(tmp_path, sample_store, visitor) as (server, conn):
        done = await conn.run(timeout=10)
    assert done.exit_status == 0
    assert f"ssh -t -p {server.port} HOST" in done.stdout


async def test_check_data_shows_the_visitor_no_path_of_the_server(tmp_path, sample_store, visitor):
    async with visiting(tmp_path, sample_store, visitor) as (_, conn):
        done = await conn.run("check-data", timeout=30)
    assert done.exit_status == 0
    assert done.stdout.startswith(f"{sample_store.name}: OK")
    assert str(sample_store.parent) not in done.stdout + done.stderr
