"""`newswire publish` inputs: folders of documents with sidecars, JSON Lines, flag defaults."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newswire.commands.sources import Defaults, Item, read_inputs
from newswire.errors import ConfigurationError, ErrorCode
from tests.conftest import raw


def _records(items: list[Item]) -> dict[str, dict[str, object]]:
    return {Path(i.where).name: json.loads(i.value) for i in items if not i.error}


class TestFolders:
    def test_sidecar_metadata_wins_over_flags_and_the_file_is_the_body(self, tmp_path: Path) -> None:
        """url and fetched_at from NAME.json beat --url-prefix/--fetched-at; file is the body."""
        (tmp_path / "a.html").write_text("<p>Hello</p>")
        (tmp_path / "a.json").write_text(json.dumps({"url": "https://x.example/a", "title": "A", "body": "no"}))
        defaults = Defaults.from_args("https://dump.example", None, "2024-01-01T00:00:00Z")
        [item] = read_inputs([str(tmp_path)], defaults)
        record = json.loads(item.value)
        assert record == {
            "content_type": "text/html",
            "url": "https://x.example/a",
            "title": "A",
            "fetched_at": "2024-01-01T00:00:00Z",
            "body": "<p>Hello</p>",
        }

    def test_flags_fill_in_url_from_the_relative_path_and_type_from_the_extension(self, tmp_path: Path) -> None:
        """No sidecar: URL is prefix + quoted relative path; .txt is text/plain, .htm text/html."""
        (tmp_path / "sub").mkdir()
        (tmp_path / "sub" / "my story.txt").write_text("Text")
        (tmp_path / "b.htm").write_text("<p>B</p>")
        records = _records(list(read_inputs([str(tmp_path)], Defaults.from_args("https://d.example/", None, "now"))))
        assert records["my story.txt"]["url"] == "https://d.example/sub/my%20story.txt"
        assert records["my story.txt"]["content_type"] == "text/plain"
        assert records["b.htm"]["content_type"] == "text/html"
        assert str(records["b.htm"]["fetched_at"]).endswith("+00:00")

    def test_content_type_flag_overrides_the_extension(self, tmp_path: Path) -> None:
        """--content-type text/plain for a folder of .html files that are really text dumps."""
        (tmp_path / "c.html").write_text("Plain")
        [item] = read_inputs([str(tmp_path)], Defaults(content_type="text/plain"))
        assert json.loads(item.value)["content_type"] == "text/plain"

    def test_bad_documents_and_sidecars_become_located_errors(self, tmp_path: Path) -> None:
        """Non-UTF-8 documents and broken sidecars are errors naming the file; others still come."""
        (tmp_path / "bad.txt").write_bytes(b"caf\xe9")
        (tmp_path / "broken.html").write_text("<p/>")
        (tmp_path / "broken.json").write_text("{")
        (tmp_path / "list.txt").write_text("x")
        (tmp_path / "list.json").write_text("[]")
        (tmp_path / "ok.txt").write_text("fine")
        items = list(read_inputs([str(tmp_path)], Defaults()))
        errors = {Path(i.where).name: i.error.code for i in items if i.error}
        assert errors == {
            "bad.txt": ErrorCode.NOT_UTF8,
            "broken.json": ErrorCode.NOT_JSON,
            "list.json": ErrorCode.NOT_OBJECT,
        }
        assert set(_records(items)) == {"ok.txt"}

    def test_json_lines_in_a_folder_are_read_and_other_files_ignored(self, tmp_path: Path) -> None:
        """.jsonl files are read line by line with FILE:LINE; images and notes are skipped."""
        (tmp_path / "batch.jsonl").write_bytes(raw() + b"\n\n" + raw(title="Two") + b"\n")
        (tmp_path / "logo.png").write_bytes(b"\x89PNG")
        wheres = [Path(i.where).name for i in read_inputs([str(tmp_path)], Defaults())]
        assert wheres == ["batch.jsonl:1", "batch.jsonl:3"]


class TestDefaults:
    def test_now_is_resolved_once_with_an_offset(self) -> None:
        """`now` becomes one aware timestamp for the whole run."""
        assert Defaults.from_args(None, None, "now").fetched_at.endswith("+00:00")  # type: ignore[union-attr]

    @pytest.mark.parametrize("value", ["yesterday", "2024-01-01T10:00:00"])
    def test_unusable_fetched_at_stops_before_anything_is_read(self, value: str) -> None:
        """Not RFC 3339, or without an offset: a configuration error, not 1000 rejected files."""
        with pytest.raises(ConfigurationError, match="--fetched-at"):
            Defaults.from_args(None, None, value)
