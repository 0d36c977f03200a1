"""Article v1: the clean, enriched article newswire publishes to the output topic."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from newswire.contracts.base import contract_config

SCHEMA_ID = "https://newswire.dev/schemas/article.v1.json"
SCHEMA_NAME = "newswire.article.v1"
#: The provenance entry of an article read from a Confluent-framed record: the frame's schema id.
INPUT_SCHEMA_ID = "input_schema_id"
#: The provenance entry holding the crawler's own id of the raw article (its `id` field), when it gave one.
CRAWLER_ID = "crawler_id"
#: Longest url and canonical_url an article may carry.
MAX_URL_CHARS = 4096


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Mention(_Frozen):
    """Where an entity is named: character offsets into one field of this article."""

    field: Literal["title", "body"] = Field(description="The field the offsets point into.")
    start: int = Field(ge=0, description="Offset of the first character, in Unicode code points.")
    end: int = Field(ge=0, description="Offset just past the last character, in Unicode code points.")


class Entity(_Frozen):
    """One real-world entity, with every place this article names it."""

    name: str = Field(
        max_length=300, description="A known place's or international body's canonical name, else its longest mention."
    )
    type: str = Field(max_length=32, description="PERSON, ORG, GPE, LOC, NORP, EVENT, ...")
    mentions: list[Mention] = Field(min_length=1, description="Every place it is named, title first, then by offset.")
    count: int = Field(ge=1, description="How many times the article names it.")
    salience: float = Field(
        ge=0.0,
        le=1.0,
        description="How central it is (title, lead, mentions): 1 for the article's most salient entity.",
    )
    ids: dict[str, str] = Field(
        default_factory=dict, description="Identifiers known offline, by scheme: iso3166, geonames, wikidata."
    )


class Topic(_Frozen):
    """An IPTC Media Topic with the classifier's confidence."""

    code: str = Field(pattern=r"^medtop:\d{8}$", description="The IPTC Media Topic code.")
    label: str = Field(max_length=200, description="IPTC's English label for the code.")
    score: float = Field(ge=0.0, le=1.0, description="The classifier's confidence; topics under 0.1 are not listed.")


class ProducedBy(_Frozen):
    """Which pipeline and models produced this article."""

    pipeline: str = Field(description="newswire and its version, e.g. newswire-0.1.0.")
    models: dict[str, str] = Field(
        description="Each enrichment's model and version (ner, topics); off when switched off."
    )


class Article(BaseModel):
    """A normalized, enriched news article."""

    model_config = contract_config("Article v1", SCHEMA_ID)

    schema_: Literal["newswire.article.v1"] = Field(
        default="newswire.article.v1", alias="schema", description="This contract's name and major version."
    )
    id: str = Field(pattern=r"^[0-9a-f]{32}$", description="Stable: derived from canonical_url.")
    url: str = Field(max_length=MAX_URL_CHARS, description="The address as received.")
    canonical_url: str = Field(
        max_length=MAX_URL_CHARS,
        description="The page's declared canonical link, else the fetched URL; cleaned of tracking parameters.",
    )
    source: str = Field(max_length=256, description="Publisher: from the crawler or the page, else the URL's host.")
    title: str = Field(max_length=1000, description="The headline.")
    authors: list[str] = Field(default_factory=list, description="Bylines' names, one person or agency each.")
    published_at: AwareDatetime | None = Field(default=None, description="UTC.")
    updated_at: AwareDatetime | None = Field(default=None, description="UTC.")
    fetched_at: AwareDatetime = Field(description="UTC.")
    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")] | None = Field(default=None, description="ISO 639-1.")
    section: str | None = Field(default=None, description="The site's section, as the source names it.")
    body: str = Field(description="Plain text; paragraphs separated by one blank line.")
    word_count: int = Field(ge=0, description="Words in the body, split at whitespace.")
    reading_time_seconds: int = Field(ge=0, description="The body read at 230 words a minute.")
    entities: list[Entity] = Field(default_factory=list, description="Named entities, most salient first.")
    topics: list[Topic] = Field(default_factory=list, description="Best first.")
    tags: list[str] = Field(
        default_factory=list,
        description="Display tags: the source's tags and section, leading topics, most salient entities.",
    )
    provenance: dict[str, str] = Field(
        default_factory=dict,
        description="field -> where its value came from (crawler, json-ld, meta, html, text, url, model); "
        f"{INPUT_SCHEMA_ID}: the schema-registry id of a Confluent-framed input record, in decimal; {CRAWLER_ID}:"
        " the raw article's own id, as the crawler gave it; entities and topics: the model that read the"
        " article (model:NAME), why none did (skipped: REASON), or off.",
    )
    content_hash: str = Field(pattern=r"^[0-9a-f]{32}$", description="Exact-content fingerprint of the body.")
    simhash: str = Field(pattern=r"^[0-9a-f]{16}$", description="64-bit SimHash of the body, for near-duplicates.")
    duplicate_of: str | None = Field(default=None, description="Id of an earlier article this one copies.")
    warnings: list[str] = Field(
        default_factory=list,
        description="What was set aside, cut or not done (an enrichment no model of the language gives), for people"
        " to read; the wording may change.",
    )
    producer: ProducedBy = Field(description="The pipeline and models that produced this article.")
