"""Canonical URLs and the stable article id derived from them. URLs are parsed, never fetched."""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from newswire.contracts.url import UnusableUrl, split

#: Query parameters that identify a campaign or a click, never the article.
TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid", "_ga", "ref_src", "cmpid"}
)


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith("utm_") or lowered in TRACKING_PARAMS


def clean_url(url: str) -> str:
    """Lower-case scheme and host, drop default ports, tracking parameters and the fragment.

    Cleaning can lengthen a URL: a raw non-ASCII query is percent-encoded, `?a&b` becomes `a=&b=`.
    """
    parts, port = split(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    netloc = host if port is None or (scheme, port) in {("http", 80), ("https", 443)} else f"{host}:{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)])
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def canonical_from(candidate: str | None, url: str) -> str | None:
    """A page's declared canonical link, made absolute and cleaned; None if there is none.

    UnusableUrl when one is declared but cannot be read: the caller falls back to the fetched URL."""
    if not candidate or not candidate.strip():
        return None
    try:
        absolute = urljoin(url, candidate.strip())
    except ValueError as exc:
        raise UnusableUrl("its host cannot be read") from exc
    parts, _port = split(absolute)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise UnusableUrl("it is not an http(s) address with a host")
    return clean_url(absolute)


def article_id(canonical_url: str) -> str:
    """Stable 128-bit id: the same canonical URL always yields the same id."""
    return hashlib.sha256(canonical_url.encode()).hexdigest()[:32]


def host_of(url: str) -> str:
    """The host without a leading `www.`; empty when the URL has none that can be read."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
    return host.removeprefix("www.")
