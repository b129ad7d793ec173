"""Read a saved web page or CMS export into a :class:`~runreport.ingest.readers.Document`.

Takes the page's bytes and gives a Document holding only the article: its title
(the main ``<h1>``, else ``<title>``) and its headings, paragraphs, list items,
bold lead-ins and ``<details>`` questions in document order, each with the
line of the element in the file. Questions from FAQPage JSON-LD come last.

The page is decoded in the encoding it declares (``<meta charset>``, the
``http-equiv`` form or an XML declaration; UTF-8 when it declares none) and
parsed by lxml's HTML parser, which builds a tree and never loads, runs or
fetches anything. The article is the largest ``<article>`` (else ``<main>``,
else ``<body>``). Not article text, and dropped: scripts, styles, forms,
embedded objects, navigation, headers without the title, footers, figures with
their captions, hidden elements, cookie banners, author bios, share and
newsletter boxes, advertising, comments, tables of contents (lists of in-page
links, or of the page's own headings). Links in "Related" boxes and ``<aside>``
elements, and in product boxes, are kept as ``link`` blocks.

Why not trafilatura: it extracts the main text well but builds a new tree
without source lines, and took about 15 ms for a 30 kB page on the project's
(busy) 2-CPU machine; this walk over lxml's own tree keeps every element's line
and reads a 50 kB page in about 1.8 ms of CPU time there (``make bench`` has the
numbers).
"""

from __future__ import annotations

import codecs
import re

import lxml.html
import lxml.html.defs
from lxml import etree

from runreport.errors import ArticleError
from runreport.ingest.readers.document import (
    CONTENTS_TITLE,
    TITLE_FROM_FILE,
    Block,
    Document,
    collapse,
    decode,
    label_sentence_leads,
    ordinal_items,
    split_lines,
    title_from_file,
    top_heading,
)
from runreport.ingest.readers.html_inline import (
    FIX_COLUMN,
    accordion_toggle,
    blank_line_groups,
    child_nodes,
    component_question,
    heading_text,
    int_attribute,
    leading_strong,
    leading_strong_in,
    line_blocks,
    line_segments,
    split_lead,
    text_of,
    toggle_text,
)
from runreport.ingest.readers.html_noise import class_attribute, class_words, noise_of
from runreport.ingest.readers.json_ld import json_ld_questions

