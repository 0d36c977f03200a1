"""Content fingerprints: stable values (replicas read them back from the state topic), computed once per body."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newswire.pipeline.learned.boilerplate import MAX_TRACKED_CHARS
from newswire.pipeline.normalize import fingerprint
from newswire.pipeline.normalize.fingerprint import Fingerprinter, content_hash, simhash
from newswire.pipeline.words import WORD

STORY = "The harbour authority approved a plan on Monday to deepen the main shipping channel."


class TestFingerprints:
    @pytest.mark.parametrize(
        ("text", "exact", "near"),
        [
            (STORY, "321e5d9624867bed0bcf4ab2b0c9c2fd", "05b2889e53494230"),
            ("", "cae66941d9efbd404e4d88758ea67670", "e4a6a0577479b2b4"),
            ("Oslo", "b9d568a5786022e2fa09d9d4e5115fb2", "e364775dd3aa1e70"),
            ("Oslo harbour", "eb32e8116609c3db7e4d2c5312fe4f1a", "d357b9616b3b3339"),
        ],
    )
    def test_values_are_those_earlier_versions_wrote(self, text: str, exact: str, near: str) -> None:
        """The same hashes as every earlier version, including texts shorter than one shingle."""
        assert (content_hash(text), simhash(text)) == (exact, near)
        assert Fingerprinter()(text) == (exact, near)

    def test_case_spacing_and_punctuation_do_not_count(self) -> None:
        """Only the words, casefolded, make the fingerprints."""
        assert Fingerprinter()(STORY.upper().replace(" ", "\n\n  ")) == Fingerprinter()(STORY.rstrip("."))

    def test_a_body_met_again_gets_the_same_fingerprints(self) -> None:
        """A body seen before takes its SimHash from memory, and it is the one computed afresh."""
        fingerprint = Fingerprinter()
        first = fingerprint(STORY)
        assert fingerprint(STORY) == first == (content_hash(STORY), simhash(STORY))
        assert fingerprint(STORY + " Work begins in spring.")[1] != first[1]

    def test_memory_of_bodies_is_bounded(self) -> None:
        """Past MAX_KNOWN bodies the oldest is forgotten, and still fingerprinted right when met again."""
        fingerprint = Fingerprinter(remember=3)
        texts = [f"{STORY} Story number {i}." for i in range(5)]
        results = [fingerprint(t) for t in texts]
        assert len(fingerprint.known) == 3
        assert fingerprint(texts[0]) == results[0] == (content_hash(texts[0]), simhash(texts[0]))


def _plain_simhash(text: str, shingle: int = 3) -> str:
    """SimHash as first written: one BLAKE2b per shingle, then a vote per bit, one bit at a time."""
    words = WORD.findall(text.casefold())
    grams = [" ".join(words[i : i + shingle]) for i in range(len(words) - shingle + 1)] or [" ".join(words)]
    hashes = [int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "big") for g in grams]
    bits = [sum(h >> (63 - bit) & 1 for h in hashes) * 2 > len(hashes) for bit in range(64)]
    return f"{sum(1 << (63 - bit) for bit, on in enumerate(bits) if on):016x}"


class TestSimHashShortcut:
    @settings(max_examples=300)
    @given(
        st.lists(
            st.sampled_from(["harbour", "Oslo", "the", "ſtraße", "İstanbul", "é", "42", "_", " ", "\n\n", ".", "—"])
            | st.text(max_size=10),
            max_size=60,
        ).map(" ".join)
    )
    def test_simhash_is_the_plain_one(self, text: str) -> None:
        """Copied hashes fed each shingle give the SimHash one BLAKE2b per shingle gives."""
        assert simhash(text) == _plain_simhash(text)
        assert Fingerprinter()(text)[1] == _plain_simhash(text)

    @settings(max_examples=300)
    @given(
        st.lists(
            st.lists(
                st.sampled_from(["Harbour", "ΟΔΟΣ", "Σ", "ß", "ﬁsh", "İ", "K", "_", "4", " ", "\n", "\u2028", ".", "’"])
                | st.text(max_size=8),
                max_size=12,
            ).map("".join),
            max_size=8,
        )
    )
    def test_paragraphs_give_the_body_fingerprints(self, paragraphs: list[str]) -> None:
        """Fingerprints read paragraph by paragraph are those of the body, its paragraphs joined by blank lines."""
        assert Fingerprinter().paragraphs(paragraphs) == Fingerprinter()("\n\n".join(paragraphs))

    def test_only_the_paragraphs_learned_boilerplate_reads_are_remembered(self) -> None:
        """Short paragraphs' words are remembered, long ones' are not, and both read alike."""
        assert fingerprint.REMEMBERED_CHARS == MAX_TRACKED_CHARS
        fingerprint._remembered_words.cache_clear()
        short, long = STORY, " ".join([STORY] * 10)
        assert fingerprint.folded_words(short) == " ".join(WORD.findall(short.casefold()))
        assert fingerprint.folded_words(long) == " ".join(WORD.findall(long.casefold()))
        assert fingerprint._remembered_words.cache_info().currsize == 1
