"""Model loading and language support at the enrichment ports."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from newswire.contracts import Entity, Mention
from newswire.errors import ConfigurationError
from newswire.pipeline import Pipeline
from newswire.pipeline.enrich.chain import enrichments
from newswire.pipeline.enrich.entities import SpacyEntityExtractor
from newswire.pipeline.enrich.media_topics.model import LinearMediaTopicClassifier
from newswire.pipeline.enrich.media_topics.model.encoder import SentenceEncoder
from tests.conftest import FakeTopics
from tests.unit.fakes import FakeLanguages


class FakeExtractor:
    name = "fake-ner"
    languages = frozenset({"en"})

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    def extract(self, docs: Sequence[tuple[str, str]]) -> list[list[Entity]]:
        self.seen += docs
        one = Entity(
            name="X",
            type="ORG",
            mentions=[Mention(field="body", start=0, end=1)],
            count=1,
            salience=1.0,
        )
        return [[one] for _ in docs]


def _raw(body: str) -> bytes:
    return json.dumps(
        {
            "url": "https://news.example.org/a",
            "content_type": "text/plain",
            "title": "T",
            "body": body,
            "fetched_at": "2024-05-01T10:00:00+00:00",
        }
    ).encode()


class TestStartUp:
    def test_missing_spacy_model_is_a_configuration_error(self, tmp_path: Path) -> None:
        """A model path that does not exist fails at construction, naming the model."""
        with pytest.raises(ConfigurationError, match="cannot load spaCy model"):
            SpacyEntityExtractor(str(tmp_path / "no-such-model"))

    def test_missing_topic_model_is_a_configuration_error(self, tmp_path: Path) -> None:
        """An empty model directory fails at load, not on the first article."""
        with pytest.raises(ConfigurationError, match="cannot load topic model"):
            LinearMediaTopicClassifier.load(tmp_path)


class TestLanguages:
    def test_unsupported_language_gets_neither_entities_nor_topics(self) -> None:
        """A German article is not sent to English models and is flagged."""
        extractor = FakeExtractor()
        german = (
            "Die Bundesregierung hat am Mittwoch in Berlin neue Regeln für die Wirtschaft beschlossen. "
            "Der Minister sagte, die Maßnahmen würden den Unternehmen helfen und die Preise senken."
        )
        (outcome,) = Pipeline(enrichments(extractor, FakeTopics()), FakeLanguages({"Die": "de"})).process(
            [_raw(german)]
        )
        assert outcome.article is not None
        assert outcome.article.language == "de"
        assert outcome.unsupported_language
        assert outcome.article.entities == []
        assert outcome.article.topics == []
        assert extractor.seen == []

    def test_supported_language_gets_entities(self) -> None:
        """An English article goes through the recognizer."""
        english = (
            "The government said on Wednesday that new rules for companies would take effect next year, "
            "and the minister told reporters that prices should fall as a result."
        )
        (outcome,) = Pipeline(enrichments(FakeExtractor(), FakeTopics()), FakeLanguages()).process([_raw(english)])
        assert outcome.article is not None
        assert not outcome.unsupported_language
        assert [e.name for e in outcome.article.entities] == ["X"]


class TestTopicBackOff:
    def _confident_politics_model(self) -> LinearMediaTopicClassifier:
        """A toy model that always says politics with 99% confidence."""
        import numpy as np

        from newswire.pipeline.enrich.media_topics.model.features import N_FEATURES, Vectorizer
        from newswire.pipeline.enrich.media_topics.model.heads import Head

        width = N_FEATURES + 2
        vectorizer = Vectorizer(np.ones(N_FEATURES, dtype=np.float32), ["unused"], np.zeros((1, 2), dtype=np.float32))
        full = Head(
            ["medtop:11000000", "medtop:04000000"], np.zeros((2, width), dtype=np.float32), np.array([5.0, 0.0])
        )
        core = Head(["medtop:04000000"], np.zeros((1, width), dtype=np.float32), np.array([0.0]))
        return LinearMediaTopicClassifier(vectorizer, full, core, "toy-1")

    def test_overwhelming_evidence_for_an_untrained_topic_ranks_first(self) -> None:
        """A storm story is weather first, however sure the model is of a topic it was trained on."""
        title = "Storm brings heavy rain, snow and wind warnings"
        body = "Forecasters expect the storm to bring rain and snow, strong wind and falling temperatures."
        [topics] = self._confident_politics_model().classify([(title, body)])
        assert topics[0].code == "medtop:17000000"

    def test_weak_evidence_leaves_the_model_first(self) -> None:
        """A passing mention of rain does not displace the model's topic."""
        [topics] = self._confident_politics_model().classify([("Ministers meet", "Talks went on despite the rain.")])
        assert topics[0].code == "medtop:11000000"


