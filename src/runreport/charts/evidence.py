"""Evidence charts: the article's numbers against what the literature says.

Takes the fact-check and the evidence frames of :class:`runreport.analysis.study.Study`
(``fact_check``, ``incidence``, ``risk``, ``prevalence``) and gives a
:class:`~runreport.charts.chart.Chart` for each:

- ``claims-vs-sources`` → :func:`plot_claims_vs_sources`
- ``incidence`` → :func:`plot_incidence`
- ``risk`` → :func:`plot_risk`
- ``prevalence-context`` → :func:`plot_prevalence_context`

Each function is pure: it takes a DataFrame with the columns its docstring
names (see the ``*_COLUMNS`` constants) and draws in the house style
(:mod:`runreport.charts.style`); its caption and alt text come from
:mod:`runreport.charts.captions`. Input with no plottable rows gives a valid
chart that says "No data".
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.patches import Patch

import runreport.charts.captions as captions
from runreport.charts.captions import ci_range, clean, finite, finite_mask, num, with_unit, wrap
from runreport.charts.chart import Chart
from runreport.charts.marks import ci_errorbar, hollow_key, label_beside, line_key, marker_key
from runreport.charts.style import (
    FIG_HEIGHT,
    OKABE_ITO,
    TEXT,
    category_axis,
    category_rows,
    compose_chart,
    new_figure,
    no_data,
    numeric,
    require,
    styled,
)

#: Fact-check statuses in legend order, with their marker and colour.
STATUS_STYLE: dict[str, dict[str, str]] = {
    "verified": {"marker": "o", "color": OKABE_ITO["green"]},
    "misattributed": {"marker": "D", "color": OKABE_ITO["orange"]},
    "unsourced": {"marker": "^", "color": OKABE_ITO["vermillion"]},
    "own data": {"marker": "X", "color": OKABE_ITO["blue"]},
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
CONTEXT_COLUMNS = ("label", "low", "high", "kind", "source")

#: Vertical distance in rows between a claim's article value (above) and its source value (below).
_CLAIM_OFFSET = 0.17
#: Colours of the risk chart's groups, in order.
_GROUP_COLOURS = [
    OKABE_ITO[c] for c in ("blue", "orange", "green", "vermillion", "purple", "sky", "black")
]


# --------------------------------------------------------------------------
# Claims against sources
# --------------------------------------------------------------------------


def _unit_title(unit: str) -> str:
    """Return the title of the panel of claims in *unit*."""
    return "Percentages (%)" if unit == "%" else wrap(f"Rates ({unit})", 60, 1)


@styled
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
    require(fact_check, CLAIM_COLUMNS, "fact_check")
    named = captions.named_sources(
        fact_check, finite_mask(pd.to_numeric(fact_check["source_value"], errors="coerce"))
    )
    # Name only what the chart shows: no source values when no claim has one.
    source = source or (
        "Source: the article (numbers and line numbers)"
        + ("; source values and 95% CIs from " + "; ".join(named) if named else "")
        + "."
    )
    frame = numeric(
        fact_check.loc[:, list(CLAIM_COLUMNS)],
        ["article_value", "source_value", "ci_low", "ci_high"],
    )
    data = frame[finite_mask(frame["article_value"])]
    data = data.sort_values("line", kind="stable").reset_index(drop=True)
    omitted = len(frame) - len(data)
    if data.empty:
        return no_data(
            key=key,
            title=title,
            what="the article states no numeric claims",
            source=source,
            data=data,
        )

    units = data["unit"].map(captions.unit_name)
    panels = list(dict.fromkeys(units))
    counts = [int((units == unit).sum()) for unit in panels]
    height = max(FIG_HEIGHT, 1.55 + sum(0.52 * n + 0.85 for n in counts))
    fig = new_figure(height)
    axes = fig.subplots(len(panels), 1, squeeze=False, height_ratios=[n + 1.0 for n in counts])[
        :, 0
    ]
    statuses_seen: dict[str, dict[str, str]] = {}
    any_source = any_contradiction = False
    for ax, unit in zip(axes, panels, strict=True):
        rows = data[units == unit].reset_index(drop=True)
        sourced, contradicted = _claims_panel(ax, rows, unit, statuses_seen)
        any_source |= sourced
        any_contradiction |= contradicted
    handles = _claims_legend(statuses_seen, any_source, any_contradiction)
    words = captions.describe_claims(data, omitted)
    return compose_chart(
        fig, legend=handles, key=key, title=title, words=words, source=source, data=data
    )


def _claims_panel(
    ax: Any, rows: pd.DataFrame, unit: str, statuses_seen: dict[str, dict[str, str]]
) -> tuple[bool, bool]:
    """Draw the claims in one *unit* on *ax*, one row each, the first at the top.

    Args:
        ax: The panel's axes.
        rows: The panel's claims (index 0, 1, …).
        unit: Their unit, as :func:`runreport.charts.captions.unit_name` gives it.
        statuses_seen: Fact-check statuses drawn so far, with their style; this panel's are added.

    Returns:
        Whether the panel shows any source value, and any contradiction.
    """
    y = np.arange(len(rows), dtype=float)
    for status, group in rows.groupby(
        rows["status"].map(lambda s: clean(s, empty="not annotated")), sort=False
    ):
        style = STATUS_STYLE.get(status, _OTHER_STATUS)
        statuses_seen[status] = style
        ax.scatter(
            group["article_value"],
            y[group.index] - _CLAIM_OFFSET,
            marker=style["marker"],
            s=62,
            color=style["color"],
            edgecolors="white",
            linewidths=0.6,
            zorder=4,
            gid="article-value",
        )
    any_source = any_contradiction = False
    for i, row in rows.iterrows():
        any_contradiction |= _claim_article_label(ax, row, unit, y[i] - _CLAIM_OFFSET)
        if finite(row["source_value"]):
            any_source = True
            _claim_source_value(ax, row, y[i] + _CLAIM_OFFSET)
    category_rows(ax, [wrap(label, 28, 3) for label in rows["label"]])
    values = pd.concat(
        [rows["article_value"], rows["source_value"], rows["ci_low"], rows["ci_high"]]
    )
    values = values[finite_mask(values)]
    low, high = min(0.0, float(values.min())), max(0.0, float(values.max()))
    span = (high - low) or 1.0
    ax.set_xlim(low - 0.02 * span, high + 0.62 * span)
    ax.set_title(_unit_title(unit))
    ax.set_xlabel(f"Value ({unit})")
    return any_source, any_contradiction


def _claim_article_label(ax: Any, row: pd.Series, unit: str, y: float) -> bool:
    """Label a claim's article value at height *y*; ring and say it when it contradicts another.

    Returns:
        Whether the claim contradicts another.
    """
    label = with_unit(row["article_value"], unit if unit == "%" else "")
    contradicts = clean(row["contradicts"], empty="")
    if contradicts:
        ax.scatter(
            [row["article_value"]],
            [y],
            s=250,
            facecolors="none",
            edgecolors=OKABE_ITO["vermillion"],
            linewidths=1.5,
            zorder=5,
            gid="contradiction",
        )
        label += f"   contradicts {clean(contradicts, max_chars=30)}"
    label_beside(
        ax,
        label,
        (row["article_value"], y),
        gap=11 if contradicts else 8,
        fontsize=8.5,
        color=OKABE_ITO["vermillion"] if contradicts else TEXT,
        fontweight="bold" if contradicts else "normal",
    )
    return bool(contradicts)


def _claim_source_value(ax: Any, row: pd.Series, y: float) -> None:
    """Draw a claim's source value at height *y*, with its 95% CI when it has one, and label it."""
    value = row["source_value"]
    has_ci = ci_errorbar(
        ax,
        value,
        y,
        row["ci_low"],
        row["ci_high"],
        gid="source-value",
        color=OKABE_ITO["black"],
        markersize=4.5,
        elinewidth=1.3,
        capsize=3,
        zorder=3,
    )
    end = row["ci_high"] if has_ci else value
    text = f"source {num(value)}" + ci_range(row["ci_low"], row["ci_high"])
    label_beside(ax, text, (max(end, value), y), gap=6, fontsize=8, color="#444444")


