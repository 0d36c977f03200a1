"""Evaluation and training modules: each has add_arguments(parser) and main(args); this runs one."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence


def run(
    prog: str,
    doc: str | None,
    add_arguments: Callable[[argparse.ArgumentParser], None],
    main: Callable[[argparse.Namespace], int],
    argv: Sequence[str] | None = None,
) -> int:
    """Parse argv (default: the command line) with the module's arguments and call its main."""
    parser = argparse.ArgumentParser(prog=prog, description=doc)
    add_arguments(parser)
    return int(main(parser.parse_args(argv)))
