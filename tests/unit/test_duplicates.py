"""Near-duplicate marking: syndicated copies point at the first article, within a window."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from newswire.pipeline import Outcome, Pipeline
from newswire.pipeline.enrich.chain import enrichments
from newswire.pipeline.learned import DuplicateIndex, Fingerprint
from newswire.pipeline.normalize.fingerprint import simhash
from tests.conftest import FakeEntities, FakeTopics, raw
from tests.unit.factories import committed, wall_clock
from tests.unit.fakes import FakeLanguages

STORY = (
    "The harbour authority approved a plan on Monday to deepen the main shipping channel, allowing larger "
    "container vessels to dock at the port for the first time. Work is due to begin in the spring and last "
    "two years, the authority said, at a cost shared between the city and national government."
)


def _pipeline(window_s: float = 86_400) -> Pipeline:
    return Pipeline(
        enrichments(FakeEntities(), FakeTopics()),
        FakeLanguages(),
        duplicates=DuplicateIndex(window_s, clock=wall_clock),
    )


def _marks(outcomes: list[Outcome]) -> list[str | None]:
    marks = []
    for outcome in outcomes:
        assert outcome.article is not None
        marks.append(outcome.article.duplicate_of)
    return marks


A_URL, B_URL = "https://a.example/port", "https://b.example/news/port-plan"
A = raw(url=A_URL, body=STORY)
B = raw(url=B_URL, body=STORY.replace("on Monday", "on Monday morning"), fetched_at="2024-01-18T11:00:00Z")


class TestDuplicates:
    def test_syndicated_copy_is_marked_with_the_first_id(self) -> None:
        """The same story from another URL, lightly edited, is flagged with the first article's id."""
        first, copy = _pipeline().process(
            [
                raw(url="https://a.example/port", body=STORY),
                raw(url="https://b.example/news/port-plan", body=STORY.replace("on Monday", "on Monday morning")),
            ]
        )
        assert first.article is not None and copy.article is not None
        assert first.article.duplicate_of is None
        assert copy.article.duplicate_of == first.article.id

    def test_different_stories_are_not_duplicates(self) -> None:
        """Unrelated bodies are never joined."""
        _, other = _pipeline().process(
            [
                raw(url="https://a.example/port", body=STORY),
                raw(url="https://b.example/x", body="The city orchestra announced its new season of concerts today."),
            ]
        )
        assert other.article is not None and other.article.duplicate_of is None

    def test_reprocessing_the_same_url_is_not_a_duplicate(self) -> None:
        """A record redelivered for the same URL keeps its own id and no duplicate mark."""
        pipeline = _pipeline()
        committed(pipeline, [raw(url="https://a.example/port", body=STORY)])
        [again] = pipeline.process([raw(url="https://a.example/port", body=STORY)])
        assert again.article is not None and again.article.duplicate_of is None

    def test_window_forgets_old_articles(self) -> None:
        """A copy fetched after the window is not marked."""
        pipeline = _pipeline(window_s=3600)
        committed(pipeline, [raw(url="https://a.example/port", body=STORY, fetched_at="2024-01-01T00:00:00Z")])
        [late] = pipeline.process([raw(url="https://b.example/p", body=STORY, fetched_at="2024-01-01T02:00:00Z")])
        assert late.article is not None and late.article.duplicate_of is None

    def test_index_is_bounded(self) -> None:
        """The index never holds more than its maximum number of entries."""
        index = DuplicateIndex(window_s=10**9, clock=wall_clock, max_entries=3)
        for i in range(10):
            index.add(Fingerprint(f"{i:032x}", f"{i:032x}", simhash(f"text number {i} " * 5), float(i)))
        assert len(index) == 3

    def test_window_holds_for_entries_out_of_time_order(self) -> None:
        """An entry older than the window is not matched, even when it arrived after newer ones."""
        index = DuplicateIndex(window_s=86_400, clock=lambda: 10 * 86_400.0)
        sig = simhash(STORY)
        index.add(Fingerprint("a" * 32, "1" * 32, "0" * 16, 10 * 86_400.0))
        index.add(Fingerprint("b" * 32, "2" * 32, sig, 1 * 86_400.0))
        assert index.find("2" * 32, sig, "c" * 32, 10 * 86_400.0) is None
        assert index.find("2" * 32, sig, "c" * 32, 1.5 * 86_400.0) == "b" * 32

    def test_a_future_date_does_not_empty_the_index(self) -> None:
        """One record dated decades ahead prunes no more than the wall clock allows."""
        index = DuplicateIndex(window_s=7 * 86_400, clock=lambda: 100.0)
        index.add(Fingerprint("a" * 32, "1" * 32, simhash(STORY), 50.0))
        index.prune(4_000_000_000.0)
        assert len(index) == 1


