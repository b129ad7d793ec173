"""The analyst notebooks show their charts as images, in nbclient and in papermill.

Each chart cell of notebooks 01–03 ends in a ``charts.plot_*(...)`` call; the value is a
:class:`runreport.charts.Chart`, whose rich display gives ``image/png``, a captioned ``text/html``
figure and plain text. The seed run executes the three notebooks with nbclient, in parallel, and
counts the images each must show; the papermill run drives the real ``papermill`` command line, as
an analyst does, on another article written by the test with ``annotations None``.
"""

from __future__ import annotations

import ast
import base64
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from helpers.articles import write_article
from helpers.buildhelp import seed_cache_entry
from runreport import config

pytestmark = pytest.mark.slow

ANALYST_NOTEBOOKS = ("01-article-structure", "02-injury-statistics", "03-causes-and-tips")
PAPERMILL = Path(sys.executable).with_name("papermill")

#: Images each notebook shows for the seed (annotated): one per chart cell.
SEED_IMAGES = {
    "01-article-structure": 1,  # anatomy
    "02-injury-statistics": 4,  # claims vs sources, incidence, risk, prevalence context
    "03-causes-and-tips": 4,  # symptom and treatment heatmaps, tips by category, tip coverage
}
#: Images for an article without annotations: the same, since tip ↔ cause links are then
#: suggested automatically (the coverage chart shows them); every other chart still shows,
#: with "No data" where there is nothing to plot.
UNANNOTATED_IMAGES = dict(SEED_IMAGES)


def chart_cells(nb) -> list[int]:
    """Indexes of the code cells whose last statement is an expression calling ``charts.plot_*``."""
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        body = ast.parse(cell.source).body
        if not body or not isinstance(body[-1], ast.Expr):
            continue
        calls = [
            node
            for node in ast.walk(body[-1])
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr.startswith("plot_")
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "charts"
        ]
        if calls:
            found.append(index)
    return found


def image_outputs(cell) -> list[dict]:
    """The outputs of *cell* that carry an image."""
    return [o for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]


def check_chart_output(output: dict) -> None:
    """One chart as a notebook shows it: PNG, a captioned figure, text without a repr."""
    data = output["data"]
    png = base64.b64decode(data["image/png"])
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert output["metadata"]["image/png"]["width"] == 700
    html = data["text/html"]
    assert html.startswith("<figure") and '<img src="data:image/png;base64,' in html
    caption = html.split("<figcaption>", 1)[1].split("</figcaption>", 1)[0]
    assert len(caption) > 40 and "<script" not in caption
    assert "<Figure" not in data["text/plain"]


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


@pytest.fixture(scope="module")
def papermill_runs(tmp_path_factory):
    """Each analyst notebook run by the papermill CLI on another article, no annotations.

    One after the other, as an analyst runs them: papermill's kernels listen on TCP ports they
    pick for themselves, and kernels started at the same moment by separate processes can pick
    the same one (a kernel then dies before it replies, as seen once in CI).
    """
    base = tmp_path_factory.mktemp("papermill")
    article = write_article(base, reasons=4, tips=3, faqs=1)
    results = {}
    for name in ANALYST_NOTEBOOKS:
        out = base / f"{name}.out.ipynb"
        command = [
            str(PAPERMILL),
            str(config.NOTEBOOKS_DIR / f"{name}.ipynb"),
            str(out),
            "-p",
            "article",
            str(article),
            "-p",
            "annotations",
            "None",
            "--no-progress-bar",
        ]
        # From another folder, as an analyst may: the notebooks find the project by themselves.
        run = subprocess.run(command, cwd=base, capture_output=True, text=True, timeout=600)
        results[name] = (out, run.returncode, run.stderr)
    return article, results


@pytest.mark.parametrize("name", ANALYST_NOTEBOOKS)
def test_papermill_runs_on_another_article_and_shows_images(papermill_runs, name):
    article, results = papermill_runs
    out, returncode, stderr = results[name]
    assert returncode == 0, stderr[-3000:]
    nb = nbformat.read(out, as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1
    assert f"article = {json.dumps(str(article))}" in injected[0].source.replace("'", '"')
    assert "annotations = None" in injected[0].source
    images = [output for cell in nb.cells for output in image_outputs(cell)]
    assert len(images) == UNANNOTATED_IMAGES[name]
    for output in images:
        check_chart_output(output)
    # The charts are the other article's: its four causes, not the seed's seven.
    if name == "03-causes-and-tips":
        assert "article&#39;s 4 cause(s)" in images[0]["data"]["text/html"]


def test_papermill_sees_the_other_articles_title(papermill_runs):
    _, results = papermill_runs
    out, returncode, _ = results["01-article-structure"]
    assert returncode == 0
    nb = nbformat.read(out, as_version=4)
    assert "Knee Pain After Cycling" in all_text(nb)
    assert "Upper Back" not in all_text(nb)


def test_a_reused_kernel_starts_the_next_notebook_afresh(tmp_path):
    """A warm kernel, reset, keeps nothing of the last notebook but its imports: no names, no
    figures, the execution count back at 1, nothing printed; what survived the reset is frozen out
    of the garbage collector."""
    from runreport.build.kernels import WarmKernel

    kernel = WarmKernel(tmp_path, {**dict(__import__("os").environ), "MPLBACKEND": "agg"})

    def run(code: str) -> str:
        client = kernel.blocking_client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=60)
            shown = []
            reply = client.execute_interactive(
                code,
                timeout=60,
                output_hook=lambda m: (
                    shown.append(m["content"].get("text", ""))
                    if m["msg_type"] == "stream"
                    else None
                ),
            )
            assert reply["content"]["status"] == "ok", reply["content"]
            return f"{reply['content']['execution_count']} " + "".join(shown)
        finally:
            client.stop_channels()

    try:
        kernel.ready()
        # A cycle the last notebook leaves in its names must be collected, not frozen for good.
        run(
            "import builtins, weakref, matplotlib.pyplot as plt\n"
            "secret = 41\nfigure = plt.figure()\n"
            "class Cycle: pass\ncycle = Cycle()\ncycle.me = cycle\n"
            "builtins._runreport_probe = weakref.ref(cycle)"
        )
        kernel.ready()  # the reset the next notebook gets
        state = run(
            "import builtins, gc, sys, matplotlib.pyplot as plt\n"
            "print('secret' in globals(), 'figure' in globals(), len(plt.get_fignums()), "
            "gc.get_freeze_count() > 0, builtins._runreport_probe() is None, "
            "'matplotlib' in sys.modules, "
            "get_ipython().history_manager.enabled)"
        )
        # Numbered 1, as on a fresh kernel; no history database (a build's cells are not
        # the editor's history).
        assert state.split() == ["1", "False", "False", "0", "True", "True", "True", "False"], state
        assert kernel.runs == 2
    finally:
        kernel.close()


def test_a_retired_kernel_starts_no_other(tmp_path):
    """A build stopped from its main thread retires the pool's kernels: a notebook thread that asks
    for its kernel afterwards (or was starting it meanwhile) gets an error, never a new kernel
    nbclient would run on."""
    from runreport.build.kernels import KernelError, KernelPool

    pool = KernelPool(tmp_path, {})
    kernel = pool.kernel()
    pool.close()
    with pytest.raises(KernelError, match="the build is stopping"):
        kernel.ready()
    assert kernel.km is None and pool.kernel() is kernel
