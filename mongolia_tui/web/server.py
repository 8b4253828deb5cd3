"""The web server: textual-serve's protocol behind a token, a session limit and a fixed page.

Routes (all behind :class:`~mongolia_tui.web.guard.Guard`): ``/`` the page (or a "busy" page
when every session is taken), ``/ws`` one tab's session, ``/download/{key}`` an export the app
delivers (textual-serve's handler), ``/static/{name}`` a fixed list of files (no listing). The
page loads nothing from the internet: textual-serve's script and styles, its bundled Roboto
Mono font, and this package's own small script and styles.
"""

from __future__ import annotations

import asyncio
import html
import json
import logging
import shutil
import socket
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from string import Template

import textual_serve
from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.server import Server

from mongolia_tui.web.environment import child_argv
from mongolia_tui.web.guard import SECURITY_HEADERS, Guard, content_policy, new_token
from mongolia_tui.web.session import Session

log = logging.getLogger("mongolia_tui.web")

TITLE = "Mongolia's foreign relations"
#: Limits on what a tab sends: one message, and the terminal size it may ask for.
MAX_MESSAGE = 64 * 1024
MAX_COLUMNS, MAX_ROWS = 400, 200
HERE = Path(str(files("mongolia_tui.web")))
SERVE_STATIC = Path(textual_serve.__file__).resolve().parent / "static"
#: Every file the page may load, by its name under /static/: nothing else is served.
STATIC_FILES: Mapping[str, Path] = {
    "js/textual.js": SERVE_STATIC / "js" / "textual.js",
    "css/xterm.css": SERVE_STATIC / "css" / "xterm.css",
    "fonts/RobotoMono.ttf": SERVE_STATIC / "fonts" / "RobotoMono-VariableFont_wght.ttf",
    "page.js": HERE / "static" / "page.js",
    "page.css": HERE / "static" / "page.css",
}


@dataclass(frozen=True)
class Settings:
    """What ``mongolia-tui web`` was asked for, checked."""

    host: str
    port: int
    max_sessions: int
    data: str | None  # an absolute path, or None for the shipped store
    #: A tab that sends nothing (no key, no resize) for this long is closed: a forgotten tab
    #: must not hold one of the few sessions for ever.
    idle_timeout: float = 900.0


def _page(name: str, **values: object) -> str:
    template = Template((HERE / "templates" / name).read_text("utf-8"))
    return template.substitute({key: html.escape(str(v)) for key, v in values.items()})


def _size(value: object, default: int, most: int) -> int:
    """A terminal dimension a tab asked for, within 1..most."""
    if isinstance(value, str):
        value = int(value) if value.isdigit() else default
    if not isinstance(value, int) or isinstance(value, bool):
        return default
    return max(1, min(value, most))


