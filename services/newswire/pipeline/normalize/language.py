"""Language identification with py3langid (model shipped in the package; nothing downloaded)."""

from __future__ import annotations

import re

import py3langid

#: Text beyond this many characters adds nothing to the decision but costs time.
SAMPLE_CHARS = 2000
_TAG = re.compile(r"^([a-zA-Z]{2})(?:[-_].*)?$")


def from_tag(tag: str | None) -> str | None:
    """The ISO 639-1 part of a BCP 47 tag such as `en-GB`; None if the tag is not one."""
    match = _TAG.match(tag.strip()) if tag else None
    return match.group(1).lower() if match else None


def detect(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when there is too little text to tell."""
    sample = text[:SAMPLE_CHARS]
    if len(sample.split()) < 3:
        return None
    code, _score = py3langid.classify(sample)
    return str(code)
