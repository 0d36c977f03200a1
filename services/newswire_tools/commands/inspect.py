"""`newswire inspect`: serve a page of recent articles and dead letters, read with read_committed."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from newswire.commands import add
from newswire.config import Settings
from newswire.stream.clients import connect_consumer
from newswire_tools.viewer.browse import TopicReader
from newswire_tools.viewer.server import make_server
from newswire_tools.viewer.site import Site


def inspect(settings: Settings, *, host: str, port: int, recent: int) -> int:
    """Serve until interrupted; the topics are read afresh for every page."""
    consumer = connect_consumer(settings)
    reader = TopicReader(consumer, settings.call_timeout_s)
    for topic in (settings.output_topic, settings.dlq_topic):
        reader.recent(topic, 1)  # a missing topic or a silent broker is said now, not on the first page
    site = Site(reader, settings.output_topic, settings.dlq_topic, recent=recent)
    server = make_server(site, host, port)
    print(f"newswire inspect: http://{host}:{server.server_address[1]}/ (Ctrl-C to stop)", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        consumer.close(autocommit=False)
    return 0


def register(sub: Any) -> None:
    parser = add(sub, "inspect", _handle, help="serve a page of recent articles and dead letters (127.0.0.1)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, default=8765, help="default 8765; 0 picks a free one")
    parser.add_argument("--recent", type=int, default=30, metavar="N", help="articles on the front page (default 30)")


def _handle(args: argparse.Namespace, settings: Settings) -> int:
    return inspect(settings, host=args.host, port=args.port, recent=max(1, min(args.recent, 500)))
