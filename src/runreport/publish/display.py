"""Kernel-side display helpers for the report notebook.

Takes :class:`runreport.charts.Chart` objects and pandas DataFrames inside a
running notebook and gives two things for each:

- files beside the report (``<figures_dir>/<key>.png``, ``.svg``, ``.csv``),
  written by :func:`runreport.charts.save_chart`, the one figure writer
  (deterministic: no dates, no random SVG ids), and
- one ``text/html`` display output: a numbered ``<figure>`` with an inline PNG
  (data URI) in a ``<picture>`` whose ``<source>`` holds the chart's narrow
  layout, caption, source, download links and citation line; or a numbered,
  captioned ``<table>``.

The markup carries ``data-figure-key``/``data-figure-number`` and
``data-table-key``/``data-table-number`` so the exporters in
:mod:`runreport.publish` can resolve cross references such as
``[Figure](#fig-incidence)``. All text that comes from data (titles, captions,
cell values, column names) is escaped: article text is untrusted.

Usage in a notebook::

    from runreport.publish.display import ReportPage

    page = ReportPage(figures_dir=EXPORTS_DIR / "figures")
    page.figure(chart)                               # Figure 1
    page.table(claims, key="claims", caption="Every claim, checked.")

This module imports neither nbconvert nor WeasyPrint, so it is cheap to import
in the kernel.
"""

from __future__ import annotations

import base64
import math
import numbers
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

import matplotlib.figure
from markupsafe import Markup, escape

