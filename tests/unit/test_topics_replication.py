"""How many replicas `newswire topics` gives each topic, and how many must hold a write."""

from __future__ import annotations

import pytest

from newswire.commands.topics import MIN_INSYNC, Replication, replication, wanted_topics
from newswire.config import Settings


class TestReplication:
    @pytest.mark.parametrize(
        ("brokers", "expected"),
        [(1, Replication(1, 1)), (2, Replication(2, 1)), (3, Replication(3, 2)), (6, Replication(3, 2))],
    )
    def test_min_of_three_and_the_brokers_all_but_one_in_sync_from_three(
        self, brokers: int, expected: Replication
    ) -> None:
        """min(3, brokers) replicas; min.insync.replicas = replicas - 1 from three replicas on, else 1."""
        assert replication(brokers) == expected

    def test_either_may_be_set(self) -> None:
        """A factor given sets the default in-sync count from it; an in-sync count given is kept."""
        assert replication(6, factor=5) == Replication(5, 4)
        assert replication(3, factor=2) == Replication(2, 1)
        assert replication(3, min_insync=3) == Replication(3, 3)

    def test_every_topic_is_created_with_both(self) -> None:
        """Input, output, dead letters and state all carry the factor and min.insync.replicas."""
        wanted = wanted_topics(Settings(), 6, Replication(3, 2))
        assert [(w.topic.replication, w.topic.configs[MIN_INSYNC], w.least[MIN_INSYNC]) for w in wanted] == [
            (3, "2", 2)
        ] * 4
