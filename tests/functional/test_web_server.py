"""``mongolia-tui web`` without a browser: the token, the routes, the session limit, the app's
environment and start-up, and that a closed session leaves no process behind.

The server runs in the test's own event loop; its sessions are real app processes, spoken to
over the websocket the page would use. (The real browser: test_web_browser.py.)
"""

from __future__ import annotations

import ast
import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from cdp import WebServer as WebServerProcess
from support import ROOT

from mongolia_tui.web.environment import WEB_ENV, child_argv, child_environment, on_web
from mongolia_tui.web.server import Settings, WebServer

#: Every route the server has, as a visitor without the token would try them.
ROUTES = ["/", "/ws", "/static/js/textual.js", "/static/page.js", "/static/", "/download/0af"]


@contextlib.asynccontextmanager
async def serving(settings: Settings) -> AsyncIterator[WebServer]:
    web = WebServer(settings)
    ready = asyncio.Event()
    task = asyncio.create_task(web.run(ready))
    await asyncio.wait_for(ready.wait(), 10)
    try:
        yield web
    finally:
        web.stop()
        await asyncio.wait_for(task, 15)


@pytest.fixture
async def server() -> AsyncIterator[WebServer]:
    """A server in this event loop, with one session at most."""
    async with serving(Settings("127.0.0.1", 0, 1, None)) as web:
        yield web


def client() -> aiohttp.ClientSession:
    """A client that keeps cookies from an IP address (as a browser does)."""
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


def base(web: WebServer) -> str:
    return web.url.split("/?token=")[0]


def alive(pid: int) -> bool:
    """Whether a process exists (a zombie counts: it was not reaped)."""
    return Path(f"/proc/{pid}").exists()


async def test_every_route_is_403_without_the_token(server: WebServer) -> None:
    async with client() as http:
        for route in ROUTES:
            for query in ("", "?token=", "?token=wrong", f"?token={server.token[:-1]}"):
                async with http.get(base(server) + route + query) as answer:
                    assert answer.status == 403, (route, query)
                    assert "token" in await answer.text()
        # A cookie with a wrong token is no better.
        jar = {f"mongolia_tui_{server.url.split(':')[2].split('/')[0]}": "x" * 43}
        async with http.get(base(server) + "/", cookies=jar) as answer:
            assert answer.status == 403


