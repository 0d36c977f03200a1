"""The Kafka edge: clients, transactions, dead letters, the consume-process-produce loop.

kafka-python's exceptions stay inside this package; callers see newswire.errors.StreamError.
"""
