"""/metrics, /healthz (the process is alive) and /readyz (connected and assigned partitions)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest


class HealthServer:
    """A small HTTP server on its own daemon thread."""

    def __init__(self, host: str, port: int, registry: CollectorRegistry, ready: Callable[[], bool]) -> None:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path == "/metrics":
                    outer._reply(self, 200, generate_latest(registry), CONTENT_TYPE_LATEST)
                elif self.path == "/healthz":
                    outer._reply(self, 200, b"ok\n")
                elif self.path == "/readyz":
                    ok = ready()
                    outer._reply(self, 200 if ok else 503, b"ready\n" if ok else b"not ready\n")
                else:
                    outer._reply(self, 404, b"not found\n")

            def log_message(self, format: str, *args: object) -> None:
                return None  # scrapes every few seconds would drown the service's own logs

        self._server = ThreadingHTTPServer((host, port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, name="health", daemon=True)

    @staticmethod
    def _reply(handler: BaseHTTPRequestHandler, status: int, body: bytes, ctype: str = "text/plain") -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", ctype)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def start(self) -> HealthServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