def _claims_legend(
    statuses_seen: dict[str, dict[str, str]], any_source: bool, any_contradiction: bool
) -> list[Any]:
    """Return the claims chart's legend: the statuses drawn, then source values and rings."""
    handles: list[Any] = [
        marker_key(
            f"article: {clean(status, max_chars=30)}",
            style["marker"],
            color=style["color"],
            markersize=7,
        )
        for status, style in statuses_seen.items()
    ]
    if any_source:
        handles.append(line_key("source value, 95% CI", color="black", marker="o", markersize=4.5))
    if any_contradiction:
        handles.append(
            hollow_key(
                "contradicts another claim",
                "o",
                OKABE_ITO["vermillion"],
                markersize=11,
                markeredgewidth=1.5,
            )
        )
    return handles


# --------------------------------------------------------------------------
# Incidence
# --------------------------------------------------------------------------


@styled
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
    require(incidence, INCIDENCE_COLUMNS, "incidence")
    named = captions.named_sources(incidence)
    source = source or (
        "Source: incidence and 95% CIs from "
        + ("; ".join(named) if named else "the fact-check's literature")
        + "; article figures from the article text."
    )
    frame = numeric(
        incidence.loc[:, list(INCIDENCE_COLUMNS)], ["value", "ci_low", "ci_high", "article_value"]
    )
    keep = finite_mask(frame["value"]) | finite_mask(frame["article_value"])
    data = frame[keep].reset_index(drop=True)
    if data.empty:
        return no_data(key=key, title=title, what="no incidence figures", source=source, data=data)

    n = len(data)
    fig = new_figure(max(3.6, 1.9 + 1.0 * n))
    ax = fig.add_subplot()
    y = np.arange(n, dtype=float)
    any_value = False
    article_labels: list[tuple[str, tuple[float, float]]] = []
    for i, row in data.iterrows():
        if finite(row["value"]):
            any_value = True
            _incidence_estimate(ax, row, y[i])
        if finite(row["article_value"]):
            xy = (row["article_value"], y[i])
            article_labels.append((_article_figure(ax, row, xy), xy))
    category_axis(ax, "y", [wrap(g, 22, 2, empty="(no group)") for g in data["group"]])
    ax.set_ylim(n - 0.4, -0.6)
    values = pd.concat([data["value"], data["ci_high"], data["article_value"]])
    high = float(values[finite_mask(values)].max())
    low = float(
        pd.concat([data["value"], data["ci_low"], data["article_value"]])
        .map(lambda v: v if finite(v) else np.nan)
        .min()
    )
    ax.set_xlim(min(0.0, low), max(high, 1e-9) * 1.18)
    for text, xy in article_labels:
        _label_under(ax, text, xy)
    ax.set_xlabel(f"Incidence ({unit} of running)")

    handles: list[Any] = []
    if any_value:
        handles.append(line_key("incidence, 95% CI", color=OKABE_ITO["blue"], marker="o"))
    if article_labels:
        handles.append(
            hollow_key(
                "the article's figure", "D", OKABE_ITO["orange"], markersize=8, markeredgewidth=2.0
            )
        )
    words = captions.describe_incidence(data, unit)
    return compose_chart(
        fig, legend=handles, key=key, title=title, words=words, source=source, data=data
    )


