"""Analyses of an article, as pure functions on DataFrames.

Takes the article's tables (:mod:`runreport.analysis.tables`), the curated sources,
lexicon and annotations (:mod:`runreport.factcheck.annotations`) and gives the tables the
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

from runreport.analysis import subject
from runreport.factcheck import contradictions, verdicts
from runreport.factcheck.annotations import NOT_ANNOTATED, Annotations
from runreport.factcheck.claim_features import REGIONS, body_site
from runreport.factcheck.evidence import Evidence
from runreport.factcheck.review import suggest_category, suggest_links

#: How a category or link the lexicon suggested, and no editor reviewed, is marked.
AUTOMATIC = " (automatic)"

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
    """Claims about the same subject and measure that disagree.

    See :func:`runreport.factcheck.contradictions.find_contradictions`.
    """
    return contradictions.find_contradictions(claims)


def fact_check(
    claims: pd.DataFrame, sources: Evidence, annotations: Annotations | None
) -> pd.DataFrame:
    """Every claim of the article with its verdict computed from the evidence library.

    The annotations add human judgement (which figure, same population or
    not, a note, a status); a status the numbers contradict is an error at
    its YAML line. See :func:`runreport.factcheck.verdicts.verdict_table` for the columns.
    """
    checks = annotations.claims if annotations is not None else None
    return verdicts.verdict_table(
        claims, sources, checks, annotations.path if annotations is not None else ""
    )


def short_citation(source: pd.Series) -> str:
    """Cite a source briefly, e.g. "Videbæk S, Bueno AM, et al. (2015), Sports Medicine"."""
    authors = source["authors"].split(", ")
    names = ", ".join(authors[:2]) + (
        ", et al." if len(authors) > 2 and authors[2] != "et al." else ""
    )
    if len(authors) == 2 and authors[1] == "et al.":
        names = f"{authors[0]}, et al."
    year = f" ({source['year']})" if pd.notna(source["year"]) else ""
    journal = f", {source['journal']}" if isinstance(source["journal"], str) else ""
    return f"{names}{year}{journal}"


def references_table(sources: Evidence, used: set[str] | None = None) -> pd.DataFrame:
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
            parts.append(
                f"{s.journal}" + (f" {s.citation}." if isinstance(s.citation, str) else ".")
            )
        if not isinstance(s.citation, str) and pd.notna(s.year):
            parts.append(f"{s.year}.")
        if isinstance(s.doi, str):
            parts.append(f"doi:{s.doi}")
        rows.append(
            {
                "source": s.source,
                "reference": " ".join(parts),
                "url": s.url if isinstance(s.url, str) else "",
            }
        )
    return pd.DataFrame(rows, columns=["source", "reference", "url"])


# Causes, symptoms, treatments --------------------------------------------------------


def _term_patterns(lexicon: pd.DataFrame, kind: str) -> dict[str, re.Pattern[str]]:
    patterns = {}
    for term, group in lexicon[lexicon["kind"] == kind].groupby("term", sort=False):
        phrases = sorted(
            set(group["phrase"]), key=len, reverse=True
        )  # longest first: "back brace" before "brace"
        alternation = "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases)
        patterns[term] = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE)
    return patterns


def mention_matrix(items: pd.DataFrame, lexicon: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Count how often each lexicon term is mentioned in each item.

    Args:
        items: A ``causes`` (or ``tips``) table: ``number``, ``title``, ``body``.
        lexicon: From :func:`runreport.factcheck.annotations.load_lexicon`.
        kind: "symptom" or "treatment".

    Returns:
        Index: item labels ("1. Title"); columns: the terms in lexicon order;
        values: the number of whole-word mentions in the title and body.
    """
    patterns = _term_patterns(lexicon, kind)
    data = {
        item_label(row.number, row.title): {
            term: len(pattern.findall(f"{row.title}\n{row.body}"))
            for term, pattern in patterns.items()
        }
        for row in items.itertuples()
    }
    frame = (
        pd.DataFrame.from_dict(data, orient="index", columns=list(patterns)).fillna(0).astype(int)
    )
    frame.index.name = "cause"
    frame.columns.name = kind
    return frame