async def test_the_token_opens_the_page_and_sets_a_strict_cookie(server: WebServer) -> None:
    async with client() as http:
        async with http.get(server.url) as answer:
            assert answer.status == 200
            page = await answer.text()
            cookie = answer.headers["Set-Cookie"]
            policy = answer.headers["Content-Security-Policy"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and server.token in cookie
        assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
        # Nothing on the page comes from elsewhere (the stock page asks Google for its font).
        assert "http" not in page.replace('xmlns="http', "")
        # The cookie lets the page's own requests in; there is no listing of static files.
        async with http.get(base(server) + "/static/js/textual.js") as answer:
            assert answer.status == 200
        for listing in ("/static/", "/static/js/", "/static/fonts", "/static/../server.py"):
            async with http.get(base(server) + listing) as answer:
                assert answer.status == 404, listing
        async with http.get(base(server) + "/static/css/xterm.css") as answer:
            assert answer.status == 200


async def test_a_websocket_from_another_site_is_refused(server: WebServer) -> None:
    async with client() as http:
        async with http.get(server.url) as answer:
            assert answer.status == 200
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await http.ws_connect(base(server) + "/ws", headers={"Origin": "http://evil.example"})
        assert refused.value.status == 403
    assert not server.sessions


async def screen_bytes(socket: aiohttp.ClientWebSocketResponse, needle: bytes) -> bytes:
    """What the app sends until ``needle`` is in it."""
    seen = b""
    while needle not in seen:
        message = await asyncio.wait_for(socket.receive(), 15)
        if message.type == aiohttp.WSMsgType.BINARY:
            seen += message.data
        elif message.type != aiohttp.WSMsgType.TEXT:
            raise AssertionError(f"closed before {needle!r}: {seen[-400:]!r}")
    return seen


async def test_session_limit_busy_page_and_no_process_left(server: WebServer) -> None:
    async with client() as http:
        first = await http.ws_connect(server.url.replace("/?", "/ws?") + "&width=100&height=30")
        await screen_bytes(first, b"of 198")
        [session] = server.sessions
        pid = session.pid
        assert pid is not None and alive(pid)
        # The one session is taken: the page says so, and a second websocket gets a message.
        async with http.get(server.url) as answer:
            assert answer.status == 503
            assert "This server is busy" in await answer.text()
        second = await http.ws_connect(server.url.replace("/?", "/ws?"))
        assert b"busy" in await screen_bytes(second, b"Try again later")
        await second.close()
        assert len(server.sessions) == 1
        # Closing the tab ends its app: no process (not even a zombie) is left.
        await first.close()
        for _ in range(100):
            if not server.sessions and not alive(pid):
                break
            await asyncio.sleep(0.05)
        assert not server.sessions and not alive(pid)
        async with http.get(server.url) as answer:
            assert answer.status == 200


async def test_a_huge_window_is_cut_to_the_limit(server: WebServer) -> None:
    async with client() as http:
        url = server.url.replace("/?", "/ws?") + "&width=100000&height=99999999"
        socket = await http.ws_connect(url)
        await screen_bytes(socket, b"of 198")
        await socket.send_str(json.dumps(["resize", {"width": 10**9, "height": -5}]))
        await socket.send_str(json.dumps(["stdin", 12]))  # ignored, not a crash
        await socket.send_str("[]")
        await socket.send_str(json.dumps(["ping", "1"]))
        message = await asyncio.wait_for(socket.receive(), 10)
        while message.type == aiohttp.WSMsgType.BINARY:
            message = await asyncio.wait_for(socket.receive(), 10)
        assert json.loads(message.data) == ["pong", "1"]
        [session] = server.sessions
        environ = Path(f"/proc/{session.pid}/environ").read_bytes().split(b"\0")
        assert b"COLUMNS=400" in environ and b"ROWS=200" in environ
        await socket.close()


def test_the_app_environment_is_minimal_and_keeps_no_state(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "hunter2")
    env = child_environment(tmp_path, 80, 24, "1.1.3")
    assert "AWS_SECRET_ACCESS_KEY" not in env and "hunter2" not in "".join(env.values())
    assert env["MONGOLIA_TUI_STATE_DIR"] == "" and env["HOME"] == str(tmp_path)
    assert env["PYTHONDONTWRITEBYTECODE"] == "1"
    assert on_web(env)
    # Only the server's two settings together mean a web page; either alone does not.
    assert not on_web({WEB_ENV: "1"})
    assert not on_web({"TEXTUAL_DRIVER": env["TEXTUAL_DRIVER"]})
    assert not on_web({**env, WEB_ENV: "0"})


def test_the_app_starts_under_the_web_driver_with_pipes(tmp_path: Path) -> None:
    """It refused before ("the browser needs a terminal"): textual-serve gives it pipes."""
    env = child_environment(tmp_path, 80, 24, "1.1.3")
    app = subprocess.Popen(child_argv(None), env=env, cwd=tmp_path, stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    try:
        assert app.stdout is not None and app.stdin is not None
        assert app.stdout.readline() == b"__GANGLION__\n"  # the web driver's greeting
        quit_packet = json.dumps({"type": "quit"}).encode()
        app.stdin.write(b"M" + len(quit_packet).to_bytes(4, "big") + quit_packet)
        app.stdin.flush()
        assert app.wait(15) == 0
    finally:
        app.kill()
        app.wait()
    assert not list(tmp_path.iterdir())  # nothing written in its home


def test_without_the_server_the_browser_still_needs_a_terminal(tmp_path: Path) -> None:
    env = {**child_environment(tmp_path, 80, 24, "1.1.3"), WEB_ENV: ""}
    done = subprocess.run(child_argv(None), env=env, stdin=subprocess.PIPE,
                          capture_output=True, timeout=30)  # fmt: skip
    assert done.returncode == 2 and b"needs a terminal" in done.stderr


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--port", "70000"], "--port 70000: choose 0 to 65535"),
        (["--max-sessions", "0"], "--max-sessions 0: choose 1 to 1000"),
        (["--data", "/nonexistent/store.json"], "/nonexistent/store.json"),
    ],
)
def test_bad_options_are_one_line_errors(options: list[str], message: str) -> None:
    done = subprocess.run([sys.executable, "-m", "mongolia_tui", "web", *options],
                          capture_output=True, text=True, timeout=30,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})  # fmt: skip
    assert done.returncode == 2
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
async def test_no_app_outlives_its_server(how: signal.Signals) -> None:
    """SIGTERM: each tab is told and its app ended, at once. kill -9: Linux ends the apps."""
    with WebServerProcess() as web:
        assert web.process is not None
        async with client() as http:
            socket = await http.ws_connect(web.url.replace("/?", "/ws?"))
            await screen_bytes(socket, b"of 198")
            [app] = web.children()
            web.process.send_signal(how)
            web.process.wait(10)
            for _ in range(300):  # up to 15 s: a loaded machine is slow to end a process
                if not alive(app):
                    break
                await asyncio.sleep(0.05)
            assert not alive(app)
            if how == signal.SIGTERM:
                assert web.process.returncode == 0
                message = await asyncio.wait_for(socket.receive(), 5)
                while message.type == aiohttp.WSMsgType.BINARY:  # the app's last frames
                    message = await asyncio.wait_for(socket.receive(), 5)
                assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)


def test_the_web_modules_the_app_reads_import_no_server() -> None:
    """The CLI and the app read web.environment and web.options at start-up: no aiohttp."""
    for name in ("environment", "options", "__init__"):
        tree = ast.parse((ROOT / "mongolia_tui" / "web" / f"{name}.py").read_text("utf-8"))
        imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                    for alias in node.names}  # fmt: skip
        imported |= {node.module or "" for node in ast.walk(tree)
                     if isinstance(node, ast.ImportFrom)}  # fmt: skip
        third_party = {m.split(".")[0] for m in imported} - {"__future__", "mongolia_tui"}
        assert third_party <= set(sys.stdlib_module_names), (name, third_party)


async def test_a_tab_without_a_key_is_closed_after_the_idle_timeout() -> None:
    async with serving(Settings("127.0.0.1", 0, 1, None, 1.5)) as server, client() as http:
        socket = await http.ws_connect(server.url.replace("/?", "/ws?"))
        await screen_bytes(socket, b"of 198")
        [session] = server.sessions
        await socket.send_str(json.dumps(["stdin", "j"]))  # a key: the clock starts again
        text = await screen_bytes(socket, b"without a key")
        assert b"Closed after 1.5 seconds without a key" in text
        for _ in range(100):
            if not server.sessions and session.pid and not alive(session.pid):
                break
            await asyncio.sleep(0.05)
        assert not server.sessions and session.pid and not alive(session.pid)
