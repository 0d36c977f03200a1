"""Canonical places offline: ISO 3166 countries, GeoNames cities and US states, from places.tsv.

The table is derived from GeoNames (CC BY 4.0, geonames.org) and ISO 3166 by `make places`
(newswire_tools.train.places); ids are GeoNames ids, so they link to its records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from newswire.pipeline.enrich.entities import wikidata

#: Everyday names the ISO list does not hold, mapped to ISO 3166 alpha-2 codes.
ALIASES = {
    "us": "US",
    "usa": "US",
    "america": "US",
    "united states of america": "US",
    "the states": "US",
    "uk": "GB",
    "britain": "GB",
    "great britain": "GB",
    "united kingdom": "GB",
    "holland": "NL",
    "south korea": "KR",
    "north korea": "KP",
    "russia": "RU",
    "iran": "IR",
    "syria": "SY",
    "vietnam": "VN",
    "taiwan": "TW",
    "czech republic": "CZ",
    "ivory coast": "CI",
    "burma": "MM",
}
#: Words that mark a natural or supranational area (LOC) rather than a country, state or city (GPE).
_AREA = re.compile(
    r"\b(river|sea|ocean|gulf|lake|mountains?|mount|valley|island|islands|peninsula|desert|strait|bay|"
    r"coast|alps|himalayas|europe|asia|africa|antarctica|americas|middle east|balkans|caribbean|"
    r"mediterranean|pacific|atlantic|arctic|scandinavia|latin america|north america|south america)\b",
    re.IGNORECASE,
)


#: A US city keeps a state's name only above this population (Washington, D.C. over the state).
CITY_OVER_STATE = 500_000
#: American places that news about other countries names as often as domestic news does: the
#: capital, and New York for the United Nations and the markets.
FOREIGN_NEWS_PLACES = frozenset({"Washington", "New York"})


@dataclass(frozen=True)
class Place:
    """A resolved place: display name, ids (iso3166, geonames, wikidata: whichever are known), kind,
    the ISO 3166 code of the country it lies in, and the other place its name can mean when a
    country took a US state's name (Georgia)."""

    name: str
    ids: dict[str, str]
    kind: str  # country, state or city
    country: str
    other: Place | None = None


def _key(text: str) -> str:
    text = re.sub(r"^the\s+", "", text.strip(), flags=re.IGNORECASE)
    return " ".join(text.replace(".", "").split()).casefold()


#: Cities of 15,000 people or more, US states and ISO 3166 countries, derived by `make places`.
TABLE = Path(__file__).with_name("places.tsv")


@dataclass(frozen=True)
class _Row:
    kind: str  # city, state or country
    geonames: str  # empty for the few countries GeoNames lacks
    country: str
    population: int
    names: tuple[str, ...]  # a country's first name is its display name


def _rows() -> list[_Row]:
    """The table in its order: cities from least to most populous, US states, countries."""
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            kind, geonames, country, population, *names = line.split("\t")
            rows.append(_Row(kind, geonames, country, int(population or 0), tuple(names)))
    return rows


@lru_cache(maxsize=1)
def _index() -> dict[str, Place]:
    """name -> Place. Of a shared name a country wins (keeping a US state as its `other`), then a US
    state, unless a US city above CITY_OVER_STATE has it, then the largest city."""
    rows = _rows()
    population = {r.geonames: r.population for r in rows if r.kind == "city"}
    index: dict[str, Place] = {}
    for row in rows:
        name = row.names[0]
        if row.kind == "city":
            index[_key(name)] = Place(name, {"geonames": row.geonames}, "city", row.country)
        elif row.kind == "state":
            known = index.get(_key(name))
            if known is None or not (known.country == "US" and population[known.ids["geonames"]] > CITY_OVER_STATE):
                index[_key(name)] = Place(name, {"geonames": row.geonames}, "state", "US")
        else:
            code = row.country
            ids = {"iso3166": code, **({"geonames": row.geonames} if row.geonames else {})}
            if qid := wikidata.country(code):
                ids["wikidata"] = qid
            place = Place(name, ids, "country", code)
            for alias in row.names:
                shadowed = index.get(_key(alias))
                index[_key(alias)] = replace(place, other=shadowed) if shadowed and shadowed.kind == "state" else place
    by_code = {p.ids["iso3166"]: p for p in index.values() if p.kind == "country"}
    index.update({alias: by_code[code] for alias, code in ALIASES.items() if code in by_code})
    return index


def load() -> None:
    """Build the index now (about a second) rather than on the first article."""
    _index()


def resolve(text: str) -> Place | None:
    """The country, US state or city a name most likely means, or None."""
    return _index().get(_key(text))


def is_area(text: str) -> bool:
    """True for continents, seas, rivers, mountain ranges and similar non-political places."""
    return bool(_AREA.search(text))


def in_context(place: Place, others: list[Place]) -> Place:
    """A country named like a US state (Georgia) means the state when the article's other places all
    lie in the United States and one of them is a state or a city other than those foreign news
    names too (Washington, New York)."""
    state = place.other
    if state is None:
        return place
    rest = [p for p in others if p.name != place.name]
    domestic = [p for p in rest if p.kind != "country" and p.name not in FOREIGN_NEWS_PLACES]
    return state if domestic and all(p.country == state.country for p in rest) else place
