"""HTML -> PDF with WeasyPrint, offline, quiet and reproducible.

Takes the finished report HTML (all images as ``data:`` URIs, CSS inline) and
gives PDF bytes. WeasyPrint runs in-process; nothing is fetched from the network
or the disk (:class:`OfflineURLFetcher` serves ``data:`` URIs only), and its log
output is captured instead of reaching the editor's terminal.

What WeasyPrint logs is sorted in two: messages that mean the PDF lost content
(an image or SVG that failed to load, a character no installed font has, a
``@font-face`` that cannot be loaded, discarded generated content, table cells
dropped; WeasyPrint logs everything it drops at ERROR level) are returned as
:attr:`PDFResult.lost`, and :class:`~runreport.publish.ReportPDFExporter` fails
on them; the rest (CSS properties WeasyPrint does not support, font subsetting
notes from fontTools) are benign and only kept in :attr:`PDFResult.messages`.
An exception inside WeasyPrint becomes one :class:`PDFError`.

Reproducibility: WeasyPrint writes no ``/CreationDate`` or ``/ModDate`` unless
the HTML has ``<meta name="dcterms.created">``/``dcterms.modified`` (the
report template has neither) and it does not read ``SOURCE_DATE_EPOCH``. The
PDF ``/ID`` is derived from the HTML, so the same HTML gives the same bytes.
"""

from __future__ import annotations

import hashlib
import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import weasyprint
from bs4 import BeautifulSoup
from weasyprint.urls import URLFetcher

from runreport.publish.html_postprocess import _FORMATTER

__all__ = [
    "NOISY_LOGGERS",
    "OfflineURLFetcher",
    "PDFContentError",
    "PDFError",
    "PDFResult",
    "drop_relative_links",
    "lost_content",
    "render_pdf",
]

#: Loggers whose records are captured while rendering.
NOISY_LOGGERS = ("weasyprint", "fontTools")

# WeasyPrint's WARNING-level messages (by their format string) that mean something is missing from
# the PDF. Its ERROR-level messages all mean that (a resource or content it dropped) and are lost
# content too.
_LOST_WARNINGS = {
    ".notdef glyph rendered for Unicode string unsupported by fonts": (
        "a character no installed font has"
    ),
    "Font-face %r cannot be loaded": "a font that cannot be loaded",
    "Unable to compute content": "generated content that could not be computed",
    "This row has more columns than the table": "table cells that do not fit their table",
}
_MAX_DETAIL = 80


class PDFError(Exception):
    """WeasyPrint could not make the PDF, or made it with content missing.

    A PDF made with content missing is the subclass :class:`PDFContentError`.
    """


class PDFContentError(PDFError):
    """The PDF would miss content: an image, a character, a font (see :attr:`PDFResult.lost`)."""


class _CaptureHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _captured_logs(names: tuple[str, ...]) -> Iterator[_CaptureHandler]:
    """Capture the records of *names* (and stop them propagating) meanwhile."""
    handler = _CaptureHandler()
    saved = []
    for name in names:
        logger = logging.getLogger(name)
        saved.append((logger, logger.propagate, logger.level))
        logger.addHandler(handler)
        logger.propagate = False
        if name == "fontTools":
            logger.setLevel(logging.WARNING)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield handler
    finally:
        for logger, propagate, level in saved:
            logger.removeHandler(handler)
            logger.propagate = propagate
            logger.setLevel(level)


@dataclass
class PDFResult:
    """A rendered PDF and what happened on the way.

    Attributes:
        pdf: The PDF file as bytes.
        pages: Number of pages.
        refused: URLs the fetcher refused (anything but ``data:``).
        messages: WeasyPrint/fontTools log messages, as "LEVEL: message".
        lost: What the PDF is missing, one short line each (see :func:`lost_content`).
    """

    pdf: bytes
    pages: int
    refused: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)


def _shorten(text: str) -> str:
    """One line of at most :data:`_MAX_DETAIL` characters (data: URIs can be megabytes)."""
    text = " ".join(str(text).split())
    return text if len(text) <= _MAX_DETAIL else text[: _MAX_DETAIL - 1] + "…"


