"""The words around the charts: labels, numbers, captions and alt text.

Takes values and the plotted data of each chart (plain DataFrames and lists,
no matplotlib) and gives text:

- one-line labels and numbers for drawing (:func:`clean`, :func:`wrap`,
  :func:`num`, :func:`with_unit`, :func:`cite`, …): article text is cut with
  "…", never trusted, and missing values read "n/a" or "(no label)";
- for each chart, its caption (what the chart shows, one or two sentences)
  and its alt text (what a screen-reader user needs: every number the chart
  shows, or the extremes and gaps when there are many), as :class:`Words`
  from a ``describe_*`` function.

The checks :func:`missing`, :func:`finite` and :func:`finite_mask` live here
because the text depends on them ("n/a"); the chart modules use them too.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Iterable, Sequence
from contextvars import ContextVar
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

#: Width of the figure being drawn as a fraction of the report column's (1.0; less while a chart
#: is drawn for phones, see :func:`runreport.charts.style.narrow_layout`): :func:`wrap` scales its
#: line length by it and allows more lines, so a narrow chart shows the same words.
WRAP_SCALE: ContextVar[float] = ContextVar("runreport_wrap_scale", default=1.0)

#: Link columns of the anatomy chart, in the order they are stacked.
LINK_COLUMNS = ("products", "related", "quoted")


class Words(NamedTuple):
    """What a chart says in words beside the figure."""

    caption: str
    alt: str


# --------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------


def missing(value: Any) -> bool:
    """Return True for None, NaN, NA and NaT (and never raise)."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def finite(value: Any) -> bool:
    """Return True when *value* is a finite real number."""
    if missing(value):
        return False
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def finite_mask(series: pd.Series) -> pd.Series:
    """Return a boolean Series: True where *series* holds a finite number."""
    return series.map(finite).astype(bool)


# --------------------------------------------------------------------------
# Labels and numbers
# --------------------------------------------------------------------------


def clean(value: Any, *, empty: str = "(no label)", max_chars: int = 160) -> str:
    """Return *value* as one line of text, cut to *max_chars* with "…"."""
    if missing(value):
        return empty
    text = " ".join(str(value).split())
    if not text:
        return empty
    if len(text) > max_chars:
        text = text[: max_chars - 1].rstrip() + "…"
    return text


def wrap(
    value: Any,
    width: int,
    max_lines: int = 2,
    *,
    empty: str = "(no label)",
    max_chars: int = 160,
) -> str:
    """Return *value* wrapped to *width* characters, at most *max_lines* lines.

    While a chart is drawn narrower than the report column (:data:`WRAP_SCALE` below 1), the
    lines are that much shorter and there may be that many more of them.
    """
    text = clean(value, empty=empty, max_chars=max_chars)
    scale = WRAP_SCALE.get()
    if scale != 1.0:  # whole words only: a narrow chart has room for the longest word
        width, max_lines = max(12, math.floor(width * scale)), math.ceil(max_lines / scale)
    lines = textwrap.wrap(
        text,
        width=width,
        max_lines=max_lines,
        placeholder=" …",
        break_long_words=scale == 1.0,
        break_on_hyphens=True,
    )
    return "\n".join(lines) if lines else empty


def num(value: Any) -> str:
    """Format a number for labels and alt text: 17.8, 14, 0.35, 1,234."""
    if not finite(value):
        return "n/a"
    x = float(value)
    size = abs(x)
    decimals = 0 if size >= 100 else 1 if size >= 1 else 2 if size >= 0.01 else 3
    text = f"{x:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def with_unit(value: Any, unit: Any) -> str:
    """Return "14%" or "17.8 injuries per 1000 hours"."""
    unit_text = clean(unit, empty="")
    if unit_text == "%":
        return f"{num(value)}%"
    return f"{num(value)} {unit_text}".strip()


def ci_text(low: Any, high: Any, unit: str = "") -> str:
    """Return "95% CI 16.7–19.1" (or "" when the interval is missing)."""
    if not (finite(low) and finite(high)):
        return ""
    return f"95% CI {num(low)}–{num(high)}{unit}"


def ci_range(low: Any, high: Any) -> str:
    """Return " (16.7–19.1)", a CI written after a value in a chart (or "" when it is missing)."""
    if not (finite(low) and finite(high)):
        return ""
    return f" ({num(low)}–{num(high)})"


