"""The `newswire` command as users run it: a real process, real files, stdin and stdout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SAMPLES, canonical_link, raw


def newswire(
    *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "newswire.cli", *args],
        input=stdin,
        capture_output=True,
        timeout=300,
        check=False,
        env={**os.environ, **(env or {})},
    )


class TestProcess:
    def test_an_article_over_the_output_limit_is_a_dead_letter(self, tmp_path: Path) -> None:
        """process checks each article's size as the service does: over NEWSWIRE_MAX_OUTPUT_BYTES, a dead letter."""
        out, dlq = tmp_path / "articles.jsonl", tmp_path / "dead.jsonl"
        lean = {"NEWSWIRE_ENRICH_ENTITIES": "false", "NEWSWIRE_ENRICH_TOPICS": "false"}
        env = {"NEWSWIRE_MAX_OUTPUT_BYTES": "1024", **lean}
        result = newswire("process", str(SAMPLES), "-o", str(out), "--dead-letter", str(dlq), env=env)
        assert result.returncode == 0, result.stderr.decode()
        letters = [json.loads(line) for line in dlq.read_text().splitlines()]
        assert {letter["error_code"] for letter in letters} == {"output_too_large", "empty_body"}
        assert all(len(line.encode()) <= 1024 for line in out.read_text().splitlines())

    def test_samples_to_articles_and_dead_letters(self, tmp_path: Path) -> None:
        """Articles go to the output file; the failed line goes to the dead-letter file with its reason."""
        out, dlq = tmp_path / "articles.jsonl", tmp_path / "dead.jsonl"
        result = newswire("process", str(SAMPLES), "-o", str(out), "--dead-letter", str(dlq))
        assert result.returncode == 0, result.stderr.decode()
        articles = [json.loads(line) for line in out.read_text().splitlines()]
        assert len(articles) == 6
        assert all(a["schema"] == "newswire.article.v1" for a in articles)
        original, copy = [a for a in articles if a["title"].startswith("Chipmaker")]
        assert copy["duplicate_of"] == original["id"] and original["duplicate_of"] is None
        [letter] = [json.loads(line) for line in dlq.read_text().splitlines()]
        assert (letter["line"], letter["error_code"]) == (7, "empty_body")
        assert b"articles.jsonl:7: normalize: empty_body" in result.stderr
        assert b"published 6, dead letters 1" in result.stderr

    def test_copies_are_dropped_when_the_setting_says_so(self, tmp_path: Path) -> None:
        """NEWSWIRE_DROP_DUPLICATES=true: the copy is counted and not written; the story's first article is."""
        out = tmp_path / "articles.jsonl"
        result = newswire("process", str(SAMPLES), "-o", str(out), env={"NEWSWIRE_DROP_DUPLICATES": "true"})
        assert result.returncode == 0, result.stderr.decode()
        articles = [json.loads(line) for line in out.read_text().splitlines()]
        [original] = [a for a in articles if a["title"].startswith("Chipmaker")]
        assert len(articles) == 5 and original["duplicate_of"] is None
        assert b"published 5, copies dropped 1, dead letters 1" in result.stderr

    def test_stdin_to_stdout(self) -> None:
        """`-` reads stdin and writes stdout; logs stay on stderr, so stdout is pure JSON Lines."""
        result = newswire("process", "-", "-o", "-", stdin=raw() + b"\n" + b"{not json\n")
        assert result.returncode == 0, result.stderr.decode()
        [article] = [json.loads(line) for line in result.stdout.splitlines()]
        assert article["title"] == "Ministers meet in Geneva"
        assert b"-:2: validate: not_json" in result.stderr

    def test_a_bad_line_never_stops_the_run(self, tmp_path: Path) -> None:
        """Each line gets its outcome and the run goes on past lines that once ended it."""
        lines = [
            raw(url="https://news.example.com/a/1"),
            canonical_link("https://news.example.com/?q=" + "é" * 1500, url="https://news.example.com/a/2"),
            b"{not json",
            canonical_link("https://news.example.com:99999/x", url="https://news.example.com/a/3"),
            raw(url="http://[news.example.com/a/4"),
            raw(url="https://news.example.com/a/5"),
        ]
        source, out, dlq = tmp_path / "in.jsonl", tmp_path / "out.jsonl", tmp_path / "dlq.jsonl"
        source.write_bytes(b"\n".join(lines) + b"\n")
        result = newswire("process", str(source), "-o", str(out), "--dead-letter", str(dlq), "--batch-size", "2")
        assert result.returncode == 0, result.stderr.decode()
        urls = [json.loads(line)["url"] for line in out.read_text().splitlines()]
        assert urls == [f"https://news.example.com/a/{i}" for i in (1, 2, 3, 5)]
        letters = [json.loads(line) for line in dlq.read_text().splitlines()]
        assert [(x["line"], x["error_code"]) for x in letters] == [(3, "not_json"), (5, "schema_invalid")]
        assert b"published 4, dead letters 2" in result.stderr and b"Traceback" not in result.stderr

    def test_missing_input_is_a_clear_error(self, tmp_path: Path) -> None:
        """A file that does not exist is named, without a traceback."""
        result = newswire("process", str(tmp_path / "nope.jsonl"), "-o", "-")
        assert result.returncode == 1
        assert b"cannot read" in result.stderr and b"Traceback" not in result.stderr


class TestSchemas:
    def test_repository_schemas_are_current(self) -> None:
        """`newswire schemas` exits 0 when schemas/ matches the models."""
        root = Path(__file__).resolve().parents[2]
        assert newswire("schemas", str(root / "schemas")).returncode == 0


class TestStrictSettings:
    def test_run_stops_on_a_misspelt_setting(self) -> None:
        """`newswire run` with NEWSWIRE_BATCHSIZE set exits 2 before connecting, naming it and the closest settings."""
        result = newswire("run", env={"NEWSWIRE_BATCHSIZE": "500", "NEWSWIRE_LOG_FORMAT": "console"})
        assert result.returncode == 2, result.stderr.decode()
        assert b"NEWSWIRE_BATCHSIZE is not a newswire setting (did you mean" in result.stderr
        assert b"NEWSWIRE_BATCH_MAX_RECORDS" in result.stderr

    def test_the_tools_variables_do_not_stop_a_command(self) -> None:
        """kafka.sh's and make's own NEWSWIRE_* variables, set as `make test` and `make eval` do, are let through."""
        tools = {"NEWSWIRE_KAFKA_HOME": "/nowhere", "NEWSWIRE_CHAOS": "full", "NEWSWIRE_DATA": "/data"}
        result = newswire("schemas", str(ROOT / "schemas"), env=tools)
        assert result.returncode == 0, result.stderr.decode()
