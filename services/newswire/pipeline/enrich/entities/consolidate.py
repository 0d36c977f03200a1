"""Entity consolidation rules: the mentions one article's recognizer found, joined into entities.

Each entity is typed once by its mentions' votes, named canonically where a place or an international
body is known offline, and scored for salience by where it is mentioned (title, lead, body).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from newswire.contracts import Entity, Mention
from newswire.pipeline.enrich.entities import mentions, places, wikidata

#: A recognized mention: (text, label, field, start, end), offsets into the field.
Span = tuple[str, str, str, int, int]
_FIELD_WEIGHT = {"title": 3.0, "lead": 2.0, "body": 1.0}
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Labels a model gives international bodies (the EU as a GPE, the UN at its headquarters as a FAC).
_BODY_LABELS = frozenset({"ORG", "GPE", "LOC", "FAC", "NORP"})
#: Labels of a one-word name that may be short for an organisation it starts (places never are:
#: "Washington" is not "Washington Post").
_SHORT_FOR_COMPANY = frozenset({"PERSON", "ORG"})


@dataclass
class _Group:
    name: str
    votes: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    mentions: list[Mention] = field(default_factory=list)
    weight: float = 0.0
    place: places.Place | None = None
    #: PERSON when a full name read as a person absorbed surname mentions, whatever they voted.
    typed_by_name: str | None = None

    def absorb(self, other: _Group) -> None:
        for label, vote in other.votes.items():
            self.votes[label] += vote
        self.mentions += other.mentions
        self.weight += other.weight
        self.place = self.place or other.place

    @property
    def label(self) -> str:
        return self.typed_by_name or max(self.votes.items(), key=lambda kv: kv[1])[0]


def _merge(groups: dict[str, _Group]) -> list[_Group]:
    """Join a lone surname to the person it ends, and an acronym to the name it abbreviates.

    A full name read as a person makes its surnames people: a person named in full once and by
    surname four times stays a person even if the recognizer read most surnames as an organisation.
    A full name read otherwise ("Councillor Priya Raman" as an organisation) is typed by the votes.
    Likewise a one-word name read as a person or organisation that starts an organisation's name
    ("Magna" after "Magna International Inc") is that organisation.

    Each group is compared only with the groups an index says could match (same last word, or
    initials that spell its acronym), in article order, so the time stays linear in the mentions
    rather than growing with the square of the names in a long list of them."""
    merged = dict(groups)
    order = {key: index for index, key in enumerate(groups)}
    by_key_end: dict[str, list[str]] = defaultdict(list)
    by_key_start: dict[str, list[str]] = defaultdict(list)
    by_name_end: dict[str, list[str]] = defaultdict(list)
    by_initials: dict[str, list[str]] = defaultdict(list)
    for key, group in groups.items():
        if key.split():
            by_key_end[key.split()[-1]].append(key)
        if " " in key:
            by_key_start[key.split()[0]].append(key)
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
            *(by_key_start.get(key, []) if " " not in key and group.label in _SHORT_FOR_COMPANY else []),
            *(by_initials.get(short, []) if short else []),
            *(by_name_end.get(words[-1].casefold(), []) if words else []),
        }
        for other_key in sorted(candidates, key=order.__getitem__):
            other = groups[other_key]
            if other_key == key or other_key not in merged:
                continue
            person = other.votes.get("PERSON") or group.votes.get("PERSON")
            surname = " " not in key and person and other_key.split()[-1] == key
            company = " " not in key and other.label == "ORG" and other_key.split()[0] == key
            if surname or company or mentions.abbreviates(group.name, other.name):
                merged.pop(key)
                if surname and other.label == "PERSON":
                    other.typed_by_name = "PERSON"  # "Lavrov" is a person once "Sergey Lavrov" is
                elif company and not surname:
                    other.typed_by_name = "ORG"  # "Magna" is the company "Magna International Inc" is
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


def consolidate(spans: Sequence[Span], lead_end: int, votes: Sequence[float] | None = None) -> list[Entity]:
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
