"""Content fingerprints: an exact hash and a 64-bit SimHash for near-duplicate detection."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import lru_cache
from itertools import repeat

from newswire.pipeline.memory import Memory
from newswire.pipeline.words import WORD as _WORD

#: Each shingle's 64-bit hash is BLAKE2b's with an 8-byte digest. Copying this fresh hash and
#: feeding it the shingle gives the digest `blake2b(shingle, digest_size=8)` gives, in about two
#: thirds of the time: the constructor reads its keyword arguments and sets up the parameter block
#: on every call, a copy does neither. Mapped over all shingles at once, so no Python code runs per shingle.
_FRESH64 = hashlib.blake2b(digest_size=8)
_BLAKE2B = type(_FRESH64)


def content_hash(text: str) -> str:
    """Exact-content fingerprint, insensitive to case and whitespace."""
    return _content_hash(_WORD.findall(text.casefold()))


def simhash(text: str, shingle: int = 3) -> str:
    """64-bit SimHash over word shingles, as 16 hex digits; near-identical texts differ in few bits."""
    return _simhash(_WORD.findall(text.casefold()), shingle)


#: Paragraphs up to this long have their words remembered by folded_words: the ones learned
#: boilerplate reads (its MAX_TRACKED_CHARS). Longer ones are split each time they are read, so what
#: is remembered stays small whatever the articles' paragraphs.
REMEMBERED_CHARS = 600


def folded_words(paragraph: str) -> str:
    """A paragraph's words, case-folded, one space apart: what content fingerprints and learned
    boilerplate read of it. A short paragraph's are remembered for the last REMEMBERED paragraphs,
    a batch's worth (256 articles of about 20): learned boilerplate reads an article's paragraphs at
    normalize and the fingerprints read them at the end, so each is split once."""
    return _remembered_words(paragraph) if len(paragraph) <= REMEMBERED_CHARS else _folded_words(paragraph)


def _folded_words(paragraph: str) -> str:
    return " ".join(_WORD.findall(paragraph.casefold()))


REMEMBERED = 8192
_remembered_words = lru_cache(maxsize=REMEMBERED)(_folded_words)


class Fingerprinter:
    """content_hash and simhash of article bodies. A body met again (a redelivered record, a page
    crawled again unchanged) takes its SimHash from the last MAX_KNOWN bodies by content hash: the
    same words give the same SimHash, and hashing every shingle again is most of the cost."""

    MAX_KNOWN = 10_000

    def __init__(self, remember: int = MAX_KNOWN) -> None:
        self.known: Memory[str, str] = Memory(remember)

    def __call__(self, text: str) -> tuple[str, str]:
        return self._of(_WORD.findall(text.casefold()))

    def paragraphs(self, paragraphs: Iterable[str]) -> tuple[str, str]:
        """As called with the paragraphs joined by blank lines, an article's body: case folding reads
        one character at a time and no word spans a line break, so the body's words are its
        paragraphs' words in order."""
        joined = " ".join(filter(None, map(folded_words, paragraphs)))
        return self._of(joined.split(" ") if joined else [])

    def _of(self, words: list[str]) -> tuple[str, str]:
        exact = _content_hash(words)
        return exact, self.known.recall(exact, lambda: _simhash(words, 3))


def _content_hash(words: list[str]) -> str:
    return hashlib.blake2b(" ".join(words).encode(), digest_size=16).hexdigest()


def _simhash(words: list[str], shingle: int) -> str:
    import numpy as np

    # Fewer words than a shingle: one shingle of them all (the empty text's is ""). The shifted
    # copies are of unequal length on purpose: zip stops at the last whole shingle.
    shifted = (words[i:] for i in range(shingle))
    texts = map(" ".join, zip(*shifted, strict=False)) if len(words) >= shingle else [" ".join(words)]
    grams = list(map(str.encode, texts))
    hashes = list(map(_BLAKE2B.copy, repeat(_FRESH64, len(grams))))
    any(map(_BLAKE2B.update, hashes, grams))  # update returns None: any() runs it over every pair
    digests = b"".join(map(_BLAKE2B.digest, hashes))
    # One row of 64 bits per shingle, most significant first; a bit is set where most shingles set it.
    ones = np.unpackbits(np.frombuffer(digests, dtype=np.uint8).reshape(-1, 8), axis=1).sum(axis=0)
    return np.packbits(ones * 2 > len(digests) // 8).tobytes().hex()
