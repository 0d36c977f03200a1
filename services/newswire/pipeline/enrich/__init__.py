"""Enrich: named entities, IPTC topics and tags, behind small Protocols so models can be swapped."""

from newswire.pipeline.enrich.ports import EntityExtractor, MediaTopicClassifier

__all__ = ["EntityExtractor", "MediaTopicClassifier"]
