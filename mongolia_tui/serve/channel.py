"""The session channel, with bounds asyncssh does not set: environment requests and output.

asyncssh keeps every ``env`` request a client sends, whatever its count or size (20,000
requests of 30 KB grew a server to 1.6 GB), and queues a session's output without bound for a
client that advertises a huge window and never reads. This channel keeps only the variables a
child may have (:data:`PASSED_ENV`), refuses long ones, and closes the connection of a client
that keeps asking; :func:`pending_output` says how much output waits for a client.
"""

from __future__ import annotations

import asyncio

import asyncssh

from mongolia_tui.serve.limits import ENV_REQUESTS, ENV_VALUE_LIMIT, PROG

#: Variables of the visitor's own environment a child may have (short, printable).
PASSED_ENV = ("COLORTERM", "NO_COLOR")


class BoundedChannel(asyncssh.SSHServerChannel[bytes]):
    """A server session channel whose ``env`` requests are bounded."""

    env_requests: int
    passed: dict[str, str]

    @classmethod
    def adopt(cls, chan: asyncssh.SSHServerChannel[bytes]) -> BoundedChannel:
        """Make a channel asyncssh created into a bounded one (same object, same state)."""
        chan.__class__ = cls
        assert isinstance(chan, BoundedChannel)
        chan.env_requests = 0
        chan.passed = {}
        return chan

    def _process_env_request(self, packet: asyncssh.packet.SSHPacket) -> bool:
        name, value = packet.get_string(), packet.get_string()
        packet.check_end()
        self.env_requests += 1
        if self.env_requests > ENV_REQUESTS:
            # A client that keeps asking is not a terminal setting its locale: close it.
            conn = self.get_connection()
            asyncio.get_running_loop().call_soon(
                conn.disconnect,
                asyncssh.DISC_BY_APPLICATION,
                f"{PROG}: too many environment requests",
            )
            return False
        try:
            key, text = name.decode("ascii"), value.decode("utf-8")
        except UnicodeDecodeError:
            return False
        if key not in PASSED_ENV or len(value) > ENV_VALUE_LIMIT or not text.isprintable():
            return False  # not kept: sshd without AcceptEnv answers the same
        self.passed[key] = text
        return True


def pending_output(chan: asyncssh.SSHServerChannel[bytes]) -> int:
    """Bytes written for a client that it has not taken yet: in the channel (past its window)
    and in the connection's transport (asyncssh does not pause a session when the socket is
    full, so a client with a huge window that never reads leaves them there)."""
    pending = chan.get_write_buffer_size()
    transport = getattr(chan.get_connection(), "_transport", None)
    if isinstance(transport, asyncio.WriteTransport):
        pending += transport.get_write_buffer_size()
    return pending
