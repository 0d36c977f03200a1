"""The topic model's static token embeddings: read from the installed `wordllama` wheel, never in git.

WordLlama l2_supercat_256 (wordllama 0.4.0.post1, MIT, Lee Miller 2024): a tokenizer over Llama 2's
32,000 tokens and a (32,000 x 256) float16 embedding matrix, both files of the wheel, which is a
runtime dependency pinned in pyproject.toml and the lock files. Each file is checked against its
pinned SHA-256 when read, so a different wheel stops start-up instead of changing the topics.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
from pathlib import Path
from typing import Any

from newswire import models

PACKAGE, VERSION = "wordllama", "0.4.0.post1"
TOKENIZER, WEIGHTS = "tokenizers/l2_supercat_tokenizer_config.json", "weights/l2_supercat_256.safetensors"
FILES = {
    TOKENIZER: "93248f2a9ec36c7b35f700a033d5f36228aae48db61aee31007fa49062cdeb68",
    WEIGHTS: "64b47a2dc493cb8e85944076601189739852d7b64e0e1eedcb1937a251cd9fd5",
}
DESCRIPTION = f"WordLlama l2_supercat_256 ({PACKAGE} {VERSION}, MIT, Lee Miller 2024)"
_TENSOR = "embedding.weight"


def root() -> Path:
    """The installed package's folder, found without importing it: importing wordllama calls
    logging.basicConfig(level=INFO), which would change the service's logging."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"the {PACKAGE} package is not installed: `make install` installs {PACKAGE}=={VERSION}")
    return Path(next(iter(spec.submodule_search_locations)))


def _installed() -> str:
    try:
        return importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _checked(name: str) -> bytes:
    path = root() / name
    hint = f" ({PACKAGE} {_installed()} installed, the topic model needs {PACKAGE}=={VERSION}: `make install`)"
    return models.verified(path.read_bytes(), FILES[name], name=path, hint=hint)


def read() -> tuple[str, Any]:
    """The tokenizer (JSON text) and the (tokens x 256) float16 embedding matrix, each checked."""
    from safetensors.numpy import load

    tokenizer = _checked(TOKENIZER).decode("utf-8")
    return tokenizer, load(_checked(WEIGHTS))[_TENSOR]
