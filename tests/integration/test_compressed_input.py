"""Input batches compressed by their producer, with every codec Kafka has, on a real broker."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from kafka import KafkaProducer, codec

from tests.conftest import raw
from tests.integration.kafka_helpers import Service, Topics

pytestmark = pytest.mark.integration

CODECS = ("gzip", "snappy", "lz4", "zstd")


class TestCompressedInput:
    def test_every_codec_is_installed(self) -> None:
        """Without one, poll() raises UnsupportedCodecError for each batch compressed with it."""
        assert {name: getattr(codec, f"has_{name}")() for name in CODECS} == dict.fromkeys(CODECS, True)

    def test_batches_in_every_codec_are_published(self, topics: Topics, tmp_path: Path) -> None:
        """A replica reads what producers compressed with any codec, one article per record."""
        sent: list[str] = []
        for name in CODECS:
            producer = KafkaProducer(bootstrap_servers=topics.bootstrap, acks="all", compression_type=name)
            for i in range(3):
                url = f"https://news.example.com/{name}/{i}"
                producer.send(topics.input, key=url.encode(), value=raw(url=url, title=f"Packed story {i} in Oslo"))
                sent.append(url)
            producer.flush(timeout=30)
            producer.close()
        service = Service(topics.env(), tmp_path / "service.log")
        try:
            out = topics.read(topics.output, expected=len(sent))
            assert service.ready()
        finally:
            assert service.stop() == 0, service.log()
        assert sorted(json.loads(r.value)["url"] for r in out) == sorted(sent)