class TestTopicEmbeddingHeads:
    POLITICS, BUSINESS, SPORT = "medtop:11000000", "medtop:04000000", "medtop:15000000"

    def _model(self, mix: float = 0.5) -> LinearMediaTopicClassifier:
        """Word heads with no opinion; embedding heads that read 'rates' as business and 'goal' as sport."""
        import numpy as np
        from tokenizers import Tokenizer
        from tokenizers.models import WordLevel
        from tokenizers.pre_tokenizers import Whitespace

        from newswire.pipeline.enrich.media_topics.model.features import N_FEATURES, TokenEmbedder, Vectorizer
        from newswire.pipeline.enrich.media_topics.model.heads import EmbeddingHeads, Head

        tokenizer = Tokenizer(WordLevel({"[UNK]": 0, "rates": 1, "goal": 2}, unk_token="[UNK]"))
        tokenizer.pre_tokenizer = Whitespace()
        embedder = TokenEmbedder(tokenizer.to_str(), np.array([[0, 0], [1, 0], [0, 1]], dtype=np.float16))
        width = N_FEATURES + 2
        vectorizer = Vectorizer(np.ones(N_FEATURES, dtype=np.float32), ["unused"], np.zeros((1, 2), dtype=np.float32))
        classes, core_classes = [self.POLITICS, self.BUSINESS, self.SPORT], [self.BUSINESS, self.SPORT]
        full = Head(classes, np.zeros((3, width), dtype=np.float32), np.array([0.1, 0.0, 0.0], dtype=np.float32))
        core = Head(core_classes, np.zeros((2, width), dtype=np.float32), np.zeros(2, dtype=np.float32))
        emb_full = Head(classes, np.array([[0, 0], [9, 0], [0, 9]], dtype=np.float32), np.zeros(3, dtype=np.float32))
        emb_core = Head(core_classes, np.array([[9, 0], [0, 9]], dtype=np.float32), np.zeros(2, dtype=np.float32))
        embedding = EmbeddingHeads(embedder, emb_full, emb_core, mix)
        return LinearMediaTopicClassifier(vectorizer, full, core, "toy-1", embedding=embedding)

    def test_embedding_heads_decide_when_the_word_heads_have_no_opinion(self) -> None:
        model = self._model()
        [rates], [goal] = model.classify([("Bank moves", "rates rates")]), model.classify([("Late", "goal")])
        assert rates[0].code == self.BUSINESS
        assert goal[0].code == self.SPORT

    def test_an_article_without_known_tokens_gets_the_word_heads_alone(self) -> None:
        scores = self._model().scores("Nothing", "known here")
        assert max(scores, key=scores.__getitem__) == self.POLITICS

    def test_save_and_load_keep_the_embedding_heads(self, tmp_path: Path) -> None:
        from newswire_tools.train.media_topics import save

        model = self._model()
        save(model, tmp_path, {"toy": 1})
        loaded = LinearMediaTopicClassifier.load(tmp_path)
        for doc in (("Bank moves", "rates"), ("Late", "goal"), ("Nothing", "known")):
            assert loaded.scores(*doc) == pytest.approx(model.scores(*doc), abs=1e-3)

    def test_a_model_without_token_embeddings_is_a_configuration_error(self, tmp_path: Path) -> None:
        from newswire_tools.train.media_topics import save

        save(self._model(), tmp_path, {"toy": 1})
        (tmp_path / "token_vectors.npz").unlink()
        with pytest.raises(ConfigurationError, match="cannot load topic model"):
            LinearMediaTopicClassifier.load(tmp_path)

    def test_embedding_heads_must_share_the_word_heads_classes(self) -> None:
        from newswire.pipeline.enrich.media_topics.model.heads import EmbeddingHeads

        model = self._model()
        assert model._embedding is not None
        bad = EmbeddingHeads(model._embedding.embedder, model._core, model._embedding.core, 0.5)
        with pytest.raises(ValueError, match="classes differ"):
            LinearMediaTopicClassifier(model._vectorizer, model._full, model._core, "toy-1", embedding=bad)


