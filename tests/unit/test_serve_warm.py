"""The warm parent (serve.warm) and the server's side of it (serve.launch), in process.

A real warm parent is started on the sample store; browsers and commands are forked from it on
real pseudo-terminals through the same Child the server uses. This test process is made a child
subreaper, as the server is, so the forked browsers are its children.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from support import environ_of

from mongolia_tui.serve.child import Child, Reaper
from mongolia_tui.serve.launch import SWITCH, Launcher, become_subreaper
from mongolia_tui.serve.settings import child_command, child_environment
from mongolia_tui.serve.warm import Warm, enter_session

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="Linux process model")


async def until(check: Callable[[], object], timeout: float = 30.0, what: str = "it") -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


class Session:
    """What the server's Session keeps of a Child: its output and its status."""

    def __init__(self) -> None:
        self.output = bytearray()
        self.status: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    def text(self) -> str:
        return self.output.decode(errors="replace")

    def out(self, data: bytes, is_stderr: bool) -> None:
        self.output += data

    def done(self, status: int) -> None:
        self.status.set_result(status)


@pytest.fixture
async def launcher(sample_store: Path, tmp_path: Path):
    home = tmp_path / "home"
    home.mkdir()
    reaper = Reaper()
    launch = Launcher(sample_store, child_environment(tmp_path), str(home), reaper)
    launch.start()
    await until(lambda: launch.ready, 60, "the warm parent")
    yield launch
    await launch.close()
    reaper.close()
    become_subreaper(False)  # the test process goes back to leaving orphans to init


def start(launch: Launcher, *args: str, env: dict[str, str] | None = None) -> tuple[Child, Session]:
    session = Session()
    env = env or child_environment(Path(launch.cwd).parent, "xterm-256color")
    child = Child([*child_command(launch.store), *args], env, launch.cwd, size=(80, 24),
                  on_output=session.out, on_done=session.done, spawn=launch.spawn)  # fmt: skip
    launch.reaper.watch(child)
    return child, session


def links(pid: int) -> dict[int, str]:
    folder = Path(f"/proc/{pid}/fd")
    return {int(fd.name): os.readlink(fd) for fd in folder.iterdir()}


def parent_of(pid: int) -> int:
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat[stat.rindex(")") + 2 :].split()[1])


async def test_a_forked_browser_draws_its_first_screen_and_the_server_reaps_it(launcher):
    env = child_environment(Path(launcher.cwd).parent, "xterm-256color",
                            {"SSH_CONNECTION": "127.0.0.9 5000 127.0.0.1 22"})  # fmt: skip
    child, session = start(launcher, env=env)
    await until(lambda: "12 of 12" in session.text() and "Quit" in session.text(), 30,
                "the first screen")  # fmt: skip
    assert launcher.forked == 1 and launcher.spawned == 0
    pid = child.pid
    assert pid != launcher.proc.pid and parent_of(pid) == os.getpid()  # adopted by the server
    assert os.getsid(pid) == pid  # its own session, the terminal its controlling one
    assert environ_of(pid) == env  # the session's environment, nothing of the warm parent's
    cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().rstrip(b"\0").split(b"\0")
    assert cmdline == [arg.encode() for arg in child_command(launcher.store)]
    fds = links(pid)
    terminal = fds[0]
    assert terminal.startswith("/dev/pts/") and fds[1] == fds[2] == terminal
    assert not [fd for fd, link in fds.items() if fd > 2 and link.startswith("/dev/pts/")]
    warm_sockets = set(links(launcher.proc.pid).values()) - {"/dev/null"}
    assert not warm_sockets & set(fds.values())  # the warm parent's socket stayed behind
    child.write(b"q")
    assert await asyncio.wait_for(session.status, 20) == 0
    await until(lambda: not Path(f"/proc/{pid}").exists(), 10, "the browser to be reaped")


@pytest.mark.parametrize("args", [("list",), ("show", "nowhere-at-all"), ("--theme", "nope")])
async def test_a_forked_program_reports_the_status_a_spawned_one_would(launcher, args):
    _, session = start(launcher, *args)
    status = await asyncio.wait_for(session.status, 30)
    env = child_environment(Path(launcher.cwd).parent)
    argv = [*child_command(launcher.store), *args]
    spawned = subprocess.run(argv, capture_output=True, env=env, timeout=60)
    expected = 2 if args[0] == "--theme" else spawned.returncode  # no terminal: refused
    assert status == expected and launcher.forked == 1
    if args == ("list",):
        assert status == 0 and "Russia" in session.text()
    else:
        assert status != 0 and "error" in session.text()


async def test_hanging_up_ends_a_forked_browser_and_its_group(launcher):
    child, session = start(launcher)
    await until(lambda: "Quit" in session.text(), 30, "the first screen")
    pid = child.pid
    child.discard_output()
    child.hang_up()
    assert await asyncio.wait_for(session.status, 10) == 129
    with pytest.raises(ProcessLookupError):
        os.killpg(pid, 0)


async def test_the_warm_socket_has_no_name_anyone_could_connect_to(launcher):
    inodes = {int(m[1]) for link in links(launcher.proc.pid).values()
              if (m := re.fullmatch(r"socket:\[(\d+)\]", link))}  # fmt: skip
    assert inodes
    lines = Path("/proc/net/unix").read_text().splitlines()[1:]
    for line in lines:
        fields = line.split()
        if int(fields[6]) in inodes:
            assert len(fields) == 7  # no path, not even an abstract name
    found = {int(line.split()[6]) for line in lines}
    assert inodes <= found


