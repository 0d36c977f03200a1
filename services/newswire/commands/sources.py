"""What `newswire publish` reads: JSON Lines files, stdin, and folders of page or text files.

A folder holds `.html`/`.htm`/`.txt` documents, each optionally beside a sidecar `NAME.json` with
its raw-article metadata (url, fetched_at, title, ...); `.jsonl` files in it are read as lines.
Metadata missing from a sidecar comes from the command line (`Defaults`). Nothing here sends.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO
from urllib.parse import quote

from newswire.commands.lines import read_lines
from newswire.errors import ConfigurationError, ErrorCode, RecordError
from newswire.pipeline.validate import reject

DOCUMENT_TYPES = {".html": "text/html", ".htm": "text/html", ".txt": "text/plain"}


@dataclass(frozen=True)
class Defaults:
    """Metadata for documents whose sidecar lacks it; the sidecar always wins."""

    url_prefix: str | None = None
    content_type: str | None = None
    fetched_at: str | None = None

    @classmethod
    def from_args(cls, url_prefix: str | None, content_type: str | None, fetched_at: str | None) -> Defaults:
        """`fetched_at` is `now` (resolved once for the whole run) or RFC 3339 with an offset."""
        if fetched_at == "now":
            fetched_at = datetime.now(UTC).isoformat()
        elif fetched_at is not None:
            try:
                stamp = datetime.fromisoformat(fetched_at)
            except ValueError as exc:
                raise ConfigurationError(f"--fetched-at {fetched_at!r}: not an RFC 3339 time") from exc
            if stamp.tzinfo is None:
                raise ConfigurationError(f"--fetched-at {fetched_at!r}: needs an offset, e.g. Z or +02:00")
        return cls(url_prefix, content_type, fetched_at)


@dataclass(frozen=True)
class Item:
    """One record to publish, or why none could be built; `where` is FILE:LINE or FILE."""

    where: str
    value: bytes = b""
    error: RecordError | None = None


def read_inputs(paths: list[str], defaults: Defaults, streams: Mapping[str, IO[bytes]] | None = None) -> Iterator[Item]:
    """Items in order: files and stdin line by line, folders document by document (sorted); a path
    in `streams` is read from that stream."""
    for path in paths:
        if path != "-" and path not in (streams or {}) and Path(path).is_dir():
            yield from _folder(Path(path), defaults)
        else:
            yield from _lines(path, streams)


def _lines(path: str, streams: Mapping[str, IO[bytes]] | None = None) -> Iterator[Item]:
    for name, number, line in read_lines([path], streams):
        yield Item(f"{name}:{number}", line)


def _folder(root: Path, defaults: Defaults) -> Iterator[Item]:
    for file in sorted(p for p in root.rglob("*") if p.is_file()):
        suffix = file.suffix.lower()
        if suffix in DOCUMENT_TYPES:
            yield document(root, file, defaults)
        elif suffix == ".jsonl":
            yield from _lines(str(file))


def document(root: Path, file: Path, defaults: Defaults) -> Item:
    """A raw-article record from one document, its sidecar and the defaults."""
    try:
        body = file.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        return Item(str(file), error=reject(ErrorCode.NOT_UTF8, f"invalid UTF-8 at byte {exc.start}"))
    except OSError as exc:
        raise ConfigurationError(f"cannot read {file}: {exc.strerror}") from exc
    record: dict[str, object] = {"content_type": defaults.content_type or DOCUMENT_TYPES[file.suffix.lower()]}
    if defaults.url_prefix:
        record["url"] = defaults.url_prefix.rstrip("/") + "/" + quote(file.relative_to(root).as_posix())
    if defaults.fetched_at:
        record["fetched_at"] = defaults.fetched_at
    sidecar = file.with_suffix(".json")
    if sidecar.is_file():
        try:
            meta = json.loads(sidecar.read_bytes())
        except ValueError as exc:
            return Item(str(sidecar), error=reject(ErrorCode.NOT_JSON, f"sidecar is not JSON: {exc}"))
        if not isinstance(meta, dict):
            return Item(str(sidecar), error=reject(ErrorCode.NOT_OBJECT, "sidecar is not a JSON object"))
        record.update(meta)
    record["body"] = body  # the document is the body, whatever the sidecar says
    return Item(str(file), json.dumps(record, ensure_ascii=False).encode())
