"""The CPU floor of one site article: what every article's outputs cost with no overhead at all.

Run by ``make bench`` (``python bench/bench_floor.py ARTICLE…``). In one warm process, for each
article, it measures the CPU seconds (``time.process_time``) of the parts no build of that article
can skip:

- reading and checking the article (:func:`runreport.analysis.study.load_study`);
- making the report's charts and drawing each once in pixels (Agg, the PNG's resolution) and once as
  SVG: what every figure's files need, without encoding the PNG at all, without the 256-colour
  palette and without the phone layout;
- the HTML export and the PDF export of the executed report notebook (nbconvert, WeasyPrint).

Not counted: the kernel and the notebook around the charts, the palettes, the phone images, the data
files, the data package, the download page and the worker. The report notebook is executed on a warm
kernel for the exports' input, outside the timings. The first article warms the caches and is left
out; the process then freezes what it holds, as a site worker does.

Prints one line per article, the mean of each part and, last, ``floor <seconds>`` (the mean over the
warm articles), which :mod:`bench_build` turns into the most articles per minute any build on this
machine's CPUs can make.
"""

from __future__ import annotations

import gc
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path


def report_charts(study) -> list:
    """The charts the report notebook shows for *study*
    (``notebooks/report.ipynb``), in its order."""
    from runreport import charts
    from runreport.analysis.findings import SEASON_WEEKS

    shown = [charts.plot_anatomy(study.anatomy), charts.plot_claims_vs_sources(study.fact_check)]
    if not study.incidence.empty:
        shown.append(charts.plot_incidence(study.incidence))
    if not study.prevalence.empty:
        shown.append(charts.plot_prevalence_context(study.prevalence))
    shown += [
        charts.plot_mentions_heatmap(study.mentions("symptom"), kind="symptom"),
        charts.plot_mentions_heatmap(study.mentions("treatment"), kind="treatment"),
        charts.plot_tips_by_category(study.tips),
    ]
    if study.coverage is not None:
        shown.append(charts.plot_tip_coverage(study.coverage))
    if not study.risk.empty:
        shown.append(charts.plot_risk(study.risk, weeks=SEASON_WEEKS))
    return shown


def cpu(action) -> tuple[float, object]:
    started = time.process_time()
    result = action()
    return time.process_time() - started, result


def article_floor(article: Path, kernel) -> dict[str, float]:
    """CPU seconds of each unskippable part of *article*'s build (see the module docstring)."""
    import matplotlib.pyplot as plt
    import nbformat

    from runreport import publish
    from runreport.analysis.study import load_study
    from runreport.build.run import _export, execute_notebook
    from runreport.charts.chart import PNG_DPI, _draw_rgba, _render_settings

    parts = {}
    parts["study"], study = cpu(lambda: load_study(article, None))

    def draw_charts() -> int:
        shown = report_charts(study)
        for chart in shown:
            with _render_settings():
                _draw_rgba(chart.figure, PNG_DPI)
                chart.figure.set_layout_engine(
                    "none"
                )  # the SVG keeps the pixels' layout, as the build's does
                chart.figure.savefig(io.BytesIO(), format="svg")
            plt.close(chart.figure)
        return len(shown)

    parts["charts"], count = cpu(draw_charts)
    with tempfile.TemporaryDirectory(prefix="runreport-floor-") as tmp:
        work = Path(tmp)
        execute_notebook(
            "report",
            {"article": str(article), "annotations": None, "figures_dir": str(work / "figures")},
            work,
            None,
            kernel,
        )
        notebook = nbformat.read(work / "executed.ipynb", as_version=4)
        parts["html"], _ = cpu(lambda: _export(publish.ReportHTMLExporter, notebook, "report.html"))
        parts["pdf"], _ = cpu(lambda: _export(publish.ReportPDFExporter, notebook, "report.pdf"))
    parts["figures"] = count
    return parts


def main(articles: list[Path]) -> None:
    from runreport.build.run import kernel_pool

    pool = kernel_pool()
    warm = []
    try:
        for i, article in enumerate(articles):
            parts = article_floor(article, pool.kernel())
            total = sum(v for k, v in parts.items() if k != "figures")
            print(
                f"{article.name}: study {parts['study']:.2f} s, "
                f"{parts['figures']} charts {parts['charts']:.2f} s, "
                f"HTML {parts['html']:.2f} s, PDF {parts['pdf']:.2f} s, total {total:.2f} s",
                flush=True,
            )
            if i == 0:
                gc.collect()
                gc.freeze()
            else:
                warm.append(parts)
    finally:
        pool.close()
    if not warm:
        sys.exit("bench_floor: give at least two articles (the first one warms up)")
    means = {
        name: statistics.mean(parts[name] for parts in warm)
        for name in ("study", "charts", "html", "pdf")
    }
    print(
        "mean per warm article: "
        + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in means.items())
    )
    print(f"floor {sum(means.values()):.3f}")


if __name__ == "__main__":
    main([Path(a) for a in sys.argv[1:]])
