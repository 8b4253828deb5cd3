"""The server's settings, checked before it listens, and the environment each child gets."""

from __future__ import annotations

import argparse
import math
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import asyncssh

from mongolia_tui.delivery import SERVED_ENV
from mongolia_tui.sandbox import stranger_environment
from mongolia_tui.sanitize import safe_line
from mongolia_tui.serve.authorized import AuthorizedKeys
from mongolia_tui.serve.channel import PASSED_ENV
from mongolia_tui.serve.errors import ServeError
from mongolia_tui.serve.keys import host_key, private_dir
from mongolia_tui.serve.limits import BANNER_LIMIT, ENV_VALUE_LIMIT, PROG
from mongolia_tui.serve.proxy import LOOPBACK, Network, networks

#: Where the browser keeps what it remembers: a folder, or "" for nothing at all.
STATE_ENV = "MONGOLIA_TUI_STATE_DIR"


def default_state_dir() -> Path:
    """``$XDG_STATE_HOME/mongolia-tui``, or ``~/.local/state/mongolia-tui``.

    A relative ``XDG_STATE_HOME`` is invalid and ignored, as the XDG spec says (it would move
    with the current directory).
    """
    base = os.environ.get("XDG_STATE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(base) / "mongolia-tui"


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
    #: A session is closed after this long, whatever it does (0: no limit).
    max_session_time: float = 0.0
    #: The pre-login banner: a fixed text ("" for none), or None for this week's anniversaries.
    banner: str | None = None
    log_format: str = "text"
    #: Connections come through a balancer that sends a PROXY v2 header (``--proxy-protocol``),
    #: trusted from these networks only; empty: no header is expected (nor trusted).
    proxy_from: tuple[Network, ...] = ()


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
    if not math.isfinite(args.idle_timeout) or args.idle_timeout < 0:
        raise ServeError("--idle-timeout must be a number of seconds, 0 or more (0: never)")
    if args.rate_limit < 1:
        raise ServeError("--rate-limit must be at least 1")
    max_time = getattr(args, "max_session_time", 0.0)
    if not math.isfinite(max_time) or max_time < 0:
        raise ServeError("--max-session-time must be a number of seconds, 0 or more (0: none)")
    banner = getattr(args, "banner", None)
    if banner is not None and len(banner) > BANNER_LIMIT:
        raise ServeError(f"--banner is longer than {BANNER_LIMIT} characters")
    proxy_from = getattr(args, "proxy_from", None)
    if proxy_from is not None and not getattr(args, "proxy_protocol", False):
        raise ServeError("--proxy-from needs --proxy-protocol")
    proxies = networks(proxy_from or LOOPBACK) if getattr(args, "proxy_protocol", False) else ()
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
        max_session_time=max_time,
        banner=None if banner is None else safe_text_banner(banner),
        log_format=getattr(args, "log_format", "text"),
        proxy_from=proxies,
    )


def safe_text_banner(text: str) -> str:
    """A banner as the operator typed it, with no control character but line breaks (``\\n``
    typed on a command line means a line break)."""
    lines = text.replace("\\n", "\n").splitlines()
    return "\n".join(safe_line(line) for line in lines)


def _check_store(store: Path, state: Path) -> None:
    """Refuse to serve a store the browser would refuse (checked in a child, like sessions)."""
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
    env = stranger_environment(state / "home", term)
    env.update(extra or {})
    return env


def visitor_state(state: Path, fingerprint: str | None) -> str:
    """The folder a visitor's browser keeps its state in: one per key (made 0700), or "" (keep
    nothing) for an anonymous visitor, whose state would be shared with every stranger."""
    if not fingerprint:
        return ""
    # SHA256:base64 -> a name with no "/" and nothing a shell or a file system minds.
    name = re.sub(r"[^A-Za-z0-9_-]", "", fingerprint.replace("/", "_").replace("+", "-"))
    name = name.replace("SHA256", "sha256-", 1)[:120]
    folder = private_dir(private_dir(state / "visitors") / name)
    return str(folder)


def visitor_environment(
    state: Path,
    term: str,
    *,
    fingerprint: str | None,
    reached: tuple[str, int],
    ssh_connection: str,
    passed: dict[str, str],
) -> dict[str, str]:
    """A session's environment: :func:`child_environment` and what the server tells the browser
    (served at ``reached``, its state folder), plus the visitor's :data:`PASSED_ENV` variables
    that are short and printable. Nothing else of the visitor's reaches it."""
    extra = {
        name: value
        for name in PASSED_ENV
        if (value := passed.get(name)) is not None
        and len(value) <= ENV_VALUE_LIMIT
        and value.isprintable()
    }
    extra["SSH_CONNECTION"] = ssh_connection
    extra[SERVED_ENV] = f"{reached[0]} {reached[1]}"
    extra[STATE_ENV] = visitor_state(state, fingerprint)
    return child_environment(state, term, extra)
