"""Checks of an exported PDF: its fonts, text, outline, links, pages and metadata.

The text and the fonts come from poppler-utils (``pdftotext``, ``pdffonts``),
the rest from pypdf.  :func:`normalize_text` makes substring checks on the
extracted text reliable (ligatures, hyphenation, whitespace).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def _run_poppler(tool: str, *args: str) -> str:
    exe = shutil.which(tool)
    if not exe:
        raise FileNotFoundError(f"{tool} not found; install poppler-utils (make system-test)")
    proc = subprocess.run(
        [exe, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"{tool} {' '.join(args)} failed ({proc.returncode}): {proc.stderr.strip()}"
        )
    return proc.stdout


def parse_pdffonts(output: str) -> list[dict[str, Any]]:
    """Parse the table printed by ``pdffonts``.

    Column widths are taken from the dashed rule under the header, so font
    names and types containing spaces (``CID TrueType``, ``Type 1C``) survive.

    Args:
        output: ``pdffonts`` stdout.

    Returns:
        One dict per font: ``name`` (``"[none]"`` for unnamed Type 3 fonts),
        ``type``, ``encoding``, ``emb``, ``sub``, ``uni`` (bools) and
        ``object`` (``"12 0"``).
    """
    lines = output.splitlines()
    rule_index = next((i for i, line in enumerate(lines) if line.startswith("---")), None)
    if rule_index is None:
        return []
    spans = [m.span() for m in re.finditer(r"-+", lines[rule_index])]
    keys = ["name", "type", "encoding", "emb", "sub", "uni", "object"]
    fonts = []
    for line in lines[rule_index + 1 :]:
        if not line.strip():
            continue
        cells = []
        for i, (start, end) in enumerate(spans):
            # the last column runs to the end of the line
            cells.append(line[start : (end if i < len(spans) - 1 else None)].strip())
        row: dict[str, Any] = dict(zip(keys, cells, strict=False))
        for flag in ("emb", "sub", "uni"):
            row[flag] = row.get(flag) == "yes"
        fonts.append(row)
    return fonts


def pdf_fonts(path: Path) -> list[dict[str, Any]]:
    """List a PDF's fonts with ``pdffonts`` (see :func:`parse_pdffonts`).

    Args:
        path: The PDF.

    Returns:
        One dict per font; check ``all(f["emb"] for f in fonts)``.
    """
    return parse_pdffonts(_run_poppler("pdffonts", str(path)))


def pdf_text(path: Path, *, layout: bool = False, normalize: bool = False) -> str:
    """Extract a PDF's text with ``pdftotext`` (UTF-8, reading order).

    Reading order (no ``-layout``) is the better default for substring checks:
    ``-layout`` pads justified lines with runs of spaces and interleaves
    side-by-side blocks.  Pages are separated by form feeds.

    Args:
        path: The PDF.
        layout: Pass ``-layout`` to keep the physical layout.
        normalize: Return :func:`normalize_text` of the text.

    Returns:
        The text.
    """
    args = ["-enc", "UTF-8", *(["-layout"] if layout else []), str(path), "-"]
    text = _run_poppler("pdftotext", *args)
    return normalize_text(text) if normalize else text


_SOFT_BREAK = re.compile("[\u00ad\u2010]\\s*\\n\\s*")  # hyphenation point at a line end
_HARD_HYPHEN_BREAK = re.compile(r"(?<=\w)-\s*\n\s*(?=\w)")
_WS = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Normalize extracted (or expected) text so substring checks are reliable.

    * NFKC: ligatures (``ﬁ`` -> ``fi``), no-break and other special spaces.
    * Words split by automatic hyphenation are re-joined: a soft hyphen or
      WeasyPrint's hyphenation character U+2010 at a line end disappears with
      the line break (``characterisa‐\\ntion`` -> ``characterisation``); an
      ASCII hyphen at a line end keeps the hyphen (``well-\\nknown`` ->
      ``well-known``).
    * Remaining soft hyphens and zero-width characters are removed.
    * All whitespace runs (newlines, form feeds) collapse to one space; the
      result is stripped.

    Apply it to both sides: ``normalize_text(needle) in normalize_text(text)``.

    Args:
        text: Any text.

    Returns:
        The normalized text.
    """
    text = _SOFT_BREAK.sub("", text)
    text = _HARD_HYPHEN_BREAK.sub("-", text)
    text = unicodedata.normalize("NFKC", text)
    text = re.sub("[\u00ad\u200b\u200c\u200d\u2060\ufeff]", "", text)
    return _WS.sub(" ", text).strip()


def _pdf_reader(path: Path) -> Any:
    from pypdf import PdfReader

    return PdfReader(str(path))


def pdf_outline_titles(path: Path) -> list[str]:
    """Titles of a PDF's outline (bookmarks), nested levels flattened in order.

    Args:
        path: The PDF.

    Returns:
        The bookmark titles, depth-first.
    """

    def walk(items: Iterable[Any]) -> Iterable[str]:
        for item in items:
            if isinstance(item, list):
                yield from walk(item)
            else:
                yield str(item.title)

    return list(walk(_pdf_reader(path).outline))


def pdf_link_uris(path: Path) -> list[str]:
    """``/URI`` targets of the link annotations on every page, in page order.

    A link that wraps across lines yields one annotation per line, so the same
    URI can appear more than once; use ``set()`` when that does not matter.

    Args:
        path: The PDF.

    Returns:
        The URIs.
    """
    uris = []
    for page in _pdf_reader(path).pages:
        annots = page.get("/Annots")
        if annots is None:
            continue
        for ref in annots.get_object():
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A")
            action = action.get_object() if action is not None else None
            if action is not None and action.get("/S") == "/URI" and "/URI" in action:
                uri = action["/URI"]
                uris.append(uri.decode("utf-8", "replace") if isinstance(uri, bytes) else str(uri))
    return uris


def pdf_page_count(path: Path) -> int:
    """Number of pages.

    Args:
        path: The PDF.

    Returns:
        The page count.
    """
    return len(_pdf_reader(path).pages)


def pdf_page_size_mm(path: Path, page: int = 0) -> tuple[float, float]:
    """Width and height of a page in millimetres, as displayed (``/Rotate`` applied).

    Args:
        path: The PDF.
        page: Zero-based page index.

    Returns:
        ``(width, height)`` rounded to 0.1 mm; A4 portrait is ``(210.0, 297.0)``.
    """
    pdf_page = _pdf_reader(path).pages[page]
    box = pdf_page.mediabox
    width, height = float(box.width), float(box.height)
    if int(pdf_page.get("/Rotate", 0) or 0) % 180:
        width, height = height, width
    return round(width * 25.4 / 72, 1), round(height * 25.4 / 72, 1)


def pdf_metadata(path: Path) -> dict[str, str | None]:
    """Document information and catalog language.

    Args:
        path: The PDF.

    Returns:
        ``title``, ``author``, ``creator``, ``producer`` and ``lang`` (``/Lang``
        of the catalog), ``None`` where absent.
    """
    reader = _pdf_reader(path)
    info = reader.metadata or {}
    lang = reader.trailer["/Root"].get("/Lang")

    def get(key: str) -> str | None:
        value = info.get(key)
        return None if value is None else str(value)

    return {
        "title": get("/Title"),
        "author": get("/Author"),
        "creator": get("/Creator"),
        "producer": get("/Producer"),
        "lang": None if lang is None else str(lang),
    }
