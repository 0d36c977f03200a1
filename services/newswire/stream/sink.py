"""Writing a batch's output together with its consumed offsets: exactly-once or at-least-once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from newswire import failures
from newswire.stream.clients import BrokerError, Fenced, Offsets, Producer
from newswire.stream.deadlines import DeadlineRunner
from newswire.stream.records import OutRecord


class Sink(Protocol):
    """Writes one batch's records and commits its offsets, all or nothing where the mode allows."""

    def start(self) -> None: ...
    def commit(self, records: Sequence[OutRecord], offsets: Offsets, group_metadata: object) -> None: ...
    def close(self) -> None: ...


def _send_all(producer: Producer, records: Sequence[OutRecord]) -> None:
    for record in records:
        producer.send(record.topic, key=record.key, value=record.value, headers=record.headers)


class TransactionalSink:
    """Output, dead letters and offsets in one Kafka transaction (read_committed readers see all or none)."""

    def __init__(self, producer: Producer, deadline_s: float) -> None:
        self._producer = producer
        self._deadline = deadline_s
        self._runner = DeadlineRunner("producer-call")

    def start(self) -> None:
        # Fences any earlier producer with this transactional_id and aborts its open transaction.
        self._call(self._producer.init_transactions, "init_transactions")

    def _call(self, fn: Callable[[], object], what: str) -> None:
        try:
            self._runner.call(fn, self._deadline, what)
        except Fenced as exc:
            raise failures.fenced(what) from exc

    def commit(self, records: Sequence[OutRecord], offsets: Offsets, group_metadata: object) -> None:
        """All or nothing; an error the transaction can recover from aborts it, anything else is fatal."""
        try:
            self._call(self._producer.begin_transaction, "begin_transaction")
            self._call(lambda: _send_all(self._producer, records), "send")
            self._call(lambda: self._producer.send_offsets_to_transaction(offsets, group_metadata), "send_offsets")
            self._call(self._producer.commit_transaction, "commit_transaction")
        except BrokerError as exc:
            try:
                self._call(self._producer.abort_transaction, "abort_transaction")
            except BrokerError as abort_failure:
                raise failures.unabortable(abort_failure) from abort_failure
            raise failures.aborted(exc) from exc

    def close(self) -> None:
        self._runner.close()
        self._producer.close(timeout=self._deadline)


class AtLeastOnceSink:
    """Output flushed first, offsets committed after: a crash in between repeats the batch."""

    def __init__(self, producer: Producer, commit_offsets: Callable[[Offsets], None], deadline_s: float) -> None:
        self._producer = producer
        self._commit_offsets = commit_offsets
        self._deadline = deadline_s

    def start(self) -> None:
        return None

    def commit(self, records: Sequence[OutRecord], offsets: Offsets, group_metadata: object) -> None:
        try:
            futures = [self._producer.send(r.topic, key=r.key, value=r.value, headers=r.headers) for r in records]
            self._producer.flush(timeout=self._deadline)
            for future in futures:
                future.get(timeout=self._deadline)
            self._commit_offsets(offsets)
        except BrokerError as exc:
            raise failures.not_committed(exc) from exc

    def close(self) -> None:
        self._producer.close(timeout=self._deadline)
