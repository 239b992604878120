"""Checks and their results: the judgement side of the pipeline (pure, no I/O)."""
