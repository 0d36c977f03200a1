"""The `newswire` command: parse arguments, read settings, hand over to a command. Nothing else."""

from __future__ import annotations

import argparse
import importlib
import sys

from pydantic import ValidationError

from newswire import __version__, commands
from newswire.config import Settings
from newswire.errors import NewswireError
from newswire.observability import logs


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newswire", description="Raw crawled news in, clean enriched articles out.")
    parser.add_argument("--version", action="version", version=f"newswire {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, help="`newswire COMMAND -h` for each")
    for module in commands.modules():  # each command module adds its own parser and handler
        importlib.import_module(module).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:
        # Without the input: pydantic's default message echoes every value read, passwords included.
        problems = "; ".join(
            ": ".join([*map(str, e["loc"][:1]), e["msg"].removeprefix("Value error, ")])
            for e in exc.errors(include_input=False, include_url=False)
        )
        logs.configure()  # the settings that say how are what cannot be read: JSON unless on a terminal
        return logs.fatal(f"invalid settings: {problems}", logs.EXIT_USAGE)
    logs.configure(settings.log_format, settings.log_level)
    try:
        return int(args.handler(args, settings))
    except NewswireError as exc:
        return logs.fatal(str(exc), logs.EXIT_FATAL, exc)
    except Exception as exc:  # a bug: still one line saying what happened, and a distinct exit code
        return logs.fatal(f"internal error: {type(exc).__name__}", logs.EXIT_INTERNAL, exc)


if __name__ == "__main__":
    sys.exit(main())