_CONTAINER_BLOCKS = ("p", "div", "h1", "h2", "h3", "h4", "ul", "ol", "table", "section")
_POST_TITLE = {"entry-title", "post-title", "entrytitle", "posttitle"}
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.IGNORECASE)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Never article text: removed with their content before the walk (their tails stay).
_DROPPED_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "svg",
    "math",
    "canvas",
    "video",
    "audio",
    "picture",
    "map",
    "button",
    "select",
    "textarea",
    "dialog",
    "figure",
    "figcaption",
    "form",
    "nav",
    "footer",
    "menu",
    "datalist",
    "option",
    "head",
    "output",
    "progress",
    "meter",
)
# Void elements have no content; libxml2 sometimes nests what follows them inside them ("<embed>…"),
# so only the tags go, never what is inside.
_VOID_TAGS = (
    "img",
    "embed",
    "source",
    "track",
    "input",
    "link",
    "meta",
    "base",
    "param",
    "area",
    "col",
    "wbr",
    "keygen",
)
_INLINE = {
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "cite",
    "code",
    "data",
    "dfn",
    "em",
    "i",
    "kbd",
    "mark",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "time",
    "u",
    "var",
    "wbr",
    "del",
    "ins",
    "font",
    "big",
    "tt",
    "strike",
    "label",
    "nobr",
    "acronym",
}
_LEAF_BLOCKS = {"p", "pre", "address", "dd", "center", "caption"}
# Elements inside a paragraph or list item that may start a new line of it.
_BREAKS = ("br", "p", "div", "li", "blockquote", "ul", "ol")
# Words in class and id values that mark what is not article text, and the two kinds of box
# whose links count.
_GENERIC_LINK = re.compile(
    r"^(?:read more|click here|learn more|more|here|buy now|shop now|view|see more|"
    r"(?:see|check|view|compare) (?:the )?(?:latest |current )?prices?|(?:view|buy|check|see|"
    r"shop) (?:it )?)(?:\s*(?:on|at) [\w.]+)?\W*$",
    re.IGNORECASE,
)
_NUMBERING = re.compile(r"^(?:#?\d{1,3}[.):]?\s+)")
_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)|<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_\-:.]+)""",
    re.IGNORECASE,
)
# Labels the HTML standard reads as windows-1252 (a page saying "latin1" means cp1252).
_WINDOWS_1252 = {
    "iso-8859-1",
    "iso8859-1",
    "latin1",
    "latin-1",
    "l1",
    "us-ascii",
    "ascii",
    "ansi_x3.4-1968",
    "cp819",
    "ibm819",
    "iso-ir-100",
    "windows-1252",
    "cp1252",
    "x-cp1252",
}
_HTML_START = re.compile(r"^\s*<")
# Every element an HtmlElement: lxml.html's own lookup picks form classes in Python for each element
# the walk touches, and the reader uses none of their methods.
_ELEMENT_CLASSES = etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement,
    comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity,
)
# libxml2 stops counting lines at 65535; blocks past it are found again by their text.
_LINE_CAP = 65535


def declared_encoding(path: str, data: bytes) -> str:
    """The Python codec for the encoding the page declares (UTF-8 when it declares none).

    Raises:
        ArticleError: for a character set Python does not know.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8"
    match = _CHARSET.search(data[:4096])
    if not match:
        return "utf-8"
    label = (match.group(1) or match.group(2)).decode("ascii").lower()
    if label in _WINDOWS_1252:
        return "cp1252"
    if label.startswith(("utf-16", "utf-32")):
        return "utf-8"  # a byte-oriented page cannot be UTF-16; the standard reads it as UTF-8
    try:
        return codecs.lookup(label).name
    except LookupError:
        line = data[: match.start()].count(b"\n") + 1
        raise ArticleError(
            path, line, f"unknown character set '{label}' in <meta charset>"
        ) from None


def read(path: str, data: bytes, encoding: str | None = None) -> Document:
    """Read a web page's bytes into a Document (in *encoding*, else the one it declares).

    Raises:
        ArticleError: undecodable in its declared encoding, not HTML, or without
            a title.
    """
    text = decode(path, data, encoding or declared_encoding(path, data))
    if not _HTML_START.match(text):
        raise ArticleError(
            path,
            1,
            "this .html file does not start with HTML markup ('<'): is it text or Markdown?",
        )
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    parser.set_element_class_lookup(_ELEMENT_CLASSES)
    try:
        tree = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ArticleError(path, 1, f"cannot read the page as HTML: {exc}") from None
    faq = json_ld_questions(tree)
    head_title = tree.find(".//head/title")
    head_title = (
        (head_title.sourceline or 1, collapse(text_of(head_title)))
        if head_title is not None
        else None
    )
    etree.strip_tags(tree, *_VOID_TAGS)
    _keep_question_toggles(tree)
    etree.strip_elements(tree, *_DROPPED_TAGS, with_tail=False)
    root = _article_root(tree)
    # A blog theme's post title ("entry-title") beats an <h1> that is the blog's name.
    title_el = next(
        (
            h
            for h in tree.iter(*_HEADINGS)
            if _POST_TITLE.intersection((h.get("class") or "").lower().split())
            and collapse(text_of(h))
        ),
        None,
    )
    if title_el is None:
        title_el = _headline_of(tree, head_title[1] if head_title else "")
    if title_el is None:
        title_el = next((h for h in root.iter("h1") if collapse(text_of(h))), None)
    if title_el is None:
        title_el = next(
            (h for h in tree.iter("h1") if collapse(text_of(h)) and not noise_of(h)), None
        )
    walker = _Walker(root, title_el)
    walker.walk(root)
    meta: dict[str, str] = {}
    # (paragraphs that open with a short label sentence, two or more in a row: bold the page lost)
    blocks = ordinal_items(label_sentence_leads(walker.blocks)) + faq
    if title_el is not None:
        title = Block("heading", title_el.sourceline or 1, collapse(text_of(title_el)), level=1)
    elif head_title and head_title[1]:
        # "Knee Pain After Running | RunSite": the part before the site's name.
        title = Block("heading", head_title[0], head_title[1].split(" | ")[0].strip(), level=1)
    elif (headline := top_heading(blocks)) is not None:
        title, blocks = Block("heading", headline.line, headline.text, level=1), blocks[1:]
    else:
        title = title_from_file(path, blocks)  # a post's body exported from a CMS
        if title is None:
            raise ArticleError(path, 1, "no title: the page has no <h1> and no <title>")
        meta = {"title_from": TITLE_FROM_FILE}
    if any(b.line >= _LINE_CAP for b in blocks):
        blocks = _relocate(blocks, split_lines(text))
    return Document(path, "html", title, blocks, meta=meta, skipped=walker.skipped)


