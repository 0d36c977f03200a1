"""Weigh crawler-provided fields against what the page says, and record where each value came from."""

from __future__ import annotations

import html as htmllib
import re
import unicodedata

from newswire.contracts.article import MAX_URL_CHARS
from newswire.contracts.url import UnusableUrl
from newswire.errors import ErrorCode, RecordError, Stage
from newswire.pipeline.draft import Candidate, Draft
from newswire.pipeline.normalize import bylines, dates, language, urls

#: Spaces other than the plain one that clean_text makes plain (tab, no-break, typographic, ideographic).
_ODD_SPACE = re.compile(r"[\t\u00a0\u2000-\u200b\u3000]")
_NAME_SPLIT = re.compile(r"\s*(?:;|,|\||/|\band\b|&|\bwith\b)\s*", re.IGNORECASE)
#: Parts of a byline that describe a role or a desk rather than name someone.
_ROLE = re.compile(
    r"^(?:(?:[\w-]+ ){0,3}"
    r"(?:writer|reporter|correspondent|"
    r"editor|columnist|contributor|journalist|producer)s?|staff|updated|published|.*\d.*|.*@.*|.*://.*)$",
    re.IGNORECASE,
)
MAX_NAME_CHARS = 120


def clean_text(text: str) -> str:
    """Decode entities, normalize Unicode and collapse runs of spaces."""
    text = unicodedata.normalize("NFC", htmllib.unescape(text))
    # Each run of spaces of any kind made one plain space: by str.replace, many times faster than
    # one pattern for runs, which matches at every space.
    if _ODD_SPACE.search(text):
        text = _ODD_SPACE.sub(" ", text)
    while "  " in text:
        text = text.replace("  ", " ")
    return text.strip()


def _name(part: str) -> str:
    name = bylines.strip_prefix(part).strip(" ,.:-")
    return name.title() if name.isupper() and len(name) > 3 else name


def _names(values: list[str]) -> list[str]:
    """Person and agency names from bylines: `By: A and B, Associated Press` gives three names."""
    seen: dict[str, str] = {}
    for value in values:
        if "://" in value or "www." in value:
            continue
        for part in _NAME_SPLIT.split(bylines.strip_prefix(clean_text(value))):
            name = _name(part)
            if 1 < len(name) <= MAX_NAME_CHARS and not _ROLE.match(name) and len(name.split()) <= 6:
                seen.setdefault(name.casefold(), name)
    return list(seen.values())


def _pick(draft: Draft, name: str, crawler_value: str | list[str] | None) -> str | list[str] | None:
    if crawler_value not in (None, "", []):
        draft.provenance[name] = "crawler"
        return crawler_value
    if name in draft.candidates:
        origin, value = draft.candidates[name]
        draft.provenance[name] = origin
        return value
    return None


def resolve(draft: Draft) -> Draft:
    """Title, authors, section, tags, language and source: crawler first, then the page."""
    raw = draft.raw
    draft.title = clean_text(str(_pick(draft, "title", raw.title) or ""))[:1000]
    draft.authors = _names(list(_pick(draft, "authors", raw.authors) or []))
    section = _pick(draft, "section", raw.section)
    draft.section = clean_text(str(section))[:256] if section else None
    tags = _pick(draft, "tags", raw.tags) or []
    draft.tags = list(dict.fromkeys(clean_text(t)[:128] for t in tags if clean_text(t)))[:100]
    crawler_language = language.from_tag(raw.language)
    draft.language = crawler_language or language.from_tag(str(_pick(draft, "language", None) or ""))
    if crawler_language:
        draft.provenance["language"] = "crawler"
    return draft