class WebServer(Server):
    """The server; :meth:`run` serves until :meth:`stop` (or SIGINT/SIGTERM)."""

    def __init__(self, settings: Settings, token: str | None = None) -> None:
        super().__init__(
            "mongolia-tui", host=settings.host, port=settings.port, title=TITLE,
            statics_path=SERVE_STATIC, templates_path=HERE / "templates",
        )  # fmt: skip
        self.settings = settings
        self.token = token or new_token()
        self.guard = Guard(self.token, f"mongolia_tui_{settings.port}")
        self.sessions: set[Session] = set()
        self.sockets: set[web.WebSocketResponse] = set()
        self.argv = child_argv(settings.data)
        self.home: Path | None = None
        self.url = ""
        self._stopped = asyncio.Event()

    # -- the routes -------------------------------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.guard.middleware], client_max_size=MAX_MESSAGE)
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.get("/static/{name:.+}", self.handle_static, name="static"),
        ])  # fmt: skip
        app.on_response_prepare.append(self._headers)
        return app

    async def _headers(self, request: web.Request, response: web.StreamResponse) -> None:
        # Also for answers prepared inside a handler (downloads, the websocket).
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        response.headers.setdefault("Content-Security-Policy", content_policy(request.host))

    @property
    def full(self) -> bool:
        """Whether every session is taken."""
        return len(self.sessions) >= self.settings.max_sessions

    async def handle_index(self, request: web.Request) -> web.Response:
        """The page, or the busy page (503) when every session is taken."""
        if self.full:
            text = _page("busy.html", title=TITLE, sessions=self.settings.max_sessions)
            return web.Response(status=503, text=text, content_type="text/html")
        font = _size(request.query.get("fontsize", "16"), 16, 40)
        text = _page("page.html", title=TITLE, font_size=max(font, 8))
        return web.Response(text=text, content_type="text/html")

    async def handle_static(self, request: web.Request) -> web.StreamResponse:
        """One of :data:`STATIC_FILES`, or 404."""
        path = STATIC_FILES.get(request.match_info["name"])
        if path is None:
            raise web.HTTPNotFound()
        return web.FileResponse(path)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One tab: its app process lives as long as the websocket."""
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE)
        await websocket.prepare(request)
        if self.full or self.home is None:
            busy = f"\r\n  This server is busy: all {self.settings.max_sessions} sessions are "
            await websocket.send_bytes((busy + "in use. Try again later.\r\n").encode())
            await websocket.close()
            return websocket

        async def close() -> None:
            await websocket.close()

        session = Session(
            self.argv, self.home, write_bytes=websocket.send_bytes,
            write_str=websocket.send_str, close=close,
            download_manager=self.download_manager,
        )  # fmt: skip
        self.sessions.add(session)  # before any await: two tabs cannot take one last slot
        self.sockets.add(websocket)
        try:
            width = _size(request.query.get("width"), 80, MAX_COLUMNS)
            height = _size(request.query.get("height"), 24, MAX_ROWS)
            await session.start(width, height)
            log.info("session %s started for %s", session.pid, request.remote)
            await self._relay(websocket, session)
        except Exception as error:  # one tab's failure is logged, never the server's end
            log.warning("session %s failed: %s", session.pid, error)
        finally:
            try:
                await session.stop()
                await websocket.close()
            finally:
                self.sessions.discard(session)
                self.sockets.discard(websocket)
                log.info("session %s ended", session.pid)
        return websocket

    async def _relay(self, websocket: web.WebSocketResponse, session: Session) -> None:
        """The tab's messages to the app, each checked: anything unexpected is ignored."""
        while True:
            try:
                message = await websocket.receive(timeout=self.settings.idle_timeout)
            except TimeoutError:
                idle = self.settings.idle_timeout
                after = f"{idle / 60:g} minutes" if idle >= 60 else f"{idle:g} seconds"
                await websocket.send_bytes(f"\r\n  Closed after {after} without a key.\r\n"
                                           .encode())  # fmt: skip
                return
            if message.type in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED,
                                WSMsgType.ERROR):  # fmt: skip
                return
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
            except ValueError:
                break
            if not isinstance(envelope, list) or not envelope:
                continue
            kind, data = envelope[0], (envelope[1] if len(envelope) > 1 else None)
            if kind == "stdin" and isinstance(data, str):
                await session.send_bytes(data.encode("utf-8", "replace"))
            elif kind == "resize" and isinstance(data, dict):
                width = _size(data.get("width"), 80, MAX_COLUMNS)
                height = _size(data.get("height"), 24, MAX_ROWS)
                await session.set_terminal_size(width, height)
            elif kind == "ping" and isinstance(data, str) and len(data) <= 32:
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await session.blur()
            elif kind == "focus":
                await session.focus()

    # -- running ----------------------------------------------------------------------------

    async def on_startup(self, app: web.Application) -> None:
        """Nothing printed here: :meth:`run` prints the URL once the port is known."""

    async def run(self, ready: asyncio.Event | None = None) -> None:
        """Listen, print the URL with its token, serve until stopped, then end every session."""
        self.home = Path(tempfile.mkdtemp(prefix="mongolia-tui-web-"))
        runner = web.AppRunner(await self._make_app(), handle_signals=False, access_log=None)
        try:
            await runner.setup()
            site = web.TCPSite(runner, self.settings.host, self.settings.port)
            await site.start()
            port = runner.addresses[0][1]
            self.guard.cookie = f"mongolia_tui_{port}"
            self.url = f"http://{self._shown_host()}:{port}/?token={self.token}"
            print(f"Serving {TITLE} on {self.url}", flush=True)
            print(f"At most {self.settings.max_sessions} tabs at once; Ctrl+C stops.", flush=True)
            if ready is not None:
                ready.set()
            await self._stopped.wait()
        finally:
            # Each tab is told the server is going (its page says the session ended), which
            # ends its app; then the server stops, and any app left is ended too.
            await asyncio.gather(*(socket.close(code=WSCloseCode.GOING_AWAY)
                                   for socket in list(self.sockets)))  # fmt: skip
            await runner.cleanup()
            await asyncio.gather(*(s.stop() for s in list(self.sessions)))
            shutil.rmtree(self.home, ignore_errors=True)

    def stop(self) -> None:
        """Stop serving (from the server's event loop)."""
        self._stopped.set()

    def _shown_host(self) -> str:
        host = self.settings.host
        if host in ("", "0.0.0.0", "::"):
            host = socket.gethostname()
        return f"[{host}]" if ":" in host else host
