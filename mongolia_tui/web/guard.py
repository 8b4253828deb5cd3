"""Who may use the page: a random token in the URL (as Jupyter does), then a cookie.

Every route answers 403 without the token: the page, its websocket, its static files and its
downloads. The printed URL carries the token; the page's response sets it as a cookie (HttpOnly,
SameSite=Strict) so the websocket and downloads, whose URLs textual-serve's script builds
without it, are let in too. Tokens are compared in constant time. A websocket must also come
from the page's own origin (no other site can open a session with the visitor's cookie).
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

#: Headers on every answer: nothing is loaded from elsewhere, framed, sniffed or referred.
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def new_token() -> str:
    """A fresh access token (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def content_policy(host: str) -> str:
    """The page's Content-Security-Policy: its own files and its own websocket only."""
    return (
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        f"font-src 'self'; img-src 'self' data:; connect-src 'self' ws://{host} wss://{host}; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )


def same_origin(request: web.Request) -> bool:
    """A request without an Origin (not from a page), or from a page of this very server."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    return urlsplit(origin).netloc.lower() == request.host.lower()


class Guard:
    """The token check, as an aiohttp middleware."""

    def __init__(self, token: str, cookie: str) -> None:
        self.token = token
        self.cookie = cookie  # one name per port: cookies are shared by every port of a host

    def allows(self, candidate: str | None) -> bool:
        """Whether ``candidate`` is the token (constant time)."""
        if not candidate:
            return False
        return hmac.compare_digest(candidate.encode("utf-8", "replace"), self.token.encode())

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """403 without the token; the security headers on every answer."""
        in_url = self.allows(request.query.get("token"))
        if not (in_url or self.allows(request.cookies.get(self.cookie))):
            return forbidden("This page needs the link with its token, as the server printed it.")
        if not same_origin(request):
            return forbidden("Requests from another site are refused.")
        response = await handler(request)
        if in_url and not response.prepared:
            response.set_cookie(self.cookie, self.token, httponly=True, samesite="Strict", path="/")
        if not response.prepared:
            response.headers.update(SECURITY_HEADERS)
            response.headers["Content-Security-Policy"] = content_policy(request.host)
        return response


def forbidden(message: str) -> web.Response:
    """A plain 403 that says why."""
    response = web.Response(status=403, text=message + "\n")
    response.headers.update(SECURITY_HEADERS)
    return response
