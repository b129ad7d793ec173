"""Shared fixtures."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers.articles import SEED  # noqa: E402  (tests/ is put on the path just above)

# Property-based tests: Hypothesis's default 100 examples in CI (each example of the slowest,
# test_shape_variants_come_back, parses a whole article: 300 took the suite past its 4 minutes),
# quick while editing (RUNREPORT_QUICK=1), in between otherwise. Examples are derived from each
# test, not random, so a failure in CI replays the same way anywhere.
_COMMON = {
    "deadline": None,
    "derandomize": True,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}
settings.register_profile("thorough", max_examples=100, **_COMMON)
settings.register_profile("dev", max_examples=60, **_COMMON)
settings.register_profile("quick", max_examples=20, **_COMMON)
settings.load_profile(
    "quick"
    if os.environ.get("RUNREPORT_QUICK") == "1"
    else "thorough"
    if os.environ.get("CI")
    else "dev"
)


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The seed article in data/raw/."""
    return SEED


@pytest.fixture(scope="session")
def seed_article(seed_path):
    """The parsed seed."""
    from runreport.ingest.parse import parse_article

    return parse_article(seed_path)


@pytest.fixture(scope="session")
def installed_runreport(tmp_path_factory) -> Path:
    """runreport's wheel installed into a fresh virtual environment (:mod:`helpers.install`): the
    environment's ``bin`` folder. Made once per test run, shared by the xdist workers."""
    from helpers.buildhelp import build_once
    from helpers.install import build_wheel, install_wheel

    def install(base: Path) -> subprocess.CompletedProcess:
        bin_dir = install_wheel(build_wheel(base), base / "venv")
        return subprocess.CompletedProcess([str(bin_dir)], 0, "", "")

    base, _ = build_once(tmp_path_factory, "installed-runreport", install)
    return base / "venv" / "bin"


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory, installed_runreport):
    """The seed built cold as a user builds it: (exports folder, cache, completed process).

    ``runreport build`` from the installed wheel, run in a folder outside the checkout that holds
    the seed as this repository does (``data/raw``, ``data/annotations``), with the seed's date
    (its last commit, as ``make report`` finds it). Comparing it with the committed edition shows
    that the build depends neither on the checkout nor on where it runs. On two kernels (``--jobs
    2``), as ``make report`` builds on 2 CPUs; the suite's other builds run on one
    (:func:`buildhelp.run_build`). Built once per test run, shared by the xdist workers (see
    :func:`buildhelp.build_once`).
    """
    from helpers.buildhelp import build_once, source_date_epoch
    from helpers.install import seed_project, user_env

    def build(base: Path):
        env = user_env(
            installed_runreport,
            RUNREPORT_CACHE_DIR=str(base / "cache"),
            SOURCE_DATE_EPOCH=source_date_epoch(),
            CI="true",
        )
        command = [str(installed_runreport / "runreport"), "build", "--out", str(base / "exports")]
        return subprocess.run(
            [*command, "--jobs", "2"],
            cwd=seed_project(base / "project"),
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )

    base, result = build_once(tmp_path_factory, "seed-build", build)
    assert result.returncode == 0, result.stderr
    return base / "exports", base / "cache", result


@pytest.fixture(scope="session")
def tiny_project(tmp_path_factory) -> dict:
    """The tiny project of :func:`buildhelp.write_notebooks` built once per test run (HTML and
    PDF), shared by the xdist workers and by ``test_build.py`` and ``test_failures.py``:
    ``notebooks``, ``cache``, ``exports`` and ``env`` (its ``RUNREPORT_NOTEBOOKS_DIR``).

    Read only: a module that builds again works on its own copy of the cache (see their ``tiny``
    fixtures), so no test sees another's cache entries or lock.
    """
    from helpers.buildhelp import build_once, run_build, write_notebooks

    def build(base: Path) -> subprocess.CompletedProcess:
        notebooks = write_notebooks(base / "notebooks")
        env = {"RUNREPORT_NOTEBOOKS_DIR": str(notebooks)}
        return run_build("--out", str(base / "exports"), cache=base / "cache", env=env)

    base, result = build_once(tmp_path_factory, "tiny-project", build)
    assert result.returncode == 0, result.stderr
    return {
        "notebooks": base / "notebooks",
        "cache": base / "cache",
        "exports": base / "exports",
        "env": {"RUNREPORT_NOTEBOOKS_DIR": str(base / "notebooks")},
    }


