"""Reading JSON Lines inputs: files or `-` for stdin, with file names and line numbers kept."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from newswire.errors import ConfigurationError


def read_lines(paths: list[str], stdin: IO[bytes] | None = None) -> Iterator[tuple[str, int, bytes]]:
    """Yield (file, line number, line) for each non-blank line; lines stay bytes, validated later.

    `-` reads `stdin` (the process's standard input unless given), which is left open."""
    for path in paths:
        if path == "-":
            stream = stdin or sys.stdin.buffer
        else:
            try:
                stream = Path(path).open("rb")  # noqa: SIM115 - closed below, after the generator is drained
            except OSError as exc:
                raise ConfigurationError(f"cannot read {path}: {exc.strerror}") from exc
        try:
            for number, line in enumerate(stream, start=1):
                if line.strip():
                    yield path, number, line.rstrip(b"\r\n")
        finally:
            if path != "-":
                stream.close()


class Progress:
    """A progress line on stderr, at most every `every` seconds, only when stderr is a terminal."""

    def __init__(self, label: str, every: float = 1.0, force: bool = False) -> None:
        import time

        self._clock = time.monotonic
        self._label, self._every = label, every
        self._enabled = force or sys.stderr.isatty()
        self._last = self._clock()
        self.started = self._last

    def tick(self, done: int, note: str = "") -> None:
        now = self._clock()
        if self._enabled and now - self._last >= self._every:
            self._last = now
            rate = done / max(now - self.started, 1e-9)
            print(f"\r{self._label}: {done} ({rate:.0f}/s) {note}", end="", file=sys.stderr, flush=True)

    def elapsed(self) -> float:
        return self._clock() - self.started

    def done(self) -> None:
        if self._enabled:
            print(file=sys.stderr)
