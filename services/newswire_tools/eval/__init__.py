"""Offline evaluations on labelled data: body extraction, entity F1 on CoNLL-2003, topic accuracy, throughput."""
