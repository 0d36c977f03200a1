"""Shingle scoring used by `eval extraction`."""

from __future__ import annotations

import pytest

from newswire_tools.eval.shingles import match, score, shingles


class TestShingles:
    def test_four_token_runs_are_counted(self) -> None:
        """Each run of four word tokens is one shingle, punctuation ignored."""
        assert shingles("a b, c d e") == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}

    def test_short_text_is_one_shingle(self) -> None:
        """A text under four tokens still yields one shingle."""
        assert shingles("two words") == {("two", "words"): 1}


class TestMatch:
    def test_identical_texts_score_one(self) -> None:
        """Identical bodies give precision and recall of 1."""
        result = match("one two three four five", "one two three four five")
        assert (result.precision, result.recall) == (1.0, 1.0)

    def test_extra_text_lowers_precision_only(self) -> None:
        """Boilerplate added to a full body costs precision, not recall."""
        result = match("one two three four five", "one two three four five six seven")
        assert result.recall == 1.0
        assert result.precision == pytest.approx(2 / 4)

    def test_empty_prediction_has_zero_recall(self) -> None:
        """Nothing extracted means recall 0."""
        assert match("one two three four", "").recall == 0.0


class TestScore:
    def test_f1_is_taken_of_mean_precision_and_recall(self) -> None:
        """F1 combines the per-page means, not per-page F1s."""
        pages = [match("a b c d e", "a b c d e"), match("a b c d e", "a b c d e f g")]
        result = score(pages)
        assert result.recall == 1.0
        assert result.precision == pytest.approx(0.75)
        assert result.f1 == pytest.approx(2 * 0.75 / 1.75)
