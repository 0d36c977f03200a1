"""IPTC Media Topics: a keyword lexicon (lexicon) or the trained topic model (model) ranks the top-level
topics (iptc), and the clear second-level topics follow their parents (subtopics)."""

from newswire.pipeline.enrich.topics.lexicon import LexiconTopicClassifier
from newswire.pipeline.enrich.topics.model import LinearTopicClassifier
from newswire.pipeline.enrich.topics.subtopics import WithSubtopics

__all__ = ["LexiconTopicClassifier", "LinearTopicClassifier", "WithSubtopics"]
