"""A saved topic model built from its files, which `newswire.models.store` reads and checks."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from newswire.models import store
from newswire.pipeline.enrich.media_topics.model.features import TokenEmbedder, Vectorizer
from newswire.pipeline.enrich.media_topics.model.heads import EmbeddingHeads, Head
from newswire.pipeline.enrich.media_topics.model.second_opinion import SecondOpinion


class Saved(NamedTuple):
    """What a model directory holds: its name, the word heads' vectorizer and heads, their twins."""

    name: str
    vectorizer: Vectorizer
    full: Head
    core: Head
    embedding: EmbeddingHeads
    second: SecondOpinion | None


def read(model_dir: Path) -> Saved:
    """The parts of a model written by `newswire_tools.train.media_topics`; OSError, ValueError, KeyError or ImportError
    when one is missing or broken."""
    files = store.read(model_dir)
    full, core, emb_full, emb_core = (_head(files, prefix) for prefix in store.HEAD_PREFIXES)
    vectorizer = Vectorizer(files.arrays["idf"], files.vocab, files.arrays["vectors"])
    embedder = TokenEmbedder(files.tokenizer, files.token_vectors, files.token_ids, files.token_source)
    embedding = EmbeddingHeads(embedder, emb_full, emb_core, float(files.meta["embedding_mix"]))
    return Saved(f"{files.meta['name']}-{files.meta['version']}", vectorizer, full, core, embedding, _second(files))


def _head(files: store.Files, prefix: str) -> Head:
    """The head saved under `prefix` (PREFIXcoef, PREFIXintercept, meta's PREFIXclasses)."""
    return Head(files.meta[f"{prefix}classes"], files.arrays[f"{prefix}coef"], files.arrays[f"{prefix}intercept"])


def _second(files: store.Files) -> SecondOpinion | None:
    """The encoder, its heads and the memory, when the model was built with them (meta "encoder")."""
    if files.encoder is None:
        return None
    from newswire.pipeline.enrich.media_topics.model.encoder import SentenceEncoder

    onnx, tokenizer = files.encoder
    encoder = SentenceEncoder(onnx, tokenizer)
    memory = files.arrays["memory"]
    if memory.ndim != 2 or memory.shape[1] != encoder.dim:
        raise ValueError(f"memory.npy is {memory.shape}, the encoder gives {encoder.dim}-d vectors")
    full, core = (_head(files, prefix) for prefix in store.ENCODER_PREFIXES)
    return SecondOpinion(encoder, full, core, memory, files.arrays["memory_labels"])
