"""IPTC top-level topics from linear models over hashed TF-IDF words plus mean word vectors.

A full model covers every trained topic; a core model, trained on news articles only (no HuffPost
headlines), splits the full model's probability mass among the topics it knows. Each has a twin
over the article's mean static token embedding (WordLlama, read from the installed `wordllama` wheel
and checked: `newswire.models.wordllama`) whose probabilities are averaged with its own. An article
whose mixture is unsure gets a second opinion: a sentence encoder's heads and a vote of the labelled
articles nearest to it. Topics without training data are reached through the keyword lexicon when
its evidence is strong.

features.py reads an article as the heads' inputs, heads.py holds the linear heads, second_opinion.py the
encoder's heads and the labelled memory (encoder.py runs the encoder), loading.py builds them from the
files of a saved model, which `newswire.models.store` alone reads, and classifier.py puts them together.
"""

from newswire.pipeline.enrich.media_topics.model.classifier import LinearMediaTopicClassifier
from newswire.pipeline.enrich.media_topics.model.second_opinion import UNSURE

__all__ = ["UNSURE", "LinearMediaTopicClassifier"]
