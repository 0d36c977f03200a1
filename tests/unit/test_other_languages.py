"""Articles in languages other than English: entities by the recognizer of their language, and an
explicit, counted skip (warning and provenance) wherever no model reads it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newswire.bootstrap import build_pipeline
from newswire.config import Settings
from newswire.errors import ConfigurationError
from newswire.observability.metrics import Metrics
from newswire.pipeline import Outcome, Pipeline
from newswire.pipeline.enrich.chain import enrichments
from newswire.pipeline.enrich.entities import SpacyEntityExtractor
from newswire.pipeline.enrich.entities.recognizer import lazily
from newswire.pipeline.enrich.lazy import RETRY_AFTER_S, LazyExtractor
from newswire.pipeline.enrich.off import NoEntities, NoMediaTopics
from newswire_tools.datasets import bracketed
from tests.conftest import FakeEntities, FakeTopics, raw
from tests.unit.fakes import FakeLanguages

GERMAN = "Die Ministerinnen trafen sich am Dienstag in Genf und vereinbarten ein weiteres Treffen im März."
SPANISH = "Los ministros se reunieron el martes en Ginebra y acordaron volver a verse en marzo."
FRENCH = "Les ministres se sont réunis mardi à Genève et ont convenu de se revoir en mars."
LANGUAGES = FakeLanguages({"Die": "de", "Los": "es", "Les": "fr"})


def _french(words: dict[str, str] | None = None) -> FakeEntities:
    french = FakeEntities(words or {"Genève": "GPE"})
    french.name, french.languages = "fake-fr", frozenset({"fr"})
    return french


def _one(pipeline: Pipeline, body: str) -> Outcome:
    [outcome] = pipeline.process([raw(body=body, title="Treffen")])
    assert outcome.article is not None
    return outcome


class TestSkipsAreSaid:
    @pytest.mark.parametrize(("body", "language"), [(GERMAN, "de"), (SPANISH, "es")])
    def test_language_without_models_says_both_skips(self, body: str, language: str) -> None:
        """German and Spanish: a warning and a provenance entry for entities and for topics."""
        outcome = _one(Pipeline(enrichments([FakeEntities(), _french()], FakeTopics()), LANGUAGES), body)
        article = outcome.article
        assert article is not None and article.language == language
        assert article.entities == [] and article.topics == []
        assert article.warnings == [
            f"entities_skipped: no entity model for language {language}",
            f"topics_skipped: no topic model for language {language}",
        ]
        assert article.provenance["entities"] == f"skipped: no entity model for language {language}"
        assert article.provenance["topics"] == f"skipped: no topic model for language {language}"
        assert outcome.skipped == ("entities", "topics") and outcome.unsupported_language

    def test_unidentified_language_says_why(self) -> None:
        """No language identified: the skip names that as its reason."""
        outcome = _one(Pipeline(enrichments(FakeEntities(), FakeTopics()), FakeLanguages(default=None)), GERMAN)
        assert outcome.article is not None
        assert "entities_skipped: language not identified" in outcome.article.warnings

    def test_read_article_names_its_models(self) -> None:
        """An English article: no skip, and provenance names the models that read it even if they found nothing."""
        outcome = _one(
            Pipeline(enrichments(FakeEntities(), FakeTopics()), LANGUAGES), "Ministers met in Geneva on Tuesday."
        )
        assert outcome.article is not None and outcome.article.warnings == [] and outcome.skipped == ()
        assert outcome.article.provenance["entities"] == "model:fake-ner"
        assert outcome.article.provenance["topics"] == "model:fake-topics"

    def test_enrichment_off_is_provenance_not_a_warning(self) -> None:
        """Enrichment switched off for all articles is the operator's choice: said in provenance only."""
        outcome = _one(Pipeline(enrichments(NoEntities(), NoMediaTopics()), LANGUAGES), GERMAN)
        assert outcome.article is not None and outcome.article.warnings == []
        assert outcome.article.provenance["entities"] == outcome.article.provenance["topics"] == "off"

    def test_skip_is_said_once_when_a_batch_is_enriched_again(self) -> None:
        """A poisonous article sends its batch through enrichment one by one; the others' warnings stay single."""
        pipeline = Pipeline(enrichments(FakeEntities(fail_on="POISON"), FakeTopics()), LANGUAGES)
        german, poison = pipeline.process([raw(body=GERMAN), raw(body="POISON in three words")])
        assert german.article is not None and len(german.article.warnings) == 2
        assert poison.error is not None

    def test_skips_are_counted_by_enrichment_and_language(self) -> None:
        """newswire_enrichment_skipped_total counts each skipped enrichment under the article's language."""
        metrics = Metrics()
        for outcome in Pipeline(enrichments(FakeEntities(), FakeTopics()), LANGUAGES).process([raw(body=GERMAN)] * 2):
            metrics.observe_outcome(outcome, datetime.now(UTC))
        sample = metrics.registry.get_sample_value
        assert sample("newswire_enrichment_skipped_total", {"enrichment": "entities", "language": "de"}) == 2
        assert sample("newswire_enrichment_skipped_total", {"enrichment": "topics", "language": "de"}) == 2


