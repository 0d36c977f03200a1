"""Raw article v1: what crawlers publish to the input topic."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, Field, field_validator

from newswire.contracts.article import MAX_URL_CHARS
from newswire.contracts.base import contract_config
from newswire.contracts.url import UnusableUrl, split

SCHEMA_ID = "https://newswire.dev/schemas/raw-article.v1.json"

#: Bodies above this many characters are rejected before any parsing runs.
MAX_RAW_BODY_CHARS = 5_000_000
#: Fetch times outside these years are errors, not news (and would overflow date arithmetic).
EARLIEST_FETCH, LATEST_FETCH = datetime(1990, 1, 1, tzinfo=UTC), datetime(2200, 1, 1, tzinfo=UTC)

Url = Annotated[str, Field(min_length=8, max_length=MAX_URL_CHARS, pattern=r"^[hH][tT][tT][pP][sS]?://\S+$")]
ShortText = Annotated[str, Field(max_length=256)]


class RawArticle(BaseModel):
    """A page or text a crawler fetched, as it was fetched."""

    model_config = contract_config("Raw article v1", SCHEMA_ID)

    url: Url = Field(description="The address the crawler fetched (http or https).")
    body: str = Field(max_length=MAX_RAW_BODY_CHARS, description="The page HTML, or text the crawler extracted.")
    content_type: Literal["text/html", "text/plain"] = Field(
        description="text/html: the page as served; text/plain: text the crawler extracted."
    )
    fetched_at: AwareDatetime = Field(description="When the crawler fetched it (RFC 3339, with offset).")
    id: ShortText | None = Field(default=None, description="The crawler's own id, kept as provenance.")
    title: Annotated[str, Field(max_length=1000)] | None = Field(default=None, description="The headline, if known.")
    language: Annotated[str, Field(max_length=35)] | None = Field(default=None, description="BCP 47 tag.")
    source: ShortText | None = Field(default=None, description="Publisher name or host.")
    section: ShortText | None = Field(default=None, description="The site's section, if known.")
    tags: list[Annotated[str, Field(max_length=128)]] = Field(
        default_factory=list, max_length=100, description="The site's own tags, if known."
    )
    authors: list[ShortText] = Field(default_factory=list, max_length=50, description="Bylines, if known.")

    @field_validator("url")
    @classmethod
    def _readable_url(cls, value: str) -> str:
        # The messages never repeat the URL: they end up in dead-letter headers. The pattern above
        # leaves no spaces for split() to strip.
        try:
            parts, _port = split(value)
        except UnusableUrl:
            raise ValueError("its host or port cannot be read") from None
        if not parts.hostname:
            raise ValueError("it has no host")
        return value

    @field_validator("fetched_at")
    @classmethod
    def _plausible_fetch_time(cls, value: datetime) -> datetime:
        if not EARLIEST_FETCH.year <= value.year <= LATEST_FETCH.year:
            raise ValueError(f"must be between {EARLIEST_FETCH.year} and {LATEST_FETCH.year}")
        return value

    published_at: Annotated[str, Field(max_length=100)] | None = Field(
        default=None, description="RFC 3339 preferred; other written forms are parsed."
    )
