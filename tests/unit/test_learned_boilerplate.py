"""Boilerplate learned from the stream: recurring paragraphs of one source are removed."""

from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from newswire.pipeline import Pipeline
from newswire.pipeline.enrich.chain import enrichments
from newswire.pipeline.learned.boilerplate import LearnedBoilerplate, paragraph_key
from newswire.pipeline.words import WORD
from tests.conftest import FakeEntities, FakeTopics, raw
from tests.unit.factories import committed
from tests.unit.fakes import FakeLanguages

PROMO = "The Harbour Gazette is an independent newsroom serving the coast since 1911."


def _story(i: int, source: str = "gazette.example") -> bytes:
    body = f"Story {i}: the council met on day {i} and voted on budget item number {i}.\n\n{PROMO}"
    return raw(url=f"https://{source}/news/{i}", body=body, title=f"Council story {i}")


def _pipeline(table: LearnedBoilerplate) -> Pipeline:
    return Pipeline(enrichments(FakeEntities(), FakeTopics()), FakeLanguages(), boilerplate=table)


class TestLearnedBoilerplate:
    def test_a_paragraph_recurring_across_articles_is_removed(self) -> None:
        """After five articles of one source carry it, the paragraph is stripped from the next."""
        pipeline = _pipeline(LearnedBoilerplate(min_articles=5))
        early = committed(pipeline, [_story(i) for i in range(5)])
        assert all(PROMO in o.article.body for o in early if o.article)
        [later] = committed(pipeline, [_story(99)])
        assert later.article is not None
        assert PROMO not in later.article.body
        assert "budget item number 99" in later.article.body
        assert any("learned boilerplate" in w for w in later.article.warnings)

    def test_other_sources_are_not_affected(self) -> None:
        """What one source repeats is not boilerplate for another."""
        pipeline = _pipeline(LearnedBoilerplate(min_articles=3))
        committed(pipeline, [_story(i) for i in range(5)])
        [other] = committed(pipeline, [_story(7, source="other.example")])
        assert other.article is not None and PROMO in other.article.body

    def test_redelivered_articles_do_not_inflate_the_count(self) -> None:
        """The same article seen five times counts once."""
        pipeline = _pipeline(LearnedBoilerplate(min_articles=3))
        for _ in range(5):
            committed(pipeline, [_story(1)])
        [next_one] = committed(pipeline, [_story(2)])
        assert next_one.article is not None and PROMO in next_one.article.body

    def test_state_moves_to_another_replica(self) -> None:
        """Entries drained by one replica and applied by another give the same decisions."""
        first = LearnedBoilerplate(min_articles=5)
        _pipeline(first).process([_story(i) for i in range(5)])
        shared = first.pending()  # written in the batch's transaction
        first.commit()
        second = LearnedBoilerplate(min_articles=5)
        for key, value in shared:
            second.apply(key, value)
        [after] = committed(_pipeline(second), [_story(50)])
        assert after.article is not None and PROMO not in after.article.body

    def test_never_empties_a_body(self) -> None:
        """An article made only of known boilerplate keeps its text."""
        pipeline = _pipeline(LearnedBoilerplate(min_articles=2))
        committed(pipeline, [raw(url=f"https://g.example/{i}", body=PROMO) for i in range(3)])
        [only] = committed(pipeline, [raw(url="https://g.example/x", body=PROMO)])
        assert only.article is not None and only.article.body == PROMO

    def test_memory_is_bounded(self) -> None:
        """The table never holds more than its maximum number of paragraphs."""
        table = LearnedBoilerplate(min_articles=2, max_entries=10)
        committed(_pipeline(table), [raw(url=f"https://g.example/{i}", body=f"Paragraph {i}.") for i in range(30)])
        assert len(table) <= 10

    def test_known_boilerplate_is_rewritten_before_retention_expires_it(self) -> None:
        """A paragraph that stays boilerplate is shared again once a day of stream time has passed."""
        table = LearnedBoilerplate(min_articles=2)
        pipeline = _pipeline(table)
        committed(pipeline, [_story(i) for i in range(3)])
        promo = paragraph_key("gazette.example", PROMO)
        same_day = raw(url="https://gazette.example/late", fetched_at="2024-01-18T11:00:00Z", body=f"Same.\n\n{PROMO}")
        pipeline.process([same_day])
        assert promo not in dict(table.pending())
        pipeline.commit()
        later = raw(url="https://gazette.example/later", fetched_at="2024-01-20T11:00:00Z", body=f"Later.\n\n{PROMO}")
        pipeline.process([later])
        assert promo in dict(table.pending())


