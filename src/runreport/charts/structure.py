"""Structure charts: what the article is made of.

Takes the structure frames of :class:`runreport.analysis.study.Study` (cause × term
mention counts, tips with categories, the tip ↔ cause grid, words and links
per section) and gives a :class:`~runreport.charts.chart.Chart` for each:

- ``cause-symptoms`` / ``cause-treatments`` → :func:`plot_mentions_heatmap`
- ``tips-by-category`` → :func:`plot_tips_by_category`
- ``tip-coverage`` → :func:`plot_tip_coverage`
- ``anatomy`` → :func:`plot_anatomy`

Each function is pure: it takes a DataFrame shaped as its docstring says and
draws in the house style (:mod:`runreport.charts.style`); its caption and alt
text come from :mod:`runreport.charts.captions`. Input with no plottable rows
gives a valid chart that says "No data".
"""

from __future__ import annotations

from typing import Any

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

import runreport.charts.captions as captions
from runreport.charts.captions import clean, finite_mask, int_text, num, wrap
from runreport.charts.chart import Chart
from runreport.charts.marks import bar_end, hollow_key, label_beside, marker_key
from runreport.charts.style import (
    FIG_HEIGHT,
    FIG_WIDTH,
    GREY,
    MISSING_GREY,
    NARROW_MIN_FONTSIZE,
    OKABE_ITO,
    TEXT,
    category_rows,
    cell_axes,
    compose_chart,
    count_axes,
    figure_width,
    new_figure,
    no_data,
    numeric,
    require,
    rotated_height,
    styled,
)

TIP_COLUMNS = ("number", "title", "category")
ANATOMY_COLUMNS = ("section", "words", "products", "related", "quoted", "claims")
HEATMAP_KINDS = ("symptom", "treatment")
#: The anatomy chart's link columns, stacked in this order, with their legend text and colour.
_LINK_KINDS = (
    ("products", "product links", OKABE_ITO["orange"]),
    ("related", "related-article links", OKABE_ITO["sky"]),
    ("quoted", "quoted article titles", OKABE_ITO["purple"]),
)


# --------------------------------------------------------------------------
# Mentions heatmap
# --------------------------------------------------------------------------


@styled
def plot_mentions_heatmap(matrix: pd.DataFrame, kind: str, *, source: str | None = None) -> Chart:
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
    values, causes, terms = _read_grid(matrix, "matrix", column_empty="(no term)")
    key = f"cause-{kind}s"
    title = f"Which {kind}s each cause mentions"
    source = source or (
        f"Source: the article's cause sections, counted against the {kind} lexicon."
    )
    n_rows, n_cols = values.shape
    mentions = pd.Series(values.ravel(), dtype=float)
    if finite_mask(mentions).all() and (mentions % 1 == 0).all():
        mentions = mentions.astype("int64")
    data = pd.DataFrame({**_long_form(causes, terms, "cause", "term"), "mentions": mentions})
    if n_rows == 0 or n_cols == 0:
        return no_data(
            key=key,
            title=title,
            what=f"no causes or no {kind} terms to count",
            source=source,
            data=data,
        )

    col_labels = [clean(t, max_chars=26) for t in terms]
    height = max(3.2, 1.4 + 0.42 * n_rows + rotated_height(col_labels))
    fig = new_figure(height)
    ax = fig.add_subplot()
    finite = values[np.isfinite(values)]
    vmax = max(1.0, float(finite.max()) if finite.size else 1.0)
    cmap = matplotlib.colormaps["Blues"].with_extremes(bad="#E4E4E4")
    image = ax.imshow(
        np.ma.masked_invalid(values),
        cmap=cmap,
        vmin=0,
        vmax=vmax,
        aspect="auto",
        interpolation="nearest",
    )
    image.set_gid("heatmap")
    _cell_counts(ax, values, vmax)
    cell_axes(ax, col_labels, [wrap(c, 30, 2) for c in causes], grid_color="white", grid_width=1.5)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xlabel(f"{kind.capitalize()} term (cell: number of mentions)")
    ax.set_ylabel("Cause (article heading)")
    bar = fig.colorbar(image, ax=ax, shrink=0.9, pad=0.02, aspect=25)
    bar.set_label("mentions")
    bar.ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    bar.outline.set_visible(False)

    words = captions.describe_mentions(values, causes, terms, kind)
    return compose_chart(fig, key=key, title=title, words=words, source=source, data=data)


