"""The chaos suite's broker (its own, so it may be killed and frozen) and the table printed at the end.

`make chaos` sets NEWSWIRE_CHAOS=full and runs every scenario at full size; a plain `pytest` (and so
`make test`) runs the quick ones with small record counts.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from tests.chaos.broker import ChaosBroker
from tests.chaos.harness import ROWS
from tests.chaos.ledger import Row

#: Read before the environment is cleaned for each test.
FULL = os.environ.get("NEWSWIRE_CHAOS") == "full"


def size(full: int, quick: int) -> int:
    return full if FULL else quick


@pytest.fixture(scope="session")
def chaos_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChaosBroker]:
    """A single-node broker with its own home, data and ports, stopped and wiped at the end."""
    if not shutil.which("java"):
        pytest.skip("the chaos suite starts a broker of its own: it needs java on PATH")
    broker = ChaosBroker(tmp_path_factory.mktemp("chaos-kafka"))
    broker.up()
    yield broker
    broker.down()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not ROWS:
        return
    table = [Row.HEADER, *(row.cells() for row in ROWS)]
    widths = [max(len(line[i]) for line in table) for i in range(len(Row.HEADER))]
    terminalreporter.section("chaos: input against output plus dead letters, read_committed")
    for n, line in enumerate(table):
        # text columns (fault, notes) to the left, numbers to the right
        cells = [c.ljust(w) if i in (0, 7) else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths, strict=True))]
        terminalreporter.write_line("| " + " | ".join(cells) + " |")
        if n == 0:
            terminalreporter.write_line("|" + "|".join("-" * (w + 2) for w in widths) + "|")