async def test_a_dead_warm_parent_is_restarted_and_sessions_start_meanwhile(launcher, caplog):
    caplog.set_level(logging.INFO, "mongolia_tui.serve")
    first = launcher.proc.pid
    os.kill(first, signal.SIGKILL)
    await until(lambda: launcher.proc is not None and launcher.proc.pid != first, 10, "a restart")
    assert not Path(f"/proc/{first}").exists()  # reaped
    if not launcher.ready:  # starting: the session is spawned as before
        _, session = start(launcher, "list")
        assert await asyncio.wait_for(session.status, 30) == 0 and launcher.spawned == 1
    await until(lambda: launcher.ready, 60, "the new warm parent")
    _, session = start(launcher, "list")
    assert await asyncio.wait_for(session.status, 30) == 0 and launcher.forked == 1
    assert re.search(r"warm parent: it exited \(status -9\); restarting it", caplog.text)


async def test_closing_ends_the_warm_parent(launcher):
    pid = launcher.proc.pid
    await launcher.close()
    assert not Path(f"/proc/{pid}").exists()
    _, session = start(launcher, "list")  # still serves, as before
    assert await asyncio.wait_for(session.status, 30) == 0 and launcher.spawned == 1


async def test_switched_off_every_browser_is_spawned(sample_store, tmp_path, monkeypatch):
    monkeypatch.setenv(SWITCH, "0")
    reaper = Reaper()
    launch = Launcher(sample_store, child_environment(tmp_path), str(tmp_path), reaper)
    launch.start()
    assert launch.proc is None
    _, session = start(launch, "list")
    assert await asyncio.wait_for(session.status, 30) == 0 and launch.spawned == 1
    await launch.close()
    reaper.close()
    become_subreaper(False)


def test_entering_a_session_leaves_stdio_on_the_terminal_and_nothing_else(tmp_path):
    master, slave = os.openpty()
    extra_r, extra_w = os.pipe()  # stands for the warm parent's own descriptors
    env = {"TERM": "xterm-256color", "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the forked child
        try:
            argv = ["python", "-m", "mongolia_tui", "--data", "x"]
            enter_session(argv, env, str(tmp_path), slave)
            report = {"env": dict(os.environ), "cwd": os.getcwd(),
                      "fds": sorted(int(f) for f in os.listdir("/proc/self/fd")),
                      "tty": os.ttyname(0), "sid": os.getsid(0) == os.getpid(),
                      "argv": sys.argv, "line_buffered": sys.stdout.line_buffering}  # fmt: skip
            print(json.dumps(report))
        finally:
            os._exit(0)
    os.close(slave)
    os.close(extra_w)
    output = b""
    while b"\n" not in output:
        output += os.read(master, 65536)
    os.waitpid(pid, 0)
    os.close(master)
    os.close(extra_r)
    report = json.loads(output.decode().strip().splitlines()[-1])
    assert report["env"] == env and report["cwd"] == str(tmp_path)
    assert report["tty"].startswith("/dev/pts/") and report["sid"]
    assert report["fds"] == [0, 1, 2, 3]  # 3: the listing of /proc/self/fd itself
    assert report["argv"] == ["mongolia_tui", "--data", "x"] and report["line_buffered"]


async def test_a_browser_nobody_waits_for_is_reaped_but_the_servers_own_programs_are_not(
    launcher,
):
    # A fork whose answer came too late has no Child: the server adopts and reaps it.
    master, slave = os.openpty()
    env = child_environment(Path(launcher.cwd).parent, "xterm-256color")
    argv = [*child_command(launcher.store), "list"]
    assert launcher.sock is not None
    orphan = launcher._ask(launcher.sock, argv, env, launcher.cwd, slave)
    os.close(slave)
    os.close(master)  # hung up: it exits
    # A program the server runs and waits for itself, in its own session, keeps its status.
    own = subprocess.Popen(["sh", "-c", "sleep 0.5; exit 3"])
    await until(lambda: not Path(f"/proc/{orphan}").exists(), 15, "the stray to be reaped")
    await until(lambda: own.poll() is not None, 15, "sh")
    assert own.returncode == 3


def test_the_warm_store_is_used_while_the_file_is_unchanged(sample_store, write_store):
    warm = Warm(sample_store)
    assert warm.load(str(sample_store)) is warm.catalogue
    other = write_store([])
    assert warm.load(str(other)) is not warm.catalogue  # another store: loaded
    sample_store.write_text(sample_store.read_text() + "\n")  # changed since: loaded again
    fresh = warm.load(str(sample_store))
    assert fresh is not warm.catalogue and len(fresh.partners) == len(warm.catalogue.partners)


def test_the_cli_loads_its_store_through_the_name_a_forked_browser_replaces(monkeypatch, tmp_path):
    # run_browser() points mongolia_tui.cli.load_store at the warm store; if main() stopped
    # reading that name, every forked browser would silently load the store again.
    from mongolia_tui import cli

    asked: list[str | None] = []

    def fake(path: str | None) -> object:
        asked.append(path)
        raise cli.UsageError("fake")

    monkeypatch.setattr(cli, "load_store", fake)
    hang_up = signal.getsignal(signal.SIGHUP)  # main() sets its own, for a browser process
    try:
        assert cli.main(["--data", str(tmp_path / "x.json"), "list"]) == 2
    finally:
        signal.signal(signal.SIGHUP, hang_up)
    assert asked == [str(tmp_path / "x.json")]
