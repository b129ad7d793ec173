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
from runreport.ingest.readers.document import (
    CONTENTS_TITLE,
    Block,
    Document,
    label_sentence_leads,
    ordinal_items,
    shortcode_questions,
    split_lines,
)

_HTML_START = re.compile(r"^\s*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE)
_MARKDOWN_START = re.compile(r"^(?:---\s*$|#{1,6}\s+\S)")
# A bullet as people type one: "- ", "* ", "• " or "– " before the text.
_BULLET = re.compile(r"^[-*•–+]\s+(\S.*)$")
# A numbered or lettered line that is a whole paragraph ("1) Adductor tendinopathy - the
# tendon …", "(b) Long periods of sitting, …").
_NUMBERED = re.compile(r"^(\d{1,3}|\([a-h]\)|[a-h]\))[.)]?\s+(\S.{24,}[.!?]|\S.{120,})$")
# The underline of a heading in the style of Markdown's setext ("What is it?" over "-----").
_UNDERLINE = re.compile(r"^(?:={3,}|-{3,})$")
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
    underlined = {
        n
        for (n, t), (m, u) in zip(lines, lines[1:], strict=False)
        if m == n + 1 and _UNDERLINE.match(u) and not _UNDERLINE.match(t) and len(t) <= 80
    }
    lines = [(n, t) for n, t in lines if not (_UNDERLINE.match(t) and n - 1 in underlined)]
    lines = _lone_bullets(lines)
    lines, headings, contents = _contents_list(lines)
    underlined |= headings
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
    blocks = _listed_lines(
        [Block("heading", n, t, level=2) if n in underlined else _block(n, t) for n, t in lines[1:]]
    )
    blocks = shortcode_questions(label_sentence_leads(_adjacent_lines(blocks)))
    blocks = ordinal_items(blocks)
    title_block = Block("heading", title_line, title, level=1)
    return Document(path, "text", title_block, blocks, skipped=contents)


def _contents_list(
    lines: list[tuple[int, str]],
) -> tuple[list[tuple[int, str]], set[int], list[tuple[int, str]]]:
    """Find a page's contents list copied as text and use it: its entries name the headings.

    "Contents" then short lines, one per line, each found again later alone on its line: those
    later lines are the article's section headings, whatever their wording ("Why do runners get
    back pain?" is a heading, not a question of a FAQ). The list itself is navigation and is
    left out.

    Returns:
        The lines without the list, the line numbers of the headings it names, and what was
        left out as ``(line, what)``.
    """
    for index, (n, text) in enumerate(lines[:40]):
        if not CONTENTS_TITLE.match(text):
            continue
        run = index + 1
        while (
            run < len(lines) and lines[run][0] == lines[run - 1][0] + 1 and len(lines[run][1]) <= 80
        ):
            run += 1
        entries = {_entry(t) for _, t in lines[index + 1 : run]}
        later = {m for m, t in lines[run:] if _entry(t) in entries}
        if run - index > 2 and len(later) * 2 >= len(entries):
            return lines[:index] + lines[run:], later, [(n, "contents list")]
    return lines, set(), []


# A numbered marker before an entry or its heading: "1.", "Mistake #1:", "Step 3 –".
_ENTRY_MARKER = re.compile(
    r"^(?:(?:reason|cause|tip|step|mistake|error|no\.?)\s*)?#?\s*\d{1,3}\s*[.:)\-–—]?\s+", re.I
)


def _entry(line: str) -> str:
    """A contents entry or heading as the two are compared: no marker, case or end stop."""
    return _ENTRY_MARKER.sub("", line).rstrip(" .").lower()


def _lone_bullets(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Join a bullet alone on its line to the text on the next ("-" then "Sitting too much: …",
    a web list flattened to text): the item is that text, on its own line."""
    out: list[tuple[int, str]] = []
    for n, t in lines:
        if out and out[-1][1] in _LONE_MARKS and out[-1][0] == n - 1:
            out[-1] = (n, f"- {t}")
            continue
        out.append((n, t))
    return out


_LONE_MARKS = frozenset("-*•–+")
# A short title line before a run: plain words, no sentence end.
_TITLE_LINE = re.compile(r"^[^.!?:;,]{3,80}[?]?$")


def _adjacent_lines(blocks: list[Block]) -> list[Block]:
    """Read a run of three or more sentences on adjacent lines, under a title line, as a list
    whose bullets were lost, in text whose paragraphs are otherwise apart.

    A page copied as text keeps its paragraphs apart (blank lines) but glues a list's items
    line after line: "How to recover" then "For the first 48 hours, …" on the next line, and so on.
    """
    gaps = [b.line - a.line for a, b in zip(blocks, blocks[1:], strict=False)]
    if not gaps or sum(g == 1 for g in gaps) * 2 > len(gaps):
        return blocks  # lines glued everywhere: a text without blank lines says nothing here
    out = list(blocks)
    for index, head in enumerate(blocks[:-1]):
        if head.kind != "paragraph" or not _TITLE_LINE.match(head.text):
            continue
        run = index + 1  # the list may start a blank line below its title
        while (
            run < len(out)
            and out[run].kind == "paragraph"
            and out[run].text.endswith((".", "!", "?"))
            and out[run].line - out[run - 1].line <= (2 if run == index + 1 else 1)
        ):
            run += 1
        if run - index > 3:
            out[index + 1 : run] = [Block("item", b.line, b.text) for b in out[index + 1 : run]]
    return out


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
        number=_number(numbered.group(1)) if numbered else None,
    )


def _number(marker: str) -> int:
    """The number a list marker gives: "3" → 3, "(b)" → 2."""
    marker = marker.strip("()")
    return int(marker) if marker.isdigit() else ord(marker) - ord("a") + 1