def _incidence_estimate(ax: Any, row: pd.Series, y: float) -> None:
    """Draw a group's incidence at height *y*, with its 95% CI, and write both above it."""
    value = row["value"]
    ci_errorbar(
        ax,
        value,
        y,
        row["ci_low"],
        row["ci_high"],
        gid="estimate",
        color=OKABE_ITO["blue"],
        markersize=7,
        elinewidth=1.6,
        capsize=4,
        zorder=3,
    )
    ax.annotate(
        f"{num(value)}{ci_range(row['ci_low'], row['ci_high'])}",
        (value, y),
        xytext=(0, 9),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize=8.5,
        color=TEXT,
    )


def _article_figure(ax: Any, row: pd.Series, xy: tuple[float, float]) -> str:
    """Mark the article's figure for a group at *xy* with an open diamond.

    Returns:
        Its label, drawn under it once the x limits are set (see :func:`_label_under`).
    """
    ax.scatter(
        [xy[0]],
        [xy[1]],
        marker="D",
        s=120,
        facecolors="none",
        edgecolors=OKABE_ITO["orange"],
        linewidths=2.0,
        zorder=4,
        gid="article-value",
    )
    label = clean(row["article_label"], empty="article", max_chars=90)
    return wrap(f"{num(row['article_value'])} — {label}", 44, 2)


