"""IPTC top-level topics from linear models over hashed TF-IDF words plus mean word vectors.

A full model covers every trained topic; a core model, trained on news articles only (no HuffPost
headlines), splits the full model's probability mass among the topics it knows. Each has a twin
over the article's mean static token embedding (WordLlama, read from the installed `wordllama` wheel
and checked: `newswire.models.wordllama`) whose probabilities are averaged with its own. An article
whose mixture is unsure gets a second opinion: a sentence encoder's heads and a vote of the labelled
articles nearest to it. Topics without training data are reached through the keyword lexicon when
its evidence is strong.
"""

from __future__ import annotations

import json
import math
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from newswire.contracts import Topic
from newswire.errors import ConfigurationError
from newswire.pipeline.enrich.iptc import TOP_LEVEL, listed
from newswire.pipeline.enrich.topics import LexiconTopicClassifier
from newswire.pipeline.words import TOPIC_FEATURE

N_FEATURES = 1 << 18
MAX_CHARS = 8_000
#: Lexicon evidence (weighted hits, share of all hits) a topic without training data needs to rank
#: first or second. The model never saw such topics, so its confidence says nothing about them;
#: first place takes overwhelming evidence, and puts a storm story under weather instead of politics.
#: Tuned on lexicon-2's counts (each word once): first place is taken on 46 of AG's 3,800 articles
#: (37 of them World stories about conflict, counted right), 1 of BBC's 1,485 and 56 of 16,492
#: HuffPost headlines; lexicon-1's inflated counts with (30, 0.9) took it on 66 (47), 0 and 166.
FIRST, SECOND = (6.0, 0.8), (2.0, 0.45)
#: The second opinion: asked when the first pass's top probability is below UNSURE (the default of
#: the classifier's `unsure`); its encoder
#: heads weigh ENCODER_SHARE against the first pass, and the vote of the NEIGHBOURS most similar
#: labelled news articles (softmax of cosine similarity over TEMPERATURE) weighs MEMORY_SHARE against
#: the core head in splitting the core topics' share. The vote never moves mass between core topics
#: and the others: the articles it comes from only know the core topics.
UNSURE, ENCODER_SHARE, MEMORY_SHARE = 0.8, 0.5, 0.5
NEIGHBOURS, TEMPERATURE = 10, 0.03


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


class Head(NamedTuple):
    classes: list[str]
    coef: Any
    bias: Any

    def probabilities(self, index: Any, values: Any) -> Any:
        """Softmax over a sparse row: the weights of its `index` columns times `values`."""
        import numpy as np

        return _softmax(self.coef[:, index].astype(np.float32) @ values + self.bias)

    def dense_probabilities(self, vector: Any) -> Any:
        import numpy as np

        return _softmax(self.coef.astype(np.float32) @ vector + self.bias)


def _softmax(logits: Any) -> Any:
    import numpy as np

    exp = np.exp(logits - logits.max())
    return exp / exp.sum()


class EmbeddingHeads(NamedTuple):
    """Twins of the full and core heads over `embedder`'s vectors; `mix` is their share of each mixture."""

    embedder: TokenEmbedder
    full: Head
    core: Head
    mix: float


class SecondOpinion(NamedTuple):
    """A sentence encoder's twins of the full and core heads, and labelled articles to vote."""

    encoder: Any  # SentenceEncoder or a fake: encode([(title, body)]) -> (n x dim) unit rows
    full: Head
    core: Head
    memory: Any  # (articles x dim) float32 unit rows of labelled news articles
    labels: Any  # (articles,) int64: each memory row's index into the core head's classes

    def votes(self, vector: Any) -> Any:
        """The NEIGHBOURS nearest articles' labels over the core classes, weighted by a softmax of
        their similarity; None for a zero vector, which has no neighbours."""
        import numpy as np

        if not np.any(vector):
            return None
        sims = self.memory @ vector
        k = min(NEIGHBOURS, len(sims))
        near = np.argpartition(-sims, k - 1)[:k]
        weights = np.exp((sims[near] - sims[near].max()) / TEMPERATURE)
        votes = np.bincount(self.labels[near], weights=weights, minlength=len(self.core.classes))
        return votes / votes.sum()


def _blend(probs: Any, core: Any, twin: EmbeddingHeads | SecondOpinion, vector: Any, share: float) -> tuple[Any, Any]:
    """Full and core probabilities with `share` of the twin heads' probabilities for `vector` mixed in."""
    full_twin, core_twin = twin.full.dense_probabilities(vector), twin.core.dense_probabilities(vector)
    return (1 - share) * probs + share * full_twin, (1 - share) * core + share * core_twin


