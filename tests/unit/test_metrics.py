"""The service's registry: process metrics, and the learned state's size against its limits."""

from __future__ import annotations

import sys

import pytest
from pydantic import ValidationError

from newswire.bootstrap import build_pipeline
from newswire.config import Settings
from newswire.observability.metrics import Metrics
from newswire.pipeline.learned import DuplicateIndex, Fingerprint, LearnedBoilerplate
from tests.unit.factories import wall_clock


def _fingerprint(i: int) -> Fingerprint:
    return Fingerprint(f"a{i}", f"hash{i}", f"{i:016x}", wall_clock() - 60)


class TestProcessMetrics:
    @pytest.mark.skipif(sys.platform != "linux", reason="prometheus-client reads process metrics from /proc")
    def test_memory_cpu_and_open_files_are_on_the_service_registry(self) -> None:
        """Resident memory, CPU seconds and open file descriptors of this process, as /metrics serves them."""
        value = Metrics().registry.get_sample_value
        assert (value("process_resident_memory_bytes") or 0) > 10 * 2**20
        assert (value("process_cpu_seconds_total") or 0) > 0
        assert (value("process_open_fds") or 0) >= 3
        assert (value("process_max_fds") or 0) >= (value("process_open_fds") or 0)


class TestLearnedStateGauges:
    def test_size_is_read_at_each_scrape_and_stops_at_the_limit(self) -> None:
        """The gauge follows the index as it fills, up to its limit, which is exported beside it."""
        metrics = Metrics()
        index = DuplicateIndex(86_400, clock=wall_clock, max_entries=3)
        metrics.watch_state({"duplicates": index})
        value = metrics.registry.get_sample_value
        assert value("newswire_learned_state_entries", {"table": "duplicates"}) == 0
        assert value("newswire_learned_state_max_entries", {"table": "duplicates"}) == 3
        for i in range(2):
            index.add(_fingerprint(i))
        assert value("newswire_learned_state_entries", {"table": "duplicates"}) == 2
        for i in range(2, 6):
            index.add(_fingerprint(i))
        assert value("newswire_learned_state_entries", {"table": "duplicates"}) == 3

    def test_the_service_exports_both_tables_with_their_default_limits(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """build_pipeline wires the duplicate index (200,000) and the boilerplate table (100,000)."""
        monkeypatch.setenv("NEWSWIRE_ENRICH_ENTITIES", "false")
        monkeypatch.setenv("NEWSWIRE_ENRICH_TOPICS", "false")
        metrics = Metrics()
        pipeline = build_pipeline(Settings(), metrics)
        assert pipeline.duplicates is not None and pipeline.boilerplate is not None
        value = metrics.registry.get_sample_value
        limits = {t: value("newswire_learned_state_max_entries", {"table": t}) for t in ("duplicates", "boilerplate")}
        assert limits == {"duplicates": 200_000, "boilerplate": 100_000}
        assert limits["duplicates"] == pipeline.duplicates.max_entries
        assert limits["boilerplate"] == pipeline.boilerplate.max_entries

    def test_the_duplicate_index_limit_is_a_setting(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """NEWSWIRE_DUPLICATE_INDEX_MAX_ENTRIES sizes the index and its exported limit; out of bounds it is refused."""
        monkeypatch.setenv("NEWSWIRE_ENRICH_ENTITIES", "false")
        monkeypatch.setenv("NEWSWIRE_ENRICH_TOPICS", "false")
        monkeypatch.setenv("NEWSWIRE_DUPLICATE_INDEX_MAX_ENTRIES", "500000")
        metrics = Metrics()
        pipeline = build_pipeline(Settings(), metrics)
        assert pipeline.duplicates is not None and pipeline.duplicates.max_entries == 500_000
        assert (
            metrics.registry.get_sample_value("newswire_learned_state_max_entries", {"table": "duplicates"}) == 500_000
        )
        monkeypatch.setenv("NEWSWIRE_DUPLICATE_INDEX_MAX_ENTRIES", "5000000")
        with pytest.raises(ValidationError, match="duplicate_index_max_entries"):
            Settings()

    def test_a_table_turned_off_has_no_series(self) -> None:
        """No boilerplate learning: no boilerplate series, so no alert on a table that does not exist."""
        metrics = Metrics()
        metrics.watch_state({"duplicates": None, "boilerplate": LearnedBoilerplate(max_entries=10)})
        value = metrics.registry.get_sample_value
        assert value("newswire_learned_state_entries", {"table": "duplicates"}) is None
        assert value("newswire_learned_state_max_entries", {"table": "boilerplate"}) == 10
