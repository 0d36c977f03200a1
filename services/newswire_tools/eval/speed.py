"""Throughput and peak memory: newswire's whole offline pipeline beside en_core_web_sm's full pipeline.

Both read the same BBC articles; newswire gets them as text/plain raw-article JSON (so normalization
counts), spaCy as plain text. Each side runs in its own process so peak RSS is its own.
    OMP_NUM_THREADS=1 python -m newswire_tools.eval.speed /work/shared/data/bbc-news
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

from newswire import suite
from newswire.models import PUBLIC_NER
from newswire_tools.datasets.bracketed import FRENCH_HANDMADE, articles
from newswire_tools.datasets.media_topics import FETCHED_AT, load_bbc
from newswire_tools.eval.product import Product, raw_article

BATCH = 32


def _articles(folder: Path, limit: int, french: bool) -> list[tuple[str, str]]:
    return [(s.title, s.body) for s in load_bbc(folder)[:limit]] + (articles(FRENCH_HANDMADE) if french else [])


def _newswire(
    pairs: list[tuple[str, str]], models: str, ner: str, topics: str, always_unsure: bool
) -> tuple[float, int]:
    from newswire.config import Settings

    # The service's own pipeline, duplicate index and learned boilerplate included; 2.0 is above any
    # probability, so with --always-unsure every article takes the topic model's second opinion.
    settings = Settings(models=models, spacy_model=ner, topic_model=topics)
    service = Product(settings, BATCH, media_topic_unsure=2.0 if always_unsure else None)
    values = [
        raw_article(f"https://news.example.org/{i}", b, FETCHED_AT, title=t, source="bbc")
        for i, (t, b) in enumerate(pairs)
    ]
    service.warm_up(values)  # lazily loaded resources (language identifier) load here
    # the service's counter of articles the topic model was unsure of, which took the slower second opinion
    second_opinions = partial(service.metrics.registry.get_sample_value, "newswire_topic_second_opinions_total")
    before = second_opinions() or 0
    started = time.perf_counter()
    outcomes = service.publish(values, commit=True)  # learning as the service does, batch by batch
    seconds = time.perf_counter() - started
    if any(o.article is None for o in outcomes):
        raise SystemExit("some articles failed to process")
    return seconds, int((second_opinions() or 0) - before)


def _sm(pairs: list[tuple[str, str]], model: str) -> float:
    import spacy

    nlp = spacy.load(model)
    texts = [f"{t}\n\n{b}" for t, b in pairs]
    list(nlp.pipe(texts[:BATCH]))
    started = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=BATCH):
        pass
    return time.perf_counter() - started


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("bbc", type=Path, help="the bbc-news folder (holding bbc/<category>/NNN.txt)")
    parser.add_argument("--limit", type=int, default=400, help="articles to run")
    parser.add_argument("--models", choices=["trained", "public"], default="trained", help="as NEWSWIRE_MODELS")
    parser.add_argument("--ner-model", default="", help="as NEWSWIRE_SPACY_MODEL (empty: --models's)")
    parser.add_argument("--topic-model", default="", help="as NEWSWIRE_TOPIC_MODEL (empty: --models's; or lexicon)")
    parser.add_argument("--baseline", default=PUBLIC_NER, help="the spaCy pipeline to compare with")
    parser.add_argument("--rounds", type=int, default=3, help="runs per side; the fastest counts")
    parser.add_argument(
        "--always-unsure",
        action="store_true",
        help="worst case: every article takes the topic model's second opinion (its encoder and neighbours)",
    )
    parser.add_argument(
        "--french",
        action="store_true",
        help="add the 12 hand-written French stories, so the French recognizer loads and its memory counts",
    )
    parser.add_argument("--side", choices=["newswire", "sm"], help=argparse.SUPPRESS)


def main(args: argparse.Namespace) -> int:
    if args.side:
        pairs = _articles(args.bbc, args.limit, args.french)
        seconds, second = (
            _newswire(pairs, args.models, args.ner_model, args.topic_model, args.always_unsure)
            if args.side == "newswire"
            else (_sm(pairs, args.baseline), 0)
        )
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"articles": len(pairs), "seconds": seconds, "peak_rss_mb": peak_mb, "second": second}))
        return 0
    env = {
        **os.environ,
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    best: dict[str, dict[str, float]] = {}
    for _round in range(args.rounds):  # alternate sides, keep each one's best: the machine is shared
        for side in ("newswire", "sm"):
            child = [
                sys.executable,
                "-m",
                "newswire_tools.eval.speed",
                str(args.bbc),
                "--limit",
                str(args.limit),
                "--models",
                args.models,
                "--ner-model",
                str(args.ner_model),
                "--topic-model",
                str(args.topic_model),
                "--baseline",
                args.baseline,
                "--side",
                side,
                *(["--always-unsure"] if args.always_unsure else []),
                *(["--french"] if args.french else []),
            ]
            result = json.loads(subprocess.run(child, env=env, check=True, capture_output=True, text=True).stdout)
            if side not in best or result["seconds"] < best[side]["seconds"]:
                best[side] = result
    rates = {side: r["articles"] / r["seconds"] for side, r in best.items()}
    for side, result in best.items():
        print(
            f"  {side:<8} {rates[side]:7.1f} articles/s  peak RSS {result['peak_rss_mb']:.0f} MB"
            f"  ({result['articles']:.0f} articles, one thread, best of {args.rounds})"
            + (f", {result['second']:.0f} took the topic model's second opinion" if result.get("second") else "")
        )
    models = ", ".join(m for m in (args.models, args.ner_model, args.topic_model) if m)
    print(f"  newswire / sm: {rates['newswire'] / rates['sm']:.2f}x  (newswire: {models})")
    return 0


if __name__ == "__main__":
    sys.exit(suite.run("newswire eval speed", __doc__, add_arguments, main))
