"""Publish the report notebook: display helpers, nbconvert exporters, PDF.

Takes the executed report notebook and gives a publication:

- in the kernel, :class:`~runreport.publish.display.ReportPage` saves each
  chart as PNG/SVG/CSV and displays numbered, captioned, escaped figures and
  tables (``from runreport.publish.display import ReportPage``);
- :class:`ReportHTMLExporter` (``jupyter nbconvert --to runreport_html``) gives
  one self-contained, script-free HTML file;
- :class:`ReportPDFExporter` (``jupyter nbconvert --to runreport_pdf``) gives
  an A4 PDF laid out by WeasyPrint.

Both exporters are registered as ``nbconvert.exporters`` entry points in
pyproject.toml. Names are imported lazily, so importing
:mod:`runreport.publish.display` in the kernel pulls in neither nbconvert nor
WeasyPrint.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .display import ReportPage
    from .exporters import ReportHTMLExporter, ReportPDFExporter
    from .head import PageMetadataPreprocessor
    from .html_postprocess import postprocess_html
    from .pdf import render_pdf
    from .preprocessors import CrossReferencePreprocessor, ReportTagRemovePreprocessor

__all__ = [
    "CrossReferencePreprocessor",
    "PageMetadataPreprocessor",
    "ReportHTMLExporter",
    "ReportPDFExporter",
    "ReportPage",
    "ReportTagRemovePreprocessor",
    "postprocess_html",
    "render_pdf",
]

_WHERE = {
    "ReportPage": "display",
    "ReportHTMLExporter": "exporters",
    "ReportPDFExporter": "exporters",
    "CrossReferencePreprocessor": "preprocessors",
    "PageMetadataPreprocessor": "head",
    "ReportTagRemovePreprocessor": "preprocessors",
    "postprocess_html": "html_postprocess",
    "render_pdf": "pdf",
}


def __getattr__(name: str) -> Any:
    """Import public names on first use (PEP 562)."""
    if name in _WHERE:
        value = getattr(import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
