"""Named entities with a spaCy pipeline, one entry per real-world entity in the article."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from newswire.contracts import Entity, Mention
from newswire.errors import ConfigurationError

#: Numeric and temporal labels are not entities a newsroom tags.
SKIPPED_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
#: Only this much of a body goes through the model: one long article must not stall a batch.
MAX_BODY_CHARS = 20_000
_FIELD_WEIGHT = {"title": 3.0, "lead": 2.0, "body": 1.0}


@dataclass
class _Group:
    name: str
    votes: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    mentions: list[Mention] = field(default_factory=list)
    weight: float = 0.0


def _key(text: str) -> str:
    return " ".join(text.removeprefix("the ").removeprefix("The ").split()).casefold()


def consolidate(spans: Sequence[tuple[str, str, str, int, int]], lead_end: int) -> list[Entity]:
    """Join mentions (text, label, field, start, end) of one article into entities.

    A single-word mention that ends a longer person name met earlier joins that person.
    """
    groups: dict[str, _Group] = {}
    for text, label, where, start, end in spans:
        key = _key(text)
        if key not in groups and " " not in key:
            fuller = [g for k, g in groups.items() if k.split()[-1] == key and g.votes.get("PERSON")]
            if fuller:
                key = _key(fuller[0].name)
        group = groups.setdefault(key, _Group(name=text.removeprefix("the ").removeprefix("The ")))
        weight = _FIELD_WEIGHT["title" if where == "title" else "lead" if start < lead_end else "body"]
        group.votes[label] += weight
        group.weight += weight
        group.mentions.append(Mention(field=where, start=start, end=end))  # type: ignore[arg-type]
    top = max((g.weight for g in groups.values()), default=1.0)
    entities = [
        Entity(
            name=g.name,
            type=max(g.votes.items(), key=lambda kv: kv[1])[0],
            mentions=g.mentions,
            count=len(g.mentions),
            salience=round(g.weight / top, 4),
        )
        for g in groups.values()
    ]
    return sorted(entities, key=lambda e: -e.salience)


class SpacyEntityExtractor:
    """A spaCy pipeline loaded once, with only the components entity recognition needs."""

    def __init__(self, model: str, batch_size: int = 32) -> None:
        try:
            import spacy

            self._nlp: Any = spacy.load(model, exclude=["parser", "lemmatizer", "tagger", "attribute_ruler"])
        except (OSError, ImportError, ValueError) as exc:
            raise ConfigurationError(f"cannot load spaCy model {model!r}: {exc}") from exc
        meta = self._nlp.meta
        self.name = f"{meta.get('lang', 'xx')}_{meta.get('name', model)}-{meta.get('version', '0')}"
        self.languages = frozenset({str(meta.get("lang", "en"))})
        self._batch_size = batch_size

    def extract(self, docs: Sequence[tuple[str, str]]) -> list[list[Entity]]:
        texts = [t for title, body in docs for t in (title, body[:MAX_BODY_CHARS])]
        parsed = list(self._nlp.pipe(texts, batch_size=self._batch_size))
        results = []
        for index, (_title, body) in enumerate(docs):
            spans = [
                (ent.text, ent.label_, where, ent.start_char, ent.end_char)
                for where, doc in (("title", parsed[2 * index]), ("body", parsed[2 * index + 1]))
                for ent in doc.ents
                if ent.label_ not in SKIPPED_LABELS
            ]
            lead_end = body.find("\n\n") if "\n\n" in body else len(body)
            results.append(consolidate(spans, lead_end))
        return results