def _label_under(ax: Any, text: str, xy: tuple[float, float]) -> None:
    """Write the article's figure under its mark at *xy*, kept inside the axes' x limits.

    Near the left end of the axis the text starts under the mark, near the right end it ends
    under it, else it is centred on it.
    """
    left, right = ax.get_xlim()
    where = (xy[0] - left) / ((right - left) or 1.0)
    ha = "left" if where < 0.35 else "right" if where > 0.65 else "center"
    ax.annotate(
        text,
        xy,
        xytext=({"left": -6, "right": 6, "center": 0}[ha], -11),
        textcoords="offset points",
        ha=ha,
        va="top",
        fontsize=8.5,
        color="#7A4F00",
    )


# --------------------------------------------------------------------------
# Risk over a season
# --------------------------------------------------------------------------


@styled
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
    require(risk, RISK_COLUMNS, "risk")
    data = _risk_rows(risk)
    if data.empty:
        return no_data(
            key=key,
            title=title,
            what="no risk figures",
            source=source,
            data=data,
            words=captions.describe_risk(data, weeks, title),
        )

    fig = new_figure(FIG_HEIGHT)
    ax_e, ax_p = fig.subplots(1, 2)
    handles = _risk_lines(ax_e, ax_p, data)
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
    words = captions.describe_risk(data, weeks, title)
    return compose_chart(
        fig, legend=handles, key=key, title=title, words=words, source=source, data=data
    )


