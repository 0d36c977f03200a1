"""HTML pages: body extraction, declared metadata and where each field came from."""

from __future__ import annotations

from datetime import UTC, datetime

from newswire.pipeline.normalize import boilerplate
from tests.unit.factories import normalized
from tests.unit.samples import PAGE, STORY


class TestHtmlBody:
    def test_story_paragraphs_kept_in_order_with_subheading(self) -> None:
        """The story's paragraphs and its subheading come out, one paragraph each."""
        result = normalized(PAGE)
        assert result.paragraphs == [STORY[0], STORY[1], "Costs and funding", STORY[2], STORY[3]]

    def test_sharing_newsletter_and_related_links_removed(self) -> None:
        """Follow prompts, newsletter sign-ups, related-link lists and copyright lines go."""
        body = normalized(PAGE).body
        for fragment in ("Follow us", "newsletter", "Ferry timetable", "All rights reserved"):
            assert fragment not in body

    def test_inline_popup_text_does_not_run_into_sentence(self) -> None:
        """A hover card's text inside a paragraph is not part of the body."""
        assert "Latest stories" not in normalized(PAGE).body


class TestHtmlMetadata:
    def test_json_ld_fields_win_over_meta_tags(self) -> None:
        """Title, authors, dates and tags come from the NewsArticle JSON-LD object."""
        result = normalized(PAGE)
        assert result.title == "Harbour council votes to rebuild the ferry pier"
        assert result.authors == ["Mara Lindqvist", "Coast Press"]
        assert result.published_at == datetime(2024, 1, 17, 21, 30, tzinfo=UTC)
        assert result.updated_at == datetime(2024, 1, 17, 23, 0, tzinfo=UTC)
        assert result.tags == ["harbour", "ferries", "council"]

    def test_author_names_that_start_like_by_or_from_are_kept_whole(self) -> None:
        """Only a whole leading word "By" or "From" is a byline's prefix: Byron and Fromm keep their names."""
        page = PAGE.replace('"Mara Lindqvist"', '"By Byron Smith and Fromm Jones"', 1)
        assert normalized(page).authors[:2] == ["Byron Smith", "Fromm Jones"]

    def test_provenance_names_real_origin(self) -> None:
        """Each field records whether JSON-LD, a meta tag or the markup supplied it."""
        provenance = normalized(PAGE).provenance
        assert provenance["title"] == "json-ld"
        assert provenance["section"] == "meta"
        assert provenance["source"] == "meta"
        assert provenance["canonical_url"] == "html"

    def test_canonical_link_made_absolute(self) -> None:
        """A relative canonical link resolves against the page URL."""
        assert normalized(PAGE).canonical_url == "https://news.example.org/story/harbour-pier-rebuild"

    def test_crawler_fields_win_and_say_so(self) -> None:
        """A title the crawler sent is kept, with provenance `crawler`."""
        result = normalized(PAGE, title="Pier to be rebuilt")
        assert (result.title, result.provenance["title"]) == ("Pier to be rebuilt", "crawler")

    def test_meta_tags_used_without_json_ld(self) -> None:
        """OpenGraph and article: tags fill fields when there is no JSON-LD."""
        page = PAGE.split("<script")[0] + "</head>" + PAGE.split("</head>")[1]
        result = normalized(page)
        assert result.section == "Local"
        assert result.tags == ["Harbour", "Transport"]
        assert result.provenance["published_at"] == "meta"
        assert result.authors == ["Mara Lindqvist"] or "://" not in "".join(result.authors)


class TestBoilerplateLines:
    def test_navigation_and_promo_lines_detected(self) -> None:
        """Typical promo lines are recognised wherever they come from."""
        for line in (
            "Read more: Ferry strike ends",
            "DON'T MISS",
            "Advertisement",
            "12 comments",
            "Follow him on Twitter @someone",
            "Copyright 2024 Example Media",
            "Get a year of access for as little as $1 a week.",
        ):
            assert boilerplate.is_boilerplate(line), line

    def test_story_sentences_not_detected(self) -> None:
        """Ordinary story sentences, even ones mentioning reading or sharing, are kept."""
        for line in [
            *STORY,
            "Related research shows the pier was poorly built.",
            "Read the report online.",
        ]:
            assert not boilerplate.is_boilerplate(line), line

    def test_publisher_blurb_and_contact_note_trimmed_from_tail(self) -> None:
        """A closing publisher blurb and a reporter's contact line are not body."""
        paragraphs = [
            *STORY,
            "Reach the reporter at mara@example.org.",
            "Northshore Ledger is an independent publisher of local news.",
        ]
        assert boilerplate.clean(paragraphs) == STORY

    def test_a_press_releases_note_on_the_company_stays_in_a_page(self) -> None:
        """In a page's main text an "About <name>" section, blurb and contact included, is the release's own."""
        about = [
            "About Northshore Ferries",
            "Northshore Ferries is a provider of harbour transport.",
            "press@example.org",
        ]
        assert boilerplate.clean([*STORY, *about], named_sections=False) == [*STORY, *about]
        assert boilerplate.clean([*STORY, *about]) == STORY

    def test_the_sites_own_closing_sections_leave_a_page(self) -> None:
        """ "About the author" and "About us" sections close the body in a page too."""
        for heading in ("About the author", "About us", "About the publisher: Northshore Ledger covers the coast."):
            closing = [heading, "Mara Lindqvist covers transport for the Ledger."]
            assert boilerplate.clean([*STORY, *closing], named_sections=False) == STORY, heading


class TestJsonLdFallback:
    def test_article_body_used_when_markup_has_no_text(self) -> None:
        """A page whose text lives only in JSON-LD gets that articleBody, with a warning."""
        body = "\\n".join(STORY).replace('"', "")
        page = (
            '<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
            f'"headline": "Pier rebuild", "articleBody": "{body}"}}</script></head>'
            "<body><div id='app'></div></body></html>"
        )
        result = normalized(page)
        assert result.paragraphs == STORY
        assert any("JSON-LD articleBody" in warning for warning in result.warnings)
