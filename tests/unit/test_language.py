"""Language identification: ISO 639-1 codes from the shipped fastText model, clear errors at start-up."""

from __future__ import annotations

import pytest

from newswire.errors import ConfigurationError
from newswire.pipeline.normalize import language


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
    def test_common_languages(self, text: str, code: str) -> None:
        assert language.detect(text) == code

    def test_too_little_text_is_unknown(self) -> None:
        assert language.detect("Breaking news") is None

    def test_lines_are_read_as_one_text(self) -> None:
        """fastText stops at a newline; the whole sample is read, not its first line."""
        text = "Kurz\n" + "Le conseil municipal a voté mardi la fermeture du vieux pont pour des travaux. " * 3
        assert language.detect(text) == "fr"


class TestLoad:
    def test_a_missing_model_is_a_configuration_error(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(language, "_MODEL", "resources/no-such-model.ftz")
        language.load.cache_clear()
        try:
            with pytest.raises(ConfigurationError, match="cannot load the language model"):
                language.load()
        finally:
            language.load.cache_clear()
