"""Analyses of an article, as pure functions on DataFrames.

Takes the article's tables (:mod:`runreport.tables`), the curated sources,
lexicon and annotations (:mod:`runreport.annotations`) and gives the tables the
report shows: the claims fact-check, contradictions the article makes with
itself, cause × symptom and cause × treatment matrices, tip coverage, the
article's anatomy (advice versus commerce), and injury risk over a season.

Where an article has no annotations, functions that need them return their
frame with status "not annotated" or with zero rows, never an error.
"""

from __future__ import annotations

import re
import numpy as np
import pandas as pd

from runreport.annotations import NOT_ANNOTATED, STATUS_LABELS, Annotations, Sources

#: Weeks in the running season used by :func:`season_risk`.
SEASON_WEEKS = 26
#: Weekly running loads (hours) shown in the risk chart.
WEEKLY_HOURS = tuple(np.round(np.arange(0.5, 8.01, 0.5), 2))
RATE_UNIT = "injuries per 1000 hours"


def item_label(number: int, title: str) -> str:
    """Name an item as tables and charts do, e.g. "3. Accidents Lead To Injuries"."""
    return f"{number}. {title}"


# Claims -------------------------------------------------------------------------


def find_contradictions(claims: pd.DataFrame) -> pd.DataFrame:
    """Pairs of claims that state different values for the same thing.

    Two claims contradict each other when they have the same unit and the same
    (non-empty) subject but different values — e.g. "14% of runners" in the
    intro and "19% of runners" in the FAQ.

    Returns:
        Columns ``claim`` and ``other_claim`` (row positions in *claims*),
        ``line``, ``other_line``, ``unit``, ``subject``, ``value``,
        ``other_value``; one row per claim and per claim it contradicts.
    """
    rows = []
    known = claims.reset_index(drop=True)
    known = known[known["subject"].fillna("") != ""]
    for (unit, subject), group in known.groupby(["unit", "subject"], sort=True):
        for a in group.itertuples():
            for b in group.itertuples():
                if a.Index != b.Index and not np.isclose(a.value, b.value):
                    rows.append({"claim": a.Index, "other_claim": b.Index, "line": a.line, "other_line": b.line,
                                 "unit": unit, "subject": subject, "value": a.value, "other_value": b.value})
    columns = ["claim", "other_claim", "line", "other_line", "unit", "subject", "value", "other_value"]
    return pd.DataFrame(rows, columns=columns).sort_values(["claim", "other_claim"], ignore_index=True)


def _claim_label(row) -> str:
    subject = f" of {row.subject}" if row.subject else ""
    value = f"{row.value:g}"
    text = f"{value}%{subject}" if row.unit == "%" else f"{value} {row.unit}"
    return f"{text} (line {row.line})"


