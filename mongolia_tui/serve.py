"""``mongolia-tui serve``: host the browser for a team over SSH (asyncssh), nothing to install.

Each interactive visitor (an SSH client that asked for a terminal) gets their own browser: a
child process ``python -m mongolia_tui --data STORE`` on its own pseudo-terminal, sized to the
client's window and following its resizes, bytes relayed as bytes. A visitor without a terminal
may run the read-only subcommands (``ssh host list --format csv``), checked by
:mod:`mongolia_tui.serve_request`; nothing else runs: no shell, no other program, no file a
visitor names, no forwarding of any kind, no SFTP or scp.

The server is one asyncio process. Relays are event-driven (:mod:`mongolia_tui.serve_child`) and
the only timers are one idle deadline per session and SSH keepalives, so idle visitors cost it
no CPU. Connections are limited per address and in all, sessions in all; each connection is
logged once when it is authenticated and once when it ends.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import gc
import logging
import os
import re
import shlex
import signal
import stat
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import asyncssh

import mongolia_tui
from mongolia_tui.sanitize import safe_line
from mongolia_tui.serve_child import KILL_GRACE, Child, Process, Reaper, spawn_on_terminal
from mongolia_tui.serve_launch import Launcher
from mongolia_tui.serve_request import Refused, Request, parse_request, usage

PROG = "mongolia-tui"
EXIT_ERROR = 2
#: A command (``ssh host list``) may run this long and print this much.
COMMAND_TIMEOUT = 60.0
COMMAND_OUTPUT_LIMIT = 64 * 1024 * 1024
#: Session channels one connection may hold at once (OpenSSH multiplexing opens several).
CHANNELS_PER_CONNECTION = 4
#: Connections, authenticated or not, beyond the session limit (logins in progress, commands).
SPARE_CONNECTIONS = 20
LOGIN_TIMEOUT = 30
#: An authenticated connection with no session open is closed after this long (``ssh -N``).
NO_SESSION_TIMEOUT = 30.0
AUTH_FAILURES = 6
#: Refused connections waiting to be told why, at most; more are dropped without a word.
REFUSALS_UNDER_WAY = 50
KEEPALIVE_INTERVAL = 60
RATE_WINDOW = 60.0
MAX_COLUMNS, MAX_ROWS = 1000, 500

#: What a terminal needs after a browser was stopped from outside (idle, shutdown): the
#: program had no chance to restore the visitor's terminal, so the server does it.
RESET_TERMINAL = (
    b"\x1b[0m\x1b[?2026l\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l"
    b"\x1b[?1004l\x1b[?2004l\x1b[<u\x1b[?1049l\x1b[?25h"
)

_TERM = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,63}")
_PASSED_ENV = ("COLORTERM", "NO_COLOR")

log = logging.getLogger("mongolia_tui.serve")


class ServeError(Exception):
    """The server cannot start; the message is one line."""


# -- files and keys ----------------------------------------------------------------------------


def default_state_dir() -> Path:
    """``$XDG_STATE_HOME/mongolia-tui``, or ``~/.local/state/mongolia-tui``."""
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(
        os.path.expanduser("~"), ".local", "state"
    )
    return Path(base) / "mongolia-tui"


def _mode(st: os.stat_result) -> str:
    return f"{stat.S_IMODE(st.st_mode):04o}"


def private_dir(path: Path) -> Path:
    """Create ``path`` (mode 0700) if missing; refuse one not owned by us or writable by others."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = path.stat()
    except OSError as error:
        raise ServeError(f"{path}: cannot create the state directory: {error.strerror}") from None
    if not stat.S_ISDIR(st.st_mode):
        raise ServeError(f"{path}: not a directory")
    if st.st_uid != os.getuid():
        raise ServeError(f"{path}: owned by another user (uid {st.st_uid})")
    if st.st_mode & 0o022:
        raise ServeError(f"{path}: writable by others (mode {_mode(st)}); chmod 700 {path}")
    return path


def _check_secret(path: Path) -> None:
    try:
        st = path.stat()
    except OSError as error:
        raise ServeError(f"{path}: cannot read the host key: {error.strerror}") from None
    if not stat.S_ISREG(st.st_mode):
        raise ServeError(f"{path}: the host key is not a regular file")
    if st.st_uid != os.getuid():
        raise ServeError(f"{path}: the host key is owned by another user (uid {st.st_uid})")
    if st.st_mode & 0o077:
        raise ServeError(
            f"{path}: the host key's permissions {_mode(st)} are too open; chmod 600 {path}"
        )


