"""Shared fixtures: the gold data beside the repository (``../shared``) and the bundled examples."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = SHARED / "data"
    if not path.is_dir():
        pytest.skip(f"gold data not found at {path} (CI lays ../shared beside the repository)")
    return path


@pytest.fixture(scope="session")
def nlp():
    from sitreps.nlp import get_nlp

    return get_nlp()