class LinearTopicClassifier:
    """The full head's softmax, its core topics re-split by the core head, with a lexicon back-off."""

    languages = frozenset({"en"})  # trained on English news only

    def __init__(
        self,
        vectorizer: Vectorizer,
        full: Head,
        core: Head,
        name: str,
        top_n: int = 3,
        *,
        embedding: EmbeddingHeads | None = None,
        second: SecondOpinion | None = None,
        unsure: float = UNSURE,
        on_second_opinion: Callable[[int], None] | None = None,
    ) -> None:
        """`unsure`: an article whose top probability is below it takes the second opinion (above 1.0,
        every article does)."""
        for twin in (embedding, second):
            if twin and (twin.full.classes != full.classes or twin.core.classes != core.classes):
                raise ValueError("embedding or encoder heads' classes differ from the word heads'")
        if second:
            _check_second_opinion(second)
        self.classes = full.classes
        self.name = name
        self._vectorizer, self._full, self._core = vectorizer, full, core
        self._embedding, self._second, self._unsure = embedding, second, unsure
        #: Told how many articles of each batch took the (slower) second opinion; metrics plug in here.
        self._on_second_opinion = on_second_opinion
        self._core_index = [full.classes.index(c) for c in core.classes]
        self._top_n = top_n
        self._lexicon = LexiconTopicClassifier()
        self._backoff = [c for c in TOP_LEVEL if c not in self.classes]

    @classmethod
    def load(
        cls,
        model_dir: Path,
        top_n: int = 3,
        *,
        unsure: float = UNSURE,
        on_second_opinion: Callable[[int], None] | None = None,
    ) -> LinearTopicClassifier:
        """Read a model written by `newswire.train.topics`; a missing or broken one is a ConfigurationError."""
        try:
            meta = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))
            vocab = (model_dir / "vocab.txt").read_text(encoding="utf-8").split("\n")
            vectorizer = Vectorizer(_array(model_dir, "idf"), vocab, _array(model_dir, "vectors", "float16"))
            full, core, emb_full, emb_core = _heads(model_dir, meta, "", "core_", "embedding_", "embedding_core_")
            embedder = _token_embedder(model_dir)
            embedding = EmbeddingHeads(embedder, emb_full, emb_core, float(meta["embedding_mix"]))
            second = _load_second_opinion(model_dir, meta)
            name = f"{meta['name']}-{meta['version']}"
            return cls(
                vectorizer,
                full,
                core,
                name,
                top_n,
                embedding=embedding,
                second=second,
                unsure=unsure,
                on_second_opinion=on_second_opinion,
            )
        except (OSError, ValueError, KeyError, ImportError) as exc:
            raise ConfigurationError(f"cannot load topic model from {model_dir}: {exc}") from exc

    def _first(self, title: str, body: str) -> tuple[Any, Any]:
        """The word heads' full and core probabilities, each mixed with its embedding twin."""
        index, values = self._vectorizer(title, body)
        probs, core = self._full.probabilities(index, values), self._core.probabilities(index, values)
        vector = self._embedding.embedder(title, body) if self._embedding else None
        if self._embedding and vector is not None:
            return _blend(probs, core, self._embedding, vector, self._embedding.mix)
        return probs, core

    def _split(self, probs: Any, core: Any) -> Any:
        """The full probabilities with the core topics' mass re-split by the core head."""
        probs = probs.copy()
        probs[self._core_index] = probs[self._core_index].sum() * core
        return probs

    def probabilities(self, docs: Sequence[tuple[str, str]]) -> list[Any]:
        """One probability vector per article over `classes`; unsure ones get the second opinion."""
        first = [self._first(title, body) for title, body in docs]
        results = [self._split(probs, core) for probs, core in first]
        second = self._second
        unsure = [i for i, probs in enumerate(results) if probs.max() < self._unsure] if second else []
        if second is None or not unsure:
            return results
        if self._on_second_opinion:
            self._on_second_opinion(len(unsure))
        for i, vector in zip(unsure, second.encoder.encode([docs[i] for i in unsure]), strict=True):
            probs, core = _blend(*first[i], second, vector, ENCODER_SHARE)
            votes = second.votes(vector)
            if votes is not None:
                core = (1 - MEMORY_SHARE) * core + MEMORY_SHARE * votes
            results[i] = self._split(probs, core)
        return results

    def scores(self, title: str, body: str) -> dict[str, float]:
        """Probability per trained class."""
        [probs] = self.probabilities([(title, body)])
        return dict(zip(self.classes, probs.tolist(), strict=True))

    def classify(self, docs: Sequence[tuple[str, str]]) -> list[list[Topic]]:
        results = []
        for (title, body), probs in zip(docs, self.probabilities(docs), strict=True):
            ranked = sorted(zip(self.classes, probs.tolist(), strict=True), key=lambda kv: -kv[1])
            hits = self._lexicon.hits(title, body)
            total = sum(hits.values()) or 1.0
            for code in self._backoff:
                count = hits.get(code, 0.0)
                for rank, (least, share) in enumerate((FIRST, SECOND)):
                    if count >= least and count / total >= share:
                        ranked.insert(rank, (code, round(count / total, 4)))
                        break
            results.append(listed(ranked, self._top_n))
        return results


