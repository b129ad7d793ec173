"""Charts for the report, in one house style (matplotlib).

Takes the DataFrames from :mod:`runreport.analysis` and gives :class:`Chart`
objects: a matplotlib Figure plus everything a publication needs beside it
(key, title, caption, alt text, source line and the exact data it plots).

Every ``plot_*`` function is pure: it takes DataFrames with the columns its
docstring names and returns a :class:`Chart`. It draws inside the house style
(``runreport.mplstyle``, :data:`runreport.config.MPLSTYLE`) through a style
context, so importing or calling this module never changes global rcParams,
and it builds a bare :class:`matplotlib.figure.Figure`, so nothing is left in
pyplot's figure registry (notebooks show a figure only when it is displayed).
Article text is drawn literally (``$…$`` is never mathtext), long labels are
wrapped and cut with "…", and input with no plottable rows gives a valid
chart that says "No data".

Charts (key → function):

- ``claims-vs-sources`` → :func:`plot_claims_vs_sources`
- ``incidence`` → :func:`plot_incidence`
- ``risk`` → :func:`plot_risk`
- ``cause-symptoms`` / ``cause-treatments`` → :func:`plot_mentions_heatmap`
- ``tips-by-category`` → :func:`plot_tips_by_category`
- ``tip-coverage`` → :func:`plot_tip_coverage`
- ``anatomy`` → :func:`plot_anatomy`
- ``prevalence-context`` → :func:`plot_prevalence_context`

:func:`save_chart` writes ``<key>.png`` (150 dpi), ``<key>.svg`` and
``<key>.csv`` with the same bytes on every run.
"""

from __future__ import annotations

import functools
import math
import re
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

import matplotlib
import matplotlib.figure
import matplotlib.style
import matplotlib.text
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from runreport import config


@dataclass
class Chart:
    """A figure with what a reader needs beside it.

    Attributes:
        key: Stable slug, used for file names and the HTML id (``fig-<key>``).
        figure: The matplotlib figure.
        title: Short title (also drawn in the figure).
        caption: One or two sentences saying what the chart shows.
        alt: Alt text written for the chart (what a screen-reader user needs).
        source: Source line ("Source: …").
        data: Exactly the data the chart plots (written as CSV beside it).
    """

    key: str
    figure: matplotlib.figure.Figure
    title: str
    caption: str
    alt: str
    source: str
    data: pd.DataFrame


# --------------------------------------------------------------------------
# House constants
# --------------------------------------------------------------------------

#: Figure width in inches (a ~16 cm report column); heights vary per chart.
FIG_WIDTH = 7.0
#: Default figure height in inches.
FIG_HEIGHT = 4.0
#: Resolution of the PNG files.
PNG_DPI = 150

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
_GREY = "#666666"  # source line and notes; 5.7:1 on white
_MISSING_GREY = "#9A9A9A"
_TEXT = "#222222"
_SOURCE_FONTSIZE = 7.5
_NOTE_FONTSIZE = 8.5

#: Fact-check statuses in legend order, with their marker and colour.
STATUS_STYLE: dict[str, dict[str, str]] = {
    "verified": {"marker": "o", "color": OKABE_ITO["green"]},
    "misattributed": {"marker": "D", "color": OKABE_ITO["orange"]},
    "unsourced": {"marker": "^", "color": OKABE_ITO["vermillion"]},
    "not annotated": {"marker": "s", "color": "#8C8C8C"},
}
_OTHER_STATUS = {"marker": "P", "color": OKABE_ITO["purple"]}

CLAIM_COLUMNS = (
    "line",
    "label",
    "unit",
    "article_value",
    "source_value",
    "ci_low",
    "ci_high",
    "status",
    "contradicts",
)
INCIDENCE_COLUMNS = ("group", "value", "ci_low", "ci_high", "article_value", "article_label")
RISK_COLUMNS = (
    "group",
    "weekly_hours",
    "expected",
    "expected_low",
    "expected_high",
    "p_any",
    "p_any_low",
    "p_any_high",
)
TIP_COLUMNS = ("number", "title", "category")
ANATOMY_COLUMNS = ("section", "words", "products", "related", "quoted", "claims")
CONTEXT_COLUMNS = ("label", "low", "high", "kind", "source")
HEATMAP_KINDS = ("symptom", "treatment")


# --------------------------------------------------------------------------
# Helpers: text, numbers, figures
# --------------------------------------------------------------------------


def _styled(func: Callable[..., Chart]) -> Callable[..., Chart]:
    """Run *func* inside the house style, leaving global rcParams alone."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Chart:
        with matplotlib.style.context(config.MPLSTYLE):
            return func(*args, **kwargs)

    return wrapper


def _missing(value: Any) -> bool:
    """Return True for None, NaN, NA and NaT (and never raise)."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _finite(value: Any) -> bool:
    """Return True when *value* is a finite real number."""
    if _missing(value):
        return False
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def _finite_mask(series: pd.Series) -> pd.Series:
    """Return a boolean Series: True where *series* holds a finite number."""
    return series.map(_finite).astype(bool)


def _clean(value: Any, *, empty: str = "(no label)", max_chars: int = 160) -> str:
    """Return *value* as one line of text, cut to *max_chars* with "…"."""
    if _missing(value):
        return empty
    text = " ".join(str(value).split())
    if not text:
        return empty
    if len(text) > max_chars:
        text = text[: max_chars - 1].rstrip() + "…"
    return text


def _wrap(
    value: Any, width: int, max_lines: int = 2, *, empty: str = "(no label)",
    max_chars: int = 160,
) -> str:
    """Return *value* wrapped to *width* characters, at most *max_lines* lines."""
    text = _clean(value, empty=empty, max_chars=max_chars)
    lines = textwrap.wrap(
        text,
        width=width,
        max_lines=max_lines,
        placeholder=" …",
        break_long_words=True,
        break_on_hyphens=True,
    )
    return "\n".join(lines) if lines else empty


def _num(value: Any) -> str:
    """Format a number for labels and alt text: 17.8, 14, 0.35, 1,234."""
    if not _finite(value):
        return "n/a"
    x = float(value)
    size = abs(x)
    decimals = 0 if size >= 100 else 1 if size >= 1 else 2 if size >= 0.01 else 3
    text = f"{x:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _with_unit(value: Any, unit: Any) -> str:
    """Return "14%" or "17.8 injuries per 1000 hours"."""
    unit_text = _clean(unit, empty="")
    if unit_text == "%":
        return f"{_num(value)}%"
    return f"{_num(value)} {unit_text}".strip()


def _ci_text(low: Any, high: Any, unit: str = "") -> str:
    """Return "95% CI 16.7–19.1" (or "" when the interval is missing)."""
    if not (_finite(low) and _finite(high)):
        return ""
    return f"95% CI {_num(low)}–{_num(high)}{unit}"


def _int_text(value: Any) -> str:
    """Return an integer-looking number without decimals ("7"), or "?"."""
    if not _finite(value):
        return "?"
    x = float(value)
    return str(int(x)) if x.is_integer() else _num(x)


def _relation(article: float, value: Any, low: Any, high: Any) -> str:
    """Say how an article number relates to a source value and its CI."""
    if round(float(article), 1) == round(float(value), 1):
        return "matches"
    if _finite(low) and _finite(high) and float(low) <= float(article) <= float(high):
        return "lies within the 95% CI of"
    return "differs from"


def _listing(items: Sequence[str], limit: int = 12, noun: str = "more") -> str:
    """Join *items* with "; ", ending with "and N more" past *limit*."""
    shown = list(items[:limit])
    if len(items) > limit:
        shown.append(f"and {len(items) - limit} {noun}")
    return "; ".join(shown)


