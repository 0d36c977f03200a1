"""The pipeline: validate -> normalize -> enrich, for a batch of record values."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

from pydantic import ValidationError

from newswire import __version__, failures
from newswire.contracts import INPUT_SCHEMA_ID, Article, ProducedBy, RawArticle
from newswire.errors import ErrorCode, RecordError, Stage
from newswire.pipeline.draft import Draft
from newswire.pipeline.enrich import EntityExtractor, TopicClassifier, coverage
from newswire.pipeline.enrich.tags import build_tags
from newswire.pipeline.learned import DuplicateIndex, Fingerprint, LearnedBoilerplate, SharedState
from newswire.pipeline.normalize import fingerprint, normalize, urls
from newswire.pipeline.normalize.language import LanguageIdentifier
from newswire.pipeline.validate import Limits, read_record, summarize

WORDS_PER_MINUTE = 230
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

    `entities` is one extractor or several, each reading its own languages (the first to name a language
    reads it); an article in a language none reads is published without, and says so."""

    def __init__(
        self,
        entities: EntityExtractor | Sequence[EntityExtractor],
        topics: TopicClassifier,
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
        recognizers = list(entities) if isinstance(entities, Sequence) else [entities]
        self._recognizers: dict[str, EntityExtractor] = {}
        for recognizer in recognizers:
            for language in sorted(recognizer.languages):
                self._recognizers.setdefault(language, recognizer)
        self._topics = topics
        self._languages = languages
        self._limits = limits or Limits()
        self._timer = timer
        self._fingerprint = fingerprint.Fingerprinter()
        first, *others = recognizers
        models = {"ner": first.name, "topics": topics.name}
        models |= {f"ner_{language}": r.name for r in others for language in sorted(r.languages)}
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
        readable = [d for d in drafts if d.language in self._topics.languages]
        for draft, topics in zip(readable, self._topics.classify([(d.title, d.body) for d in readable]), strict=True):
            draft.topics = topics
        for recognizer in dict.fromkeys(self._recognizers.values()):
            supported = [d for d in drafts if d.language and self._recognizers.get(d.language) is recognizer]
            if supported:  # a recognizer loaded on its first article stays unloaded until one comes
                found = recognizer.extract([(d.title, d.body) for d in supported])
                for draft, entities in zip(supported, found, strict=True):
                    draft.entities = entities
        for draft in drafts:
            build_tags(draft)

    def _enrich_alone(self, draft: Draft) -> Draft | RecordError:
        try:
            failures.step(Stage.ENRICH, ErrorCode.ENRICHMENT_FAILED, lambda: self._enrich([draft]))
        except RecordError as exc:
            return exc
        return draft

    def _note_coverage(self, d: Draft) -> tuple[str, ...]:
        """Provenance and warnings saying which model read `d` for each enrichment, or why none did."""
        recognizer = self._recognizers.get(d.language) if d.language else None
        topics = self._topics.name if d.language in self._topics.languages else None
        notes = (
            ("entities", "entity", recognizer.name if recognizer else None, bool(self._recognizers)),
            ("topics", "topic", topics, bool(self._topics.languages)),
        )
        return tuple(e for e, kind, model, on in notes if coverage.note(d, e, kind, model, enabled=on))

    def _finish(self, d: Draft) -> Outcome:
        skipped = self._note_coverage(d)
        body = d.body
        words = len(body.split())
        fingerprints = self._fingerprint.paragraphs(d.paragraphs)  # of the body, its paragraphs joined
        seen = Fingerprint(urls.article_id(d.canonical_url), *fingerprints, d.fetched_at.timestamp())
        article = Article(
            id=seen.article_id,
            url=d.url,
            canonical_url=d.canonical_url,
            source=d.source[:256],
            title=d.title,
            authors=d.authors,
            published_at=d.published_at,
            updated_at=d.updated_at,
            fetched_at=d.fetched_at,
            language=d.language,
            section=d.section,
            body=body,
            word_count=words,
            reading_time_seconds=round(words * 60 / WORDS_PER_MINUTE),
            entities=d.entities,
            topics=d.topics,
            tags=d.tags,
            provenance=d.provenance,
            content_hash=seen.content_hash,
            simhash=seen.simhash,
            warnings=d.warnings,
            producer=self.produced_by,
        )
        if self.duplicates is not None:  # only once the article is valid: a dead letter is no one's original
            article = article.model_copy(update={"duplicate_of": self.duplicates.observe(seen)})
        enriched = set(self._recognizers) | self._topics.languages  # empty when enrichment is off
        return Outcome(
            article=article,
            unsupported_language=bool(enriched) and d.language not in enriched,
            dropped=self.drop_duplicates and bool(article.duplicate_of),
            skipped=skipped,
        )


def _draft(raw: RawArticle, schema_id: int | None) -> Draft:
    from datetime import UTC

    # A Confluent frame's schema id stays with the article: which registered schema the crawler wrote.
    framed = {} if schema_id is None else {INPUT_SCHEMA_ID: str(schema_id)}
    return Draft(raw=raw, url=raw.url, fetched_at=raw.fetched_at.astimezone(UTC), provenance=framed)