class TestRecognizerByLanguage:
    def test_each_language_goes_to_its_own_recognizer(self) -> None:
        """French to the French recognizer, English to the English one; only topics are skipped for French."""
        english, french = FakeEntities({"Geneva": "GPE"}), _french()
        pipeline = Pipeline(enrichments([english, french], FakeTopics()), LANGUAGES)
        en, fr = pipeline.process([raw(body="Ministers met in Geneva on Tuesday."), raw(body=FRENCH)])
        assert en.article is not None and fr.article is not None
        assert [e.name for e in en.article.entities] == ["Geneva"]
        assert [(e.name, e.type) for e in fr.article.entities] == [("Genève", "GPE")]
        assert fr.article.provenance["entities"] == "model:fake-fr"
        assert fr.article.warnings == ["topics_skipped: no topic model for language fr"]
        assert fr.skipped == ("topics",) and not fr.unsupported_language
        assert english.calls == french.calls == 1

    def test_producer_names_every_recognizer(self) -> None:
        """produced_by keeps `ner` for the first recognizer and adds one `ner_<language>` per other."""
        models = Pipeline(enrichments([FakeEntities(), _french()], FakeTopics()), LANGUAGES).produced_by.models
        assert models["ner"] == "fake-ner" and models["ner_fr"] == "fake-fr"

    def test_lazy_recognizer_loads_on_its_first_article_only(self) -> None:
        """English articles leave the French model unloaded; the first French article loads it, once."""
        loads: list[str] = []

        def load() -> FakeEntities:
            loads.append("fr")
            return _french()

        lazy = LazyExtractor("fake-fr", frozenset({"fr"}), load)
        pipeline = Pipeline(enrichments([FakeEntities(), lazy], FakeTopics()), LANGUAGES)
        pipeline.process([raw(body="Ministers met in Geneva on Tuesday.")])
        assert lazy.loaded is None
        pipeline.process([raw(body=FRENCH)])
        pipeline.process([raw(body=FRENCH)])
        assert loads == ["fr"]


@pytest.fixture(scope="module")
def french() -> SpacyEntityExtractor:
    return SpacyEntityExtractor("fr_core_news_sm")


class TestLazyLoadFailure:
    def test_failed_load_is_retried_once_a_minute_not_per_article(self) -> None:
        """A load that fails raises for each article, but the load itself runs again only after RETRY_AFTER_S."""
        now, tries = [0.0], []

        def load() -> FakeEntities:
            tries.append(now[0])
            raise OSError("model files missing")

        lazy = LazyExtractor("fake-fr", frozenset({"fr"}), load, clock=lambda: now[0])
        for at in (0.0, 1.0, 59.0, RETRY_AFTER_S + 1):
            now[0] = at
            with pytest.raises((OSError, ConfigurationError), match="model files missing"):
                lazy.extract([("", FRENCH)])
        assert tries == [0.0, RETRY_AFTER_S + 1]

    def test_articles_of_a_model_that_cannot_load_are_dead_lettered(self) -> None:
        """The other articles of the batch are published, the French one dead-lettered; one load was tried."""
        tries: list[str] = []

        def load() -> FakeEntities:
            tries.append("fr")
            raise OSError("model files missing")

        broken = LazyExtractor("fake-fr", frozenset({"fr"}), load)
        pipeline = Pipeline(enrichments([FakeEntities(), broken], FakeTopics()), LANGUAGES)
        english, french = pipeline.process([raw(body="Ministers met in Geneva on Tuesday."), raw(body=FRENCH)])
        assert english.article is not None
        assert french.error is not None and french.article is None
        assert tries == ["fr"]


