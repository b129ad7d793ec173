"""The report's ``<head>`` metadata, on the exporter side.

Takes the executed report notebook (as nbconvert hands it to preprocessors)
and the finished, sanitised page, and gives:

- :class:`PageMetadataPreprocessor`: takes the outputs of type
  :data:`runreport.publish.metadata.MIMETYPE` out of the notebook (readers
  never see them) and leaves their payload in
  ``resources["runreport"]["page"]`` (``title``, ``description``,
  ``claim_reviews``), where the template writes ``<meta name="description">``
  and the Open Graph tags from it;
- :func:`json_ld`: the ClaimReview verdicts as one JSON-LD data block, escaped
  so that no article text can end it (``<``, ``>``, ``&`` and ``'`` become
  ``\\u003c``... inside the JSON);
- :func:`favicon_link`: the site icon as a ``data:`` URI (no request);
- :func:`insert_head`: puts those two into the finished page's ``<head>``.

Why after the last pass: :func:`runreport.publish.html_postprocess.postprocess_html` removes
every ``<script>`` and ``<link>`` of the rendered notebook (anything the
article or a cell could have smuggled in). The only ones the published page
has are the two this module writes, from data it serialises itself.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any
from urllib.parse import quote

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup
from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

from runreport.config import TEMPLATES_DIR
from runreport.publish.metadata import MIMETYPE

__all__ = [
    "PageMetadataPreprocessor",
    "date_published",
    "favicon_link",
    "insert_head",
    "json_ld",
]

#: The site icon; the download page's template includes the same file.
FAVICON = TEMPLATES_DIR / "pages" / "favicon.svg"


class PageMetadataPreprocessor(Preprocessor):
    """Move the page-metadata outputs of the notebook into the resources.

    Every output carrying :data:`~runreport.publish.metadata.MIMETYPE` is
    removed from its cell (whatever other representations it has). Payloads
    are merged in document order: the last ``title`` and ``description``
    win, ``claim_reviews`` are concatenated.
    """

    enabled = Bool(True, help="Whether to use this preprocessor.").tag(config=True)

    def preprocess(self, nb, resources):
        """Collect and remove the metadata outputs of every cell."""
        page: dict[str, Any] = {}
        for cell in nb.cells:
            outputs = cell.get("outputs")
            if not outputs:
                continue
            kept = []
            for output in outputs:
                payload = output.get("data", {}).get(MIMETYPE)
                if payload is None:
                    kept.append(output)
                    continue
                for key in ("title", "description"):
                    if payload.get(key):
                        page[key] = str(payload[key])
                page.setdefault("claim_reviews", []).extend(payload.get("claim_reviews") or [])
            cell.outputs = kept
        resources.setdefault("runreport", {})["page"] = page
        return nb, resources

    def preprocess_cell(self, cell, resources, index):
        """Unused: :meth:`preprocess` handles the whole notebook."""
        return cell, resources


def date_published(epoch: str | None = None) -> str | None:
    """The build date as ``YYYY-MM-DD`` from ``SOURCE_DATE_EPOCH``, or None when unset.

    Args:
        epoch: Seconds since 1970 as text; default: the environment's
            ``SOURCE_DATE_EPOCH`` (set by ``runreport build`` and the Makefile).

    Returns:
        The UTC date, or None (then no ``datePublished`` is written: the page
        stays reproducible).
    """
    value = (os.environ.get("SOURCE_DATE_EPOCH", "") if epoch is None else epoch).strip()
    if not value.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(value), dt.UTC).strftime("%Y-%m-%d")


def json_ld(claim_reviews: list[dict[str, Any]], *, date: str | None = None) -> Markup:
    """The ClaimReview objects as one ``<script type="application/ld+json">`` block.

    Args:
        claim_reviews: From :func:`runreport.publish.metadata.claim_reviews`.
        date: ``datePublished`` for every review (the build date), or None.

    Returns:
        The block, or empty markup when there is no review. The JSON has
        ``<``, ``>``, ``&`` and ``'`` as Unicode escapes, so no text inside
        can close the element or open a comment.
    """
    if not claim_reviews:
        return Markup("")
    items = [
        {**review, "datePublished": date} if date else dict(review) for review in claim_reviews
    ]
    data = htmlsafe_json_dumps(items, ensure_ascii=False, indent=1, sort_keys=False)
    return Markup('<script type="application/ld+json">\n{}\n</script>\n').format(data)


def favicon_link() -> Markup:
    """``<link rel="icon">`` with the runreport icon inline as an SVG ``data:`` URI."""
    svg = FAVICON.read_text(encoding="utf-8").strip()
    return Markup('<link rel="icon" href="data:image/svg+xml,{}">\n').format(quote(svg, safe="/"))


def insert_head(html: str, markup: str) -> str:
    """Insert *markup* just before the first ``</head>`` of *html*.

    The first ``</head>`` is the real one: the template writes the ``<head>``
    before any content, and content is escaped (a literal "</head>" in article
    text is ``&lt;/head&gt;``).

    Raises:
        ValueError: If the page has no ``</head>``.
    """
    at = html.find("</head>")
    if at < 0:
        raise ValueError("the page has no </head>")
    # Plain str on both sides: str + Markup would escape the whole page.
    return str(html[:at]) + str(markup) + str(html[at:])
