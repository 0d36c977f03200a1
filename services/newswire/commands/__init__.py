"""The `newswire` subcommands: each module's register(sub) adds its parser beside the handler that runs it."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from newswire.config import Settings

#: A subcommand's handler: the parsed arguments and the settings in, the exit status out.
Handler = Callable[[argparse.Namespace, Settings], int]
#: The command modules, in the order `newswire --help` lists them.
MODULES = ("run", "publish", "process", "consume", "replay", "inspect", "evaluate", "bench", "topics", "schemas")


def add(sub: Any, name: str, handler: Handler, **options: Any) -> argparse.ArgumentParser:
    """A subcommand's parser (argparse's add_parser options), which runs `handler` once parsed."""
    parser: argparse.ArgumentParser = sub.add_parser(name, **options)
    parser.set_defaults(handler=handler)
    return parser
