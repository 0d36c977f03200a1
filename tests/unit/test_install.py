"""What `make install` puts in place for speed."""

from __future__ import annotations

import crc32c
from kafka.record import util


class TestInstall:
    def test_kafka_checks_crcs_with_the_c_implementation(self) -> None:
        """kafka-python picks up the crc32c package instead of its pure-Python CRC32C."""
        assert util._crc32c is crc32c.crc32c
        assert util.calc_crc32c(b"123456789") == 0xE3069283  # the CRC-32C check value
