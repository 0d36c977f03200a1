"""How a URL is read into its parts: one reading for the raw-article contract and the pipeline's
canonical URLs. URLs are parsed, never fetched."""

from __future__ import annotations

from urllib.parse import SplitResult, urlsplit


class UnusableUrl(ValueError):
    """A URL that cannot be read into scheme, host and port (unbalanced brackets, a bad port)."""


def split(url: str) -> tuple[SplitResult, int | None]:
    """The URL's parts and its port; UnusableUrl, with a message free of the URL, when unreadable."""
    try:
        parts = urlsplit(url.strip())
    except ValueError as exc:
        raise UnusableUrl("its host cannot be read") from exc
    try:
        return parts, parts.port
    except ValueError as exc:
        raise UnusableUrl("its port is not a number from 0 to 65535") from exc
