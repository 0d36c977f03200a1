"""A real Apache Kafka broker for every integration test: the configured one, or a container."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import suppress

import pytest
from kafka.errors import KafkaError

from tests.conftest import BOOTSTRAP
from tests.integration.kafka_helpers import Topics


def _docker_answers() -> bool:
    try:
        import docker

        docker.from_env(timeout=3).ping()
    except Exception:
        return False
    return True


@pytest.fixture(scope="session")
def bootstrap() -> Iterator[str]:
    """NEWSWIRE_KAFKA_BOOTSTRAP_SERVERS (as `make test` sets it), else a testcontainers broker."""
    if BOOTSTRAP:
        yield BOOTSTRAP
        return
    if not _docker_answers():
        pytest.skip("no broker: set NEWSWIRE_KAFKA_BOOTSTRAP_SERVERS or run `make test`, which starts one")
    from testcontainers.kafka import KafkaContainer

    with KafkaContainer("apache/kafka:4.3.1").with_kraft() as kafka:
        yield kafka.get_bootstrap_server()


@pytest.fixture
def topics(bootstrap: str) -> Iterator[Topics]:
    """Fresh input, output and dead-letter topics and a fresh group, unique to this test; deleted after it."""
    created = Topics(bootstrap).create()
    yield created
    with suppress(KafkaError):  # tidying only: a broker that stopped answering fails the tests that need it
        created.delete()
