"""Raw articles through the service's pipeline as the evaluations send them."""

from __future__ import annotations

import json

from newswire.config import Settings
from newswire_tools.eval.product import Product, raw_article

BODY = "\n\n".join(
    [
        "Kelston's rowing club opened its new boathouse on the river on Saturday morning.",
        "Members raised the money over three seasons of regattas, raffles and bake sales.",
    ]
)
FETCHED = "2031-05-04T08:00:00+00:00"


def _service(batch: int) -> Product:
    return Product(Settings(enrich_entities=False, enrich_topics=False), batch)


class TestRawArticle:
    def test_only_the_fields_given_are_sent(self) -> None:
        """A text dump without title or source sends neither; the fields keep one order."""
        plain = json.loads(raw_article("https://a.example/1", BODY, FETCHED))
        full = json.loads(raw_article("https://a.example/1", BODY, FETCHED, title="Boathouse", source="club"))
        assert list(plain) == ["url", "content_type", "body", "fetched_at"]
        assert list(full) == ["url", "content_type", "title", "body", "fetched_at", "source"]
        assert full["content_type"] == "text/plain"


class TestProduct:
    def test_one_outcome_per_article_in_order_across_batches(self) -> None:
        """Five articles in batches of two come back as five outcomes in the order sent."""
        values = [raw_article(f"https://a.example/{i}", f"Story {i}. {BODY}", FETCHED) for i in range(5)]
        outcomes = _service(2).publish(values, commit=True)
        assert [o.article.url if o.article else None for o in outcomes] == [f"https://a.example/{i}" for i in range(5)]

    def test_a_copy_from_another_url_names_the_first(self) -> None:
        """Learned duplicates carry from batch to batch, as in the service."""
        first, copy = (raw_article(f"https://{host}.example/1", BODY, FETCHED) for host in ("a", "b"))
        outcomes = _service(1).publish([first, copy], commit=True)
        assert outcomes[0].article and outcomes[1].article
        assert outcomes[1].article.duplicate_of == outcomes[0].article.id

    def test_the_warm_up_batch_is_forgotten(self) -> None:
        """What the untimed warm-up learned is dropped: its article is not taken as an earlier copy."""
        first, copy = (raw_article(f"https://{host}.example/1", BODY, FETCHED) for host in ("a", "b"))
        service = _service(1)
        service.warm_up([first])
        [outcome] = service.publish([copy])
        assert outcome.article and outcome.article.duplicate_of is None