def lost_content(records: list[logging.LogRecord]) -> list[str]:
    """The log records of a render that mean content is missing from the PDF, as short lines.

    Every ``weasyprint`` record at ERROR level or above (WeasyPrint uses that
    level for what it drops: images, SVGs, stylesheets, attachments, content
    pointing to missing anchors) and the WARNING-level ones listed in
    ``_LOST_WARNINGS`` (missing glyphs, unloadable fonts). Identical lines are
    reported once, in order.
    """
    lost: list[str] = []
    for record in records:
        if not record.name.startswith("weasyprint"):
            continue
        template = str(record.msg)
        known = next(
            (what for prefix, what in _LOST_WARNINGS.items() if template.startswith(prefix)), None
        )
        if template.startswith("Failed to load image at"):
            url = _shorten(record.args[0]) if record.args else "unknown URL"
            line = f"an image failed to load ({url})"
        elif known is not None:
            line = f"{known} ({_shorten(record.getMessage())})"
        elif record.levelno >= logging.ERROR:
            line = _shorten(record.getMessage())
        else:
            continue
        if line not in lost:
            lost.append(line)
    return lost


class OfflineURLFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves ``data:`` URIs only.

    Any other URL (http, https, file, ...) raises ``ValueError`` inside
    WeasyPrint, which then skips the resource; the URL is kept in
    :attr:`refused` so the exporter can tell the editor.

    Args:
        **kwargs: Passed to :class:`weasyprint.urls.URLFetcher`.
    """

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("allowed_protocols", ("data",))
        kwargs.setdefault("timeout", 1)
        super().__init__(**kwargs)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        """Fetch a ``data:`` URI; refuse anything else."""
        if not url.lower().startswith("data:"):
            self.refused.append(url)
            raise ValueError(f"runreport refuses to fetch {url[:80]!r}: only data: URIs")
        return super().fetch(url, headers)


def _is_relative(href: str) -> bool:
    """True for a link that needs the HTML's folder: no scheme and not ``#anchor``."""
    href = href.strip()
    return not href.startswith("#") and not urlsplit(href).scheme


def drop_relative_links(html: str) -> str:
    """Return *html* with the ``href`` removed from every relative ``<a>``.

    A PDF stands alone, so links such as ``data/``, ``index.html`` or
    ``figures/x.png`` would be dead link annotations. The link text stays;
    internal ``#anchors`` and links with a scheme (``https:``, ``mailto:``)
    stay clickable. *html* is returned unchanged when it has no relative link.
    """
    soup = BeautifulSoup(html, "html.parser")
    dropped = False
    for anchor in soup.find_all("a", href=True):
        if _is_relative(str(anchor["href"])):
            del anchor["href"]
            dropped = True
    return soup.decode(formatter=_FORMATTER) if dropped else html


def render_pdf(
    html: str,
    *,
    base_url: str | None = None,
    pdf_tags: bool = True,
    pdf_variant: str | None = None,
    extra_css: str = "",
) -> PDFResult:
    """Render *html* to PDF with WeasyPrint, offline and quietly.

    Args:
        html: A complete HTML document (images as data URIs).
        base_url: Base for relative links (e.g. the report's public URL);
            without one, relative links are dropped from the PDF (their text
            stays, see :func:`drop_relative_links`). Never used to fetch
            anything.
        pdf_tags: Write a tagged (structured, accessible) PDF.
        pdf_variant: A WeasyPrint PDF variant such as ``"pdf/ua-1"`` or None.
        extra_css: A stylesheet added after the document's own.

    Returns:
        The PDF bytes with page count, refused URLs, captured log messages and
        what the PDF lost (the caller decides whether that is fatal).

    Raises:
        PDFError: when WeasyPrint fails (any exception inside it, e.g. a
            document nested too deeply to lay out), in one line.
    """
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    if not base_url:
        html = drop_relative_links(html)
    with _captured_logs(NOISY_LOGGERS) as captured:
        fetcher = OfflineURLFetcher()
        try:
            document = weasyprint.HTML(
                string=html, base_url=base_url, url_fetcher=fetcher, media_type="print"
            )
            stylesheets = (
                [weasyprint.CSS(string=extra_css, url_fetcher=fetcher)] if extra_css else None
            )
            rendered = document.render(
                stylesheets=stylesheets, pdf_tags=pdf_tags, pdf_variant=pdf_variant
            )
            pdf = rendered.write_pdf(
                pdf_identifier=identifier, pdf_tags=pdf_tags, pdf_variant=pdf_variant
            )
        except Exception as exc:
            # WeasyPrint is a layout engine with many ways to fail; the editor gets one line, not
            # its traceback.
            raise PDFError(
                f"WeasyPrint could not lay out the PDF: {type(exc).__name__}: {_shorten(exc)}"
            ) from exc
    messages = [f"{r.levelname}: {r.getMessage()}" for r in captured.records]
    return PDFResult(
        pdf, len(rendered.pages), list(fetcher.refused), messages, lost_content(captured.records)
    )
