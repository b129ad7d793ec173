"""The house style and the figure helpers every chart shares.

Takes the figures the chart modules draw and gives them one look: report
width, Okabe–Ito colours, the style file (``runreport.mplstyle``,
:data:`runreport.config.MPLSTYLE`) applied through a style context (so global
rcParams are never changed), bare figures that pyplot never registers, a title
at the top, a legend under it, the source line at the bottom, and a valid
"No data" chart when there is nothing to plot. :func:`finish` wraps it all in
a :class:`~runreport.charts.chart.Chart`.

Also here: the checks on input frames (:func:`require`, :func:`numeric`) and
the categorical axes the charts share.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from typing import Any

import matplotlib.figure
import matplotlib.style
import matplotlib.text
import numpy as np
import pandas as pd

from runreport import config
from runreport.charts.chart import Chart
from runreport.charts.prose import Words, clean, describe_no_data, wrap

#: Figure width in inches (a ~16 cm report column); heights vary per chart.
FIG_WIDTH = 7.0
#: Default figure height in inches.
FIG_HEIGHT = 4.0

#: Okabe–Ito colours (colour-blind safe).
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}
GREY = "#666666"  # source line and notes; 5.7:1 on white
MISSING_GREY = "#9A9A9A"
TEXT = "#222222"
SOURCE_FONTSIZE = 7.5
#: Rotation in degrees of one-line column labels.
ROTATION = 40


def styled(func: Callable[..., Chart]) -> Callable[..., Chart]:
    """Run *func* inside the house style, leaving global rcParams alone."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Chart:
        with matplotlib.style.context(config.MPLSTYLE):
            return func(*args, **kwargs)

    return wrapper


def require(frame: pd.DataFrame, columns: Sequence[str], name: str) -> None:
    """Check that *frame* is a DataFrame with *columns*.

    Raises:
        TypeError: When *frame* is not a DataFrame.
        ValueError: When columns are missing.
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, not {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} is missing column(s): {', '.join(missing)}")


def numeric(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """Return a copy of *frame* with *columns* as float (bad values → NaN)."""
    out = frame.copy()
    for column in columns:
        out[column] = pd.to_numeric(out[column], errors="coerce").astype(float)
    return out


def new_figure(height: float = FIG_HEIGHT) -> matplotlib.figure.Figure:
    """Return a bare Figure (not registered with pyplot) at report width."""
    return matplotlib.figure.Figure(figsize=(FIG_WIDTH, height), layout="constrained")


def _legend_columns(handles: Sequence[Any]) -> int:
    """Return how many legend columns fit the figure width (one or two rows)."""
    widths = [len(str(h.get_label())) * 5.2 + 34 for h in handles]  # points at 8.5 pt
    if sum(widths) <= FIG_WIDTH * 72 - 30:
        return len(handles)
    return math.ceil(len(handles) / 2)


def finish(
    fig: matplotlib.figure.Figure,
    *,
    key: str,
    title: str,
    words: Words,
    source: str,
    data: pd.DataFrame,
    legend: Sequence[Any] | None = None,
) -> Chart:
    """Draw title, legend and source line on *fig* and wrap it all in a Chart.

    The title sits at the top, the legend (if any) under it, the source line
    at the bottom; the constrained layout gets the space between them, so a
    legend never covers data and nothing overlaps the title.

    Args:
        fig: The figure with its axes drawn.
        key: The chart's key.
        title: Title (drawn, and kept in the Chart).
        words: Caption and alt text.
        source: Source line (drawn at the bottom).
        data: Exactly the data plotted.
        legend: Legend handles, if any.

    Returns:
        The finished Chart.
    """
    title = clean(title, empty="Chart")
    source = clean(source, empty="Source: not given", max_chars=400)
    height = fig.get_figheight()
    pad = 0.08  # inches

    heading = fig.suptitle(wrap(title, 70, 2), x=0.015, y=1 - pad / height,
                           ha="left", va="top")
    heading.set_in_layout(False)
    source_text = fig.text(0.015, 0.05 / height, wrap(source, 130, 3, max_chars=400),
                           fontsize=SOURCE_FONTSIZE, color=GREY, ha="left", va="bottom",
                           gid="source-line")
    source_text.set_in_layout(False)
    fig.draw_without_rendering()
    top = pad + heading.get_window_extent().height / fig.dpi + 0.06
    if legend:
        box = fig.legend(handles=list(legend), loc="upper center",
                         bbox_to_anchor=(0.5, 1 - top / height), ncols=_legend_columns(legend),
                         frameon=False, borderaxespad=0, columnspacing=1.4,
                         handletextpad=0.5)
        box.set_in_layout(False)
        fig.draw_without_rendering()
        top += box.get_window_extent().height / fig.dpi + 0.04
    bottom = 0.05 + source_text.get_window_extent().height / fig.dpi + 0.08
    fig.get_layout_engine().set(rect=(0, bottom / height, 1, 1 - (top + bottom) / height))
    # Article text is data, never mathtext, whatever the caller's rcParams.
    for text in fig.findobj(matplotlib.text.Text):
        text.set_parse_math(False)
    # Create tick labels now, inside the style, and fail here, not at display.
    fig.draw_without_rendering()
    return Chart(
        key=key,
        figure=fig,
        title=title,
        caption=" ".join(words.caption.split()),
        alt=" ".join(words.alt.split()),
        source=source,
        data=data.reset_index(drop=True),
    )


def no_data(
    *, key: str, title: str, what: str, source: str, data: pd.DataFrame,
    words: Words | None = None,
) -> Chart:
    """Return a valid chart that says there is nothing to plot.

    Args:
        key: The chart's key.
        title: Its title.
        what: Why there is nothing, e.g. "the article has no tips".
        source: Source line.
        data: The (empty) data.
        words: Caption and alt text; by default they say "No data to chart".

    Returns:
        A Chart with a "No data: …" note instead of axes.
    """
    fig = new_figure(2.4)
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.text(
        0.5,
        0.5,
        wrap(f"No data: {what}.", 70, 3),
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=11,
        color=GREY,
        gid="no-data",
    )
    return finish(fig, key=key, title=title, words=words or describe_no_data(title, what),
                  source=source, data=data)


def rotated_height(labels: Sequence[str], fontsize: float = 9.0) -> float:
    """Return the height in inches that one-line labels rotated by :data:`ROTATION` need."""
    longest = max((len(label) for label in labels), default=0)
    return longest * fontsize * 0.58 / 72 * math.sin(math.radians(ROTATION)) + 0.15


def category_axis(ax: Any, axis: str, labels: Sequence[str], **kwargs: Any) -> None:
    """Put fixed, wrapped *labels* on a categorical axis and drop its grid."""
    positions = np.arange(len(labels))
    if axis == "y":
        ax.set_yticks(positions, labels, **kwargs)
        ax.grid(axis="y", visible=False)
        ax.tick_params(axis="y", length=0)
    else:
        ax.set_xticks(positions, labels, **kwargs)
        ax.grid(axis="x", visible=False)
        ax.tick_params(axis="x", length=0)
