"""The Chart: a figure with its words and data, and how it leaves Python.

Takes a matplotlib figure with its key, title, caption, alt text, source line
and plotted data (a :class:`Chart`, as every ``plot_*`` function gives) and
gives its renderings:

- PNG and SVG bytes (:func:`render`), the same on every run, every call and
  whatever the caller's rcParams: no dates, no software
  versions, fixed SVG ids (``svg.hashsalt``), fonts drawn as paths, and the PNG
  in an adaptive 256-colour palette (charts look the same; the file is about a
  third of the size);
- in a notebook, a rich display (``Chart._repr_mimebundle_``): ``image/png``,
  ``text/html`` (a ``<figure>`` with the image and the escaped caption),
  ``text/plain`` and, when asked for, ``image/svg+xml``, so a cell ending in a
  chart shows it as an image with its caption in JupyterLab, nbclient and
  papermill alike;
- :func:`save_chart`, the one writer of a chart's files (``<key>.png``,
  ``<key>.svg``, ``<key>.csv``), used by the build through
  :class:`runreport.publish.display.ReportPage` and by the tests.
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Callable, Container, Iterator
from contextlib import contextmanager
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import matplotlib
import matplotlib.figure
import matplotlib.style
import pandas as pd
from markupsafe import Markup
from PIL import Image

#: Resolution of the PNG files (the report column is about 7 in wide).
PNG_DPI = 150
#: Resolution of the screen rendering (:func:`narrow_png`): 4.5 in at 130 dpi is 585 px, shown
#: 288-696 CSS px wide; a modest resolution keeps the self-contained page small.
NARROW_DPI = 130
#: Width in CSS pixels at which notebooks show a chart (7 in at 100 px/in).
DISPLAY_WIDTH = 700
#: What a figure key may look like: it becomes a file name and an HTML id.
KEY_PATTERN = re.compile(r"[a-z0-9](?:[a-z0-9_-]{0,62}[a-z0-9])?")

#: rcParams on top of matplotlib's defaults while rendering (see ``_render_settings``).
RENDER_RC: dict[str, Any] = {"svg.hashsalt": "runreport", "svg.fonttype": "path"}

_PNG_METADATA: dict[str, Any] = {"Software": None}
_SVG_METADATA: dict[str, Any] = {"Date": None, "Creator": None}


def check_key(key: str, kind: str = "figure") -> str:
    """Return *key* if it is a valid slug, else raise ValueError.

    Args:
        key: The key to check (lower-case letters, digits, ``-`` and ``_``).
        kind: "figure" or "table", for the error message.

    Returns:
        *key*, unchanged.

    Raises:
        ValueError: If the key cannot be used as a file name and HTML id.
    """
    if not isinstance(key, str) or not KEY_PATTERN.fullmatch(key):
        raise ValueError(
            f"invalid {kind} key {key!r}: use 1-64 lower-case letters, digits, "
            "'-' or '_', starting and ending with a letter or digit"
        )
    return key


@dataclass
class Chart:
    """A figure with what a reader needs beside it.

    A notebook cell that ends in a Chart shows the figure as an image with its
    title and caption beneath (see the module docstring).

    Attributes:
        key: Stable slug, used for file names and the HTML id (``fig-<key>``).
        figure: The matplotlib figure.
        title: Short title (also drawn in the figure).
        caption: One or two sentences saying what the chart shows.
        alt: Alt text written for the chart (what a screen-reader user needs).
        source: Source line ("Source: …").
        data: Exactly the data the chart plots (written as CSV beside it).
        narrow: Draws the same chart again for phones (narrow figure, same words and data), or
            None; the ``plot_*`` functions set it (:func:`runreport.charts.style.styled`).
    """

    key: str
    figure: matplotlib.figure.Figure
    title: str
    caption: str
    alt: str
    source: str
    data: pd.DataFrame
    narrow: Callable[[], Chart] | None = field(default=None, repr=False, compare=False)

    def render(
        self, dpi: int = PNG_DPI, *, palette: bool = True, svg: bool = True, consume: bool = False
    ) -> Rendering:
        """Return the figure as PNG and SVG bytes (see :func:`render`)."""
        return render(self.figure, dpi, palette=palette, svg=svg, consume=consume)

    def _repr_mimebundle_(
        self, include: Container[str] | None = None, exclude: Container[str] | None = None
    ) -> tuple[dict[str, str], dict[str, Any]]:
        """Show the chart in a notebook: PNG, a captioned HTML figure, plain text, SVG on request.

        IPython calls this for the value of a cell's last expression and for
        ``display(chart)``. JupyterLab shows the ``text/html`` figure (trusted
        or not: its sanitizer keeps ``<figure>``, ``<img>`` with a data URI
        and ``<figcaption>``); the images stay in the outputs that nbclient
        and papermill write. The SVG comes only when *include* names
        ``image/svg+xml`` (``display(chart, include=[...])``): drawing it
        and the palette PNG of the published files would double the time
        every chart takes to show, for an output no front end picks over the
        HTML figure; the notebook's PNG is stored without the palette.

        Args:
            include: MIME types wanted (None: all).
            exclude: MIME types not wanted.

        Returns:
            The MIME bundle and its metadata (the PNG's display size).
        """

        def wanted(mime: str) -> bool:
            if mime == "image/svg+xml" and include is None:
                return False
            return (include is None or mime in include) and not (exclude and mime in exclude)

        data: dict[str, str] = {
            "text/plain": "\n".join(
                part for part in (self.title, self.caption, self.source) if part
            )
        }
        metadata: dict[str, Any] = {}
        if not any(wanted(m) for m in ("image/png", "text/html", "image/svg+xml")):
            return data, metadata
        rendering = self.render(palette=False, svg=wanted("image/svg+xml"))
        width, height = png_size(rendering.png)
        size = {"width": DISPLAY_WIDTH, "height": round(height * DISPLAY_WIDTH / width)}
        encoded = base64.b64encode(rendering.png).decode("ascii")
        if wanted("image/png"):
            data["image/png"] = encoded
            metadata["image/png"] = size
        if wanted("image/svg+xml"):
            data["image/svg+xml"] = rendering.svg.decode("utf-8")
        if wanted("text/html"):
            data["text/html"] = self._figure_html(encoded, **size)
        return data, metadata

    def _figure_html(self, png_base64: str, width: int, height: int) -> str:
        """The ``<figure>`` a notebook shows: the PNG, then title and caption (escaped)."""
        title = self.title.strip()
        if title and title[-1] not in ".?!":
            title += "."
        return str(
            Markup(
                '<figure class="runreport-chart" data-chart-key="{key}">\n'
                '<img src="data:image/png;base64,{png}" alt="{alt}" width="{w}" height="{h}">\n'
                "<figcaption><strong>{title}</strong> {caption}</figcaption>\n"
                "</figure>"
            ).format(
                key=self.key,
                png=png_base64,
                alt=self.alt.strip(),
                w=width,
                h=height,
                title=title,
                caption=self.caption,
            )
        )


@contextmanager
def _render_settings() -> Iterator[None]:
    """Render with matplotlib's defaults and a fixed SVG salt, whatever the caller's rcParams.

    A chart's artists are made inside the house style, so they carry it. What
    matplotlib reads only while rendering (the tick density, from the default
    tick label size; the SVG id salt and font type) comes from matplotlib's
    defaults plus :data:`RENDER_RC`, never from the caller's rcParams or a
    matplotlibrc, so a notebook, a script and the build give the same bytes.
    The published figures were made this way: rendering inside the house
    style instead would space the ticks of some charts more densely.
    """
    with matplotlib.style.context("default"), matplotlib.rc_context(RENDER_RC):
        yield


class Rendering(NamedTuple):
    """A chart's image files' bytes."""

    png: bytes
    svg: bytes


def render(
    figure: matplotlib.figure.Figure,
    dpi: int = PNG_DPI,
    *,
    palette: bool = True,
    svg: bool = True,
    consume: bool = False,
) -> Rendering:
    """Return *figure* as PNG and SVG bytes, the same on every run and every call.

    Both are drawn from a copy of the figure (unless *consume*), PNG first,
    then the SVG with the PNG's layout (the constrained layout runs once):
    each draw lets the constrained layout settle a little further, so drawing
    the figure itself would change what the next call gives. The figure is
    left as it was (unless *consume*).

    The PNG has no "Software" tag. The SVG draws fonts as paths, takes its ids
    from a fixed ``svg.hashsalt`` (:data:`RENDER_RC`) and has no date and no
    creator (software version) in its metadata.

    Args:
        figure: The figure to draw.
        dpi: Resolution of the PNG.
        palette: Store the PNG with an adaptive 256-colour palette on white
            (Pillow, no dithering): charts look the same and the file is about
            a third of the size. Turn off for photographs or smooth gradients.
        svg: Draw the SVG too (else ``svg`` is empty bytes).
        consume: Draw *figure* itself, not a copy (the same bytes, without the copy's time),
            when nothing draws it afterwards: it is left laid out, its layout engine off.

    Returns:
        The PNG and SVG bytes (the SVG in UTF-8 with "\\n" line ends).
    """
    copy = figure if consume else _detached_copy(figure)
    svg_buffer = io.BytesIO()
    with _render_settings():
        if palette:
            # The palette is made from the drawn pixels themselves: no PNG encoded only to be
            # decoded.
            png = _palette(_draw_rgba(copy, dpi))
        else:
            png_buffer = io.BytesIO()
            copy.savefig(png_buffer, format="png", dpi=dpi, metadata=_PNG_METADATA)
            png = png_buffer.getvalue()
        if svg:
            # The SVG keeps the PNG's layout: the same positions, and no second constrained
            # layout (about half the time of a draw).
            copy.set_layout_engine("none")
            copy.savefig(svg_buffer, format="svg", metadata=_SVG_METADATA)
    return Rendering(png=png, svg=svg_buffer.getvalue().replace(b"\r\n", b"\n"))


def narrow_png(chart: Chart, dpi: int = NARROW_DPI) -> bytes | None:
    """The chart drawn again for phones (its ``narrow`` layout) as an RGB PNG on white, or None.

    Only the PNG is drawn (no SVG): the narrow image goes into the HTML page, never into a file.
    It is stored fast (no palette, light compression): the page re-encodes it, as a few-colour
    WebP (:func:`runreport.publish.images.webp_data_uri`), or as a palette PNG when it keeps PNGs
    (:func:`runreport.publish.images.palette_inline_images`).

    Args:
        chart: The chart; a chart without a ``narrow`` layout gives None.
        dpi: Resolution of the PNG.

    Returns:
        The PNG bytes (the same on every run), or None.
    """
    if chart.narrow is None:
        return None
    figure = chart.narrow().figure
    with _render_settings():
        rgba = _draw_rgba(figure, dpi)
    buffer = io.BytesIO()
    _over_white(rgba).save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def _detached_copy(figure: matplotlib.figure.Figure) -> matplotlib.figure.Figure:
    """Return a deep copy of *figure* that pyplot does not manage.

    Copying a figure that pyplot manages registers the copy with pyplot too
    (matplotlib restores it like an unpickled figure), and a notebook's inline
    backend would then show it at the end of the cell: close it in pyplot.
    """
    copy = deepcopy(figure)
    if copy.canvas.manager is not None:
        import matplotlib.pyplot as plt  # only a pyplot figure gets a manager

        plt.close(copy)
    return copy


def save_chart(
    chart: Chart,
    directory: str | Path,
    *,
    dpi: int = PNG_DPI,
    palette: bool = True,
    consume: bool = False,
) -> dict[str, Path]:
    """Write ``<key>.png``, ``<key>.svg`` and ``<key>.csv`` into *directory*.

    This is the one writer of figure files: the published ``figures/`` are
    its bytes. They depend only on the chart (see :func:`render`); the CSV is
    UTF-8 with "\\n" line ends and no index. The figure stays open and
    unchanged (unless *consume*); nothing global is changed.

    Args:
        chart: The chart to write.
        directory: Folder for the files (created when missing).
        dpi: Resolution of the PNG.
        palette: Store the PNG with a 256-colour palette (see :func:`render`).
        consume: Draw the chart's figure itself (see :func:`render`); for a caller that closes
            it next.

    Returns:
        The paths written, by format: ``{"png": …, "svg": …, "csv": …}``.

    Raises:
        ValueError: If the chart's key is not a valid slug (it names the files).
    """
    key = check_key(chart.key, "figure")
    rendering = chart.render(dpi, palette=palette, consume=consume)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = {fmt: directory / f"{key}.{fmt}" for fmt in ("png", "svg", "csv")}
    paths["png"].write_bytes(rendering.png)
    paths["svg"].write_bytes(rendering.svg)
    paths["csv"].write_bytes(chart.data.to_csv(index=False, lineterminator="\n").encode("utf-8"))
    return paths


def png_size(png: bytes) -> tuple[int, int]:
    """Return the width and height in pixels, read from the PNG's IHDR chunk.

    Raises:
        ValueError: If *png* is not a PNG.
    """
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def _draw_rgba(figure: matplotlib.figure.Figure, dpi: int) -> Image.Image:
    """*figure* drawn by Agg at *dpi*: the RGBA pixels ``savefig(format="png")`` would store.

    Both formats print the same Agg buffer (``print_raw`` writes it, ``print_png`` encodes it),
    so a caller that re-encodes the pixels skips a PNG encoding and decoding.
    """
    buffer = io.BytesIO()
    figure.savefig(buffer, format="rgba", dpi=dpi)
    # The Agg renderer is as large as the figure's box at *dpi*, truncated to whole pixels. That
    # box is computed along another float path than size × dpi, so a side of 5.4 in at 130 dpi
    # (702 px) can come out a hair above or below a whole pixel: try both truncations.
    raw = buffer.getvalue()
    sides = [
        (int(side), int(side + 1e-6), int(side - 1e-6)) for side in figure.get_size_inches() * dpi
    ]
    sizes = [(w, h) for w in sides[0] for h in sides[1] if w * h * 4 == len(raw)]
    if not sizes:
        raise RuntimeError(f"drawn {len(raw)} bytes for {sides[0][0]}x{sides[1][0]} pixels")
    return Image.frombuffer("RGBA", sizes[0], raw, "raw", "RGBA", 0, 1)


def _over_white(rgba: Image.Image) -> Image.Image:
    """*rgba* composited on white, as an RGB image."""
    return Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba).convert("RGB")


def _palette(rgba: Image.Image) -> bytes:
    """*rgba* on white with an adaptive 256-colour palette (no dithering), as PNG bytes.

    Maximum coverage, not median cut: median cut splits the colour box where most pixels are (the
    white ground, the grey text) and moved some of the seed's pixels by up to 38 levels of 255;
    maximum coverage keeps them within 5, in half the time. zlib level 8, not 9 (``optimize``):
    files 1 % larger, in a third of the time.
    """
    quantized = _over_white(rgba).quantize(
        colors=256, method=Image.Quantize.MAXCOVERAGE, dither=Image.Dither.NONE
    )
    buffer = io.BytesIO()
    quantized.save(buffer, format="PNG", compress_level=8)
    return buffer.getvalue()


def palette_png(png: bytes) -> bytes:
    """Re-encode *png* with an adaptive 256-colour palette, on white."""
    with Image.open(io.BytesIO(png)) as image:
        return _palette(image.convert("RGBA"))