class TestFirstSeenWins:
    """The first-seen article is never marked a copy, under redelivery, re-crawl, rebalance and aborts."""

    def test_a_redelivered_original_stays_the_original(self) -> None:
        """A, then its copy B, then A again: A is still no copy, and B still points at A."""
        pipeline = _pipeline()
        assert _marks(committed(pipeline, [A])) == [None]
        a_id = committed(pipeline, [B])[0].article.duplicate_of  # type: ignore[union-attr]
        assert _marks(committed(pipeline, [A, B])) == [None, a_id]

    def test_a_recrawled_original_stays_the_original(self) -> None:
        """A fetched again days later, its copy in between, is still the original."""
        pipeline = _pipeline(window_s=7 * 86_400)
        committed(pipeline, [A, B])
        [again] = committed(pipeline, [raw(url=A_URL, body=STORY, fetched_at="2024-01-20T09:00:00Z")])
        assert _marks([again]) == [None]

    def test_a_copy_fetched_earlier_but_seen_later_points_at_what_was_seen_first(self) -> None:
        """Crawler lag: B's fetch time is earlier, but A was published first, so B is the copy, also on redelivery."""
        pipeline = _pipeline()
        early_b = raw(url=B_URL, body=STORY, fetched_at="2024-01-18T09:00:00Z")
        [first] = committed(pipeline, [A])
        assert _marks(committed(pipeline, [early_b])) == [first.article.id]  # type: ignore[union-attr]
        assert _marks(committed(pipeline, [A, early_b])) == [None, first.article.id]  # type: ignore[union-attr]

    def test_copies_point_at_the_first_article_not_at_another_copy(self) -> None:
        """A third copy, nearest to the second, still names the first article of the story."""
        pipeline = _pipeline()
        third = raw(url="https://c.example/p", body=STORY.replace("on Monday", "on Monday morning"))
        a, b, c = committed(pipeline, [A, B, third])
        assert _marks([a, b, c]) == [None, a.article.id, a.article.id]  # type: ignore[union-attr]

    def test_an_aborted_batch_judged_again_gives_the_same_marks(self) -> None:
        """A and B in a batch that aborts and is redone: A is the original both times, never B's copy."""
        pipeline = _pipeline()
        first_try = _marks(pipeline.process([A, B]))
        pipeline.abort()
        assert _marks(committed(pipeline, [A, B])) == first_try
        assert first_try[0] is None and first_try[1] is not None

    def test_an_aborted_batch_leaves_nothing_behind(self) -> None:
        """What an aborted batch saw is forgotten: a later batch does not find it."""
        pipeline = _pipeline()
        pipeline.process([A])
        pipeline.abort()
        assert _marks(committed(pipeline, [B])) == [None]

    def test_another_replica_that_only_knows_the_copy_keeps_the_original(self) -> None:
        """After a rebalance, a replica that has read B's entry (a copy of A) but not A's own does not mark A."""
        first = DuplicateIndex(86_400, clock=wall_clock)
        first_pipeline = Pipeline(enrichments(FakeEntities(), FakeTopics()), FakeLanguages(), duplicates=first)
        first_pipeline.process([A, B])
        [(_, _), (b_key, b_entry)] = first.pending()
        first_pipeline.commit()
        second = DuplicateIndex(86_400, clock=wall_clock)
        second.apply(b_key, b_entry)
        [again] = Pipeline(enrichments(FakeEntities(), FakeTopics()), FakeLanguages(), duplicates=second).process([A])
        assert _marks([again]) == [None]

    def test_entries_are_staged_until_the_batch_commits(self) -> None:
        """A batch's fingerprints are handed out for its transaction and join the index only on commit."""
        index = DuplicateIndex(86_400, clock=wall_clock)
        pipeline = Pipeline(enrichments(FakeEntities(), FakeTopics()), FakeLanguages(), duplicates=index)
        a, b = pipeline.process([A, B])
        assert len(index) == 0
        entries = dict(index.pending())
        assert entries[f"fp:{a.article.id}"]["duplicate_of"] is None  # type: ignore[union-attr]
        assert entries[f"fp:{b.article.id}"]["duplicate_of"] == a.article.id  # type: ignore[union-attr]
        pipeline.commit()
        assert len(index) == 2 and index.pending() == []

    def test_entries_written_before_decisions_were_kept_still_load(self) -> None:
        """A shared-log entry without `duplicate_of` (an older replica's) is an original."""
        index = DuplicateIndex(86_400, clock=lambda: 0.0)
        entry = {"article_id": "a" * 32, "content_hash": "1" * 32, "simhash": "0" * 16, "seen_at": 5.0}
        index.apply("fp:" + "a" * 32, entry)
        assert index.find("1" * 32, "0" * 16, "b" * 32, 6.0) == "a" * 32


