"""One browser tab's app process, as textual-serve runs it, with the server's own limits.

textual-serve's :class:`~textual_serve.app_service.AppService` speaks the packet protocol with
the app (keys in; screen, links and downloads out). Three of its habits do not fit a server for
strangers, and are replaced here: it starts the app through a shell, hands it the server's whole
environment, and waits forever for an app that does not quit. Here the app is started directly,
in a private empty folder, with :func:`~mongolia_tui.web.environment.child_environment`, in its
own process group, and ended for sure when the tab closes.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from asyncio.subprocess import PIPE, Process
from collections.abc import Awaitable, Callable
from importlib.metadata import version
from pathlib import Path

from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from mongolia_tui.web.environment import child_environment

#: Seconds an app has to quit after its tab closed before it is killed.
STOP_GRACE = 3.0
SERVE_VERSION = version("textual-serve")


class Session(AppService):
    """The app process of one tab."""

    def __init__(
        self,
        argv: list[str],
        home: Path,
        *,
        write_bytes: Callable[[bytes], Awaitable[None]],
        write_str: Callable[[str], Awaitable[None]],
        close: Callable[[], Awaitable[None]],
        download_manager: DownloadManager,
    ) -> None:
        super().__init__(
            argv[0],
            write_bytes=write_bytes,
            write_str=write_str,
            close=close,
            download_manager=download_manager,
        )
        self.argv = argv
        self.home = home

    @property
    def pid(self) -> int | None:
        """The app process's id, once started."""
        return None if self._process is None else self._process.pid

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        return child_environment(self.home, width, height, SERVE_VERSION)

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        # No shell (nothing is parsed), its own process group (it and anything it starts end
        # together), the private folder as its working directory.
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=PIPE,
            stdout=PIPE,
            stderr=PIPE,
            env=self._build_environment(width, height),
            cwd=self.home,
            start_new_session=True,
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def stop(self) -> None:
        """Ask the app to quit; kill it if it has not within :data:`STOP_GRACE` seconds."""
        try:
            await asyncio.wait_for(super().stop(), STOP_GRACE)
        except (TimeoutError, OSError, RuntimeError):
            pass
        finally:
            await self._end_process()

    async def _end_process(self) -> None:
        process = self._process
        if process is None:
            return
        if process.returncode is None:
            try:
                await asyncio.wait_for(process.wait(), STOP_GRACE)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(process.pid, signal.SIGKILL)
                await process.wait()  # reaped: no zombie is left either
