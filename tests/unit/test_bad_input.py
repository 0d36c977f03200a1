"""Bad input: each case ends quickly as a dead letter with a reason or an article with warnings."""

from __future__ import annotations

import time

import pytest

from newswire.errors import ErrorCode, RecordError
from newswire.pipeline.normalize import dom
from tests.unit.factories import normalized
from tests.unit.samples import PAGE, STORY

PARAGRAPH = "<p>" + " ".join(STORY) + "</p>\n"
#: Generous per-page bound on a shared machine; the measured worst case is a few seconds.
SECONDS = 20.0


def _dead_letter(body: str, content_type: str = "text/html") -> RecordError:
    started = time.perf_counter()
    with pytest.raises(RecordError) as caught:
        normalized(body, content_type)
    assert time.perf_counter() - started < SECONDS
    return caught.value


class TestDeadLetters:
    def test_empty_page(self) -> None:
        """An empty HTML body is an empty_body dead letter."""
        assert _dead_letter("").code is ErrorCode.EMPTY_BODY

    def test_blank_text_dump(self) -> None:
        """A text dump of whitespace is an empty_body dead letter."""
        assert _dead_letter("  \n\t\n", "text/plain").code is ErrorCode.EMPTY_BODY

    def test_binary_labelled_html(self) -> None:
        """Control bytes labelled text/html are a not_text dead letter."""
        assert _dead_letter("".join(chr(i % 32) for i in range(50_000))).code is ErrorCode.NOT_TEXT

    def test_undecodable_text_dump(self) -> None:
        """A text dump of replacement characters is a not_text dead letter."""
        assert _dead_letter("\ufffd" * 10_000, "text/plain").code is ErrorCode.NOT_TEXT

    def test_scripts_only_page(self) -> None:
        """A page holding nothing but scripts has no body."""
        page = (
            "<html><head><script>" + "var a = 1;" * 100_000 + "</script></head><body><script>x()</script></body></html>"
        )
        assert _dead_letter(page).code is ErrorCode.EMPTY_BODY

    def test_pathological_nesting(self) -> None:
        """100,000 nested divs are parsed to a bounded depth and end without a crash."""
        page = "<html><body>" + "<div>" * 100_000 + PARAGRAPH + "</div>" * 100_000 + "</body></html>"
        assert _dead_letter(page).code is ErrorCode.EMPTY_BODY

    def test_too_many_elements(self) -> None:
        """A page far beyond a news page's element count is refused before extraction."""
        error = _dead_letter("<html><body>" + "<p>a</p>" * (dom.MAX_ELEMENTS + 10) + "</body></html>")
        assert error.code is ErrorCode.EXTRACTION_FAILED


class TestWarnings:
    def test_page_at_contract_limit_is_cut_with_warning(self) -> None:
        """A page at the raw contract's 5M-character limit is cut before parsing, with a warning."""
        page = "<html><body><article>" + PARAGRAPH * 12_000 + "</article></body></html>"
        started = time.perf_counter()
        result = normalized(page[:5_000_000])
        assert time.perf_counter() - started < SECONDS
        assert any("page cut" in warning for warning in result.warnings)

    def test_html_sent_as_text_plain(self) -> None:
        """HTML labelled text/plain is read as a page, with a warning."""
        result = normalized(PAGE, "text/plain")
        assert result.paragraphs[0] == STORY[0]
        assert any("body is HTML" in warning for warning in result.warnings)

    def test_text_sent_as_html(self) -> None:
        """Plain text labelled text/html is read as a dump, with a warning."""
        result = normalized("\n".join(STORY), "text/html")
        assert result.paragraphs == STORY
        assert any("no markup" in warning for warning in result.warnings)

    def test_overlong_line_is_cut_before_any_pattern(self) -> None:
        """A single multi-megabyte line is cut, so no regex sees it whole."""
        result = normalized("Published: " + "1" * 3_000_000, "text/plain")
        assert any("cut" in warning for warning in result.warnings)
