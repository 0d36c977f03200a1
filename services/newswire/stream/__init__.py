"""The Kafka edge: clients, transactions, dead letters, the consume-process-produce loop.

kafka-python is imported only inside this package: stream.clients builds every client from the
settings and translates kafka-python's errors, so the rest of newswire sees newswire.errors only.
"""
