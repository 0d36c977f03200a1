"""Content fingerprints: an exact hash and a 64-bit SimHash for near-duplicate detection."""

from __future__ import annotations

import hashlib
import re

_WORD = re.compile(r"\w+", re.UNICODE)


def content_hash(text: str) -> str:
    """Exact-content fingerprint, insensitive to case and whitespace."""
    return hashlib.blake2b(" ".join(_WORD.findall(text.casefold())).encode(), digest_size=16).hexdigest()


def simhash(text: str, shingle: int = 3) -> str:
    """64-bit SimHash over word shingles, as 16 hex digits; near-identical texts differ in few bits."""
    words = _WORD.findall(text.casefold())
    weights = [0] * 64
    grams = [" ".join(words[i : i + shingle]) for i in range(max(1, len(words) - shingle + 1))]
    for gram in grams:
        value = int.from_bytes(hashlib.blake2b(gram.encode(), digest_size=8).digest(), "big")
        for bit in range(64):
            weights[bit] += 1 if value >> bit & 1 else -1
    return f"{sum(1 << bit for bit in range(64) if weights[bit] > 0):016x}"


def distance(a: str, b: str) -> int:
    """Hamming distance between two SimHashes."""
    return (int(a, 16) ^ int(b, 16)).bit_count()
