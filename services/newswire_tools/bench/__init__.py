"""`newswire bench`: throughput, latency and memory on the local broker, beside a bare Kafka loop and spaCy."""
