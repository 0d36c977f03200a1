"""The example consumer of docs/consuming.md, run as written against the service's real output."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from kafka import KafkaConsumer, TopicPartition

from newswire.contracts import DeadLetterReason
from tests.conftest import ROOT, raw
from tests.integration.kafka_helpers import Service, Topics

pytestmark = pytest.mark.integration

GUIDE = ROOT / "docs" / "consuming.md"


def _example(topics: Topics, group: str) -> str:
    """The guide's Python block pointed at this test's topics, ending once nothing arrives for 10 s."""
    [code] = re.findall(r"```python\n(.*?)```", GUIDE.read_text(encoding="utf-8"), flags=re.S)
    for old, new in {
        '"news.articles.v1"': repr(topics.output),
        '"news.raw.v1.dlq"': repr(topics.dlq),
        '"127.0.0.1:9092"': repr(topics.bootstrap),
        '"my-team"': repr(group),
        'auto_offset_reset="earliest",': 'auto_offset_reset="earliest", consumer_timeout_ms=10_000,',
    }.items():
        assert old in code, f"the guide's example no longer has {old}"
        code = code.replace(old, new)
    return code


class TestExampleConsumer:
    def test_prints_originals_and_dead_letters_and_commits(
        self, topics: Topics, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An original is printed, its copy from another URL is not, a bad record shows its reason; offsets commit."""
        body = "Ministers from Norway and Chile met in Geneva on Tuesday.\n\nThey agreed to meet again in March."
        original = raw(url="https://one.example.com/story", title="Ministers meet in Geneva", body=body)
        copy = raw(url="https://two.example.org/copied", title="Ministers meet", body=body)
        topics.produce([original, copy, b"not json"], key=lambda i: b"one-partition")
        env = topics.env(NEWSWIRE_ENRICH_ENTITIES="false", NEWSWIRE_ENRICH_TOPICS="false")
        service = Service(env, tmp_path / "service.log")
        try:
            articles = topics.read(topics.output, expected=2)
            [letter] = topics.read(topics.dlq, expected=1)
        finally:
            assert service.stop() == 0, service.log()
        first = next(json.loads(r.value) for r in articles if "one.example.com" in json.loads(r.value)["url"])
        reason = DeadLetterReason.from_headers(letter.headers)

        group = f"{topics.prefix}-reader"
        exec(compile(_example(topics, group), str(GUIDE), "exec"), {})  # the guide's own code, as a reader copies it

        printed = capsys.readouterr().out.splitlines()
        assert sorted(printed) == sorted(
            [
                f"{first['id']} Ministers meet in Geneva []",
                f"dead letter validate not_json {reason.error_message}",
            ]
        ), printed
        reader = KafkaConsumer(bootstrap_servers=topics.bootstrap, group_id=group, enable_auto_commit=False)
        try:
            for record in [*articles, letter]:
                committed = reader.committed(TopicPartition(record.topic, record.partition))
                assert committed is not None and committed > record.offset
        finally:
            reader.close(autocommit=False)
