"""The state log bundles a transaction's entries into one record and reads bundles and single entries alike."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from structlog.testing import capture_logs

from newswire.errors import FatalStreamError
from newswire.pipeline import Pipeline
from newswire.pipeline.enrich.chain import enrichments
from newswire.pipeline.learned import DuplicateIndex, LearnedBoilerplate
from newswire.stream.clients import TopicPartition
from newswire.stream.records import ConsumedRecord
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
    pipeline = Pipeline(
        enrichments(FakeEntities(), FakeTopics()), FakeLanguages(), duplicates=duplicates, boilerplate=learned
    )
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

    def __len__(self) -> int:
        return len(self.applied)

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


class Trickle(FakeConsumer):
    """A consumer that hands over `room` records a poll, as one over a large topic does a fetch at a time."""

    room = 1

    def poll(self, timeout_ms: int = 0, max_records: int | None = None) -> dict[TopicPartition, list[ConsumedRecord]]:
        return super().poll(timeout_ms, min(max_records or self.room, self.room))


class TestLoad:
    def _log(self, bundles: int) -> FakeLog:
        """A state topic of `bundles` records, each the bundle of a batch of three articles."""
        log = FakeLog()
        log.create("state")
        for number in range(bundles):
            [record] = _writer().records()
            log.append("state", record.value, [], key=f"batch:{number}".encode())
        return log

    def test_a_long_load_says_how_far_it_is_and_what_it_holds(self) -> None:
        """Every PROGRESS_S of reading, one state_loading line; state_loaded at the end."""
        ticks = iter(range(0, 10_000, 4))  # each look at the clock: 4 s later
        duplicates, learned = _tables()
        reader = StateLog(Trickle(self._log(40)), "state", [duplicates, learned], clock=lambda: next(ticks))
        with capture_logs() as logs:
            reader.load(deadline_s=3_600, stopping=threading.Event())
        progress = [line for line in logs if line["event"] == "state_loading"]
        assert len(progress) >= 2 and [p["records"] for p in progress] == sorted(p["records"] for p in progress)
        assert all(p["end_offset"] == 40 and p["fp"] == 3 for p in progress)
        [done] = [line for line in logs if line["event"] == "state_loaded"]
        assert done["records"] == 40 and done["fp"] == 3 and done["bp"] >= 1

    def test_a_load_past_its_deadline_names_the_setting(self) -> None:
        ticks = iter(range(0, 10_000, 30))
        reader = StateLog(Trickle(self._log(10)), "state", list(_tables()), clock=lambda: next(ticks))
        with pytest.raises(FatalStreamError, match=r"took longer than 100s .* NEWSWIRE_STATE_LOAD_TIMEOUT_S"):
            reader.load(deadline_s=100, stopping=threading.Event())
