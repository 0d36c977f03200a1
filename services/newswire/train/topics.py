"""Train the linear topic model on BBC, AG News and HuffPost; the model goes to a cache dir.

python -m newswire.train.topics /work/shared/data --output ~/.cache/newswire/models/topics-linear
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newswire.pipeline.enrich.topic_model import N_FEATURES, features
from newswire.train.topic_data import Sample, load_ag, load_bbc, load_huffpost

DEFAULT_OUTPUT = Path.home() / ".cache" / "newswire" / "models" / "topics-linear"
VERSION = "1.0.0"
#: BBC's few long articles count more; HuffPost's many headlines, skewed to US politics, count less.
SOURCE_WEIGHT = {"bbc": 3.0, "ag": 1.0, "huffpost": 0.2}


def load_all(data: Path) -> dict[str, list[Sample]]:
    return {
        "bbc": load_bbc(data / "bbc-news"),
        "ag": load_ag(data / "ag-news" / "dev.csv"),
        "huffpost": load_huffpost(data / "news-category" / "news_category.jsonl"),
    }


def matrix(samples: Sequence[Sample]) -> Any:
    """Sparse (samples x N_FEATURES) matrix of hashed features."""
    from scipy.sparse import csr_matrix

    rows, cols, vals = [], [], []
    for row, sample in enumerate(samples):
        for col, value in features(sample.title, sample.body).items():
            rows.append(row)
            cols.append(col)
            vals.append(value)
    return csr_matrix((vals, (rows, cols)), shape=(len(samples), N_FEATURES), dtype="float32")


def fit(samples: Sequence[Sample], alpha: float = 1e-6, seed: int = 0) -> Any:
    """A logistic-loss SGD classifier; classes are IPTC codes."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import SGDClassifier

    model = SGDClassifier(loss="log_loss", alpha=alpha, max_iter=60, tol=1e-4, random_state=seed)
    weights = [SOURCE_WEIGHT[s.source] for s in samples]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return model.fit(matrix(samples), [s.code for s in samples], sample_weight=weights)


def save(model: Any, output: Path, counts: dict[str, int]) -> None:
    import numpy as np

    output.mkdir(parents=True, exist_ok=True)
    np.save(output / "coef.npy", model.coef_.astype("float32"))
    np.save(output / "intercept.npy", model.intercept_.astype("float32"))
    meta = {
        "name": "topics-linear",
        "version": VERSION,
        "classes": list(model.classes_),
        "trained_on": counts,
    }
    (output / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "data", type=Path, help="folder holding bbc-news, ag-news and news-category"
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)


def main(args: argparse.Namespace) -> int:
    sets = load_all(args.data)
    samples = [s for group in sets.values() for s in group]
    save(fit(samples), args.output, {name: len(group) for name, group in sets.items()})
    print(f"saved {args.output} trained on {len(samples)} samples")
    return 0


if __name__ == "__main__":
    cli = argparse.ArgumentParser(prog="newswire train topics", description=__doc__)
    add_arguments(cli)
    sys.exit(main(cli.parse_args()))