def _read_grid(
    grid: pd.DataFrame, name: str, *, column_empty: str = "(no label)"
) -> tuple[np.ndarray, list[str], list[str]]:
    """Read a grid frame: its values as floats (bad values → NaN), its row and column labels.

    Args:
        grid: Index = row labels, columns = column labels.
        name: The argument's name, for the error message.
        column_empty: What an empty column label reads (an empty row label reads "(no label)").

    Returns:
        The values (rows × columns), the row labels and the column labels, cleaned.

    Raises:
        TypeError: When *grid* is not a DataFrame.
    """
    if not isinstance(grid, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, not {type(grid).__name__}")
    values = grid.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    rows = [clean(r, empty="(no label)") for r in grid.index]
    columns = [clean(c, empty=column_empty) for c in grid.columns]
    return values, rows, columns


def _long_form(
    rows: list[str], columns: list[str], row_name: str, column_name: str
) -> dict[str, pd.Series]:
    """Return the row and column label of every cell of a grid, row by row, as two columns."""
    return {
        row_name: pd.Series(np.repeat(np.array(rows, dtype=object), len(columns)), dtype=object),
        column_name: pd.Series(np.tile(np.array(columns, dtype=object), len(rows)), dtype=object),
    }


def _cell_counts(ax: Any, values: np.ndarray, vmax: float) -> None:
    """Write each cell's count in it ("–" in grey when missing), white on the darker cells."""
    # Axes are about 4.6 in wide (less in a narrow layout); keep cell text inside its cell, and
    # no smaller than the rest of a narrow chart's text.
    narrowing = figure_width() / FIG_WIDTH
    cell_pt = min(4.6 * narrowing * 72 / values.shape[1], 0.42 * 72)
    smallest = 6.0 if narrowing == 1.0 else NARROW_MIN_FONTSIZE
    fontsize = float(np.clip(cell_pt * 0.42, smallest, 9.5))
    for (i, j), value in np.ndenumerate(values):
        if np.isfinite(value):
            text = int_text(value)
            colour = "white" if value / vmax > 0.55 else TEXT
        else:
            text, colour = "–", GREY
        ax.text(j, i, text, ha="center", va="center", fontsize=fontsize, color=colour, gid="cell")


# --------------------------------------------------------------------------
# Tips by category
# --------------------------------------------------------------------------


@styled
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
    require(tips, TIP_COLUMNS, "tips")
    frame = tips.loc[:, list(TIP_COLUMNS)].copy()
    frame["category"] = frame["category"].map(
        lambda c: clean(c, empty="not annotated", max_chars=80)
    )
    frame["_number"] = pd.to_numeric(frame["number"], errors="coerce")
    rows = []
    for category, group in frame.groupby("category", sort=False):
        numbers = group["_number"].sort_values(kind="stable")
        rows.append(
            {
                "category": category,
                "tips": len(group),
                "tip_numbers": ", ".join(int_text(n) for n in numbers),
            }
        )
    data = pd.DataFrame(rows, columns=["category", "tips", "tip_numbers"])
    if data.empty:
        return no_data(
            key=key,
            title=title,
            what="the article has no tips",
            source=source,
            data=data.astype({"tips": "int64"}),
        )
    data["_last"] = data["category"].eq("not annotated")
    data = (
        data.sort_values(
            ["_last", "tips", "category"], ascending=[True, False, True], kind="stable"
        )
        .drop(columns="_last")
        .reset_index(drop=True)
    )
    data["tips"] = data["tips"].astype("int64")

    n = len(data)
    fig = new_figure(max(3.2, 1.8 + 0.45 * n))
    ax = fig.add_subplot()
    colours = [
        MISSING_GREY if c == "not annotated" else OKABE_ITO["blue"] for c in data["category"]
    ]
    bars = ax.barh(np.arange(n), data["tips"], color=colours, height=0.62, gid="bars")
    for bar, numbers in zip(bars, data["tip_numbers"], strict=True):
        word = "tip" if "," not in numbers else "tips"
        label_beside(ax, wrap(f"{word} {numbers}", 42, 2), bar_end(bar), gap=5, fontsize=8.5)
    count_axes(
        ax,
        [wrap(c, 24, 2) for c in data["category"]],
        xlabel="Number of tips (count)",
        ylabel="Category",
        most=data["tips"].max(),
        headroom=1.75,
    )

    return compose_chart(
        fig, key=key, title=title, words=captions.describe_tips(data), source=source, data=data
    )


# --------------------------------------------------------------------------
# Tip coverage
# --------------------------------------------------------------------------


@styled
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
    values, tips, causes = _read_grid(coverage, "coverage")
    n_rows, n_cols = values.shape
    addressed = np.where(np.isfinite(values), (values > 0).astype(float), np.nan)
    data = pd.DataFrame(
        {
            **_long_form(tips, causes, "tip", "cause"),
            "addresses": pd.array(
                [None if not np.isfinite(v) else int(v) for v in addressed.ravel()], dtype="Int64"
            ),
        }
    )
    if n_rows == 0 or n_cols == 0:
        return no_data(
            key=key, title=title, what="no tips or no causes to compare", source=source, data=data
        )

    hits = addressed == 1
    lonely_causes = [j for j in range(n_cols) if not hits[:, j].any()]
    idle_tips = [i for i in range(n_rows) if not hits[i].any()]
    col_labels = [clean(c, max_chars=32) for c in causes]
    height = max(3.6, 1.9 + 0.36 * n_rows + rotated_height(col_labels))
    fig = new_figure(height)
    ax = fig.add_subplot()
    red = OKABE_ITO["vermillion"]
    for j in lonely_causes:
        ax.axvspan(j - 0.5, j + 0.5, color=red, alpha=0.12, linewidth=0, zorder=0)
    for i in idle_tips:
        ax.axhspan(i - 0.5, i + 0.5, color=red, alpha=0.12, linewidth=0, zorder=0)
    _coverage_cells(ax, addressed)
    cell_axes(ax, col_labels, [wrap(t, 30, 2) for t in tips], grid_color="#E6E6E6", grid_width=0.8)
    ax.grid(which="major", visible=False)
    for j in lonely_causes:
        ax.get_xticklabels()[j].set(color=red, fontweight="bold")
    for i in idle_tips:
        ax.get_yticklabels()[i].set(color=red, fontweight="bold")
    ax.set_xlim(-0.5, n_cols - 0.5)
    ax.set_ylim(n_rows - 0.5, -0.5)
    ax.set_xlabel("Cause (article heading)")
    ax.set_ylabel("Tip (article heading)")
    handles: list[Any] = [
        marker_key("tip addresses the cause", "s", markersize=8, color=OKABE_ITO["blue"])
    ]
    if lonely_causes or idle_tips:
        handles.append(
            Patch(
                facecolor=red, alpha=0.25, label="cause no tip addresses / tip addressing no cause"
            )
        )
    if (~np.isfinite(addressed)).any():
        handles.append(hollow_key("not annotated", "o", GREY, markersize=8))
    words = captions.describe_coverage(addressed, tips, causes)
    return compose_chart(
        fig, legend=handles, key=key, title=title, words=words, source=source, data=data
    )


def _coverage_cells(ax: Any, addressed: np.ndarray) -> None:
    """Mark each cell of the coverage grid by whether the tip addresses the cause.

    Yes is a blue square, no a small grey dot, not annotated a dashed grey ring.
    """
    n_cols = addressed.shape[1]
    rows, cols = np.nonzero(addressed == 1)
    cell_pt = min(4.4 * 72 / n_cols, 0.36 * 72)
    ax.scatter(
        cols,
        rows,
        marker="s",
        s=(cell_pt * 0.55) ** 2,
        color=OKABE_ITO["blue"],
        zorder=3,
        gid="addresses",
    )
    rows0, cols0 = np.nonzero(addressed == 0)
    ax.scatter(cols0, rows0, marker="o", s=9, color="#C8C8C8", zorder=2, gid="not-addressed")
    rows_u, cols_u = np.nonzero(~np.isfinite(addressed))
    ax.scatter(
        cols_u,
        rows_u,
        marker="o",
        s=(cell_pt * 0.3) ** 2,
        facecolors="none",
        edgecolors=GREY,
        linewidths=1.0,
        linestyle="--",
        zorder=2,
        gid="unknown",
    )


# --------------------------------------------------------------------------
# Anatomy: advice vs commerce
# --------------------------------------------------------------------------


@styled
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
    require(anatomy, ANATOMY_COLUMNS, "anatomy")
    counts = list(ANATOMY_COLUMNS[1:])
    frame = numeric(anatomy.loc[:, list(ANATOMY_COLUMNS)], counts)
    missing_counts = int(frame[counts].isna().sum().sum())
    data = frame.copy()
    data[counts] = data[counts].fillna(0.0)
    if (data[counts] % 1 == 0).all().all():
        data[counts] = data[counts].astype("int64")
    if data.empty:
        return no_data(
            key=key, title=title, what="the article has no sections", source=source, data=data
        )

    n = len(data)
    sections = [wrap(s, 16, 2, empty="(no section)") for s in data["section"]]
    fig = new_figure(max(FIG_HEIGHT, 2.0 + 0.45 * n))
    # An article with no links gets no empty commerce panel: its words are the whole story
    commerce = bool(data[["products", "related", "quoted"]].to_numpy().sum())
    ax_w, ax_c = fig.subplots(1, 2, sharey=True) if commerce else (fig.subplots(1, 1), None)
    y = np.arange(n)
    _word_bars(ax_w, data, y)
    handles: list[Any] = []
    if ax_c is not None:
        totals, handles = _link_bars(ax_c, data, y)
        ax_c.set_xlim(0, max(1.0, float(totals.max())) * 1.18)
        ax_c.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax_c.tick_params(axis="y", labelleft=False, length=0)
        ax_c.set_title("Commerce: links per section")
        ax_c.set_xlabel("Links and quoted titles (count)")
    else:
        title = "How much the article says in each section"
    category_rows(ax_w, sections)
    ax_w.set_xlim(0, max(1.0, float(data["words"].max())) * 1.45)
    ax_w.set_title("Advice: words per section")
    ax_w.set_xlabel("Words (count)")
    ax_w.set_ylabel("Article section")
    words = captions.describe_anatomy(data, missing_counts)
    return compose_chart(
        fig, legend=handles or None, key=key, title=title, words=words, source=source, data=data
    )


def _word_bars(ax: Any, data: pd.DataFrame, y: np.ndarray) -> None:
    """Draw the words of each section as a bar, labelled with the words and the claims."""
    bars = ax.barh(y, data["words"], color=OKABE_ITO["blue"], height=0.62, gid="words")
    for bar, words, claims in zip(bars, data["words"], data["claims"], strict=True):
        text = num(words)
        if claims:
            text += f" · {int_text(claims)} claim" + ("s" if claims != 1 else "")
        label_beside(ax, text, bar_end(bar), gap=4, fontsize=8)


def _link_bars(ax: Any, data: pd.DataFrame, y: np.ndarray) -> tuple[np.ndarray, list[Any]]:
    """Draw each section's links as stacked bars (:data:`_LINK_KINDS`), labelled with the total.

    Returns:
        The totals per section, and a legend key per kind of link.
    """
    totals = np.zeros(len(data))
    handles: list[Any] = []
    for column, label, colour in _LINK_KINDS:
        widths = data[column].to_numpy(float)
        ax.barh(
            y,
            widths,
            left=totals,
            color=colour,
            height=0.62,
            gid=column,
            edgecolor="white",
            linewidth=0.6,
        )
        totals += widths
        handles.append(Patch(facecolor=colour, label=label))
    for yi, total in zip(y, totals, strict=True):
        label_beside(ax, num(total), (total, yi), gap=4, fontsize=8)
    return totals, handles
