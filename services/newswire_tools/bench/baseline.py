"""en_core_web_sm's full pipeline over the bench's texts, in its own process so its memory is its own.

    python -m newswire_tools.bench.baseline MODEL TEXTS.json
prints one JSON line: texts, seconds, cpu_seconds, peak_rss_mb.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

BATCH = 32


def main(model: str, path: str) -> int:
    import spacy

    nlp = spacy.load(model)
    texts = json.loads(Path(path).read_text(encoding="utf-8"))
    list(nlp.pipe(texts[:BATCH]))  # warm-up
    cpu, started = time.process_time(), time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=BATCH):
        pass
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"texts": len(texts), "seconds": seconds, "cpu_seconds": cpu, "peak_rss_mb": peak_mb}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
