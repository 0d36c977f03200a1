"""`newswire schemas`: write or check the JSON Schema files generated from the contract models."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from newswire.contracts import SCHEMAS


def render(model_name: str) -> str:
    """The schema file's exact text for one contract."""
    return json.dumps(SCHEMAS[model_name].model_json_schema(by_alias=True), indent=2, sort_keys=True) + "\n"


def schemas(directory: Path, write: bool) -> int:
    """With write, regenerate the files; otherwise report every file that drifted from its model."""
    drifted = []
    for name in SCHEMAS:
        path = directory / name
        if write:
            path.write_text(render(name), encoding="utf-8")
        elif not path.exists() or path.read_text(encoding="utf-8") != render(name):
            drifted.append(name)
    for name in drifted:
        print(
            f"{directory / name}: differs from its model; run `newswire schemas --write {directory}`", file=sys.stderr
        )
    return 1 if drifted else 0
