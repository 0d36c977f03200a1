"""The state log bundles a transaction's entries into one record and reads bundles and single entries alike."""

from __future__ import annotations

import json
from typing import Any

from newswire.pipeline import Pipeline
from newswire.pipeline.learned import DuplicateIndex, LearnedBoilerplate
from newswire.stream.clients import TopicPartition
from newswire.stream.state_log import StateLog
from tests.conftest import FakeEntities, FakeTopics, raw
from tests.unit.factories import wall_clock
from tests.unit.fakes import FakeConsumer, FakeLanguages, FakeLog


class Rec:
    def __init__(self, key: bytes, value: bytes, offset: int) -> None:
        self.key, self.value, self.offset, self.partition = key, value, offset, 0


def _tables() -> tuple[DuplicateIndex, LearnedBoilerplate]:
    return DuplicateIndex(86_400 * 7, clock=wall_clock), LearnedBoilerplate(2)


def _writer() -> StateLog:
    duplicates, learned = _tables()
    pipeline = Pipeline(FakeEntities(), FakeTopics(), FakeLanguages(), duplicates=duplicates, boilerplate=learned)
    pipeline.process([raw(url=f"https://news.example.com/{i}", body=f"Story {i}.\n\nSubscribe now.") for i in range(3)])
    return StateLog(None, "state", pipeline.state)


class TestBundles:
    def test_a_transaction_writes_one_record(self) -> None:
        """Fingerprints and boilerplate counts of three articles go out as one record."""
        [record] = _writer().records()
        assert record.key.startswith(b"batch:")
        keys = [key for key, _value in json.loads(record.value)["entries"]]
        assert sum(k.startswith("fp:") for k in keys) == 3 and any(k.startswith("bp:") for k in keys)

    def test_another_replica_learns_from_a_bundle_and_from_single_entries(self) -> None:
        """A bundle, a record in the earlier one-entry format, and a damaged record: the good ones are learned."""
        [bundle] = _writer().records()
        entries = json.loads(bundle.value)["entries"]
        duplicates, learned = _tables()
        reader = StateLog(None, "state", [duplicates, learned])
        first, *rest = [e for e in entries if e[0].startswith("fp:")]
        polled: list[Any] = [
            Rec(b"batch:a", json.dumps({"entries": [e for e in entries if e != first]}).encode(), 0),
            Rec(first[0].encode(), json.dumps(first[1]).encode(), 1),
            Rec(b"batch:b", b"{not json", 2),
        ]
        reader._apply(polled)
        assert len(duplicates) == 3 and len(rest) == 2
        assert len(learned) >= 1


class CountingTable:
    """A table that stages one entry per batch and remembers every entry applied to it."""

    prefix = "t"

    def __init__(self) -> None:
        self.applied: list[tuple[str, dict[str, Any]]] = []

    def apply(self, key: str, value: dict[str, Any]) -> None:
        self.applied.append((key, value))

    def pending(self) -> list[tuple[str, dict[str, Any]]]:
        return [("t:mine", {"n": 1})]

    def commit(self) -> None:
        return None

    def abort(self) -> None:
        return None


class TestOwnBundles:
    def test_a_replica_skips_its_own_bundles_and_learns_from_the_others(self) -> None:
        """What this replica wrote joined its tables at commit; read back, only other replicas' entries apply."""
        log = FakeLog()
        log.create("state")
        consumer = FakeConsumer(log)
        consumer.assign([TopicPartition("state", 0)])
        table = CountingTable()
        state = StateLog(consumer, "state", [table])
        [own] = state.records()
        log.append("state", own.value, [], key=own.key)
        log.append("state", json.dumps({"entries": [["t:theirs", {"n": 2}]]}).encode(), [], key=b"batch:other")
        state.refresh()
        assert table.applied == [("t:theirs", {"n": 2})]

    def test_a_restarted_replica_reads_its_own_bundles(self) -> None:
        """At start-up nothing is known as its own: every bundle on the topic is loaded."""
        log = FakeLog()
        log.create("state")
        [own] = StateLog(FakeConsumer(log), "state", [CountingTable()]).records()
        log.append("state", own.value, [], key=own.key)
        consumer = FakeConsumer(log)
        consumer.assign([TopicPartition("state", 0)])
        table = CountingTable()
        StateLog(consumer, "state", [table]).refresh()
        assert table.applied == [("t:mine", {"n": 1})]
