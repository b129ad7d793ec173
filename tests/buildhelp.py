"""Run ``runreport build`` as a user does, for the build and quality tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_build(*args: str, cache: Path, env: dict[str, str] | None = None, cwd: Path = ROOT,
              timeout: int = 900) -> subprocess.CompletedProcess:
    """``python -m runreport build ARGS`` with its own cache folder; never raises on failure.

    No ``SOURCE_DATE_EPOCH``: the build date comes from the article's last commit, as in a fresh clone.
    """
    full_env = {**os.environ, "RUNREPORT_CACHE_DIR": str(cache), "CI": "true"}
    full_env.pop("SOURCE_DATE_EPOCH", None)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "runreport", "build", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=timeout, check=False)


def source_date_epoch() -> str:
    """The seed's build date as ``runreport build`` finds it (its last commit), for tools run outside the build."""
    from runreport import config
    from runreport.provenance import build_date

    return str(build_date(config.SEED_ARTICLE))


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under *directory* with its bytes."""
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def seed_cache_entry(cache: Path, name: str) -> Path:
    """The cache folder of notebook *name* run on the seed by ``runreport build`` (other inputs add others)."""
    from runreport import config
    from runreport.build import Cache, Inputs, _reads

    article = config.SEED_ARTICLE
    inputs = Inputs.collect(article, config.annotations_for(article))
    return Cache(cache).entry(name, inputs.notebook_key(name, _reads(name)))
