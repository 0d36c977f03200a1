"""`newswire eval SUITE`: each suite module has add_arguments(parser) and main(args); imported only when run."""

from __future__ import annotations

import argparse
import importlib
from typing import Any

from newswire import suite
from newswire.commands import add
from newswire.config import Settings

EVALS = {
    "extraction": "newswire_tools.eval.extraction",
    "entities": "newswire_tools.eval.entities",
    "entities-fr": "newswire_tools.eval.entities_fr",
    "topics": "newswire_tools.eval.media_topics",
    "subtopics": "newswire_tools.eval.subtopics",
    "speed": "newswire_tools.eval.speed",
}


def register(sub: Any) -> None:
    # -h after SUITE is the suite's: REMAINDER takes it with the suite's other arguments.
    parser = add(sub, "eval", _handle, help="measure quality and speed on labelled data")
    parser.add_argument("suite", choices=sorted(EVALS), help="what to measure; `newswire eval SUITE -h` for more")
    parser.add_argument("rest", nargs=argparse.REMAINDER, metavar="...", help="the suite's own arguments")


def _handle(args: argparse.Namespace, _settings: Settings) -> int:
    module = importlib.import_module(EVALS[args.suite])
    return suite.run(f"newswire eval {args.suite}", module.__doc__, module.add_arguments, module.main, args.rest)
