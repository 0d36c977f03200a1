"""What enrichment an article got, said in the article itself, so that "nothing found" and "not read"
differ: provenance names the model that read it or why none did, and a skip is also a warning."""

from __future__ import annotations

from newswire.pipeline.draft import Draft

#: Provenance of an enrichment switched off for every article (NEWSWIRE_ENRICH_ENTITIES, _TOPICS).
OFF = "off"


def note(draft: Draft, enrichment: str, kind: str, model: str | None, *, enabled: bool = True) -> bool:
    """Record in `draft` which `model` read it for `enrichment` ("entities", "topics"), or that it was
    skipped because no `kind` ("entity", "topic") model reads its language; True when skipped."""
    if not enabled:
        draft.provenance[enrichment] = OFF
        return False
    if model:
        draft.provenance[enrichment] = f"model:{model}"
        return False
    language = draft.language
    reason = f"no {kind} model for language {language}" if language else "language not identified"
    draft.provenance[enrichment] = f"skipped: {reason}"
    draft.warnings.append(f"{enrichment}_skipped: {reason}")
    return True
