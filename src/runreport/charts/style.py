"""The house style and the figure helpers every chart shares.

Takes the figures the chart modules draw and gives them one look: report
width, Okabe–Ito colours, the style file (``runreport.mplstyle``,
:data:`runreport.config.MPLSTYLE`) applied through a style context (so global
rcParams are never changed), bare figures that pyplot never registers, a title
at the top, a legend under it, the source line at the bottom, and a valid
"No data" chart when there is nothing to plot. :func:`compose_chart` wraps it all in
a :class:`~runreport.charts.chart.Chart`, which can draw itself again in the
narrow screen layout (:func:`narrow_layout`: 4.5 in wide, no text under 9 pt,
legible on a 360 px phone) for the HTML page.

Also here: the checks on input frames (:func:`require`, :func:`numeric`) and
the axes the charts share: categorical (:func:`category_axis`,
:func:`category_rows`, :func:`count_axes`) and grids of cells
(:func:`cell_axes`). The marks drawn on them are in :mod:`runreport.charts.marks`.
"""

from __future__ import annotations

import functools
import math
import textwrap
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import matplotlib.figure
import matplotlib.style
import matplotlib.text
import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from runreport import config
from runreport.charts.captions import WRAP_SCALE, Words, clean, describe_no_data, wrap
from runreport.charts.chart import Chart

#: Figure width in inches (a ~16 cm report column); heights vary per chart.
FIG_WIDTH = 7.0
#: Default figure height in inches.
FIG_HEIGHT = 4.0
#: Figure width in inches of the screen layout (:func:`narrow_layout`), the one the HTML page
#: shows: 328 CSS px wide on a 360 px screen, 1 pt of font is 1.01 CSS px there, so the smallest
#: text (:data:`NARROW_MIN_FONTSIZE`) is 9.1 CSS px; 696 CSS px wide in a desktop's column.
NARROW_WIDTH = 4.5
#: Smallest font size in points in the narrow layout (smaller text is drawn this size).
NARROW_MIN_FONTSIZE = 9.0
#: How much taller than the report layout a narrow figure is: its labels wrap onto more lines.
NARROW_HEIGHT = 1.2

#: Width in inches of the figures being drawn (FIG_WIDTH, or NARROW_WIDTH in a narrow layout).
_FIGURE_WIDTH: ContextVar[float] = ContextVar("runreport_figure_width", default=FIG_WIDTH)

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
    """Run *func* inside the house style, leaving global rcParams alone.

    The Chart it returns can draw itself again for phones: its ``narrow`` calls *func* with the
    same arguments inside :func:`narrow_layout`.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Chart:
        with matplotlib.style.context(config.MPLSTYLE):
            chart = func(*args, **kwargs)

        def narrow() -> Chart:
            with narrow_layout(), matplotlib.style.context(config.MPLSTYLE):
                return func(*args, **kwargs)

        chart.narrow = narrow
        return chart

    return wrapper


@contextmanager
def narrow_layout() -> Iterator[None]:
    """Draw the charts made inside for screens down to 360 px: :data:`NARROW_WIDTH` wide.

    The figure is about two thirds as wide and no text is under :data:`NARROW_MIN_FONTSIZE`, so
    text is at least half as large again relative to the figure; labels wrap onto shorter lines
    (:data:`runreport.charts.captions.WRAP_SCALE`) and the figure is :data:`NARROW_HEIGHT` times as
    tall, so the same words and data fit.
    """
    width = _FIGURE_WIDTH.set(NARROW_WIDTH)
    scale = WRAP_SCALE.set(NARROW_WIDTH / FIG_WIDTH)
    try:
        yield
    finally:
        WRAP_SCALE.reset(scale)
        _FIGURE_WIDTH.reset(width)


def figure_width() -> float:
    """Width in inches of figures drawn now: :data:`FIG_WIDTH`, less in :func:`narrow_layout`."""
    return _FIGURE_WIDTH.get()


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
    """Return a bare Figure (not registered with pyplot) at report width (or narrow, for phones)."""
    width = figure_width()
    if width != FIG_WIDTH:
        height *= NARROW_HEIGHT
    return matplotlib.figure.Figure(figsize=(width, height), layout="constrained")


def _legend_columns(handles: Sequence[Any]) -> int:
    """Return how many legend columns fit the figure width (one or two rows)."""
    widths = [len(str(h.get_label())) * 5.2 + 34 for h in handles]  # points at 8.5 pt
    if sum(widths) <= figure_width() * 72 - 30:
        return len(handles)
    return math.ceil(len(handles) / 2)


def compose_chart(
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

    narrow = figure_width() != FIG_WIDTH
    if narrow:
        _wrap_axes_texts(fig)
        _at_least(fig, NARROW_MIN_FONTSIZE)
    heading = _draw_heading(fig, title, narrow, top=pad)
    source_text = _draw_source_line(fig, source, narrow)
    # Texts and the legend measure themselves (with the figure's own renderer): their heights
    # need no whole draw, with its constrained layout and every tick label.
    top = pad + _height(heading) + 0.06
    if legend:
        top += _draw_legend(fig, legend, narrow, top=top) + 0.04
    bottom = 0.05 + _height(source_text) + 0.08
    fig.get_layout_engine().set(rect=(0, bottom / height, 1, 1 - (top + bottom) / height))
    _make_ticks(fig)
    # Article text is data, never mathtext, whatever the caller's rcParams.
    for text in fig.findobj(matplotlib.text.Text):
        text.set_parse_math(False)
    return Chart(
        key=key,
        figure=fig,
        title=title,
        caption=" ".join(words.caption.split()),
        alt=" ".join(words.alt.split()),
        source=source,
        data=data.reset_index(drop=True),
    )


def _wrap_axes_texts(fig: matplotlib.figure.Figure) -> None:
    """Wrap the axis labels and axes titles of *fig* for the narrow layout.

    The report column is wide enough for them on one line; axes side by side share the width.
    """
    chars = 36 // len(fig.axes) if fig.axes else 36
    for ax in fig.axes:
        ax.set_xlabel(textwrap.fill(ax.get_xlabel(), chars))
        ax.set_ylabel(textwrap.fill(ax.get_ylabel(), 30))
        ax.set_title(textwrap.fill(ax.get_title(loc="left"), chars - 4), loc="left")


def _draw_heading(
    fig: matplotlib.figure.Figure, title: str, narrow: bool, *, top: float
) -> matplotlib.text.Text:
    """Draw *title* at the top left of *fig*, *top* inches from the edge, outside the layout."""
    heading = fig.suptitle(
        wrap(title, 58 if narrow else 70, 2),
        x=0.015,
        y=1 - top / fig.get_figheight(),
        ha="left",
        va="top",
    )
    heading.set_in_layout(False)
    return heading


def _draw_source_line(
    fig: matplotlib.figure.Figure, source: str, narrow: bool
) -> matplotlib.text.Text:
    """Draw the *source* line at the bottom left of *fig*, outside the layout."""
    source_text = fig.text(
        0.015,
        0.05 / fig.get_figheight(),
        wrap(source, 100 if narrow else 130, 3, max_chars=400),
        fontsize=max(SOURCE_FONTSIZE, NARROW_MIN_FONTSIZE) if narrow else SOURCE_FONTSIZE,
        color=GREY,
        ha="left",
        va="bottom",
        gid="source-line",
    )
    source_text.set_in_layout(False)
    return source_text


def _draw_legend(
    fig: matplotlib.figure.Figure, handles: Sequence[Any], narrow: bool, *, top: float
) -> float:
    """Draw the legend of *handles* centred *top* inches under the top of *fig*.

    Returns:
        The legend's height in inches.
    """
    box = fig.legend(
        handles=list(handles),
        loc="upper center",
        bbox_to_anchor=(0.5, 1 - top / fig.get_figheight()),
        ncols=_legend_columns(handles),
        frameon=False,
        borderaxespad=0,
        columnspacing=1.4,
        handletextpad=0.5,
    )
    box.set_in_layout(False)
    if narrow:
        _at_least(box, NARROW_MIN_FONTSIZE)
    return _height(box)


def _height(artist: Any) -> float:
    """Return the height in inches of a text or legend, measured with its figure's renderer."""
    return artist.get_window_extent().height / artist.figure.dpi