def host_key(path: Path | None, state: Path) -> tuple[asyncssh.SSHKey, Path, bool]:
    """The server's private key: ``path``, or one made once and kept in the state directory.

    Returns the key, its path and whether it was just made.
    """
    created = False
    if path is None:
        path = state / "ssh_host_ed25519_key"
        if not path.exists():
            key = asyncssh.generate_private_key("ssh-ed25519", comment="mongolia-tui host key")
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
                with os.fdopen(fd, "wb") as out:
                    out.write(key.export_private_key())
            except OSError as error:
                raise ServeError(f"{path}: cannot write the host key: {error.strerror}") from None
            created = True
    _check_secret(path)
    try:
        return asyncssh.read_private_key(path), path, created
    except (OSError, ValueError, asyncssh.KeyImportError) as error:
        raise ServeError(f"{path}: not a usable private key ({safe_line(str(error))})") from None


class AuthorizedKeys:
    """The keys allowed in, read again whenever the file changes (as sshd reads it per login)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._identity: tuple[int, int, int] | None = None
        self.keys = self._load()
        self.count = self._count

    def _load(self) -> asyncssh.SSHAuthorizedKeys:
        path = self.path
        try:
            st = path.stat()
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeError) as error:
            reason = getattr(error, "strerror", None) or "not UTF-8 text"
            raise ServeError(f"{path}: cannot read the authorized keys: {reason}") from None
        if not stat.S_ISREG(st.st_mode):
            raise ServeError(f"{path}: the authorized keys are not a regular file")
        if st.st_uid not in (os.getuid(), 0) or st.st_mode & 0o022:
            raise ServeError(
                f"{path}: the authorized keys may be changed by others "
                f"(owner uid {st.st_uid}, mode {_mode(st)}); chmod 600 {path}"
            )
        try:
            keys = asyncssh.import_authorized_keys(text)
        except (ValueError, asyncssh.KeyImportError) as error:
            raise ServeError(f"{path}: bad authorized keys: {safe_line(str(error))}") from None
        self._identity = (st.st_ino, st.st_size, st.st_mtime_ns)
        lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
        self._count = len(lines)
        return keys

    def refresh(self) -> None:
        """Reload if the file changed; a broken edit keeps the keys already loaded."""
        try:
            st = self.path.stat()
        except OSError:
            return
        if (st.st_ino, st.st_size, st.st_mtime_ns) == self._identity:
            return
        try:
            self.keys = self._load()
            self.count = self._count
            log.info("reloaded %s (%d keys)", self.path, self.count)
        except ServeError as error:
            log.warning("kept the previous authorized keys: %s", error)


# -- settings ----------------------------------------------------------------------------------


@dataclass
class Settings:
    """Everything the server needs, checked before it starts listening."""

    host: str
    port: int
    store: Path
    state: Path
    key: asyncssh.SSHKey
    key_path: Path
    key_created: bool
    authorized: AuthorizedKeys | None
    max_sessions: int
    idle_timeout: float
    rate_limit: int


def settings_from_args(args: argparse.Namespace) -> Settings:
    """Check the options, the store, the state directory and the keys; raise ServeError."""
    if not args.authorized_keys and not args.allow_anonymous:
        raise ServeError(
            "serve needs --authorized-keys PATH (who may connect) or an explicit "
            "--allow-anonymous (anyone who reaches the port)"
        )
    if not 0 <= args.port <= 65535:
        raise ServeError(f"--port {args.port}: not a port number")
    if args.max_sessions < 1:
        raise ServeError("--max-sessions must be at least 1")
    if args.idle_timeout < 0:
        raise ServeError("--idle-timeout cannot be negative")
    if args.rate_limit < 1:
        raise ServeError("--rate-limit must be at least 1")
    from mongolia_tui.store import default_store_path

    data = getattr(args, "serve_data", None) or getattr(args, "data", None)
    store = Path(data).resolve() if data else default_store_path()
    authorized = AuthorizedKeys(Path(args.authorized_keys)) if args.authorized_keys else None
    state = private_dir(default_state_dir())
    private_dir(state / "home")
    _check_store(store, state)
    # Last: a new host key is made only once everything else is known to be right.
    key, key_path, created = host_key(Path(args.host_key) if args.host_key else None, state)
    return Settings(
        host=args.host,
        port=args.port,
        store=store,
        state=state,
        key=key,
        key_path=key_path,
        key_created=created,
        authorized=authorized,
        max_sessions=args.max_sessions,
        idle_timeout=args.idle_timeout,
        rate_limit=args.rate_limit,
    )


def _check_store(store: Path, state: Path) -> None:
    """Refuse to serve a store the browser would refuse (checked in a child, like sessions)."""
    import subprocess

    done = subprocess.run(
        [*child_command(store), "check-data"],
        env=child_environment(state),
        cwd=state / "home",
        capture_output=True,
        text=True,
        errors="replace",
        timeout=120,
    )
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or [f"exit status {done.returncode}"]
        last = lines[-1].removeprefix(f"{PROG}: error: ")
        raise ServeError(f"cannot serve {store}: {safe_line(last)}")


def child_command(store: Path) -> list[str]:
    """The browser or CLI, run by the same Python as the server, on the served store."""
    return [sys.executable, "-m", "mongolia_tui", "--data", str(store)]


def child_environment(
    state: Path,
    term: str = "dumb",
    extra: dict[str, str] | None = None,
) -> dict[str, str]:
    """A minimal environment: nothing of the host user's, a private HOME, UTF-8."""
    home = state / "home"
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "LANG": "C.UTF-8",
        "TERM": term,
        # The child runs this very package, even from a source checkout that is not installed.
        "PYTHONPATH": str(Path(mongolia_tui.__file__).resolve().parent.parent),
    }
    env.update(extra or {})
    return env


