"""A small Chrome DevTools Protocol client on aiohttp: headless Chromium, driven like a visitor.

Used by the web tests, ``scripts/screenshots.py --web`` and ``benchmarks/web_load.py``::

    async with Chromium() as browser:
        tab = await browser.new_tab(url)
        await tab.wait_for_text("of 198")
        await tab.type("/1992")

The terminal's text is read from xterm.js's own buffer (the page draws on a canvas, so the
DOM has no text): a script added before the page's own ones notes the Terminal object when
textual-serve's script stores it (``this.terminal = new Terminal(...)``).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--mute-audio",
    "--remote-debugging-port=0",
)

#: Notes the page's xterm.js Terminal as ``window.__xterm`` (textual-serve keeps it private).
FIND_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal", {value, writable: true, configurable: true,
                                             enumerable: true});
    if (value && value.buffer && !window.__xterm) { window.__xterm = value; }
  },
});
"""
#: The terminal's visible lines, joined by newlines ("" before the terminal exists).
READ_TERMINAL = """
(() => {
  const t = window.__xterm;
  if (!t) { return ""; }
  const buffer = t.buffer.active, lines = [];
  for (let i = 0; i < t.rows; i++) {
    const line = buffer.getLine(buffer.viewportY + i);
    lines.push(line ? line.translateToString(true) : "");
  }
  return lines.join("\\n");
})()
"""
#: Keys by name for :meth:`Tab.key`: (key, code, Windows key code, text typed).
KEYS = {
    "enter": ("Enter", "Enter", 13, "\r"),
    "escape": ("Escape", "Escape", 27, ""),
    "tab": ("Tab", "Tab", 9, "\t"),
    "down": ("ArrowDown", "ArrowDown", 40, ""),
    "up": ("ArrowUp", "ArrowUp", 38, ""),
}


class CDPError(Exception):
    """An error answered by the browser, or a wait that ran out."""


