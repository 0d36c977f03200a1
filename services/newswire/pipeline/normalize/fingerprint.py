"""Content fingerprints: an exact hash and a 64-bit SimHash for near-duplicate detection."""

from __future__ import annotations

import hashlib

from newswire.pipeline.words import WORD as _WORD


def content_hash(text: str) -> str:
    """Exact-content fingerprint, insensitive to case and whitespace."""
    return hashlib.blake2b(" ".join(_WORD.findall(text.casefold())).encode(), digest_size=16).hexdigest()


def simhash(text: str, shingle: int = 3) -> str:
    """64-bit SimHash over word shingles, as 16 hex digits; near-identical texts differ in few bits."""
    import numpy as np

    words = _WORD.findall(text.casefold())
    grams = [" ".join(words[i : i + shingle]) for i in range(max(1, len(words) - shingle + 1))]
    digests = b"".join(hashlib.blake2b(gram.encode(), digest_size=8).digest() for gram in grams)
    # One row of 64 bits per shingle, most significant first; a bit is set where most shingles set it.
    ones = np.unpackbits(np.frombuffer(digests, dtype=np.uint8).reshape(-1, 8), axis=1).sum(axis=0)
    return f"{sum(1 << (63 - int(j)) for j in np.flatnonzero(ones * 2 > len(grams))):016x}"


def distance(a: str, b: str) -> int:
    """Hamming distance between two SimHashes."""
    return (int(a, 16) ^ int(b, 16)).bit_count()
