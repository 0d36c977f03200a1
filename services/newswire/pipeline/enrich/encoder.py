"""A sentence encoder: a BERT-style ONNX model's [CLS] vector for an article's title and lead.

The topic model asks it for a second opinion on the articles its word heads are unsure of. The
ONNX file and its tokenizer are stored with the model; onnxruntime runs it on one thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

#: Tokens read per article (title, then the body's start); a longer article is cut, never a longer run.
MAX_TOKENS = 128
#: Characters of body handed to the tokenizer: more than MAX_TOKENS tokens' worth, and bounded.
MAX_CHARS = 2_000
#: Articles per ONNX run; each batch is padded to its longest member, so batches are cut by length.
BATCH = 4


class SentenceEncoder:
    """L2-normalized [CLS] vectors of `model.onnx` (inputs input_ids, attention_mask[, token_type_ids])."""

    def __init__(self, onnx_path: Path, tokenizer_json: str, threads: int = 1) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.onnx_path, self.tokenizer_json = onnx_path, tokenizer_json
        try:
            self._tokenizer = Tokenizer.from_str(tokenizer_json)
        except Exception as exc:  # the Rust tokenizer raises a bare Exception on a bad file
            raise ValueError(f"bad encoder tokenizer: {exc}") from exc
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._pad = self._tokenizer.token_to_id("[PAD]") or 0
        options = ort.SessionOptions()
        options.intra_op_num_threads, options.inter_op_num_threads = threads, 1
        # pre-packed copies of the weights cost 18 MB and bought no speed here
        options.add_session_config_entry("session.disable_prepacking", "1")
        options.log_severity_level = 3  # warnings about unused initializers are not ours to fix
        try:
            self._session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own unexported exception types
            raise ValueError(f"bad encoder model {onnx_path}: {exc}") from exc
        names = {i.name for i in self._session.get_inputs()}
        if not {"input_ids", "attention_mask"} <= names:
            raise ValueError(f"encoder model {onnx_path} lacks input_ids/attention_mask inputs: {sorted(names)}")
        self._token_types = "token_type_ids" in names

    @staticmethod
    def text(title: str, body: str) -> str:
        return f"{title}\n{body[:MAX_CHARS]}"

    def encode(self, docs: Sequence[tuple[str, str]]) -> Any:
        """(docs x dim) float32, one unit row per (title, body), in the order given."""
        import numpy as np

        encoded = self._tokenizer.encode_batch([self.text(t, b) for t, b in docs])
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i].ids))
        rows: list[Any] = [None] * len(encoded)
        for start in range(0, len(order), BATCH):
            chunk = order[start : start + BATCH]
            width = max(len(encoded[i].ids) for i in chunk)
            ids = np.full((len(chunk), width), self._pad, dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.int64)
            for row, i in enumerate(chunk):
                ids[row, : len(encoded[i].ids)] = encoded[i].ids
                mask[row, : len(encoded[i].ids)] = 1
            feed = {"input_ids": ids, "attention_mask": mask}
            if self._token_types:
                feed["token_type_ids"] = np.zeros_like(ids)
            cls = np.asarray(self._session.run(None, feed)[0][:, 0], dtype=np.float32)
            cls /= np.maximum(np.linalg.norm(cls, axis=1, keepdims=True), 1e-12)
            for row, i in enumerate(chunk):
                rows[i] = cls[row]
        if not rows:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack(rows)

    @property
    def dim(self) -> int:
        return int(self._session.get_outputs()[0].shape[-1])
