"""Charts of a whole site (many articles), in the house style.

Takes the cross-article tables of :mod:`runreport.site.pages` and gives
:class:`~runreport.charts.chart.Chart` objects (written by
:func:`~runreport.charts.chart.save_chart`, the one figure writer):

- ``unsourced-by-site`` → :func:`plot_unsourced_by_site`: per body site, claims
  a source supports and claims none does;
- ``recurring-figures`` → :func:`plot_recurring_figures`: the figures most
  articles repeat, with how many state each.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from runreport.charts.captions import Words, wrap
from runreport.charts.chart import Chart
from runreport.charts.style import (
    MISSING_GREY,
    OKABE_ITO,
    compose_chart,
    count_axes,
    new_figure,
    no_data,
    require,
    styled,
)

SOURCE = "Source: the articles of this site, checked against runreport's evidence library."


@styled
def plot_unsourced_by_site(by_site: pd.DataFrame) -> Chart:
    """Stacked bars: per body site, claims with a source and unsourced claims.

    Args:
        by_site: Columns ``body_site``, ``claims``, ``unsourced``.

    Returns:
        Chart ``unsourced-by-site``; ``data`` has ``body_site``, ``sourced``, ``unsourced``.
    """
    key, title = "unsourced-by-site", "Unsourced claims by body site, all articles"
    require(by_site, ["body_site", "claims", "unsourced"], "by_site")
    data = pd.DataFrame(
        {
            "body_site": by_site["body_site"].astype(str),
            "sourced": (by_site["claims"] - by_site["unsourced"]).astype("int64"),
            "unsourced": by_site["unsourced"].astype("int64"),
        }
    )
    if data.empty:
        return no_data(
            key=key, title=title, what="no article states a figure", source=SOURCE, data=data
        )
    n = len(data)
    fig = new_figure(max(3.2, 1.8 + 0.4 * n))
    ax = fig.add_subplot()
    y = np.arange(n)
    unsourced = ax.barh(
        y, data["unsourced"], color=OKABE_ITO["vermillion"], height=0.62, label="unsourced"
    )
    sourced = ax.barh(
        y,
        data["sourced"],
        left=data["unsourced"],
        color=MISSING_GREY,
        height=0.62,
        label="a source checks it",
    )
    count_axes(
        ax, [wrap(s, 24, 2) for s in data["body_site"]], xlabel="Claims (count)", ylabel="Body site"
    )
    total_unsourced, total = (
        int(data["unsourced"].sum()),
        int((data["sourced"] + data["unsourced"]).sum()),
    )
    worst = data.iloc[0]
    words = Words(
        caption=f"{total_unsourced} of {total} claims across the site have no source; "
        f"{worst['body_site']} has the most unsourced claims ({int(worst['unsourced'])}).",
        alt=f"Horizontal stacked bar chart of claims per body site for {n} body sites. "
        + "; ".join(
            f"{r.body_site}: {r.unsourced} unsourced, {r.sourced} with a source"
            for r in data.itertuples()
        )
        + ".",
    )
    return compose_chart(
        fig,
        key=key,
        title=title,
        words=words,
        source=SOURCE,
        data=data,
        legend=[unsourced, sourced],
    )


@styled
def plot_recurring_figures(recurring: pd.DataFrame, top: int = 10) -> Chart:
    """Bars: the *top* figures stated by the most articles.

    Args:
        recurring: Columns ``value``, ``unit``, ``measure``, ``articles`` (most first).
        top: How many figures to show.

    Returns:
        Chart ``recurring-figures``; ``data`` has ``figure`` (value, unit and measure) and
        ``articles``.
    """
    key, title = "recurring-figures", "Figures repeated across articles"
    require(recurring, ["value", "unit", "measure", "articles"], "recurring")
    head = recurring.head(top)
    labels = [
        f"{v}{'%' if u == '%' else f' {u}' if u else ''}: {m}"
        for v, u, m in zip(
            head["value"], head["unit"].fillna(""), head["measure"].fillna(""), strict=True
        )
    ]
    data = pd.DataFrame({"figure": labels, "articles": head["articles"].astype("int64")})
    if data.empty:
        return no_data(
            key=key, title=title, what="no figure appears in two articles", source=SOURCE, data=data
        )
    n = len(data)
    fig = new_figure(max(3.2, 1.8 + 0.45 * n))
    ax = fig.add_subplot()
    ax.barh(np.arange(n), data["articles"], color=OKABE_ITO["blue"], height=0.62, gid="bars")
    count_axes(
        ax,
        [wrap(label, 36, 2) for label in data["figure"]],
        xlabel="Articles stating it (count)",
        ylabel="Figure",
        most=data["articles"].max(),
        headroom=1.15,
    )
    first = data.iloc[0]
    words = Words(
        caption=f"{n} figure(s) appear in more than one article; "
        f"“{first['figure']}” in {first['articles']}.",
        alt=f"Horizontal bar chart of {n} figures by the number of articles stating each. "
        + "; ".join(f"{r.figure}: {r.articles} articles" for r in data.itertuples())
        + ".",
    )
    return compose_chart(fig, key=key, title=title, words=words, source=SOURCE, data=data)
