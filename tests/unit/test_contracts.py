"""The JSON Schema files in schemas/ and the pydantic models never drift apart."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest

from newswire.commands.schemas import render
from newswire.contracts import SCHEMAS
from newswire.pipeline import Pipeline
from newswire.pipeline.enrich.chain import enrichments
from tests.conftest import ROOT, FakeEntities, FakeTopics, raw, sample_lines
from tests.unit.fakes import FakeLanguages


def _properties(node: object, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every (dotted path, property schema) in a JSON Schema, however deeply nested."""
    if isinstance(node, dict):
        for key, value in node.items():
            where = f"{path}.{key}" if path else key
            if key == "properties" and isinstance(value, dict):
                for name, prop in value.items():
                    yield f"{path}.{name}" if path else name, prop
                    yield from _properties(prop, f"{path}.{name}" if path else name)
            else:
                yield from _properties(value, where)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _properties(value, f"{path}.{index}")


class TestSchemaFiles:
    @pytest.mark.parametrize("name", sorted(SCHEMAS))
    def test_file_matches_model(self, name: str) -> None:
        """Each schema file is exactly what its model generates (`make schemas` rewrites them)."""
        assert (ROOT / "schemas" / name).read_text(encoding="utf-8") == render(name)

    @pytest.mark.parametrize("name", sorted(SCHEMAS))
    def test_file_is_valid_2020_12_with_versioned_id(self, name: str) -> None:
        """Each file is a valid draft 2020-12 schema whose $id carries its version."""
        schema = json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$id"].endswith("/" + name)
        assert ".v1." in name

    @pytest.mark.parametrize("name", sorted(SCHEMAS))
    def test_every_property_is_described(self, name: str) -> None:
        """Every property, nested ones included, tells its reader what it means."""
        undescribed = [path for path, prop in _properties(json.loads(render(name))) if not prop.get("description")]
        assert not undescribed, f"{name}: add Field(description=...) for {undescribed}"

    def test_an_undescribed_property_is_found(self) -> None:
        """The walk reaches properties nested in $defs, arrays and unions."""
        schema = {"$defs": {"A": {"properties": {"x": {"anyOf": [{"items": {"properties": {"y": {}}}}]}}}}}
        assert [path for path, _ in _properties(schema)] == ["$defs.A.x", "$defs.A.x.anyOf.0.items.y"]

    def test_samples_satisfy_the_raw_schema(self) -> None:
        """The shipped sample articles are valid raw article v1 documents."""
        schema = json.loads((ROOT / "schemas" / "raw-article.v1.json").read_text(encoding="utf-8"))
        for line in sample_lines():
            jsonschema.validate(json.loads(line), schema, format_checker=jsonschema.FormatChecker())

    def test_output_satisfies_the_article_schema(self) -> None:
        """What the pipeline publishes validates against article v1."""
        schema = json.loads((ROOT / "schemas" / "article.v1.json").read_text(encoding="utf-8"))
        [outcome] = Pipeline(enrichments(FakeEntities({"Geneva": "GPE"}), FakeTopics()), FakeLanguages()).process(
            [raw()]
        )
        assert outcome.article is not None
        jsonschema.validate(json.loads(outcome.article.model_dump_json(by_alias=True)), schema)
