"""What every versioned contract model shares: frozen, closed, and tied to its schema file."""

from __future__ import annotations

from pydantic import ConfigDict

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def contract_config(title: str, schema_id: str) -> ConfigDict:
    """Model config for a top-level contract whose JSON Schema lives at `schema_id`."""
    return ConfigDict(
        frozen=True,
        extra="forbid",
        title=title,
        json_schema_extra={"$id": schema_id, "$schema": JSON_SCHEMA_DIALECT},
    )
