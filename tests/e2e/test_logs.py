"""With NEWSWIRE_LOG_FORMAT=json every line on stderr is one JSON object: newswire's events, the
libraries' (kafka-python, Python warnings) and the last line of a fatal exit, which says why and
with which exit code."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
import structlog

from newswire import cli
from newswire.commands import schemas as schemas_command
from newswire.observability import logs
from tests.integration.kafka_helpers import free_port


def newswire(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    import os

    full = {k: v for k, v in os.environ.items() if not k.startswith("NEWSWIRE_")}
    full |= {"NEWSWIRE_LOG_FORMAT": "json", **env}
    command = [sys.executable, "-m", "newswire.cli", *args]
    return subprocess.run(command, env=full, capture_output=True, text=True, timeout=120, check=False)


def json_lines(stderr: str) -> list[dict[str, Any]]:
    """Every line of stderr as JSON; fails on the first line that is not."""
    lines = stderr.splitlines()
    assert lines, "nothing was logged"
    return [json.loads(line) for line in lines]


class TestFatalExit:
    def test_is_one_json_line_with_reason_and_exit_code(self) -> None:
        """A command that cannot go on ends with one `fatal` line; its exit code is the one logged."""
        result = newswire("process", "/nonexistent/input.jsonl", "-o", "-")
        [line] = json_lines(result.stderr)
        assert (line["event"], line["level"], line["exit_code"]) == ("fatal", "critical", result.returncode)
        assert result.returncode == 1
        assert "cannot read /nonexistent/input.jsonl" in line["reason"]
        assert line["error_class"] == "ConfigurationError"

    def test_invalid_settings_exit_2_without_echoing_values(self) -> None:
        """Settings that cannot be read give exit code 2 and name the setting, not its value."""
        result = newswire("process", "-", "-o", "-", NEWSWIRE_BATCH_MAX_RECORDS="not-a-number-xyz")
        [line] = json_lines(result.stderr)
        assert line["exit_code"] == result.returncode == 2
        assert "batch_max_records" in line["reason"] and "xyz" not in line["reason"]

    def test_kafka_pythons_own_lines_are_json_too(self) -> None:
        """kafka-python's warnings about an unreachable broker are JSON lines, then the fatal line."""
        result = newswire(
            "topics", NEWSWIRE_KAFKA_BOOTSTRAP_SERVERS=f"127.0.0.1:{free_port()}", NEWSWIRE_CALL_TIMEOUT_S="3"
        )
        lines = json_lines(result.stderr)
        assert any(line["logger"].startswith("kafka") for line in lines), result.stderr
        assert lines[-1]["event"] == "fatal" and lines[-1]["exit_code"] == result.returncode == 1


@pytest.fixture
def configured() -> Iterator[None]:
    """logs.configure() in this process, undone afterwards."""
    root = logging.getLogger()
    handlers, level, hook = root.handlers[:], root.level, threading.excepthook
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    threading.excepthook = hook
    logging.captureWarnings(False)
    structlog.reset_defaults()


@pytest.mark.usefixtures("configured")
class TestInProcess:
    def test_an_internal_error_is_exit_70_with_its_traceback_inside_the_line(
        self, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
    ) -> None:
        """A bug ends the process with one JSON line (the traceback a field of it) and exit code 70."""

        def broken(*_args: object) -> int:
            raise KeyError("surprise")

        monkeypatch.setenv("NEWSWIRE_LOG_FORMAT", "json")
        monkeypatch.setattr(schemas_command, "schemas", broken)
        assert cli.main(["schemas"]) == 70
        [line] = json_lines(capfd.readouterr().err)
        assert (line["event"], line["exit_code"], line["error_class"]) == ("fatal", 70, "KeyError")
        assert "Traceback" in line["exception"] and "surprise" in line["exception"]

    def test_warnings_and_thread_errors_are_json(self, capfd: pytest.CaptureFixture[str]) -> None:
        """Python warnings and an error ending a thread come out as JSON lines, not raw text."""
        logs.configure("json")
        with warnings.catch_warnings():
            warnings.simplefilter("always")  # the suite turns warnings into errors; here one is shown
            warnings.warn("a library is deprecated", DeprecationWarning, stacklevel=1)

        def fail() -> None:
            raise RuntimeError("thread broke")

        thread = threading.Thread(target=fail, name="sender")
        thread.start()
        thread.join()
        lines = json_lines(capfd.readouterr().err)
        assert any(line["logger"] == "py.warnings" and "deprecated" in line["event"] for line in lines)
        [failed] = [line for line in lines if line["event"] == "thread_failed"]
        assert failed["thread"] == "sender" and "thread broke" in failed["exception"]