from runreport.charts.chart import (
    KEY_PATTERN,
    Chart,
    check_key,
    narrow_png,
    png_size,
    save_chart,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["KEY_PATTERN", "ReportPage", "SavedFigure"]

#: Text shown in a table cell whose value is missing.
MISSING = "\N{EM DASH}"

#: A cell holding a whitespace-separated token longer than this gets the class
#: ``rr-break`` (the stylesheet lets only those cells break anywhere), so long
#: URLs or markup shown literally wrap instead of overflowing the table while
#: ordinary words still wrap at spaces and are never cut mid-word.
LONG_TOKEN = 24

#: Screens on which a figure shows its narrow layout: up to 36 em (576 CSS px), where the report
#: column is under 545 px and the report-width image's smallest text would be under 8 px.
NARROW_MEDIA = "(max-width: 36em)"

_DOI_RE = re.compile(r"10\.\d{4,9}/\S+")


@dataclass(frozen=True)
class SavedFigure:
    """What :meth:`ReportPage.render_figure` wrote and built.

    Attributes:
        key: The chart key.
        number: The figure number on this page (1, 2, 3, ...).
        png: Path of the PNG file.
        svg: Path of the SVG file.
        csv: Path of the CSV file with the plotted data.
        html: The ``<figure>`` markup (safe to display).
    """

    key: str
    number: int
    png: Path
    svg: Path
    csv: Path
    html: Markup


class ReportPage:
    """Numbers, saves and displays the figures and tables of one report.

    Figures and tables are numbered in the order they are first shown; showing
    the same key again (re-running a cell) keeps its number. The exporters
    renumber in document order anyway, so out-of-order runs in JupyterLab do
    not leak into the published report.

    Args:
        figures_dir: Directory for ``<key>.png``, ``<key>.svg`` and
            ``<key>.csv`` (created if missing).
        href_prefix: How the published HTML reaches *figures_dir*, used for
            the download links (default ``"figures/"``).
        dpi: Resolution of the PNG (the inline image is the same PNG).
        palette_png: Store the PNG with an adaptive 256-colour palette
            (Pillow, no dithering). Charts look the same and the file, and so
            the self-contained HTML, is about a third of the size. Turn off for
            photographs or smooth gradients.
        cite_as: Citation text for the report, e.g. ``"Runreport (2025).
            Upper-back soreness after running"``; the citation line of each
            figure is ``"<cite_as>, Figure N."``. Without it the line cites the
            figure title.
        decimals: Decimal places for non-integral floats in tables.
        narrow_media: Media query under which the page shows each chart's narrow layout
            (legible on a 360 px screen: same words and data, larger text relative to the
            figure) instead of the report-width image, through ``<picture>``/``<source>``;
            empty for no narrow images. The exporters keep one of the two (the HTML page the
            narrow one, the PDF the report-width one) unless told to keep both.
    """

    def __init__(
        self,
        figures_dir: str | Path,
        href_prefix: str = "figures/",
        *,
        dpi: int = 150,
        palette_png: bool = True,
        cite_as: str | None = None,
        decimals: int = 2,
        narrow_media: str = NARROW_MEDIA,
    ) -> None:
        self.figures_dir = Path(figures_dir)
        if href_prefix and not href_prefix.endswith("/"):
            href_prefix += "/"
        self.href_prefix = href_prefix
        self.dpi = int(dpi)
        self.palette_png = bool(palette_png)
        self.cite_as = cite_as
        self.decimals = int(decimals)
        self.narrow_media = narrow_media
        self._figures: dict[str, int] = {}
        self._tables: dict[str, int] = {}

    # ------------------------------------------------------------------ figures

    def figure(self, chart: Chart) -> None:
        """Save *chart* beside the report and display it as a numbered figure.

        Writes ``<key>.png``, ``<key>.svg`` and ``<key>.csv`` into
        ``figures_dir``, closes the matplotlib figure (so the inline backend
        does not show it a second time) and displays the ``<figure>``.

        Args:
            chart: The chart (key, figure, title, caption, alt, source, data).
        """
        from IPython.display import HTML, display

        display(HTML(str(self.render_figure(chart).html)))

    def render_figure(self, chart: Chart) -> SavedFigure:
        """Save *chart*'s files and return them with the ``<figure>`` markup.

        This is :meth:`figure` without the display, for tests and scripts.

        Args:
            chart: The chart to save.

        Returns:
            The paths written, the figure number and the HTML.

        Raises:
            ValueError: If the key is not a valid slug or the alt text is empty.
        """
        key = check_key(chart.key, "figure")
        if not (chart.alt or "").strip():
            raise ValueError(f"figure {key!r} has no alt text")
        number = self._figures.setdefault(key, len(self._figures) + 1)

        # The figure is closed next, so it is drawn itself, not copied first.
        paths = save_chart(
            chart, self.figures_dir, dpi=self.dpi, palette=self.palette_png, consume=True
        )
        _close(chart.figure)
        narrow = narrow_png(chart) if self.narrow_media else None

        png = paths["png"].read_bytes()
        width, height = png_size(png)
        html = self._figure_html(chart, key, number, png, width, height, narrow)
        return SavedFigure(key, number, paths["png"], paths["svg"], paths["csv"], html)

    def _figure_html(
        self,
        chart: Chart,
        key: str,
        number: int,
        png: bytes,
        width: int,
        height: int,
        narrow: bytes | None = None,
    ) -> Markup:
        data_uri = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        image = Markup(
            '<img src="{src}" alt="{alt}" width="{w}" height="{h}" loading="lazy" decoding="async">'
        ).format(src=data_uri, alt=chart.alt.strip(), w=width, h=height)
        if narrow is not None:
            # One line, so the PDF (which drops the <picture> and <source>) gets the <img> line as
            # before.
            narrow_width, narrow_height = png_size(narrow)
            image = Markup(
                '<picture><source media="{media}" srcset="{src}" width="{w}" height="{h}">'
                "{img}</picture>"
            ).format(
                media=self.narrow_media,
                src="data:image/png;base64," + base64.b64encode(narrow).decode("ascii"),
                w=narrow_width,
                h=narrow_height,
                img=image,
            )
        label = Markup('<span class="rr-label">Figure {}.</span>').format(number)
        caption = Markup(" ").join(
            part
            for part in (
                label,
                Markup("<strong>{}</strong>").format(_sentence(chart.title)),
                escape(chart.caption or ""),
                Markup('<span class="rr-source">{}</span>').format(chart.source)
                if chart.source
                else "",
            )
            if part
        )
        href = self.href_prefix + key
        downloads = Markup(
            '<p class="rr-downloads">Download: '
            '<a href="{png}" download>PNG</a> · '
            '<a href="{svg}" download>SVG</a> · '
            '<a href="{csv}" download>data (CSV)</a></p>'
        ).format(png=href + ".png", svg=href + ".svg", csv=href + ".csv")
        cite = self.cite_as or Markup("“{}”").format(chart.title)
        citation = Markup(
            '<p class="rr-cite">Cite as: {cite}, <span class="rr-label">Figure {n}</span>.</p>'
        ).format(cite=cite, n=number)
        return Markup(
            '<figure id="fig-{key}" class="rr-figure" data-figure-key="{key}" '
            'data-figure-number="{n}">\n'
            "{image}\n"
            '<figcaption>\n<p class="rr-caption">{caption}</p>\n{downloads}\n{citation}\n'
            "</figcaption>\n</figure>"
        ).format(
            key=key,
            n=number,
            image=image,
            caption=caption,
            downloads=downloads,
            citation=citation,
        )

    # ------------------------------------------------------------------- tables

    def table(
        self,
        df: pd.DataFrame,
        key: str,
        caption: str,
        *,
        source: str | None = None,
        row_header: bool = True,
        formatters: Mapping[str, Callable[[Any], str]] | None = None,
        row_ids: Sequence[str] | None = None,
    ) -> None:
        """Display *df* as a numbered, captioned, escaped HTML table.

        Args:
            df: The data; the index is not shown.
            key: Slug for the id (``tbl-<key>``) and cross references.
            caption: Caption text (after "Table N.").
            source: Optional source line shown under the table.
            row_header: Mark the first column as row headers (``<th scope="row">``).
            formatters: Optional per-column functions value -> text (the text
                is escaped afterwards).
            row_ids: Optional ``id`` for each row, so other pages (and structured
                data) can link to one row, e.g. one claim.
        """
        from IPython.display import HTML, display

        html = self.render_table(
            df,
            key,
            caption,
            source=source,
            row_header=row_header,
            formatters=formatters,
            row_ids=row_ids,
        )
        display(HTML(str(html)))

    def render_table(
        self,
        df: pd.DataFrame,
        key: str,
        caption: str,
        *,
        source: str | None = None,
        row_header: bool = True,
        formatters: Mapping[str, Callable[[Any], str]] | None = None,
        row_ids: Sequence[str] | None = None,
    ) -> Markup:
        """Return the table markup that :meth:`table` displays.

        Every body cell carries its column name as ``data-label``: on narrow
        screens the stylesheet lays each row out as a labelled card.

        Args:
            df: The data; the index is not shown.
            key: Slug for the id and cross references.
            caption: Caption text.
            source: Optional source line.
            row_header: Mark the first column as row headers.
            formatters: Optional per-column value -> text functions.
            row_ids: Optional ``id`` for each row (one per row of *df*).

        Returns:
            The ``<div class="rr-table-wrap">`` with the ``<table>`` inside.

        Raises:
            ValueError: If the key is not a valid slug, or *row_ids* does not
                have one id per row.
        """
        key = check_key(key, "table")
        if row_ids is not None and len(row_ids) != len(df):
            raise ValueError(f"table {key!r}: {len(row_ids)} row ids for {len(df)} rows")
        number = self._tables.setdefault(key, len(self._tables) + 1)
        formatters = dict(formatters or {})
        columns = _columns(df)

        head = Markup("").join(
            Markup('<th scope="col"{cls}>{name}</th>').format(
                name=column.name, cls=Markup(' class="num"') if column.numeric else ""
            )
            for column in columns
        )
        body_rows = [
            self._table_row(
                row,
                columns,
                formatters,
                row_header,
                Markup(' id="{}"').format(row_ids[index]) if row_ids is not None else "",
            )
            for index, row in enumerate(df.itertuples(index=False, name=None))
        ]

        source_html = (
            Markup('\n<p class="rr-source">{}</p>').format(source) if source else Markup("")
        )
        return Markup(
            '<div class="rr-table-wrap" role="region" aria-labelledby="tbl-{key}-caption" '
            'tabindex="0">\n'
            '<table id="tbl-{key}" class="rr-table" data-table-key="{key}" '
            'data-table-number="{n}">\n'
            '<caption id="tbl-{key}-caption"><span class="rr-label">Table {n}.</span> '
            "{caption}</caption>\n"
            "<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>{source}\n</div>"
        ).format(
            key=key,
            n=number,
            caption=caption,
            head=head,
            body=Markup("\n").join(body_rows),
            source=source_html,
        )

    def _table_row(
        self,
        row: tuple,
        columns: list[_Column],
        formatters: Mapping[str, Callable[[Any], str]],
        row_header: bool,
        id_attribute: Markup | str,
    ) -> Markup:
        """One ``<tr>`` of a table's body, each cell labelled with its column name."""
        cells = []
        for i, (value, column) in enumerate(zip(row, columns, strict=True)):
            text = self._cell(value, column.name, formatters, column.integral)
            classes = " ".join(
                c
                for c in (
                    "num" if column.numeric else "",
                    "na" if _is_missing(value) else "",
                    "rr-break" if _has_long_token(text) else "",
                )
                if c
            )
            attrs = Markup(' class="{}"').format(classes) if classes else Markup("")
            attrs += Markup(' data-label="{}"').format(column.name)
            if row_header and i == 0:
                cells.append(Markup('<th scope="row"{}>{}</th>').format(attrs, text))
            else:
                cells.append(Markup("<td{}>{}</td>").format(attrs, text))
        return Markup("<tr{}>{}</tr>").format(id_attribute, Markup("").join(cells))

    def _cell(
        self,
        value: Any,
        column: str,
        formatters: Mapping[str, Callable[[Any], str]],
        integral: bool,
    ) -> Markup:
        """Escaped (and maybe linked) text for one table cell."""
        if _is_missing(value):
            return escape(MISSING)
        if column in formatters:
            return escape(formatters[column](value))
        if isinstance(value, bool):
            text = "yes" if value else "no"
        elif isinstance(value, numbers.Integral):
            text = str(value)
        elif isinstance(value, numbers.Real):
            text = str(int(value)) if integral else f"{float(value):.{self.decimals}f}"
        else:
            text = str(value)
        href = _link_for(column, text)
        if href:
            return Markup('<a href="{}">{}</a>').format(href, text)
        return escape(text)

    # ---------------------------------------------------------------- helpers

    @property
    def figure_numbers(self) -> dict[str, int]:
        """Figure key -> number, in the order figures were first shown."""
        return dict(self._figures)

    @property
    def table_numbers(self) -> dict[str, int]:
        """Table key -> number, in the order tables were first shown."""
        return dict(self._tables)


@dataclass(frozen=True)
class _Column:
    """How a table shows one column of its DataFrame.

    Attributes:
        name: The column name, as text.
        numeric: Whether the column holds numbers (not booleans): its cells are right-aligned.
        integral: Whether it is numeric with every finite value whole: floats are shown without
            decimals.
    """

    name: str
    numeric: bool
    integral: bool


def _columns(df: pd.DataFrame) -> list[_Column]:
    """How a table shows each column of *df*, in order (by position: names may repeat)."""
    columns = []
    for i, name in enumerate(df.columns):
        series = df.iloc[:, i]
        numeric = _is_numeric_column(series)
        columns.append(_Column(str(name), numeric, numeric and _all_integral(series)))
    return columns


def _has_long_token(cell: Markup) -> bool:
    """True if the visible text of *cell* has a token longer than :data:`LONG_TOKEN`."""
    return any(len(token) > LONG_TOKEN for token in cell.striptags().split())


def _sentence(text: str) -> str:
    """Return *text* stripped, ending with a full stop (unless it has ? ! or .)."""
    text = (text or "").strip()
    return text if not text or text[-1] in ".?!" else text + "."


def _close(fig: matplotlib.figure.Figure) -> None:
    """Close *fig* in pyplot (no-op for figures pyplot does not manage)."""
    import matplotlib.pyplot as plt

    plt.close(fig)


def _is_missing(value: Any) -> bool:
    """True for None, NaN, NaT and pandas.NA (scalars only)."""
    if value is None:
        return True
    import numpy as np
    import pandas as pd

    try:
        result = pd.isna(value)
    except (TypeError, ValueError):
        return False
    return isinstance(result, bool | np.bool_) and bool(result)


def _is_numeric_column(series: pd.Series) -> bool:
    from pandas.api.types import is_bool_dtype, is_numeric_dtype

    return is_numeric_dtype(series.dtype) and not is_bool_dtype(series.dtype)


def _all_integral(series: pd.Series) -> bool:
    values = series.dropna()
    try:
        return all(float(v).is_integer() for v in values if math.isfinite(float(v)))
    except (TypeError, ValueError):
        return False


def _link_for(column: str, text: str) -> str | None:
    """An http(s) URL for a cell of a ``*url``/``*doi`` column, or None."""
    name = column.strip().lower()
    if not name.endswith(("url", "doi")):
        return None
    text = text.strip()
    if text.lower().startswith(("https://", "http://")):
        parts = urlsplit(text)
        return text if parts.netloc and not any(c.isspace() for c in text) else None
    if name.endswith("doi") and _DOI_RE.fullmatch(text):
        return "https://doi.org/" + quote(text, safe="/:;()._-")
    return None