class TestFrenchModel:
    """fr_core_news_sm as installed from deploy/requirements-model.txt."""

    ARTICLE = (
        "Le président Emmanuel Macron a reçu lundi le chancelier allemand Olaf Scholz à Paris.",
        "Les deux dirigeants ont parlé de la Banque centrale européenne et de l'avenir de Renault.\n\n"
        "Macron a ensuite pris l'avion pour Marseille.",
    )

    def test_labels_are_the_english_types(self, french: SpacyEntityExtractor) -> None:
        """PER becomes PERSON and LOC goes through the place rules as a GPE; a surname joins the full name."""
        [found] = french.extract([self.ARTICLE])
        types = {e.name: e.type for e in found}
        assert types["Emmanuel Macron"] == types["Olaf Scholz"] == "PERSON"
        assert types["Paris"] == types["Marseille"] == "GPE"
        assert types["Banque centrale européenne"] == "ORG"
        assert "Macron" not in types
        assert {e.type for e in found} <= {"PERSON", "ORG", "GPE", "LOC", "MISC", "NORP", "EVENT"}

    def test_reads_french_only(self, french: SpacyEntityExtractor) -> None:
        """Known by its language and version, as articles' producer and provenance name it."""
        assert french.languages == frozenset({"fr"}) and french.name == "fr_core_news_sm-3.8.0"

    def test_lazy_knows_name_and_language_without_loading(self) -> None:
        """lazily() reads the package's meta.json only; the model loads on the first article."""
        lazy = lazily("fr_core_news_sm")
        assert (lazy.name, lazy.languages, lazy.loaded) == ("fr_core_news_sm-3.8.0", frozenset({"fr"}), None)

    def test_missing_model_fails_at_start(self) -> None:
        """A pipeline that is not installed is a ConfigurationError when the service starts, not on an article."""
        with pytest.raises(ConfigurationError, match="cannot load spaCy model"):
            lazily("xx_no_such_pipeline")


class TestWiring:
    def test_service_reads_french_by_default(self) -> None:
        """build_pipeline: fr_core_news_sm is named in the producer beside the English recognizer."""
        pipeline = build_pipeline(Settings(enrich_topics=False), Metrics())
        assert pipeline.produced_by.models["ner_fr"] == "fr_core_news_sm-3.8.0"
        assert pipeline.produced_by.models["ner"].startswith("en_")

    def test_other_entity_models_can_be_left_out(self) -> None:
        """NEWSWIRE_OTHER_ENTITY_MODELS empty: French articles are skipped like any other language."""
        pipeline = build_pipeline(Settings(enrich_topics=False, other_entity_models=""), Metrics())
        assert "ner_fr" not in pipeline.produced_by.models
        [outcome] = pipeline.process([raw(body=FRENCH + " " + FRENCH, title="Réunion des ministres à Genève")])
        assert outcome.article is not None and outcome.article.language == "fr"
        assert "entities_skipped: no entity model for language fr" in outcome.article.warnings


class TestBracketedSet:
    def test_marks_become_spans_of_the_plain_text(self) -> None:
        """`[TYPE text]` marks are removed and each gives the span of its text."""
        line = bracketed.sentence("Le [ORG PSG] bat l'[ORG OM] à [LOC Marseille].")
        assert line.text == "Le PSG bat l'OM à Marseille."
        assert [(line.text[a:b], kind) for a, b, kind in line.spans] == [
            ("PSG", "ORG"),
            ("OM", "ORG"),
            ("Marseille", "LOC"),
        ]

    def test_a_broken_mark_is_an_error(self) -> None:
        """A mark with an unknown type or no closing bracket is not read as text."""
        with pytest.raises(ValueError, match="unreadable mark"):
            bracketed.sentence("Le [PERSON Macron] parle.")

    def test_the_french_set_reads_whole(self) -> None:
        """The hand-annotated French stories: twelve documents, each with a headline and entities."""
        docs = list(bracketed.read_documents(bracketed.FRENCH_HANDMADE))
        assert len(docs) == 12 and all(len(d) >= 5 and any(s.spans for s in d) for d in docs)
