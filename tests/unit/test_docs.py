"""The README and docs/ stay short, current and linked: lengths, links, the settings table, the sample."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from setuptools import build_meta

from newswire import settings_table
from newswire.contracts import Article
from newswire.pipeline import Pipeline
from newswire.pipeline.enrich.chain import enrichments
from newswire.pipeline.normalize.urls import article_id
from tests.conftest import ROOT, FakeEntities, FakeTopics, sample_lines
from tests.unit.fakes import FakeLanguages

README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").glob("*.md")), ROOT / "services/newswire_tools/train/MODEL_CARD.md"]
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


def _sample_block() -> str:
    block = re.search(r"```json\n(\{\n \"schema\".*?\n\})\n```", README.read_text(encoding="utf-8"), flags=re.S)
    assert block, "no sample article in the README"
    return block.group(1)


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
        article = Article.model_validate(json.loads(_sample_block()))
        assert article.id == article_id(article.canonical_url)

    def test_sample_article_is_what_the_pipeline_makes_of_the_first_sample(self) -> None:
        """Every field the models do not decide is what the pipeline publishes today for that sample."""
        shown = json.loads(_sample_block())
        [outcome] = Pipeline(enrichments(FakeEntities(), FakeTopics()), FakeLanguages()).process([sample_lines()[0]])
        assert outcome.article is not None
        made = json.loads(outcome.article.model_dump_json(by_alias=True))
        enriched = {"entities", "topics", "tags", "producer", "body"}
        for article in (shown, made):  # which models read it is in provenance, under the enrichments' names
            article["provenance"] = {k: v for k, v in article["provenance"].items() if k not in enriched}
        assert {k: v for k, v in shown.items() if k not in enriched} == {
            k: v for k, v in made.items() if k not in enriched
        }
        assert made["body"].startswith(shown["body"].removesuffix("…").rstrip())


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
        current = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8") == settings_table.render()
        assert current, "run `python -m newswire.settings_table docs/settings.md`"

    def test_every_setting_is_described(self) -> None:
        """No row of the table is left without a description."""
        assert "|  |" not in settings_table.render()


class TestLicences:
    def test_licence_is_the_apache_2_text_unchanged(self) -> None:
        """LICENSE is apache.org's LICENSE-2.0.txt byte for byte (its published SHA-256)."""
        digest = hashlib.sha256((ROOT / "LICENSE").read_bytes()).hexdigest()
        assert digest == "cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30"

    def test_notice_names_every_third_party_source(self) -> None:
        """Each data set and model newswire ships, reads or learned from is attributed with its terms."""
        notice = " ".join((ROOT / "NOTICE").read_text(encoding="utf-8").split())
        for name in ("GeoNames", "iso-codes", "IPTC", "Wikidata", "lid.176", "WordLlama", "bge-small-en-v1.5"):
            assert name in notice, name
        for name in ("langchain4j", "en_core_web_sm", "CoNLL-2003", "BBC", "AG News", "HuffPost"):
            assert name in notice, name
        for terms in ("CC BY 4.0", "CC0", "CC BY-SA 3.0", "MIT", "Apache License 2.0", "research"):
            assert terms in notice, terms

    def test_the_wheel_carries_licence_and_notice(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Built packages (and so the image) hold both files beside their metadata."""
        monkeypatch.chdir(ROOT)
        info = tmp_path / build_meta.prepare_metadata_for_build_wheel(str(tmp_path))
        assert {p.name for p in (info / "licenses").iterdir()} == {"LICENSE", "NOTICE"}
