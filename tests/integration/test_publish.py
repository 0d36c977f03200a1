"""`newswire publish` on a real broker: folders, stdin, rejects, --strict, the summary."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newswire.pipeline.normalize.urls import article_id, clean_url
from tests.conftest import raw
from tests.integration.kafka_helpers import Topics

pytestmark = pytest.mark.integration


def _publish(topics: Topics, *args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[str]:
    """The CLI as a crawler operator runs it (the autouse fixture already cleared NEWSWIRE_*)."""
    return subprocess.run(
        [sys.executable, "-m", "newswire.cli", "publish", *args],
        input=stdin.decode(),
        env={**os.environ, **topics.env()},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


class TestFolders:
    def test_documents_with_sidecars_and_flags_are_published_and_bad_ones_reported(
        self, topics: Topics, tmp_path: Path
    ) -> None:
        """Sidecar and flag metadata both work; bad files are named and skipped; keys are ids."""
        (tmp_path / "a.html").write_text("<html><body><p>Ministers met in Geneva.</p></body></html>")
        (tmp_path / "a.json").write_text(
            json.dumps(
                {
                    "url": "https://news.example.com/a",
                    "fetched_at": "2024-01-18T10:00:00Z",
                    "title": "A",
                }
            )
        )
        (tmp_path / "sub").mkdir()
        (tmp_path / "sub" / "b.txt").write_text("Ministers met in Geneva on Tuesday.")
        (tmp_path / "bad.txt").write_bytes(b"caf\xe9")
        (tmp_path / "broken.html").write_text("<p>x</p>")
        (tmp_path / "broken.json").write_text("{")
        done = _publish(
            topics,
            "--url-prefix",
            "https://dump.example.org/",
            "--fetched-at",
            "now",
            str(tmp_path),
        )
        assert done.returncode == 0, done.stderr
        assert f"{tmp_path / 'bad.txt'}: not_utf8" in done.stderr
        assert f"{tmp_path / 'broken.json'}: not_json" in done.stderr
        assert "sent 2, rejected 2," in done.stderr
        records = topics.read(topics.input, expected=2)
        by_url = {json.loads(r.value)["url"]: r for r in records}
        assert set(by_url) == {"https://news.example.com/a", "https://dump.example.org/sub/b.txt"}
        for url, record in by_url.items():
            assert record.key.decode() == article_id(clean_url(url))
        assert json.loads(by_url["https://dump.example.org/sub/b.txt"].value)["content_type"] == "text/plain"

    def test_documents_without_url_or_time_are_rejected_with_the_missing_fields(
        self, topics: Topics, tmp_path: Path
    ) -> None:
        """No sidecar and no flags: schema_invalid naming url and fetched_at; exit 1."""
        (tmp_path / "c.txt").write_text("Text without metadata.")
        done = _publish(topics, str(tmp_path))
        assert done.returncode == 1
        line = next(x for x in done.stderr.splitlines() if x.startswith(str(tmp_path / "c.txt")))
        assert "schema_invalid" in line
        assert "url" in line
        assert "fetched_at" in line


class TestLines:
    def test_stdin_lines_are_validated_and_invalid_ones_reported_with_their_line(self, topics: Topics) -> None:
        """`-` reads stdin; a bad line is reported as -:LINE, skipped; the summary counts bytes."""
        good = [raw(url=f"https://news.example.com/s/{i}") for i in range(3)]
        stdin = b"\n".join([good[0], b'{"url": ', good[1], b"", good[2]]) + b"\n"
        done = _publish(topics, "--progress", "-", stdin=stdin)
        assert done.returncode == 0, done.stderr
        assert "-:2: not_json" in done.stderr
        assert f"sent 3, rejected 1, {sum(len(g) for g in good)} bytes" in done.stderr
        assert "records/s" in done.stderr
        assert len(topics.read(topics.input, expected=3)) == 3

    def test_strict_sends_nothing_when_any_record_is_invalid(self, topics: Topics, tmp_path: Path) -> None:
        """--strict: every invalid line is reported, none of the valid ones is sent; exit code 2."""
        path = tmp_path / "in.jsonl"
        lines = [raw(url="https://news.example.com/1"), b"[]", raw(url="https://news.example.com/3"), b"{"]
        path.write_bytes(b"\n".join(lines))
        done = _publish(topics, "--strict", str(path))
        assert done.returncode == 2
        assert f"{path}:2: not_object" in done.stderr and f"{path}:4: not_json" in done.stderr
        assert "sent 0, rejected 2: nothing sent (--strict)" in done.stderr
        # a marker sent after the refused file is the first record the topic holds
        assert _publish(topics, "-", stdin=raw(url="https://news.example.com/marker")).returncode == 0
        [record] = topics.read(topics.input, expected=1)
        assert json.loads(record.value)["url"] == "https://news.example.com/marker"

    def test_strict_reads_a_pipe_once_and_sends_it_whole(self, topics: Topics, tmp_path: Path) -> None:
        """A named pipe (as from `<(crawler)`) cannot be read twice; --strict copies it aside first."""
        import threading

        pipe = tmp_path / "feed"
        os.mkfifo(pipe)
        good = [raw(url=f"https://news.example.com/p/{i}") for i in range(3)]
        writer = threading.Thread(target=pipe.write_bytes, args=(b"\n".join(good) + b"\n",), daemon=True)
        writer.start()
        done = _publish(topics, "--strict", str(pipe))
        writer.join(timeout=10)
        assert done.returncode == 0, done.stderr
        assert "sent 3, rejected 0" in done.stderr
        assert len(topics.read(topics.input, expected=3)) == 3

    def test_strict_sends_valid_stdin_after_checking_it(self, topics: Topics) -> None:
        """Standard input, read twice under --strict, is sent whole when it is all valid."""
        good = [raw(url=f"https://news.example.com/s/{i}") for i in range(3)]
        done = _publish(topics, "--strict", "-", stdin=b"\n".join(good) + b"\n")
        assert done.returncode == 0, done.stderr
        assert "sent 3, rejected 0" in done.stderr
        urls = [json.loads(r.value)["url"] for r in topics.read(topics.input, expected=3)]
        assert sorted(urls) == [f"https://news.example.com/s/{i}" for i in range(3)]
