"""The bare kafka-python loop newswire is measured against: consume, produce unchanged, one transaction per batch.

    python -m newswire_tools.bench.loop BOOTSTRAP INPUT OUTPUT GROUP
runs until SIGTERM; read_committed, offsets sent in each batch's transaction, like the service, with
kafka-python's own defaults (stream.clients.connect_bare: only the connection's security settings are shared).
"""

from __future__ import annotations

import signal
import sys
import threading

from newswire.config import Settings
from newswire.stream.clients import connect_bare, offsets_after

BATCH = 64


def main(bootstrap: str, source: str, target: str, group: str) -> int:
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda _signum, _frame: stopping.set())
    settings = Settings(kafka_bootstrap_servers=bootstrap, group_id=group)
    consumer, producer = connect_bare(settings, BATCH)
    consumer.subscribe([source])
    producer.init_transactions()
    while not stopping.is_set():
        polled = consumer.poll(timeout_ms=500, max_records=BATCH)
        if not polled:
            continue
        producer.begin_transaction()
        records = [record for batch in polled.values() for record in batch]
        for record in records:
            producer.send(target, key=record.key, value=record.value)
        producer.send_offsets_to_transaction(offsets_after(records), consumer.group_metadata())
        producer.commit_transaction()
    consumer.close(autocommit=False)
    producer.close(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
