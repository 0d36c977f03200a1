"""The golden set through `newswire process` gives exactly the committed output, in every configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.golden.golden import CONFIGS, differences, run


class TestGoldenSet:
    @pytest.mark.parametrize("config", list(CONFIGS))
    def test_output_is_byte_for_byte_the_expected(self, config: str, tmp_path: Path) -> None:
        """Articles and dead letters equal expected/CONFIG (`make golden REGENERATE=1` for an intended change)."""
        assert differences(config, run(config, tmp_path)) == []
