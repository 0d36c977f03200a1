"""Re-casing's sentence-start check looks back only over the spaces before a word, with the regex's answers."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from newswire.pipeline.enrich.entities import casing

#: The check as a regex over the whole text before the word: right, but quadratic in a paragraph's length.
_REFERENCE = re.compile(r"(?:^|[.!?:;\"“”(]\s+|\s-+\s+)$")


class TestSentenceStart:
    @given(st.text(alphabet=st.sampled_from(list(' \t\n\u00a0-.!?:;"“”(ab,')), max_size=30))
    def test_agrees_with_the_regex_before_any_word(self, prefix: str) -> None:
        """For any text before a word, the look-back gives the regex's answer."""
        line = prefix + "Word"
        assert casing._starts_sentence(line, len(prefix)) == bool(_REFERENCE.search(prefix))

    def test_a_line_with_nothing_to_recase_is_returned_as_it_is(self) -> None:
        """Ordinary lines come back unchanged and unflagged."""
        lines = ["Ministers met in Geneva.", "They agreed - again - to meet."]
        assert casing.recase(lines) == [(line, False) for line in lines]
