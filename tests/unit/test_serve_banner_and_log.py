"""The SSH host's parity with Wish: a pre-login banner, an absolute session cap, a structured
log."""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import date

import asyncssh
import pytest
from serve_harness import LOG, connect, new_key, running_server, visiting, wait_for

from mongolia_tui.serve import events
from mongolia_tui.serve.banner import week_text
from mongolia_tui.store import load_store


class BannerClient(asyncssh.SSHClient):
    banners: list[str] = []

    def auth_banner_received(self, msg: str, lang: str) -> None:
        self.banners.append(msg)


async def banner_of(server, key) -> str:
    BannerClient.banners = []
    async with await connect(server, key, client_factory=BannerClient):
        pass
    return "".join(BannerClient.banners)


async def test_the_default_banner_is_this_weeks_anniversaries(tmp_path, sample_store):
    key = new_key()
    async with running_server(tmp_path, sample_store, keys=[key]) as server:
        shown = await banner_of(server, key)
    assert shown == week_text(load_store(sample_store).partners, date.today())
    assert shown.startswith("Mongolia's foreign relations")


@pytest.mark.parametrize(("banner", "shown"), [("Team mirror\\nbe nice", "Team mirror\nbe nice\n"),
                                               ("", "")])  # fmt: skip
async def test_a_banner_of_ones_own_or_none(tmp_path, sample_store, banner, shown):
    from mongolia_tui.serve.settings import safe_text_banner

    key = new_key()
    async with running_server(
        tmp_path, sample_store, keys=[key], banner=safe_text_banner(banner)
    ) as server:
        assert await banner_of(server, key) == shown


async def test_anonymous_visitors_see_the_banner_too(tmp_path, sample_store):
    async with running_server(tmp_path, sample_store, banner="hello") as server:
        assert await banner_of(server, None) == "hello\n"


async def test_a_session_is_closed_after_the_longest_time_allowed(tmp_path, sample_store):
    key = new_key()
    async with visiting(tmp_path, sample_store, key, max_session_time=1.0) as (server, conn):
        chan, _ = await conn.create_session(
            asyncssh.SSHClientSession, term_type="xterm", encoding=None
        )
        (connection,) = server.connections
        await asyncio.wait_for(chan.wait_closed(), 10)
        assert "the longest a session may last" in connection.last.outcome.reason


async def test_the_json_log_has_every_field_of_a_session(tmp_path, sample_store, caplog):
    def lines() -> list[dict]:
        return [json.loads(r.getMessage()) for r in caplog.records if r.name == LOG]

    caplog.set_level(logging.INFO, LOG)
    events.set_format("json")
    key = new_key()
    try:
        async with running_server(tmp_path, sample_store, keys=[key]) as server:
            async with await connect(server, key) as conn:
                await conn.run("show malaysia", term_type="xterm-256color", term_size=(90, 30))
            await wait_for(lambda: any(e["event"] == "disconnect" for e in lines()))
    finally:
        events.set_format("text")
    (record,) = [e for e in lines() if e["event"] == "disconnect"]
    assert record["user"] == "visitor"
    assert record["address"] == "127.0.0.1"
    assert record["key"] == key.get_fingerprint()
    assert record["term"] == "xterm-256color"
    assert record["window"] == "90x30"
    assert record["client_version"].startswith("SSH-2.0-AsyncSSH")
    assert record["command"] == "show malaysia"
    assert record["outcome"] == "0" and record["status"] == 0
    assert record["duration"] >= 0
    assert {e["event"] for e in lines()} >= {"listening", "connect", "disconnect", "stopped"}
