"""Scoring what the service publishes: mentions mapped back to the text a document was sent as."""

from __future__ import annotations

from newswire.pipeline import Pipeline
from newswire.pipeline.enrich.chain import enrichments
from newswire_tools.eval import published
from newswire_tools.eval.entities import TO_CONLL, score
from tests.conftest import FakeEntities, FakeTopics
from tests.unit.fakes import FakeLanguages

TEXT = "\n".join(
    [
        "ROWING - ORLA WINS AT KELSTON .",
        "KELSTON 2031-05-04",
        "Orla Brandt of Kelston won the single sculls on Sunday , her club said .",
        "Kelston 3 Marrow 2",
    ]
)


def _published(words: dict[str, str]) -> published.Published:
    [outcome] = Pipeline(enrichments(FakeEntities(words), FakeTopics()), FakeLanguages()).process(
        [published.raw_article(0, TEXT, "t")]
    )
    assert outcome.article is not None
    return published.locate(TEXT, outcome.article, TO_CONLL)


class TestLocate:
    def test_body_mentions_land_on_the_text_they_came_from(self) -> None:
        """Every line's mentions map back to their characters of the text sent, blank lines or not."""
        found = _published({"Kelston": "GPE", "Orla Brandt": "PERSON"})
        assert {TEXT[a:b] for a, b, _ in found.spans} == {"Kelston", "Orla Brandt"}
        assert {TEXT.index("Kelston 3"), TEXT.index("Orla")} <= {a for a, _, _ in found.spans}
        assert found.unmapped_paragraphs == 0

    def test_types_are_mapped_to_conll(self) -> None:
        """PERSON is scored as PER and GPE as LOC; types with no CoNLL match are left out."""
        found = _published({"Orla Brandt": "PERSON", "Marrow": "GPE", "Sunday": "DATE"})
        assert {(TEXT[a:b], t) for a, b, t in found.spans} == {("Orla Brandt", "PER"), ("Marrow", "LOC")}

    def test_a_perfect_answer_scores_one(self) -> None:
        """Scoring the mapped spans against themselves gives F1 1.0: nothing is lost in the mapping."""
        spans = _published({"Marrow": "ORG"}).spans
        assert score([spans], [spans])["ALL"] == (1.0, 1.0, 1.0)


class TestLineKinds:
    def test_headline_dateline_prose_and_table_rows(self) -> None:
        """The first line is the headline; a line is prose when it reads as a sentence."""
        assert published.line_kinds(TEXT)[1] == ["headline", "other", "prose", "other"]

    def test_recall_is_counted_per_kind_of_line(self) -> None:
        """Gold entities found on prose lines but missed on the others show as 1.0 against 0.0."""
        prose_at = TEXT.index("Orla Brandt")
        gold = {(prose_at, prose_at + 11, "PER"), (TEXT.index("Marrow"), TEXT.index("Marrow") + 6, "ORG")}
        found = {(prose_at, prose_at + 11, "PER")}
        assert published.recall_by_line([TEXT], [gold], [found]) == {"other": 0.0, "prose": 1.0}
