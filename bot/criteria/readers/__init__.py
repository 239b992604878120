"""Readers: what several checks read from the facts (the README outline, the project's command
names), computed once per input and shared, so a check names its input instead of re-deriving it."""