def causes_overview(
    causes: pd.DataFrame, lexicon: pd.DataFrame, annotations: Annotations | None
) -> pd.DataFrame:
    """The causes table for readers: number, title, category, symptoms, treatments, words, line."""
    symptoms = mention_matrix(causes, lexicon, "symptom")
    treatments = mention_matrix(causes, lexicon, "treatment")
    categories = (
        _automatic_categories(causes, lexicon, "cause category")
        if annotations is None
        else _categories(annotations.causes)
    )

    def named(matrix: pd.DataFrame, label: str) -> str:
        row = matrix.loc[label]
        return ", ".join(term for term, count in row.items() if count > 0) or "—"

    rows = []
    for c in causes.itertuples():
        label = item_label(c.number, c.title)
        rows.append(
            {
                "number": c.number,
                "title": c.title,
                "category": categories.get(c.number, NOT_ANNOTATED),
                "symptoms": named(symptoms, label),
                "treatments": named(treatments, label),
                "words": c.words,
                "line": c.line,
            }
        )
    return pd.DataFrame(
        rows, columns=["number", "title", "category", "symptoms", "treatments", "words", "line"]
    )


def _automatic_categories(items: pd.DataFrame, lexicon: pd.DataFrame, kind: str) -> dict[int, str]:
    """Number → the lexicon's category for each cause or tip, marked automatic."""
    return {
        i.number: suggest_category(i.title, i.body, lexicon, kind)[0] + AUTOMATIC
        for i in items.itertuples()
    }


def automatic_links(
    tips: pd.DataFrame, causes: pd.DataFrame, lexicon: pd.DataFrame
) -> pd.DataFrame:
    """Tip → cause links no editor made: the cause or injury a tip is given under ("Prevention:"
    bullets, a cause's fix), and the lexicon words a tip shares with a cause."""
    pairs = set()
    if "cause" in tips:
        pairs |= {(int(t.number), int(t.cause)) for t in tips.itertuples() if pd.notna(t.cause)}
    for tip, linked in suggest_links(tips, causes, lexicon).items():
        pairs |= {(int(tip), int(cause)) for cause in linked}
    return pd.DataFrame(sorted(pairs), columns=["tip", "cause"], dtype="int64")


def _categories(frame: pd.DataFrame) -> dict[int, str]:
    """Number → category; a drafted category nobody reviewed yet says so."""
    return {
        row.number: row.category
        + (" (pending review)" if getattr(row, "review", "done") == "pending" else "")
        for row in frame.itertuples()
    }


# Tips ------------------------------------------------------------------------------------


