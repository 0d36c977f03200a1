"""Language identification: ISO 639-1 codes from the shipped fastText model, clear errors at start-up."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newswire.errors import ConfigurationError
from newswire.pipeline.normalize.language import _SHOUTING, FastTextIdentifier, letters_and_capitals


@pytest.fixture(scope="module")
def lid() -> FastTextIdentifier:
    return FastTextIdentifier.load()


class TestDetect:
    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ("The council voted on Tuesday to close the old bridge for repairs next spring.", "en"),
            ("Le conseil municipal a voté mardi la fermeture du vieux pont pour des travaux.", "fr"),
            ("El ayuntamiento votó el martes cerrar el puente viejo para hacer reparaciones.", "es"),
            ("Der Stadtrat hat am Dienstag beschlossen, die alte Brücke im Frühjahr zu sperren.", "de"),
        ],
    )
    def test_common_languages(self, lid: FastTextIdentifier, text: str, code: str) -> None:
        assert lid.detect(text) == code

    def test_a_text_in_capitals_is_read_as_its_language(self, lid: FastTextIdentifier) -> None:
        """Wire flashes in capitals: fastText alone reads these as Chinese or Spanish."""
        assert lid.detect("STOCKS RALLY ON WALL STREET AS RATES FALL") == "en"
        assert lid.detect("UK INFLATION FALLS AGAIN IN MARCH") == "en"

    def test_a_language_without_a_two_letter_code_is_unknown(self) -> None:
        """The contract takes ISO 639-1 codes only; lid.176 also answers with codes such as `ceb`."""

        class Cebuano:
            def predict(self, text: str) -> tuple[tuple[str], tuple[float]]:
                return ("__label__ceb",), (0.9,)

        assert FastTextIdentifier(Cebuano()).detect("Ang balita karong adlawa bahin sa ulan") is None

    def test_too_little_text_is_unknown(self, lid: FastTextIdentifier) -> None:
        assert lid.detect("Breaking news") is None

    def test_lines_are_read_as_one_text(self, lid: FastTextIdentifier) -> None:
        """fastText stops at a newline; the whole sample is read, not its first line."""
        text = "Kurz\n" + "Le conseil municipal a voté mardi la fermeture du vieux pont pour des travaux. " * 3
        assert lid.detect(text) == "fr"


class _Recording:
    """A model that always names one language and keeps each line it was given."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.calls: list[str] = []

    def predict(self, text: str) -> tuple[tuple[str], tuple[float]]:
        self.calls.append(text)
        return (f"__label__{self.code}",), (0.9,)


class TestRemembered:
    def test_a_text_met_again_is_answered_from_memory_alike(self) -> None:
        """The model reads a sample once; the same sample again gets the same answer, unread."""
        model = _Recording("en")
        lid = FastTextIdentifier(model)
        story = "The council voted on Tuesday to close the old bridge. " * 20
        assert lid.detect(story) == lid.detect(story) == "en"
        assert lid.detect(story + " And more.") == "en"  # the same first SAMPLE_CHARS: the same sample
        assert lid.detect("Too short") is None
        assert lid.detect("Too short") is None
        assert len(model.calls) == 1

    def test_memory_is_bounded_and_forgets_the_oldest(self, lid: FastTextIdentifier) -> None:
        """Past MAX_KNOWN samples the oldest is forgotten, and read again right when met again."""
        fresh = FastTextIdentifier(lid._model, remember=2)
        texts = ["The council voted on Tuesday to close the old bridge.", "Le conseil a voté mardi la fermeture.",
                 "El ayuntamiento votó el martes cerrar el puente."]  # fmt: skip
        assert [fresh.detect(t) for t in texts] == ["en", "fr", "es"]
        assert list(fresh.known) == texts[1:]
        assert fresh.detect(texts[0]) == "en"


class TestLoad:
    @pytest.mark.parametrize(
        ("setting", "value", "message"),
        [
            ("sha256", "0" * 64, "its pinned SHA-256"),  # refused before fastText's loader reads it
            ("resource", "resources/no-such-model.ftz", "cannot load the language model"),
        ],
    )
    def test_a_missing_or_damaged_model_is_a_configuration_error(self, setting: str, value: str, message: str) -> None:
        with pytest.raises(ConfigurationError, match=message):
            FastTextIdentifier.load(**{setting: value})


_SAMPLES = st.lists(
    st.sampled_from(["OSLO", "Oslo", "ÉTÉ", "été", "ΣΑΣ", "’", "Ⓐ", "ǅ", "ß", "İ", "1", " ", "\n", "\u2003"])
    | st.text(max_size=6),
    max_size=40,
).map("".join)


class TestCountingShortcut:
    @settings(max_examples=300)
    @given(_SAMPLES)
    def test_letters_and_capitals_are_counted_as_one_by_one(self, text: str) -> None:
        """ASCII counted over bytes, the rest one by one: str.isalpha's and str.isupper's counts."""
        assert letters_and_capitals(text) == (sum(map(str.isalpha, text)), sum(map(str.isupper, text)))

    @settings(max_examples=300)
    @given(_SAMPLES)
    def test_the_model_reads_the_line_it_read_before(self, sample: str) -> None:
        """The line given to the model, lowered when shouted, is the one the plain reading gave."""
        model = _Recording("xx")
        FastTextIdentifier(model)._read(sample)
        letters = sum(map(str.isalpha, sample))
        shouted = letters and sum(map(str.isupper, sample)) > _SHOUTING * letters
        plain = " ".join((sample.lower() if shouted else sample).split())
        assert model.calls == ([] if len(sample.split()) < 3 else [plain])
