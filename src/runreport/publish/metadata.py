"""Machine-readable metadata of the report page: its summary and its verdicts.

Takes the study's fact-check frame (the rows the report's fact-check table
shows) and the page's summary, and gives plain, JSON-serialisable data:

- :func:`claim_ids`: the ``id`` of each claim's row in the fact-check table,
  so a verdict can link to its row;
- :func:`claim_reviews`: one schema.org ``ClaimReview`` per checked claim, with
  the properties Google documents for fact checks (``claimReviewed``,
  ``reviewRating`` with ``alternateName``, ``url``, ``author``,
  ``itemReviewed``);
- :func:`show_page_metadata`: displays both, with the description, as one
  notebook output of type :data:`MIMETYPE`. The report exporter
  (:mod:`runreport.publish.head`) takes that output out of the page and writes
  ``<meta name="description">``, Open Graph tags and a JSON-LD block into
  ``<head>``; readers never see it in the body.

Rating scale (``reviewRating``), from the computed status
(:mod:`runreport.factcheck.verdicts`): ``ratingValue`` 4 = verified (a library figure for
the same measure and group agrees with the number), 3 = misattributed (the
number agrees with a figure for another group, measure or body site), 2 =
unsourced (no figure on file for that measure, or the article's own data), 1 = out of
range (the figure for the same measure and group disagrees); ``bestRating`` 4,
``worstRating`` 1.
``alternateName`` is the status as the report's table words it (for example
"unsourced; contradicted by the article itself"). Claims that were not
checked ("not annotated") get no ``ClaimReview``.

``datePublished`` (the build date) is added by the exporter, because the
executed notebook is cached independently of the date. This module imports
neither nbconvert nor WeasyPrint: it runs in the kernel.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "MIMETYPE",
    "PUBLISHER",
    "RATING_SCALE",
    "claim_ids",
    "claim_reviews",
    "page_metadata",
    "show_page_metadata",
]

#: Notebook output type that carries the page metadata from the kernel to the exporter.
MIMETYPE = "application/vnd.runreport.page-metadata+json"

#: Who publishes the verdicts (ClaimReview ``author``).
PUBLISHER = {"@type": "Organization", "name": "runreport"}

#: Status -> ``ratingValue`` (see the module docstring); best 3, worst 1.
# The article's own data is rated as an unsourced claim: no published figure backs it.
RATING_SCALE = {
    "verified": 4,
    "misattributed": 3,
    "unsourced": 2,
    "own data": 2,
    "out of range": 1,
}
BEST_RATING = 4
WORST_RATING = 1


def claim_ids(fact_check: pd.DataFrame) -> list[str]:
    """The ``id`` of each claim's row: ``claim-line-<line>``, ``-2``, ``-3``... for repeats.

    Args:
        fact_check: The study's fact-check frame (column ``line``), in table order.

    Returns:
        One id per row, unique, stable for the same article.
    """
    seen: Counter[int] = Counter()
    ids = []
    for line in fact_check["line"]:
        seen[int(line)] += 1
        n = seen[int(line)]
        ids.append(f"claim-line-{int(line)}" + (f"-{n}" if n > 1 else ""))
    return ids


def claim_reviews(
    fact_check: pd.DataFrame, *, article_title: str, article_file: str
) -> list[dict[str, Any]]:
    """One schema.org ``ClaimReview`` per checked claim of *fact_check*.

    Args:
        fact_check: The study's fact-check frame (``line``, ``quote``,
            ``status``, ``status_label``, ``verdict``, ``note``, ``source``,
            ``url``), in the order of the report's table.
        article_title: The article's title (where the claims appear).
        article_file: The article's file name (identifies the reviewed text).

    Returns:
        ``ClaimReview`` objects (without ``datePublished``), in table order;
        ``url`` is the claim's row in the report (``#claim-line-…``).
    """
    appearance = {"@type": "CreativeWork", "name": article_title, "identifier": article_file}
    reviews = []
    for anchor, row in zip(claim_ids(fact_check), fact_check.itertuples(), strict=True):
        if row.status not in RATING_SCALE:
            continue  # not checked: no verdict to publish
        review: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": f"#{anchor}",
            "claimReviewed": row.quote,
            "author": dict(PUBLISHER),
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": RATING_SCALE[row.status],
                "bestRating": BEST_RATING,
                "worstRating": WORST_RATING,
                "alternateName": row.status_label,
                "ratingExplanation": row.verdict,
            },
            "itemReviewed": {
                "@type": "Claim",
                # Google maps itemReviewed.name to the claim's location.
                "name": f"Line {int(row.line)} of “{article_title}”",
                "appearance": dict(appearance),
            },
        }
        if row.note:
            review["reviewBody"] = row.note
        if row.source:
            citation = {"@type": "CreativeWork", "name": row.source}
            if row.url:
                citation["url"] = row.url
            review["citation"] = citation
        reviews.append(review)
    return reviews


def page_metadata(
    *, title: str, description: str, claim_reviews: list[dict[str, Any]]
) -> dict[str, Any]:
    """The payload of the :data:`MIMETYPE` output.

    Args:
        title: The page's title (Open Graph ``og:title``).
        description: One or two plain sentences summing up the verdicts.
        claim_reviews: From :func:`claim_reviews`.

    Returns:
        ``{"title", "description", "claim_reviews"}``.
    """
    return {"title": title, "description": description, "claim_reviews": list(claim_reviews)}


def show_page_metadata(
    *, title: str, description: str, claim_reviews: list[dict[str, Any]]
) -> None:
    """Display the page metadata as one :data:`MIMETYPE` output (invisible in the report).

    Args:
        title: The page's title.
        description: The verdict summary, plain text.
        claim_reviews: From :func:`claim_reviews`.
    """
    from IPython.display import display

    payload = page_metadata(title=title, description=description, claim_reviews=claim_reviews)
    # text/plain is what JupyterLab shows; the exporter drops the whole output.
    summary = (
        f"Page metadata: description and {len(claim_reviews)} ClaimReview verdict(s), for <head>."
    )
    display({MIMETYPE: payload, "text/plain": summary}, raw=True)
