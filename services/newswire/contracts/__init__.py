"""Message contracts: pydantic models that mirror the JSON Schema files in schemas/."""

from pydantic import BaseModel

from newswire.contracts.article import CRAWLER_ID, INPUT_SCHEMA_ID, Article, Entity, Mention, ProducedBy, Topic
from newswire.contracts.dead_letter import DeadLetterReason
from newswire.contracts.raw import RawArticle

#: schema file name -> model; `newswire schemas --write` regenerates the files from these.
SCHEMAS: dict[str, type[BaseModel]] = {
    "raw-article.v1.json": RawArticle,
    "article.v1.json": Article,
    "dead-letter.v1.json": DeadLetterReason,
}

__all__ = [
    "CRAWLER_ID",
    "INPUT_SCHEMA_ID",
    "SCHEMAS",
    "Article",
    "DeadLetterReason",
    "Entity",
    "Mention",
    "ProducedBy",
    "RawArticle",
    "Topic",
]