def resolve_dates(draft: Draft) -> Draft:
    """published_at and updated_at in UTC; implausible or unreadable values become warnings.

    Numeric dates like 04/03/2024 are read in the site's convention (its country domain, or its
    language), so run after the language is known."""
    dayfirst = dates.day_first(urls.host_of(draft.url), draft.language)
    sources: dict[str, list[tuple[str, str | list[str] | None] | None]] = {
        "published_at": [("crawler", draft.raw.published_at), draft.candidates.get("published_at")],
        "updated_at": [draft.candidates.get("updated_at")],
    }
    for name, options in sources.items():
        for option in options:
            if not option or not option[1]:
                continue
            origin, value = option
            try:
                notes: list[str] = []
                parsed = dates.parse_datetime(str(value), draft.fetched_at, dayfirst=dayfirst, notes=notes)
                draft.warnings += [f"{name} from {origin}: {note}" for note in notes]
            except dates.ImplausibleDate as exc:
                draft.warnings.append(f"{name} from {origin} rejected: {exc}")
                continue
            if parsed is not None:
                setattr(draft, name, parsed)
                draft.provenance[name] = origin
                break
            draft.warnings.append(f"{name} from {origin} could not be read")
    return draft


def resolve_urls(draft: Draft) -> Draft:
    """canonical_url from the page's canonical link, else the cleaned URL; source from the crawler or host.

    A canonical link that cannot be read, or is longer than an article may carry once cleaned, is
    set aside with a warning; so is a cleaned URL that grew past the limit (the URL as fetched,
    within it by the raw contract, is used)."""
    declared = draft.candidates.get("canonical_url")
    canonical = _declared_canonical(draft, declared) if declared else None
    draft.provenance["canonical_url"] = declared[0] if canonical and declared else "url"
    if canonical is None:
        canonical = urls.clean_url(draft.url)
        if len(canonical) > MAX_URL_CHARS:
            draft.warnings.append(
                f"the cleaned URL is {len(canonical)} characters, over {MAX_URL_CHARS}; the URL as fetched is used"
            )
            canonical = draft.url
    draft.canonical_url = canonical
    draft.source = clean_text(str(_pick(draft, "source", draft.raw.source) or "")) or urls.host_of(draft.url)
    draft.provenance.setdefault("source", "url")
    return draft


def _declared_canonical(draft: Draft, declared: Candidate) -> str | None:
    origin, value = declared
    candidate = str(value)
    if len(candidate) > 4 * MAX_URL_CHARS:  # no real canonical link is this long: skip the parse
        draft.warnings.append(f"canonical link from {origin} ignored: {len(candidate)} characters")
        return None
    try:
        canonical = urls.canonical_from(candidate, draft.url)
    except UnusableUrl as exc:
        draft.warnings.append(f"canonical link from {origin} ignored: {exc}")
        return None
    if canonical is not None and len(canonical) > MAX_URL_CHARS:
        draft.warnings.append(
            f"canonical link from {origin} ignored: {len(canonical)} characters once cleaned, over {MAX_URL_CHARS}"
        )
        return None
    return canonical


def detect_language(draft: Draft, identifier: language.LanguageIdentifier) -> Draft:
    """Detect the language when neither the crawler nor the page gave one."""
    if draft.language is None:
        draft.language = identifier.detect(f"{draft.title}\n{draft.body}")
        if draft.language:
            draft.provenance["language"] = "model"
    return draft


def clean_body(draft: Draft) -> Draft:
    """Plain paragraphs, entities decoded, whitespace normalized; an empty result is a dead letter."""
    paragraphs = [clean_text(p) for p in draft.paragraphs]
    if paragraphs and draft.title and paragraphs[0] == draft.title:
        paragraphs = paragraphs[1:]
    draft.paragraphs = [p for p in paragraphs if p]
    if not draft.paragraphs:
        raise RecordError(Stage.NORMALIZE, ErrorCode.EMPTY_BODY, "no article text found in the body")
    if not draft.title:
        draft.title = draft.paragraphs[0][:120]
        draft.provenance["title"] = "text"
        draft.warnings.append("no title found; the first paragraph's start is used")
    return draft
