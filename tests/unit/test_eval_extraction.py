"""`eval extraction` on the shared benchmark pages, when that folder is present."""

from __future__ import annotations

import argparse

import pytest

from newswire.eval import extraction
from tests.conftest import SHARED_DATA

BENCHMARK = SHARED_DATA / "article-extraction-benchmark"


@pytest.mark.skipif(not (BENCHMARK / "ground-truth.json").exists(), reason=f"{BENCHMARK} is not present")
class TestEvalExtraction:
    def test_prints_both_extractors_on_a_few_pages(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A short run prints newswire's and trafilatura's scores and passes a modest F1 floor."""
        parser = argparse.ArgumentParser()
        extraction.add_arguments(parser)
        code = extraction.main(parser.parse_args([str(BENCHMARK), "--limit", "5", "--min-f1", "0.9"]))
        out = capsys.readouterr().out
        assert code == 0
        assert "newswire" in out
        assert "trafilatura" in out