class TestLearnedBoilerplateTransactions:
    """What a batch learns counts only once its transaction commits."""

    def test_an_aborted_batch_teaches_nothing(self) -> None:
        """Five articles in a batch that aborts do not make their shared paragraph boilerplate."""
        table = LearnedBoilerplate(min_articles=5)
        pipeline = _pipeline(table)
        pipeline.process([_story(i) for i in range(5)])
        pipeline.abort()
        assert table.pending() == [] and len(table) == 0
        [next_one] = committed(pipeline, [_story(99)])
        assert next_one.article is not None and PROMO in next_one.article.body

    def test_a_batch_sees_what_it_learned_itself(self) -> None:
        """Inside one batch, the sixth article already loses the paragraph the first five share."""
        pipeline = _pipeline(LearnedBoilerplate(min_articles=5))
        *_, sixth = pipeline.process([_story(i) for i in range(6)])
        assert sixth.article is not None and PROMO not in sixth.article.body

    def test_a_redone_batch_is_judged_as_the_first_time(self) -> None:
        """A batch aborted and redone gives the same bodies both times."""
        pipeline = _pipeline(LearnedBoilerplate(min_articles=3))
        batch = [_story(i) for i in range(5)]
        first = [o.article.body for o in pipeline.process(batch) if o.article]
        pipeline.abort()
        again = [o.article.body for o in committed(pipeline, batch) if o.article]
        assert again == first

    def test_a_dateline_is_news_however_often_it_recurs(self) -> None:
        """`OSLO 2031-05-04` or `Oslo, May 4` opens many stories of one day; it stays in every one."""
        pipeline = _pipeline(LearnedBoilerplate(min_articles=2))
        for dateline in ("OSLO 2031-05-04", "Oslo, May 4", "Oslo 4 May 2031"):
            stories = [
                raw(
                    url=f"https://wire.example/{len(dateline)}/{i}",
                    title=f"Ferry story {i}",
                    body=f"{dateline}\n\nStory number {i} about the fjord ferry.",
                )
                for i in range(4)
            ]
            outcomes = committed(pipeline, stories)
            assert all(o.article and o.article.body.startswith(dateline) for o in outcomes)


class TestParagraphKeys:
    def test_keys_are_those_earlier_versions_wrote(self) -> None:
        """Replicas read keys back from the state log: a paragraph's key never changes."""
        assert paragraph_key("gazette.example", PROMO) == "bp:gazette.example:c5f7b0618f2fff3d"

    @given(st.text(max_size=80) | st.sampled_from(["", "  ", "ΟΔΟΣ ſtraße", "Read MORE: ﬁsh.", PROMO]))
    def test_keys_are_the_plain_ones(self, paragraph: str) -> None:
        """Words shared with the fingerprints give the key the paragraph's own words gave."""
        words = " ".join(WORD.findall(paragraph.casefold()))
        plain = hashlib.blake2b(words.encode(), digest_size=8).hexdigest()
        assert paragraph_key("s", paragraph) == f"bp:s:{plain}"

    @given(st.sets(st.sampled_from("abcdefgh")), st.sets(st.sampled_from("abcdefgh")), st.integers(0, 6))
    def test_ids_kept_are_the_smallest_as_before(self, known: set[str], ids: set[str], least: int) -> None:
        """Ids beyond what a paragraph needs are dropped, the smallest kept, as sorting them all did."""
        plain = set(sorted(ids - known)[: max(0, least - len(known))])
        assert LearnedBoilerplate(min_articles=least)._capped(known, ids) == plain
