"""Canonical URLs, ids, and provenance of fields with no page value."""

from __future__ import annotations

import pytest

from newswire.contracts.url import UnusableUrl
from newswire.pipeline.normalize import urls
from tests.unit.factories import normalized
from tests.unit.samples import STORY


class TestUrls:
    def test_tracking_parameters_and_fragment_dropped(self) -> None:
        """utm_*, fbclid and the fragment never reach the canonical URL."""
        url = "HTTPS://News.Example.org:443/a?id=7&utm_source=x&fbclid=y#top"
        assert urls.clean_url(url) == "https://news.example.org/a?id=7"

    def test_canonical_link_rejects_other_schemes(self) -> None:
        """A javascript: canonical link cannot be used; the caller falls back to the fetched URL."""
        with pytest.raises(UnusableUrl, match="not an http"):
            urls.canonical_from("javascript:void(0)", "https://news.example.org/a")
        assert urls.canonical_from("  ", "https://news.example.org/a") is None

    def test_same_canonical_url_same_id(self) -> None:
        """The article id is stable for a canonical URL."""
        assert urls.article_id("https://a.example/x") == urls.article_id("https://a.example/x")


class TestProvenanceFallbacks:
    def test_url_and_host_when_page_declares_nothing(self) -> None:
        """Without a canonical link or site name, both come from the URL."""
        result = normalized("\n".join(STORY), "text/plain")
        assert result.canonical_url == "https://news.example.org/story/1"
        assert (result.source, result.provenance["source"]) == ("news.example.org", "url")
        assert result.provenance["canonical_url"] == "url"

    def test_detected_language_is_model(self) -> None:
        """A language nobody declared is detected, with provenance `model`."""
        result = normalized("\n".join(STORY), "text/plain")
        assert (result.language, result.provenance["language"]) == ("en", "model")

    def test_rejected_date_becomes_warning(self) -> None:
        """A future published date is dropped with a warning, not guessed."""
        result = normalized("\n".join(STORY), "text/plain", published_at="2031-05-01T10:00:00Z")
        assert result.published_at is None
        assert any("published_at from crawler rejected" in w for w in result.warnings)
