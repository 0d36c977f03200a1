"""The pipeline: validate -> normalize -> enrich, for a batch of record values."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from functools import partial
from typing import TypeVar

from pydantic import ValidationError

from newswire import __version__, failures
from newswire.contracts import CRAWLER_ID, INPUT_SCHEMA_ID, Article, ProducedBy, RawArticle
from newswire.errors import ErrorCode, RecordError, Stage
from newswire.pipeline.draft import Draft
from newswire.pipeline.enrich.chain import Enrichment
from newswire.pipeline.learned import DuplicateIndex, Fingerprint, LearnedBoilerplate, SharedState
from newswire.pipeline.normalize import fingerprint, normalize, urls
from newswire.pipeline.normalize.language import LanguageIdentifier
from newswire.pipeline.validate import Limits, read_record, summarize

WORDS_PER_MINUTE = 230
#: The article's fields a draft holds under the same name, copied as they are.
_FROM_DRAFT = [name for name in Article.model_fields if name in {f.name for f in fields(Draft)} - {"source"}]
T = TypeVar("T")

#: Called with (step, seconds) after each step of each batch; metrics plug in here. A step is a Stage's value.
StageTimer = Callable[[str, float], None]


@dataclass(frozen=True)
class Outcome:
    """What became of one record: an article, or the reason it could not be one."""

    article: Article | None = None
    error: RecordError | None = None
    unsupported_language: bool = False
    #: A copy the drop-duplicates policy keeps out of the output: `article` says what it was, nothing is published.
    dropped: bool = False
    #: Enrichments ("entities", "topics") no model of the article's language could give it.
    skipped: tuple[str, ...] = ()


def _no_timer(_step: str, _seconds: float) -> None:
    return None


class Pipeline:
    """Turns record values into Outcomes; pure apart from the models it is given.

    `enrichments` run in order on each batch (pipeline.enrich.chain); an article in a language none of
    them reads is published without, and says so."""

    def __init__(
        self,
        enrichments: Sequence[Enrichment],
        languages: LanguageIdentifier,
        limits: Limits | None = None,
        timer: StageTimer = _no_timer,
        *,
        duplicates: DuplicateIndex | None = None,
        boilerplate: LearnedBoilerplate | None = None,
        drop_duplicates: bool = False,
    ) -> None:
        self.duplicates = duplicates
        self.drop_duplicates = drop_duplicates
        self.boilerplate = boilerplate
        #: Learned state shared with other replicas through the stream edge.
        self.state: list[SharedState] = [t for t in (duplicates, boilerplate) if t is not None]
        self._enrichments = list(enrichments)
        self._languages = languages
        self._limits = limits or Limits()
        self._timer = timer
        self._fingerprint = fingerprint.Fingerprinter()
        named = [item for stage in self._enrichments for item in stage.models.items()]
        models = dict(sorted(named, key=lambda item: "_" in item[0]))  # a language's own models (ner_fr) last
        self.produced_by = ProducedBy(pipeline=f"newswire-{__version__}", models=models)

    def process(self, values: Sequence[bytes | None]) -> list[Outcome]:
        """Process one batch; the result has one Outcome per value, in order."""
        drafts: list[Draft | RecordError] = []
        started = time.perf_counter()
        validating = 0.0
        for value in values:
            try:
                before = time.perf_counter()
                raw, schema_id = failures.step(
                    Stage.VALIDATE, ErrorCode.INTERNAL, partial(read_record, value, self._limits)
                )
                validating += time.perf_counter() - before
                drafts.append(self._normalize(raw, schema_id))
            except RecordError as exc:
                drafts.append(exc)
        self._timer(Stage.VALIDATE, validating)
        self._timer(Stage.NORMALIZE, time.perf_counter() - started - validating)
        started = time.perf_counter()
        ready = [d for d in drafts if isinstance(d, Draft)]
        try:
            failures.step(Stage.ENRICH, ErrorCode.ENRICHMENT_FAILED, lambda: self._enrich(ready))
        except RecordError:
            # One poisonous article must not sink its batch: enrich one by one to find it.
            drafts = [self._enrich_alone(d) if isinstance(d, Draft) else d for d in drafts]
        self._timer(Stage.ENRICH, time.perf_counter() - started)
        started = time.perf_counter()
        outcomes = [Outcome(error=d) if isinstance(d, RecordError) else self._finish_one(d) for d in drafts]
        self._timer(Stage.ARTICLE, time.perf_counter() - started)
        return outcomes

    def _finish_one(self, draft: Draft) -> Outcome:
        """The article, or the record's dead letter when what was built breaks the article contract."""
        try:
            return self._finish(draft)
        except ValidationError as exc:
            return Outcome(error=failures.building_failed(exc, summarize(exc)))
        except Exception as exc:
            return Outcome(error=failures.building_failed(exc))

    def commit(self) -> None:
        """The last batch's output is durable: what it learned now counts for later batches."""
        for table in self.state:
            table.commit()

    def abort(self) -> None:
        """The last batch's output was discarded and will be redone: forget what it learned."""
        for table in self.state:
            table.abort()

    def _normalize(self, raw: RawArticle, schema_id: int | None) -> Draft:
        def run() -> Draft:
            draft = normalize(_draft(raw, schema_id), self._languages)
            if self.boilerplate is not None:
                draft = self.boilerplate.strip(draft, urls.article_id(draft.canonical_url))
            return draft

        return failures.step(Stage.NORMALIZE, ErrorCode.EXTRACTION_FAILED, run)

    def _enrich(self, drafts: list[Draft]) -> None:
        # Each model sees only the languages it was trained on; other articles go without, never dead.
        for stage in self._enrichments:
            stage.enrich(drafts)

    def _enrich_alone(self, draft: Draft) -> Draft | RecordError:
        try:
            failures.step(Stage.ENRICH, ErrorCode.ENRICHMENT_FAILED, lambda: self._enrich([draft]))
        except RecordError as exc:
            return exc
        return draft

    def _finish(self, d: Draft) -> Outcome:
        # Provenance and warnings say which model read the article for each enrichment, or why none did.
        skipped = tuple(name for stage in self._enrichments if (name := stage.note(d)) is not None)
        body = d.body
        words = len(body.split())
        fingerprints = self._fingerprint.paragraphs(d.paragraphs)  # of the body, its paragraphs joined
        seen = Fingerprint(urls.article_id(d.canonical_url), *fingerprints, d.fetched_at.timestamp())
        article = Article(
            **{name: getattr(d, name) for name in _FROM_DRAFT},
            **d.enriched,
            id=seen.article_id,
            source=d.source[:256],
            body=body,
            word_count=words,
            reading_time_seconds=round(words * 60 / WORDS_PER_MINUTE),
            content_hash=seen.content_hash,
            simhash=seen.simhash,
            producer=self.produced_by,
        )
        if self.duplicates is not None:  # only once the article is valid: a dead letter is no one's original
            article = article.model_copy(update={"duplicate_of": self.duplicates.observe(seen)})
        enriched = frozenset().union(*(stage.languages for stage in self._enrichments))  # none when all are off
        return Outcome(
            article=article,
            unsupported_language=bool(enriched) and d.language not in enriched,
            dropped=self.drop_duplicates and bool(article.duplicate_of),
            skipped=skipped,
        )


def _draft(raw: RawArticle, schema_id: int | None) -> Draft:
    from datetime import UTC

    # A Confluent frame's schema id stays with the article: which registered schema the crawler wrote.
    # So does the crawler's own id of the record, which is how a crawler finds its article again.
    kept = {INPUT_SCHEMA_ID: None if schema_id is None else str(schema_id), CRAWLER_ID: raw.id}
    provenance = {name: value for name, value in kept.items() if value is not None}
    return Draft(raw=raw, url=raw.url, fetched_at=raw.fetched_at.astimezone(UTC), provenance=provenance)