def tips_overview(
    tips: pd.DataFrame,
    annotations: Annotations | None,
    lexicon: pd.DataFrame | None = None,
    causes: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The tips table for readers.

    Columns: number, title, category, addresses (cause numbers), words, line. Without
    annotations, the *lexicon* suggests categories and links, marked automatic (with neither,
    they are "not annotated").
    """
    automatic = annotations is None and lexicon is not None and causes is not None
    if annotations is not None:
        categories, links = _categories(annotations.tips), annotations.links
    elif automatic:
        categories = _automatic_categories(tips, lexicon, "tip category")
        links = automatic_links(tips, causes, lexicon)
    else:
        categories, links = {}, pd.DataFrame(columns=["tip", "cause"])
    rows = []
    for t in tips.itertuples():
        causes_of = links.loc[links["tip"] == t.number, "cause"].tolist()
        if annotations is None and not automatic:
            addresses = NOT_ANNOTATED
        else:
            addresses = ", ".join(str(c) for c in causes_of) or "none"
        rows.append(
            {
                "number": t.number,
                "title": t.title,
                "category": categories.get(t.number, NOT_ANNOTATED),
                "addresses": addresses,
                "words": t.words,
                "line": t.line,
            }
        )
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
    frame = pd.DataFrame(
        0, index=list(tip_labels.values()), columns=list(cause_labels.values()), dtype=int
    )
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
        rows.append(
            {
                "section": s.section,
                "words": s.words,
                "items": s.items,
                "claims": int((tables["claims"]["section"] == s.section).sum()),
                "products": n_products,
                "related": related,
                "quoted": quoted,
                "commerce": n_products + related + quoted,
            }
        )
    frame = pd.DataFrame(
        rows,
        columns=[
            "section",
            "words",
            "items",
            "claims",
            "products",
            "related",
            "quoted",
            "commerce",
        ],
    )
    total = frame["words"].sum()
    frame.insert(2, "share", (frame["words"] / total).round(4) if total else 0.0)
    return frame


# Risk ------------------------------------------------------------------------------------


def incidence_table(
    fact: pd.DataFrame, sources: Evidence, annotations: Annotations | None = None
) -> pd.DataFrame:
    """Incidence rates (per 1000 h) of the figures behind the article's rate claims.

    A rate claim's figure is shown when the claim was verified or
    misattributed against it (the number is the figure's).

    Returns:
        One row per source figure: ``group``, ``value``, ``ci_low``,
        ``ci_high``, ``article_value``, ``article_label``, ``source``. Zero
        rows when no rate claim matched a figure.
    """
    columns = ["group", "value", "ci_low", "ci_high", "article_value", "article_label", "source"]
    figures = sources.figures.set_index(["source", "figure"])
    meta = sources.sources.set_index("source")
    rows = []
    matched = fact[fact["status"].isin(["verified", "misattributed"]) & (fact["figure_id"] != "")]
    for check in matched.itertuples():
        fig = figures.loc[(check.source_id, check.figure_id)]
        if fig["unit"] != RATE_UNIT or pd.isna(fig["value"]):
            continue
        rows.append(
            {
                "group": fig["label"],
                "value": fig["value"],
                "ci_low": fig["ci_low"],
                "ci_high": fig["ci_high"],
                "article_value": check.article_value,
                "article_label": f"article, line {check.line}: “{_short(check.quote)}”",
                "source": short_citation(meta.loc[check.source_id]),
            }
        )
    return pd.DataFrame(rows, columns=columns).drop_duplicates("group", ignore_index=True)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def describe_risk_model(weeks: int = SEASON_WEEKS, site: str | None = None) -> str:
    """The model behind :func:`season_risk` and its assumptions, in words for the report.

    *site* is the body site the article is about (:func:`subject.subject_site`): the rate is not
    about its injuries alone, and the words say so.
    """
    return (
        f"Poisson model: over a season of {weeks} weeks, expected injuries = rate × hours / 1000 "
        "and P(at least one injury) = 1 − e^(−expected). It assumes a constant injury rate per "
        "hour, independent injuries, and runners like those in the meta-analysis; the bands use "
        "the rate's 95% confidence interval. The rate counts running-related injuries of any kind"
        + (f", not {subject.reader_name(site)} injuries alone." if site else ".")
    )


def season_risk(
    incidence: pd.DataFrame, weekly_hours=WEEKLY_HOURS, weeks: int = SEASON_WEEKS
) -> pd.DataFrame:
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
            expected = {
                k: rate * season_hours / 1000
                for k, rate in (
                    ("mid", group.value),
                    ("low", group.ci_low),
                    ("high", group.ci_high),
                )
            }
            rows.append(
                {
                    "group": group.group,
                    "weekly_hours": float(hours),
                    "season_hours": season_hours,
                    "expected": expected["mid"],
                    "expected_low": expected["low"],
                    "expected_high": expected["high"],
                    "p_any": 1 - np.exp(-expected["mid"]),
                    "p_any_low": 1 - np.exp(-expected["low"]),
                    "p_any_high": 1 - np.exp(-expected["high"]),
                }
            )
    columns = [
        "group",
        "weekly_hours",
        "season_hours",
        "expected",
        "expected_low",
        "expected_high",
        "p_any",
        "p_any_low",
        "p_any_high",
    ]
    return pd.DataFrame(rows, columns=columns).round(6)


def prevalence_context(
    fact: pd.DataFrame,
    sources: Evidence,
    annotations: Annotations | None = None,
    claims: pd.DataFrame | None = None,
    topic: str | None = None,
) -> pd.DataFrame:
    """The literature's prevalence for the body sites the article's percentages are about,
    beside those percentages.

    *topic* is the site the article is about (:func:`subject.subject_site`): within a claim's
    broader site, only figures on its path count (a plantar fasciitis article's "heel pain"
    gets the foot's and the plantar fascia's figures, not the Achilles').

    Article rows are its claims that give a share of runners with pain or an injury at a named
    site (:func:`subject.people_percentages`; without *claims*, the site its quote names).
    Literature rows are the library's prevalence percentages in runners or the general
    population for one of those sites or a part of it (the low back for "back pain"), that no
    claim's verdict already shows. No rows when the library has none of those.

    Returns:
        ``label``, ``low``, ``high``, ``kind`` (article / literature), ``source``.
    """
    columns = ["label", "low", "high", "kind", "source"]
    sites = _claim_sites(fact, claims)
    about = fact[(fact["unit"] == "%") & fact["label"].str.contains("runner")]
    about = about[[(r.line, r.article_value) in sites for r in about.itertuples()]]
    if about.empty:
        return pd.DataFrame(columns=columns)
    wanted = {sites[(r.line, r.article_value)] for r in about.itertuples()}
    article_rows = [
        {
            "label": f"Article: {claim.label}",
            "low": claim.article_value,
            "high": claim.article_value,
            "kind": "article",
            "source": f"the article, line {claim.line}",
        }
        for claim in about.itertuples()
    ]
    shown = fact[fact["source"] != ""]  # a verdict's figure, not an unsourced claim's nearest
    used = set(zip(shown["source_id"], shown["figure_id"], strict=True))
    meta = sources.sources.set_index("source")
    rows = [
        {
            "label": fig.label,
            "low": fig.low,
            "high": fig.high,
            "kind": "literature",
            "source": short_citation(meta.loc[fig.source]),
        }
        for fig in sources.figures.itertuples()
        if fig.unit == "%"
        and fig.kind == "prevalence"
        and (fig.source, fig.figure) not in used
        and re.search(r"runner|adult", fig.population, re.IGNORECASE)
        and any(_on_topic(figure_site(fig), site, topic) for site in wanted)
    ]
    if not rows:  # the article's figures beside nothing are no comparison
        return pd.DataFrame(columns=columns)
    return pd.DataFrame(rows + article_rows, columns=columns)


def _on_topic(fig_site: str, site: str, topic: str | None) -> bool:
    """Whether a figure of *fig_site* speaks to a claim about *site* in an article on *topic*."""
    if not subject.within(fig_site, site):
        return False
    if topic is None or topic == site or topic in REGIONS or not subject.within(topic, site):
        return True  # (a region's article sees all its parts: the low back for "back pain")
    return subject.within(topic, fig_site) or subject.within(fig_site, topic)


def figure_site(fig) -> str:
    """The body site of a library figure, named as the matcher names a claim's."""
    return "any" if fig.body_site == "any" else body_site(fig.body_site)


def _claim_sites(fact: pd.DataFrame, claims: pd.DataFrame | None) -> dict[tuple[int, float], str]:
    """(line, value) → site of each percentage of people the article gives at a named site."""
    if claims is not None:
        people = subject.people_percentages(claims)
        return {(r.line, r.value): r.site for r in people.itertuples()}
    # Without the claims table only the words of the quote are left: the site they name.
    named = {(int(r.line), float(r.article_value)): body_site(r.quote) for r in fact.itertuples()}
    return {key: site for key, site in named.items() if site != "any"}
