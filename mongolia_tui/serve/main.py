"""The entry point of ``mongolia-tui serve``: settings, logging, signals, run until stopped."""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import signal
import sys
from collections.abc import Callable

import asyncssh

from mongolia_tui.sanitize import safe_line
from mongolia_tui.serve.errors import ServeError
from mongolia_tui.serve.events import event, set_format
from mongolia_tui.serve.limits import EXIT_ERROR, PROG
from mongolia_tui.serve.server import Server
from mongolia_tui.serve.settings import Settings, settings_from_args

log = logging.getLogger("mongolia_tui.serve")


def setup_logging(log_format: str = "text") -> None:
    """The server's log: one line per event on stderr, with the time (see :mod:`.events`)."""
    set_format(log_format)
    handler = logging.StreamHandler(sys.stderr)
    if log_format == "json":  # the time is a field of each object
        handler.setFormatter(logging.Formatter("%(message)s"))
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%dT%H:%M:%S"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    # asyncssh logs every packet exchange at INFO; only its warnings belong in our log.
    asyncssh.set_log_level(logging.WARNING)


async def serve(
    settings: Settings,
    parser: argparse.ArgumentParser,
    ready: Callable[[Server], None] | None = None,
) -> None:
    """Run the server until SIGTERM, SIGINT or SIGHUP, then stop it cleanly."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        loop.add_signal_handler(signum, stop.set)
    server = Server(settings, parser)
    await server.start()
    if ready is not None:
        ready(server)
    await stop.wait()
    event("stopping", f"stopping: {len(server.sessions)} sessions open",
          sessions=len(server.sessions))  # fmt: skip
    await server.stop()


def serve_command(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """``mongolia-tui serve``: check everything, then serve until told to stop.

    ``parser`` is the CLI's: it judges what visitors ask for (the CLI passes it in, so this
    package never imports the CLI).
    """
    gc.enable()  # the CLI pauses the collector for quick commands; a server runs for days
    setup_logging(getattr(args, "log_format", "text"))
    try:
        settings = settings_from_args(args)
        asyncio.run(serve(settings, parser))
    except ServeError as error:
        # Paths and addresses come from the command line: no escape sequence reaches a terminal.
        print(f"{PROG}: error: {safe_line(str(error))}", file=sys.stderr)
        return EXIT_ERROR
    return 0