def _address(addr: str, port: int) -> str:
    return f"[{addr}]:{port}" if ":" in addr else f"{addr}:{port}"


# -- the server --------------------------------------------------------------------------------


class Server:
    """The listening server: connections, sessions, limits and shutdown."""

    def __init__(self, settings: Settings) -> None:
        from mongolia_tui.cli import build_parser

        self.settings = settings
        self.parser = build_parser()
        self.connections: set[Connection] = set()
        self.sessions: set[Session] = set()  # sessions running a child
        self.attempts: dict[str, collections.deque[float]] = {}
        self.reaper: Reaper | None = None
        self.launcher: Launcher | None = None
        self.acceptor: asyncssh.SSHAcceptor | None = None
        self.port = settings.port
        self.stopping = False
        self.refusing = 0  # refused connections waiting to be told why

    async def start(self) -> None:
        s = self.settings
        self.reaper = Reaper()
        try:
            self.acceptor = await asyncssh.create_server(
                lambda: Connection(self),
                s.host,
                s.port,
                server_host_keys=[s.key],
                server_version="mongolia-tui",
                config=None,
                public_key_auth=s.authorized is not None,
                password_auth=False,
                kbdint_auth=False,
                host_based_auth=False,
                gss_auth=False,
                gss_kex=False,
                gss_host=None,
                allow_pty=True,
                line_editor=False,
                encoding=None,
                x11_forwarding=False,
                agent_forwarding=False,
                sftp_factory=None,
                allow_scp=False,
                login_timeout=LOGIN_TIMEOUT,
                keepalive_interval=KEEPALIVE_INTERVAL,
                keepalive_count_max=3,
                reuse_address=True,
            )
        except OSError as error:
            self.reaper.close()
            reason = os.strerror(error.errno) if error.errno else str(error)
            raise ServeError(f"cannot listen on {_address(s.host, s.port)}: {reason}") from None
        self.port = self.acceptor.get_port()
        # Browsers are forked from a warm parent that has the app imported and the store loaded.
        home = str(s.state / "home")
        self.launcher = Launcher(s.store, child_environment(s.state), home, self.reaper)
        self.launcher.start()
        who = (
            f"keys in {s.authorized.path} ({s.authorized.count})"
            if s.authorized
            else "anyone (anonymous)"
        )
        log.info(
            "listening on %s: host key %s%s (%s), store %s, up to %d sessions, %s",
            _address(s.host, self.port),
            s.key_path,
            " (new)" if s.key_created else "",
            s.key.get_fingerprint(),
            s.store,
            s.max_sessions,
            who,
        )

    def allow_connection(self, addr: str) -> tuple[str | None, bool, bool]:
        """Count an attempt from ``addr``: the reason to refuse it if any, whether to drop it at
        once rather than tell the client why (a flood), and whether to log the refusal (not
        every one of a flood's)."""
        now = time.monotonic()
        if len(self.attempts) > 10_000:  # forget quiet addresses now and then
            self.attempts = {
                a: q for a, q in self.attempts.items() if q and q[-1] > now - RATE_WINDOW
            }
        recent = self.attempts.setdefault(addr, collections.deque())
        while recent and recent[0] <= now - RATE_WINDOW:
            recent.popleft()
        recent.append(now)
        limit, count = self.settings.rate_limit, len(recent)
        if self.stopping:
            return "the server is shutting down", True, True
        if count > limit:
            reason = f"too many connections from {addr}; try again in a minute"
            # Telling costs a key exchange: past twice the limit, or with too many refusals
            # under way, the connection is just dropped.
            drop = count > 2 * limit or self.refusing >= REFUSALS_UNDER_WAY
            return reason, drop, count in (limit + 1, 2 * limit + 1)
        if len(self.connections) >= self.settings.max_sessions + SPARE_CONNECTIONS:
            return "the server is busy; try again later", self.refusing >= REFUSALS_UNDER_WAY, True
        return None, False, False

    def spawn(self, argv: Sequence[str], env: dict[str, str], cwd: str, slave: int) -> Process:
        """Start a session's program on its terminal: forked warm when possible."""
        if self.launcher is not None:
            return self.launcher.spawn(argv, env, cwd, slave)
        return spawn_on_terminal(argv, env, cwd, slave)

    def busy(self) -> bool:
        return len(self.sessions) >= self.settings.max_sessions

    async def stop(self) -> None:
        """Stop listening, end every session and its child, close every connection."""
        self.stopping = True
        if self.acceptor is not None:
            self.acceptor.close()
        for session in list(self.sessions):
            session.end("the server is shutting down", 1)
        assert self.reaper is not None
        left = await self.reaper.wait_all(KILL_GRACE + 2)
        if self.launcher is not None:
            await self.launcher.close()
        for connection in list(self.connections):
            connection.close()
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._closed(), 3)
        self.reaper.close()
        log.info("stopped%s", "" if left else "; some children did not exit")

    async def _closed(self) -> None:
        while self.connections:
            await asyncio.sleep(0.05)


