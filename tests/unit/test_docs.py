"""The README and docs/ stay short, current and linked: lengths, links, the settings table, the sample."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from newswire import settings_table
from newswire.contracts import Article
from newswire.pipeline.normalize.urls import article_id
from tests.conftest import ROOT

README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").glob("*.md")), ROOT / "services/newswire/train/MODEL_CARD.md"]
#: [text](target): the target up to its closing parenthesis; images and code spans are not links here.
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
FIRST_SCREEN = 60


def _anchors(page: Path) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens."""
    headings = re.findall(r"^#+ (.+)$", page.read_text(encoding="utf-8"), flags=re.M)
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in headings}


def _links(page: Path) -> list[str]:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
    return [t for t in LINK.findall(text) if not re.match(r"[a-z]+:", t)]


class TestReadme:
    def test_is_short(self) -> None:
        """A newcomer reads it in minutes: at most 250 lines."""
        assert len(README.read_text(encoding="utf-8").splitlines()) <= 250

    def test_first_screen_has_the_commands_the_settings_and_a_sample(self) -> None:
        """The two commands, the settings link and a sample article are all on the first screen."""
        first = "\n".join(README.read_text(encoding="utf-8").splitlines()[:FIRST_SCREEN])
        for needle in ("make demo", "make test", "](docs/settings.md)", '"schema": "newswire.article.v1"'):
            assert needle in first, needle

    def test_sample_article_is_a_valid_article(self) -> None:
        """The sample is a real article v1, its id the one its canonical URL gives."""
        block = re.search(r"```json\n(\{\n \"schema\".*?\n\})\n```", README.read_text(encoding="utf-8"), flags=re.S)
        assert block, "no sample article in the README"
        article = Article.model_validate(json.loads(block.group(1)))
        assert article.id == article_id(article.canonical_url)


class TestLinks:
    @pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
    def test_relative_links_resolve(self, page: Path) -> None:
        """Every relative link names a file that exists and, with #anchor, a heading in it."""
        broken = []
        for target in _links(page):
            path, _, anchor = target.partition("#")
            resolved = (page.parent / path).resolve() if path else page
            if not resolved.exists() or (anchor and resolved.suffix == ".md" and anchor not in _anchors(resolved)):
                broken.append(target)
        assert not broken, f"{page.relative_to(ROOT)}: {broken}"


class TestSettingsTable:
    def test_matches_the_settings_model(self) -> None:
        """docs/settings.md is what `python -m newswire.settings_table` writes from config.py."""
        assert (ROOT / "docs" / "settings.md").read_text(encoding="utf-8") == settings_table.render()

    def test_every_setting_is_described(self) -> None:
        """No row of the table is left without a description."""
        assert "|  |" not in settings_table.render()