def _quoted(items: Iterable[Any], width: int = 60) -> str:
    """Return the items as "'a', 'b'" (each cleaned and cut)."""
    return ", ".join(f"'{_clean(item, max_chars=width)}'" for item in items)


def _cite(value: Any, width: int = 34) -> str:
    """Shorten a reference to "Author, et al. (2020)" (or cut it to *width*)."""
    text = _clean(value, empty="(no source)", max_chars=200)
    match = re.match(r"^(.{3,60}?\(\d{4}[a-z]?\))", text)
    if match:
        text = match.group(1)
    return _clean(text, max_chars=width)


def _named_sources(frame: pd.DataFrame, mask: pd.Series | None = None) -> list[str]:
    """Return the distinct non-empty values of an optional ``source`` column."""
    if "source" not in frame.columns:
        return []
    values = frame["source"] if mask is None else frame.loc[mask, "source"]
    names = (_clean(v, empty="", max_chars=120) for v in values)
    return [name for name in dict.fromkeys(names) if name]


def _require(frame: pd.DataFrame, columns: Sequence[str], name: str) -> None:
    """Raise ValueError when *frame* is not a DataFrame with *columns*."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, not {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} is missing column(s): {', '.join(missing)}")


def _numeric(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """Return a copy of *frame* with *columns* as float (bad values → NaN)."""
    out = frame.copy()
    for column in columns:
        out[column] = pd.to_numeric(out[column], errors="coerce").astype(float)
    return out


def _new_figure(height: float = FIG_HEIGHT) -> matplotlib.figure.Figure:
    """Return a bare Figure (not registered with pyplot) at report width."""
    return matplotlib.figure.Figure(figsize=(FIG_WIDTH, height), layout="constrained")


def _legend_columns(handles: Sequence[Any]) -> int:
    """Return how many legend columns fit the figure width (one or two rows)."""
    widths = [len(str(h.get_label())) * 5.2 + 34 for h in handles]  # points at 8.5 pt
    if sum(widths) <= FIG_WIDTH * 72 - 30:
        return len(handles)
    return math.ceil(len(handles) / 2)


def _finish(
    fig: matplotlib.figure.Figure,
    *,
    key: str,
    title: str,
    caption: str,
    alt: str,
    source: str,
    data: pd.DataFrame,
    legend: Sequence[Any] | None = None,
) -> Chart:
    """Draw title, legend and source line on *fig* and wrap it all in a Chart.

    The title sits at the top, the legend (if any) under it, the source line
    at the bottom; the constrained layout gets the space between them, so a
    legend never covers data and nothing overlaps the title.
    """
    title = _clean(title, empty="Chart")
    source = _clean(source, empty="Source: not given", max_chars=400)
    height = fig.get_figheight()
    pad = 0.08  # inches

    heading = fig.suptitle(_wrap(title, 70, 2), x=0.015, y=1 - pad / height,
                           ha="left", va="top")
    heading.set_in_layout(False)
    source_text = fig.text(0.015, 0.05 / height, _wrap(source, 130, 3, max_chars=400),
                           fontsize=_SOURCE_FONTSIZE, color=_GREY, ha="left", va="bottom",
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
        caption=" ".join(caption.split()),
        alt=" ".join(alt.split()),
        source=source,
        data=data.reset_index(drop=True),
    )


def _no_data(
    *, key: str, title: str, what: str, source: str, data: pd.DataFrame
) -> Chart:
    """Return a valid chart that says there is nothing to plot."""
    fig = _new_figure(2.4)
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.text(
        0.5,
        0.5,
        _wrap(f"No data: {what}.", 70, 3),
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=11,
        color=_GREY,
        gid="no-data",
    )
    return _finish(
        fig,
        key=key,
        title=title,
        caption=f"No data to chart: {what}.",
        alt=f"{title}: no data to chart; {what}.",
        source=source,
        data=data,
    )


_ROTATION = 40  # degrees, for one-line column labels


def _rotated_height(labels: Sequence[str], fontsize: float = 9.0) -> float:
    """Return the height in inches that one-line labels rotated by _ROTATION need."""
    longest = max((len(label) for label in labels), default=0)
    return longest * fontsize * 0.58 / 72 * math.sin(math.radians(_ROTATION)) + 0.15


def _category_axis(ax: Any, axis: str, labels: Sequence[str], **kwargs: Any) -> None:
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


# --------------------------------------------------------------------------
# 1. Claims against sources
# --------------------------------------------------------------------------


def _unit_title(unit: str) -> str:
    return "Percentages (%)" if unit == "%" else _wrap(f"Rates ({unit})", 60, 1)


@_styled
def plot_claims_vs_sources(fact_check: pd.DataFrame, *, source: str | None = None) -> Chart:
    """Chart each numeric claim of the article against its source.

    One panel per unit (e.g. % and injuries per 1000 hours). Each claim's
    article value is marked by fact-check status; the source value, where
    there is one, is drawn in black with its 95% CI; claims that contradict
    another claim are ringed and labelled ("contradicts line 81").

    Args:
        fact_check: Columns ``line`` (int), ``label``, ``unit``,
            ``article_value``, ``source_value`` (NaN when unsourced),
            ``ci_low``, ``ci_high`` (NaN allowed), ``status`` (verified,
            misattributed, unsourced, not annotated) and ``contradicts``
            ("" or e.g. "line 81").
        source: Source line. When None, a default names the article and, if
            *fact_check* has an optional ``source`` column, the references of
            the sourced claims (extra columns are otherwise ignored).

    Returns:
        Chart with key ``claims-vs-sources``; ``data`` holds the plotted rows
        (claims with an article value), sorted by line.
    """
    key = "claims-vs-sources"
    title = "The article's numbers against their sources"
    _require(fact_check, CLAIM_COLUMNS, "fact_check")
    named = _named_sources(fact_check, _finite_mask(
        pd.to_numeric(fact_check["source_value"], errors="coerce")))
    source = source or (
        "Source: the article (numbers and line numbers); source values and 95% CIs from "
        + ("; ".join(named) if named else "the fact-check annotations") + "."
    )
    frame = _numeric(
        fact_check.loc[:, list(CLAIM_COLUMNS)],
        ["article_value", "source_value", "ci_low", "ci_high"],
    )
    data = frame[_finite_mask(frame["article_value"])]
    data = data.sort_values("line", kind="stable").reset_index(drop=True)
    omitted = len(frame) - len(data)
    if data.empty:
        return _no_data(
            key=key,
            title=title,
            what="the article states no numeric claims",
            source=source,
            data=data,
        )

    units = data["unit"].map(lambda u: _clean(u, empty="(no unit)"))
    panels = list(dict.fromkeys(units))
    counts = [int((units == unit).sum()) for unit in panels]
    height = max(FIG_HEIGHT, 1.55 + sum(0.52 * n + 0.85 for n in counts))
    fig = _new_figure(height)
    axes = fig.subplots(
        len(panels), 1, squeeze=False, height_ratios=[n + 1.0 for n in counts]
    )[:, 0]

    statuses_seen: dict[str, dict[str, str]] = {}
    any_source = any_contradiction = False
    offset = 0.17
    for ax, unit in zip(axes, panels, strict=True):
        rows = data[units == unit].reset_index(drop=True)
        y = np.arange(len(rows), dtype=float)
        for status, group in rows.groupby(
            rows["status"].map(lambda s: _clean(s, empty="not annotated")), sort=False
        ):
            style = STATUS_STYLE.get(status, _OTHER_STATUS)
            statuses_seen[status] = style
            ax.scatter(
                group["article_value"],
                y[group.index] - offset,
                marker=style["marker"],
                s=62,
                color=style["color"],
                edgecolors="white",
                linewidths=0.6,
                zorder=4,
                gid="article-value",
            )
        for i, row in rows.iterrows():
            label = _with_unit(row["article_value"], unit if unit == "%" else "")
            contradicts = _clean(row["contradicts"], empty="")
            if contradicts:
                any_contradiction = True
                ax.scatter(
                    [row["article_value"]],
                    [y[i] - offset],
                    s=250,
                    facecolors="none",
                    edgecolors=OKABE_ITO["vermillion"],
                    linewidths=1.5,
                    zorder=5,
                    gid="contradiction",
                )
                label += f"   contradicts {_clean(contradicts, max_chars=30)}"
            ax.annotate(
                label,
                (row["article_value"], y[i] - offset),
                xytext=(11 if contradicts else 8, 0),
                textcoords="offset points",
                va="center",
                fontsize=8.5,
                color=OKABE_ITO["vermillion"] if contradicts else _TEXT,
                fontweight="bold" if contradicts else "normal",
            )
            if _finite(row["source_value"]):
                any_source = True
                value = row["source_value"]
                has_ci = _finite(row["ci_low"]) and _finite(row["ci_high"])
                xerr = (
                    [[max(value - row["ci_low"], 0.0)], [max(row["ci_high"] - value, 0.0)]]
                    if has_ci
                    else None
                )
                bars = ax.errorbar(
                    [value],
                    [y[i] + offset],
                    xerr=xerr,
                    fmt="o",
                    color=OKABE_ITO["black"],
                    markersize=4.5,
                    elinewidth=1.3,
                    capsize=3,
                    zorder=3,
                )
                for artist in bars.get_children():
                    artist.set_gid("source-value")
                end = row["ci_high"] if has_ci else value
                text = f"source {_num(value)}"
                if has_ci:
                    text += f" ({_num(row['ci_low'])}–{_num(row['ci_high'])})"
                ax.annotate(
                    text,
                    (max(end, value), y[i] + offset),
                    xytext=(6, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=8,
                    color="#444444",
                )
        _category_axis(ax, "y", [_wrap(label, 28, 3) for label in rows["label"]])
        ax.set_ylim(len(rows) - 0.5, -0.5)
        values = pd.concat(
            [rows["article_value"], rows["source_value"], rows["ci_low"], rows["ci_high"]]
        )
        values = values[_finite_mask(values)]
        low, high = min(0.0, float(values.min())), max(0.0, float(values.max()))
        span = (high - low) or 1.0
        ax.set_xlim(low - 0.02 * span, high + 0.62 * span)
        ax.set_title(_unit_title(unit))
        ax.set_xlabel(f"Value ({unit})")

    handles: list[Any] = [
        Line2D([], [], linestyle="none", marker=style["marker"], color=style["color"],
               markersize=7, label=f"article: {_clean(status, max_chars=30)}")
        for status, style in statuses_seen.items()
    ]
    if any_source:
        handles.append(
            Line2D([], [], color="black", marker="o", markersize=4.5,
                   label="source value, 95% CI")
        )
    if any_contradiction:
        handles.append(
            Line2D([], [], linestyle="none", marker="o", markersize=11,
                   markerfacecolor="none", markeredgecolor=OKABE_ITO["vermillion"],
                   markeredgewidth=1.5, label="contradicts another claim")
        )
    legend = handles

    by_line = {
        str(int(line)): value
        for line, value in zip(data["line"], data["article_value"], strict=True)
        if _finite(line)
    }
    units_list = data["unit"].map(lambda u: _clean(u, empty=""))
    descriptions = []
    for i, row in data.iterrows():
        unit = units_list[i]
        text = (
            f"{_clean(row['label'], max_chars=80)}: {_with_unit(row['article_value'], unit)}, "
            f"{_clean(row['status'], empty='not annotated')}"
        )
        if _finite(row["source_value"]):
            relation = _relation(row["article_value"], row["source_value"],
                                 row["ci_low"], row["ci_high"])
            ci = _ci_text(row["ci_low"], row["ci_high"])
            text += (
                f"; the article's {_num(row['article_value'])} {relation} the source's "
                f"{_num(row['source_value'])}" + (f" ({ci})" if ci else "")
            )
        contradicts = _clean(row["contradicts"], empty="")
        if contradicts:
            text += f"; contradicts {contradicts}"
            match = re.search(r"\d+", contradicts)
            if match and match.group() in by_line and "(" not in contradicts:
                text += f" ({_with_unit(by_line[match.group()], unit)})"
        descriptions.append(text)
    alt = (
        f"Dot chart of {len(data)} numeric claims from the article, one panel per unit "
        f"({'; '.join(panels)}); each article value is marked by its fact-check status, "
        f"with the source value and its 95% CI beside it where there is one. "
        f"{_listing(descriptions, 15, 'more claims')}."
    )
    caption = (
        "Each number the article states (coloured marker; shape and colour give the "
        "fact-check status) beside the value in its source with the 95% confidence "
        "interval (black)"
        + ("; an orange-red ring and label mark claims that contradict another claim."
           if any_contradiction else ".")
    )
    if omitted:
        caption += f" {omitted} claim(s) without a number are not shown."
    return _finish(fig, legend=legend, key=key, title=title, caption=caption, alt=alt,
                   source=source, data=data)


# --------------------------------------------------------------------------
# 2. Incidence
# --------------------------------------------------------------------------


@_styled
def plot_incidence(incidence: pd.DataFrame, *, source: str | None = None) -> Chart:
    """Chart injury incidence per group with 95% CIs and the article's figures.

    Args:
        incidence: Columns ``group``, ``value``, ``ci_low``, ``ci_high``
            (injuries per 1000 hours), ``article_value`` (NaN when the article
            gives no figure for the group) and ``article_label``; an optional
            ``source`` column names the references in the default source line.
        source: Source line; built from the data when None.

    Returns:
        Chart with key ``incidence``; ``data`` holds the rows with a value or an
        article value, in input order (first row on top).
    """
    key = "incidence"
    title = "Running injuries per 1000 hours, by runner group"
    unit = "injuries per 1000 hours"
    _require(incidence, INCIDENCE_COLUMNS, "incidence")
    named = _named_sources(incidence)
    source = source or (
        "Source: incidence and 95% CIs from "
        + ("; ".join(named) if named else "the fact-check's literature")
        + "; article figures from the article text."
    )
    frame = _numeric(incidence.loc[:, list(INCIDENCE_COLUMNS)],
                     ["value", "ci_low", "ci_high", "article_value"])
    keep = _finite_mask(frame["value"]) | _finite_mask(frame["article_value"])
    data = frame[keep].reset_index(drop=True)
    if data.empty:
        return _no_data(key=key, title=title, what="no incidence figures",
                        source=source, data=data)

    n = len(data)
    fig = _new_figure(max(3.6, 1.9 + 1.0 * n))
    ax = fig.add_subplot()
    y = np.arange(n, dtype=float)
    any_value = any_article = False
    article_labels: list[tuple[int, float, str]] = []
    for i, row in data.iterrows():
        if _finite(row["value"]):
            any_value = True
            value = row["value"]
            has_ci = _finite(row["ci_low"]) and _finite(row["ci_high"])
            xerr = (
                [[max(value - row["ci_low"], 0.0)], [max(row["ci_high"] - value, 0.0)]]
                if has_ci
                else None
            )
            bars = ax.errorbar([value], [y[i]], xerr=xerr, fmt="o", color=OKABE_ITO["blue"],
                               markersize=7, elinewidth=1.6, capsize=4, zorder=3)
            for artist in bars.get_children():
                artist.set_gid("estimate")
            ci = f" ({_num(row['ci_low'])}–{_num(row['ci_high'])})" if has_ci else ""
            ax.annotate(f"{_num(value)}{ci}", (value, y[i]), xytext=(0, 9),
                        textcoords="offset points", ha="center", va="bottom",
                        fontsize=8.5, color=_TEXT)
        if _finite(row["article_value"]):
            any_article = True
            ax.scatter([row["article_value"]], [y[i]], marker="D", s=120,
                       facecolors="none", edgecolors=OKABE_ITO["orange"],
                       linewidths=2.0, zorder=4, gid="article-value")
            label = _clean(row["article_label"], empty="article", max_chars=90)
            article_labels.append((i, row["article_value"],
                                   _wrap(f"{_num(row['article_value'])} — {label}", 44, 2)))
    _category_axis(ax, "y", [_wrap(g, 22, 2, empty="(no group)") for g in data["group"]])
    ax.set_ylim(n - 0.4, -0.6)
    values = pd.concat([data["value"], data["ci_high"], data["article_value"]])
    high = float(values[_finite_mask(values)].max())
    low = float(pd.concat([data["value"], data["ci_low"], data["article_value"]])
                .map(lambda v: v if _finite(v) else np.nan).min())
    ax.set_xlim(min(0.0, low), max(high, 1e-9) * 1.18)
    left, right = ax.get_xlim()
    for i, x, text in article_labels:
        where = (x - left) / ((right - left) or 1.0)
        ha = "left" if where < 0.35 else "right" if where > 0.65 else "center"
        ax.annotate(text, (x, y[i]), xytext=({"left": -6, "right": 6, "center": 0}[ha], -11),
                    textcoords="offset points", ha=ha, va="top", fontsize=8.5,
                    color="#7A4F00")
    ax.set_xlabel(f"Incidence ({unit} of running)")

    handles: list[Any] = []
    if any_value:
        handles.append(Line2D([], [], color=OKABE_ITO["blue"], marker="o",
                              label="incidence, 95% CI"))
    if any_article:
        handles.append(Line2D([], [], linestyle="none", marker="D", markersize=8,
                              markerfacecolor="none", markeredgecolor=OKABE_ITO["orange"],
                              markeredgewidth=2.0, label="the article's figure"))
    legend = handles

    parts = []
    for _, row in data.iterrows():
        group = _clean(row["group"], empty="(no group)", max_chars=60)
        text = group + ": "
        if _finite(row["value"]):
            ci = _ci_text(row["ci_low"], row["ci_high"])
            text += _num(row["value"]) + (f" ({ci})" if ci else "")
        else:
            text += "no literature value"
        if _finite(row["article_value"]):
            label = _clean(row["article_label"], empty="article", max_chars=60)
            text += f"; the article's {_num(row['article_value'])} ({label})"
            if _finite(row["value"]):
                text += " " + _relation(row["article_value"], row["value"],
                                        row["ci_low"], row["ci_high"]) + " it"
        parts.append(text)
    alt = (
        f"Dot chart of running-related injury incidence in {unit} for {n} group(s), "
        f"with 95% confidence intervals and the article's figures as hollow diamonds. "
        f"{_listing(parts)}."
    )
    caption = (
        "Each blue dot is a group's incidence in the literature, with its 95% confidence "
        "interval; the hollow orange diamond is the figure the article gives for that group."
    )
    return _finish(fig, legend=legend, key=key, title=title, caption=caption, alt=alt,
                   source=source, data=data)


# --------------------------------------------------------------------------
# 3. Risk over a season
# --------------------------------------------------------------------------


def _hours(value: Any) -> str:
    """Return "1 hour" or "2.5 hours"."""
    return f"{_num(value)} hour" + ("" if _num(value) == "1" else "s")


def _risk_text(row: pd.Series) -> str:
    """Describe one row of the risk frame for alt text."""
    ci = _ci_text(row["expected_low"], row["expected_high"])
    p = _num(row["p_any"] * 100) + "%" if _finite(row["p_any"]) else "n/a"
    return (f"{_num(row['expected'])} expected injuries" + (f" ({ci})" if ci else "")
            + f" and a chance of at least one of {p}")


@_styled
def plot_risk(risk: pd.DataFrame, weeks: int, *, source: str | None = None) -> Chart:
    """Chart expected injuries and P(at least one) over a season, by weekly hours.

    Two panels side by side, a line per group with its 95% CI as a band.

    Args:
        risk: Columns ``group``, ``weekly_hours``, ``expected``,
            ``expected_low``, ``expected_high`` (injuries in the season),
            ``p_any``, ``p_any_low``, ``p_any_high`` (probabilities, 0..1).
        weeks: Season length in weeks (a positive integer), used in labels.
        source: Source line; a generic default when None.

    Returns:
        Chart with key ``risk``; ``data`` holds the plotted rows, ``p_*`` still
        as 0..1 (the chart shows them as %), sorted by group then hours.

    Raises:
        ValueError: When *weeks* is not a positive integer.
    """
    if isinstance(weeks, bool) or not isinstance(weeks, (int, np.integer)) or weeks < 1:
        raise ValueError(f"weeks must be a positive integer, not {weeks!r}")
    weeks = int(weeks)
    key = "risk"
    title = f"Injury risk over a season of {weeks} weeks, by weekly running hours"
    source = source or (
        "Source: model from the incidence rates per 1000 hours and their 95% CIs "
        "(fact-check literature)."
    )
    _require(risk, RISK_COLUMNS, "risk")
    frame = _numeric(risk.loc[:, list(RISK_COLUMNS)], RISK_COLUMNS[1:])
    keep = _finite_mask(frame["weekly_hours"]) & (
        _finite_mask(frame["expected"]) | _finite_mask(frame["p_any"])
    )
    data = frame[keep]
    groups = data["group"].map(lambda g: _clean(g, empty="(no group)", max_chars=60))
    order = {g: i for i, g in enumerate(dict.fromkeys(groups))}
    data = (
        data.assign(_order=groups.map(order))
        .sort_values(["_order", "weekly_hours"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )
    groups = data["group"].map(lambda g: _clean(g, empty="(no group)", max_chars=60))
    caption = (
        f"Left, the expected number of injuries; right, the chance of at least one; a line per "
        f"runner group with its shaded 95% CI band. Model: Poisson with a constant "
        f"injury rate, expected = rate × hours / 1000 (hours = weekly hours × {weeks}), "
        f"P(≥1) = 1 − e^(−expected); the bands come from the rate's 95% CI."
    )
    if data.empty:
        chart = _no_data(key=key, title=title, what="no risk figures", source=source,
                         data=data)
        chart.caption = "No data to chart. " + caption.split(". ", 1)[1]
        return chart

    fig = _new_figure(FIG_HEIGHT)
    ax_e, ax_p = fig.subplots(1, 2)
    colours = [OKABE_ITO[c] for c in ("blue", "orange", "green", "vermillion", "purple",
                                      "sky", "black")]
    handles: list[Any] = []
    any_band = False
    for i, group in enumerate(order):
        rows = data[groups == group]
        colour = colours[i % len(colours)]
        hours = rows["weekly_hours"].to_numpy(float)
        for ax, mid, low, high, scale in (
            (ax_e, "expected", "expected_low", "expected_high", 1.0),
            (ax_p, "p_any", "p_any_low", "p_any_high", 100.0),
        ):
            ax.plot(hours, rows[mid].to_numpy(float) * scale, color=colour, marker="o",
                    markersize=3.5, gid=f"line-{mid}")
            lo = rows[low].to_numpy(float) * scale
            hi = rows[high].to_numpy(float) * scale
            if np.isfinite(lo).any() and np.isfinite(hi).any():
                any_band = True
                ax.fill_between(hours, lo, hi, color=colour, alpha=0.18, linewidth=0,
                                gid=f"band-{mid}")
        handles.append(Line2D([], [], color=colour, marker="o", markersize=3.5,
                              label=_wrap(group, 30, 1)))
    if any_band:
        handles.append(Patch(facecolor="#999999", alpha=0.35, label="95% CI"))
    ax_e.set_title("Expected injuries")
    ax_e.set_ylabel(f"Expected injuries in {weeks} weeks (count)")
    ax_p.set_title("Chance of at least one injury")
    ax_p.set_ylabel("P(at least one injury) (%)")
    for ax in (ax_e, ax_p):
        ax.set_xlabel("Weekly running (hours per week)")
        ax.set_xlim(left=min(0.0, float(data["weekly_hours"].min())))
        ax.set_ylim(bottom=0)
    top = ax_p.get_ylim()[1]
    ax_p.set_ylim(0, min(100.0, top))
    legend = handles

    parts = []
    for group in order:
        rows = data[groups == group]
        first, last = rows.iloc[0], rows.iloc[-1]
        text = f"{group}: at {_hours(first['weekly_hours'])} a week, " + _risk_text(first)
        if len(rows) > 1:
            text += (f"; at {_hours(last['weekly_hours'])} a week, "
                     + _risk_text(last))
        parts.append(text)
    alt = (
        f"Two line charts side by side, one line per group ({len(order)}) with a shaded 95% CI "
        f"band: expected injuries over {weeks} weeks (left) and the probability of at least "
        f"one injury in % (right), against weekly running hours. {_listing(parts)}."
    )
    return _finish(fig, legend=legend, key=key, title=title, caption=caption, alt=alt,
                   source=source, data=data)


# --------------------------------------------------------------------------
# 4. Mentions heatmap
# --------------------------------------------------------------------------


@_styled
def plot_mentions_heatmap(
    matrix: pd.DataFrame, kind: str, *, source: str | None = None
) -> Chart:
    """Chart how often each cause mentions each symptom or treatment term.

    Args:
        matrix: Index = cause labels, columns = terms, integer counts (0 and
            NaN allowed; NaN cells are drawn grey with "–").
        kind: "symptom" or "treatment" (names the key and the labels).
        source: Source line; a generic default when None.

    Returns:
        Chart with key ``cause-symptoms`` or ``cause-treatments``; ``data`` is the
        matrix in long form: ``cause``, ``term``, ``mentions``.

    Raises:
        ValueError: When *kind* is not "symptom" or "treatment".
    """
    if kind not in HEATMAP_KINDS:
        raise ValueError(f"kind must be one of {HEATMAP_KINDS}, not {kind!r}")
    if not isinstance(matrix, pd.DataFrame):
        raise TypeError(f"matrix must be a pandas DataFrame, not {type(matrix).__name__}")
    key = f"cause-{kind}s"
    title = f"Which {kind}s each cause mentions"
    source = source or (
        f"Source: the article's cause sections, counted against the {kind} lexicon."
    )
    values = matrix.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    causes = [_clean(c, empty="(no label)") for c in matrix.index]
    terms = [_clean(t, empty="(no term)") for t in matrix.columns]
    n_rows, n_cols = values.shape
    mentions = pd.Series(values.ravel(), dtype=float)
    if _finite_mask(mentions).all() and (mentions % 1 == 0).all():
        mentions = mentions.astype("int64")
    data = pd.DataFrame({
        "cause": pd.Series(np.repeat(np.array(causes, dtype=object), n_cols), dtype=object),
        "term": pd.Series(np.tile(np.array(terms, dtype=object), n_rows), dtype=object),
        "mentions": mentions,
    })
    if n_rows == 0 or n_cols == 0:
        return _no_data(key=key, title=title,
                        what=f"no causes or no {kind} terms to count", source=source,
                        data=data)

    col_labels = [_clean(t, max_chars=26) for t in terms]
    height = max(3.2, 1.4 + 0.42 * n_rows + _rotated_height(col_labels))
    fig = _new_figure(height)
    ax = fig.add_subplot()
    finite = values[np.isfinite(values)]
    vmax = max(1.0, float(finite.max()) if finite.size else 1.0)
    cmap = matplotlib.colormaps["Blues"].with_extremes(bad="#E4E4E4")
    image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, vmin=0, vmax=vmax,
                      aspect="auto", interpolation="nearest")
    image.set_gid("heatmap")
    # Axes are about 4.6 in wide; keep cell text inside its cell.
    cell_pt = min(4.6 * 72 / n_cols, 0.42 * 72)
    fontsize = float(np.clip(cell_pt * 0.42, 6.0, 9.5))
    for (i, j), value in np.ndenumerate(values):
        if np.isfinite(value):
            text = _int_text(value)
            colour = "white" if value / vmax > 0.55 else _TEXT
        else:
            text, colour = "–", _GREY
        ax.text(j, i, text, ha="center", va="center", fontsize=fontsize, color=colour,
                gid="cell")
    _category_axis(ax, "x", col_labels, rotation=_ROTATION, ha="right",
                   rotation_mode="anchor")
    _category_axis(ax, "y", [_wrap(c, 30, 2) for c in causes])
    ax.set_xticks(np.arange(-0.5, n_cols, 1.0), minor=True)
    ax.set_yticks(np.arange(-0.5, n_rows, 1.0), minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xlabel(f"{kind.capitalize()} term (cell: number of mentions)")
    ax.set_ylabel("Cause (article heading)")
    bar = fig.colorbar(image, ax=ax, shrink=0.9, pad=0.02, aspect=25)
    bar.set_label("mentions")
    bar.ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    bar.outline.set_visible(False)

    total = float(np.nansum(values))
    alt = (
        f"Heatmap of how often each of the article's {n_rows} cause(s) mentions each of "
        f"{n_cols} {kind} term(s); darker cells hold more mentions "
        f"({_num(total)} in all). "
    )
    if total == 0:
        alt += f"No cause mentions any of the {kind} terms: every cell is 0 or missing."
    else:
        col_totals = np.nansum(values, axis=0)
        top = int(np.argmax(col_totals))
        top_cause = int(np.nanargmax(np.where(np.isfinite(values[:, top]), values[:, top], -1)))
        alt += (
            f"Most mentioned: '{terms[top]}' ({_num(col_totals[top])} mentions, "
            f"{_num(values[top_cause, top])} of them under '{causes[top_cause]}'). "
        )
        silent = [causes[i] for i in range(n_rows) if np.nansum(values[i]) == 0]
        unused = [terms[j] for j in range(n_cols) if col_totals[j] == 0]
        if silent:
            alt += f"Causes that mention no {kind}: {_quoted(silent[:10])}. "
        if unused:
            alt += f"{kind.capitalize()} terms never mentioned: {_quoted(unused[:15])}."
    if n_rows * n_cols <= 30 and total > 0:
        cells = [
            f"{causes[i]} × {terms[j]}: {_int_text(values[i, j])}"
            for i in range(n_rows)
            for j in range(n_cols)
            if np.isfinite(values[i, j]) and values[i, j] > 0
        ]
        alt += " Non-zero cells: " + "; ".join(cells) + "."
    caption = (
        f"Rows are the article's cause sections and columns the {kind} terms; the number "
        f"in a cell is the count of mentions (darker blue = more"
        + ("; grey with a dash = missing)." if not np.isfinite(values).all() else ").")
    )
    if total == 0:
        caption += f" No cause names any of these {kind}s."
    return _finish(fig, key=key, title=title, caption=caption, alt=alt,
                   source=source, data=data)


# --------------------------------------------------------------------------
# 5. Tips by category
# --------------------------------------------------------------------------


@_styled
def plot_tips_by_category(tips: pd.DataFrame, *, source: str | None = None) -> Chart:
    """Chart how many tips fall in each category, with the tips' numbers.

    Args:
        tips: Columns ``number``, ``title`` and ``category`` (missing or
            empty categories count as "not annotated").
        source: Source line; a generic default when None.

    Returns:
        Chart with key ``tips-by-category``; ``data`` has one row per bar:
        ``category``, ``tips`` (count) and ``tip_numbers`` ("1, 4, 7").
    """
    key = "tips-by-category"
    title = "The article's tips by category"
    source = source or "Source: the article's tips; categories from the annotations."
    _require(tips, TIP_COLUMNS, "tips")
    frame = tips.loc[:, list(TIP_COLUMNS)].copy()
    frame["category"] = frame["category"].map(
        lambda c: _clean(c, empty="not annotated", max_chars=80))
    frame["_number"] = pd.to_numeric(frame["number"], errors="coerce")
    rows = []
    for category, group in frame.groupby("category", sort=False):
        numbers = group["_number"].sort_values(kind="stable")
        rows.append({
            "category": category,
            "tips": len(group),
            "tip_numbers": ", ".join(_int_text(n) for n in numbers),
        })
    data = pd.DataFrame(rows, columns=["category", "tips", "tip_numbers"])
    if data.empty:
        return _no_data(key=key, title=title, what="the article has no tips",
                        source=source, data=data.astype({"tips": "int64"}))
    data["_last"] = data["category"].eq("not annotated")
    data = (data.sort_values(["_last", "tips", "category"], ascending=[True, False, True],
                             kind="stable")
            .drop(columns="_last").reset_index(drop=True))
    data["tips"] = data["tips"].astype("int64")

    n = len(data)
    fig = _new_figure(max(3.2, 1.8 + 0.45 * n))
    ax = fig.add_subplot()
    colours = [_MISSING_GREY if c == "not annotated" else OKABE_ITO["blue"]
               for c in data["category"]]
    bars = ax.barh(np.arange(n), data["tips"], color=colours, height=0.62, gid="bars")
    for bar, numbers in zip(bars, data["tip_numbers"], strict=True):
        word = "tip" if "," not in numbers else "tips"
        ax.annotate(_wrap(f"{word} {numbers}", 42, 2), (bar.get_width(),
                    bar.get_y() + bar.get_height() / 2), xytext=(5, 0),
                    textcoords="offset points", va="center", fontsize=8.5, color=_TEXT)
    _category_axis(ax, "y", [_wrap(c, 24, 2) for c in data["category"]])
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(0, int(data["tips"].max()) * 1.75)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("Number of tips (count)")
    ax.set_ylabel("Category")

    total = int(data["tips"].sum())
    if n == 1 and data["category"].iloc[0] == "not annotated":
        alt = (f"One grey bar: none of the article's {total} tips has a category yet "
               f"(tips {data['tip_numbers'].iloc[0]}).")
        caption = (f"None of the {total} tips has a category annotation yet, so all of them "
                   "sit in one 'not annotated' bar.")
    else:
        parts = [f"{_clean(c, max_chars=60)} {t} (tips {nums})"
                 for c, t, nums in zip(data["category"], data["tips"], data["tip_numbers"],
                                       strict=True)]
        alt = (f"Horizontal bar chart of the article's {total} tips in {n} categories: "
               f"{_listing(parts)}.")
        caption = ("Bar length is the number of tips; the labels beside each bar list those "
                   "tips' numbers in the article"
                   + (" (grey: tips without a category)." if data["category"].eq(
                       "not annotated").any() else "."))
    return _finish(fig, key=key, title=title, caption=caption, alt=alt,
                   source=source, data=data)


# --------------------------------------------------------------------------
# 6. Tip coverage
# --------------------------------------------------------------------------


@_styled
def plot_tip_coverage(coverage: pd.DataFrame, *, source: str | None = None) -> Chart:
    """Chart which tip addresses which cause, flagging gaps on both sides.

    Causes that no tip addresses and tips that address no listed cause get
    orange-red (Okabe–Ito vermillion) labels and a shaded column or row.

    Args:
        coverage: Index = tip labels, columns = cause labels, values 1 (the
            tip addresses the cause), 0 (it does not) or NaN (unknown, "?").
        source: Source line; a generic default when None.

    Returns:
        Chart with key ``tip-coverage``; ``data`` is the grid in long form:
        ``tip``, ``cause``, ``addresses`` (1, 0 or missing).
    """
    key = "tip-coverage"
    title = "Which causes the tips address"
    source = source or "Source: the article's causes and tips; links from the annotations."
    if not isinstance(coverage, pd.DataFrame):
        raise TypeError(f"coverage must be a pandas DataFrame, not {type(coverage).__name__}")
    values = coverage.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    tips = [_clean(t, empty="(no label)") for t in coverage.index]
    causes = [_clean(c, empty="(no label)") for c in coverage.columns]
    n_rows, n_cols = values.shape
    addressed = np.where(np.isfinite(values), (values > 0).astype(float), np.nan)
    data = pd.DataFrame({
        "tip": pd.Series(np.repeat(np.array(tips, dtype=object), n_cols), dtype=object),
        "cause": pd.Series(np.tile(np.array(causes, dtype=object), n_rows), dtype=object),
        "addresses": pd.array(
            [None if not np.isfinite(v) else int(v) for v in addressed.ravel()],
            dtype="Int64"),
    })
    if n_rows == 0 or n_cols == 0:
        return _no_data(key=key, title=title, what="no tips or no causes to compare",
                        source=source, data=data)

    hits = addressed == 1
    lonely_causes = [j for j in range(n_cols) if not hits[:, j].any()]
    idle_tips = [i for i in range(n_rows) if not hits[i].any()]
    col_labels = [_clean(c, max_chars=32) for c in causes]
    height = max(3.6, 1.9 + 0.36 * n_rows + _rotated_height(col_labels))
    fig = _new_figure(height)
    ax = fig.add_subplot()
    red = OKABE_ITO["vermillion"]
    for j in lonely_causes:
        ax.axvspan(j - 0.5, j + 0.5, color=red, alpha=0.12, linewidth=0, zorder=0)
    for i in idle_tips:
        ax.axhspan(i - 0.5, i + 0.5, color=red, alpha=0.12, linewidth=0, zorder=0)
    rows, cols = np.nonzero(hits)
    cell_pt = min(4.4 * 72 / n_cols, 0.36 * 72)
    ax.scatter(cols, rows, marker="s", s=(cell_pt * 0.55) ** 2, color=OKABE_ITO["blue"],
               zorder=3, gid="addresses")
    rows0, cols0 = np.nonzero(addressed == 0)
    ax.scatter(cols0, rows0, marker="o", s=9, color="#C8C8C8", zorder=2, gid="not-addressed")
    rows_u, cols_u = np.nonzero(~np.isfinite(addressed))
    ax.scatter(cols_u, rows_u, marker="o", s=(cell_pt * 0.3) ** 2, facecolors="none",
               edgecolors=_GREY, linewidths=1.0, linestyle="--", zorder=2, gid="unknown")
    _category_axis(ax, "x", col_labels, rotation=_ROTATION, ha="right",
                   rotation_mode="anchor")
    _category_axis(ax, "y", [_wrap(t, 30, 2) for t in tips])
    for j in lonely_causes:
        ax.get_xticklabels()[j].set(color=red, fontweight="bold")
    for i in idle_tips:
        ax.get_yticklabels()[i].set(color=red, fontweight="bold")
    ax.set_xlim(-0.5, n_cols - 0.5)
    ax.set_ylim(n_rows - 0.5, -0.5)
    ax.set_xticks(np.arange(-0.5, n_cols, 1.0), minor=True)
    ax.set_yticks(np.arange(-0.5, n_rows, 1.0), minor=True)
    ax.grid(which="major", visible=False)
    ax.grid(which="minor", color="#E6E6E6", linewidth=0.8)
    ax.tick_params(which="minor", length=0)
    ax.set_xlabel("Cause (article heading)")
    ax.set_ylabel("Tip (article heading)")
    handles: list[Any] = [
        Line2D([], [], linestyle="none", marker="s", markersize=8, color=OKABE_ITO["blue"],
               label="tip addresses the cause")
    ]
    if lonely_causes or idle_tips:
        handles.append(Patch(facecolor=red, alpha=0.25,
                             label="cause no tip addresses / tip addressing no cause"))
    if (~np.isfinite(addressed)).any():
        handles.append(Line2D([], [], linestyle="none", marker="o", markersize=8,
                              markerfacecolor="none", markeredgecolor=_GREY,
                              label="not annotated"))
    legend = handles

    n_hits = int(hits.sum())
    alt = (
        f"Grid of the article's {n_rows} tip(s) (rows) against its {n_cols} cause(s) "
        f"(columns); a filled square marks a tip that addresses a cause ({n_hits} of "
        f"{n_rows * n_cols} pairs). "
    )
    if lonely_causes:
        alt += f"Causes no tip addresses: {_quoted(causes[j] for j in lonely_causes[:10])}. "
    else:
        alt += "Every cause is addressed by at least one tip. "
    if idle_tips:
        alt += f"Tips that address no listed cause: {_quoted(tips[i] for i in idle_tips[:10])}."
    else:
        alt += "Every tip addresses at least one cause."
    unknown = int((~np.isfinite(addressed)).sum())
    if unknown:
        alt += f" {unknown} pair(s) are not annotated."
    caption = (
        "Rows are tips and columns causes; a filled blue square means the tip addresses the "
        "cause. Orange-red labels and shading mark causes that no tip addresses and tips "
        "that address none of the causes."
    )
    return _finish(fig, legend=legend, key=key, title=title, caption=caption, alt=alt,
                   source=source, data=data)


# --------------------------------------------------------------------------
# 7. Anatomy: advice vs commerce
# --------------------------------------------------------------------------


@_styled
def plot_anatomy(anatomy: pd.DataFrame, *, source: str | None = None) -> Chart:
    """Chart words and commerce links per section of the article.

    Left: words per section (labels give the number of claims). Right:
    product links, related-article links and quoted article titles, stacked.

    Args:
        anatomy: Columns ``section``, ``words``, ``products``, ``related``,
            ``quoted`` and ``claims`` (counts; missing counts are shown as 0).
        source: Source line; a generic default when None.

    Returns:
        Chart with key ``anatomy``; ``data`` holds the rows plotted (missing
        counts as 0), in input order (first section on top).
    """
    key = "anatomy"
    title = "How much of the article is advice and how much is commerce"
    source = source or "Source: the article's text, sections and links."
    _require(anatomy, ANATOMY_COLUMNS, "anatomy")
    counts = list(ANATOMY_COLUMNS[1:])
    frame = _numeric(anatomy.loc[:, list(ANATOMY_COLUMNS)], counts)
    missing = int(frame[counts].isna().sum().sum())
    data = frame.copy()
    data[counts] = data[counts].fillna(0.0)
    if (data[counts] % 1 == 0).all().all():
        data[counts] = data[counts].astype("int64")
    if data.empty:
        return _no_data(key=key, title=title, what="the article has no sections",
                        source=source, data=data)

    n = len(data)
    sections = [_wrap(s, 16, 2, empty="(no section)") for s in data["section"]]
    fig = _new_figure(max(FIG_HEIGHT, 2.0 + 0.45 * n))
    ax_w, ax_c = fig.subplots(1, 2, sharey=True)
    y = np.arange(n)
    bars = ax_w.barh(y, data["words"], color=OKABE_ITO["blue"], height=0.62, gid="words")
    for bar, words, claims in zip(bars, data["words"], data["claims"], strict=True):
        text = _num(words)
        if claims:
            text += f" · {_int_text(claims)} claim" + ("s" if claims != 1 else "")
        ax_w.annotate(text, (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                      xytext=(4, 0), textcoords="offset points", va="center",
                      fontsize=8, color=_TEXT)
    left = np.zeros(n)
    kinds = (("products", "product links", OKABE_ITO["orange"]),
             ("related", "related-article links", OKABE_ITO["sky"]),
             ("quoted", "quoted article titles", OKABE_ITO["purple"]))
    handles: list[Any] = []
    for column, label, colour in kinds:
        widths = data[column].to_numpy(float)
        ax_c.barh(y, widths, left=left, color=colour, height=0.62, gid=column,
                  edgecolor="white", linewidth=0.6)
        left += widths
        handles.append(Patch(facecolor=colour, label=label))
    for yi, total in zip(y, left, strict=True):
        ax_c.annotate(_num(total), (total, yi), xytext=(4, 0), textcoords="offset points",
                      va="center", fontsize=8, color=_TEXT)
    _category_axis(ax_w, "y", sections)
    ax_w.set_ylim(n - 0.5, -0.5)
    ax_w.set_xlim(0, max(1.0, float(data["words"].max())) * 1.45)
    ax_c.set_xlim(0, max(1.0, float(left.max())) * 1.18)
    ax_c.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax_c.tick_params(axis="y", labelleft=False, length=0)
    ax_w.set_title("Advice: words per section")
    ax_c.set_title("Commerce: links per section")
    ax_w.set_xlabel("Words (count)")
    ax_c.set_xlabel("Links and quoted titles (count)")
    ax_w.set_ylabel("Article section")
    legend = handles

    total_words = float(data["words"].sum())
    total_links = float(left.sum())
    word_parts = [f"{_clean(s, empty='(no section)', max_chars=40)} {_num(w)}"
                  for s, w in zip(data["section"], data["words"], strict=True)]
    alt = (
        f"Two horizontal bar charts over the article's {n} section(s). Words per section: "
        f"{_listing(word_parts)} ({_num(total_words)} in all). "
    )
    if total_links:
        busiest = int(np.argmax(left))
        per_1000 = total_links / total_words * 1000 if total_words else float("nan")
        alt += (
            f"Commerce: {_num(total_links)} links in all — {_num(data['products'].sum())} "
            f"product links, {_num(data['related'].sum())} related-article links and "
            f"{_num(data['quoted'].sum())} quoted article titles; most in "
            f"'{_clean(data['section'].iloc[busiest], max_chars=40)}' ({_num(left[busiest])})"
            + (f", about {_num(per_1000)} per 1000 words." if _finite(per_1000) else ".")
        )
    else:
        alt += "The article has no product links, related-article links or quoted titles."
    n_claims = float(data["claims"].sum())
    if n_claims:
        alt += f" {_num(n_claims)} numeric claim(s) in all, noted on the word bars."
    caption = (
        "Words per section (left, with the number of numeric claims) against links to "
        "products, related articles and quoted article titles per section (right)."
    )
    if missing:
        caption += f" {missing} missing count(s) are shown as 0."
    return _finish(fig, legend=legend, key=key, title=title, caption=caption, alt=alt,
                   source=source, data=data)


# --------------------------------------------------------------------------
# 8. Prevalence in context
# --------------------------------------------------------------------------


@_styled
def plot_prevalence_context(context: pd.DataFrame, *, source: str | None = None) -> Chart:
    """Chart the article's percentages against published prevalence figures.

    Literature ranges are horizontal bars (single values dots); the article's
    figures are diamonds with dotted guide lines, all on one % axis.

    Args:
        context: Columns ``label``, ``low``, ``high`` (%, equal for a single
            value; one of them may be missing), ``kind`` ("article" or
            "literature") and ``source``.
        source: Source line; when None it lists the rows' sources.

    Returns:
        Chart with key ``prevalence-context``; ``data`` holds the plotted rows,
        literature first then article, each in input order.
    """
    key = "prevalence-context"
    title = "The article's percentages against published prevalence"
    _require(context, CONTEXT_COLUMNS, "context")
    frame = _numeric(context.loc[:, list(CONTEXT_COLUMNS)], ["low", "high"])
    frame["low"] = frame["low"].fillna(frame["high"])
    frame["high"] = frame["high"].fillna(frame["low"])
    swap = frame["low"] > frame["high"]
    frame.loc[swap, ["low", "high"]] = frame.loc[swap, ["high", "low"]].to_numpy()
    is_article = frame["kind"].map(lambda k: _clean(k, empty="") == "article").astype(bool)
    data = frame[_finite_mask(frame["low"])]
    is_article = is_article[data.index]
    data = pd.concat([data[~is_article], data[is_article]]).reset_index(drop=True)
    is_article = data["kind"].map(lambda k: _clean(k, empty="") == "article").astype(bool)
    names = list(dict.fromkeys(_clean(s, empty="", max_chars=80) for s in data["source"]))
    names = [s for s in names if s]
    source = source or (
        ("Sources: " + "; ".join(names) + ".") if names else "Source: not given."
    )
    if data.empty:
        return _no_data(key=key, title=title, what="no prevalence figures",
                        source=source, data=data)

    n = len(data)
    fig = _new_figure(max(FIG_HEIGHT, 1.8 + 0.62 * n))
    ax = fig.add_subplot()
    blue, red = OKABE_ITO["blue"], OKABE_ITO["vermillion"]
    for i, row in data.iterrows():
        low, high = float(row["low"]), float(row["high"])
        article = bool(is_article[i])
        if article:
            ax.axvline(low, color=red, linewidth=0.9, linestyle=":", zorder=1)
            if high > low:
                ax.axvline(high, color=red, linewidth=0.9, linestyle=":", zorder=1)
        if high > low:
            ax.barh([i], [high - low], left=[low], height=0.42,
                    color="none" if article else blue,
                    edgecolor=red if article else blue, linewidth=1.5 if article else 0,
                    alpha=1.0 if article else 0.8, zorder=3,
                    gid="article-range" if article else "literature-range")
        else:
            ax.plot([low], [i], linestyle="none",
                    marker="D" if article else "o", markersize=8 if article else 7,
                    color=red if article else blue, zorder=4,
                    gid="article-point" if article else "literature-point")
        text = f"{_num(low)}%" if high == low else f"{_num(low)}–{_num(high)}%"
        ax.annotate(text, (high, i), xytext=(7, 0), textcoords="offset points",
                    va="center", fontsize=8.5, color=red if article else _TEXT,
                    fontweight="bold" if article else "normal")
    labels = [
        _wrap(label, 34, 2) + "\n" + _cite(src)
        for label, src in zip(data["label"], data["source"], strict=True)
    ]
    _category_axis(ax, "y", labels)
    for tick, article in zip(ax.get_yticklabels(), is_article, strict=True):
        if article:
            tick.set_color(red)
    ax.set_ylim(n - 0.5, -0.5)
    high = float(data["high"].max())
    ax.set_xlim(min(0.0, float(data["low"].min())), min(100.0, max(high, 1.0) * 1.2))
    ax.set_xlabel("Prevalence (% of people)")
    handles: list[Any] = []
    if (~is_article).any():
        handles.append(Patch(facecolor=blue, alpha=0.8, label="literature range"))
        if (~is_article & (data["low"] == data["high"])).any():
            handles.append(Line2D([], [], linestyle="none", marker="o", color=blue,
                                  label="literature single value"))
    if is_article.any():
        handles.append(Line2D([], [], linestyle=":", marker="D", color=red,
                              label="the article's figure"))
    legend = handles

    def span(row: pd.Series) -> str:
        low, high = row["low"], row["high"]
        return f"{_num(low)}%" if low == high else f"{_num(low)}–{_num(high)}%"

    literature = data[~is_article]
    def cite(row: pd.Series) -> str:
        return _cite(row["source"], 60)

    lit_parts = [
        f"{_clean(r['label'], max_chars=80)} ({cite(r)}): {span(r)}"
        for _, r in literature.iterrows()
    ]
    art_parts = []
    for _, r in data[is_article].iterrows():
        inside = [
            f"{cite(lit)} ({span(lit)})"
            for _, lit in literature.iterrows()
            if lit["low"] < lit["high"] and lit["low"] <= r["low"] and r["high"] <= lit["high"]
        ]
        if inside:
            where = "inside the range from " + " and ".join(inside)
        elif len(literature):
            where = "outside every literature range"
        else:
            where = "with no literature to compare"
        art_parts.append(f"{_clean(r['label'], max_chars=80)}: {span(r)}, {where}")
    alt = "Range chart on one percentage axis. "
    if lit_parts:
        alt += f"Literature: {_listing(lit_parts)}. "
    if art_parts:
        alt += f"The article: {_listing(art_parts)}."
    else:
        alt += "The article gives no percentage to compare."
    caption = (
        "Blue bars are ranges and blue dots single values from the literature; the "
        "article's percentages are orange-red diamonds (outlined bars for ranges) with "
        "dotted guide lines, all on one % axis."
    )
    return _finish(fig, legend=legend, key=key, title=title, caption=caption, alt=alt,
                   source=source, data=data)


# --------------------------------------------------------------------------
# Saving
# --------------------------------------------------------------------------


def save_chart(chart: Chart, directory: Path) -> dict[str, Path]:
    """Write ``<key>.png``, ``<key>.svg`` and ``<key>.csv`` into *directory*.

    The bytes depend only on the chart: no dates, no software versions,
    fixed SVG ids (``svg.hashsalt``), fonts drawn as paths, CSV in UTF-8 with
    "\\n" line ends. The figure stays open; nothing global is closed.

    Args:
        chart: The chart to write.
        directory: Folder for the files (created when missing).

    Returns:
        The paths written, by format: ``{"png": …, "svg": …, "csv": …}``.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = {fmt: directory / f"{chart.key}.{fmt}" for fmt in ("png", "svg", "csv")}
    with matplotlib.style.context(config.MPLSTYLE):
        png = BytesIO()
        chart.figure.savefig(png, format="png", dpi=PNG_DPI, metadata={"Software": None})
        svg = BytesIO()
        chart.figure.savefig(
            svg,
            format="svg",
            metadata={
                "Creator": None,
                "Date": None,
                "Format": None,
                "Type": None,
                "Title": chart.title,
                "Description": chart.alt,
            },
        )
    csv = chart.data.to_csv(index=False, lineterminator="\n").encode("utf-8")
    paths["png"].write_bytes(png.getvalue())
    paths["svg"].write_bytes(svg.getvalue())
    paths["csv"].write_bytes(csv)
    return paths
