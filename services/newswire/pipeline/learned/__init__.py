"""State the pipeline learns from the stream and shares with other replicas: near-duplicates and
per-source boilerplate.

A table applies entries written by any replica (merging must be idempotent and order-free, since
replicas write concurrently and records may be redelivered). What one batch learns is staged, as
quix-streams stages a `PartitionTransaction`: visible to the rest of that batch, handed out as
entries to write in the batch's transaction, and applied to the table only when that transaction
commits; an abort discards it.
"""

from newswire.pipeline.learned.boilerplate import LearnedBoilerplate
from newswire.pipeline.learned.duplicates import DuplicateIndex, Fingerprint
from newswire.pipeline.learned.shared import SharedState

__all__ = ["DuplicateIndex", "Fingerprint", "LearnedBoilerplate", "SharedState"]
