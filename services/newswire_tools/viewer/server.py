"""The HTTP side of `newswire inspect`: one request at a time (the Kafka consumer is not thread-safe)."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

import structlog

from newswire_tools.viewer.html import SECURITY_HEADERS
from newswire_tools.viewer.site import MAX_QUERY, Site

log = structlog.get_logger("newswire.inspect")


def make_server(site: Site, host: str, port: int) -> HTTPServer:
    """A server answering GET / (and /?q=ID-or-URL); anything else is 404."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path[: MAX_QUERY * 4])
            if parts.path != "/":
                self._reply(404, b"not found\n", "text/plain; charset=utf-8")
                return
            query = parse_qs(parts.query).get("q", [""])[0]
            status, text = site.render(query)
            self._reply(status, text.encode(), "text/html; charset=utf-8")

        def _reply(self, status: int, body: bytes, ctype: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            for name, value in SECURITY_HEADERS.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            log.info("request", status=args[1] if len(args) > 1 else None, path=urlsplit(self.path).path)

    return HTTPServer((host, port), Handler)
