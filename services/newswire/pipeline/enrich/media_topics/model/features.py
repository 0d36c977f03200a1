"""What the topic model reads of an article: hashed TF-IDF words with a mean word vector (the word
heads' input) and a mean static token embedding (the embedding heads' input)."""

from __future__ import annotations

import math
import zlib
from collections import Counter
from collections.abc import Sequence
from typing import Any

from newswire.pipeline.words import TOPIC_FEATURE

N_FEATURES = 1 << 18
MAX_CHARS = 8_000


def words(text: str) -> list[str]:
    """The model's words (features and vocabulary) of a text."""
    return TOPIC_FEATURE.findall(text.lower())


def hashed(title: str, body: str) -> dict[int, float]:
    """Hashed words, title words counted twice, log-scaled (1 + ln count)."""
    counts: Counter[int] = Counter()
    for text, weight in ((title, 2), (body[:MAX_CHARS], 1)):
        tokens = words(text)
        for gram in tokens:
            counts[zlib.crc32(gram.encode()) & (N_FEATURES - 1)] += weight
    return {i: 1.0 + math.log(c) for i, c in counts.items()}


class Vectorizer:
    """One article as a sparse row: L2-normalized TF-IDF in [0, N_FEATURES), then its mean word vector."""

    def __init__(self, idf: Any, vocab: Sequence[str], vectors: Any) -> None:
        self.idf, self.vectors = idf, vectors
        self.ids = {w: i for i, w in enumerate(vocab)}
        self.width = N_FEATURES + vectors.shape[1]

    def __call__(self, title: str, body: str) -> tuple[Any, Any]:
        import numpy as np

        feats = hashed(title, body)
        index = np.fromiter(feats.keys(), dtype=np.int64, count=len(feats))
        values = np.fromiter(feats.values(), dtype=np.float32, count=len(feats)) * self.idf[index]
        values /= float(np.linalg.norm(values)) or 1.0
        found = [self.ids[w] for w in words(f"{title} {title} {body[:MAX_CHARS]}") if w in self.ids]
        mean = self.vectors[found].astype(np.float32).mean(axis=0) if found else None
        if mean is None or not np.linalg.norm(mean):
            return index, values
        dense = np.arange(N_FEATURES, self.width, dtype=np.int64)
        return np.concatenate([index, dense]), np.concatenate([values, mean / np.linalg.norm(mean)])


class TokenEmbedder:
    """One article as the L2-normalized mean of static token embeddings (title, newline, bounded body)."""

    def __init__(self, tokenizer_json: str, vectors: Any, token_ids: Any = None, source: str | None = None) -> None:
        """`vectors` has one row per token id, or with `token_ids` one row per id listed there (the
        tokens the model was trained on; any other token is skipped). `source` names the installed
        package the tokenizer and vectors come from (a saved model then stores neither), None for
        embeddings a saved model must carry itself."""
        import numpy as np
        from tokenizers import Tokenizer

        # float16 in memory: summing its rows in float32 costs 0.3 ms an article and saves half the memory
        self.tokenizer_json, self.vectors = tokenizer_json, np.asarray(vectors, dtype=np.float16)
        self.source = source
        try:
            self._tokenizer = Tokenizer.from_str(tokenizer_json)
        except Exception as exc:  # the Rust tokenizer raises a bare Exception on a bad file
            raise ValueError(f"bad tokenizer: {exc}") from exc
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()
        self.token_ids = None if token_ids is None else np.asarray(token_ids, dtype=np.int64)
        self._rows = None
        if self.token_ids is not None:
            if len(self.token_ids) != len(self.vectors):
                raise ValueError(f"{len(self.token_ids)} token ids for {len(self.vectors)} token vectors")
            size = max(self._tokenizer.get_vocab_size(), int(self.token_ids.max(initial=-1)) + 1)
            self._rows = np.full(size, -1, dtype=np.int64)
            self._rows[self.token_ids] = np.arange(len(self.token_ids))

    def seen(self, docs: Sequence[tuple[str, str]]) -> Any:
        """The sorted token ids these articles use."""
        import numpy as np

        encoded = self._tokenizer.encode_batch([self.text(t, b) for t, b in docs], add_special_tokens=False)
        ids = [np.asarray(e.ids, dtype=np.int64) for e in encoded]
        return np.unique(np.concatenate(ids or [np.zeros(0, dtype=np.int64)]))

    def restricted(self, token_ids: Any) -> TokenEmbedder:
        """The same embedder keeping only `token_ids`' vectors (ids as this embedder numbers them)."""
        import numpy as np

        if self.token_ids is not None:
            raise ValueError("this embedder is already restricted")
        ids = np.asarray(token_ids, dtype=np.int64)
        return TokenEmbedder(self.tokenizer_json, self.vectors[ids], ids, self.source)

    @staticmethod
    def text(title: str, body: str) -> str:
        return f"{title}\n{body[:MAX_CHARS]}"

    def _pool(self, ids: Sequence[int]) -> Any:
        import numpy as np

        if not ids:
            return None
        if self._rows is None:
            index = np.clip(np.asarray(ids, dtype=np.int64), 0, len(self.vectors) - 1)
        else:
            index = self._rows[np.clip(np.asarray(ids, dtype=np.int64), 0, len(self._rows) - 1)]
            index = index[index >= 0]
            if not len(index):
                return None
        mean = self.vectors[index].sum(axis=0, dtype=np.float32) / len(index)
        norm = float(np.linalg.norm(mean))
        return mean / norm if norm else None

    def __call__(self, title: str, body: str) -> Any:
        """A float32 vector, or None for an article without tokens."""
        return self._pool(self._tokenizer.encode(self.text(title, body), add_special_tokens=False).ids)

    def matrix(self, docs: Sequence[tuple[str, str]]) -> Any:
        """(docs x dim) float32, a zero row for an article without tokens; for training."""
        import numpy as np

        encoded = self._tokenizer.encode_batch([self.text(t, b) for t, b in docs], add_special_tokens=False)
        rows = [self._pool(e.ids) for e in encoded]
        zero = np.zeros(self.vectors.shape[1], dtype=np.float32)
        return np.stack([zero if row is None else row for row in rows])
