"""Text dumps: header and footer lines become fields, the story stays as paragraphs."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime

import pytest

from newswire.errors import ErrorCode, RecordError
from newswire.pipeline.normalize.text import split_tags
from tests.unit.factories import normalized
from tests.unit.samples import DUMP, STORY


class TestTextDump:
    def test_header_lines_become_fields(self) -> None:
        """Section, title, byline and language come from the header, with provenance `text`."""
        result = normalized(DUMP, "text/plain")
        assert result.section == "Politics"
        assert result.title == "Harbour council votes to rebuild the ferry pier"
        assert result.authors == ["Mara Lindqvist"]
        assert result.language == "en"
        assert {result.provenance[k] for k in ("section", "title", "authors", "language")} == {"text"}

    def test_precise_published_time_beats_bare_date_line(self) -> None:
        """`Published: ... 3:47 am EST` wins over the header's bare `date` day."""
        result = normalized(DUMP, "text/plain")
        assert result.published_at == datetime(2024, 1, 18, 8, 47, tzinfo=UTC)
        assert result.updated_at == datetime(2024, 1, 18, 9, 21, tzinfo=UTC)

    def test_body_keeps_story_and_subheading_only(self) -> None:
        """Tags line, repeated author name and publisher blurb leave the body."""
        result = normalized(DUMP, "text/plain")
        assert result.paragraphs == [STORY[0], STORY[1], "Costs and funding", STORY[2], STORY[3]]

    def test_trailing_tag_line_becomes_tags(self) -> None:
        """The footer's tag line is read into tags, multi-word names kept whole."""
        assert normalized(DUMP, "text/plain").tags == [
            "Politics",
            "Harbour",
            "Affairs",
            "United States",
        ]

    def test_bare_date_used_when_no_published_line(self) -> None:
        """Without a Published line the `date` header gives the day."""
        dump = "\n".join(line for line in DUMP.splitlines() if not line.startswith("Published"))
        assert normalized(dump, "text/plain").published_at == datetime(2024, 1, 18, tzinfo=UTC)

    def test_dump_without_header_is_all_story(self) -> None:
        """A dump of plain paragraphs keeps them all; the title falls back to the first line."""
        result = normalized("\n".join(STORY), "text/plain")
        assert result.paragraphs == STORY
        assert "no title found; the first paragraph's start is used" in result.warnings

    def test_hard_wrapped_blocks_joined(self) -> None:
        """Blank-line separated blocks of short wrapped lines become one paragraph each."""
        wrapped = "\n\n".join(textwrap.fill(p, 72) for p in STORY)
        assert normalized(wrapped, "text/plain").paragraphs[1:] == STORY[1:]


FERRY = [
    "Ferry crews at Kelston returned to work on Tuesday after the union accepted a two-year pay deal, "
    "ending a strike that had stranded island commuters for nine days.",
    "The agreement raises wages by six percent this year and four percent next year, the operator said.",
    "Commuters said they were relieved but worried about a backlog of freight.",
]
COURIER = (
    "Founded by two reporters in 1998, the Coastline Courier is an independent news organisation; "
    "our newsroom operates in over 200 markets and reaches readers across the region."
)


