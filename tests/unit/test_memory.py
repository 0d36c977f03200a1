"""The bounded memory the fingerprints and the language identifier keep their answers in."""

from __future__ import annotations

from functools import partial

from hypothesis import given
from hypothesis import strategies as st

from newswire.pipeline.memory import Memory


class TestMemory:
    @given(st.lists(st.integers(0, 20), max_size=200), st.integers(1, 8))
    def test_an_answer_is_always_the_works_and_the_memory_stays_bounded(self, keys: list[int], size: int) -> None:
        memory: Memory[int, int] = Memory(size)
        for key in keys:
            assert memory.recall(key, partial(pow, key, 2)) == key * key
            assert len(memory) <= size

    def test_the_oldest_is_forgotten_first_and_none_is_an_answer(self) -> None:
        """A None answer is remembered like any other; past the size the first key met goes."""
        memory: Memory[str, str | None] = Memory(2)
        calls: list[str] = []

        def work(key: str) -> str | None:
            calls.append(key)
            return None if key == "a" else key.upper()

        for key in ("a", "a", "b", "c", "b", "a"):
            memory.recall(key, partial(work, key))
        assert calls == ["a", "b", "c", "a"]
        assert list(memory) == ["c", "a"]
