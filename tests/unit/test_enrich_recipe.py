"""The recipe for a new enrichment (docs/development.md, Recipes) holds: a stage, one line in the
chain, the contract field and the switch are all it takes."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from pydantic import Field, create_model

from newswire.config import LEAN_BATCH, Settings
from newswire.contracts import Article
from newswire.errors import ErrorCode, Stage
from newswire.pipeline import Pipeline, stages
from newswire.pipeline.draft import Draft
from newswire.pipeline.enrich.chain import Enrichment, enrichments
from tests.conftest import FakeEntities, FakeTopics, raw
from tests.unit.fakes import FakeLanguages

ROOT = Path(__file__).resolve().parents[2]


class Mood:
    """The recipe's module: a stage that writes its field into each draft's `enriched`."""

    models: Mapping[str, str] = {"mood": "mood-1"}
    languages: frozenset[str] = frozenset()

    def enrich(self, drafts: Sequence[Draft]) -> None:
        for draft in drafts:
            draft.enriched["mood"] = "calm" if "agreed" in draft.body else "tense"

    def note(self, draft: Draft) -> str | None:
        return None


class MoodSettings(Settings):
    """The recipe's switch, as config.py would hold it."""

    enrich_mood: bool = Field(True, description="The article's mood.")


def _chain(settings: MoodSettings) -> list[Enrichment]:
    """The chain as bootstrap.build_pipeline assembles it, with the recipe's one line added."""
    entities, topics, tags = enrichments(FakeEntities(), FakeTopics())
    return [entities, topics, *([Mood()] if settings.enrich_mood else []), tags]


class TestNewEnrichment:
    def test_the_field_reaches_the_article_once_the_contract_has_it(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Nothing in the draft or the pipeline changes: the stage's field is published as written."""
        mood = (str | None, Field(default=None, description="The article's mood."))
        monkeypatch.setattr(stages, "Article", create_model("MoodArticle", __base__=Article, mood=mood))
        [outcome] = Pipeline(_chain(MoodSettings()), FakeLanguages()).process([raw()])
        assert outcome.article is not None
        assert outcome.article.model_dump()["mood"] == "calm"
        assert outcome.article.producer.models["mood"] == "mood-1"

    def test_without_the_contract_field_every_article_is_a_dead_letter(self) -> None:
        """A field the contract does not know is refused, never dropped in silence."""
        [outcome] = Pipeline(_chain(MoodSettings()), FakeLanguages()).process([raw()])
        assert outcome.article is None and outcome.error is not None
        assert (outcome.error.stage, outcome.error.code) == (Stage.ARTICLE, ErrorCode.ARTICLE_INVALID)
        assert "mood" in outcome.error.message

    def test_switched_off_the_stage_is_left_out(self) -> None:
        """The recipe's line honours the switch: the article is what it was without the enrichment."""
        settings = MoodSettings(enrich_mood=False)
        [outcome] = Pipeline(_chain(settings), FakeLanguages()).process([raw()])
        [plain] = Pipeline(enrichments(FakeEntities(), FakeTopics()), FakeLanguages()).process([raw()])
        assert outcome.article is not None and outcome.article == plain.article

    def test_the_lean_batch_size_reads_the_new_switch_unchanged(self) -> None:
        """With every other enrichment off, the new one alone keeps batches at their enriching size."""
        off = {"enrich_entities": False, "enrich_topics": False}
        assert MoodSettings(**off).batch_records == Settings().batch_max_records
        assert MoodSettings(**off, enrich_mood=False).batch_records == LEAN_BATCH


class TestRecipesInTheDocs:
    def test_each_recipe_names_at_most_four_files_and_each_exists(self) -> None:
        """docs/development.md's recipes list the files they touch; none lists more than four."""
        text = (ROOT / "docs/development.md").read_text(encoding="utf-8")
        recipes = re.findall(r"^- \*\*A new [^*]+\*\*.*?(?=^- |^#|\Z)", text, re.MULTILINE | re.DOTALL)
        assert len(recipes) == 3
        for recipe in recipes:
            files = set(re.findall(r"`([^`]+)`", recipe.split("Files:")[1]))
            assert 0 < len(files) <= 4, recipe
            for name in files:
                assert (ROOT / name).exists() or "NAME" in name, name
