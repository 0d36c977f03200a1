"""`newswire schemas`: write or check the JSON Schema files generated from the contract models."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from newswire.commands import add
from newswire.config import Settings
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


def register(sub: Any) -> None:
    parser = add(sub, "schemas", _handle, help="check (or --write) schemas/*.json against the models")
    parser.add_argument(
        "directory", type=Path, nargs="?", default=Path("schemas"), help="where the schema files are (default schemas)"
    )
    parser.add_argument("--write", action="store_true", help="write the files instead of checking them")


def _handle(args: argparse.Namespace, settings: Settings) -> int:
    return schemas(args.directory, args.write)
