"""Crawled text dumps as crawlers send them: title, byline, title-case subheadings, a tags line and a
publisher's blurb; each field lands where it belongs and the body keeps the story alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.factories import normalized

DUMPS = Path(__file__).parent / "dumps"
CASES = {
    "coast": (
        (DUMPS / "coast.txt").read_text(encoding="utf-8"),
        "Coastal Towns Race to Rebuild Sea Walls Before Winter Storms",
        ["Hannah Okafor"],
        ["Why the Old Walls Failed", "A Tight Construction Schedule", "Residents Weigh the Cost", "What Comes Next"],
        ["Climate", "Infrastructure", "Coastal Flooding", "Local Government"],
    ),
    "orchestra": (
        (DUMPS / "orchestra.txt").read_text(encoding="utf-8"),
        "Regional Orchestra Finds New Home in Restored Rail Depot",
        ["Marcus Whitfield", "Reuters"],
        [
            "A Long Search for a Venue",
            "Acoustics Over Aesthetics",
            "Funding From Unexpected Places",
            "Opening Season Plans",
        ],
        ["Arts", "Music", "Architecture", "Urban Renewal"],
    ),
    "drones": (
        (DUMPS / "drones.txt").read_text(encoding="utf-8"),
        "Farmers Turn to Drones to Count Cattle on Remote Ranges",
        ["Priya Raman", "Daniel Osei"],
        ["Cutting Days to Hours", "Concerns About Regulation", "Costs Coming Down", "Looking Ahead"],
        ["Agriculture", "Technology", "Drones", "Rural Affairs"],
    ),
}
#: Words of the byline, tags line and blurb that no story paragraph holds.
NOT_IN_BODY = (
    "Tags:",
    "Staff Reporter",
    "| Reuters",
    "Correspondents",
    "About the publisher",
    "Subscribe",
    "newsletter",
)


@pytest.mark.parametrize(("dump", "title", "authors", "subheadings", "tags"), CASES.values(), ids=CASES.keys())
class TestCrawledDump:
    def test_title_and_authors_from_the_header(
        self, dump: str, title: str, authors: list[str], subheadings: list[str], tags: list[str]
    ) -> None:
        """The first line is the title; the byline gives the people (and agency), not their role."""
        result = normalized(dump, "text/plain")
        assert (result.title, result.authors) == (title, authors)
        assert result.provenance["authors"] == "text"

    def test_tags_from_the_tags_line(
        self, dump: str, title: str, authors: list[str], subheadings: list[str], tags: list[str]
    ) -> None:
        """The tags line, above the publisher's blurb, is read into tags."""
        assert normalized(dump, "text/plain").tags == tags

    def test_body_is_the_story_with_subheadings_as_paragraphs(
        self, dump: str, title: str, authors: list[str], subheadings: list[str], tags: list[str]
    ) -> None:
        """Byline, tags line and blurb leave the body; each subheading stays a paragraph of its own."""
        paragraphs = normalized(dump, "text/plain").paragraphs
        assert [p for p in paragraphs if p in subheadings] == subheadings
        assert not [p for p in paragraphs if any(word in p for word in NOT_IN_BODY)]
        blocks = [block.strip() for block in dump.split("\n\n")]
        story_end = next(n for n, block in enumerate(blocks) if block.startswith("Tags:"))
        assert (paragraphs[0], paragraphs[-1]) == (blocks[1], blocks[story_end - 1])
