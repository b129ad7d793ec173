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


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """The seed built cold into a temporary exports folder: (out, cache, completed process)."""
    from buildhelp import run_build

    base = tmp_path_factory.mktemp("seed-build")
    out, cache = base / "exports", base / "cache"
    result = run_build("--out", str(out), cache=cache)
    assert result.returncode == 0, result.stderr
    return out, cache, result


@pytest.fixture(scope="session")
def browser():
    """One headless Debian chromium for the whole test session."""
    from quality import BrowserSession

    with BrowserSession() as session:
        yield session
