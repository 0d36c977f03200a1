"""Labelled texts through the service's whole pipeline, sent as a crawler sends raw articles.

The evaluations that score or time the product (`entities`, `topics`, `speed`) build their raw
articles with `raw_article` and send them through `Product`: the pipeline `newswire run` builds
from the same settings (validation, normalization, duplicates, learned boilerplate, entities,
topics), fed batch by batch, with one outcome back per article.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newswire.config import Settings
    from newswire.pipeline import Outcome


def raw_article(url: str, body: str, fetched_at: str, *, title: str | None = None, source: str | None = None) -> bytes:
    """A text/plain raw article as a crawler would send it, with only the fields given."""
    record = {"url": url, "content_type": "text/plain"}
    record |= {"title": title} if title is not None else {}
    record |= {"body": body, "fetched_at": fetched_at}
    record |= {"source": source} if source is not None else {}
    return json.dumps(record).encode()


class Product:
    """The service's pipeline and metrics, built from `settings` as `newswire run` builds them."""

    def __init__(self, settings: Settings, batch: int, *, media_topic_unsure: float | None = None) -> None:
        """`media_topic_unsure`, when given, replaces the topic model's threshold for its second opinion."""
        from newswire.bootstrap import build_pipeline
        from newswire.observability.metrics import Metrics

        self.metrics = Metrics()
        unsure = {} if media_topic_unsure is None else {"media_topic_unsure": media_topic_unsure}
        self._pipeline = build_pipeline(settings, self.metrics, **unsure)
        self._batch = batch

    def warm_up(self, values: Sequence[bytes]) -> None:
        """Process one batch and forget what it learned: lazily loaded resources load here, untimed."""
        self._pipeline.process(values[: self._batch])
        self._pipeline.abort()

    def publish(self, values: Sequence[bytes], *, commit: bool = False) -> list[Outcome]:
        """Each value's outcome (an article or a dead letter), in order. With `commit`, what a batch
        learned (duplicates, boilerplate) joins the tables after it, as the service does once the
        batch's transaction commits; without, it stays staged, which later batches see as well."""
        outcomes: list[Outcome] = []
        for start in range(0, len(values), self._batch):
            outcomes.extend(self._pipeline.process(values[start : start + self._batch]))
            if commit:
                self._pipeline.commit()
        return outcomes
