"""The topic model's linear heads: softmax over a sparse or dense row, and the embedding heads' twins."""

from __future__ import annotations

from typing import Any, NamedTuple

from newswire.pipeline.enrich.media_topics.model.features import TokenEmbedder


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
