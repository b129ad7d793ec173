"""nbconvert exporters: the report notebook -> one HTML file, or a PDF.

Takes an executed report notebook and gives

- :class:`ReportHTMLExporter` (``--to runreport_html``): one self-contained,
  script-free HTML file (CSS and images inline, nothing fetched from anywhere)
  with a contents ``<nav>``, resolved figure/table references and no code; its
  ``<head>`` has the verdict summary as meta description and Open Graph tags,
  an inline icon and the verdicts as schema.org ClaimReview JSON-LD (a data
  block, never run: :mod:`runreport.publish.head`); each figure is its layout
  legible on a phone, as WebP (:mod:`runreport.publish.images`);
- :class:`ReportPDFExporter` (``--to runreport_pdf``): that HTML laid out by
  WeasyPrint on A4 pages, with running title, page numbers, bookmarks and
  clickable links, and the figures in their report-width (print) layout as PNG. A PDF
  that would miss content (an image that failed to load, a character no installed
  font has) is an error, not a warning.

Both use the ``runreport`` template shipped in ``runreport/templates/``
(found through :data:`runreport.config.TEMPLATES_DIR`, wherever the package is
installed) and the preprocessors in :mod:`runreport.publish.preprocessors`.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from nbconvert.exporters import HTMLExporter
from traitlets import Bool, Enum, Int, List, Unicode, default
from traitlets.config import Config

from runreport.config import TEMPLATES_DIR
from runreport.publish.head import (
    PageMetadataPreprocessor,
    date_published,
    favicon_link,
    insert_head,
    json_ld,
)
from runreport.publish.html_postprocess import postprocess_html
from runreport.publish.images import (
    narrow_images,
    palette_inline_images,
    report_width_images,
    webp_inline_images,
)
from runreport.publish.preprocessors import CrossReferencePreprocessor, ReportTagRemovePreprocessor

__all__ = ["ReportHTMLExporter", "ReportPDFExporter"]


class _ProcessBytecodeCache(BytecodeCache):
    """Compiled templates kept for the life of the process, shared by every runreport exporter.

    nbconvert makes a new Jinja environment per exporter, and compiling the
    ``lab`` templates takes about as long as rendering them: the PDF exporter
    (which renders the HTML page first) and every article of a site worker
    would compile them again. Jinja checks each entry against its template's
    source, so an edited template is compiled anew; an entry is also keyed by
    what of the environment's set-up decides the compiled code (async or not,
    the filters by name and function), so an exporter configured otherwise
    compiles its own.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def get_bucket(self, environment, name, filename, source) -> Bucket:
        # A filter is a function or an object (nbconvert's highlighters): named by its type, not
        # its address.
        filters = sorted(
            (
                key,
                getattr(f, "__module__", None) or type(f).__module__,
                getattr(f, "__qualname__", None) or type(f).__qualname__,
            )
            for key, f in environment.filters.items()
        )
        setup = hashlib.sha256(repr((environment.is_async, filters)).encode()).hexdigest()[:16]
        bucket = Bucket(
            environment,
            f"{self.get_cache_key(name, filename)}-{setup}",
            self.get_source_checksum(source),
        )
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_TEMPLATE_CODE = _ProcessBytecodeCache()


class ReportHTMLExporter(HTMLExporter):
    """Export the report notebook as one self-contained HTML page.

    Code, prompts, stderr, JavaScript and widgets are left out; the page runs
    no script (its only ``<script>`` is the ClaimReview JSON-LD data block) and
    makes no request of any kind. Same notebook and ``SOURCE_DATE_EPOCH``, same
    bytes.
    """

    export_from_notebook = "Report (HTML)"

    stylesheet = Unicode(
        "report.css",
        help="Stylesheet inlined in <head>, looked up on the template path.",
    ).tag(config=True)

    extra_css = Unicode(
        "",
        help="CSS appended after the stylesheet (house overrides). No url() or @import.",
    ).tag(config=True)

    toc_levels = List(
        Int(),
        default_value=[2, 3],
        help="Heading levels listed in the contents <nav>; empty for no contents.",
    ).tag(config=True)

    toc_title = Unicode("Contents", help="Heading and accessible name of the contents <nav>.").tag(
        config=True
    )

    inline_images = Enum(
        ["webp", "png"],
        default_value="webp",
        help=(
            "Encoding of the inline figure images: 'webp' re-encodes the PNGs as lossless "
            "WebP (same pixels, about a fifth smaller page), 'png' keeps them."
        ),
    ).tag(config=True)

    figure_images = Enum(
        ["narrow", "picture", "report-width"],
        default_value="narrow",
        help=(
            "Which renderings of each figure the page carries: 'narrow', the layout legible on a "
            "360 px screen, alone (one image per figure: the smallest page); 'picture', both, the "
            "narrow one for screens up to 36em through <picture> (about twice the image bytes); "
            "'report-width', the report-column layout alone (its text is 5 px on a phone)."
        ),
    ).tag(config=True)

    @default("template_name")
    def _template_name_default(self) -> str:
        return "runreport"

    @default("extra_template_basedirs")
    def _default_extra_template_basedirs(self) -> list[str]:
        # The package's own templates first, so they are found wherever
        # runreport is installed (editable, wheel, site-packages).
        return [str(TEMPLATES_DIR), os.getcwd()]

    @default("exclude_input")
    def _exclude_input_default(self) -> bool:
        return True

    @default("exclude_input_prompt")
    def _exclude_input_prompt_default(self) -> bool:
        return True

    @default("exclude_output_prompt")
    def _exclude_output_prompt_default(self) -> bool:
        return True

    def _create_environment(self):
        environment = super()._create_environment()
        environment.bytecode_cache = _TEMPLATE_CODE
        return environment

    @property
    def default_config(self) -> Config:
        """HTMLExporter's defaults, without the Pygments CSS (no code is shown)."""
        config = super().default_config
        config.merge(Config({"CSSHTMLHeaderPreprocessor": {"enabled": False}}))
        return config

    def _init_preprocessors(self) -> None:
        super()._init_preprocessors()
        # First, so the metadata is taken even from cells whose outputs are hidden.
        self.register_preprocessor(PageMetadataPreprocessor)
        self.register_preprocessor(ReportTagRemovePreprocessor)
        self.register_preprocessor(CrossReferencePreprocessor)

    def _init_resources(self, resources: dict[str, Any] | None) -> dict[str, Any]:
        resources = super()._init_resources(resources)
        env = self.environment
        css = env.loader.get_source(env, self.stylesheet)[0]
        if self.extra_css:
            css = f"{css}\n/* extra_css */\n{self.extra_css}\n"
        resources["report_css"] = css
        return resources

    def from_notebook_node(self, nb, resources=None, **kw):
        """Render with the ``runreport`` template, finish the page, add the head metadata."""
        html, resources = super().from_notebook_node(nb, resources=resources, **kw)
        html = postprocess_html(
            html,
            title=resources.get("metadata", {}).get("name"),
            toc_levels=self.toc_levels,
            toc_title=self.toc_title,
            log=self.log,
        )
        # After postprocess_html, which removes every <link> and <script> the notebook rendered.
        page = resources.get("runreport", {}).get("page", {})
        reviews = json_ld(
            page.get("claim_reviews", []), date=date_published(resources.get("source_date_epoch"))
        )
        html = insert_head(html, favicon_link() + reviews)
        if self.figure_images == "narrow":
            html = narrow_images(html)
        elif self.figure_images == "report-width":
            html = report_width_images(html)
        if self.inline_images == "webp":
            html = webp_inline_images(html)
        else:
            html = palette_inline_images(html)
        return html, resources


