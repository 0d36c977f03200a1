"""A saved topic model read from its directory, as `newswire.train.topics` writes it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, NamedTuple

from newswire.pipeline.enrich.topics.model.features import TokenEmbedder, Vectorizer
from newswire.pipeline.enrich.topics.model.heads import EmbeddingHeads, Head
from newswire.pipeline.enrich.topics.model.second_opinion import SecondOpinion


class Saved(NamedTuple):
    """What a model directory holds: its name, the word heads' vectorizer and heads, their twins."""

    name: str
    vectorizer: Vectorizer
    full: Head
    core: Head
    embedding: EmbeddingHeads
    second: SecondOpinion | None


def read(model_dir: Path) -> Saved:
    """The parts of a model written by `newswire.train.topics`; OSError, ValueError, KeyError or ImportError
    when one is missing or broken."""
    meta = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))
    vocab = (model_dir / "vocab.txt").read_text(encoding="utf-8").split("\n")
    vectorizer = Vectorizer(_array(model_dir, "idf"), vocab, _array(model_dir, "vectors", "float16"))
    full, core, emb_full, emb_core = _heads(model_dir, meta, "", "core_", "embedding_", "embedding_core_")
    embedder = _token_embedder(model_dir)
    embedding = EmbeddingHeads(embedder, emb_full, emb_core, float(meta["embedding_mix"]))
    second = _load_second_opinion(model_dir, meta)
    return Saved(f"{meta['name']}-{meta['version']}", vectorizer, full, core, embedding, second)


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
    evaluated them, so their topics and the numbers in docs/quality.md do not move."""
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
    from newswire.pipeline.enrich.topics.model.encoder import SentenceEncoder

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
