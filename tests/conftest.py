"""Shared fixtures."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from articles import SEED  # noqa: E402


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The seed article in data/raw/."""
    return SEED


@pytest.fixture(scope="session")
def seed_article(seed_path):
    """The parsed seed."""
    from runreport.parse import parse_article

    return parse_article(seed_path)
