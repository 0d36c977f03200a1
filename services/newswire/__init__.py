"""newswire: raw crawled news articles in, clean enriched articles out, over Apache Kafka."""

__version__ = "0.1.0"
