"""IPTC Media Topics: a keyword lexicon (lexicon) or the trained topic model (model) ranks the top-level
topics (iptc), and the clear second-level topics follow their parents (subtopics)."""

from newswire.pipeline.enrich.media_topics.lexicon import LexiconMediaTopicClassifier
from newswire.pipeline.enrich.media_topics.model import LinearMediaTopicClassifier
from newswire.pipeline.enrich.media_topics.subtopics import WithSubtopics

__all__ = ["LexiconMediaTopicClassifier", "LinearMediaTopicClassifier", "WithSubtopics"]
