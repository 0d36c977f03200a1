"""Reading JSON Lines inputs: files or `-` for stdin, with file names and line numbers kept."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO

from newswire.errors import ConfigurationError


def read_lines(paths: list[str], streams: Mapping[str, IO[bytes]] | None = None) -> Iterator[tuple[str, int, bytes]]:
    """Yield (file, line number, line) for each non-blank line; lines stay bytes, validated later.

    A path in `streams` is read from that stream, which is left open; `-` is standard input."""
    for path in paths:
        given = (streams or {}).get(path)
        if given is not None:
            stream = given
        elif path == "-":
            stream = sys.stdin.buffer
        else:
            stream = open_input(path)
        try:
            for number, line in enumerate(stream, start=1):
                if line.strip():
                    yield path, number, line.rstrip(b"\r\n")
        finally:
            if given is None and path != "-":
                stream.close()


def open_input(path: str) -> IO[bytes]:
    """A file opened for reading, or a ConfigurationError naming it."""
    try:
        return Path(path).open("rb")
    except OSError as exc:
        raise ConfigurationError(f"cannot read {path}: {exc.strerror}") from exc


class ProgressLine:
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
