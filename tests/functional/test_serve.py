"""``mongolia-tui serve`` driven by the real OpenSSH client on 127.0.0.1, as a visitor would."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from ssh_support import (
    CLEAN_ENV,
    Client,
    Server,
    environ_of,
    group_exists,
    have_tools,
    make_key,
    process_exists,
    wait_until,
)
from support import ROOT
from tmux import Terminal

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(have_tools() is not None, reason=have_tools() or ""),
]
needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


@pytest.fixture(scope="module")
def keys(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("keys")
    good, wrong = make_key(folder, "visitor"), make_key(folder, "stranger")
    authorized = folder / "authorized_keys"
    authorized.write_text(Path(f"{good}.pub").read_text())
    authorized.chmod(0o600)
    return {"good": good, "wrong": wrong, "authorized": authorized}


@pytest.fixture
def client(keys) -> Client:
    return Client(keys["good"])


@pytest.fixture
def serve(tmp_path, sample_store, keys):
    """Start servers (keys required unless told otherwise); stop them and check they stopped."""
    started: list[Server] = []

    def start(*options: str, anonymous: bool = False, store: Path | None = None,
              wait: bool = True, **kwargs) -> Server:  # fmt: skip
        who = ["--allow-anonymous"] if anonymous else ["--authorized-keys", str(keys["authorized"])]
        server = Server(tmp_path, *who, *options, store=store or sample_store, **kwargs)
        started.append(server)
        return server.wait_listening() if wait else server

    yield start
    for server in started:
        server.stop()
        assert "Traceback" not in server.log(), server.log()


@pytest.fixture
def terminals():
    opened: list[Terminal] = []

    def open_terminal(command: str, width: int = 80, height: int = 24) -> Terminal:
        terminal = Terminal(width, height, command=command)
        opened.append(terminal)
        return terminal

    yield open_terminal
    for terminal in opened:
        terminal.close()


def browser_ready(terminal: Terminal, timeout: float = 30.0) -> str:
    # The title names the count ("All · 12 of 12"), the key bar ends with "q Quit".
    return terminal.wait_for("12 of 12", "Russia", "Quit", timeout=timeout)


# -- the browser ------------------------------------------------------------------------------


@needs_tmux
def test_interactive_session_shows_the_table_answers_keys_and_follows_resizes(
    serve, client, terminals
):
    server = serve()
    terminal = terminals(client.command_line(server.port, "-t", "127.0.0.1"))
    screen = browser_ready(terminal)
    lines = screen.splitlines()
    assert len(lines) == 24 and "Quit" in lines[-1]  # drawn for the client's 80x24 window
    assert "Côte d'Ivoire" in screen or "North Korea" in screen

    terminal.keys("2")  # the Africa tab of the sample store: 3 partners
    screen = terminal.wait_for("3 of 12")
    assert "Malawi" in screen and "Egypt" in screen

    terminal.tmux("resize-window", "-t", "t", "-x", "120", "-y", "40")

    def redrawn_at_40_rows():
        lines = terminal.screen().splitlines()
        return len(lines) == 40 and "Quit" in lines[39] and "Quit" not in "".join(lines[:39])

    wait_until(redrawn_at_40_rows, 20, "the browser to redraw at 120x40")
    assert len(terminal.screen().splitlines()[39].rstrip()) > 80  # the key bar spans 120 columns

    terminal.keys("q")
    terminal.wait_for("EXIT=0")
    assert not terminal.alternate_screen()
    line = server.wait_log(r"disconnect 127\.0\.0\.1:\d+ user=visitor key=SHA256:\S+ "
                           r"duration=[\d.]+s exit=0 request=browser")  # fmt: skip
    assert line


@needs_tmux
def test_a_visitor_may_give_the_browser_its_options(serve, client, terminals):
    server = serve()
    terminal = terminals(client.command_line(server.port, "-t", "--", "127.0.0.1",
                                             "--region", "africa", "--no-mouse"))  # fmt: skip
    screen = terminal.wait_for("3 of 12", "Quit")
    assert "Malawi" in screen
    terminal.keys("q")
    terminal.wait_for("EXIT=0")
    server.wait_log(r"exit=0 request=browser:'--region africa --no-mouse'")


@needs_tmux
def test_the_browser_runs_with_the_clients_term_and_nothing_of_the_hosts(
    serve, client, terminals, tmp_path
):
    server = serve(env={"MTUI_HOST_SECRET": "do-not-leak", "SSH_AUTH_SOCK": "/tmp/agent"})
    terminal = terminals(client.command_line(server.port, "-t", "127.0.0.1"))
    browser_ready(terminal)
    (child,) = server.children()
    env = environ_of(child)
    assert env["TERM"] == "xterm-256color"
    assert env["LANG"] == "C.UTF-8"
    assert re.fullmatch(rf"127\.0\.0\.1 \d+ 127\.0\.0\.1 {server.port}", env["SSH_CONNECTION"])
    assert env["HOME"].startswith(str(server.state))
    assert "MTUI_HOST_SECRET" not in env and "SSH_AUTH_SOCK" not in env
    assert os.getsid(child) == child  # its own session: the terminal is its controlling one
    terminal.keys("q")
    terminal.wait_for("EXIT=0")


@needs_tmux
def test_a_client_killed_mid_session_leaves_no_process_behind(serve, client, terminals, tmp_path):
    server = serve()
    pidfile = tmp_path / "ssh.pid"
    terminal = terminals(f"sh -c 'echo $$ > {pidfile}; exec "
                         f"{client.command_line(server.port, '-t', '127.0.0.1')}'")  # fmt: skip
    browser_ready(terminal)
    (child,) = server.children()
    os.kill(int(pidfile.read_text()), signal.SIGKILL)
    wait_until(lambda: not process_exists(child), 15, "the browser to be reaped")
    assert not group_exists(child)
    assert server.children() == []
    server.wait_log(r"disconnect .* exit=129:hangup request=browser")
    assert server.proc.poll() is None  # the server carries on


@needs_tmux
def test_an_idle_session_is_closed_and_the_terminal_restored(serve, client, terminals):
    server = serve("--idle-timeout", "1.5")
    terminal = terminals(client.command_line(server.port, "-t", "127.0.0.1"))
    browser_ready(terminal)
    (child,) = server.children()
    screen = terminal.wait_for("EXIT=1", timeout=20)
    assert "closed after 2 s without a key" in screen
    assert not terminal.alternate_screen()
    wait_until(lambda: not process_exists(child), 15, "the browser to be reaped")


@needs_tmux
def test_sigterm_ends_every_session_and_stops(serve, client, terminals):
    server = serve()
    first = terminals(client.command_line(server.port, "-t", "127.0.0.1"))
    second = terminals(client.command_line(server.port, "-t", "127.0.0.1"))
    browser_ready(first)
    browser_ready(second)
    kids = server.children()
    assert len(kids) == 2
    server.proc.send_signal(signal.SIGTERM)
    assert server.proc.wait(15) == 0
    for terminal in (first, second):
        screen = terminal.wait_for("EXIT=1")
        assert "the server is shutting down" in screen
        assert not terminal.alternate_screen()
    for pid in kids:
        assert not process_exists(pid) and not group_exists(pid)
    assert "stopped" in server.log().splitlines()[-1]


@needs_tmux
def test_the_session_limit_holds(serve, client, terminals):
    server = serve("--max-sessions", "1")
    terminal = terminals(client.command_line(server.port, "-t", "127.0.0.1"))
    browser_ready(terminal)
    busy = client.run(server.port, "127.0.0.1", "list")
    assert busy.returncode == 1
    assert busy.stdout == ""
    assert busy.stderr.strip().splitlines() == [
        "mongolia-tui: error: the server is busy (1 sessions open); try again in a few minutes"
    ]
    terminal.keys("q")
    terminal.wait_for("EXIT=0")
    wait_until(lambda: not server.children(), 15, "the first session to end")
    assert client.run(server.port, "127.0.0.1", "list").returncode == 0


# -- commands -----------------------------------------------------------------------------------


def direct(store: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mongolia_tui", "--data", str(store), *args],
                          capture_output=True, text=True, env=CLEAN_ENV, timeout=60)  # fmt: skip


@pytest.mark.parametrize(
    "args",
    [
        ("list", "--region", "Europe", "--format", "csv"),
        ("list", "--search", "1992", "--format", "json"),
        ("show", "malaysia"),
        ("check-data",),
        ("show", "nowhere"),  # the CLI's own error, relayed with its status
        ("list", "--format", "xml"),
    ],
)
def test_an_allowed_command_returns_what_the_cli_prints(serve, client, sample_store, args):
    server = serve()
    remote = client.run(server.port, "127.0.0.1", *args)
    local = direct(sample_store, *args)
    assert remote.returncode == local.returncode
    # The server names its store by its file name only: no path of the server's is shown.
    assert remote.stdout == local.stdout.replace(str(sample_store), sample_store.name)
    assert remote.stderr == local.stderr.replace(str(sample_store), sample_store.name)


def test_bytes_that_are_not_utf8_are_relayed_as_bytes(serve, client, sample_store):
    # A terminal's input is bytes, not text: a channel decoding UTF-8 would drop the connection
    # on the first stray byte. On a terminal (-tt) the input reaches the command's pty.
    server = serve()
    done = client.run(server.port, "-tt", "127.0.0.1", "show", "malaysia",
                      input=b"\xff\xfe\x80\xc3(\n")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Malaysia" in done.stdout
    server.wait_log(r"disconnect .* exit=0 request='show malaysia'")


def test_quoted_arguments_reach_the_command_as_words(serve, client, sample_store):
    server = serve()
    remote = client.run(server.port, "127.0.0.1", "show 'north korea'")
    assert remote.returncode == 0, remote.stderr
    assert remote.stdout == direct(sample_store, "show", "north korea").stdout


def test_no_terminal_and_no_command_prints_a_usage(serve, client):
    server = serve()
    done = client.run(server.port, "-T", "127.0.0.1")
    assert done.returncode == 0
    assert f"ssh -t -p {server.port} HOST" in done.stdout
    for name in ("list", "show", "check-data"):
        assert f"HOST {name}" in done.stdout


@pytest.mark.parametrize(
    ("command", "message"),
    [
        ("bash", "'bash' is not available here (no shell, no other program)"),
        ("sh -c id", "'sh' is not available here"),
        ("python3 -c 'print(1)'", "'python3' is not available here"),
        ("list --data /etc/passwd", "--data is not allowed: this server serves its own store"),
        ("--data=/etc/passwd list", "--data is not allowed"),
        ("check-data /etc/passwd", "check-data PATH is not allowed here"),
        ("serve --allow-anonymous", "'serve' is not available here"),
        ("list 'unbalanced", "cannot read the command"),
        ("--theme ansi-dark", "the browser needs a terminal: connect with ssh -t"),
    ],
)
def test_a_refused_command_gets_one_line_and_a_failure_status(serve, client, command, message):
    server = serve()
    done = client.run(server.port, "--", "127.0.0.1", command)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("mongolia-tui: error: "), done.stderr
    assert message in lines[0]


def test_shell_syntax_is_never_run(serve, client, tmp_path):
    server = serve()
    marker = tmp_path / "pwned"
    for command in (f"list; touch {marker}", f"list $(touch {marker})", f"list `touch {marker}`",
                    f"list && touch {marker}", f"list | touch {marker}"):  # fmt: skip
        done = client.run(server.port, "127.0.0.1", command)
        assert done.returncode == 2, command
        assert done.stderr.startswith("mongolia-tui: error: ")
    assert not marker.exists()


# -- what a visitor cannot do -------------------------------------------------------------------


def test_port_forwarding_is_refused(serve, client):
    server = serve()
    with socket.socket() as target:  # somewhere a forward would reach
        target.bind(("127.0.0.1", 0))
        target.listen()
        port = target.getsockname()[1]
        local = client.run(server.port, "-W", f"127.0.0.1:{port}", "127.0.0.1",
                           options=["-o", "LogLevel=INFO"])  # fmt: skip
        remote = client.run(server.port, "-o", "ExitOnForwardFailure=yes", "-N",
                            "-R", f"0:127.0.0.1:{port}", "127.0.0.1")  # fmt: skip
    assert local.returncode == 255
    assert "administratively prohibited: mongolia-tui: port forwarding is disabled" in local.stderr
    assert remote.returncode == 255
    assert "remote port forwarding failed" in remote.stderr


def test_x11_forwarding_is_refused(serve, client):
    server = serve()
    done = client.run(server.port, "127.0.0.1", "check-data", env={"DISPLAY": ":99"},
                      options=["-o", "ForwardX11=yes", "-o", "ForwardX11Trusted=yes"])  # fmt: skip
    assert "X11 forwarding request failed" in done.stderr
    assert done.returncode == 0  # the command itself still runs


def test_sftp_and_scp_are_refused(serve, client, keys, tmp_path):
    server = serve()
    options = ["-F", "/dev/null", "-P", str(server.port), "-o", "StrictHostKeyChecking=no",
               "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o",
               "IdentitiesOnly=yes", "-o", "LogLevel=ERROR", "-i", str(keys["good"])]  # fmt: skip
    sftp = subprocess.run(["sftp", *options, "-b", "-", "visitor@127.0.0.1"], input="ls\n",
                          capture_output=True, text=True, timeout=60, env=CLEAN_ENV)  # fmt: skip
    assert sftp.returncode != 0
    assert "the sftp subsystem is not available on this server" in sftp.stderr
    source = tmp_path / "file.txt"
    source.write_text("data")
    for legacy in ([], ["-O"]):  # scp over SFTP, and the old scp protocol (a command)
        scp = subprocess.run(["scp", *legacy, *options, str(source), "visitor@127.0.0.1:/tmp/x"],
                             capture_output=True, text=True, timeout=60, env=CLEAN_ENV)  # fmt: skip
        assert scp.returncode != 0
        assert "mongolia-tui: error: " in scp.stderr and "not available" in scp.stderr


def test_a_wrong_key_is_refused(serve, keys):
    server = serve()
    done = Client(keys["wrong"]).run(server.port, "127.0.0.1", "list")
    assert done.returncode == 255
    assert "Permission denied (publickey)" in done.stderr
    server.wait_log(r"disconnect 127\.0\.0\.1:\d+ user=visitor not authenticated")
    assert "connect 127.0.0.1" not in server.log().replace("disconnect", "")


def test_anonymous_mode_lets_any_key_in(serve, keys):
    server = serve(anonymous=True)
    done = Client(keys["wrong"]).run(server.port, "127.0.0.1", "show", "russia")
    assert done.returncode == 0 and "Russia" in done.stdout
    server.wait_log(r"connect 127\.0\.0\.1:\d+ user=visitor key=-")


def test_connection_attempts_per_address_are_limited(serve, client):
    server = serve("--rate-limit", "2")
    assert client.run(server.port, "127.0.0.1", "check-data").returncode == 0
    assert client.run(server.port, "127.0.0.1", "check-data").returncode == 0
    third = client.run(server.port, "127.0.0.1", "check-data")
    assert third.returncode == 255
    assert "mongolia-tui: too many connections from 127.0.0.1; try again in a minute" in (
        third.stderr
    )
    server.wait_log(r"refused 127\.0\.0\.1:\d+: too many connections")


def test_an_anonymous_visitor_refused_for_load_reads_why(serve, client):
    """Issue 17 (6): OpenSSH printed "Permission denied ()" (the refusal came after the answer
    to the login, which had no method to offer)."""
    server = serve("--rate-limit", "1", anonymous=True)
    assert client.run(server.port, "127.0.0.1", "check-data").returncode == 0
    second = client.run(server.port, "127.0.0.1", "check-data")
    assert second.returncode == 255
    assert "too many connections from 127.0.0.1" in second.stderr
    assert "Permission denied" not in second.stderr


# -- starting up --------------------------------------------------------------------------------


def test_a_host_key_is_made_once_and_kept_private(serve, tmp_path):
    first = serve(anonymous=True)
    key = tmp_path / "state" / "mongolia-tui" / "ssh_host_ed25519_key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(key.parent.stat().st_mode) == 0o700
    fingerprint = re.search(r"\((SHA256:\S+)\)", first.log())[1]
    first.stop()
    second = serve(anonymous=True)
    assert f"({fingerprint})" in second.log()
    assert "(new)" in first.log() and "(new)" not in second.log()


def start_error(serve, *options: str, anonymous: bool = True, **kwargs) -> str:
    server = serve(*options, anonymous=anonymous, wait=False, **kwargs)
    assert server.proc.wait(60) == 2
    lines = server.log().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("mongolia-tui: error: ")
    return lines[0]


def test_refuses_to_start_without_saying_who_may_connect(tmp_path):
    done = subprocess.run([sys.executable, "-m", "mongolia_tui", "serve", "--port", "0"],
                          capture_output=True, text=True, timeout=60,
                          env={**CLEAN_ENV, "XDG_STATE_HOME": str(tmp_path)})  # fmt: skip
    assert done.returncode == 2
    assert done.stderr == (
        "mongolia-tui: error: serve needs --authorized-keys PATH (who may connect) or an "
        "explicit --allow-anonymous (anyone who reaches the port)\n"
    )
    assert not (tmp_path / "mongolia-tui").exists()


def test_start_up_errors_are_one_line(serve, tmp_path, write_store):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        line = start_error(serve, "--port", port)
        assert f"cannot listen on 127.0.0.1:{port}" in line

    garbage = tmp_path / "garbage_key"
    garbage.write_text("not a key\n")
    garbage.chmod(0o600)
    assert "not a usable private key" in start_error(serve, "--host-key", str(garbage))
    garbage.chmod(0o644)
    assert "permissions 0644 are too open" in start_error(serve, "--host-key", str(garbage))
    missing = tmp_path / "missing_key"
    assert "cannot read the host key" in start_error(serve, "--host-key", str(missing))

    bad_keys = tmp_path / "authorized_keys"
    bad_keys.write_text("ssh-ed25519 not-base64 someone\n")
    bad_keys.chmod(0o600)
    line = start_error(serve, "--authorized-keys", str(bad_keys), anonymous=False)
    assert "bad authorized keys" in line and str(bad_keys) in line
    bad_keys.chmod(0o666)
    assert "may be changed by others" in start_error(
        serve, "--authorized-keys", str(bad_keys), anonymous=False
    )

    bad_store = write_store(raw="{not json")
    assert f"cannot serve {bad_store}" in start_error(serve, store=bad_store)


def test_refuses_a_state_directory_others_can_write(serve, tmp_path):
    state = tmp_path / "state" / "mongolia-tui"
    state.mkdir(parents=True)
    state.chmod(0o777)
    line = start_error(serve)
    assert "writable by others (mode 0777)" in line


# -- the load benchmark ---------------------------------------------------------------------


def test_load_benchmark_quick_run(tmp_path):
    pytest.importorskip("pyte")
    out = tmp_path / "RESULTS.md"
    out.write_text("# Benchmark results\n\nother sections stay\n")
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "serve_load.py"), "--quick", "--out", str(out)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    text = out.read_text()
    assert text.startswith("# Benchmark results\n\nother sections stay\n")
    assert "<!-- serve:start -->" in text and "<!-- serve:end -->" in text
    assert "| 1, alone (2 times) |" in text and "| 3 open |" in text
    assert "| burst of 3 at once |" in text
    assert "Burst of 3 simultaneous connections: every first screen ≤ 10 s" in text
