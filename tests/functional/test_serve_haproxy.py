"""Beyond one machine: two ``mongolia-tui serve --proxy-protocol`` instances sharing one host key
behind Debian's HAProxy (TCP mode, ``send-proxy-v2``, round robin), all on loopback. OpenSSH
connects through HAProxy from another loopback address, and each instance's log names that
address, not HAProxy's."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from ssh_support import CLEAN_ENV, Client, Server, have_tools, make_key, wait_until

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(have_tools() is not None, reason=have_tools() or ""),
    pytest.mark.skipif(
        shutil.which("haproxy") is None, reason="haproxy is not installed (.ci/run installs it)"
    ),
]

CLIENT_ADDRESS = "127.0.0.2"  # the visitor, as HAProxy sees it


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def haproxy_config(port: int, backends: list[int]) -> str:
    servers = "".join(
        f"    server serve{n} 127.0.0.1:{backend} send-proxy-v2 check inter 1s\n"
        for n, backend in enumerate(backends)
    )
    return (
        "defaults\n    mode tcp\n    timeout connect 5s\n"
        "    timeout client 60s\n    timeout server 60s\n"
        f"frontend ssh\n    bind 127.0.0.1:{port}\n    default_backend mongolia\n"
        f"backend mongolia\n    balance roundrobin\n{servers}"
    )


@pytest.fixture
def balanced(tmp_path: Path, sample_store: Path) -> Iterator[tuple[int, list[Server], Path]]:
    """HAProxy's port, the two servers behind it, and the host key they share."""
    keys = tmp_path / "keys"
    keys.mkdir()
    visitor, host = make_key(keys, "visitor"), make_key(keys, "host")
    authorized = keys / "authorized_keys"
    authorized.write_text(Path(f"{visitor}.pub").read_text())
    authorized.chmod(0o600)
    servers: list[Server] = []
    haproxy: subprocess.Popen[bytes] | None = None
    try:
        for name in ("a", "b"):
            folder = tmp_path / name
            folder.mkdir()
            server = Server(folder, "--authorized-keys", str(authorized), "--host-key",
                            str(host), "--proxy-protocol", "--proxy-from", "127.0.0.1",
                            store=sample_store)  # fmt: skip
            servers.append(server)
        for server in servers:
            server.wait_listening()
        port = free_port()
        config = tmp_path / "haproxy.cfg"
        config.write_text(haproxy_config(port, [s.port for s in servers]))
        check = subprocess.run(["haproxy", "-c", "-q", "-f", str(config)],
                               capture_output=True, text=True, timeout=30)  # fmt: skip
        assert check.returncode == 0, check.stdout + check.stderr
        log = (tmp_path / "haproxy.log").open("wb")
        haproxy = subprocess.Popen(["haproxy", "-db", "-f", str(config)],
                                   stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
        wait_until(lambda: listening(port), 20, "HAProxy to listen")
        yield port, servers, host
    finally:
        if haproxy is not None:
            haproxy.terminate()
            try:
                haproxy.wait(10)
            except subprocess.TimeoutExpired:
                haproxy.kill()
                haproxy.wait()
        for server in servers:
            server.stop()


def listening(port: int) -> bool:
    """Whether something listens on 127.0.0.1:``port``, read from /proc (a test connection
    would reach a server through HAProxy, and be logged there as a visitor)."""
    wanted = f"0100007F:{port:04X}"
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1] == wanted and fields[3] == "0A":  # 0A: LISTEN
            return True
    return False


def test_haproxy_passes_the_real_client_to_both_instances(balanced, sample_store, tmp_path):
    port, servers, host = balanced
    client = Client(Path(servers[0].folder.parent / "keys" / "visitor"))
    # One known host key for the balancer's address: both instances must present it, or ssh
    # refuses ("REMOTE HOST IDENTIFICATION HAS CHANGED").
    known = tmp_path / "known_hosts"
    known.write_text(f"[127.0.0.1]:{port} {Path(f'{host}.pub').read_text()}")
    options = ["-b", CLIENT_ADDRESS, "-o", f"UserKnownHostsFile={known}",
               "-o", "StrictHostKeyChecking=yes", "-o", "LogLevel=ERROR"]  # fmt: skip
    expected = subprocess.run(
        [sys.executable, "-m", "mongolia_tui", "--data", str(sample_store), "list", "--search",
         "1992"], capture_output=True, text=True, env=CLEAN_ENV, timeout=60,
    ).stdout  # fmt: skip
    assert expected.strip()
    for _ in range(2):
        done = client.run(port, "127.0.0.1", "list", "--search", "1992", options=options)
        assert done.returncode == 0, done.stderr
        assert done.stdout == expected
        assert "WARNING" not in done.stderr
    for server in servers:  # round robin: one visit each
        match = server.wait_log(rf"disconnect {CLIENT_ADDRESS}:\d+ user=visitor .*exit=0")
        assert match
        log = server.log()
        assert len(re.findall(rf" connect {CLIENT_ADDRESS}:\d+ user=visitor", log)) == 1, log
        assert "127.0.0.1:" not in log.split("\n", 1)[1], log  # below the "listening" line
        # HAProxy's health checks (a connect, then a close) are not logged.
        assert "refused" not in log, log
        assert "Traceback" not in log, log


def test_a_header_sent_straight_to_an_instance_by_a_stranger_is_dropped(balanced):
    from mongolia_tui.serve.proxy_header import build

    _port, servers, _host = balanced
    server = servers[0]
    with socket.socket() as sock:
        sock.bind(("127.0.0.3", 0))  # not HAProxy (--proxy-from 127.0.0.1)
        sock.settimeout(10)
        sock.connect(("127.0.0.1", server.port))
        try:
            sock.sendall(build(("203.0.113.7", 1), ("127.0.0.1", 22)) + b"SSH-2.0-x\r\n")
            assert sock.recv(100) == b""  # not even the server's version line
        except ConnectionResetError:
            pass
    server.wait_log(r"refused 127\.0\.0\.3:\d+: not a proxy named by --proxy-from")
    assert "203.0.113.7" not in server.log()