@pytest.fixture(scope="session")
def publish_site(tmp_path_factory) -> dict:
    """The suite's articles other than the seed (:func:`helpers.site_articles.site_articles`),
    built by one ``runreport site --workers 2``: one command, two warm workers, each kernel
    started once for all its articles, shared by the pytest-xdist workers
    (:func:`helpers.buildhelp.build_once`).

    ``corpus`` (the articles), ``annotations`` (the hostile article's, and the draft
    ``runreport annotate`` writes for :data:`~helpers.site_articles.DRAFTED_NAME`), ``site`` (each
    article in ``site/<stem>/``, what ``runreport build --article`` writes) and ``result``. The
    report notebook runs on each article; the analyst notebooks run on the seed and the articles
    of ``test_build.py``.
    """
    from helpers.buildhelp import build_once, run_runreport, run_site
    from helpers.site_articles import DRAFTED_NAME, HOSTILE_ANNOTATIONS, site_articles

    def build(base: Path) -> subprocess.CompletedProcess:
        corpus, annotations = base / "corpus", base / "annotations"
        corpus.mkdir(), annotations.mkdir()
        for name, data in site_articles().items():
            (corpus / name).write_bytes(data)
        (annotations / "hostile-markup.yaml").write_text(HOSTILE_ANNOTATIONS, encoding="utf-8")
        drafted = corpus / DRAFTED_NAME
        draft = run_runreport(
            "annotate",
            str(drafted),
            "--out",
            str(annotations / f"{drafted.stem}.yaml"),
            cache=base / "cache",
        )
        if draft.returncode != 0:
            return draft
        return run_site(
            str(corpus),
            "--out",
            str(base / "site"),
            "--annotations-dir",
            str(annotations),
            "--workers",
            "2",
            cache=base / "cache",
        )

    base, result = build_once(tmp_path_factory, "publish-site", build)
    return {
        "corpus": base / "corpus",
        "annotations": base / "annotations",
        "site": base / "site",
        "result": result,
    }


@pytest.fixture(scope="session")
def browser():
    """One headless Debian chromium for the whole test session."""
    from helpers.browser import BrowserSession

    with BrowserSession() as session:
        yield session


#: Test files that take longest, longest first (seconds on 2 CPUs, from --durations). pytest-xdist
#: hands out whole files in collection order (--dist loadfile --no-loadscope-reorder): started
#: first, the long ones do not leave one worker finishing alone while the other is idle. Other files
#: follow in their order.
LONGEST_FIRST = (
    "test_quality.py",
    "test_build.py",
    "test_site.py",
    "test_failures.py",
    "test_mobile.py",
    "test_editor.py",
    "test_quality_helpers.py",
    "test_eval_corpus.py",
    "test_charts.py",
    "test_verdict_cases.py",
    "test_provenance.py",
    "test_notebooks.py",
    "test_fit.py",
    "test_formats.py",
)


def pytest_collection_modifyitems(items) -> None:
    """Put the files of :data:`LONGEST_FIRST` first, in that order (each file's tests keep
    theirs)."""
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


def pytest_sessionstart(session) -> None:
    """Start each run with no axe "incomplete" records from an earlier one (the controller clears
    them)."""
    import shutil

    if not os.environ.get("PYTEST_XDIST_WORKER"):
        shutil.rmtree(
            Path(__file__).resolve().parents[1] / "test-artifacts" / "axe-incomplete",
            ignore_errors=True,
        )


def pytest_terminal_summary(terminalreporter) -> None:
    """Print what axe-core could not decide on the pages the browser gates checked (for a person to
    look at)."""
    import json

    folder = Path(__file__).resolve().parents[1] / "test-artifacts" / "axe-incomplete"
    lines = [
        line
        for path in sorted(folder.glob("*.json"))
        for line in json.loads(path.read_text(encoding="utf-8"))
    ]
    if folder.is_dir():
        terminalreporter.section("axe: incomplete (needs a person)")
        terminalreporter.write_line(
            f"{len(lines)} result(s) on {len(list(folder.glob('*.json')))} page(s); "
            f"see test-artifacts/axe-incomplete/"
        )
        for line in lines[:30]:
            terminalreporter.write_line(f"  {line}")