def _risk_rows(risk: pd.DataFrame) -> pd.DataFrame:
    """Return the rows of *risk* to plot: with hours and a figure, by group then hours."""
    frame = numeric(risk.loc[:, list(RISK_COLUMNS)], RISK_COLUMNS[1:])
    keep = finite_mask(frame["weekly_hours"]) & (
        finite_mask(frame["expected"]) | finite_mask(frame["p_any"])
    )
    data = frame[keep]
    groups = data["group"].map(captions.group_name)
    order = {g: i for i, g in enumerate(dict.fromkeys(groups))}
    return (
        data.assign(_order=groups.map(order))
        .sort_values(["_order", "weekly_hours"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )


def _risk_lines(ax_e: Any, ax_p: Any, data: pd.DataFrame) -> list[Any]:
    """Draw a line per group, with its 95% CI as a band, on both panels.

    Args:
        ax_e: The panel of expected injuries.
        ax_p: The panel of P(at least one injury), drawn as %.
        data: The rows to plot, grouped (see :func:`_risk_rows`).

    Returns:
        The legend: a key per group, then the bands' when any band is drawn.
    """
    groups = data["group"].map(captions.group_name)
    handles: list[Any] = []
    any_band = False
    for i, group in enumerate(dict.fromkeys(groups)):
        rows = data[groups == group]
        colour = _GROUP_COLOURS[i % len(_GROUP_COLOURS)]
        hours = rows["weekly_hours"].to_numpy(float)
        for ax, mid, low, high, scale in (
            (ax_e, "expected", "expected_low", "expected_high", 1.0),
            (ax_p, "p_any", "p_any_low", "p_any_high", 100.0),
        ):
            ax.plot(
                hours,
                rows[mid].to_numpy(float) * scale,
                color=colour,
                marker="o",
                markersize=3.5,
                gid=f"line-{mid}",
            )
            lo = rows[low].to_numpy(float) * scale
            hi = rows[high].to_numpy(float) * scale
            if np.isfinite(lo).any() and np.isfinite(hi).any():
                any_band = True
                ax.fill_between(
                    hours, lo, hi, color=colour, alpha=0.18, linewidth=0, gid=f"band-{mid}"
                )
        handles.append(line_key(wrap(group, 30, 1), color=colour, marker="o", markersize=3.5))
    if any_band:
        handles.append(Patch(facecolor="#999999", alpha=0.35, label="95% CI"))
    return handles


# --------------------------------------------------------------------------
# Prevalence in context
# --------------------------------------------------------------------------


@styled
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
    require(context, CONTEXT_COLUMNS, "context")
    data = _context_rows(context)
    is_article = data["kind"].map(captions.is_article_row).astype(bool)
    names = list(dict.fromkeys(clean(s, empty="", max_chars=80) for s in data["source"]))
    names = [s for s in names if s]
    source = source or (("Sources: " + "; ".join(names) + ".") if names else "Source: not given.")
    if data.empty:
        return no_data(key=key, title=title, what="no prevalence figures", source=source, data=data)

    n = len(data)
    fig = new_figure(max(FIG_HEIGHT, 1.8 + 0.62 * n))
    ax = fig.add_subplot()
    for i, row in data.iterrows():
        _context_mark(ax, i, float(row["low"]), float(row["high"]), bool(is_article[i]))
    labels = [
        wrap(label, 34, 2) + "\n" + captions.cite(src)
        for label, src in zip(data["label"], data["source"], strict=True)
    ]
    category_rows(ax, labels)
    for tick, article in zip(ax.get_yticklabels(), is_article, strict=True):
        if article:
            tick.set_color(OKABE_ITO["vermillion"])
    high = float(data["high"].max())
    ax.set_xlim(min(0.0, float(data["low"].min())), min(100.0, max(high, 1.0) * 1.2))
    ax.set_xlabel("Prevalence (% of people)")
    words = captions.describe_prevalence(data)
    return compose_chart(
        fig,
        legend=_context_legend(data, is_article),
        key=key,
        title=title,
        words=words,
        source=source,
        data=data,
    )


def _context_rows(context: pd.DataFrame) -> pd.DataFrame:
    """Return the rows of *context* to plot: literature first, then the article's.

    A range with one end missing becomes a single value, and ends given the wrong way round are
    swapped; rows with neither end are left out.
    """
    frame = numeric(context.loc[:, list(CONTEXT_COLUMNS)], ["low", "high"])
    frame["low"] = frame["low"].fillna(frame["high"])
    frame["high"] = frame["high"].fillna(frame["low"])
    swap = frame["low"] > frame["high"]
    frame.loc[swap, ["low", "high"]] = frame.loc[swap, ["high", "low"]].to_numpy()
    is_article = frame["kind"].map(captions.is_article_row).astype(bool)
    data = frame[finite_mask(frame["low"])]
    is_article = is_article[data.index]
    return pd.concat([data[~is_article], data[is_article]]).reset_index(drop=True)


def _context_mark(ax: Any, i: int, low: float, high: float, article: bool) -> None:
    """Draw row *i*: a bar from *low* to *high* (a dot when they are equal), labelled.

    The article's figures are outlined in vermillion, with dotted guide lines across the chart;
    the literature's are filled blue.
    """
    blue, red = OKABE_ITO["blue"], OKABE_ITO["vermillion"]
    if article:
        ax.axvline(low, color=red, linewidth=0.9, linestyle=":", zorder=1)
        if high > low:
            ax.axvline(high, color=red, linewidth=0.9, linestyle=":", zorder=1)
    if high > low:
        ax.barh(
            [i],
            [high - low],
            left=[low],
            height=0.42,
            color="none" if article else blue,
            edgecolor=red if article else blue,
            linewidth=1.5 if article else 0,
            alpha=1.0 if article else 0.8,
            zorder=3,
            gid="article-range" if article else "literature-range",
        )
    else:
        ax.plot(
            [low],
            [i],
            linestyle="none",
            marker="D" if article else "o",
            markersize=8 if article else 7,
            color=red if article else blue,
            zorder=4,
            gid="article-point" if article else "literature-point",
        )
    text = f"{num(low)}%" if high == low else f"{num(low)}–{num(high)}%"
    label_beside(
        ax,
        text,
        (high, i),
        gap=7,
        fontsize=8.5,
        color=red if article else TEXT,
        fontweight="bold" if article else "normal",
    )


def _context_legend(data: pd.DataFrame, is_article: pd.Series) -> list[Any]:
    """Return the prevalence chart's legend: the kinds of mark it draws."""
    blue = OKABE_ITO["blue"]
    handles: list[Any] = []
    if (~is_article).any():
        handles.append(Patch(facecolor=blue, alpha=0.8, label="literature range"))
        if (~is_article & (data["low"] == data["high"])).any():
            handles.append(marker_key("literature single value", "o", color=blue))
    if is_article.any():
        handles.append(
            line_key(
                "the article's figure", linestyle=":", marker="D", color=OKABE_ITO["vermillion"]
            )
        )
    return handles
