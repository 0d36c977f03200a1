"""Settings come from NEWSWIRE_* variables and refuse unsafe combinations."""

from __future__ import annotations

import re
import subprocess

import pytest
from pydantic import ValidationError

from newswire.cli import main
from newswire.config import LEAN_BATCH, TOOLING, Settings, unknown_variables
from newswire.stream.clients import connection
from tests.conftest import ROOT


class TestSettings:
    def test_environment_overrides_defaults(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Every setting is read from its NEWSWIRE_ variable."""
        monkeypatch.setenv("NEWSWIRE_INPUT_TOPIC", "in")
        monkeypatch.setenv("NEWSWIRE_REPLICA_ID", "r1")
        monkeypatch.setenv("NEWSWIRE_GROUP_ID", "g")
        settings = Settings()
        assert settings.input_topic == "in"
        assert settings.transactional_id == "g-r1"

    def test_credentials_are_never_sent_in_plain_text(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """SASL over PLAINTEXT is refused unless explicitly allowed."""
        monkeypatch.setenv("NEWSWIRE_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
        monkeypatch.setenv("NEWSWIRE_SASL_MECHANISM", "SCRAM-SHA-512")
        monkeypatch.setenv("NEWSWIRE_SASL_USERNAME", "u")
        monkeypatch.setenv("NEWSWIRE_SASL_PASSWORD", "p")
        with pytest.raises(ValidationError, match="plain text"):
            Settings()

    def test_lists_are_split_without_spaces(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """`a:1, b:2,` is two servers: spaces around the commas and an empty last item are dropped."""
        monkeypatch.setenv("NEWSWIRE_KAFKA_BOOTSTRAP_SERVERS", " broker-1:9092, broker-2:9092 ,")
        assert connection(Settings())["bootstrap_servers"] == ["broker-1:9092", "broker-2:9092"]

    def test_topic_limits_follow_the_service_limits(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """`newswire topics` sizes each topic from the settings: input from what is accepted, the rest produced."""
        from newswire.commands.topics import MAX_MESSAGE_BYTES, Replication, wanted_topics
        from newswire.stream.records import HEADER_ROOM

        monkeypatch.setenv("NEWSWIRE_MAX_RECORD_BYTES", "4000000")
        monkeypatch.setenv("NEWSWIRE_MAX_OUTPUT_BYTES", "2000000")
        limits = {w.topic.name: w.least.get(MAX_MESSAGE_BYTES) for w in wanted_topics(Settings(), 3, Replication(1, 1))}
        assert limits == {
            "news.raw.v1": 4_000_000 + HEADER_ROOM,
            "news.articles.v1": 2_000_000 + HEADER_ROOM,
            "news.raw.v1.dlq": 2_000_000 + HEADER_ROOM,
            "news.state.v1": None,
        }

    def test_password_is_secret(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The password never appears in the settings' repr."""
        monkeypatch.setenv("NEWSWIRE_SECURITY_PROTOCOL", "SASL_SSL")
        monkeypatch.setenv("NEWSWIRE_SASL_MECHANISM", "SCRAM-SHA-512")
        monkeypatch.setenv("NEWSWIRE_SASL_USERNAME", "u")
        monkeypatch.setenv("NEWSWIRE_SASL_PASSWORD", "hunter2")
        settings = Settings()
        assert "hunter2" not in repr(settings)
        assert connection(settings)["sasl_plain_password"] == "hunter2"


class TestBatchSize:
    def test_with_enrichment_on_the_batch_is_the_setting(self) -> None:
        """Either enrichment on: batches of batch_max_records, its default or as set."""
        assert Settings(enrich_topics=False).batch_records == 64
        assert Settings(batch_max_records=10).batch_records == 10

    def test_with_both_enrichments_off_batches_are_larger_unless_set(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Both off: LEAN_BATCH records a batch, unless NEWSWIRE_BATCH_MAX_RECORDS says otherwise."""
        monkeypatch.setenv("NEWSWIRE_ENRICH_ENTITIES", "false")
        monkeypatch.setenv("NEWSWIRE_ENRICH_TOPICS", "false")
        assert Settings().batch_records == LEAN_BATCH > 64
        monkeypatch.setenv("NEWSWIRE_BATCH_MAX_RECORDS", "64")
        assert Settings().batch_records == 64


class TestCli:
    def test_run_help_lists_every_setting(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`newswire run --help` names each environment variable with its default."""
        with pytest.raises(SystemExit):
            main(["run", "--help"])
        out = capsys.readouterr().out
        for name in Settings.model_fields:
            assert f"NEWSWIRE_{name.upper()}" in out
        assert "news.raw.v1" in out

    def test_invalid_setting_is_a_clear_error(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A bad value exits with status 2 and names the setting."""
        monkeypatch.setenv("NEWSWIRE_BATCH_MAX_RECORDS", "0")
        assert main(["schemas"]) == 2
        assert "batch_max_records" in capsys.readouterr().err

    def test_invalid_settings_never_echo_the_password(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A refused combination says why without printing the values it was given."""
        monkeypatch.setenv("NEWSWIRE_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
        monkeypatch.setenv("NEWSWIRE_SASL_MECHANISM", "SCRAM-SHA-512")
        monkeypatch.setenv("NEWSWIRE_SASL_USERNAME", "u")
        monkeypatch.setenv("NEWSWIRE_SASL_PASSWORD", "hunter2secret")
        assert main(["schemas"]) == 2
        err = capsys.readouterr().err
        assert "plain text" in err
        assert "hunter2secret" not in err


class TestUnknownVariables:
    def test_a_misspelt_setting_is_refused_with_the_closest_names(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """NEWSWIRE_BATCHSIZE is no setting: reading settings fails, naming it and the settings it resembles."""
        monkeypatch.setenv("NEWSWIRE_BATCHSIZE", "500")
        with pytest.raises(ValidationError, match=r"NEWSWIRE_BATCHSIZE is not a newswire setting \(did you mean") as e:
            Settings()
        assert "NEWSWIRE_BATCH_MAX_RECORDS" in str(e.value)

    def test_the_command_exits_2_naming_it(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Any command that reads settings stops with status 2 and one line saying what to use instead."""
        monkeypatch.setenv("NEWSWIRE_LOGLEVEL", "DEBUG")
        assert main(["schemas"]) == 2
        err = capsys.readouterr().err
        assert "NEWSWIRE_LOGLEVEL is not a newswire setting (did you mean NEWSWIRE_LOG_LEVEL?)" in err

    def test_every_unknown_variable_is_named_and_far_ones_get_no_guess(self) -> None:
        """Each unknown variable has its message; a name like none of them points at --help instead."""
        problems = unknown_variables({"NEWSWIRE_XYZ": "1", "newswire_loglevel": "x", "HOME": "/root"})
        assert problems == [
            "NEWSWIRE_XYZ is not a newswire setting (`newswire run --help` lists them)",
            "newswire_loglevel is not a newswire setting (did you mean NEWSWIRE_LOG_LEVEL?)",
        ]

    def test_settings_in_any_case_and_the_tools_variables_are_accepted(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Settings are read regardless of case; kafka.sh's, make's and the tests' variables are let through."""
        monkeypatch.setenv("newswire_group_id", "lower")
        for name in TOOLING:
            monkeypatch.setenv(name, "1")
        assert Settings().group_id == "lower"

    def test_every_variable_the_repository_sets_or_reads_is_known(self) -> None:
        """Each NEWSWIRE_* name in the code, Makefiles, deploy files and tests is a setting or a tool's
        variable (the tests of this check excepted: they make names up)."""
        listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=False)
        if listed.returncode:
            pytest.skip("not a git checkout: no list of the repository's files")
        made_up = {"tests/unit/test_config.py", "tests/e2e/test_cli.py"}
        found = {
            name: path
            for path in listed.stdout.split()
            if path not in made_up and re.search(r"(\.(py|sh|mk|yaml|yml|toml|env|example)|Makefile|Dockerfile)$", path)
            for name in re.findall(r"\bNEWSWIRE_[A-Z0-9_]*[A-Z0-9]\b", (ROOT / path).read_text(errors="replace"))
        }
        assert len(found) > 20
        problems = unknown_variables(dict.fromkeys(found, ""))
        assert not problems, [f"{found[p.split()[0]]}: {p}" for p in problems]