class Chromium:
    """A headless Chromium with its own profile, and one DevTools connection to it."""

    def __init__(self, *, width: int = 1200, height: int = 800, timeout: float = 30.0) -> None:
        self.width, self.height, self.timeout = width, height, timeout
        self.profile = Path(tempfile.mkdtemp(prefix="mongolia-tui-chromium-"))
        self.process: subprocess.Popen[bytes] | None = None
        self._http: aiohttp.ClientSession | None = None
        self._socket: aiohttp.ClientWebSocketResponse | None = None
        self._ids = itertools.count(1)
        self._pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._listeners: list[Callable[[dict[str, Any]], None]] = []
        self._reader: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Chromium:
        self.process = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={self.profile}",
             f"--window-size={self.width},{self.height}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        port_file = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + self.timeout
        while not port_file.exists() or len(port_file.read_text().split()) < 2:
            if self.process.poll() is not None or time.monotonic() > deadline:
                await self.__aexit__()
                raise CDPError(f"{CHROMIUM} did not start (exit {self.process.returncode})")
            await asyncio.sleep(0.05)
        port, path = port_file.read_text().split()[:2]
        self._http = aiohttp.ClientSession()
        self._socket = await self._http.ws_connect(f"ws://127.0.0.1:{port}{path}", max_msg_size=0)
        self._reader = asyncio.create_task(self._read())
        return self

    async def __aexit__(self, *_: object) -> None:
        if self._socket is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.send("Browser.close"), 5)
            await self._socket.close()
        if self._reader is not None:
            self._reader.cancel()
        if self._http is not None:
            await self._http.close()
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
        if self.process is not None:
            self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)

    async def _read(self) -> None:
        assert self._socket is not None
        async for message in self._socket:
            if message.type != aiohttp.WSMsgType.TEXT:
                continue
            data = json.loads(message.data)
            future = self._pending.pop(data.get("id", -1), None)
            if future is not None and not future.done():
                if "error" in data:
                    future.set_exception(CDPError(str(data["error"])))
                else:
                    future.set_result(data.get("result", {}))
            elif "method" in data:
                for listener in list(self._listeners):
                    listener(data)
        for future in self._pending.values():
            if not future.done():
                future.set_exception(CDPError("the browser closed the connection"))

    async def send(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> dict[str, Any]:
        """One command; its result (or :class:`CDPError`)."""
        assert self._socket is not None
        number = next(self._ids)
        message: dict[str, Any] = {"id": number, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        future = asyncio.get_running_loop().create_future()
        self._pending[number] = future
        await self._socket.send_str(json.dumps(message))
        return await asyncio.wait_for(future, self.timeout)

    def listen(self, listener: Callable[[dict[str, Any]], None]) -> None:
        """Call ``listener`` with every event the browser sends."""
        self._listeners.append(listener)

    async def downloads_to(self, folder: Path) -> None:
        """Save every download into ``folder``, under its own name."""
        await self.send("Browser.setDownloadBehavior",
                        {"behavior": "allow", "downloadPath": str(folder)})  # fmt: skip

    async def new_tab(self, url: str | None = None) -> Tab:
        """A new tab, with the terminal finder installed; it opens ``url`` if given."""
        target = await self.send("Target.createTarget", {"url": "about:blank"})
        attached = await self.send(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}
        )
        tab = Tab(self, target["targetId"], attached["sessionId"])
        await tab.send("Page.enable")
        await tab.send("Runtime.enable")
        await tab.send("Page.addScriptToEvaluateOnNewDocument", {"source": FIND_TERMINAL})
        await tab.send("Emulation.setDeviceMetricsOverride", {
            "width": self.width, "height": self.height, "deviceScaleFactor": 1, "mobile": False,
        })  # fmt: skip
        if url is not None:
            await tab.open(url)
        return tab


class Tab:
    """One page of the browser."""

    def __init__(self, browser: Chromium, target: str, session: str) -> None:
        self.browser, self.target, self.session = browser, target, session
        self.console: list[str] = []
        self.failed_requests: list[str] = []
        self.requests: list[str] = []
        browser.listen(self._on_event)

    def _on_event(self, event: dict[str, Any]) -> None:
        if event.get("sessionId") != self.session:
            return
        params = event.get("params", {})
        if event["method"] == "Runtime.consoleAPICalled":
            self.console.append(" ".join(str(a.get("value", "")) for a in params["args"]))
        elif event["method"] == "Runtime.exceptionThrown":
            self.console.append("exception: " + str(params["exceptionDetails"].get("text")))
        elif event["method"] == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        elif event["method"] == "Network.loadingFailed":
            self.failed_requests.append(f"{params.get('errorText')} {params.get('requestId')}")

    async def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """One command to this page."""
        return await self.browser.send(method, params, self.session)

    async def record_requests(self) -> None:
        """Note every URL this page requests (in :attr:`requests`)."""
        await self.send("Network.enable")

    async def open(self, url: str) -> None:
        """Go to ``url`` and wait for its load event."""
        loaded = asyncio.get_running_loop().create_future()

        def on_load(event: dict[str, Any]) -> None:
            if event.get("sessionId") == self.session and event["method"] == (
                "Page.loadEventFired"
            ) and not loaded.done():  # fmt: skip
                loaded.set_result(None)

        self.browser.listen(on_load)
        try:
            await self.send("Page.navigate", {"url": url})
            await asyncio.wait_for(loaded, self.browser.timeout)
        finally:
            self.browser._listeners.remove(on_load)

    async def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        answer = await self.send("Runtime.evaluate", {
            "expression": expression, "returnByValue": True, "awaitPromise": True,
        })  # fmt: skip
        if "exceptionDetails" in answer:
            raise CDPError(str(answer["exceptionDetails"]))
        return answer["result"].get("value")

    async def text(self) -> str:
        """The terminal's visible text."""
        return str(await self.evaluate(READ_TERMINAL) or "")

    async def body_text(self) -> str:
        """The page's own text (outside the terminal)."""
        return str(await self.evaluate("document.body ? document.body.innerText : ''"))

    async def wait_for_text(self, needle: str, timeout: float | None = None) -> str:
        """Poll the terminal until ``needle`` is on it; the whole text then."""
        deadline = time.monotonic() + (timeout or self.browser.timeout)
        while True:
            text = await self.text()
            if needle in text:
                return text
            if time.monotonic() > deadline:
                raise CDPError(f"{needle!r} never appeared; the terminal shows:\n{text}")
            await asyncio.sleep(0.02)

    async def focus(self) -> None:
        """Give the terminal the keyboard (as a click on it would)."""
        await self.evaluate("window.__xterm && window.__xterm.focus()")

    async def type(self, text: str) -> None:
        """Type ``text`` into the terminal, as one burst."""
        await self.focus()
        await self.send("Input.insertText", {"text": text})

    async def key(self, name: str) -> None:
        """Press a key by name (see :data:`KEYS`) or a printable character."""
        await self.focus()
        key, code, number, text = KEYS.get(name, (name, "", ord(name.upper()[0]), name))
        down: dict[str, Any] = {"type": "keyDown", "key": key, "code": code,
                                "windowsVirtualKeyCode": number, "text": text}  # fmt: skip
        if not text:
            down["type"] = "rawKeyDown"
            down.pop("text")
        await self.send("Input.dispatchKeyEvent", down)
        await self.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": key, "code": code,
                                                   "windowsVirtualKeyCode": number})  # fmt: skip

    async def click(self, row: int, column: int) -> None:
        """A left click on a cell of the terminal (0-based)."""
        x, y = await self.evaluate(f"""(() => {{
          const box = document.querySelector(".xterm-screen").getBoundingClientRect();
          const t = window.__xterm;
          return [box.left + ({column} + 0.5) * box.width / t.cols,
                  box.top + ({row} + 0.5) * box.height / t.rows];
        }})()""")
        where = {"x": x, "y": y}
        await self.send("Input.dispatchMouseEvent", {"type": "mouseMoved", **where})
        for kind in ("mousePressed", "mouseReleased"):
            await self.send("Input.dispatchMouseEvent",
                            {"type": kind, "button": "left", "clickCount": 1, **where})  # fmt: skip

    async def screenshot(self, path: Path) -> Path:
        """A PNG of the page."""
        shot = await self.send("Page.captureScreenshot", {"format": "png"})
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    async def close(self) -> None:
        """Close the tab (its websocket closes with it)."""
        await self.browser.send("Target.closeTarget", {"targetId": self.target})


class WebServer:
    """``mongolia-tui web`` in its own process on a free port; :attr:`url` has the token."""

    def __init__(
        self,
        *options: str,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
        timeout: float = 30.0,
    ) -> None:
        self.command = [sys.executable, "-m", "mongolia_tui", "web", "--port", "0", *options]
        self.env, self.cwd, self.timeout = env, cwd, timeout
        self.process: subprocess.Popen[str] | None = None
        self.url = ""

    @property
    def base(self) -> str:
        """The server's address, without the token."""
        return self.url.split("/?token=")[0]

    def __enter__(self) -> WebServer:
        self.process = subprocess.Popen(
            self.command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env=self.env, cwd=self.cwd, start_new_session=True,
        )  # fmt: skip
        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], self.timeout)
        line = self.process.stdout.readline() if ready else ""
        found = re.search(r"http://\S+\?token=\S+", line)
        if found is None:
            self.__exit__()
            raise CDPError(f"the server did not start: {line!r}")
        self.url = found.group(0)
        return self

    def children(self) -> list[int]:
        """The ids of the server's child processes (one app per open tab)."""
        assert self.process is not None
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError):
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == self.process.pid:
                    found.append(int(stat.parent.name))
        return found

    def __exit__(self, *_: object) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()
