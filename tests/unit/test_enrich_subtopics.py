"""Second-level IPTC topics: only under a leading top-level topic, only on clear evidence."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from newswire.contracts import Topic
from newswire.pipeline.enrich.media_topics import subtopics
from newswire.pipeline.enrich.media_topics.iptc import TOP_LEVEL
from newswire.pipeline.enrich.media_topics.subtopics import WithSubtopics, refine
from newswire_tools.train import iptc_vocabulary
from tests.conftest import SHARED_DATA

CRIME, SPORT, POLITICS = "medtop:02000000", "medtop:15000000", "medtop:11000000"
STABBING = (
    "Man charged with murder after city centre stabbing",
    "A man has been charged with murder after a stabbing in the city centre on Friday night.\n\n"
    "Police said the victim, 24, died in hospital. Detectives arrested the suspect at a flat nearby, "
    "and the robbery that led to the attack is under investigation.\n\n"
    "He will appear before magistrates on Monday.",
)


def _top(code: str, score: float) -> Topic:
    return Topic(code=code, label=TOP_LEVEL[code], score=score)


class _Fixed:
    """A top-level classifier that gives every article the same topics."""

    name, languages = "fixed", frozenset({"en"})

    def __init__(self, topics: list[Topic]) -> None:
        self.topics = topics

    def classify(self, docs: Sequence[tuple[str, str]]) -> list[list[Topic]]:
        return [list(self.topics) for _ in docs]


class TestRefine:
    def test_clear_evidence_adds_the_second_level_below_its_parent(self) -> None:
        """A stabbing story under crime, law and justice gets 'crime', scored below its parent."""
        ranked = refine(*STABBING, [_top(CRIME, 0.9), _top(POLITICS, 0.05)])
        assert [t.code for t in ranked] == [CRIME, "medtop:20000082", POLITICS]
        assert ranked[1].label == "crime"
        assert 0 < ranked[1].score <= ranked[0].score

    def test_one_passing_word_is_not_clear_evidence(self) -> None:
        """A sports report that mentions the police once gets no second level under crime."""
        title, body = "Rovers win derby", "Rovers won the derby 2-1. Police praised the fans."
        ranked = refine(title, body, [_top(SPORT, 0.6), _top(CRIME, 0.3)])
        assert [t.code for t in ranked] == [SPORT, CRIME]

    def test_only_a_leading_confident_parent_gets_a_second_level(self) -> None:
        """Crime ranked third, or with a small score, gets nothing however strong the words are."""
        third = refine(*STABBING, [_top(SPORT, 0.4), _top(POLITICS, 0.3), _top(CRIME, 0.3)])
        unsure = refine(*STABBING, [_top(CRIME, 0.1)])
        assert [t.code for t in third] == [SPORT, POLITICS, CRIME]
        assert [t.code for t in unsure] == [CRIME]

    def test_the_classifiers_order_is_kept(self) -> None:
        """A top-level topic a classifier ranked first on other grounds stays first, whatever the scores."""
        weather = Topic(code="medtop:17000000", label=TOP_LEVEL["medtop:17000000"], score=0.05)
        ranked = refine(*STABBING, [weather, _top(CRIME, 0.9)])
        assert [t.code for t in ranked] == ["medtop:17000000", CRIME, "medtop:20000082"]

    def test_a_longer_term_covers_the_words_inside_it(self) -> None:
        """'Prime Minister' once is one term, not also 'minister': not enough for 'government'."""
        ranked = refine("Prime Minister speaks", "He spoke on Tuesday.", [_top(POLITICS, 0.9)])
        assert [t.code for t in ranked] == [POLITICS]
        hits, distinct = subtopics.evidence("Prime Minister speaks", "")["medtop:20000593"]
        assert (hits, distinct) == (2.0, 1)

    def test_no_top_level_topics_means_no_second_level(self) -> None:
        assert refine(*STABBING, []) == []

    def test_classifier_wrapper_keeps_the_inner_name_and_languages(self) -> None:
        wrapped = WithSubtopics(_Fixed([_top(CRIME, 1.0)]))
        assert (wrapped.name, wrapped.languages) == ("fixed+iptc-level2", frozenset({"en"}))
        (ranked,) = wrapped.classify([STABBING])
        assert [t.code for t in ranked] == [CRIME, "medtop:20000082"]


class TestTerms:
    @pytest.mark.parametrize(
        ("plural", "singular"),
        [
            ("companies", "company"),
            ("taxes", "tax"),
            ("churches", "church"),
            ("elections", "election"),
            ("laws", "law"),
            ("crashes", "crash"),
            ("business", "business"),
            ("virus", "virus"),
        ],
    )
    def test_plurals_meet_their_singular(self, plural: str, singular: str) -> None:
        assert subtopics._tokens(plural) == subtopics._tokens(singular)

    def test_a_lone_modifier_joins_the_head_of_the_part_after_it(self) -> None:
        """'supreme and high court' gives 'supreme court' and 'high court', not 'supreme' alone."""
        assert list(subtopics._terms("supreme and high court")) == [("supreme", "court"), ("high", "court")]
        assert list(subtopics._terms("athletics, track and field")) == [("athletic",), ("track",), ("field",)]
        assert list(subtopics._terms("appeal (court)")) == [("appeal",)]


class TestVocabulary:
    def test_extra_terms_name_second_level_concepts(self) -> None:
        """Every hand-written term list belongs to a live second-level concept under a top-level topic."""
        rows = json.loads(subtopics.VOCABULARY.read_text(encoding="utf-8"))
        second = {code: path[0] for code, _, path, _ in rows if len(path) == 1}
        assert len(second) == 121
        assert set(second.values()) == set(TOP_LEVEL)
        assert set(subtopics.EXTRA_TERMS) <= set(second)

    @pytest.mark.skipif(not (SHARED_DATA / "iptc-mediatopics").is_dir(), reason=f"no IPTC data at {SHARED_DATA}")
    def test_shipped_vocabulary_is_what_the_command_writes(self, tmp_path: Path) -> None:
        """The file in the package is regenerated, unchanged, from the IPTC vocabulary."""
        output = tmp_path / "vocabulary.json"
        args = argparse.Namespace(data=SHARED_DATA / "iptc-mediatopics", output=output)
        assert iptc_vocabulary.main(args) == 0
        assert output.read_text(encoding="utf-8") == subtopics.VOCABULARY.read_text(encoding="utf-8")


class TestTags:
    def test_tags_keep_two_top_level_labels_and_add_the_second_level(self) -> None:
        """A second-level topic adds its label without pushing out the second top-level topic."""
        from newswire.pipeline.enrich.tags import build_tags
        from tests.unit.factories import draft

        article = draft("A story.", content_type="text/plain")
        article.topics = refine(*STABBING, [_top(CRIME, 0.9), _top(POLITICS, 0.05), _top(SPORT, 0.01)])
        assert [t.code for t in article.topics][:2] == [CRIME, "medtop:20000082"]
        assert build_tags(article).tags == ["crime, law and justice", "politics", "crime"]
