"""``mongolia-tui web``: check the options and the store, then serve until told to stop."""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import signal
import sys
from pathlib import Path

from mongolia_tui.sanitize import safe_line
from mongolia_tui.store import StoreError, default_store_path, load_store
from mongolia_tui.web.server import Settings, WebServer

PROG = "mongolia-tui"
EXIT_ERROR = 2


class WebError(Exception):
    """A problem with the options or the store: one line for the user."""


def settings_from_args(args: argparse.Namespace) -> Settings:
    """The checked settings, or :class:`WebError`."""
    if not 0 <= args.web_port <= 65535:
        raise WebError(f"--port {args.web_port}: choose 0 to 65535")
    if not 1 <= args.web_max_sessions <= 1000:
        raise WebError(f"--max-sessions {args.web_max_sessions}: choose 1 to 1000")
    data = args.web_data or getattr(args, "data", None)
    store = str(Path(data).resolve()) if data else None
    try:
        load_store(store or default_store_path())  # refuse a bad store now, not in every tab
    except StoreError as error:
        raise WebError(str(error)) from None
    return Settings(args.web_host, args.web_port, args.web_max_sessions, store)


async def _serve(settings: Settings) -> None:
    server = WebServer(settings)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        loop.add_signal_handler(sig, server.stop)
    try:
        await server.run()
    except OSError as error:
        where = f"{settings.host}:{settings.port}"
        raise WebError(f"cannot listen on {where}: {error.strerror or error}") from None


def web_command(args: argparse.Namespace) -> int:
    """Serve the browser in web pages until SIGINT/SIGTERM; 2 with a one-line error."""
    gc.enable()  # the CLI pauses the collector for quick commands; a server runs for days
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s",
                        stream=sys.stderr)  # fmt: skip
    logging.getLogger("aiohttp").setLevel(logging.WARNING)
    try:
        asyncio.run(_serve(settings_from_args(args)))
    except WebError as error:
        print(f"{PROG}: error: {safe_line(str(error))}", file=sys.stderr)
        return EXIT_ERROR
    return 0
