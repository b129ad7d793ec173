"""Read a plain-text article into a :class:`~runreport.ingest.readers.Document`.

Takes decoded text and gives a Document: the first non-blank line is the
title; every other non-blank line is one paragraph block, or a list item when it starts
with a bullet ("- ", "* ", "• "). Plain text marks
nothing: whether a short line is a heading is decided by the parser, as for a
short paragraph in any format. Markup in the text is kept verbatim: ``<b>`` in
a ``.txt`` file is three characters of text.

A ``.txt`` file that is really an HTML page or a Markdown post (front matter,
``# Title``) is refused with a message naming the right extension.
"""

from __future__ import annotations

import re

from runreport.errors import ArticleError
from runreport.ingest.readers.document import Block, Document, split_lines

_HTML_START = re.compile(r"^\s*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE)
_MARKDOWN_START = re.compile(r"^(?:---\s*$|#{1,6}\s+\S)")
# A bullet as people type one: "- ", "* ", "• " or "– " before the text.
_BULLET = re.compile(r"^[-*•–]\s+(\S.*)$")
# A numbered line that is a whole paragraph ("1) Adductor tendinopathy - the tendon …").
_NUMBERED = re.compile(r"^(\d{1,3})[.)]\s+(\S.{24,}[.!?]|\S.{120,})$")
# A label before a dash or colon at the start of an item: "Weak hips - the knee drops."
# A line of a list whose bullets were lost: a short clause, not numbered, ending like one.
_LISTED = re.compile(r"^(?!\d{1,3}[.)]\s)[^:]{3,160}[,.;]$")
_LEAD = re.compile(r"^([^.:!?]{2,60}?)\s*(?:\s[-–—]|:)\s+(\S.*)$")


def read(path: str, text: str) -> Document:
    """Read plain *text* (already decoded) into a Document.

    Raises:
        ArticleError: when the text is an HTML page or a Markdown post.
    """
    lines = [(n, t.strip()) for n, t in split_lines(text) if t.strip()]
    title_line, title = lines[0]
    if _HTML_START.match(title):
        raise ArticleError(
            path, title_line, "this .txt file is an HTML page: save it as .html to read it as one"
        )
    if _MARKDOWN_START.match(title):
        raise ArticleError(
            path,
            title_line,
            "this .txt file is Markdown (front matter or '# Title'): save it as .md",
        )
    blocks = _listed_lines([_block(n, t) for n, t in lines[1:]])
    return Document(path, "text", Block("heading", title_line, title, level=1), blocks)


def _listed_lines(blocks: list[Block]) -> list[Block]:
    """Read the short lines a line ending in ":" announces as a list, bullets or not.

    "Some of the causes include:" then "Running on a cambered road," and "Weak hips." is a list
    whose bullets were lost (a page copied as text): two or more such lines, each a short clause
    ending in "," "." or ";", become list items. A numbered line or a longer one ends the list.
    """
    out: list[Block] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        out.append(block)
        index += 1
        if block.kind != "paragraph" or not block.text.endswith(":"):
            continue
        run = index
        while (
            run < len(blocks)
            and _LISTED.match(blocks[run].text)
            and blocks[run].kind == "paragraph"
        ):
            run += 1
        if run - index >= 2:
            out += [Block("item", b.line, b.text) for b in blocks[index:run]]
            index = run
    return out


def _block(line: int, text: str) -> Block:
    """A line of text: a list item when it starts with a bullet or is a numbered paragraph
    (a short numbered line is left to the parser, as a possible heading), else a paragraph."""
    bullet, numbered = _BULLET.match(text), _NUMBERED.match(text)
    if not bullet and not numbered:
        return Block("paragraph", line, text)
    item = bullet.group(1) if bullet else numbered.group(2)
    lead = _LEAD.match(item)
    if lead and len(lead.group(1).split()) > 6:
        lead = None  # a long clause before a dash is a sentence, not a label
    return Block(
        "item",
        line,
        item,
        lead=lead.group(1) if lead else None,
        after_lead=lead.group(2) if lead else "",
        ordered=numbered is not None,
        number=int(numbered.group(1)) if numbered else None,
    )
