"""A sentence encoder: a BERT-style ONNX model's [CLS] vector for an article's title and lead.

The topic model asks it for a second opinion on the articles its word heads are unsure of. The
ONNX file and its tokenizer are stored with the model; onnxruntime runs it on one thread.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

#: Tokens read per article (title, then the body's start); a longer article is cut, never a longer run.
MAX_TOKENS = 128
#: Characters of body handed to the tokenizer: more than MAX_TOKENS tokens' worth, and bounded.
MAX_CHARS = 2_000


class SentenceEncoder:
    """L2-normalized [CLS] vectors of an ONNX model (inputs input_ids, attention_mask[, token_type_ids])."""

    def __init__(self, onnx_path: Path, tokenizer_json: str, threads: int = 1) -> None:
        # onnxruntime 1.2x+ collects telemetry and uploads it over HTTPS unless this is set before its
        # environment starts (the image sets it too); a news service has no business phoning home.
        os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.onnx_path, self.tokenizer_json = onnx_path, tokenizer_json
        try:
            self._tokenizer = Tokenizer.from_str(tokenizer_json)
        except Exception as exc:  # the Rust tokenizer raises a bare Exception on a bad file
            raise ValueError(f"bad encoder tokenizer: {exc}") from exc
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(MAX_TOKENS)
        # onnxruntime's own logger writes plain text to stderr, which would break JSON logs: errors only.
        ort.set_default_logger_severity(3)
        ort.disable_telemetry_events()
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
        if len(self._session.get_outputs()[0].shape) != 3:
            raise ValueError(f"encoder model {onnx_path} does not output (batch, tokens, dim) hidden states")

    @staticmethod
    def text(title: str, body: str) -> str:
        return f"{title}\n{body[:MAX_CHARS]}"

    def encode(self, docs: Sequence[tuple[str, str]]) -> Any:
        """(docs x dim) float32, one unit row per (title, body), in the order given.

        One article per run: the int8 model quantizes activations over its whole input, so an article
        batched with others (and their padding) would get a slightly different vector each time.
        """
        import numpy as np

        rows = np.zeros((len(docs), self.dim), dtype=np.float32)
        for row, (title, body) in enumerate(docs):
            ids = np.array([self._tokenizer.encode(self.text(title, body)).ids], dtype=np.int64)
            feed = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
            if self._token_types:
                feed["token_type_ids"] = np.zeros_like(ids)
            cls = np.asarray(self._session.run(None, feed)[0][0, 0], dtype=np.float32)
            norm = float(np.linalg.norm(cls))
            rows[row] = cls / norm if norm else cls
        return rows

    @property
    def dim(self) -> int:
        return int(self._session.get_outputs()[0].shape[-1])
