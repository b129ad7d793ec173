"""Read an article file of any accepted format into a :class:`Document`.

Takes the path of an article (``.txt``, ``.md`` / ``.markdown`` or ``.html`` /
``.htm``) or its bytes, and gives a :class:`Document`: the title, and the
article text as a flat list of :class:`Block` records — headings with their
level, list items, paragraphs (with a bold lead-in when they have one),
question-and-answer blocks and links from boxes that are not article text —
each with the line of the input file it came from.

The format is chosen by the file's extension and confirmed by its content; a
mismatch is an :class:`~runreport.errors.ArticleError`. Decoding rules are the
same for every format: at most :data:`MAX_BYTES`, no NUL byte, valid text in
the file's encoding (UTF-8 unless an HTML page declares another), no control
characters. Nothing below this package knows which format an article was in.
"""

from __future__ import annotations

from pathlib import Path

from runreport.ingest.readers.document import (
    FORMATS,
    LINE_MARKER,
    MAX_BYTES,
    Block,
    Document,
    check_bytes,
    collapse,
    decode,
    format_of,
    join_segments,
    lead_in,
    read_bytes,
    split_lines,
)

__all__ = [
    "FORMATS",
    "LINE_MARKER",
    "MAX_BYTES",
    "Block",
    "Document",
    "check_bytes",
    "collapse",
    "decode",
    "format_of",
    "join_segments",
    "lead_in",
    "read_bytes",
    "read_document",
    "read_source_lines",
    "split_lines",
]


def read_document(
    path: str | Path, data: bytes | None = None, encoding: str | None = None
) -> Document:
    """Read the article at *path* (or its *data*) into a :class:`Document`.

    Args:
        path: The file; its extension chooses the reader, and it names the
            file in error messages.
        data: The file's bytes, when already at hand.
        encoding: The bytes' encoding when known (text handed over as a
            string); by default UTF-8, or what an HTML page declares.

    Returns:
        The document.

    Raises:
        ArticleError: unreadable, empty, too large, binary, undecodable, not
            the format its extension says, or without a title.
    """
    fmt = format_of(path)
    data = read_bytes(path) if data is None else data
    check_bytes(path, data)
    if fmt == "html":
        from runreport.ingest.readers import html

        return html.read(str(path), data, encoding)
    text = decode(path, data, encoding or "utf-8")
    if fmt == "markdown":
        from runreport.ingest.readers import markdown

        return markdown.read(str(path), text)
    from runreport.ingest.readers import text as plain

    return plain.read(str(path), text)


def read_source_lines(path: str | Path, data: bytes | None = None) -> list[tuple[int, str]]:
    """The numbered lines of an article file as decoded text (any format).

    Returns:
        ``(line number, text)`` for every line, trailing whitespace removed.
    """
    data = read_bytes(path) if data is None else data
    check_bytes(path, data)
    encoding = "utf-8"
    if format_of(path) == "html":
        from runreport.ingest.readers.html import declared_encoding

        encoding = declared_encoding(path, data)
    return split_lines(decode(path, data, encoding))
