"""The duplicate index's buckets: what a lookup reads, small buckets in Python and large in numpy."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newswire.pipeline.learned.bands import SMALL, Band

_BITS = st.integers(0, 2**64 - 1)


class TestBand:
    @settings(max_examples=150)
    @given(st.lists(st.tuples(_BITS, st.booleans()), max_size=3 * SMALL), _BITS, st.integers(0, 64), st.data())
    def test_near_is_every_live_entry_within_the_distance_oldest_first(
        self, steps: list[tuple[int, bool]], probe: int, most: int, data: st.DataObject
    ) -> None:
        """Appends and removals of the oldest in any order; near() answers as reading each live entry."""
        band, live = Band(), []
        for number, (bits, remove_oldest) in enumerate(steps):
            band.append(f"a{number}", bits)
            live.append((f"a{number}", bits))
            if remove_oldest and data.draw(st.booleans()):
                band.pop_oldest(live.pop(0)[0])
        assert len(band) == len(live)
        assert band.near(probe, most) == [i for i, bits in live if (bits ^ probe).bit_count() <= most]

    def test_a_large_bucket_is_read_in_numpy_and_agrees(self) -> None:
        """Past SMALL entries, and after removals, the vector path finds exactly the close ones."""
        band = Band()
        for number in range(4 * SMALL):
            band.append(f"a{number}", (1 << (number % 64)) | (2**63 if number % 3 else 0))
        for number in range(SMALL):
            band.pop_oldest(f"a{number}")
        expected = [
            f"a{n}" for n in range(SMALL, 4 * SMALL) if ((1 << (n % 64)) | (2**63 if n % 3 else 0)).bit_count() <= 1
        ]
        assert band.near(0, 1) == expected and len(expected) > SMALL // 3

    def test_removing_other_than_the_oldest_is_refused(self) -> None:
        band = Band()
        band.append("a", 1)
        band.append("b", 2)
        with pytest.raises(RuntimeError, match="oldest entry is a, not b"):
            band.pop_oldest("b")


def test_the_index_bench_prints_a_line_per_size(capsys: pytest.CaptureFixture[str]) -> None:
    """`python -m newswire_tools.bench.index` at tiny sizes: a smoke test of the command, not a timing."""
    from newswire_tools.bench import index

    assert index.main(["10", "300"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["10", "300"] and all("lookup" in line for line in lines)
