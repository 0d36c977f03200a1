"""The per-transaction time budget on a real broker: a backlog is committed in short transactions, exactly once."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import raw
from tests.integration.kafka_helpers import Service, Topics, wait_for

pytestmark = pytest.mark.integration


def test_a_backlog_is_cut_into_transactions_that_fit_the_budget(topics: Topics, tmp_path: Path) -> None:
    """With 1 ms of budget a 64-record poll is split into many transactions; every article still comes out once."""
    n = 48
    values = [
        raw(
            url=f"https://news.example.com/budget/{i}",
            title=f"Budget story {i} from Geneva",
            body=f"Ministers from {i} countries met in Geneva on day {i}.\n\nThey agreed on {i * 7} points.",
        )
        for i in range(n)
    ]
    topics.produce(values)
    env = topics.env(NEWSWIRE_BATCH_MAX_MS="1", NEWSWIRE_BATCH_MAX_RECORDS="64")
    service = Service(env, tmp_path / "service.log")
    try:
        out = topics.read(topics.output, expected=n)
        wait_for(lambda: service.metric("newswire_transactions_total") >= 1, 30, "the transaction counter")
        transactions = service.metric('newswire_transactions_total{outcome="committed"}')
    finally:
        assert service.stop() == 0, service.log()
    urls = [json.loads(r.value)["url"] for r in out]
    assert Counter(urls) == Counter(f"https://news.example.com/budget/{i}" for i in range(n))
    # Each article takes far more than 1 ms: after the first chunk, a transaction holds one record.
    assert transactions >= n / 2, f"{transactions} transactions for {n} records"
