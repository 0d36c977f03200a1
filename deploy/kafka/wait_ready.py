"""Wait until a Kafka broker answers real protocol requests.

A TCP connect succeeds as soon as the socket is bound, well before the node has
caught up with its metadata log and registered itself as a broker. This script
instead asks for the cluster description and the topic list (read-only: it
creates and deletes nothing) and retries until both answer or a deadline passes.

Usage: python wait_ready.py 127.0.0.1:19092[,127.0.0.1:19093...] [--brokers N] [--timeout 90]
(--brokers: how many unfenced brokers the cluster must count, default 1)
Exit status 0 when ready, 1 on timeout.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time

from kafka import KafkaAdminClient


def probe(bootstrap: str, timeout_s: float, brokers: int = 1) -> str:
    """Run one describe_cluster()/list_topics() round; return a summary."""
    ms = max(1000, int(timeout_s * 1000))
    admin = KafkaAdminClient(
        bootstrap_servers=bootstrap,
        client_id="newswire-wait-ready",
        request_timeout_ms=ms,
        bootstrap_timeout_ms=ms,
        # The default exponential reconnect backoff grows to several seconds
        # while the port is still closed, delaying detection of a ready broker.
        reconnect_backoff_ms=100,
        reconnect_backoff_max_ms=500,
    )
    try:
        cluster = admin.describe_cluster()
        topics = admin.list_topics()
    finally:
        admin.close()
    # DescribeCluster also lists fenced brokers (not yet caught up with the
    # metadata log, or shutting down); those reject produce/fetch requests.
    unfenced = [b for b in cluster.get("brokers") or [] if not b.get("is_fenced")]
    if len(unfenced) < brokers:
        raise RuntimeError(f"cluster reports {len(unfenced)} unfenced broker(s) of {brokers} yet")
    return f"cluster_id={cluster.get('cluster_id')} brokers={len(unfenced)} topics={len(topics)}"


def wait_ready(bootstrap: str, timeout_s: float, interval_s: float = 1.0, brokers: int = 1) -> bool:
    """Retry probe() until it succeeds or timeout_s elapses."""
    deadline = time.monotonic() + timeout_s
    last_error = "no attempt made"
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            print(f"wait_ready: {bootstrap} not ready after {timeout_s:.0f}s: {last_error}", file=sys.stderr)
            return False
        try:
            summary = probe(bootstrap, min(10.0, remaining), brokers)
        except Exception as exc:  # any failure just means "not yet"
            last_error = f"{type(exc).__name__}: {exc}"
            time.sleep(min(interval_s, max(0.0, deadline - time.monotonic())))
            continue
        print(f"wait_ready: {bootstrap} ready ({summary})", file=sys.stderr)
        return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bootstrap", help="host:port of the broker (or several, comma-separated)")
    parser.add_argument("--brokers", type=int, default=1, help="unfenced brokers to wait for")
    parser.add_argument("--timeout", type=float, default=90.0, help="seconds")
    parser.add_argument("-v", "--verbose", action="store_true", help="show kafka-python's own log messages")
    args = parser.parse_args(argv)
    # kafka-python logs every refused connection at WARNING/ERROR while the
    # broker is still starting; that noise is expected here.
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.CRITICAL)
    return 0 if wait_ready(args.bootstrap, args.timeout, brokers=args.brokers) else 1


if __name__ == "__main__":
    sys.exit(main())
