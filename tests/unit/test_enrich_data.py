"""Readers of the shared evaluation sets; skipped where /work/shared is not present."""

from __future__ import annotations

from pathlib import Path

import pytest

from newswire_tools.datasets.conll import join, part, read_documents
from newswire_tools.datasets.media_topics import load_ag, load_bbc
from newswire_tools.eval.entities import score

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
needs_data = pytest.mark.skipif(not DATA.is_dir(), reason=f"shared evaluation data not found at {DATA}")


@needs_data
class TestSharedSets:
    def test_conll_dev_counts_match_its_source_notes(self) -> None:
        """eng.testa: 216 documents, 3,250 sentences, 5,942 entities."""
        docs = list(read_documents(DATA / "conll2003" / "eng.testa"))
        assert (len(docs), sum(len(d) for d in docs)) == (216, 3250)
        assert sum(len(join(d)[1]) for d in docs) == 5942

    def test_conll_parts_split_eng_testa_by_day(self) -> None:
        """dev is eng.testa's first 108 documents (mostly 30 August 1996), test the other 108 (mostly 31 August)."""
        docs = list(read_documents(DATA / "conll2003" / "eng.testa"))
        dev, test = part(docs, "dev"), part(docs, "test")
        assert (len(dev), len(test)) == (108, 108)
        assert dev + test == docs == part(docs, "all")
        assert "1996-08-30" in dev[0][1].text and "1996-08-31" in test[-1][1].text

    def test_topic_sets_load_with_iptc_codes(self) -> None:
        """BBC has 1,485 articles here and AG News 3,800 rows, all mapped to IPTC codes."""
        bbc, ag = load_bbc(DATA / "bbc-news"), load_ag(DATA / "ag-news" / "dev.csv")
        assert (len(bbc), len(ag)) == (1485, 3800)
        assert all(s.code.startswith("medtop:") for s in [*bbc, *ag])


class TestParts:
    def test_an_unknown_part_is_refused(self) -> None:
        """A misspelt part is an error, never silently the whole file."""
        with pytest.raises(ValueError, match="unknown part"):
            part([], "train")


class TestScore:
    def test_exact_span_and_type_are_needed(self) -> None:
        """A right span with the wrong type counts as both a miss and a false alarm."""
        result = score([{(0, 5, "PER"), (10, 15, "LOC")}], [{(0, 5, "PER"), (10, 15, "ORG")}])
        assert result["PER"] == (1.0, 1.0, 1.0)
        assert result["ALL"][0] == 0.5
