"""The analyst notebooks show their charts as images, in nbclient and in papermill.

Each chart cell of notebooks 01–03 ends in a ``charts.plot_*(...)`` call; the value is a
:class:`runreport.charts.Chart`, whose rich display gives ``image/png``, a captioned ``text/html``
figure and plain text. The seed run executes the three notebooks with nbclient, in parallel, and
counts the images each must show; the papermill run drives the real ``papermill`` command line, as
an analyst does, on another article written by the test with ``annotations None``.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from helpers.articles import write_article
from helpers.buildhelp import seed_cache_entry
from helpers.notebook_outputs import (
    ANALYST_IMAGES,
    SEED_IMAGES,
    chart_cells,
    check_chart_output,
    image_outputs,
)
from runreport import config

pytestmark = pytest.mark.slow

ANALYST_NOTEBOOKS = ("01-article-structure", "02-injury-statistics", "03-causes-and-tips")
PAPERMILL = Path(sys.executable).with_name("papermill")


def all_text(nb) -> str:
    """Every text output of *nb*, joined (to look for stray figure reprs)."""
    parts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            parts.append(output.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def executed(seed_build):
    """The three analyst notebooks as ``runreport build`` executed them on the seed with nbclient.

    The session's cold seed build runs them on warm kernels (``--jobs 2``: the report on one, the
    three analyst notebooks one after another on the other); reading the executed notebooks from its
    cache spares three more kernels and checks what the build really ran.
    """
    _, cache, _ = seed_build
    return {
        name: nbformat.read(seed_cache_entry(cache, name) / "executed.ipynb", as_version=4)
        for name in ANALYST_NOTEBOOKS
    }


@pytest.mark.parametrize("name", ANALYST_NOTEBOOKS)
def test_expected_counts_are_the_notebooks_chart_cells(name):
    nb = nbformat.read(config.NOTEBOOKS_DIR / f"{name}.ipynb", as_version=4)
    assert len(chart_cells(nb)) == SEED_IMAGES[name]


@pytest.mark.parametrize("name", ANALYST_NOTEBOOKS)
def test_seed_run_shows_each_chart_as_an_image(executed, name):
    nb = executed[name]
    images = [output for cell in nb.cells for output in image_outputs(cell)]
    assert len(images) == SEED_IMAGES[name]
    # Each chart cell shows exactly one image, as the value of its last line.
    for index in chart_cells(nb):
        shown = image_outputs(nb.cells[index])
        assert len(shown) == 1, nb.cells[index].source
        assert shown[0]["output_type"] == "execute_result"
        check_chart_output(shown[0])
    assert "<Figure size" not in all_text(nb)
    # Numbered from 1 and silent on stderr, though the build runs 02 and 03 on a reused kernel.
    assert [cell.execution_count for cell in nb.cells if cell.cell_type == "code"] == list(
        range(1, 1 + sum(cell.cell_type == "code" for cell in nb.cells))
    )
    assert [
        output.text
        for cell in nb.cells
        for output in cell.get("outputs", [])
        if output.output_type == "stream" and output.name == "stderr"
    ] == []


def test_seed_captions_are_the_charts_captions(executed):
    from runreport import charts
    from runreport.analysis.study import load_study

    study = load_study(config.SEED_ARTICLE)
    caption = charts.plot_anatomy(study.anatomy).caption
    (shown,) = image_outputs(
        executed["01-article-structure"].cells[chart_cells(executed["01-article-structure"])[0]]
    )
    assert caption in shown["data"]["text/html"]
    assert caption in shown["data"]["text/plain"]


#: The notebook the papermill run drives: the one that reads most of the article (causes, tips,
#: their links suggested without annotations). The build runs all three on other articles too
#: (``test_build.py``: ``test_other_article_notebooks_show_every_chart``).
PAPERMILL_NOTEBOOK = "03-causes-and-tips"


@pytest.mark.parametrize("name", ANALYST_NOTEBOOKS)
def test_each_notebook_takes_papermill_parameters(name):
    """One cell tagged ``parameters`` that sets the article and its annotations: what papermill
    needs to run the notebook on another article (it injects its own cell after it)."""
    nb = nbformat.read(config.NOTEBOOKS_DIR / f"{name}.ipynb", as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and tagged[0].cell_type == "code"
    names = {
        target.id
        for node in ast.parse(tagged[0].source).body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    assert {"article", "annotations"} <= names


@pytest.fixture(scope="module")
def papermill_run(tmp_path_factory):
    """:data:`PAPERMILL_NOTEBOOK` run by the papermill CLI on another article, no annotations, from
    another folder, as an analyst may: the notebook finds the project by itself."""
    base = tmp_path_factory.mktemp("papermill")
    article = write_article(base, reasons=4, tips=3, faqs=1)
    out = base / f"{PAPERMILL_NOTEBOOK}.out.ipynb"
    command = [
        str(PAPERMILL),
        str(config.NOTEBOOKS_DIR / f"{PAPERMILL_NOTEBOOK}.ipynb"),
        str(out),
        "-p",
        "article",
        str(article),
        "-p",
        "annotations",
        "None",
        "--no-progress-bar",
    ]
    run = subprocess.run(command, cwd=base, capture_output=True, text=True, timeout=600)
    return article, out, run


def test_papermill_runs_on_another_article_and_shows_images(papermill_run):
    article, out, run = papermill_run
    assert run.returncode == 0, run.stderr[-3000:]
    nb = nbformat.read(out, as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1
    assert f"article = {json.dumps(str(article))}" in injected[0].source.replace("'", '"')
    assert "annotations = None" in injected[0].source
    images = [output for cell in nb.cells for output in image_outputs(cell)]
    assert len(images) == ANALYST_IMAGES[PAPERMILL_NOTEBOOK]
    for output in images:
        check_chart_output(output)
    # The charts and tables are the other article's: its four causes, not the seed's seven.
    assert "article&#39;s 4 cause(s)" in images[0]["data"]["text/html"]
    assert "Reason Number 4" in all_text(nb) and "Upper Back" not in all_text(nb)