def int_text(value: Any) -> str:
    """Return an integer-looking number without decimals ("7"), or "?"."""
    if not finite(value):
        return "?"
    x = float(value)
    return str(int(x)) if x.is_integer() else num(x)


def relation(article: float, value: Any, low: Any, high: Any) -> str:
    """Say how an article number relates to a source value and its CI."""
    if round(float(article), 1) == round(float(value), 1):
        return "matches"
    if finite(low) and finite(high) and float(low) <= float(article) <= float(high):
        return "lies within the 95% CI of"
    return "differs from"


def listing(items: Sequence[str], limit: int = 12, noun: str = "more") -> str:
    """Join *items* with "; ", ending with "and N more" past *limit*."""
    shown = list(items[:limit])
    if len(items) > limit:
        shown.append(f"and {len(items) - limit} {noun}")
    return "; ".join(shown)


def quoted(items: Iterable[Any], width: int = 60) -> str:
    """Return the items as "'a', 'b'" (each cleaned and cut)."""
    return ", ".join(f"'{clean(item, max_chars=width)}'" for item in items)


def cite(value: Any, width: int = 34) -> str:
    """Shorten a reference to "Author, et al. (2020)" (or cut it to *width*)."""
    text = clean(value, empty="(no source)", max_chars=200)
    match = re.match(r"^(.{3,60}?\(\d{4}[a-z]?\))", text)
    if match:
        text = match.group(1)
    return clean(text, max_chars=width)


def named_sources(frame: pd.DataFrame, mask: pd.Series | None = None) -> list[str]:
    """Return the distinct non-empty values of an optional ``source`` column."""
    if "source" not in frame.columns:
        return []
    values = frame["source"] if mask is None else frame.loc[mask, "source"]
    names = (clean(v, empty="", max_chars=120) for v in values)
    return [name for name in dict.fromkeys(names) if name]


def unit_name(unit: Any) -> str:
    """Return the name of a claims panel: the unit, or "(no unit)"."""
    return clean(unit, empty="(no unit)")


def group_name(group: Any) -> str:
    """Return a runner group's name for labels and alt text."""
    return clean(group, empty="(no group)", max_chars=60)


def is_article_row(kind: Any) -> bool:
    """Return True when a prevalence row's ``kind`` says it is the article's figure."""
    return clean(kind, empty="") == "article"


def hours(value: Any) -> str:
    """Return "1 hour" or "2.5 hours"."""
    return f"{num(value)} hour" + ("" if num(value) == "1" else "s")


def _span(row: pd.Series) -> str:
    """Return "14%" or "0.7–20.2%" for a row with ``low`` and ``high``."""
    low, high = row["low"], row["high"]
    return f"{num(low)}%" if low == high else f"{num(low)}–{num(high)}%"


# --------------------------------------------------------------------------
# Captions and alt text, chart by chart
# --------------------------------------------------------------------------


def describe_no_data(title: str, what: str) -> Words:
    """Words for a chart with nothing to plot.

    Args:
        title: The chart's title.
        what: Why there is nothing, e.g. "the article has no tips".
    """
    return Words(caption=f"No data to chart: {what}.", alt=f"{title}: no data to chart; {what}.")


