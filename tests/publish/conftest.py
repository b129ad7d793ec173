"""The publication tests' one site build: hostile articles and articles about other body parts.

``test_quality.py`` (hostile input) and ``test_fit.py`` (reports that fit their article) read the
same ``runreport site`` run: one command, two warm workers, each kernel started once for all its
articles, shared by the pytest-xdist workers (:func:`buildhelp.build_once`).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from helpers.buildhelp import build_once, run_site
from helpers.site_articles import HOSTILE_ANNOTATIONS, site_articles


@pytest.fixture(scope="session")
def publish_site(tmp_path_factory) -> dict:
    """The articles of :func:`site_articles` built by one ``runreport site --workers 2``:
    ``corpus`` (the articles), ``site`` (the site folder; each article in ``site/<stem>/``,
    what ``runreport build --article`` writes) and ``result`` (the completed process).

    The report notebook runs on each article; the analyst notebooks run on the seed and the
    articles of ``test_build.py``.
    """

    def build(base: Path) -> subprocess.CompletedProcess:
        corpus, annotations = base / "corpus", base / "annotations"
        corpus.mkdir(), annotations.mkdir()
        for name, data in site_articles().items():
            (corpus / name).write_bytes(data)
        (annotations / "hostile-markup.yaml").write_text(HOSTILE_ANNOTATIONS, encoding="utf-8")
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
    return {"corpus": base / "corpus", "site": base / "site", "result": result}
