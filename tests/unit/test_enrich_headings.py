"""Subheadings: their capitals are style, so their words become entities only where they read as names."""

from __future__ import annotations

import pytest

from newswire.pipeline.enrich.entities import headings


class TestWhatIsAHeading:
    @pytest.mark.parametrize("line", ["Lavrov's UN Visit", "Context and Implications", "What Comes Next"])
    def test_short_title_case_lines_are_headings(self, line: str) -> None:
        assert headings.is_heading(line)

    @pytest.mark.parametrize(
        "line",
        [
            "Lavrov said the talks had been useful.",  # a sentence
            "EASTERN DIVISION",  # capitals: re-cased elsewhere
            "Leicestershire 22 Somerset 0",  # a table row
            "Nine Words Is Far Too Many For A Heading To Have",
        ],
    )
    def test_sentences_rows_and_capitals_are_not(self, line: str) -> None:
        assert not headings.is_heading(line)


class TestNames:
    @pytest.mark.parametrize("name", ["Larisa Sayenko", "Larry Fine", "American League", "Russia", "NATO"])
    def test_names_read_as_names(self, name: str) -> None:
        """No everyday word, two words whose first is a name ("Larry Fine"), or a known place or body."""
        assert headings.reads_as_name(name)

    @pytest.mark.parametrize(
        "name",
        ["Doubts", "Acoustics", "Ryabkov", "Context and Implications", "UN Visit", "Glaciology Meets Robotics"],
    )
    def test_heading_words_do_not(self, name: str) -> None:
        """Everyday words, and one word alone: a surname on a heading needs the prose to name it."""
        assert not headings.reads_as_name(name)

    def test_everyday_words_are_lower_case_words_only(self) -> None:
        """The list holds words news prose writes in lower case, no names."""
        words = headings.everyday()
        assert {"doubts", "context", "visit"} <= words
        assert not {"lavrov", "london", "reuters"} & words


class TestChecked:
    def test_a_heading_keeps_what_prose_names_or_reads_as_a_name(self) -> None:
        """'Lavrov' (named in prose) stays, 'UN Visit' goes; a prose line keeps everything."""
        pairs = [
            (("Lavrov", "ORG", "body", 0, 6), 0.5),
            (("UN Visit", "ORG", "body", 9, 17), 0.5),
            (("Doubts", "PERSON", "body", 40, 46), 1.0),
        ]
        kept = headings.checked(pairs, [True, True, False], "Lavrov's visit comes as talks stall.")
        assert [span[0] for span, _ in kept] == ["Lavrov", "Doubts"]