class Connection(asyncssh.SSHServer):
    """One client connection: its limits, its authentication and its log lines."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.conn: asyncssh.SSHServerConnection | None = None
        self.addr, self.port = "?", 0
        self.user = "-"
        self.fingerprint = "-"
        self.started = time.monotonic()
        self.authenticated = False
        self.failures = 0
        self.channels = 0
        self.last: tuple[str, str] | None = None  # the last session's request and exit status
        self.refused: str | None = None
        self.telling = False  # refused, and counted among the refusals under way
        self.running: set[Session] = set()  # sessions whose child has not ended yet
        self.lost: float | None = None  # when the connection closed
        self._no_session: asyncio.TimerHandle | None = None

    @property
    def where(self) -> str:
        return _address(self.addr, self.port)

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        peer = conn.get_extra_info("peername") or ("?", 0)
        self.addr, self.port = str(peer[0]), int(peer[1])
        reason, drop, loud = self.server.allow_connection(self.addr)
        if reason is not None:
            self.refused = reason
            if loud:
                more = "; dropping further attempts" if drop else ""
                log.info("refused %s: %s%s", self.where, reason, more)
            if drop:  # not even a key exchange
                asyncio.get_running_loop().call_soon(conn.abort)
            else:
                # The reason is sent when the client asks to log in: sent any earlier, it would
                # arrive before the client reads anything and never be shown.
                self.server.refusing += 1
                self.telling = True
            return
        self.server.connections.add(self)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._no_session is not None:
            self._no_session.cancel()
        self.server.connections.discard(self)
        self.lost = time.monotonic()
        if self.telling:
            self.server.refusing -= 1
            self.telling = False
        if self.refused is None and not self.running:
            self._log_disconnect()
        # Otherwise a session's child is still ending (the client vanished): the line waits for
        # its exit status.

    def session_done(self, session: Session) -> None:
        self.running.discard(session)
        if self.lost is not None and not self.running and self.refused is None:
            self._log_disconnect()

    def _log_disconnect(self) -> None:
        duration = (self.lost or time.monotonic()) - self.started
        if not self.authenticated:
            log.info(
                "disconnect %s user=%s not authenticated duration=%.1fs",
                self.where,
                self.user,
                duration,
            )
            return
        request, status = self.last or ("none", "-")
        log.info(
            "disconnect %s user=%s key=%s duration=%.1fs exit=%s request=%s",
            self.where,
            self.user,
            self.fingerprint,
            duration,
            status,
            request,
        )

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()

    # -- authentication --

    def begin_auth(self, username: str) -> bool:
        self.user = shlex.quote(safe_line(username)[:64]) or "''"
        if self.refused is not None and self.conn is not None:
            asyncio.get_running_loop().call_soon(
                self.conn.disconnect, asyncssh.DISC_TOO_MANY_CONNECTIONS, f"{PROG}: {self.refused}"
            )
            return True
        authorized = self.server.settings.authorized
        if authorized is None:
            return False  # anonymous: no authentication at all
        authorized.refresh()
        return True

    def public_key_auth_supported(self) -> bool:
        return self.server.settings.authorized is not None

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        authorized = self.server.settings.authorized
        if (
            authorized is not None
            and authorized.keys.validate(key, self.addr, self.addr) is not None
        ):
            self.fingerprint = key.get_fingerprint()
            return True
        self.failures += 1
        if self.failures >= AUTH_FAILURES and self.conn is not None:
            asyncio.get_running_loop().call_soon(
                self.conn.disconnect,
                asyncssh.DISC_NO_MORE_AUTH_METHODS_AVAILABLE,
                f"{PROG}: too many authentication failures",
            )
        return False

    def auth_completed(self) -> None:
        self.authenticated = True
        log.info("connect %s user=%s key=%s", self.where, self.user, self.fingerprint)
        self._watch_sessions()

    # -- channels --

    def session_requested(self) -> Session:
        if self.channels >= CHANNELS_PER_CONNECTION:
            raise asyncssh.ChannelOpenError(
                asyncssh.OPEN_RESOURCE_SHORTAGE,
                f"{PROG}: at most {CHANNELS_PER_CONNECTION} sessions per connection",
            )
        self.channels += 1
        self._watch_sessions()
        return Session(self)

    def channel_closed(self) -> None:
        self.channels -= 1
        self._watch_sessions()

    def _watch_sessions(self) -> None:
        # A connection holding no session (``ssh -N``, a lingering multiplexer) is closed soon.
        if self._no_session is not None:
            self._no_session.cancel()
            self._no_session = None
        if self.channels == 0 and self.conn is not None:
            self._no_session = asyncio.get_running_loop().call_later(NO_SESSION_TIMEOUT, self.close)

    def connection_requested(
        self, dest_host: str, dest_port: int, orig_host: str, orig_port: int
    ) -> bool:
        raise asyncssh.ChannelOpenError(
            asyncssh.OPEN_ADMINISTRATIVELY_PROHIBITED,
            f"{PROG}: port forwarding is disabled on this server",
        )

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        return False  # remote forwarding: the client reports the refusal

    def unix_connection_requested(self, dest_path: str) -> bool:
        raise asyncssh.ChannelOpenError(
            asyncssh.OPEN_ADMINISTRATIVELY_PROHIBITED,
            f"{PROG}: socket forwarding is disabled on this server",
        )

    def unix_server_requested(self, listen_path: str) -> bool:
        return False


class Session(asyncssh.SSHServerSession):  # type: ignore[type-arg]
    """One session channel: the browser, a command, a usage text or a refusal."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.server = connection.server
        self.chan: asyncssh.SSHServerChannel | None = None  # type: ignore[type-arg]
        self.term: str | None = None  # set when the client asked for a terminal
        self.size = (80, 24)
        self.command: str | None = None
        self.subsystem: str | None = None
        self.child: Child | None = None
        self.closed = False
        self.output_bytes = 0
        self.label = "browser"
        self.ended = False  # stopped by the server (idle, too long, shutdown)
        self._loop = asyncio.get_running_loop()
        self._last_input = self._loop.time()
        self._timer: asyncio.TimerHandle | None = None

    # -- requests (asyncssh calls these before session_started) --

    def connection_made(self, chan: asyncssh.SSHServerChannel) -> None:  # type: ignore[override]
        self.chan = chan

    def pty_requested(
        self, term_type: str, term_size: tuple[int, int, int, int], term_modes: object
    ) -> bool:
        self.term = term_type if _TERM.fullmatch(term_type or "") else "xterm-256color"
        self.size = _clamp(term_size[0], term_size[1])
        return True

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        self.command = command
        return True

    def subsystem_requested(self, subsystem: str) -> bool:
        # Accepted, then refused in words: a bare failure reads as a network error.
        self.subsystem = subsystem
        return True

    def break_received(self, msec: int) -> bool:
        return False

    def signal_received(self, signal: str) -> None:
        pass  # the visitor's keys reach the browser; signals from outside do not

    # -- the session --

    def session_started(self) -> None:
        if self.subsystem is not None:
            name = safe_line(self.subsystem)[:40]
            self.label = f"subsystem:{name}"
            self._record(EXIT_ERROR)
            self.refuse(
                f"the {name} subsystem is not available on this server "
                "(no sftp, no scp, no file transfer)",
                EXIT_ERROR,
            )
            return
        try:
            request = parse_request(self.command, self.term is not None, self.server.parser)
        except Refused as error:
            self.label = f"refused:{_quote(self.command or '')}"
            self._record(EXIT_ERROR)
            self.refuse(str(error), EXIT_ERROR)
            return
        if request.kind == "usage":
            self.label = "usage"
            self._record(0)
            self.write(usage(self.server.parser, self.server.port).encode())
            self.exit(0)
            return
        if request.kind == "command":
            self.label = _quote(shlex.join(request.args))
        elif request.args:
            self.label = f"browser:{_quote(shlex.join(request.args))}"
        if self.server.stopping:
            self._record(1)
            self.refuse("the server is shutting down", 1)
            return
        if self.server.busy():
            limit = self.server.settings.max_sessions
            self.label = f"busy:{self.label}"
            self._record(1)
            self.refuse(
                f"the server is busy ({limit} sessions open); try again in a few minutes", 1
            )
            return
        self.start(request)

    def start(self, request: Request) -> None:
        conn = self.connection
        extra = {"SSH_CONNECTION": self._ssh_connection()}
        assert self.chan is not None
        for name in _PASSED_ENV:
            value = self.chan.get_environment().get(name)
            if value is not None and len(value) <= 64 and value.isprintable():
                extra[name] = value
        env = child_environment(self.server.settings.state, self.term or "dumb", extra)
        argv = [*child_command(self.server.settings.store), *request.args]
        try:
            self.child = Child(
                argv,
                env,
                str(self.server.settings.state / "home"),
                size=self.size if self.term is not None else None,
                on_output=self._output,
                on_done=self._done,
                on_input_full=self._input_full,
                spawn=self.server.spawn,
            )
        except OSError as error:
            log.warning("cannot start a session for %s: %s", conn.where, error)
            self._record(1)
            self.refuse("cannot start a session right now; try again later", 1)
            return
        self.server.sessions.add(self)
        conn.running.add(self)
        assert self.server.reaper is not None
        self.server.reaper.watch(self.child)
        if request.kind == "browser":
            timeout = self.server.settings.idle_timeout
            if timeout:
                self._timer = self._loop.call_later(timeout, self._idle_check)
        else:
            self._timer = self._loop.call_later(COMMAND_TIMEOUT, self._too_long)

    def _ssh_connection(self) -> str:
        assert self.chan is not None
        local = self.chan.get_extra_info("sockname") or ("?", 0)
        return f"{self.connection.addr} {self.connection.port} {local[0]} {local[1]}"

    def _output(self, data: bytes, is_stderr: bool) -> None:
        if self.closed or self.chan is None:
            return
        if self.term is None:
            self.output_bytes += len(data)
            if self.output_bytes > COMMAND_OUTPUT_LIMIT:
                limit = COMMAND_OUTPUT_LIMIT // (1024 * 1024)
                self.end(f"the output is larger than {limit} MiB; stopped", 1)
                return
        if is_stderr:
            self.chan.write_stderr(data)
        else:
            self.chan.write(data)

    def _done(self, status: int) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self.server.sessions.discard(self)
        if self.closed and not self.ended:  # the visitor left before the child ended
            self._record(f"{status}:hangup")
            self.ended = True
        self.connection.session_done(self)
        if not self.ended:
            self._record(status)
            self.exit(status)

    def _record(self, status: int | str) -> None:
        self.connection.last = (self.label, str(status))

    def _input_full(self, full: bool) -> None:
        if self.chan is not None and not self.closed:
            if full:
                self.chan.pause_reading()
            else:
                self.chan.resume_reading()

    def data_received(self, data: bytes, datatype: object) -> None:
        self._last_input = self._loop.time()
        if self.child is not None and self.term is not None:
            self.child.write(data)

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        self._last_input = self._loop.time()
        self.size = _clamp(width, height)
        if self.child is not None:
            self.child.resize(*self.size)

    def eof_received(self) -> bool:
        return True  # the visitor sent all their input; the output still goes to them

    def pause_writing(self) -> None:
        if self.child is not None:
            self.child.pause_output()

    def resume_writing(self) -> None:
        if self.child is not None:
            self.child.resume_output()

    def connection_lost(self, exc: Exception | None) -> None:
        """The channel is closed: by us, by the visitor, or with the connection."""
        if self.closed:
            return
        self.closed = True
        self.connection.channel_closed()
        if self._timer is not None:
            self._timer.cancel()
        if self.child is not None and not self.child.finished:
            self.child.discard_output()
            self.child.hang_up()

    # -- ending --

    def _idle_check(self) -> None:
        timeout = self.server.settings.idle_timeout
        idle = self._loop.time() - self._last_input
        if idle < timeout:  # keys came since: wait for the rest of the deadline, no polling
            self._timer = self._loop.call_later(timeout - idle, self._idle_check)
            return
        self.end(f"closed after {_duration(timeout)} without a key", 1)

    def _too_long(self) -> None:
        self.end(f"the command took longer than {COMMAND_TIMEOUT:.0f} s; stopped", 1)

    def end(self, reason: str, status: int) -> None:
        """Stop the session from the server's side: its child, then the visitor's channel."""
        if self.child is not None and not self.child.finished:
            self.child.discard_output()
            self.child.hang_up()
        if self.ended:
            return
        self.ended = True
        if self._timer is not None:
            self._timer.cancel()
        if not self.closed and self.term is not None and self.label.startswith("browser"):
            self.write(RESET_TERMINAL)
        self._record(f"{status}:{_quote(reason)}")
        self.refuse(reason, status)

    def refuse(self, message: str, status: int) -> None:
        """One line on stderr, then the exit status."""
        end = "\r\n" if self.term is not None else "\n"
        if not self.closed and self.chan is not None:
            with contextlib.suppress(OSError):
                self.chan.write_stderr(f"{PROG}: error: {message}{end}".encode())
        self.exit(status)

    def write(self, data: bytes) -> None:
        if not self.closed and self.chan is not None:
            with contextlib.suppress(OSError):
                self.chan.write(data)

    def exit(self, status: int) -> None:
        if not self.closed and self.chan is not None:
            with contextlib.suppress(OSError):
                self.chan.exit(status)


