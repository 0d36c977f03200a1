"""Second-level IPTC topics: only under a leading top-level topic, only on clear evidence."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from newswire.contracts import Topic
from newswire.pipeline.enrich import subtopics
from newswire.pipeline.enrich.iptc import TOP_LEVEL
from newswire.pipeline.enrich.subtopics import WithSubtopics, refine
from newswire.train import iptc_vocabulary
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
        third = refine(*STABBING, [_top(SPORT, 0.5), _top(POLITICS, 0.3), _top(CRIME, 0.2)])
        unsure = refine(*STABBING, [_top(CRIME, 0.1)])
        assert not [t for t in [*third, *unsure] if not t.code.endswith("000000")]

    def test_no_top_level_topics_means_no_second_level(self) -> None:
        assert refine(*STABBING, []) == []

    def test_classifier_wrapper_keeps_the_inner_name_and_languages(self) -> None:
        wrapped = WithSubtopics(_Fixed([_top(CRIME, 1.0)]))
        assert (wrapped.name, wrapped.languages) == ("fixed+iptc-level2", frozenset({"en"}))
        (ranked,) = wrapped.classify([STABBING])
        assert [t.code for t in ranked] == [CRIME, "medtop:20000082"]


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