def describe_claims(data: pd.DataFrame, omitted: int) -> Words:
    """Words for the claims-vs-sources chart.

    Args:
        data: The plotted claims (columns as :data:`CLAIM_COLUMNS` of
            :mod:`runreport.charts.evidence`, numbers as float), sorted by line.
        omitted: How many claims had no number and are not shown.
    """
    panels = list(dict.fromkeys(data["unit"].map(unit_name)))
    any_contradiction = any(clean(c, empty="") for c in data["contradicts"])
    by_line = {
        str(int(line)): value
        for line, value in zip(data["line"], data["article_value"], strict=True)
        if finite(line)
    }
    units = data["unit"].map(lambda u: clean(u, empty=""))
    descriptions = []
    for i, row in data.iterrows():
        unit = units[i]
        text = (
            f"{clean(row['label'], max_chars=80)}: {with_unit(row['article_value'], unit)}, "
            f"{clean(row['status'], empty='not annotated')}"
        )
        if finite(row["source_value"]):
            how = relation(row["article_value"], row["source_value"], row["ci_low"], row["ci_high"])
            ci = ci_text(row["ci_low"], row["ci_high"])
            text += (
                f"; the article's {num(row['article_value'])} {how} the source's "
                f"{num(row['source_value'])}" + (f" ({ci})" if ci else "")
            )
        contradicts = clean(row["contradicts"], empty="")
        if contradicts:
            text += f"; contradicts {contradicts}"
            match = re.search(r"\d+", contradicts)
            if match and match.group() in by_line and "(" not in contradicts:
                text += f" ({with_unit(by_line[match.group()], unit)})"
        descriptions.append(text)
    alt = (
        f"Dot chart of {len(data)} numeric claims from the article, one panel per unit "
        f"({'; '.join(panels)}); each article value is marked by its fact-check status, "
        f"with the source value and its 95% CI beside it where there is one. "
        f"{listing(descriptions, 15, 'more claims')}."
    )
    caption = (
        "Each number the article states (coloured marker; shape and colour give the "
        "fact-check status) beside the value in its source with the 95% confidence "
        "interval (black)"
        + (
            "; an orange-red ring and label mark claims that contradict another claim."
            if any_contradiction
            else "."
        )
    )
    if omitted:
        caption += f" {omitted} claim(s) without a number are not shown."
    return Words(caption, alt)


def describe_incidence(data: pd.DataFrame, unit: str) -> Words:
    """Words for the incidence chart.

    Args:
        data: The plotted rows (``group``, ``value``, ``ci_low``, ``ci_high``,
            ``article_value``, ``article_label``; numbers as float).
        unit: The rate's unit, e.g. "injuries per 1000 hours".
    """
    parts = []
    for _, row in data.iterrows():
        text = group_name(row["group"]) + ": "
        if finite(row["value"]):
            ci = ci_text(row["ci_low"], row["ci_high"])
            text += num(row["value"]) + (f" ({ci})" if ci else "")
        else:
            text += "no literature value"
        if finite(row["article_value"]):
            label = clean(row["article_label"], empty="article", max_chars=60)
            text += f"; the article's {num(row['article_value'])} ({label})"
            if finite(row["value"]):
                text += (
                    " "
                    + relation(row["article_value"], row["value"], row["ci_low"], row["ci_high"])
                    + " it"
                )
        parts.append(text)
    alt = (
        f"Dot chart of running-related injury incidence in {unit} for {len(data)} group(s), "
        f"with 95% confidence intervals and the article's figures as hollow diamonds. "
        f"{listing(parts)}."
    )
    caption = (
        "Each blue dot is a group's incidence in the literature, with its 95% confidence "
        "interval; the hollow orange diamond is the figure the article gives for that group."
    )
    return Words(caption, alt)


def _risk_text(row: pd.Series) -> str:
    """Describe one row of the risk frame for alt text."""
    ci = ci_text(row["expected_low"], row["expected_high"])
    p = num(row["p_any"] * 100) + "%" if finite(row["p_any"]) else "n/a"
    return (
        f"{num(row['expected'])} expected injuries"
        + (f" ({ci})" if ci else "")
        + f" and a chance of at least one of {p}"
    )


def describe_risk(data: pd.DataFrame, weeks: int, title: str) -> Words:
    """Words for the season-risk chart, including the model it plots.

    Args:
        data: The plotted rows (``group``, ``weekly_hours``, ``expected*``,
            ``p_any*`` as 0..1), sorted by group then hours; may be empty.
        weeks: Season length in weeks.
        title: The chart's title (for the alt text when there is no data).
    """
    model = (
        f"Model: Poisson with a constant injury rate, expected = rate × hours / 1000 "
        f"(hours = weekly hours × {weeks}), P(≥1) = 1 − e^(−expected); the bands come "
        f"from the rate's 95% CI."
    )
    if data.empty:
        return Words(
            caption="No data to chart. " + model, alt=describe_no_data(title, "no risk figures").alt
        )
    caption = (
        "Left, the expected number of injuries; right, the chance of at least one; a line per "
        "runner group with its shaded 95% CI band. " + model
    )
    groups = data["group"].map(group_name)
    order = list(dict.fromkeys(groups))
    parts = []
    for group in order:
        rows = data[groups == group]
        first, last = rows.iloc[0], rows.iloc[-1]
        text = f"{group}: at {hours(first['weekly_hours'])} a week, " + _risk_text(first)
        if len(rows) > 1:
            text += f"; at {hours(last['weekly_hours'])} a week, " + _risk_text(last)
        parts.append(text)
    alt = (
        f"Two line charts side by side, one line per group ({len(order)}) with a shaded 95% CI "
        f"band: expected injuries over {weeks} weeks (left) and the probability of at least "
        f"one injury in % (right), against weekly running hours. {listing(parts)}."
    )
    return Words(caption, alt)