def fact_check(claims: pd.DataFrame, sources: Sources, annotations: Annotations | None) -> pd.DataFrame:
    """Check every claim of the article against its primary source.

    Args:
        claims: The article's ``claims`` table.
        sources: The curated primary sources and their figures.
        annotations: The article's annotations, or None when it has none.

    Returns:
        One row per claim, in line order: ``line``, ``section``, ``label``,
        ``quote`` (as the article words it), ``article_value``, ``unit``,
        ``source_value``, ``ci_low``, ``ci_high``, ``population``,
        ``source`` (short citation), ``url``, ``status`` (verified /
        misattributed / unsourced / not annotated), ``status_label``,
        ``contradicts`` ("" or "line 81 (19%)"), ``verdict`` (one line
        for readers) and ``note``.
    """
    contradictions = find_contradictions(claims)
    figures = sources.figures.set_index(["source", "figure"])
    meta = sources.sources.set_index("source")
    checks = annotations.claims if annotations is not None else pd.DataFrame(columns=["line", "value"])
    rows = []
    for claim in claims.reset_index(drop=True).itertuples():
        check = checks[(checks["line"] == claim.line) & np.isclose(checks["value"].astype(float), claim.value)]
        entry = check.iloc[0] if not check.empty else None
        status = entry["status"] if entry is not None else NOT_ANNOTATED
        fig = None
        if entry is not None and isinstance(entry["figure"], str):
            fig = figures.loc[(entry["source"], entry["figure"])]
        others = contradictions[contradictions["claim"] == claim.Index]
        contradicts = "; ".join(
            f"line {o.other_line} ({o.other_value:g}{'%' if o.unit == '%' else ' ' + o.unit})"
            for o in others.itertuples()
        )
        source_label, url = "", ""
        if fig is not None:
            source_label = short_citation(meta.loc[entry["source"]])
            url = meta.loc[entry["source"], "url"] or ""
        rows.append(
            {
                "line": claim.line,
                "section": claim.section,
                "label": _claim_label(claim),
                "quote": claim.quote,
                "article_value": claim.value,
                "unit": claim.unit,
                "source_value": fig["value"] if fig is not None else np.nan,
                "ci_low": fig["ci_low"] if fig is not None else np.nan,
                "ci_high": fig["ci_high"] if fig is not None else np.nan,
                "population": fig["population"] if fig is not None else "",
                "source": source_label,
                "url": url if isinstance(url, str) else "",
                "status": status,
                "status_label": STATUS_LABELS[status] + ("; contradicted by the article itself" if contradicts else ""),
                "contradicts": contradicts,
                "verdict": _verdict(status, claim, fig, contradicts),
                "note": (entry["note"] if entry is not None and isinstance(entry["note"], str) else ""),
            }
        )
    columns = ["line", "section", "label", "quote", "article_value", "unit", "source_value", "ci_low", "ci_high",
               "population", "source", "url", "status", "status_label", "contradicts", "verdict", "note"]
    return pd.DataFrame(rows, columns=columns).astype(
        {"article_value": float, "source_value": float, "ci_low": float, "ci_high": float}
    )


def _verdict(status: str, claim, fig, contradicts: str) -> str:
    """One sentence for readers; every number in it comes from the article or the source."""
    if status == NOT_ANNOTATED:
        text = "Not checked: the article has no annotations for this claim."
    elif status == "unsourced":
        text = "No primary source supports this figure."
    else:
        ci = f" (95% CI {fig['ci_low']:g}–{fig['ci_high']:g})" if pd.notna(fig["ci_low"]) else ""
        said = f"The source reports {fig['value']:g}{ci} for {fig['population']}"
        text = f"{said}." if status == "verified" else f"{said}: the number is right, the attribution is not."
    if contradicts:
        text += f" The article contradicts it at {contradicts}."
    return text


def short_citation(source: pd.Series) -> str:
    """Cite a source briefly, e.g. "Videbæk S, Bueno AM, et al. (2015), Sports Medicine"."""
    authors = source["authors"].split(", ")
    names = ", ".join(authors[:2]) + (", et al." if len(authors) > 2 and authors[2] != "et al." else "")
    if len(authors) == 2 and authors[1] == "et al.":
        names = f"{authors[0]}, et al."
    year = f" ({source['year']})" if pd.notna(source["year"]) else ""
    journal = f", {source['journal']}" if isinstance(source["journal"], str) else ""
    return f"{names}{year}{journal}"


def references_table(sources: Sources, used: set[str] | None = None) -> pd.DataFrame:
    """Full references for the methods section: ``source``, ``reference``, ``url``.

    Args:
        sources: The curated sources.
        used: Only these source ids (all when None).
    """
    rows = []
    for s in sources.sources.itertuples():
        if used is not None and s.source not in used:
            continue
        parts = [s.authors if s.authors.endswith(".") else s.authors + "."]
        parts.append(f"{s.title}.")
        if isinstance(s.journal, str):
            parts.append(f"{s.journal}" + (f" {s.citation}." if isinstance(s.citation, str) else "."))
        if not isinstance(s.citation, str) and pd.notna(s.year):
            parts.append(f"{s.year}.")
        if isinstance(s.doi, str):
            parts.append(f"doi:{s.doi}")
        rows.append({"source": s.source, "reference": " ".join(parts), "url": s.url if isinstance(s.url, str) else ""})
    return pd.DataFrame(rows, columns=["source", "reference", "url"])


