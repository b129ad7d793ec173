"""The marks the plot functions share: value labels, 95% CI error bars, legend keys.

Each helper draws one kind of mark the same way in every chart that has it,
so a label beside a bar, a source value with its CI or a hollow legend key
looks alike from chart to chart. The axes themselves (categorical axes, cell
grids) are set up by :mod:`runreport.charts.style`.
"""

from __future__ import annotations

from typing import Any

from matplotlib.lines import Line2D

from runreport.charts.captions import finite
from runreport.charts.style import TEXT


def label_beside(
    ax: Any,
    text: str,
    xy: tuple[float, float],
    *,
    gap: float,
    fontsize: float,
    color: str = TEXT,
    **style: Any,
) -> None:
    """Write *text* to the right of the point *xy*, centred on it vertically.

    Args:
        ax: The axes to write on.
        text: The label.
        xy: The point labelled, in data coordinates.
        gap: Space in points between the point and the text.
        fontsize: Font size in points.
        color: Text colour.
        **style: Further text properties (e.g. ``fontweight``).
    """
    ax.annotate(
        text,
        xy,
        xytext=(gap, 0),
        textcoords="offset points",
        va="center",
        fontsize=fontsize,
        color=color,
        **style,
    )


def bar_end(bar: Any) -> tuple[float, float]:
    """Return the middle of the right-hand end of a horizontal *bar*, where its label goes."""
    return (bar.get_width(), bar.get_y() + bar.get_height() / 2)


def ci_errorbar(
    ax: Any, value: float, y: float, low: Any, high: Any, *, gid: str, **style: Any
) -> bool:
    """Draw *value* as a dot at height *y* with its 95% CI (*low*–*high*) as a horizontal bar.

    The bar is left out when either end of the interval is missing; an end on
    the wrong side of *value* draws as zero length.

    Args:
        ax: The axes to draw on.
        value: The estimate.
        y: Its position on the y axis.
        low: Lower end of the CI (NaN when missing).
        high: Upper end of the CI (NaN when missing).
        gid: SVG id of the dot, the bar and its caps.
        **style: Error bar properties (colour, sizes, zorder).

    Returns:
        Whether the CI was drawn.
    """
    has_ci = finite(low) and finite(high)
    xerr = [[max(value - low, 0.0)], [max(high - value, 0.0)]] if has_ci else None
    bars = ax.errorbar([value], [y], xerr=xerr, fmt="o", **style)
    for artist in bars.get_children():
        artist.set_gid(gid)
    return has_ci


def marker_key(label: str, marker: str, **style: Any) -> Line2D:
    """Return a legend key that is a marker alone (no line).

    Args:
        label: The legend's text.
        marker: Marker symbol ("o", "D", "s", …).
        **style: Line2D properties (``color``, ``markersize``, …).
    """
    return Line2D([], [], linestyle="none", marker=marker, label=label, **style)


def hollow_key(
    label: str, marker: str, color: str, *, markersize: float, markeredgewidth: float | None = None
) -> Line2D:
    """Return a legend key that is an unfilled marker outlined in *color*.

    Args:
        label: The legend's text.
        marker: Marker symbol.
        color: Colour of the outline.
        markersize: Marker size in points.
        markeredgewidth: Outline width in points (None: the style's).
    """
    return marker_key(
        label,
        marker,
        markersize=markersize,
        markerfacecolor="none",
        markeredgecolor=color,
        markeredgewidth=markeredgewidth,
    )


def line_key(label: str, **style: Any) -> Line2D:
    """Return a legend key that is a line, with a marker when *style* names one."""
    return Line2D([], [], label=label, **style)
