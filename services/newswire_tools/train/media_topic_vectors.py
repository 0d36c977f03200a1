"""Word vectors for the topic model, learned offline from the training text itself.

Positive PMI of words within a five-word window (context counts smoothed by ^0.75), reduced by a
truncated SVD; each vector is L2-normalized. Cheap, deterministic, and needs no downloaded embeddings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from newswire.pipeline.enrich.media_topics.model.features import words

WINDOW, MIN_COUNT, DIM = 5, 3, 100


def learn(texts: Iterable[str], dim: int = DIM) -> tuple[list[str], Any]:
    """Vocabulary (words seen MIN_COUNT times) and a (words x dim) float32 matrix."""
    import numpy as np
    from scipy.sparse import coo_matrix, csr_matrix
    from scipy.sparse.linalg import svds

    docs = [words(text) for text in texts]
    counts = Counter(w for doc in docs for w in doc)
    vocab = [w for w, c in counts.items() if c >= MIN_COUNT]
    ids = {w: i for i, w in enumerate(vocab)}
    rows, cols = [], []
    for doc in docs:
        seq = [ids.get(w, -1) for w in doc]
        for i, a in enumerate(seq):
            if a >= 0:
                for b in seq[max(0, i - WINDOW) : i]:
                    if b >= 0:
                        rows.append(a)
                        cols.append(b)
    n = len(vocab)
    pairs = coo_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=(n, n)).tocsr()
    pairs = (pairs + pairs.T).tocoo()
    total = pairs.sum()
    row_sums = np.asarray(pairs.sum(axis=1)).ravel()
    context = row_sums**0.75 / (row_sums**0.75).sum()
    pmi = np.log(pairs.data / total / ((row_sums[pairs.row] / total) * context[pairs.col]))
    keep = pmi > 0
    ppmi = csr_matrix((pmi[keep], (pairs.row[keep], pairs.col[keep])), shape=(n, n))
    u, s, _ = svds(ppmi, k=dim, random_state=0)
    vectors = u * np.sqrt(s)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    return vocab, vectors.astype(np.float32)