def _heads(model_dir: Path, meta: dict[str, Any], *prefixes: str) -> list[Head]:
    """The heads saved under `prefixes` (PREFIXcoef.npy, PREFIXintercept.npy, meta's PREFIXclasses)."""
    return [
        Head(meta[f"{p}classes"], _array(model_dir, f"{p}coef", "float16"), _array(model_dir, f"{p}intercept"))
        for p in prefixes
    ]


def _array(model_dir: Path, name: str, dtype: str = "float32") -> Any:
    """NAME.npz as `newswire.models.store` packs shipped models, else a plain NAME.npy."""
    import numpy as np

    from newswire.models import store

    packed = model_dir / f"{name}.npz"
    return store.load(packed, dtype) if packed.exists() else np.load(model_dir / f"{name}.npy").astype(dtype)


def _token_embedder(model_dir: Path) -> TokenEmbedder:
    """The model's own tokenizer and token vectors when it carries them (a model trained on other
    embeddings), else WordLlama's from the installed wheel, checked against their pinned SHA-256.
    The wheel's rows are rounded to int8 with one scale each, as the shipped models always stored and
    evaluated them, so their topics and the README's numbers do not move."""
    import numpy as np

    from newswire.models import store, wordllama

    token_ids = np.load(model_dir / "token_ids.npy") if (model_dir / "token_ids.npy").exists() else None
    if (model_dir / "token_tokenizer.json").exists():
        tokenizer = (model_dir / "token_tokenizer.json").read_text(encoding="utf-8")
        return TokenEmbedder(tokenizer, _array(model_dir, "token_vectors", "float16"), token_ids)
    tokenizer, vectors = wordllama.read()
    if token_ids is not None:
        if len(token_ids) and (token_ids.min() < 0 or token_ids.max() >= len(vectors)):
            raise ValueError(f"token_ids.npy lists ids outside {wordllama.DESCRIPTION}'s {len(vectors)} tokens")
        vectors = vectors[token_ids]
    return TokenEmbedder(tokenizer, store.int8_rounded(vectors, "float16"), token_ids, wordllama.DESCRIPTION)


def _load_second_opinion(model_dir: Path, meta: dict[str, Any]) -> SecondOpinion | None:
    """The encoder, its heads and the memory, when the model was built with them (meta "encoder")."""
    if "encoder" not in meta:
        return None
    import numpy as np

    from newswire.models import encoder as fetched
    from newswire.pipeline.enrich.encoder import SentenceEncoder

    if (model_dir / "encoder.onnx").exists():  # a model that carries its own copy of the encoder
        onnx, tokenizer_path = model_dir / "encoder.onnx", model_dir / "encoder_tokenizer.json"
    else:  # the one `make install` fetched and checked
        onnx, tokenizer_path = fetched.check()
    encoder = SentenceEncoder(onnx, tokenizer_path.read_text(encoding="utf-8"))
    full, core = _heads(model_dir, meta, "encoder_", "encoder_core_")
    memory = _array(model_dir, "memory")
    if memory.ndim != 2 or memory.shape[1] != encoder.dim:
        raise ValueError(f"memory.npy is {memory.shape}, the encoder gives {encoder.dim}-d vectors")
    return SecondOpinion(encoder, full, core, memory, np.load(model_dir / "memory_labels.npy").astype(np.int64))


def _check_second_opinion(second: SecondOpinion) -> None:
    """Shapes that would otherwise fail on the first unsure article, not at start-up."""
    memory, labels = second.memory, second.labels
    if memory.ndim != 2 or not len(memory) or len(memory) != len(labels):
        raise ValueError("the second opinion needs one label per memory row, and at least one row")
    if labels.min() < 0 or labels.max() >= len(second.core.classes):
        raise ValueError("memory labels must index the core head's classes")
    if second.full.coef.shape[1] != memory.shape[1] or second.core.coef.shape[1] != memory.shape[1]:
        raise ValueError("encoder heads and memory differ in width")