def _tiny_encoder(tmp_path: Path) -> SentenceEncoder:
    """A real ONNX encoder over a 5-word vocabulary: each position's output is its token's vector
    plus the sum of the article's vectors, so the [CLS] output reads the whole article."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    from tokenizers import Tokenizer
    from tokenizers.models import WordLevel
    from tokenizers.pre_tokenizers import Whitespace
    from tokenizers.processors import TemplateProcessing

    vocab = {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "rates": 4, "goal": 5}
    tokenizer = Tokenizer(WordLevel(vocab, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = Whitespace()
    tokenizer.post_processor = TemplateProcessing(single="[CLS] $A [SEP]", special_tokens=[("[CLS]", 2), ("[SEP]", 3)])
    table = np.zeros((6, 2), dtype=np.float32)
    table[4], table[5] = (1, 0), (0, 1)
    nodes = [
        helper.make_node("Gather", ["table", "input_ids"], ["vectors"]),
        helper.make_node("Cast", ["attention_mask"], ["mask_f"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["mask_f", "last_axis"], ["mask3"]),
        helper.make_node("Mul", ["vectors", "mask3"], ["kept"]),
        helper.make_node("ReduceSum", ["kept", "token_axis"], ["total"], keepdims=1),
        helper.make_node("Add", ["kept", "total"], ["last_hidden_state"]),
    ]
    graph = helper.make_graph(
        nodes,
        "tiny",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["b", "n"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["b", "n"]),
        ],
        [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["b", "n", 2])],
        [
            numpy_helper.from_array(table, "table"),
            numpy_helper.from_array(np.array([2], dtype=np.int64), "last_axis"),
            numpy_helper.from_array(np.array([1], dtype=np.int64), "token_axis"),
        ],
    )
    path = tmp_path / "tiny.onnx"
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8), str(path))
    return SentenceEncoder(path, tokenizer.to_str())


class TestSentenceEncoder:
    def test_vectors_are_unit_rows_in_the_order_given(self, tmp_path: Path) -> None:
        """Batches are sorted by length inside; the rows come back in the caller's order."""
        import numpy as np

        vectors = _tiny_encoder(tmp_path).encode([("Late", "goal goal goal"), ("Bank", "rates"), ("x", "")])
        assert vectors.shape == (3, 2)
        assert vectors[0] == pytest.approx([0, 1])
        assert vectors[1] == pytest.approx([1, 0])
        assert np.linalg.norm(vectors, axis=1) == pytest.approx([1, 1, 0])

    def test_a_long_article_is_cut_to_the_token_bound(self, tmp_path: Path) -> None:
        from newswire.pipeline.enrich.media_topics.model.encoder import MAX_TOKENS

        encoder = _tiny_encoder(tmp_path)
        assert len(encoder._tokenizer.encode(encoder.text("t", "goal " * 100_000)).ids) == MAX_TOKENS
        assert encoder.encode([("t", "goal " * 100_000)]).shape == (1, 2)

    def test_a_file_that_is_not_onnx_is_a_value_error(self, tmp_path: Path) -> None:
        encoder = _tiny_encoder(tmp_path)
        (tmp_path / "bad.onnx").write_bytes(b"not a model")
        with pytest.raises(ValueError, match="bad encoder model"):
            SentenceEncoder(tmp_path / "bad.onnx", encoder.tokenizer_json)


