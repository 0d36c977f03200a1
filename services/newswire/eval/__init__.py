"""Offline evaluations: entity F1 on CoNLL-2003, topic accuracy, throughput."""
