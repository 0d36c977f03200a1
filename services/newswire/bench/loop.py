"""The bare kafka-python loop newswire is measured against: consume, produce unchanged, one transaction per batch.

    python -m newswire.bench.loop BOOTSTRAP INPUT OUTPUT GROUP
runs until SIGTERM; read_committed, offsets sent in each batch's transaction, like the service.
"""

from __future__ import annotations

import signal
import sys
import threading

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.structs import OffsetAndMetadata

BATCH = 64


def main(bootstrap: str, source: str, target: str, group: str) -> int:
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda _signum, _frame: stopping.set())
    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=group,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        isolation_level="read_committed",
        max_poll_records=BATCH,
    )
    producer = KafkaProducer(
        bootstrap_servers=bootstrap, transactional_id=f"{group}-loop", enable_idempotence=True, acks="all"
    )
    consumer.subscribe([source])
    producer.init_transactions()
    while not stopping.is_set():
        polled = consumer.poll(timeout_ms=500, max_records=BATCH)
        if not polled:
            continue
        producer.begin_transaction()
        offsets: dict[TopicPartition, OffsetAndMetadata] = {}
        for tp, records in polled.items():
            for record in records:
                producer.send(target, key=record.key, value=record.value)
            offsets[tp] = OffsetAndMetadata(records[-1].offset + 1, "", -1)
        producer.send_offsets_to_transaction(offsets, consumer.group_metadata())
        producer.commit_transaction()
    consumer.close(autocommit=False)
    producer.close(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