class TestTopicSecondOpinion:
    POLITICS, BUSINESS, SPORT = TestTopicEmbeddingHeads.POLITICS, TestTopicEmbeddingHeads.BUSINESS, "medtop:15000000"

    class CountingEncoder:
        """Reads 'rates' as (1, 0) and 'goal' as (0, 1); records what it was asked."""

        def __init__(self) -> None:
            self.asked: list[tuple[str, str]] = []

        def encode(self, docs: Sequence[tuple[str, str]]) -> object:
            import numpy as np

            self.asked += docs
            rows = [[1.0, 0.0] if "rates" in b else [0.0, 1.0] if "goal" in b else [0.6, 0.8] for _, b in docs]
            return np.array(rows, dtype=np.float32).reshape(len(docs), 2)

    def _model(self, encoder: object, politics_bias: float, unsure: float = 0.8) -> LinearMediaTopicClassifier:
        """Word heads leaning to politics (not a core topic) by `politics_bias`, with no opinion between
        the core topics; encoder heads with no opinion; a memory in which 'rates' articles are business
        and 'goal' articles sport."""
        import numpy as np

        from newswire.pipeline.enrich.media_topics.model.features import N_FEATURES, Vectorizer
        from newswire.pipeline.enrich.media_topics.model.heads import Head
        from newswire.pipeline.enrich.media_topics.model.second_opinion import SecondOpinion

        width = N_FEATURES + 2
        vectorizer = Vectorizer(np.ones(N_FEATURES, dtype=np.float32), ["unused"], np.zeros((1, 2), dtype=np.float32))
        classes, core_classes = [self.POLITICS, self.BUSINESS, self.SPORT], [self.BUSINESS, self.SPORT]
        bias = np.array([politics_bias, 0.0, 0.0], dtype=np.float32)
        full = Head(classes, np.zeros((3, width), dtype=np.float32), bias)
        core = Head(core_classes, np.zeros((2, width), dtype=np.float32), np.zeros(2, dtype=np.float32))
        enc_full = Head(classes, np.zeros((3, 2), dtype=np.float32), np.zeros(3, dtype=np.float32))
        enc_core = Head(core_classes, np.zeros((2, 2), dtype=np.float32), np.zeros(2, dtype=np.float32))
        memory = np.array([[1, 0], [0.99, 0.14], [0, 1]], dtype=np.float32)
        labels = np.array([0, 0, 1], dtype=np.int64)  # index into core_classes
        second = SecondOpinion(encoder, enc_full, enc_core, memory, labels)
        self.told: list[int] = []  # what the model reports of each batch's second opinions
        return LinearMediaTopicClassifier(
            vectorizer, full, core, "toy-1", second=second, unsure=unsure, on_second_opinion=self.told.append
        )

    def test_a_sure_article_never_reaches_the_encoder(self) -> None:
        encoder = self.CountingEncoder()
        model = self._model(encoder, politics_bias=9.0)
        [topics] = model.classify([("Bank moves", "rates rates")])
        assert topics[0].code == self.POLITICS
        assert encoder.asked == [] and self.told == []

    def test_a_threshold_above_one_sends_every_article_to_the_encoder(self) -> None:
        """`unsure` is the model's own: above any probability, even a sure article takes the second opinion."""
        encoder = self.CountingEncoder()
        model = self._model(encoder, politics_bias=9.0, unsure=2.0)
        model.classify([("Bank moves", "rates rates")])
        assert encoder.asked == [("Bank moves", "rates rates")] and self.told == [1]

    def test_unsure_articles_are_split_by_their_neighbours(self) -> None:
        """Only the unsure articles are encoded, in one call; the memory's labels split the core share."""
        encoder = self.CountingEncoder()
        model = self._model(encoder, politics_bias=-0.5)
        rates, goal = ("Bank moves", "rates"), ("Late", "goal")
        ranked = model.classify([rates, goal])
        assert [t[0].code for t in ranked] == [self.BUSINESS, self.SPORT]
        assert encoder.asked == [rates, goal] and self.told == [2]

    def test_the_vote_never_moves_mass_off_a_topic_it_does_not_know(self) -> None:
        """Politics, outside the memory's topics, keeps its probability: the vote only splits the rest."""
        import math

        model = self._model(self.CountingEncoder(), politics_bias=1.5)
        [probs] = model.probabilities([("Bank moves", "rates")])
        politics, business, sport = probs
        word_politics = math.exp(1.5) / (math.exp(1.5) + 2)
        assert politics == pytest.approx((word_politics + 1 / 3) / 2, abs=1e-4)  # encoder heads: no opinion
        assert business == pytest.approx(3 * sport, rel=0.01)  # core head 50/50, neighbours business: 75/25
        assert self.told == [1]
        assert model.classify([("Bank moves", "rates")])[0][0].code == self.POLITICS

    def test_neighbours_vote_by_similarity(self) -> None:
        """The vote is a softmax over similarity: the nearest label wins even when outnumbered."""
        import numpy as np

        from newswire.pipeline.enrich.media_topics.model.heads import Head
        from newswire.pipeline.enrich.media_topics.model.second_opinion import SecondOpinion

        core = Head(["a", "b"], np.zeros((2, 2)), np.zeros(2))
        memory = np.array([[1, 0], [0.8, 0.6], [0.8, 0.6]], dtype=np.float32)
        second = SecondOpinion(None, core, core, memory, np.array([0, 1, 1]))
        votes = second.votes(np.array([1, 0], dtype=np.float32))
        assert votes[0] > 0.99 and votes.sum() == pytest.approx(1)
        assert second.votes(np.zeros(2, dtype=np.float32)) is None

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            ({"labels": [0]}, "one label per memory row"),
            ({"labels": [0, 0, 2]}, "index the core head's classes"),
            ({"memory": [[1, 0, 0]] * 3}, "differ in width"),
        ],
    )
    def test_a_second_opinion_that_cannot_work_is_refused(self, change: dict[str, object], message: str) -> None:
        import numpy as np

        model = self._model(self.CountingEncoder(), 0.0)
        assert model._second is not None
        bad = model._second._replace(**{k: np.array(v) for k, v in change.items()})
        with pytest.raises(ValueError, match=message):
            LinearMediaTopicClassifier(model._vectorizer, model._full, model._core, "toy-1", second=bad)

    def _saved(self, tmp_path: Path) -> LinearMediaTopicClassifier:
        """An unsure model with embedding heads and a real ONNX encoder, saved to tmp_path/model."""
        from newswire_tools.train.media_topics import save

        word = TestTopicEmbeddingHeads()._model()
        unsure = self._model(_tiny_encoder(tmp_path), politics_bias=-0.5)
        model = LinearMediaTopicClassifier(
            word._vectorizer, unsure._full, unsure._core, "toy-1", embedding=word._embedding, second=unsure._second
        )
        save(model, tmp_path / "model", {"toy": 1})
        # the toy encoder travels with the model (a shipped model reads the fetched, pinned one)
        encoder = _tiny_encoder(tmp_path)
        (tmp_path / "model" / "encoder.onnx").write_bytes(encoder.onnx_path.read_bytes())
        (tmp_path / "model" / "encoder_tokenizer.json").write_text(encoder.tokenizer_json, encoding="utf-8")
        return model

    def test_save_and_load_keep_the_second_opinion(self, tmp_path: Path) -> None:
        """With a real ONNX encoder, a loaded model decides the unsure articles as the saved one did."""
        model = self._saved(tmp_path)
        told: list[int] = []
        loaded = LinearMediaTopicClassifier.load(tmp_path / "model", on_second_opinion=told.append)
        assert loaded._second is not None and loaded._second.labels.tolist() == [0, 0, 1]
        docs = [("Bank moves", "rates"), ("Late", "goal"), ("Nothing", "known")]
        assert [t[0].code for t in loaded.classify(docs)] == [t[0].code for t in model.classify(docs)]
        assert told == [3]
        for doc in docs:
            assert loaded.scores(*doc) == pytest.approx(model.scores(*doc), abs=1e-3)

    def test_the_service_counts_second_opinions_in_its_metrics(self, tmp_path: Path) -> None:
        """The service's pipeline reports each unsure article on newswire_topic_second_opinions_total."""
        from newswire.bootstrap import build_pipeline
        from newswire.config import Settings
        from newswire.observability.metrics import Metrics
        from tests.conftest import raw

        self._saved(tmp_path)
        metrics = Metrics()
        pipeline = build_pipeline(Settings(topic_model=str(tmp_path / "model")), metrics)
        outcomes = pipeline.process([raw(), raw(title="Bank raises rates"), b"not json"])
        assert [o.article is not None for o in outcomes] == [True, True, False]
        assert metrics.registry.get_sample_value("newswire_topic_second_opinions_total") == 2

    def test_the_builder_passes_its_threshold_to_the_loaded_model(self, tmp_path: Path) -> None:
        """build_pipeline's media_topic_unsure reaches the model: at 0.0 no article is unsure."""
        from newswire.bootstrap import build_pipeline
        from newswire.config import Settings
        from newswire.observability.metrics import Metrics
        from tests.conftest import raw

        self._saved(tmp_path)
        metrics = Metrics()
        pipeline = build_pipeline(Settings(topic_model=str(tmp_path / "model")), metrics, media_topic_unsure=0.0)
        assert pipeline.process([raw(), raw(title="Bank raises rates")])[1].article is not None
        assert metrics.registry.get_sample_value("newswire_topic_second_opinions_total") == 0

    def test_a_broken_encoder_file_is_a_configuration_error(self, tmp_path: Path) -> None:
        self._saved(tmp_path)
        (tmp_path / "model" / "encoder.onnx").write_bytes(b"truncated")
        with pytest.raises(ConfigurationError, match=r"cannot load topic model.*bad encoder model"):
            LinearMediaTopicClassifier.load(tmp_path / "model")

    def test_a_memory_of_the_wrong_width_is_a_configuration_error(self, tmp_path: Path) -> None:
        """Refused at start-up, not on the first unsure article."""
        import numpy as np

        self._saved(tmp_path)
        from newswire.models import store

        store.save(tmp_path / "model" / "memory.npz", np.ones((3, 5), dtype=np.float16))
        with pytest.raises(ConfigurationError, match="the encoder gives 2-d vectors"):
            LinearMediaTopicClassifier.load(tmp_path / "model")