def test_a_batch_finds_copies_on_the_same_terms_as_the_index() -> None:
    """Eight bits apart, one in each band, no band shared: not found as a copy within a batch either,
    so the answer does not hang on where the batch boundaries fell."""
    near = Fingerprint("b" * 32, "2" * 32, f"{0x0101010101010101:016x}", 6.0)
    for commit_between in (False, True):
        index = DuplicateIndex(86_400, clock=lambda: 0.0)
        index.observe(Fingerprint("a" * 32, "1" * 32, "0" * 16, 5.0))
        if commit_between:
            index.commit()
        assert index.observe(near) is None
    assert index.observe(replace(near, article_id="c" * 32, content_hash="1" * 32)) == "a" * 32  # same body


class _PlainIndex(DuplicateIndex):
    """The lookup as the module's docstring states it, every entry read: an earlier article with the
    same body (the index's first, or any of the batch's), or one that shares a band with this SimHash
    and lies within 8 bits of it; within the window."""

    def _matches(self, content_hash: str, simhash: str, now: float) -> list[Fingerprint]:
        exact = self._by_hash.get(content_hash)
        probe = Fingerprint("", content_hash, simhash, now)

        def near(c: Fingerprint) -> bool:
            shares = bool(set(c.bands()) & set(probe.bands()))
            return shares and (int(c.simhash, 16) ^ int(simhash, 16)).bit_count() <= 8

        index = [c for c in self._entries.values() if c.article_id == exact or near(c)]
        staged = [c for c in self._staged.values() if c.content_hash == content_hash or near(c)]
        return [c for c in index + staged if self._within(c, now)]


#: A handful of bodies, each with its SimHash: a few flipped bits from one of three bases, so some
#: bodies are near one another. The same body always has the same SimHash, as real ones do.
_BODIES = st.lists(
    st.tuples(st.sampled_from([0x0123456789ABCDEF, 0xFEDCBA9876543210, 0]), st.lists(st.integers(0, 63), max_size=12)),
    min_size=4,
    max_size=4,
)
#: Articles: few ids, bodies and times; whether the batch commits after each.
_ARTICLES = st.lists(
    st.tuples(st.integers(0, 11), st.integers(0, 3), st.integers(0, 200), st.booleans()),
    max_size=40,
)


class TestLookupShortcut:
    @settings(max_examples=300)
    @given(_BODIES, _ARTICLES, st.sampled_from([3, 200_000]))
    def test_lookup_answers_as_the_plain_one(
        self, bodies: list[tuple[int, list[int]]], articles: list[tuple[int, int, int, bool]], most: int
    ) -> None:
        """The bucketed lookup finds the same originals as reading every entry, batch by batch, while
        entries leave by age and by the size limit."""
        fast = DuplicateIndex(100, clock=lambda: 0.0, max_entries=most)
        plain = _PlainIndex(100, clock=lambda: 0.0, max_entries=most)
        for article, body, seen_at, commit in articles:
            bits, flips = bodies[body]
            for flip in flips:
                bits ^= 1 << flip
            fp = Fingerprint(f"{article:032x}", f"{body:032x}", f"{bits:016x}", float(seen_at))
            assert fast.observe(fp) == plain.observe(fp)
            assert fast.pending() == plain.pending()
            if commit:
                fast.commit()
                plain.commit()
