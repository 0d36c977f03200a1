"""Shortcuts in text normalization give exactly what the plain forms they replace give."""

from __future__ import annotations

import html
import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from newswire.pipeline.normalize import boilerplate, dom, fields, text

#: Pieces that make the boilerplate patterns match, in any case, and the letters lowering treats apart.
_PIECES = [
    "Related", "see also", "READ MORE", "Don’t miss", "more from The Desk", "Watch", "Listen", "advertisement",
    "Share this article", "12 comments", "leave a reply", "Copyright", "©", "(c)", "all rights reserved",
    "Filed under", "Tags", "Updated", "last updated at", "posted on", "[caption id=1]", "[/caption]", "[AFP]",
    "follow us on Twitter", "Follow Jane Doe on x", "sign up", "newsletters", "inbox", "click here to register",
    "listen back", "live", "for as little as", "$5", "12 issues for", "rs. 99", "use the promo code",
    "Morning Newsletter", "İ", "ı", "ſ", "K", "iſſues", "SİGN UP", "ſubſcribe", ":", "|", "»", " ", "  ", "-",
    "•", "*", "\t", ".", "0", "word", "The council met on Monday",
]  # fmt: skip
_LINES = st.lists(st.sampled_from(_PIECES) | st.text(max_size=12), max_size=12).map("".join)


def _plain_is_boilerplate(line: str) -> bool:
    if len(line) > boilerplate.MAX_LINE_CHARS:
        return False
    stripped = line.strip(" \t-•*")
    return bool(
        boilerplate._LINE.match(stripped)
        or boilerplate._ANYWHERE.search(stripped)
        or boilerplate._NEWSLETTER_TITLE.match(stripped)
    )


def _plain_lines(dump: str) -> list[str]:
    return [re.sub(r"[ \t\u00a0]+", " ", line[: text.MAX_LINE_CHARS]).strip() for line in dump.splitlines()]


def _plain_looks_binary(sample: str) -> bool:
    sample = sample[:4096]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\r\n\f") + sample.count("\ufffd")
    return controls > len(sample) * 0.05


class TestShortcuts:
    @settings(max_examples=600)
    @given(_LINES)
    def test_boilerplate_quick_tests_never_skip_a_match(self, line: str) -> None:
        """A line is boilerplate exactly when the patterns alone say so."""
        assert boilerplate.is_boilerplate(line) == _plain_is_boilerplate(line)

    def test_boilerplate_lines_of_every_pattern_still_match(self) -> None:
        """A line for each way a pattern matches, also through the dotted and dotless i and long s, is found."""
        lines = [
            "Related: the harbour plan", "See also » more news", "Most read", "3 comments", "Leave a comment",
            "(c) 2024 The Paper", "Some text. All Rights Reserved.", "Filed under: Politics", "Topics: a, b",
            "Updated 12:30 GMT", "[caption id=1]A photo[/caption]", "Harbour council votes [AFP]",
            "Follow Jane Doe on Twitter for more", "Subscribe to our newsletter today",
            "Get it for just $1 a week", "Use promo code SAVE", "Morning Newsletter", "Got a tip? Write to us",
            "Fıled under: Politics", "İssues: Filed under: x", "Liſten to the show live", "ſhare this story",
        ]  # fmt: skip
        for line in lines:
            assert boilerplate.is_boilerplate(line) == _plain_is_boilerplate(line), line
        assert sum(map(boilerplate.is_boilerplate, lines)) >= len(lines) - 2

    @settings(max_examples=300)
    @given(
        st.lists(
            st.sampled_from(["word", " ", "\t", "\u00a0", "\n", "\r\n", "\r", "\x0b", "\x0c", "\x1c", "\u2028", "\x85"])
            | st.text(max_size=8),
            max_size=40,
        ).map("".join)
    )
    def test_lines_are_read_as_one_line_at_a_time(self, dump: str) -> None:
        """Spaces squeezed over the whole text give the lines squeezed one by one."""
        assert text._lines(dump) == _plain_lines(dump)

    def test_long_lines_are_still_cut_before_squeezing(self) -> None:
        """A line over MAX_LINE_CHARS is cut first, then squeezed, as before."""
        dump = "a  b\n" + "x " * text.MAX_LINE_CHARS + "\n\tc\u00a0 d"
        assert text._lines(dump) == _plain_lines(dump)

    @settings(max_examples=300)
    @given(st.text(alphabet=st.characters(max_codepoint=0x40) | st.sampled_from("\ufffd\x7fé"), max_size=300))
    def test_binary_is_counted_as_before(self, sample: str) -> None:
        """Control characters and U+FFFD are counted as the character-by-character count did."""
        assert dom.looks_binary(sample) == _plain_looks_binary(sample)

    @settings(max_examples=300)
    @given(
        st.lists(
            st.sampled_from(["word", " ", "\t", "\u00a0", "\u2003", "\u200b", "\u3000", "&amp;", "&nbsp;", "&#9;"])
            | st.sampled_from(["e\u0301", "\n", "\u2028"])
            | st.text(max_size=6),
            max_size=30,
        ).map("".join)
    )
    def test_clean_text_squeezes_spaces_as_one_pattern_did(self, raw: str) -> None:
        """Entities decoded, NFC, each run of spaces of any kind one space, ends stripped."""
        plain = re.sub(r"[ \t\u00a0\u2000-\u200b\u3000]+", " ", unicodedata.normalize("NFC", html.unescape(raw)))
        assert fields.clean_text(raw) == plain.strip()
