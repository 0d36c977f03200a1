"""How saved models are stored and read: compact arrays, and a topic model directory's files.

Compact arrays for shipped models: int8 rows with one scale each, or float16; zero columns left out.

Each array is one .npz holding `values` (int8 or float16), `scale` (float32 per row, int8 only), and
`columns` and `width` when only some columns are stored (the rest are zero).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from newswire.models import encoder, wordllama


def save(path: Path, array: Any, *, int8: bool = True, drop_zero_columns: bool = False) -> None:
    """Write a 1-d or 2-d float array to `path` (.npz)."""
    import numpy as np

    matrix = np.atleast_2d(np.asarray(array, dtype=np.float32))
    parts: dict[str, Any] = {"shape": np.asarray(np.shape(array), dtype=np.int64)}
    if drop_zero_columns:
        columns = np.flatnonzero(np.any(matrix != 0, axis=0)).astype(np.int32)
        matrix = matrix[:, columns]
        parts |= {"columns": columns, "width": np.int64(np.shape(array)[-1])}
    if int8:
        values, scale = _int8(matrix)
        parts |= {"values": values, "scale": scale}
    else:
        parts["values"] = matrix.astype(np.float16)
    with path.open("wb") as handle:
        np.savez(handle, **parts)


def _int8(matrix: Any) -> tuple[Any, Any]:
    """float32 rows as int8 values and one float32 scale per row."""
    import numpy as np

    scale = np.abs(matrix).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    return np.rint(matrix / scale[:, None]).astype(np.int8), scale.astype(np.float32)


def int8_rounded(array: Any, dtype: Any = "float32") -> Any:
    """`array` as `save` would store it in int8 rows and `load` give it back, without the file."""
    import numpy as np

    values, scale = _int8(np.atleast_2d(np.asarray(array, dtype=np.float32)))
    return (values.astype(np.float32) * scale[:, None]).reshape(np.shape(array)).astype(dtype)


def load(path: Path, dtype: Any = "float32") -> Any:
    """The array `save` wrote, as `dtype`."""
    import numpy as np

    with np.load(path) as parts:
        values = parts["values"].astype(np.float32)
        if "scale" in parts:
            values *= parts["scale"][:, None]
        shape = tuple(int(n) for n in parts["shape"])
        if "columns" in parts:
            dense = np.zeros((values.shape[0], int(parts["width"])), dtype=np.float32)
            dense[:, parts["columns"]] = values
            values = dense
        return values.reshape(shape).astype(dtype)


class Files(NamedTuple):
    """Everything a topic model directory holds, as text and arrays: `meta`, the word heads' `vocab`,
    `arrays` by name (NAME.npz packed by `save`, else a plain NAME.npy), the token embeddings'
    `tokenizer`, `token_vectors`, `token_ids` and `token_source` (None when the model carries its own),
    and the sentence encoder's `encoder` (ONNX file, tokenizer text) when the model was built with one."""

    meta: dict[str, Any]
    vocab: list[str]
    arrays: dict[str, Any]
    tokenizer: str
    token_vectors: Any
    token_ids: Any
    token_source: str | None
    encoder: tuple[Path, str] | None


#: The arrays of a saved topic model and how each is held in memory; ENCODER_ARRAYS only with an encoder.
HEAD_PREFIXES, ENCODER_PREFIXES = ("", "core_", "embedding_", "embedding_core_"), ("encoder_", "encoder_core_")
ARRAYS = {"idf": "float32", "vectors": "float16"}
ENCODER_ARRAYS = {"memory": "float32"}


def read(model_dir: Path) -> Files:
    """The files `newswire_tools.train.media_topics` writes, each read and checked here; OSError, ValueError,
    KeyError or ImportError when one is missing or broken. WordLlama's rows (when the model does not
    carry its own token vectors) are rounded to int8 with one scale each, as the shipped models always
    stored and evaluated them, so their topics and the numbers in docs/quality.md do not move."""
    import json

    import numpy as np

    meta = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))
    vocab = (model_dir / "vocab.txt").read_text(encoding="utf-8").split("\n")
    prefixes = HEAD_PREFIXES + (ENCODER_PREFIXES if "encoder" in meta else ())
    wanted = ARRAYS | {f"{p}coef": "float16" for p in prefixes} | {f"{p}intercept": "float32" for p in prefixes}
    arrays = {name: _array(model_dir, name, dtype) for name, dtype in wanted.items()}
    encoder = None
    if "encoder" in meta:
        arrays |= {name: _array(model_dir, name, dtype) for name, dtype in ENCODER_ARRAYS.items()}
        arrays["memory_labels"] = np.load(model_dir / "memory_labels.npy").astype(np.int64)
        encoder = _encoder(model_dir)
    token_ids = np.load(model_dir / "token_ids.npy") if (model_dir / "token_ids.npy").exists() else None
    if (model_dir / "token_tokenizer.json").exists():
        tokenizer = (model_dir / "token_tokenizer.json").read_text(encoding="utf-8")
        vectors = _array(model_dir, "token_vectors", "float16")
        return Files(meta, vocab, arrays, tokenizer, vectors, token_ids, None, encoder)
    tokenizer, vectors = wordllama.read()
    if token_ids is not None:
        if len(token_ids) and (token_ids.min() < 0 or token_ids.max() >= len(vectors)):
            raise ValueError(f"token_ids.npy lists ids outside {wordllama.DESCRIPTION}'s {len(vectors)} tokens")
        vectors = vectors[token_ids]
    vectors = int8_rounded(vectors, "float16")
    return Files(meta, vocab, arrays, tokenizer, vectors, token_ids, wordllama.DESCRIPTION, encoder)


def _array(model_dir: Path, name: str, dtype: str) -> Any:
    """NAME.npz as `save` packs shipped models, else a plain NAME.npy."""
    import numpy as np

    packed = model_dir / f"{name}.npz"
    return load(packed, dtype) if packed.exists() else np.load(model_dir / f"{name}.npy").astype(dtype)


def _encoder(model_dir: Path) -> tuple[Path, str]:
    """The ONNX file and tokenizer text of the model's own copy of the encoder, else of the one
    `make install` fetched and checked."""
    if (model_dir / "encoder.onnx").exists():
        onnx, tokenizer = model_dir / "encoder.onnx", model_dir / "encoder_tokenizer.json"
    else:
        onnx, tokenizer = encoder.check()
    return onnx, tokenizer.read_text(encoding="utf-8")
