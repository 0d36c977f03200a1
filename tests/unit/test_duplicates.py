"""Near-duplicate marking: syndicated copies point at the first article, within a window."""

from __future__ import annotations

from newswire.pipeline import Pipeline
from newswire.pipeline.duplicates import DuplicateIndex, Fingerprint
from newswire.pipeline.normalize.fingerprint import simhash
from tests.conftest import FakeEntities, FakeTopics, raw

STORY = (
    "The harbour authority approved a plan on Monday to deepen the main shipping channel, allowing larger "
    "container vessels to dock at the port for the first time. Work is due to begin in the spring and last "
    "two years, the authority said, at a cost shared between the city and national government."
)


def _pipeline(window_s: float = 86_400) -> Pipeline:
    return Pipeline(FakeEntities(), FakeTopics(), duplicates=DuplicateIndex(window_s))


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
        pipeline.process([raw(url="https://a.example/port", body=STORY)])
        [again] = pipeline.process([raw(url="https://a.example/port", body=STORY)])
        assert again.article is not None and again.article.duplicate_of is None

    def test_window_forgets_old_articles(self) -> None:
        """A copy fetched after the window is not marked."""
        pipeline = _pipeline(window_s=3600)
        pipeline.process([raw(url="https://a.example/port", body=STORY, fetched_at="2024-01-01T00:00:00Z")])
        [late] = pipeline.process([raw(url="https://b.example/p", body=STORY, fetched_at="2024-01-01T02:00:00Z")])
        assert late.article is not None and late.article.duplicate_of is None

    def test_index_is_bounded(self) -> None:
        """The index never holds more than its maximum number of entries."""
        index = DuplicateIndex(window_s=10**9, max_entries=3)
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
