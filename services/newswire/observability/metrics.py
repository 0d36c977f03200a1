"""Every Prometheus metric newswire exports, created once and passed to whoever records them."""

from __future__ import annotations

from collections.abc import Mapping, Sized
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, Info, ProcessCollector

from newswire import __version__
from newswire.contracts import Article

if TYPE_CHECKING:
    from newswire.pipeline import Outcome

#: Sources get their own label up to this many; the label set stays bounded whatever crawlers send.
MAX_SOURCE_LABELS = 50
_STAGE_BUCKETS = (0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
_LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600)


class Bounded(Sized, Protocol):
    """A table of learned state: entries held (len) and the most it keeps before evicting the oldest."""

    max_entries: int


class Metrics:
    """Label values are bounded sets only: topics, partitions, error codes, entity types, IPTC codes,
    languages (two letters), and the first MAX_SOURCE_LABELS sources."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        r = self.registry
        self.consumed = Counter(
            "newswire_records_consumed", "Records read from the input topic.", ["topic"], registry=r
        )
        self.published = Counter(
            "newswire_articles_published", "Articles written to the output topic.", ["language"], registry=r
        )
        self.dead_letters = Counter(
            "newswire_dead_letters", "Records sent to the dead-letter topic.", ["stage", "error_code"], registry=r
        )
        self.stage_seconds = Histogram(
            "newswire_stage_duration_seconds",
            "Time spent per batch in each step: validate, normalize, enrich, article (building each article:"
            " fingerprints, duplicates, contract check), publish (writing the output, committing the transaction).",
            ["stage"],
            buckets=_STAGE_BUCKETS,
            registry=r,
        )
        self.end_to_end = Histogram(
            "newswire_end_to_end_latency_seconds",
            "From fetched_at to the article's commit.",
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.batch_size = Histogram(
            "newswire_batch_size_records",
            "Records per processed batch.",
            buckets=(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000),
            registry=r,
        )
        self.lag = Gauge(
            "newswire_consumer_lag_records", "Records behind the high watermark.", ["topic", "partition"], registry=r
        )
        self.lag_seconds = Gauge(
            "newswire_consumer_lag_seconds",
            "Age of the last record consumed per partition.",
            ["topic", "partition"],
            registry=r,
        )
        self.assigned = Gauge("newswire_assigned_partitions", "Partitions this replica owns.", ["topic"], registry=r)
        self.entities = Counter("newswire_entities", "Entities found, by type.", ["type"], registry=r)
        self.topics = Counter(
            "newswire_articles_by_topic", "Articles by first IPTC top-level topic.", ["code"], registry=r
        )
        self.by_source = Counter(
            "newswire_articles_by_source",
            "Articles published, by source (the first sources seen; then other).",
            ["source"],
            registry=r,
        )
        self.fields = Counter(
            "newswire_article_fields",
            "Articles published with a field filled, by source and field.",
            ["source", "field"],
            registry=r,
        )
        self.unsupported_language = Counter(
            "newswire_unsupported_language_articles",
            "Articles published without entities: no model for the language.",
            registry=r,
        )
        self.skipped = Counter(
            "newswire_enrichment_skipped",
            "Articles published without an enrichment (entities, topics) because no model reads their"
            " language, by enrichment and language (ISO 639-1, `und` when not identified).",
            ["enrichment", "language"],
            registry=r,
        )
        self.second_opinions = Counter(
            "newswire_topic_second_opinions",
            "Passes through the topic model's slower second opinion, for articles its first pass was unsure of.",
            registry=r,
        )
        self.duplicates = Counter(
            "newswire_duplicates", "Articles that copy an earlier one from another URL.", ["action"], registry=r
        )
        self.transactions = Counter("newswire_transactions", "Transactions by outcome.", ["outcome"], registry=r)
        self.state_entries = Gauge(
            "newswire_learned_state_entries",
            "Entries held in a table of learned state (duplicates, boilerplate), read at each scrape.",
            ["table"],
            registry=r,
        )
        self.state_limit = Gauge(
            "newswire_learned_state_max_entries",
            "Most entries a table of learned state keeps; past it the oldest are forgotten.",
            ["table"],
            registry=r,
        )
        # Resident memory, CPU seconds, open and maximum file descriptors, start time (from /proc on Linux).
        ProcessCollector(registry=r)
        self.build = Info("newswire_build", "Version and models of this process.", registry=r)
        self.build.info({"version": __version__})
        self._sources: set[str] = set()

    def source_label(self, source: str) -> str:
        """A bounded label for a source: the first MAX_SOURCE_LABELS seen keep their name, the rest are `other`."""
        if source in self._sources or len(self._sources) < MAX_SOURCE_LABELS:
            self._sources.add(source)
            return source
        return "other"

    def watch_state(self, tables: Mapping[str, Bounded | None]) -> None:
        """Export each table's size, counted when scraped, and its limit; a table turned off (None) is left out."""
        for name, table in tables.items():
            if table is not None:
                self.state_entries.labels(name).set_function(table.__len__)
                self.state_limit.labels(name).set(table.max_entries)

    def observe_article(self, article: Article) -> None:
        """Count an article by source, and each field a newsroom expects that it has."""
        source = self.source_label(article.source)
        self.by_source.labels(source).inc()
        present = {
            "authors": bool(article.authors),
            "published_at": article.published_at is not None,
            "language": article.language is not None,
            "section": bool(article.section),
        }
        for name, filled in present.items():
            if filled:
                self.fields.labels(source, name).inc()

    def observe_outcome(self, outcome: Outcome, now: datetime) -> None:
        """Count one committed record: its dead letter, or its article (a dropped copy only as a copy)."""
        if outcome.error is not None:
            self.dead_letters.labels(outcome.error.stage.value, outcome.error.code.value).inc()
            return
        article = outcome.article
        assert article is not None
        if article.duplicate_of:
            self.duplicates.labels("dropped" if outcome.dropped else "flagged").inc()
            if outcome.dropped:
                return
        self.published.labels(article.language or "und").inc()
        self.observe_article(article)
        self.end_to_end.observe(max(0.0, (now - article.fetched_at).total_seconds()))
        if article.topics:
            self.topics.labels(article.topics[0].code).inc()
        if outcome.unsupported_language:
            self.unsupported_language.inc()
        for enrichment in outcome.skipped:
            self.skipped.labels(enrichment, article.language or "und").inc()
        for entity in article.entities:
            self.entities.labels(entity.type).inc()

    def observe_stage(self, step: str, seconds: float) -> None:
        """Record one batch's time in one step: validate, normalize, enrich and article (the
        pipeline's, pipeline.stages.StageTimer), or publish (its transaction)."""
        self.stage_seconds.labels(str(step)).observe(seconds)
