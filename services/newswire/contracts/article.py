"""Article v1: the clean, enriched article newswire publishes to the output topic."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from newswire.contracts.base import contract_config

SCHEMA_ID = "https://newswire.dev/schemas/article.v1.json"
SCHEMA_NAME = "newswire.article.v1"
#: Longest url and canonical_url an article may carry.
MAX_URL_CHARS = 4096


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Mention(_Frozen):
    """Where an entity is named: character offsets into one field of this article."""

    field: Literal["title", "body"]
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Entity(_Frozen):
    """One real-world entity, with every place this article names it."""

    name: str = Field(max_length=300)
    type: str = Field(max_length=32, description="PERSON, ORG, GPE, LOC, NORP, EVENT, ...")
    mentions: list[Mention] = Field(min_length=1)
    count: int = Field(ge=1)
    salience: float = Field(ge=0.0, le=1.0)
    ids: dict[str, str] = Field(default_factory=dict, description="Stable identifiers, e.g. iso3166.")


class Topic(_Frozen):
    """An IPTC Media Topic with the classifier's confidence."""

    code: str = Field(pattern=r"^medtop:\d{8}$")
    label: str = Field(max_length=200)
    score: float = Field(ge=0.0, le=1.0)


class ProducedBy(_Frozen):
    """Which pipeline and models produced this article."""

    pipeline: str
    models: dict[str, str]


class Article(BaseModel):
    """A normalized, enriched news article."""

    model_config = contract_config("Article v1", SCHEMA_ID)

    schema_: Literal["newswire.article.v1"] = Field(default="newswire.article.v1", alias="schema")
    id: str = Field(pattern=r"^[0-9a-f]{32}$", description="Stable: derived from canonical_url.")
    url: str = Field(max_length=MAX_URL_CHARS, description="The address as received.")
    canonical_url: str = Field(max_length=MAX_URL_CHARS)
    source: str = Field(max_length=256)
    title: str = Field(max_length=1000)
    authors: list[str] = Field(default_factory=list)
    published_at: AwareDatetime | None = Field(default=None, description="UTC.")
    updated_at: AwareDatetime | None = Field(default=None, description="UTC.")
    fetched_at: AwareDatetime = Field(description="UTC.")
    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")] | None = Field(default=None, description="ISO 639-1.")
    section: str | None = None
    body: str = Field(description="Plain text; paragraphs separated by one blank line.")
    word_count: int = Field(ge=0)
    reading_time_seconds: int = Field(ge=0)
    entities: list[Entity] = Field(default_factory=list)
    topics: list[Topic] = Field(default_factory=list, description="Best first.")
    tags: list[str] = Field(default_factory=list)
    provenance: dict[str, str] = Field(
        default_factory=dict,
        description="field -> where its value came from (crawler, json-ld, meta, text, url, model).",
    )
    content_hash: str = Field(pattern=r"^[0-9a-f]{32}$", description="Exact-content fingerprint of the body.")
    simhash: str = Field(pattern=r"^[0-9a-f]{16}$", description="64-bit SimHash of the body, for near-duplicates.")
    duplicate_of: str | None = Field(default=None, description="Id of an earlier article this one copies.")
    warnings: list[str] = Field(default_factory=list)
    producer: ProducedBy
