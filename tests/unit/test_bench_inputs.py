"""The bench's records: the articles over and over, each round distinct in every paragraph."""

from __future__ import annotations

import itertools

from newswire.pipeline.normalize.fingerprint import content_hash
from newswire_tools.bench import inputs

TEXT = {"url": "https://x.example.org/a", "content_type": "text/plain", "body": "One par.\n\nTwo par."}
PAGE = {"url": "https://x.example.org/b/", "content_type": "text/html", "body": "<p>One.</p><P class='x'>Two.</P>"}


class TestRecords:
    def test_first_round_is_the_articles_themselves(self) -> None:
        """Round 0 sends each article unchanged, in order."""
        assert list(itertools.islice(inputs.records([TEXT, PAGE]), 2)) == [TEXT, PAGE]

    def test_later_rounds_differ_in_url_and_every_paragraph(self) -> None:
        """Round r gives the article its own URL and starts each paragraph with (r)."""
        text, page = list(itertools.islice(inputs.records([TEXT, PAGE]), 6))[4:]
        assert text["url"] == "https://x.example.org/a/2"
        assert text["body"] == "(2) One par.\n\n(2) Two par."
        assert page["url"] == "https://x.example.org/b/2"
        assert page["body"] == "<p>(2) One.</p><P class='x'>(2) Two.</P>"

    def test_no_two_records_share_a_body(self) -> None:
        """A thousand records of two articles have a thousand different content hashes."""
        bodies = [str(a["body"]) for a in itertools.islice(inputs.records([TEXT, PAGE]), 1000)]
        assert len({content_hash(body) for body in bodies}) == 1000
