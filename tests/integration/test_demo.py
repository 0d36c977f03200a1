"""deploy/demo.sh, the main job `make demo` runs, end to end on the real broker."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

DEMO = Path(__file__).resolve().parents[2] / "deploy" / "demo.sh"


def test_demo_ends_by_itself_and_shows_articles_dead_letter_and_one_article(bootstrap: str) -> None:
    """Six articles (one a flagged copy), one dead letter with its reason, and a readable article."""
    done = subprocess.run(
        ["bash", str(DEMO)],
        env={**os.environ, "PY": sys.executable, "NEWSWIRE_KAFKA_BOOTSTRAP_SERVERS": bootstrap},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    out = done.stdout
    assert "6 records from" in done.stderr and "1 records from" in done.stderr  # counts go to stderr
    assert "copy-of=" in out
    assert "DEAD LETTER offset" in out and "empty_body" in out
    article = out.split("== first article (its first 60 lines)\n", 1)[1]
    assert '"schema": "newswire.article.v1"' in article
    assert len(article.splitlines()) == 60  # a long article is cut to a view
    with pytest.raises(json.JSONDecodeError):
        json.loads(article)  # truncated on purpose: it is a view, not the record
