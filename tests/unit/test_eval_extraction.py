"""`eval extraction` on the shared benchmark pages, when that folder is present."""

from __future__ import annotations

import argparse
import json

import pytest

from newswire_tools.eval import extraction
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

    def test_scores_each_part_and_one_part_alone(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Pages split dev/test by position in id order; --part test scores only the test pages."""
        parser = argparse.ArgumentParser()
        extraction.add_arguments(parser)
        assert extraction.main(parser.parse_args([str(BENCHMARK), "--limit", "3"])) == 0
        both = capsys.readouterr().out
        assert extraction.main(parser.parse_args([str(BENCHMARK), "--part", "test", "--limit", "1", "--pages"])) == 0
        one = capsys.readouterr().out
        assert [line.split()[1] for line in both.splitlines() if line.startswith("newswire")] == ["dev", "test", "all"]
        assert [line.split()[1] for line in one.splitlines() if line.startswith("newswire")] == ["test"]
        ids = sorted(json.loads((BENCHMARK / "ground-truth.json").read_text(encoding="utf-8")))
        assert one.splitlines()[1].startswith(ids[1][:12])


class TestParts:
    def test_even_positions_are_dev_and_odd_are_test(self) -> None:
        """The split rule is fixed: position in id order, even dev, odd test."""
        assert [extraction.part_of(n) for n in range(4)] == ["dev", "test", "dev", "test"]
