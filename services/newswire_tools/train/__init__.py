"""Reproducible model builds; outputs go to a cache directory, never into the repository."""