def describe_prevalence(data: pd.DataFrame) -> Words:
    """Words for the prevalence-context chart.

    Args:
        data: The plotted rows (``label``, ``low``, ``high`` in %, ``kind``,
            ``source``), literature first then the article's.
    """
    is_article = data["kind"].map(is_article_row).astype(bool)
    literature = data[~is_article]
    lit_parts = [
        f"{clean(r['label'], max_chars=80)} ({cite(r['source'], 60)}): {_span(r)}"
        for _, r in literature.iterrows()
    ]
    art_parts = []
    for _, r in data[is_article].iterrows():
        inside = [
            f"{cite(lit['source'], 60)} ({_span(lit)})"
            for _, lit in literature.iterrows()
            if lit["low"] < lit["high"] and lit["low"] <= r["low"] and r["high"] <= lit["high"]
        ]
        if inside:
            where = "inside the range from " + " and ".join(inside)
        elif len(literature):
            where = "outside every literature range"
        else:
            where = "with no literature to compare"
        art_parts.append(f"{clean(r['label'], max_chars=80)}: {_span(r)}, {where}")
    alt = "Range chart on one percentage axis. "
    if lit_parts:
        alt += f"Literature: {listing(lit_parts)}. "
    if art_parts:
        alt += f"The article: {listing(art_parts)}."
    else:
        alt += "The article gives no percentage to compare."
    caption = (
        "Blue bars are ranges and blue dots single values from the literature; the "
        "article's percentages are orange-red diamonds (outlined bars for ranges) with "
        "dotted guide lines, all on one % axis."
    )
    return Words(caption, alt)


