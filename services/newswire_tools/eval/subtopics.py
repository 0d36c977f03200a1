"""Second-level IPTC topics on HuffPost headlines whose category names a second-level subject.

For each mapped category (CRIME -> crime, judiciary or law enforcement; TECH -> technology and
engineering; ...) it prints how many headlines got a second-level topic at all (coverage) and how
many of the second-level topics given were right (precision). The top level comes from the keyword
lexicon unless --topic-model is given; a model trained on HuffPost would flatter the numbers.
    python -m newswire_tools.eval.subtopics /work/shared/data
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

from newswire import suite
from newswire.pipeline.enrich.media_topics import LexiconMediaTopicClassifier
from newswire.pipeline.enrich.media_topics.model import LinearMediaTopicClassifier
from newswire.pipeline.enrich.media_topics.subtopics import WithSubtopics
from newswire.pipeline.enrich.ports import MediaTopicClassifier
from newswire_tools.datasets.media_topics import load_huffpost

_ARTS, _CULTURE, _MEDIA = "medtop:20000002", "medtop:20000038", "medtop:20000045"
_LEISURE, _LIFESTYLE, _FAMILY = "medtop:20000538", "medtop:20000565", "medtop:20000780"
#: HuffPost category -> the second-level topics that are right for it (IPTC codes).
RIGHT: dict[str, frozenset[str]] = {
    k: frozenset(v)
    for k, v in {
        "CRIME": {"medtop:20000082", "medtop:20000106", "medtop:20000129"},
        "TECH": {"medtop:20000756"},
        "SCIENCE": {"medtop:20000717", "medtop:20000735", "medtop:20000710"},
        "MEDIA": {_MEDIA},
        "ENTERTAINMENT": {_ARTS, _MEDIA},
        "COMEDY": {_ARTS, _MEDIA},
        "ARTS": {_ARTS, _CULTURE},
        "ARTS & CULTURE": {_ARTS, _CULTURE},
        "CULTURE & ARTS": {_ARTS, _CULTURE},
        "TRAVEL": {_LEISURE},
        "FOOD & DRINK": {_LEISURE, _LIFESTYLE},
        "TASTE": {_LEISURE, _LIFESTYLE},
        "HOME & LIVING": {_LIFESTYLE},
        "STYLE & BEAUTY": {_ARTS, _LIFESTYLE},
        "WELLNESS": {"medtop:20001339", "medtop:20000446", "medtop:20000464"},
        "HEALTHY LIVING": {"medtop:20001339", "medtop:20000446", "medtop:20000464"},
        "PARENTING": {_FAMILY},
        "PARENTS": {_FAMILY},
        "DIVORCE": {_FAMILY},
        "WEDDINGS": {_FAMILY, "medtop:20000501"},
        "QUEER VOICES": {"medtop:20000788", "medtop:20000775", "medtop:20000587"},
    }.items()
}


def _row(label: str, n: int, covered: int, given: int, right: int) -> None:
    """Headlines, share with a right second-level topic, share of given second-level topics that are right."""
    print(f"{label:<16} {n:>9} {covered / max(1, n):>15.3f} {right / max(1, given):>9.3f}")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("data", type=Path, help="folder holding news-category/news_category.jsonl")
    parser.add_argument("--topic-model", type=Path, help="a trained top-level model instead of the lexicon")


def main(args: argparse.Namespace) -> int:
    samples = [s for s in load_huffpost(args.data / "news-category" / "news_category.jsonl") if s.source_label in RIGHT]
    inner: MediaTopicClassifier = LexiconMediaTopicClassifier()
    if args.topic_model:
        inner = LinearMediaTopicClassifier.load(args.topic_model)
    ranked = WithSubtopics(inner).classify([(s.title, s.body) for s in samples])
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # headlines, covered, given, right
    for sample, topics in zip(samples, ranked, strict=True):
        given = [t.code for t in topics if not t.code.endswith("000000")]
        row = counts[sample.source_label]
        row[0] += 1
        row[1] += any(c in RIGHT[sample.source_label] for c in given)
        row[2] += len(given)
        row[3] += sum(c in RIGHT[sample.source_label] for c in given)
    print(f"{'category':<16} {'headlines':>9} {'right 2nd level':>15} {'precision':>9}")
    for label, row in sorted(counts.items(), key=lambda kv: -kv[1][0]):
        _row(label, *row)
    _row("all", *(sum(row[i] for row in counts.values()) for i in range(4)))
    return 0


if __name__ == "__main__":
    sys.exit(suite.run("newswire eval subtopics", __doc__, add_arguments, main))
