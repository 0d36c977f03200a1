"""The pure core: bytes in, an Outcome out. No Kafka, no HTTP, no clocks other than the one passed in."""

from newswire.pipeline.stages import Outcome, Pipeline

__all__ = ["Outcome", "Pipeline"]
