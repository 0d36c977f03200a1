"""The one place that wires the service together from the settings: models, pipeline and worker, with clients
from stream/clients.py, the one factory of Kafka clients."""

from __future__ import annotations

import signal
import time
from functools import partial
from pathlib import Path

from newswire import models
from newswire.config import Settings
from newswire.errors import ConfigurationError
from newswire.observability.metrics import Metrics
from newswire.pipeline import Pipeline
from newswire.pipeline.enrich import EntityExtractor, MediaTopicClassifier
from newswire.pipeline.enrich.chain import Enrichment, Entities, MediaTopics, Tags
from newswire.pipeline.enrich.entities import SpacyEntityExtractor
from newswire.pipeline.enrich.entities.recognizer import lazily
from newswire.pipeline.enrich.media_topics import LexiconMediaTopicClassifier
from newswire.pipeline.enrich.media_topics.model import UNSURE, LinearMediaTopicClassifier
from newswire.pipeline.enrich.media_topics.subtopics import WithSubtopics
from newswire.pipeline.enrich.off import NoEntities, NoMediaTopics
from newswire.pipeline.learned import DuplicateIndex, LearnedBoilerplate
from newswire.pipeline.normalize.language import FastTextIdentifier
from newswire.pipeline.validate import Limits
from newswire.stream.clients import Producer, connect_consumer, connect_group_consumer, connect_producer
from newswire.stream.records import HEADER_ROOM
from newswire.stream.sink import AtLeastOnceSink, Sink, TransactionalSink
from newswire.stream.state_log import StateLog
from newswire.stream.worker import Worker, WorkerOptions


def build_pipeline(settings: Settings, metrics: Metrics, *, media_topic_unsure: float = UNSURE) -> Pipeline:
    """Load the models once; a model that cannot load is a ConfigurationError before any record is read.

    `media_topic_unsure`: the trained topic model's top probability below which an article takes its second
    opinion (`newswire eval speed --always-unsure` raises it above 1.0 for the worst case)."""
    duplicates = (
        DuplicateIndex(settings.duplicate_window_s, max_entries=settings.duplicate_index_max_entries, clock=time.time)
        if settings.duplicate_window_s
        else None
    )
    learned = LearnedBoilerplate(settings.boilerplate_min_articles) if settings.boilerplate_min_articles else None
    # The enrichment chain, in order: a new enrichment is one more stage here (docs/development.md, Recipes).
    chain: list[Enrichment] = [
        Entities(_recognizers(settings)),
        MediaTopics(_media_topic_classifier(settings, metrics, media_topic_unsure)),
        Tags(),
    ]
    pipeline = Pipeline(
        chain,
        FastTextIdentifier.load(),
        Limits(max_record_bytes=settings.max_record_bytes, max_json_depth=settings.max_json_depth),
        metrics.observe_stage,
        duplicates=duplicates,
        boilerplate=learned,
        drop_duplicates=settings.drop_duplicates,
    )
    metrics.watch_state({"duplicates": duplicates, "boilerplate": learned})
    metrics.build.info({"version": pipeline.produced_by.pipeline, **pipeline.produced_by.models})
    return pipeline


def _recognizers(settings: Settings) -> list[EntityExtractor]:
    """The entity recognizers, the first one's languages before any other's (none when switched off)."""
    if not settings.enrich_entities:
        return [NoEntities()]
    others = (lazily(m.strip()) for m in settings.other_entity_models.split(",") if m.strip())
    return [SpacyEntityExtractor(models.entity_model(settings.models, settings.spacy_model)), *others]


def _media_topic_classifier(settings: Settings, metrics: Metrics, unsure: float) -> MediaTopicClassifier:
    if not settings.enrich_topics:
        return NoMediaTopics()
    model = models.media_topic_model(settings.models, settings.topic_model)
    top_level: MediaTopicClassifier = (
        LexiconMediaTopicClassifier()
        if model == models.LEXICON
        else LinearMediaTopicClassifier.load(Path(model), unsure=unsure, on_second_opinion=metrics.second_opinions.inc)
    )
    return WithSubtopics(top_level)


def build_producer(settings: Settings, transactional: bool) -> Producer:
    """A producer; transactional (idempotent, stable transactional_id) for exactly-once."""
    # Room for a record of max_output_bytes plus its dead-letter headers; larger ones never reach send().
    size = settings.max_output_bytes + HEADER_ROOM
    return connect_producer(settings, size, settings.transactional_id if transactional else None)


def build_worker(settings: Settings, metrics: Metrics) -> Worker:
    """Consumer, sink and pipeline for `newswire run`."""
    pipeline = build_pipeline(settings, metrics)
    consumer = connect_group_consumer(settings)
    exactly_once = settings.processing_guarantee == "exactly_once"
    producer = build_producer(settings, transactional=exactly_once)
    sink: Sink = (
        TransactionalSink(producer, settings.call_timeout_s)
        if exactly_once
        else AtLeastOnceSink(
            producer, partial(consumer.commit, timeout_ms=int(settings.call_timeout_s * 1000)), settings.call_timeout_s
        )
    )
    state = StateLog(connect_consumer(settings), settings.state_topic, pipeline.state) if pipeline.state else None
    options = WorkerOptions(
        output_topic=settings.output_topic,
        dlq_topic=settings.dlq_topic,
        poll_timeout_ms=settings.poll_timeout_ms,
        batch_records=settings.batch_records,
        budget_s=settings.batch_max_ms / 1000,
        load_deadline_s=settings.state_load_timeout_s,
        max_output_bytes=settings.max_output_bytes,
    )
    worker = Worker(consumer, sink, pipeline, metrics, options, state=state)
    worker.subscribe(settings.input_topic)
    return worker


def stop_on_signals(worker: Worker) -> None:
    """SIGTERM and SIGINT finish the batch in hand, then stop."""
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda _signum, _frame: worker.stop())


__all__ = ["ConfigurationError", "build_pipeline", "build_producer", "build_worker", "stop_on_signals"]