def _clamp(width: int, height: int) -> tuple[int, int]:
    # A huge size would make the browser allocate huge buffers; 0 means "unknown".
    return (min(width or 80, MAX_COLUMNS), min(height or 24, MAX_ROWS))


def _quote(text: str) -> str:
    return shlex.quote(safe_line(text)[:200])


def _duration(seconds: float) -> str:
    if seconds >= 120:
        return f"{seconds / 60:.0f} minutes"
    return f"{seconds:.0f} s"


# -- entry point -------------------------------------------------------------------------------


def _setup_logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%dT%H:%M:%S"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    # asyncssh logs every packet exchange at INFO; only its warnings belong in our log.
    asyncssh.set_log_level(logging.WARNING)


async def serve(settings: Settings, ready: Callable[[Server], None] | None = None) -> None:
    """Run the server until SIGTERM, SIGINT or SIGHUP, then stop it cleanly."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        loop.add_signal_handler(signum, stop.set)
    server = Server(settings)
    await server.start()
    if ready is not None:
        ready(server)
    await stop.wait()
    log.info("stopping: %d sessions open", len(server.sessions))
    await server.stop()


def serve_command(args: argparse.Namespace) -> int:
    """``mongolia-tui serve``: check everything, then serve until told to stop."""
    gc.enable()  # the CLI pauses the collector for quick commands; a server runs for days
    _setup_logging()
    try:
        settings = settings_from_args(args)
        asyncio.run(serve(settings))
    except ServeError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    return 0
