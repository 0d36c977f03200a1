"""Named entities: a spaCy recognizer reads each line (recognizer, lines), rules join its mentions into
entities (consolidate) and give them canonical names and ids known offline (places, wikidata)."""

from newswire.pipeline.enrich.entities.consolidate import consolidate
from newswire.pipeline.enrich.entities.recognizer import SpacyEntityExtractor

__all__ = ["SpacyEntityExtractor", "consolidate"]