def describe_mentions(
    values: np.ndarray, causes: Sequence[str], terms: Sequence[str], kind: str
) -> Words:
    """Words for a cause × symptom or cause × treatment heatmap.

    Args:
        values: Counts, one row per cause and one column per term (NaN: missing).
        causes: Row labels (cleaned).
        terms: Column labels (cleaned).
        kind: "symptom" or "treatment".
    """
    n_rows, n_cols = values.shape
    total = float(np.nansum(values))
    alt = (
        f"Heatmap of how often each of the article's {n_rows} cause(s) mentions each of "
        f"{n_cols} {kind} term(s); darker cells hold more mentions "
        f"({num(total)} in all). "
    )
    if total == 0:
        alt += f"No cause mentions any of the {kind} terms: every cell is 0 or missing."
    else:
        col_totals = np.nansum(values, axis=0)
        top = int(np.argmax(col_totals))
        top_cause = int(np.nanargmax(np.where(np.isfinite(values[:, top]), values[:, top], -1)))
        alt += (
            f"Most mentioned: '{terms[top]}' ({num(col_totals[top])} mentions, "
            f"{num(values[top_cause, top])} of them under '{causes[top_cause]}'). "
        )
        silent = [causes[i] for i in range(n_rows) if np.nansum(values[i]) == 0]
        unused = [terms[j] for j in range(n_cols) if col_totals[j] == 0]
        if silent:
            alt += f"Causes that mention no {kind}: {quoted(silent[:10])}. "
        if unused:
            alt += f"{kind.capitalize()} terms never mentioned: {quoted(unused[:15])}."
    if n_rows * n_cols <= 30 and total > 0:
        cells = [
            f"{causes[i]} × {terms[j]}: {int_text(values[i, j])}"
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
    return Words(caption, alt)


def describe_tips(data: pd.DataFrame) -> Words:
    """Words for the tips-by-category chart.

    Args:
        data: One row per bar: ``category``, ``tips`` (count), ``tip_numbers``.
    """
    total = int(data["tips"].sum())
    if len(data) == 1 and data["category"].iloc[0] == "not annotated":
        alt = (
            f"One grey bar: none of the article's {total} tips has a category yet "
            f"(tips {data['tip_numbers'].iloc[0]})."
        )
        caption = (
            f"None of the {total} tips has a category annotation yet, so all of them "
            "sit in one 'not annotated' bar."
        )
        return Words(caption, alt)
    parts = [
        f"{clean(c, max_chars=60)} {t} (tips {nums})"
        for c, t, nums in zip(data["category"], data["tips"], data["tip_numbers"], strict=True)
    ]
    alt = (
        f"Horizontal bar chart of the article's {total} tips in {len(data)} categories: "
        f"{listing(parts)}."
    )
    caption = (
        "Bar length is the number of tips; the labels beside each bar list those "
        "tips' numbers in the article"
        + (
            " (grey: tips without a category)."
            if data["category"].eq("not annotated").any()
            else "."
        )
    )
    return Words(caption, alt)


def describe_coverage(addressed: np.ndarray, tips: Sequence[str], causes: Sequence[str]) -> Words:
    """Words for the tip-coverage grid.

    Args:
        addressed: 1 (the tip addresses the cause), 0, or NaN (not annotated);
            one row per tip, one column per cause.
        tips: Row labels (cleaned).
        causes: Column labels (cleaned).
    """
    n_rows, n_cols = addressed.shape
    hits = addressed == 1
    lonely_causes = [j for j in range(n_cols) if not hits[:, j].any()]
    idle_tips = [i for i in range(n_rows) if not hits[i].any()]
    alt = (
        f"Grid of the article's {n_rows} tip(s) (rows) against its {n_cols} cause(s) "
        f"(columns); a filled square marks a tip that addresses a cause ({int(hits.sum())} of "
        f"{n_rows * n_cols} pairs). "
    )
    if lonely_causes:
        alt += f"Causes no tip addresses: {quoted(causes[j] for j in lonely_causes[:10])}. "
    else:
        alt += "Every cause is addressed by at least one tip. "
    if idle_tips:
        alt += f"Tips that address no listed cause: {quoted(tips[i] for i in idle_tips[:10])}."
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
    return Words(caption, alt)


def link_totals(data: pd.DataFrame) -> np.ndarray:
    """Return the anatomy chart's links per section (products + related + quoted)."""
    totals = np.zeros(len(data))
    for column in LINK_COLUMNS:
        totals += data[column].to_numpy(float)
    return totals


def describe_anatomy(data: pd.DataFrame, missing_counts: int) -> Words:
    """Words for the anatomy chart (advice against commerce per section).

    Args:
        data: The plotted rows (``section``, ``words``, ``products``,
            ``related``, ``quoted``, ``claims``; missing counts as 0).
        missing_counts: How many counts were missing in the input.
    """
    links = link_totals(data)
    total_words = float(data["words"].sum())
    total_links = float(links.sum())
    word_parts = [
        f"{clean(s, empty='(no section)', max_chars=40)} {num(w)}"
        for s, w in zip(data["section"], data["words"], strict=True)
    ]
    charts = "Two horizontal bar charts" if total_links else "A horizontal bar chart"
    alt = (
        f"{charts} over the article's {len(data)} section(s). Words per "
        f"section: {listing(word_parts)} ({num(total_words)} in all). "
    )
    if total_links:
        busiest = int(np.argmax(links))
        per_1000 = total_links / total_words * 1000 if total_words else float("nan")
        alt += (
            f"Commerce: {num(total_links)} links in all — {num(data['products'].sum())} "
            f"product links, {num(data['related'].sum())} related-article links and "
            f"{num(data['quoted'].sum())} quoted article titles; most in "
            f"'{clean(data['section'].iloc[busiest], max_chars=40)}' ({num(links[busiest])})"
            + (f", about {num(per_1000)} per 1000 words." if finite(per_1000) else ".")
        )
    else:
        alt += "The article has no product links, related-article links or quoted titles."
    n_claims = float(data["claims"].sum())
    if n_claims:
        alt += f" {num(n_claims)} numeric claim(s) in all, noted on the word bars."
    caption = (
        "Words per section (left, with the number of numeric claims) against links to "
        "products, related articles and quoted article titles per section (right)."
        if total_links
        else "Words per section, with the number of numeric claims; the article has no "
        "product links, related-article links or quoted titles."
    )
    if missing_counts:
        caption += f" {missing_counts} missing count(s) are shown as 0."
    return Words(caption, alt)
