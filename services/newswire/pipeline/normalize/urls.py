"""Canonical URLs and the stable article id derived from them. URLs are parsed, never fetched."""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

#: Query parameters that identify a campaign or a click, never the article.
TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid", "_ga", "ref_src", "cmpid"}
)


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith("utm_") or lowered in TRACKING_PARAMS


def clean_url(url: str) -> str:
    """Lower-case scheme and host, drop default ports, tracking parameters and the fragment."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port is None or (scheme, port) in {("http", 80), ("https", 443)} else f"{host}:{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)])
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def canonical_from(candidate: str | None, url: str) -> str | None:
    """A page's declared canonical link, made absolute and cleaned; None if it is not usable."""
    if not candidate:
        return None
    from urllib.parse import urljoin

    absolute = urljoin(url, candidate.strip())
    if urlsplit(absolute).scheme not in {"http", "https"} or not urlsplit(absolute).hostname:
        return None
    return clean_url(absolute)


def article_id(canonical_url: str) -> str:
    """Stable 128-bit id: the same canonical URL always yields the same id."""
    return hashlib.sha256(canonical_url.encode()).hexdigest()[:32]


def host_of(url: str) -> str:
    """The host without a leading `www.`."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")
