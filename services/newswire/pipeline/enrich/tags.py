"""Human-friendly tags: the source's own tags and section, top topics, most salient entities."""

from __future__ import annotations

from newswire.pipeline.draft import Draft
from newswire.pipeline.enrich.media_topics.iptc import TOP_LEVEL

MAX_TAGS = 20


def build_tags(draft: Draft, top_media_topics: int = 2, top_entities: int = 5) -> Draft:
    """Union of source tags, section, the leading top-level topics and their second-level topics, and
    salient entity names; deduplicated, order kept."""
    candidates = [*draft.tags, draft.section or ""]
    top_level = [t.label for t in draft.topics if t.code in TOP_LEVEL][:top_media_topics]
    candidates += top_level + [t.label for t in draft.topics if t.code not in TOP_LEVEL]
    candidates += [e.name for e in draft.entities if e.salience >= 0.3][:top_entities]
    seen: dict[str, str] = {}
    for tag in candidates:
        cleaned = " ".join(tag.split())
        if cleaned:
            seen.setdefault(cleaned.casefold(), cleaned)
    draft.tags = list(seen.values())[:MAX_TAGS]
    return draft
