"""spaCy loading and parsing: one pipeline per process, batched with ``nlp.pipe``."""

from sitreps.nlp.pipeline import get_nlp

__all__ = ["get_nlp"]
