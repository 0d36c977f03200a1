"""Named entities with a spaCy pipeline, one entry per real-world entity in the article."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from newswire.contracts import Entity, Mention
from newswire.errors import ConfigurationError
from newswire.pipeline.enrich import casing, mentions, places, wikidata
from newswire.pipeline.normalize import dates

#: Numeric and temporal labels are not entities a newsroom tags.
SKIPPED_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
#: Only this much of a body goes through the model: one long article must not stall a batch.
MAX_BODY_CHARS = 20_000
#: Runs of more characters than this without a space (URLs, walls of emoji or punctuation) are
#: blanked before the model sees them: spaCy's tokenizer strips affixes one character at a time,
#: so its time grows with the square of a run's length ("!" * 10,000 took 7.6 s).
MAX_RUN_CHARS = 48
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN_CHARS + 1},}}")
#: Tokens of one article the recognizer reads: its time is linear in tokens (about 0.1 ms each on
#: one core), and 20,000 characters of punctuation would be 20,000 tokens. English prose of
#: MAX_BODY_CHARS is about 4,000, so ordinary articles are read whole.
MAX_TOKENS = 5_000
_FIELD_WEIGHT = {"title": 3.0, "lead": 2.0, "body": 1.0}
#: A title counts most for salience, but a line that is not a sentence (a title, a heading, a table row)
#: counts least for the type: the recognizer reads it out of context.
_OUT_OF_CONTEXT_VOTE = 0.5
#: A recognized span: (text, label, field, start, end).
_Span = tuple[str, str, str, int, int]
_SENTENCE_END = re.compile(r"[.!?\"'”’)]\s*$")
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Labels a model gives international bodies (the EU as a GPE, the UN at its headquarters as a FAC).
_BODY_LABELS = frozenset({"ORG", "GPE", "LOC", "FAC", "NORP"})
#: Names of people, organisations and places, which never end in a bare number.
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})
_TRAILING_NUMBER = re.compile(r"(?:\s+[\d.,:-]+)+\s*$")


@dataclass
class _Group:
    name: str
    votes: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    mentions: list[Mention] = field(default_factory=list)
    weight: float = 0.0
    place: places.Place | None = None

    def absorb(self, other: _Group) -> None:
        for label, vote in other.votes.items():
            self.votes[label] += vote
        self.mentions += other.mentions
        self.weight += other.weight
        self.place = self.place or other.place

    @property
    def label(self) -> str:
        return max(self.votes.items(), key=lambda kv: kv[1])[0]


def _merge(groups: dict[str, _Group]) -> list[_Group]:
    """Join a lone surname to the person it ends, and an acronym to the name it abbreviates.

    Each group is compared only with the groups an index says could match (same last word, or
    initials that spell its acronym), in article order, so the time stays linear in the mentions
    rather than growing with the square of the names in a long list of them."""
    merged = dict(groups)
    order = {key: index for index, key in enumerate(groups)}
    by_key_end: dict[str, list[str]] = defaultdict(list)
    by_name_end: dict[str, list[str]] = defaultdict(list)
    by_initials: dict[str, list[str]] = defaultdict(list)
    for key, group in groups.items():
        if key.split():
            by_key_end[key.split()[-1]].append(key)
        if group.name.split():
            by_name_end[group.name.rsplit(maxsplit=1)[-1].casefold()].append(key)
        for spelled in mentions.initials(group.name):
            by_initials[spelled].append(key)
    for key, group in groups.items():
        words = group.name.split()
        if " " in key and not any(mentions.acronym(w) for w in words):
            continue  # a spelled-out name: others may join it, it joins none
        short = mentions.acronym(group.name)
        candidates = {
            *(by_key_end.get(key, []) if " " not in key else []),
            *(by_initials.get(short, []) if short else []),
            *(by_name_end.get(words[-1].casefold(), []) if words else []),
        }
        for other_key in sorted(candidates, key=order.__getitem__):
            other = groups[other_key]
            if other_key == key or other_key not in merged:
                continue
            person = other.votes.get("PERSON") or group.votes.get("PERSON")
            surname = " " not in key and person and other_key.split()[-1] == key
            if surname or mentions.abbreviates(group.name, other.name):
                merged.pop(key)
                other.absorb(group)
                break
    return list(merged.values())


def _entity(group: _Group, top: float) -> Entity:
    label, ids = group.label, {}
    if label in _BODY_LABELS and (body := wikidata.organisation(group.name)):
        label, ids, name = "ORG", {"wikidata": body[0]}, body[1]
    elif label in _PLACE_LABELS and group.place:
        label, ids, name = "GPE", group.place.ids, group.place.name
    else:
        name = group.name
        label = "LOC" if label == "GPE" and places.is_area(name) else mentions.finer_type(label, name)
    return Entity(
        name=name,
        type=label,
        mentions=sorted(group.mentions, key=lambda m: (m.field != "title", m.start)),
        count=len(group.mentions),
        salience=round(group.weight / top, 4),
        ids=ids,
    )


def consolidate(
    spans: Sequence[tuple[str, str, str, int, int]], lead_end: int, votes: Sequence[float] | None = None
) -> list[Entity]:
    """Join mentions (text, label, field, start, end) of one article into entities, each typed once.

    Countries and cities resolve to one canonical name ("U.S." and "the United States" meet); a
    name both a country and a US state takes the reading the article's other places support.
    """
    groups: dict[str, _Group] = {}
    for number, (text, label, where, start, end) in enumerate(spans):
        name = mentions.clean(text)
        place = places.resolve(name)
        if place and label not in _PLACE_LABELS and place.kind != "country":
            place = None
        body = wikidata.organisation(name) if label in _BODY_LABELS else None
        key = f"wikidata:{body[0]}" if body else place.name.casefold() if place else mentions.key(text)
        group = groups.setdefault(key, _Group(name=name))
        group.place = group.place or place
        if len(name) > len(group.name) and not place:
            group.name = name
        weight = _FIELD_WEIGHT["title" if where == "title" else "lead" if start < lead_end else "body"]
        group.votes[label] += votes[number] if votes else 1.0
        group.weight += weight
        group.mentions.append(Mention(field=where, start=start, end=end))
    kept = _merge(groups)
    located = [g.place for g in kept if g.place and g.label in _PLACE_LABELS]
    for group in kept:
        if group.place:
            group.place = places.in_context(group.place, located)
    top = max((g.weight for g in kept), default=1.0)
    return sorted((_entity(g, top) for g in kept), key=lambda e: -e.salience)


@dataclass(frozen=True)
class _Line:
    """One line the recognizer reads: the title or a body paragraph, re-cased if set in capitals."""

    article: int
    field: str
    offset: int
    text: str
    model_text: str
    recased: bool

    def span(self, start: int, end: int, label: str) -> tuple[str, str, str, int, int]:
        """A recognized span as (text, label, field, start, end) in the article, spaces trimmed off its ends."""
        text = self.model_text[start:end]
        if label in _NAME_LABELS:
            text = _TRAILING_NUMBER.sub("", text)  # a score or a count in a table row: "Kelston Rovers 2"
        start += len(text) - len(text.lstrip())
        end = start + len(text.strip())
        return (self.text[start:end], label, self.field, self.offset + start, self.offset + end)


def _lines(article: int, title: str, body: str, capitals: bool) -> list[_Line]:
    """The title and each paragraph of the body's first MAX_BODY_CHARS characters, bylines left out.

    Each paragraph is read on its own, as the recognizer was trained on sentences; a heading, a
    dateline or a table row is content like any other line."""
    pieces = [("title", 0, title)] if title.strip() else []
    offset = 0
    for paragraph in body[:MAX_BODY_CHARS].split("\n\n"):
        if paragraph.strip() and not mentions.is_byline(paragraph):
            pieces.append(("body", offset, paragraph))
        offset += len(paragraph) + 2
    recased = casing.recase([text for _, _, text in pieces], capitals)
    return [
        _Line(article, where, at, text, _blank_long_runs(_without_date(model_text)), changed)
        for (where, at, text), (model_text, changed) in zip(pieces, recased, strict=True)
    ]


def _blank_long_runs(text: str) -> str:
    """Each run longer than MAX_RUN_CHARS without a space replaced by as many spaces (offsets kept)."""
    return _LONG_RUN.sub(lambda run: " " * len(run.group()), text)


def _without_date(line: str) -> str:
    """A dateline's date blanked out (same length): a recognizer otherwise reads it into the place's name."""
    span = dates.dateline_date(line)
    return f"{line[: span[0]]}{' ' * (span[1] - span[0])}{line[span[1] :]}" if span else line


def _corroborated(pairs: list[tuple[_Span, float]]) -> list[tuple[_Span, float]]:
    """Mentions of a capitalized title kept only where the body names them too (capitals mislead there)."""
    named = {mentions.key(span[0]) for span, _ in pairs if span[2] == "body"}
    named |= {name.rsplit(maxsplit=1)[-1] for name in named if " " in name}
    return [(span, vote) for span, vote in pairs if span[2] != "title" or mentions.key(span[0]) in named]


class SpacyEntityExtractor:
    """A spaCy pipeline loaded once, with only the components entity recognition needs."""

    def __init__(self, model: str, batch_size: int = 32) -> None:
        try:
            import spacy

            self._nlp: Any = spacy.load(model, exclude=["parser", "lemmatizer", "tagger", "attribute_ruler", "senter"])
        except (OSError, ImportError, ValueError) as exc:
            raise ConfigurationError(f"cannot load spaCy model {model!r}: {exc}") from exc
        if "ner" not in self._nlp.pipe_names:
            raise ConfigurationError(f"spaCy model {model!r} has no entity recognizer")
        tok2vec: Any = self._nlp.get_pipe("tok2vec") if "tok2vec" in self._nlp.pipe_names else None
        if tok2vec is not None and not tok2vec.listening_components:
            self._nlp.remove_pipe("tok2vec")  # en_core_web_sm's recognizer embeds tokens itself
        places.load()
        meta = self._nlp.meta
        self.name = f"{meta.get('lang', 'xx')}_{meta.get('name', model)}-{meta.get('version', '0')}"
        self.languages = frozenset({str(meta.get("lang", "en"))})
        self._batch_size = batch_size
        # A recognizer with CoNLL's MISC type learned from Reuters wire copy, whose headlines and
        # datelines are set in capitals: it reads them better as they are (measured on eng.testa).
        ner: Any = self._nlp.get_pipe("ner")
        self._recase_capitals = "MISC" not in ner.labels

    def _within_budget(self, jobs: list[list[_Line]]) -> tuple[list[_Line], list[Any]]:
        """Each article's lines as tokens, in order, until it has MAX_TOKENS; later lines are not read."""
        kept, tokens = [], []
        for lines in jobs:
            budget = MAX_TOKENS
            for line in lines:
                if budget <= 0:
                    break
                doc = self._nlp.make_doc(line.model_text)
                kept.append(line)
                tokens.append(doc if len(doc) <= budget else doc[:budget].as_doc())
                budget -= len(doc)
        return kept, tokens

    def extract(self, docs: Sequence[tuple[str, str]]) -> list[list[Entity]]:
        jobs = [_lines(index, title, body, self._recase_capitals) for index, (title, body) in enumerate(docs)]
        flat, tokens = self._within_budget(jobs)
        parsed = self._nlp.pipe(tokens, batch_size=self._batch_size)
        found: list[list[tuple[_Span, float]]] = [[] for _ in docs]
        for line, doc in zip(flat, parsed, strict=True):
            places = dates.dateline_places(line.text)
            spans = [line.span(a, b, "GPE") for a, b in places] + [
                span
                for e in doc.ents
                if e.label_ not in SKIPPED_LABELS
                and not any(a < e.end_char and e.start_char < b for a, b in places)
                and (span := line.span(e.start_char, e.end_char, e.label_))[4] > span[3]
            ]
            sentence = line.field == "body" and not line.recased and bool(_SENTENCE_END.search(line.text))
            found[line.article] += [(span, 1.0 if sentence else _OUT_OF_CONTEXT_VOTE) for span in spans]
        results = []
        for (_, body), pairs, lines in zip(docs, found, jobs, strict=True):
            if lines and lines[0].field == "title" and lines[0].recased:
                pairs = _corroborated(pairs)  # noqa: PLW2901
            lead_end = body.find("\n\n") if "\n\n" in body else len(body)
            results.append(consolidate([span for span, _ in pairs], lead_end, [vote for _, vote in pairs]))
        return results