def _headline_of(tree: lxml.html.HtmlElement, head_title: str) -> lxml.html.HtmlElement | None:
    """The heading that repeats the headline of the page's ``<title>`` ("7 Reasons … - Miles
    Ahead Coaching") when the page's first ``<h1>`` says something else (a theme that puts the
    site's name in an ``<h1>`` and the post's title in an ``<h2>``); else None."""
    headline = _TITLE_SEPARATOR.split(head_title)[0].strip().casefold()
    if len(headline.split()) < 3:
        return None
    first = next((h for h in tree.iter("h1") if collapse(text_of(h))), None)
    if first is not None and collapse(text_of(first)).casefold() == headline:
        return None
    return next(
        (h for h in tree.iter("h2", "h3") if collapse(text_of(h)).casefold() == headline), None
    )


#: Between a page's headline and its site's name in ``<title>``.
_TITLE_SEPARATOR = re.compile(r"\s+[|\-\u2013\u2014\u00b7\u00bb:]{1,2}\s+")


def fragment_blocks(markup: str, first_line: int) -> list[Block]:
    """The blocks of an HTML fragment (raw HTML inside Markdown) that starts at *first_line*."""
    try:
        wrapper = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    etree.strip_tags(wrapper, *_VOID_TAGS)
    _keep_question_toggles(wrapper)
    etree.strip_elements(wrapper, *_DROPPED_TAGS, with_tail=False)
    walker = _Walker(wrapper, None, offset=first_line - 1)
    walker.walk(wrapper)
    return walker.blocks


