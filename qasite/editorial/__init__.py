"""Checks that the content keeps its medical promise: reviews, provenance, claims, sources."""
