"""The duplicate index's lookup time as it fills up to its size limit.

    python -m newswire_tools.bench.index [ENTRIES ...]     (default: 4000 50000 200000)

prints, per size, the microseconds one lookup takes (`DuplicateIndex.find`, as each new article
pays it) and one insertion (as each committed article and each entry of another replica's does),
with SimHashes spread evenly; real ones cluster, which makes buckets larger than these.
"""

from __future__ import annotations

import random
import sys
import time

from newswire.pipeline.learned.duplicates import DuplicateIndex, Fingerprint

NOW = 1e9
LOOKUPS = 1000


def measure(entries: int, lookups: int = LOOKUPS) -> tuple[float, float]:
    """(µs per lookup, µs per insertion) in an index of `entries` articles seen within its window."""
    rng = random.Random(entries)
    index = DuplicateIndex(7 * 86_400, clock=lambda: NOW, max_entries=max(entries, 1))
    started = time.perf_counter()
    for number in range(entries):
        index.add(Fingerprint(f"{number:032x}", f"{rng.getrandbits(128):032x}", f"{rng.getrandbits(64):016x}", NOW))
    adding = (time.perf_counter() - started) / max(entries, 1)
    probes = [(f"{rng.getrandbits(128):032x}", f"{rng.getrandbits(64):016x}") for _ in range(lookups)]
    started = time.perf_counter()
    for content_hash, simhash in probes:
        index.find(content_hash, simhash, "new" + "0" * 29, NOW)
    return 1e6 * (time.perf_counter() - started) / lookups, 1e6 * adding


def main(argv: list[str]) -> int:
    for entries in [int(a) for a in argv] or [4_000, 50_000, 200_000]:
        finding, adding = measure(entries)
        print(f"{entries:8d} entries: lookup {finding:8.1f} µs, insertion {adding:6.1f} µs", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
