"""Language identification: ISO 639-1 codes from the shipped fastText model, clear errors at start-up."""

from __future__ import annotations

import pytest

from newswire.errors import ConfigurationError
from newswire.pipeline.normalize.language import FastTextIdentifier


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