class TestPublisherTail:
    def test_tags_repeated_byline_and_publisher_note_leave_the_body_on_first_sight(self) -> None:
        """The tail after the last paragraph is recognised from this article alone; tags and author stay."""
        tail = ["Ferries · Kelston · Labour", "By Orla Brandt", COURIER]
        dump = "\n".join(["Kelston ferry strike ends", "By Orla Brandt", *FERRY, *tail])
        result = normalized(dump, "text/plain")
        assert result.paragraphs == FERRY
        assert result.tags == ["Ferries", "Kelston", "Labour"]
        assert result.authors == ["Orla Brandt"]

    def test_a_labelled_tag_line_and_a_closing_credit_fill_their_fields(self) -> None:
        """`Tags: ...` is read before boilerplate is dropped; a byline only at the end gives the author."""
        note = "We are a nonprofit newsroom covering the coast since 2004. Our journalists report from 12 towns."
        dump = "\n".join(["Kelston ferry strike ends", *FERRY, "Tags: Ferries, Kelston", "By Orla Brandt", note])
        result = normalized(dump, "text/plain")
        assert (result.paragraphs, result.tags, result.authors) == (FERRY, ["Ferries", "Kelston"], ["Orla Brandt"])

    def test_the_storys_own_last_lines_stay(self) -> None:
        """A last sentence starting with "By" or quoting someone about readers is the story's."""
        ending = [
            "By Friday, the backlog had cleared, the operator said.",
            '"Our readers were the first to notice the delays," the editor of a local weekly said.',
        ]
        result = normalized("\n".join(["Kelston ferry strike ends", *FERRY, *ending]), "text/plain")
        assert result.paragraphs == FERRY + ending


class TestSplitTags:
    def test_separators_respected(self) -> None:
        """Commas or pipes separate tags when present."""
        assert split_tags("Tags: New York, Transit | Budget") == ["New York", "Transit", "Budget"]


class TestNumericDates:
    def test_a_numeric_date_is_read_in_the_sites_convention(self) -> None:
        """03/04/2023 is 3 April on a British site, March 4 on an American one and on an English .com,
        and 3 April on a .com written in German."""
        story = "\n\n".join(STORY)

        def published(url: str, **fields: str) -> datetime | None:
            return normalized(story, "text/plain", url=url, published_at="03/04/2023", **fields).published_at

        april, march = datetime(2023, 4, 3, tzinfo=UTC), datetime(2023, 3, 4, tzinfo=UTC)
        assert published("https://news.example.co.uk/a") == april
        assert published("https://news.example.us/a") == march
        assert published("https://news.example.com/a") == march
        assert published("https://news.example.com/a", language="de") == april


class TestBriefs:
    """A one-paragraph news brief is an article, whatever its lead looks like; an empty text is not."""

    TITLE = "Harbour ferry pier to be rebuilt"

    def test_a_lead_cut_off_without_a_full_stop_is_the_body(self) -> None:
        """A 105-character lead ending in a stray backslash once read as a title, leaving no story."""
        lead = "The harbour council approved a new ferry pier on Tuesday after a long debate over costs and its \\"
        result = normalized(lead, "text/plain", title=self.TITLE)
        assert result.paragraphs == [lead]
        assert result.title == self.TITLE

    def test_a_lead_that_opens_with_by_is_not_a_byline(self) -> None:
        lead = "By the end of the year the harbour council plans to have its biggest ferry fleet since 1991."
        result = normalized(lead, "text/plain", title=self.TITLE)
        assert result.paragraphs == [lead]
        assert result.authors == []

    def test_a_short_brief_under_a_crawler_title_is_kept(self) -> None:
        result = normalized("Harbour council - It has rebuilt the pier, made", "text/plain", title=self.TITLE)
        assert result.paragraphs == ["Harbour council - It has rebuilt the pier, made"]

    def test_a_brief_without_any_title_gets_its_title_from_the_lead(self) -> None:
        lead = "The harbour council approved a new ferry pier on Tuesday after a long debate over its costs"
        result = normalized(lead, "text/plain")
        assert result.paragraphs == [lead]
        assert result.title and lead.startswith(result.title)

    @pytest.mark.parametrize("body", ["", "   \n \n", TITLE, f"{TITLE}\n\ndate: 2024-01-18", "date: 2024-01-18 en"])
    def test_a_text_with_no_story_is_still_a_dead_letter(self, body: str) -> None:
        """Empty, whitespace, the title alone, a title and a date line, a date line: no article text."""
        with pytest.raises(RecordError) as caught:
            normalized(body, "text/plain", title=self.TITLE)
        assert caught.value.code == ErrorCode.EMPTY_BODY
