"""The pipeline's word patterns differ where their comments say they do, and only there."""

from __future__ import annotations

import pytest

from newswire.pipeline import words

TEXT = "Don't miss 3x3 basketball: TV2's Zürich café, 5-a-side"


class TestWordPatterns:
    def test_fingerprint_words_are_any_script(self) -> None:
        """Accents and apostrophes: the text is compared in any language, punctuation ignored."""
        assert words.WORD.findall(TEXT.casefold()) == [
            "don",
            "t",
            "miss",
            "3x3",
            "basketball",
            "tv2",
            "s",
            "zürich",
            "café",
            "5",
            "a",
            "side",
        ]

    def test_topic_features_keep_an_apostrophes_ending(self) -> None:
        assert words.TOPIC_FEATURE.findall(TEXT.lower())[:2] == ["don't", "miss"]
        assert "tv2's" in words.TOPIC_FEATURE.findall(TEXT.lower())

    def test_lexicon_words_are_letters_so_a_digit_ends_one(self) -> None:
        assert words.LEXICON_WORD.findall("tv2 3x3") == ["tv", "x"]

    def test_vocabulary_terms_keep_their_digits(self) -> None:
        assert words.TERM_WORD.findall("3x3 basketball, football 5-a-side") == [
            "3x3",
            "basketball",
            "football",
            "5",
            "a",
            "side",
        ]

    @pytest.mark.parametrize("pattern", [words.TOPIC_FEATURE, words.LEXICON_WORD, words.TERM_WORD])
    def test_the_enrichment_patterns_read_ascii_only(self, pattern: object) -> None:
        """Lowered non-ASCII letters are not word characters to the topic classifiers."""
        import re

        assert isinstance(pattern, re.Pattern)
        assert pattern.findall("zürich") == ["z", "rich"]
