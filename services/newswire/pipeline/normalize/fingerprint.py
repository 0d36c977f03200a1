"""Content fingerprints: an exact hash and a 64-bit SimHash for near-duplicate detection."""

from __future__ import annotations

import hashlib
import operator
from functools import partial

from newswire.pipeline.words import WORD as _WORD

#: Each shingle's 64-bit hash; mapped over all shingles at once, so no Python code runs per shingle.
_HASH64 = partial(hashlib.blake2b, digest_size=8)
_DIGEST = operator.methodcaller("digest")


def content_hash(text: str) -> str:
    """Exact-content fingerprint, insensitive to case and whitespace."""
    return _content_hash(_WORD.findall(text.casefold()))


def simhash(text: str, shingle: int = 3) -> str:
    """64-bit SimHash over word shingles, as 16 hex digits; near-identical texts differ in few bits."""
    return _simhash(_WORD.findall(text.casefold()), shingle)


class Fingerprinter:
    """content_hash and simhash of article bodies. A body met again (a redelivered record, a page
    crawled again unchanged) takes its SimHash from the last MAX_KNOWN bodies by content hash: the
    same words give the same SimHash, and hashing every shingle again is most of the cost."""

    MAX_KNOWN = 10_000

    def __init__(self) -> None:
        self._known: dict[str, str] = {}

    def __call__(self, text: str) -> tuple[str, str]:
        words = _WORD.findall(text.casefold())
        exact = _content_hash(words)
        near = self._known.get(exact)
        if near is None:
            near = self._known[exact] = _simhash(words, 3)
            if len(self._known) > self.MAX_KNOWN:
                del self._known[next(iter(self._known))]  # the oldest
        return exact, near


def _content_hash(words: list[str]) -> str:
    return hashlib.blake2b(" ".join(words).encode(), digest_size=16).hexdigest()


def _simhash(words: list[str], shingle: int) -> str:
    import numpy as np

    # Fewer words than a shingle: one shingle of them all (the empty text's is ""). The shifted
    # copies are of unequal length on purpose: zip stops at the last whole shingle.
    shifted = (words[i:] for i in range(shingle))
    grams = map(" ".join, zip(*shifted, strict=False)) if len(words) >= shingle else [" ".join(words)]
    digests = b"".join(map(_DIGEST, map(_HASH64, map(str.encode, grams))))
    # One row of 64 bits per shingle, most significant first; a bit is set where most shingles set it.
    ones = np.unpackbits(np.frombuffer(digests, dtype=np.uint8).reshape(-1, 8), axis=1).sum(axis=0)
    return np.packbits(ones * 2 > len(digests) // 8).tobytes().hex()


def distance(a: str, b: str) -> int:
    """Hamming distance between two SimHashes."""
    return (int(a, 16) ^ int(b, 16)).bit_count()
