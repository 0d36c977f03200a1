"""`newswire inspect` in a real headless browser, over what the service published on a real broker."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from lxml import html as lxml_html

from tests.conftest import ROOT, raw, sample_lines
from tests.integration.kafka_helpers import Service, Topics, free_port, wait_for

pytestmark = pytest.mark.integration

BROWSER = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
SCRIPT_TITLE = "<script>document.title='owned'</script> Ministers meet in Oslo"
SCRIPT_BODY = "<script>alert('body')</script> Angela Merkel met Emmanuel Macron in Berlin on Monday."


def _browser(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Headless Chromium with a profile of its own; as root it needs --no-sandbox."""
    assert BROWSER is not None
    flags = ["--headless", "--disable-gpu", "--hide-scrollbars", f"--user-data-dir={tmp_path / 'profile'}"]
    if os.geteuid() == 0:
        flags.append("--no-sandbox")
    return subprocess.run([BROWSER, *flags, *args], capture_output=True, text=True, timeout=120, check=True)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as reply:
            return bool(reply.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@pytest.mark.skipif(
    BROWSER is None, reason="no headless browser: `make deps-system` installs Debian's chromium as root"
)
def test_the_page_marks_entities_and_shows_scripts_as_text(topics: Topics, tmp_path: Path) -> None:
    """Loaded in Chromium: entity mentions are marks of their type, a <script> title and body are
    text (no script element, the title unchanged), dead letters are grouped; a screenshot is saved."""
    hostile = raw(url="https://news.example.com/oslo", title=SCRIPT_TITLE, body=SCRIPT_BODY)
    topics.produce([*sample_lines(), hostile, b"\x00<script>x</script>"])
    service = Service(topics.env(), tmp_path / "service.log")
    try:
        out = topics.read(topics.output, expected=len(sample_lines()))
        topics.read(topics.dlq, expected=2)
    finally:
        assert service.stop() == 0, service.log()
    published = next(json.loads(r.value) for r in out if json.loads(r.value)["title"] == SCRIPT_TITLE)
    people = {
        published["body"][m["start"] : m["end"]]
        for ent in published["entities"]
        if ent["type"] == "PERSON"
        for m in ent["mentions"]
        if m["field"] == "body"
    }
    assert people, "the recognizer found the people the page should mark"

    port = free_port()
    env = {**os.environ, **topics.env()}
    with (tmp_path / "inspect.log").open("wb") as log:
        viewer = subprocess.Popen(
            [sys.executable, "-m", "newswire.cli", "inspect", "--port", str(port)], env=env, stdout=log, stderr=log
        )
        try:
            url = f"http://127.0.0.1:{port}/"
            wait_for(lambda: viewer.poll() is None and _answers(url), 60, "the inspect page")
            dom = lxml_html.fromstring(_browser(tmp_path, "--dump-dom", url).stdout)
            screenshot = tmp_path / "inspect.png"
            _browser(tmp_path, "--window-size=1400,1800", f"--screenshot={screenshot}", url)
            lookup = lxml_html.fromstring(_browser(tmp_path, "--dump-dom", f"{url}?q={published['id']}").stdout)
        finally:
            viewer.terminate()
            viewer.wait(timeout=30)
    (ROOT / "build").mkdir(exist_ok=True)
    shutil.copy(screenshot, ROOT / "build" / "inspect.png")  # kept for a look after the run

    assert not dom.xpath("//script"), "no script element: every text was escaped"
    assert dom.xpath("string(//title)") == "newswire inspect"
    card = dom.xpath(f"//article[@id='a-{published['id']}']")[0]
    assert card.xpath("string(.//h3)") == SCRIPT_TITLE
    assert "<script>alert('body')</script>" in card.xpath("string(.//div[@class='body'])")
    marked = {m.text for m in card.xpath(".//div[@class='body']/mark[contains(@class, 'ent-PERSON')]")}
    assert marked == people
    assert card.xpath(".//div[@class='body']/mark/@title")[0].startswith("PERSON: ")
    groups = [s.text_content() for s in dom.xpath("//section[@id='dead-letters']//summary")]
    assert "validate / not_json: 1" in groups and "normalize / empty_body: 1" in groups
    assert "·<script>x</script>" in dom.xpath("string(//section[@id='dead-letters'])")
    assert [a.xpath("string(.//h3)") for a in lookup.xpath("//section[@id='articles']/article")] == [SCRIPT_TITLE]
    assert screenshot.stat().st_size > 10_000


def test_a_missing_topic_is_named_before_serving(topics: Topics) -> None:
    """No output topic: one clear line and exit 1, before any page is served."""
    env = {**os.environ, **topics.env(NEWSWIRE_OUTPUT_TOPIC=f"{topics.prefix}.nowhere")}
    cmd = [sys.executable, "-m", "newswire.cli", "inspect", "--port", "0"]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1
    last = json.loads(done.stderr.splitlines()[-1])  # NEWSWIRE_LOG_FORMAT=json: the fatal line
    assert (last["reason"], last["exit_code"]) == (f"topic {topics.prefix}.nowhere does not exist", 1)
