"""Charts for the notebooks and the report, in one house style (matplotlib).

Takes the DataFrames from :mod:`runreport.analysis.findings` (through
:class:`runreport.analysis.study.Study`) and gives :class:`Chart` objects: a
matplotlib Figure plus everything a publication needs beside it (key, title,
caption, alt text, source line and the exact data it plots). A notebook cell
that ends in a Chart shows it as an image with its caption; :func:`save_chart`
writes its files.

Every ``plot_*`` function is pure: it takes DataFrames with the columns its
docstring names and returns a :class:`Chart`. It draws inside the house style
(``runreport.mplstyle``, :data:`runreport.config.MPLSTYLE`) through a style
context, so importing or calling this package never changes global rcParams,
and it builds a bare :class:`matplotlib.figure.Figure`, so nothing is left in
pyplot's figure registry. Article text is drawn literally (``$…$`` is never
mathtext), long labels are wrapped and cut with "…", and input with no
plottable rows gives a valid chart that says "No data".

Charts (key → function):

- ``claims-vs-sources`` → :func:`plot_claims_vs_sources`
- ``incidence`` → :func:`plot_incidence`
- ``risk`` → :func:`plot_risk`
- ``prevalence-context`` → :func:`plot_prevalence_context`
- ``cause-symptoms`` / ``cause-treatments`` → :func:`plot_mentions_heatmap`
- ``tips-by-category`` → :func:`plot_tips_by_category`
- ``tip-coverage`` → :func:`plot_tip_coverage`
- ``anatomy`` → :func:`plot_anatomy`

Modules: :mod:`~runreport.charts.chart` (the Chart, its renderings and the one
figure writer), :mod:`~runreport.charts.style` (house style, figure and axes
helpers), :mod:`~runreport.charts.marks` (value labels, CI error bars and
legend keys), :mod:`~runreport.charts.captions` (labels, captions, alt text),
:mod:`~runreport.charts.evidence` (the article's numbers against the
literature) and :mod:`~runreport.charts.structure` (what the article is made
of).
"""

from __future__ import annotations

from runreport.charts.chart import PNG_DPI, Chart, Rendering, render, save_chart
from runreport.charts.evidence import (
    CLAIM_COLUMNS,
    CONTEXT_COLUMNS,
    INCIDENCE_COLUMNS,
    RISK_COLUMNS,
    STATUS_STYLE,
    plot_claims_vs_sources,
    plot_incidence,
    plot_prevalence_context,
    plot_risk,
)
from runreport.charts.structure import (
    ANATOMY_COLUMNS,
    HEATMAP_KINDS,
    TIP_COLUMNS,
    plot_anatomy,
    plot_mentions_heatmap,
    plot_tip_coverage,
    plot_tips_by_category,
)
from runreport.charts.style import FIG_HEIGHT, FIG_WIDTH, OKABE_ITO

__all__ = [
    "ANATOMY_COLUMNS",
    "CLAIM_COLUMNS",
    "CONTEXT_COLUMNS",
    "FIG_HEIGHT",
    "FIG_WIDTH",
    "HEATMAP_KINDS",
    "INCIDENCE_COLUMNS",
    "OKABE_ITO",
    "PNG_DPI",
    "RISK_COLUMNS",
    "STATUS_STYLE",
    "TIP_COLUMNS",
    "Chart",
    "Rendering",
    "plot_anatomy",
    "plot_claims_vs_sources",
    "plot_incidence",
    "plot_mentions_heatmap",
    "plot_prevalence_context",
    "plot_risk",
    "plot_tip_coverage",
    "plot_tips_by_category",
    "render",
    "save_chart",
]