def _make_ticks(fig: matplotlib.figure.Figure) -> None:
    """Make the tick labels of *fig* now, inside the style, instead of drawing the whole figure.

    The chart is drawn once, when it is rendered. Ticks a draw adds copy the first one's style
    (not its parse_math: those are numeric ticks; labels from article text are set before this).
    """
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            axis.get_major_ticks()
            axis.get_minor_ticks()


def _at_least(artist: Any, fontsize: float) -> None:
    """Draw every text of *artist* (a figure, a legend) at *fontsize* points or larger."""
    for text in artist.findobj(matplotlib.text.Text):
        if text.get_fontsize() < fontsize:
            text.set_fontsize(fontsize)


def no_data(
    *,
    key: str,
    title: str,
    what: str,
    source: str,
    data: pd.DataFrame,
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
    return compose_chart(
        fig,
        key=key,
        title=title,
        words=words or describe_no_data(title, what),
        source=source,
        data=data,
    )


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


def category_rows(ax: Any, labels: Sequence[str]) -> None:
    """Put *labels* on the y axis as categories, the first at the top."""
    category_axis(ax, "y", labels)
    ax.set_ylim(len(labels) - 0.5, -0.5)


def cell_axes(
    ax: Any,
    column_labels: Sequence[str],
    row_labels: Sequence[str],
    *,
    grid_color: str,
    grid_width: float,
) -> None:
    """Label the columns (rotated, on x) and rows (on y) of a grid of cells and draw its lines.

    Args:
        ax: The axes holding one cell per column and row, centred on whole numbers.
        column_labels: One-line column labels, rotated by :data:`ROTATION`.
        row_labels: Row labels (wrapped already).
        grid_color: Colour of the lines between the cells.
        grid_width: Width in points of the lines between the cells.
    """
    category_axis(ax, "x", column_labels, rotation=ROTATION, ha="right", rotation_mode="anchor")
    category_axis(ax, "y", row_labels)
    # The lines between cells are the minor grid, on ticks at the cells' edges.
    ax.set_xticks(np.arange(-0.5, len(column_labels), 1.0), minor=True)
    ax.set_yticks(np.arange(-0.5, len(row_labels), 1.0), minor=True)
    ax.grid(which="minor", color=grid_color, linewidth=grid_width)
    ax.tick_params(which="minor", length=0)


def count_axes(
    ax: Any,
    labels: Sequence[str],
    *,
    xlabel: str,
    ylabel: str,
    most: float | None = None,
    headroom: float = 1.0,
) -> None:
    """Categories on y, first at the top, and whole-number counts on x.

    The counts run from 0 to *most* × *headroom* when *most* is given, leaving room for the labels
    written beside the bars.
    """
    category_rows(ax, labels)
    if most is not None:
        ax.set_xlim(0, int(most) * headroom)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