class ReportPDFExporter(ReportHTMLExporter):
    """Export the report notebook as a PDF, laid out by WeasyPrint.

    Renders the :class:`ReportHTMLExporter` page in-process with WeasyPrint:
    A4, running title, page numbers, a bookmark per heading, internal and
    external links clickable, figures and table rows kept whole. Nothing is
    fetched (only ``data:`` URIs are served) and WeasyPrint's log noise is
    kept out of the terminal (it is logged at debug level). When WeasyPrint
    drops content (see :func:`runreport.publish.pdf.lost_content`) the export
    fails with :class:`~runreport.publish.pdf.PDFContentError`, unless
    :attr:`allow_lost_content` is set.
    """

    export_from_notebook = "Report (PDF)"
    output_mimetype = "application/pdf"

    pdf_tags = Bool(
        True, help="Write a tagged PDF (document structure for assistive technology)."
    ).tag(config=True)

    pdf_variant = Unicode(
        "",
        help="WeasyPrint PDF variant, e.g. 'pdf/ua-1' or 'pdf/a-3b'; empty for plain PDF.",
    ).tag(config=True)

    paged_stylesheet = Unicode(
        "paged.css",
        help="Paged-media stylesheet (running title, page numbers) applied by WeasyPrint only.",
    ).tag(config=True)

    base_url = Unicode(
        "",
        help=(
            "Base URL for relative links in the PDF, e.g. where the HTML report is "
            "published. Never used to fetch anything. Empty: relative links are dropped."
        ),
    ).tag(config=True)

    allow_lost_content = Bool(
        False,
        help=(
            "Write the PDF even when WeasyPrint dropped content (an image that failed to load, a "
            "character no installed font has); by default that is an error."
        ),
    ).tag(config=True)

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return ".pdf"

    @default("inline_images")
    def _inline_images_default(self) -> str:
        return "png"  # the PDF keeps the figure writer's PNGs

    @default("figure_images")
    def _figure_images_default(self) -> str:
        return "report-width"  # the page is an A4 column: the print layout, as it always was

    @default("template_extension")
    def _template_extension_default(self) -> str:
        return ".html.j2"

    @default("raw_mimetypes")
    def _raw_mimetypes_default(self) -> list[str]:
        return ["text/html", ""]

    def from_notebook_node(self, nb, resources=None, **kw):
        """Build the report HTML, then lay it out as PDF bytes.

        Raises:
            PDFError: WeasyPrint failed.
            PDFContentError: the PDF would miss content (unless :attr:`allow_lost_content`).
        """
        from runreport.publish.pdf import (  # WeasyPrint is imported only when needed
            PDFContentError,
            render_pdf,
        )

        html, resources = super().from_notebook_node(nb, resources=resources, **kw)
        env = self.environment
        paged_css = env.loader.get_source(env, self.paged_stylesheet)[0]
        self.log.info("Building PDF with WeasyPrint")
        result = render_pdf(
            html,
            extra_css=paged_css,
            base_url=self.base_url or None,
            pdf_tags=self.pdf_tags,
            pdf_variant=self.pdf_variant or None,
        )
        for message in result.messages:
            self.log.debug("WeasyPrint: %s", message)
        if result.lost and not self.allow_lost_content:
            more = f" (and {len(result.lost) - 2} more)" if len(result.lost) > 2 else ""
            raise PDFContentError(f"the PDF would miss content: {'; '.join(result.lost[:2])}{more}")
        if result.refused:
            self.log.warning(
                "The PDF needed %d external resource(s); none was fetched: %s",
                len(result.refused),
                ", ".join(sorted(set(result.refused))[:5]),
            )
        self.log.info("PDF created: %d pages, %d bytes", result.pages, len(result.pdf))
        return result.pdf, resources
