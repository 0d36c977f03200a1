"""The `newswire` subcommands: each module's register(sub) adds its parser beside the handler that runs it."""

from __future__ import annotations

import argparse
import importlib.util
from collections.abc import Callable
from typing import Any

from newswire.config import Settings

#: A subcommand's handler: the parsed arguments and the settings in, the exit status out.
Handler = Callable[[argparse.Namespace, Settings], int]
#: The command modules, in the order `newswire --help` lists them.
MODULES = ("run", "publish", "process", "consume", "replay", "inspect", "evaluate", "bench", "topics", "schemas")
#: The offline tools' commands, in the newswire_tools package: a checkout has it (`make install`), the
#: image does not (deploy/Dockerfile), and `newswire` offers them only where it is installed.
TOOLS = {name: f"newswire_tools.commands.{name}" for name in ("inspect", "evaluate", "bench")}


def modules() -> list[str]:
    """The command modules to import, in MODULES' order: the tools' only where their package is installed."""
    tools = importlib.util.find_spec("newswire_tools") is not None
    return [TOOLS.get(name, f"newswire.commands.{name}") for name in MODULES if tools or name not in TOOLS]


def add(sub: Any, name: str, handler: Handler, **options: Any) -> argparse.ArgumentParser:
    """A subcommand's parser (argparse's add_parser options), which runs `handler` once parsed."""
    parser: argparse.ArgumentParser = sub.add_parser(name, **options)
    parser.set_defaults(handler=handler)
    return parser