def _article_root(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The element that holds the article: the largest <article>, else <main>, else <body>."""
    body = tree.find("body")
    body = body if body is not None else tree
    main = next(iter(tree.xpath("//main | //*[@role='main'] | //*[@itemprop='articleBody']")), None)
    articles = [(len(text_of(a)), a) for a in tree.iter("article")]
    if articles:
        size, largest = max(articles, key=lambda pair: pair[0])
        # An <article> that is a small card in a grid of teasers is not the article.
        if main is None or size >= 0.4 * len(text_of(main)):
            return largest
    return main if main is not None else body


def _holds_blocks(el: lxml.html.HtmlElement) -> bool:
    """Whether an inline element wraps whole blocks (HubSpot's <span> around the post body)."""
    return len(el) > 0 and next(el.iterdescendants(*_CONTAINER_BLOCKS), None) is not None


def _heading_key(text: str) -> str:
    return _NUMBERING.sub("", collapse(text)).lower().rstrip(" :.?!")


class _Walker:
    """One pass over the article's element tree, collecting blocks in document order."""

    def __init__(
        self, root: lxml.html.HtmlElement, title: lxml.html.HtmlElement | None, offset: int = 0
    ) -> None:
        self.blocks: list[Block] = []
        self.skipped: list[tuple[int, str]] = []  # (line, what) of the text left out
        self.title = title
        self.offset = offset
        # Blocks before the title inside the article are not its text (breadcrumbs, dates).
        self.started = title is None or not any(el is root for el in title.iterancestors())
        self.headings = {_heading_key(text_of(h)) for h in root.iter(*_HEADINGS)} - {""}
        self.root, self.root_size = root, None  # (its text's length, measured when needed)

    def holds_the_article(self, el: lxml.html.HtmlElement) -> bool:
        """Whether *el* holds the article: its title, or more than half of the page's text."""
        if self.title is not None and not self.started:
            if any(ancestor is el for ancestor in self.title.iterancestors()):
                return True
        if self.root_size is None:
            self.root_size = len(text_of(self.root))
        size = len(text_of(el))
        return size >= 500 and 2 * size > self.root_size

    def skip(self, el: lxml.html.HtmlElement, what: str) -> None:
        """Note a block with text that is left out, once the article has started."""
        text = collapse(text_of(el))
        if self.started and text:
            snippet = text if len(text) <= 60 else text[:59].rsplit(" ", 1)[0] + "…"
            self.skipped.append((self.line(el), f"{what}: '{snippet}'"))

    def line(self, el: lxml.html.HtmlElement) -> int:
        return (el.sourceline or 1) + self.offset

    def text_line(self, el: lxml.html.HtmlElement) -> int:
        """The line *el*'s text starts on ("<summary>" then the question on the next line)."""
        return line_segments(child_nodes(el), self.line(el), self.offset)[0][0]

    def start_line(self, el: lxml.html.HtmlElement) -> int:
        """The line *el*'s first words are on (``<p><font …>`` then the text on the next line)."""
        node, line = el, self.line(el)
        for _ in range(4):
            text = node.text or ""
            if text.strip() or not len(node) or not isinstance(node[0].tag, str):
                return line + text[: len(text) - len(text.lstrip())].count("\n")
            node = node[0]
            line = self.line(node) if node.sourceline else line + text.count("\n")
        return line

    def add(self, block: Block) -> None:
        if self.started and (block.text or block.lead or block.kind == "qa"):
            self.blocks.append(block)

    def walk(self, parent: lxml.html.HtmlElement) -> None:
        """Collect the blocks of *parent*'s children; loose inline text becomes paragraphs."""
        text = parent.text
        run: list[lxml.html.HtmlElement | str] = [text] if text else []
        filled = bool(text and not text.isspace())  # whether the run holds more than white space
        anchor = parent  # the element whose line the run starts on
        for child in parent:
            tag = child.tag
            if not isinstance(tag, str):
                pass
            elif (tag in _INLINE or tag == "br") and not _holds_blocks(child):
                if not filled:
                    anchor = child
                run.append(child)
                filled = True
            else:
                if filled:
                    self.paragraphs(run, self.line(anchor))
                run, filled = [], False
                if tag in _INLINE:
                    self.walk(child)  # an inline wrapper around the post body: its blocks
                else:
                    self.block(child)
                anchor = child
            tail = child.tail
            if tail:
                run.append(tail)
                filled = filled or not tail.isspace()
        if filled:
            self.paragraphs(run, self.line(anchor))

    def block(self, el: lxml.html.HtmlElement) -> None:
        tag = el.tag
        if el is self.title:
            self.started = True
            return
        noise = noise_of(el)
        if noise == "drop" and self.holds_the_article(el):
            noise = None  # a word of its classes looked like a sidebar's; its content says not
        if noise == "drop":
            self.skip(el, f"<{tag}{class_attribute(el)}> block")
            return
        if noise in ("related", "product"):
            self.links(el, noise)
            return
        if tag == "header" and (
            self.title is None or not any(h is self.title for h in el.iter("h1"))
        ):
            self.skip(el, "page header")
            return
        if tag in _HEADINGS:
            text = collapse(heading_text(el))
            if not CONTENTS_TITLE.match(text):
                self.add(Block("heading", self.text_line(el), text, level=_HEADINGS[tag]))
        elif tag in _LEAF_BLOCKS:
            if not len(el) or next(el.iterdescendants(*_BREAKS), None) is None:
                self.paragraph(el)  # the usual case, without the segment walk
            else:
                self.paragraphs(child_nodes(el), self.line(el))
        elif tag in ("ul", "ol"):
            self.list(el)
        elif tag == "li" and el.getparent() is not None and el.getparent().tag not in ("ul", "ol"):
            # a list item cut from its list ("<!-- wp:list-item -->" blocks of a WordPress export
            # in Markdown, each its own HTML block): still an item
            self.list_item(el, False, None)
        elif tag == "dt":
            self.paragraphs(child_nodes(el), self.line(el))
        elif tag == "details" or component_question(el):
            self.details(el)
        elif (toggle := accordion_toggle(el)) is not None:
            self.accordion(el, toggle)
        elif (toggle := accordion_toggle(el, question=False)) is not None:
            # "1. Gluteal tendinopathy" on a toggle over its hidden panel: a section a reader opens
            self.add(Block("heading", self.text_line(toggle), toggle_text(toggle), level=3))
            toggle.drop_tree()
            _show_panel(el)
            self.walk(el)
        elif tag == "tr":
            cells = [collapse(text_of(c)) for c in el if isinstance(c.tag, str)]
            self.add(Block("paragraph", self.line(el), " | ".join(c for c in cells if c)))
        elif tag == "table" and self.fix_table(el):
            pass
        else:
            self.walk(el)

    def paragraphs(self, nodes: list[lxml.html.HtmlElement | str], line: int) -> None:
        """One paragraph block per line-marker segment of *nodes* ("Q: …<br>A: …" gives two),
        and per blank line ("<br><br>", how Blogger and old editors separate paragraphs)."""
        groups = blank_line_groups(nodes, line, self.line)
        if len(groups) > 1:
            for group_line, group in groups:
                self.paragraphs(group, group_line)
            return
        if not any(not isinstance(n, str) or n.strip() for n in nodes):
            return
        segments = line_blocks(nodes, line, self.offset)
        if len(segments) == 1 and CONTENTS_TITLE.match(segments[0][1]):
            return
        strong = leading_strong(nodes)
        for index, (seg_line, text, breaks) in enumerate(segments):
            if text[:2] in ("• ", "· "):  # "&bull; item<br>&bull; item": a list typed as text
                self.add(Block("item", seg_line, text[2:].strip()))
                continue
            split = split_lead(strong, text) if index == 0 else None
            self.add(
                Block(
                    "paragraph",
                    seg_line,
                    text,
                    lead=split[0] if split else None,
                    after_lead=split[1] if split else "",
                    breaks=breaks,
                )
            )

    def fix_table(self, table: lxml.html.HtmlElement) -> bool:
        """A table of causes and their fixes ("Cause | What you might notice | What to do
        first"): each row a labelled paragraph, its fix cell a "What to do:" part after it.

        False (nothing added) for any other table: its rows are read as paragraphs.
        """
        rows = [r for r in table.iter("tr") if isinstance(r.tag, str)]
        if len(rows) < 3:
            return False
        header = [collapse(text_of(c)) for c in rows[0] if isinstance(c.tag, str)]
        fix = next((n for n, h in enumerate(header) if n and FIX_COLUMN.search(h)), None)
        if fix is None or not all(c.tag == "th" for c in rows[0] if isinstance(c.tag, str)):
            return False
        for row in rows[1:]:
            cells = [collapse(text_of(c)) for c in row if isinstance(c.tag, str)]
            if len(cells) != len(header) or not cells[0]:
                continue
            rest = " ".join(c for n, c in enumerate(cells[1:], start=1) if n != fix and c)
            line = self.line(row)
            label = cells[0].rstrip(".:")
            text = f"{label}. {rest}" if rest else label
            self.add(Block("paragraph", line, text, lead=label, after_lead=rest))
            if cells[fix]:
                advice = cells[fix]
                self.add(
                    Block(
                        "paragraph",
                        line,
                        f"What to do: {advice}",
                        lead="What to do",
                        after_lead=advice,
                    )
                )
        return True

    def paragraph(self, el: lxml.html.HtmlElement) -> None:
        """A paragraph with no line breaks inside: one block."""
        text = collapse(text_of(el))
        if not text or CONTENTS_TITLE.match(text):
            return
        split = split_lead(leading_strong_in(el), text) if len(el) else None
        self.add(
            Block(
                "paragraph",
                self.start_line(el),
                text,
                lead=split[0] if split else None,
                after_lead=split[1] if split else "",
            )
        )

    def list(self, el: lxml.html.HtmlElement) -> None:
        items = [li for li in el if isinstance(li.tag, str) and li.tag == "li"]
        if _is_toc(items, self.headings):
            self.skip(el, "contents list")
            return
        ordered = el.tag == "ol"
        number = int_attribute(el.get("start"), 1)
        # Broken markup browsers still show: a heading or paragraph straight inside the list.
        children = [
            c for c in el if isinstance(c.tag, str) and (c.tag in _HEADINGS or c.tag in ("li", "p"))
        ]
        for index, li in enumerate(children):
            if li.tag != "li":
                # (a heading first in the list labels the items after it, as one between them
                # does, when another heading groups the items after those: "During the run",
                # "Before the run", or one heads the list already; alone, it heads the list)
                headed = el.getprevious() is not None and el.getprevious().tag in _HEADINGS
                grouped = index > 0 or headed or any(c.tag in _HEADINGS for c in children[1:])
                if li.tag in _HEADINGS and index < len(children) - 1 and grouped:
                    before = children[index - 1] if index else children[index + 1]
                    self.list_label(li, before, children[index + 1])
                else:
                    self.block(li)
                continue
            number = int_attribute(li.get("value"), number)
            if noise_of(li) == "drop":
                continue
            if _holds_heading(li):
                self.walk(li)  # "<li><h3>1. Old sprains</h3><p>…</p></li>": a section in a list
                continue
            if (toggle := accordion_toggle(li)) is not None:  # a FAQ accordion as a list
                self.accordion(li, toggle)
                continue
            self.list_item(li, ordered, number if ordered else None)
            number += 1

    def list_item(self, li: lxml.html.HtmlElement, ordered: bool, number: int | None) -> None:
        """One ``<li>``: an item, its bold lead-in split off; a short label over a nested list
        ("Treatment" over its bullets) is a label paragraph, and the nested items are items."""
        nested = [c for c in li if isinstance(c.tag, str) and c.tag in ("ul", "ol")]
        own = " ".join(t for _, t in line_segments(child_nodes(li)[:1], self.line(li)))
        label = collapse(own).rstrip(":")
        if nested and 0 < len(label.split()) <= 4 and li[0] is nested[0]:
            self.add(Block("paragraph", self.line(li), f"{label}:", lead=label))
            for sub in nested:
                self.list(sub)
            return
        text = " ".join(t for _, t in line_segments(child_nodes(li), self.line(li), self.offset))
        split = split_lead(leading_strong_in(li), text)
        self.add(
            Block(
                "item",
                self.line(li),
                text,
                lead=split[0] if split else None,
                after_lead=split[1] if split else "",
                ordered=ordered,
                number=number,
            )
        )

    def list_label(self, heading, before, after) -> None:
        """A heading between two items of a list: a label over the items after it, as a browser
        shows it inside the list, not a heading that ends the list."""
        if before.tag != "li" or after.tag != "li":
            self.block(heading)
            return
        label = collapse(heading_text(heading)).rstrip(":")
        line = self.text_line(heading)
        self.add(Block("paragraph", line, f"{label}:", lead=label))

    def details(self, el: lxml.html.HtmlElement) -> None:
        """A question and its answer: ``<details>`` and its ``<summary>``, or a component with
        the question as its title (``<AccordionItem title="…?">`` in MDX)."""
        summary = el.find("summary")
        question = collapse(text_of(summary)) if summary is not None else component_question(el)
        if CONTENTS_TITLE.match(question):
            return
        line = self.text_line(summary) if summary is not None else self.line(el)
        if summary is not None:
            summary.drop_tree()
        inner = self.inner_blocks(el)
        if question:
            self.add(Block("qa", line, question, answer=_answer(inner)))
        else:
            self.blocks.extend(inner if self.started else [])

    def inner_blocks(self, el: lxml.html.HtmlElement) -> list[Block]:
        """The blocks inside *el* (an answer), read by a walker of their own from its start."""
        inner = _Walker(el, None, self.offset)
        inner.headings = self.headings
        inner.walk(el)
        return inner.blocks

    def accordion(self, el: lxml.html.HtmlElement, toggle: lxml.html.HtmlElement) -> None:
        """A question on an accordion's *toggle* (see :func:`_accordion_toggle`) and its answer
        in the panel after it, shown by a click even when the page hides it until then."""
        question, line = toggle_text(toggle), self.text_line(toggle)
        toggle.drop_tree()
        _show_panel(el)
        self.add(Block("qa", line, question, answer=_answer(self.inner_blocks(el))))

    def links(self, box: lxml.html.HtmlElement, kind: str) -> None:
        """Keep the titles a Related or product box links to; the box itself is not article text."""
        seen = set()
        for a in box.iter("a"):
            text = collapse(text_of(a))
            if (
                text
                and not _GENERIC_LINK.match(text)
                and not (a.get("href") or "").startswith("#")
                and text not in seen
            ):
                seen.add(text)
                self.add(Block("link", self.line(a), text, link=kind))
        if kind == "product" and not seen:
            # The product's name: the box's heading, bold text, or an element classed title or name.
            named = (
                el
                for el in box.iter()
                if isinstance(el.tag, str)
                and (
                    el.tag in _HEADINGS
                    or el.tag in ("strong", "b")
                    or class_words(el) & {"title", "name"}
                )
            )
            name = next((collapse(text_of(el)) for el in named if collapse(text_of(el))), "")
            if name:
                self.add(Block("link", self.line(box), name, link=kind))


def _show_panel(el: lxml.html.HtmlElement) -> None:
    """Unhide an accordion's panels under *el* (``hidden``, ``aria-hidden="true"``): a click shows
    them, so they are the page's text, not hidden noise."""
    for panel in el.iter():
        if isinstance(panel.tag, str):
            panel.attrib.pop("hidden", None)
            if panel.get("aria-hidden") == "true":
                del panel.attrib["aria-hidden"]


def _answer(blocks: list[Block]) -> tuple[tuple[int, str], ...]:
    """An answer's paragraphs as ``(line, text)``: its blocks without the links of its boxes."""
    return tuple((b.line, b.text) for b in blocks if b.kind != "link")


def _keep_question_toggles(tree: lxml.html.HtmlElement) -> None:
    """Keep the ``<button>`` elements that open a FAQ answer (buttons are dropped as controls):
    as ``<div data-question-toggle>``, which :func:`_accordion_toggle` takes for a toggle."""
    for button in list(tree.iter("button")):
        opens = button.get("aria-expanded") is not None or button.get("aria-controls") is not None
        text = toggle_text(button)
        if opens and (text.endswith("?") or (0 < len(text) <= 100 and _opens_panel(button))):
            # (and one titling a hidden panel: "1. Gluteal tendinopathy")
            button.tag = "div"
            button.set("data-question-toggle", "")


def _opens_panel(button: lxml.html.HtmlElement) -> bool:
    """Whether a toggle's next element is the panel it shows (an accordion's section)."""
    panel = button.getnext()
    return panel is not None and (
        panel.get("hidden") is not None or "panel" in (panel.get("class") or "").lower()
    )


def _holds_heading(li: lxml.html.HtmlElement) -> bool:
    """Whether a list item starts with a heading of its own, or is a ``<details>`` disclosure (a
    list used for layout: Squarespace's accordion is a ``<ul>`` of ``<details>``)."""
    first = next((c for c in li if isinstance(c.tag, str)), None)
    return (
        first is not None
        and (first.tag in _HEADINGS or first.tag == "details")
        and not (li.text or "").strip()
    )


def _is_toc(items: list[lxml.html.HtmlElement], headings: set[str]) -> bool:
    """A list of in-page links, or of the page's own headings, is a table of contents."""
    if len(items) < 2:
        return False
    anchors = sum(
        1 for li in items if any((a.get("href") or "").startswith("#") for a in li.iter("a"))
    )
    if anchors >= 0.8 * len(items):
        return True
    return all(_heading_key(text_of(li)) in headings for li in items)


def _relocate(blocks: list[Block], lines: list[tuple[int, str]]) -> list[Block]:
    """Find the true line of blocks past libxml2's line counter: search forward for their text."""
    out, cursor = [], 0
    for block in blocks:
        if block.line < _LINE_CAP:
            out.append(block)
            continue
        probe = (block.lead or block.text)[:30]
        start = max(cursor, _LINE_CAP - 1)
        found = next((n for n, t in lines[start:] if probe and probe in t), None)
        if found is not None:
            cursor = found - 1
            block = Block(
                block.kind,
                found,
                block.text,
                block.level,
                block.lead,
                block.ordered,
                block.number,
                block.answer,
                block.link,
            )
        out.append(block)
    return out
