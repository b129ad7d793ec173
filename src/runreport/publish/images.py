"""Inline images of the HTML report, re-encoded for the screen.

Takes the finished report HTML, whose figures are PNG ``data:`` URIs (written
by :mod:`runreport.publish.display`), and gives the same page with each of
those images as a lossless WebP ``data:`` URI of at most 32 colours (charts
look the same: their text and lines are anti-aliased against a few flat
colours; the images are a little over half the bytes of the 256-colour PNGs).
The page is one self-contained file, so every byte of its images is
downloaded before a phone shows the first screen; the PDF keeps the figure
writer's palette PNGs (:class:`runreport.publish.ReportPDFExporter` does not
re-encode them; :func:`palette_inline_images` gives a PNG that is not one a palette).

A figure also carries its narrow layout, legible on a 360 px screen, as a
``<picture>`` whose ``<source media=…>`` holds it (see
:class:`runreport.publish.display.ReportPage`). :func:`narrow_images` makes
the screen page show that layout alone; :func:`report_width_images` gives the
PDF the report-width images alone, as before the narrow layouts existed.

Deterministic: same PNG, same WebP bytes (libwebp bundled with the pinned
Pillow, fixed settings).
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Callable

__all__ = [
    "narrow_images",
    "palette_inline_images",
    "report_width_images",
    "webp_data_uri",
    "webp_inline_images",
]

# The src of an <img> (or srcset of a <source>) as the figure writer and postprocess_html
# serialise it.
_PNG_SRC_RE = re.compile(
    r'(<(?:img\b[^>]*?\ssrc|source\b[^>]*?\ssrcset)=")data:image/png;base64,([A-Za-z0-9+/]+={0,2})(")'
)
# A figure's <picture> as the figure writer writes it: the narrow source, then the <img>.
_PICTURE_RE = re.compile(r"<picture><source\b[^>]*>(<img\b[^>]*>)</picture>")
_NARROW_PICTURE_RE = re.compile(r"<picture>(<source\b[^>]*>)(<img\b[^>]*>)</picture>")
# One attribute as postprocess_html serialises it (double quotes, & < > " escaped).
_ATTR_RE = re.compile(r'([a-z-]+)="([^"]*)"')

#: Colours of a screen image: enough for a chart's flat colours and their anti-aliased edges.
SCREEN_COLOURS = 32

#: libwebp lossless settings: method 4 (its default) is within 2 % of the
#: smallest output at a thirtieth of method 6's time.
_WEBP = {"lossless": True, "method": 4, "quality": 80, "exact": True}


def webp_data_uri(png: bytes) -> str:
    """A lossless WebP ``data:`` URI of *png* in at most :data:`SCREEN_COLOURS` colours.

    An opaque image with more colours is reduced to that many (maximum coverage, no dithering:
    flat areas stay flat); one with fewer, or with transparency, keeps its pixels exactly.

    Args:
        png: A PNG image (palette, grey, RGB or RGBA).

    Returns:
        ``data:image/webp;base64,...``.
    """
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        image.load()
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert(
                "RGBA" if "transparency" in image.info or "A" in image.mode else "RGB"
            )
        if image.mode == "RGB" and image.getcolors(SCREEN_COLOURS) is None:
            # Maximum coverage: in 32 colours, median cut gave a small yellow marker the orange of a
            # larger one.
            image = image.quantize(
                colors=SCREEN_COLOURS, method=Image.Quantize.MAXCOVERAGE, dither=Image.Dither.NONE
            ).convert("RGB")
        buf = io.BytesIO()
        image.save(buf, format="WEBP", **_WEBP)
    return "data:image/webp;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def webp_inline_images(html: str) -> str:
    """Return *html* with every inline PNG (``<img src>``, ``<source srcset>``) as WebP.

    Inline PNGs are ``data:image/png;base64,...`` URIs.

    Args:
        html: The finished report page.

    Returns:
        The page; everything but those ``src`` values is unchanged.
    """
    return _reencoded(html, webp_data_uri)


def narrow_images(html: str) -> str:
    """Return *html* with each figure's ``<picture>`` replaced by an ``<img>`` of its narrow source.

    The screen page then carries one image per figure, the layout legible on a phone, at half the
    bytes of carrying both: the page is one file, downloaded whole before the first paint.

    Args:
        html: The finished report page.

    Returns:
        The page without ``<picture>`` and ``<source>`` elements; each ``<img>`` keeps its other
        attributes (alt text, lazy loading) with the narrow image's ``src``, ``width`` and
        ``height``.
    """

    def narrow(match: re.Match[str]) -> str:
        source = dict(_ATTR_RE.findall(match[1]))
        new = {"src": source["srcset"], "width": source["width"], "height": source["height"]}
        return _ATTR_RE.sub(lambda a: f'{a[1]}="{new.get(a[1], a[2])}"', match[2])

    return _NARROW_PICTURE_RE.sub(narrow, html)


def report_width_images(html: str) -> str:
    """Return *html* with each figure's ``<picture>`` replaced by its ``<img>`` (report width).

    The PDF lays out the report column only: it keeps the images and markup it had before the
    narrow layouts existed, byte for byte.

    Args:
        html: The finished report page.

    Returns:
        The page without ``<picture>`` and ``<source>`` elements.
    """
    return _PICTURE_RE.sub(r"\1", html)


def palette_inline_images(html: str) -> str:
    """Return *html* with inline PNGs (``<img src>``, ``<source srcset>``) in a 256-colour palette.

    For a page that keeps PNGs: the figure writer stores the narrow layout as a plain RGB
    intermediate (:func:`runreport.charts.chart.narrow_png`), which the WebP re-encoding would
    reduce; here it gets the palette the figure files have. Palette PNGs are left as they are
    (the report-width images, so the PDF keeps its bytes).

    Args:
        html: The finished report page.

    Returns:
        The page; everything but those ``src`` values is unchanged.
    """
    return _reencoded(html, _palette_data_uri)


def _palette_data_uri(png: bytes) -> str | None:
    """*png* as a palette PNG ``data:`` URI, or None when it already is one (IHDR colour type 3)."""
    from runreport.charts.chart import palette_png, png_size

    png_size(png)  # a PNG, or ValueError
    if png[25] == 3:
        return None
    return "data:image/png;base64," + base64.b64encode(palette_png(png)).decode("ascii")


def _reencoded(html: str, to_data_uri: Callable[[bytes], str | None]) -> str:
    """*html* with each inline PNG ``src`` replaced by ``to_data_uri(png)`` (None: kept as it is).

    A source that is not a readable PNG stays as it was, so the checks that come after (the PDF's
    lost-content check, the browser's broken-image check) still see and report it.
    """
    from PIL import UnidentifiedImageError

    def one(match: re.Match[str]) -> str:
        try:
            uri = to_data_uri(base64.b64decode(match[2], validate=True))
        except (
            ValueError,
            OSError,
            IndexError,
            UnidentifiedImageError,
        ):  # binascii.Error is a ValueError
            return match[0]
        return match[0] if uri is None else match[1] + uri + match[3]

    return _PNG_SRC_RE.sub(one, html)