# Causes, symptoms, treatments --------------------------------------------------------


def _term_patterns(lexicon: pd.DataFrame, kind: str) -> dict[str, re.Pattern[str]]:
    patterns = {}
    for term, group in lexicon[lexicon["kind"] == kind].groupby("term", sort=False):
        phrases = sorted(set(group["phrase"]), key=len, reverse=True)  # longest first: "back brace" before "brace"
        alternation = "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases)
        patterns[term] = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE)
    return patterns


def mention_matrix(items: pd.DataFrame, lexicon: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Count how often each lexicon term is mentioned in each item.

    Args:
        items: A ``causes`` (or ``tips``) table: ``number``, ``title``, ``body``.
        lexicon: From :func:`runreport.annotations.load_lexicon`.
        kind: "symptom" or "treatment".

    Returns:
        Index: item labels ("1. Title"); columns: the terms in lexicon order;
        values: the number of whole-word mentions in the title and body.
    """
    patterns = _term_patterns(lexicon, kind)
    data = {
        item_label(row.number, row.title): {
            term: len(pattern.findall(f"{row.title}\n{row.body}")) for term, pattern in patterns.items()
        }
        for row in items.itertuples()
    }
    frame = pd.DataFrame.from_dict(data, orient="index", columns=list(patterns)).fillna(0).astype(int)
    frame.index.name = "cause"
    frame.columns.name = kind
    return frame


def causes_overview(causes: pd.DataFrame, lexicon: pd.DataFrame, annotations: Annotations | None) -> pd.DataFrame:
    """The causes table for readers: number, title, category, symptoms, treatments, words, line."""
    symptoms = mention_matrix(causes, lexicon, "symptom")
    treatments = mention_matrix(causes, lexicon, "treatment")
    categories = {} if annotations is None else dict(zip(annotations.causes["number"], annotations.causes["category"]))

    def named(matrix: pd.DataFrame, label: str) -> str:
        row = matrix.loc[label]
        return ", ".join(term for term, count in row.items() if count > 0) or "—"

    rows = []
    for c in causes.itertuples():
        label = item_label(c.number, c.title)
        rows.append({"number": c.number, "title": c.title, "category": categories.get(c.number, NOT_ANNOTATED),
                     "symptoms": named(symptoms, label), "treatments": named(treatments, label),
                     "words": c.words, "line": c.line})
    return pd.DataFrame(rows, columns=["number", "title", "category", "symptoms", "treatments", "words", "line"])


# Tips ------------------------------------------------------------------------------------


def tips_overview(tips: pd.DataFrame, annotations: Annotations | None) -> pd.DataFrame:
    """The tips table for readers: number, title, category, addresses (cause numbers), words, line."""
    categories = {} if annotations is None else dict(zip(annotations.tips["number"], annotations.tips["category"]))
    links = annotations.links if annotations is not None else pd.DataFrame(columns=["tip", "cause"])
    rows = []
    for t in tips.itertuples():
        causes = links.loc[links["tip"] == t.number, "cause"].tolist()
        if annotations is None:
            addresses = NOT_ANNOTATED
        else:
            addresses = ", ".join(str(c) for c in causes) or "none"
        rows.append({"number": t.number, "title": t.title, "category": categories.get(t.number, NOT_ANNOTATED),
                     "addresses": addresses, "words": t.words, "line": t.line})
    return pd.DataFrame(rows, columns=["number", "title", "category", "addresses", "words", "line"])


#: The row of :func:`tip_coverage` for fixes that causes give inside themselves ("What to do: …").
FIX_ROW = "(the cause's own fix)"


def tip_coverage(tips: pd.DataFrame, causes: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """Tips × causes: 1 where a tip addresses a cause.

    A fix given inside a cause is advice too: when the causes table has a
    ``fix`` column, a row :data:`FIX_ROW` marks each cause that has one.

    Returns:
        Index: tip labels (and :data:`FIX_ROW`); columns: cause labels; values 0/1.
    """
    tip_labels = {t.number: item_label(t.number, t.title) for t in tips.itertuples()}
    cause_labels = {c.number: item_label(c.number, c.title) for c in causes.itertuples()}
    frame = pd.DataFrame(0, index=list(tip_labels.values()), columns=list(cause_labels.values()), dtype=int)
    for link in links.itertuples():
        frame.loc[tip_labels[link.tip], cause_labels[link.cause]] = 1
    if "fix" in causes and (causes["fix"] != "").any():
        frame.loc[FIX_ROW] = [int(fix != "") for fix in causes["fix"]]
    frame.index.name = "tip"
    frame.columns.name = "cause"
    return frame


def coverage_gaps(coverage: pd.DataFrame) -> dict[str, list[str]]:
    """Which causes no tip addresses, and which tips address no cause."""
    return {
        "causes_without_tip": [c for c in coverage.columns if coverage[c].sum() == 0],
        "tips_without_cause": [t for t in coverage.index if coverage.loc[t].sum() == 0],
    }


# Anatomy -----------------------------------------------------------------------------------


def article_anatomy(tables: dict[str, pd.DataFrame], products: pd.DataFrame | None) -> pd.DataFrame:
    """Words, claims, product mentions and links per section.

    Returns:
        One row per section in article order: ``section``, ``words``,
        ``share`` (of all words, 0–1), ``items``, ``claims``, ``products``,
        ``related``, ``quoted``, ``commerce`` (products + related + quoted).
    """
    sections = tables["sections"]
    refs = tables["references"]
    product_lines = [] if products is None else products["line"].tolist()
    rows = []
    for s in sections.itertuples():
        related = int(((refs["kind"] == "related") & (refs["section"] == s.section)).sum())
        quoted = int(((refs["kind"] == "quoted") & (refs["section"] == s.section)).sum())
        n_products = sum(1 for line in product_lines if s.line <= line <= s.end_line)
        rows.append({"section": s.section, "words": s.words, "items": s.items,
                     "claims": int((tables["claims"]["section"] == s.section).sum()),
                     "products": n_products, "related": related, "quoted": quoted,
                     "commerce": n_products + related + quoted})
    frame = pd.DataFrame(rows, columns=["section", "words", "items", "claims", "products", "related", "quoted",
                                        "commerce"])
    total = frame["words"].sum()
    frame.insert(2, "share", (frame["words"] / total).round(4) if total else 0.0)
    return frame


# Risk ------------------------------------------------------------------------------------


def incidence_table(fact: pd.DataFrame, sources: Sources, annotations: Annotations | None) -> pd.DataFrame:
    """Verified incidence rates (per 1000 h) behind the article's rate claims.

    Returns:
        One row per source figure: ``group``, ``value``, ``ci_low``,
        ``ci_high``, ``article_value``, ``article_label``, ``source``. Zero
        rows when the article has no annotated rate claims.
    """
    columns = ["group", "value", "ci_low", "ci_high", "article_value", "article_label", "source"]
    if annotations is None:
        return pd.DataFrame(columns=columns)
    figures = sources.figures.set_index(["source", "figure"])
    meta = sources.sources.set_index("source")
    rows = []
    claims = annotations.claims.dropna(subset=["figure"])
    for check in claims.itertuples():
        fig = figures.loc[(check.source, check.figure)]
        if fig["unit"] != RATE_UNIT or pd.isna(fig["value"]):
            continue
        quote = fact.loc[fact["line"] == check.line, "quote"]
        rows.append({"group": fig["label"], "value": fig["value"], "ci_low": fig["ci_low"], "ci_high": fig["ci_high"],
                     "article_value": check.value,
                     "article_label": f"article, line {check.line}" + (f": “{_short(quote.iloc[0])}”" if len(quote) else ""),
                     "source": short_citation(meta.loc[check.source])})
    return pd.DataFrame(rows, columns=columns).drop_duplicates("group", ignore_index=True)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def describe_risk_model(weeks: int = SEASON_WEEKS) -> str:
    """The model behind :func:`season_risk` and its assumptions, in words for the report."""
    return (
        f"Poisson model: over a season of {weeks} weeks, expected injuries = rate × hours / 1000 and "
        "P(at least one injury) = 1 − e^(−expected). It assumes a constant injury rate per hour, independent "
        "injuries, and runners like those in the meta-analysis; the bands use the rate's 95% confidence "
        "interval. The rate counts running-related injuries of any kind, not back injuries alone."
    )


def season_risk(incidence: pd.DataFrame, weekly_hours=WEEKLY_HOURS, weeks: int = SEASON_WEEKS) -> pd.DataFrame:
    """Expected injuries and P(≥1 injury) over a season, per group and weekly load.

    Args:
        incidence: From :func:`incidence_table` (rate per 1000 h with 95% CI).
        weekly_hours: Weekly running loads to evaluate.
        weeks: Length of the season in weeks.

    Returns:
        ``group``, ``weekly_hours``, ``season_hours``, ``expected``,
        ``expected_low``, ``expected_high``, ``p_any``, ``p_any_low``,
        ``p_any_high`` (probabilities 0–1).
    """
    rows = []
    for group in incidence.itertuples():
        for hours in weekly_hours:
            season_hours = float(hours) * weeks
            expected = {k: rate * season_hours / 1000 for k, rate in
                        (("mid", group.value), ("low", group.ci_low), ("high", group.ci_high))}
            rows.append({
                "group": group.group, "weekly_hours": float(hours), "season_hours": season_hours,
                "expected": expected["mid"], "expected_low": expected["low"], "expected_high": expected["high"],
                "p_any": 1 - np.exp(-expected["mid"]), "p_any_low": 1 - np.exp(-expected["low"]),
                "p_any_high": 1 - np.exp(-expected["high"]),
            })
    columns = ["group", "weekly_hours", "season_hours", "expected", "expected_low", "expected_high",
               "p_any", "p_any_low", "p_any_high"]
    return pd.DataFrame(rows, columns=columns).round(6)


def prevalence_context(fact: pd.DataFrame, sources: Sources, annotations: Annotations | None) -> pd.DataFrame:
    """The literature's back-pain prevalence beside the article's runner percentages.

    Literature rows are the sources' percentage figures about runners or adults
    that no claim already uses; article rows are its percentage claims about
    runners.

    Returns:
        ``label``, ``low``, ``high``, ``kind`` (article / literature), ``source``.
    """
    used = set()
    if annotations is not None:
        for src, col in (("source", "figure"), ("nearest_source", "nearest_figure")):
            pairs = annotations.claims.dropna(subset=[src, col])
            used |= set(zip(pairs[src], pairs[col]))
    article_rows = [
        {"label": f"Article: {claim.label}", "low": claim.article_value, "high": claim.article_value,
         "kind": "article", "source": f"the article, line {claim.line}"}
        # The literature is about back pain in runners: compare only the article's claims about that.
        for claim in fact[(fact["unit"] == "%") & fact["label"].str.contains("runner")
                          & fact["quote"].str.contains(r"\bback\b", case=False)].itertuples()
    ]
    columns = ["label", "low", "high", "kind", "source"]
    if not article_rows:
        return pd.DataFrame(columns=columns)
    meta = sources.sources.set_index("source")
    rows = []
    for fig in sources.figures.itertuples():
        if fig.unit != "%" or (fig.source, fig.figure) in used:
            continue
        if not re.search(r"runner|adult", fig.population, re.IGNORECASE):
            continue
        if "incidence" in fig.measure.lower():  # new cases per period: not comparable with prevalence
            continue
        rows.append({"label": fig.label, "low": fig.low, "high": fig.high, "kind": "literature",
                     "source": short_citation(meta.loc[fig.source])})
    return pd.DataFrame(rows + article_rows, columns=columns)
