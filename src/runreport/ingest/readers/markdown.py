"""Read a Markdown post into a :class:`~runreport.ingest.readers.Document`.

Takes decoded text and gives a Document. An optional YAML front matter block
(``---`` … ``---`` on the first lines) gives ``title``, ``author`` and
``date``; the rest is parsed as CommonMark by markdown-it-py. Headings, list
items (one block per item, with its number as written), paragraphs and their
bold lead-ins come with the line of the file they start on. Raw HTML blocks
(``<details>`` FAQs) are read by the HTML reader's walk, so scripts and styles
in them are dropped; inline HTML tags are dropped and their text kept. Link
targets and images are not text; link text is.

The title is the first block when it is a level-1 heading, else the front
matter's ``title``, else the first block when it is a heading or one short line.
"""

from __future__ import annotations

import dataclasses
import html
import re
import tomllib

from markdown_it import MarkdownIt
from markdown_it.token import Token
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from runreport.errors import ArticleError
from runreport.ingest.readers.document import (
    TITLE_FROM_FILE,
    Block,
    Document,
    collapse,
    join_lines,
    lead_in,
    ordinal_items,
    shortcode_questions,
    title_from_file,
)

_HTML_START = re.compile(r"^\s*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE)
_FENCE = re.compile(r"^(?:---|\.\.\.)\s*$")
# Hugo's TOML front matter ("+++" … "+++") and the line of its title key.
_TOML_FENCE = re.compile(r"^\+\+\+\s*$")
_TOML_TITLE = re.compile(r"^\s*title\s*=")
# Pelican's and MultiMarkdown's metadata: "Title: …", "Date: …" lines up to the first blank one.
_KEY_VALUE = re.compile(r"^([A-Za-z][\w-]{0,30})\s*:\s*(.*)$")
# Heading marks a CMS escaped into the text: "### \\#\\# Question?" shows "## Question?".
_ESCAPED_MARKS = re.compile(r"^(?:#{1,6}(?:\s+|$))+")
_SKIPPED_INLINE = re.compile(
    r"^<(script|style|template|noscript|iframe|object|svg)\b", re.IGNORECASE
)
_MARKDOWN = MarkdownIt("commonmark")
# A line that is only a static-site generator's markup: kramdown attributes ("{: .notice}"),
# Liquid or Nunjucks tags ("{% callout %}"), Hugo shortcodes ("{{< figure … >}}"). Emptied, not
# removed, so that line numbers stay true.
_TEMPLATE_LINE = re.compile(
    r"^[ \t]*(?:\{:[^}\n]*\}|\{%-?[^\n]*?-?%\}|\{\{[<%][^\n]*?[>%]\}\})[ \t]*$", re.MULTILINE
)
# MDX (Astro, Gatsby, Docusaurus): ES module lines, and components on lines of their own
# ('<Callout type="info" title="Did you know?">' … '</Callout>', '<NewsletterSignup />').
_MDX_MODULE = re.compile(
    r"^(?:import\s+(?:[\w*{}\s,]+\s+from\s+)?['\"][^'\"]+['\"]|export\s+(?:const|default|function"
    r"|let)\b).*$"
)
_MDX_TAG = re.compile(r"^\s*<(?P<close>/)?(?P<name>[A-Z][\w.]*)(?P<attrs>[^<>]*?)(?P<end>/)?>\s*$")
_MDX_TITLE = re.compile(r"""\btitle\s*=\s*(?:"([^"]*)"|'([^']*)'|\{\s*["']([^"']*)["']\s*\})""")
_MDX_BOX_NAME = re.compile(
    r"^(?:Key\s+Takeaways?|Summary|TL;?DR|Did\s+You\s+Know|Quick\s+Tips?|In\s+Short)$", re.I
)
# "# {frontmatter.title}": an MDX expression the page fills in from the front matter.
_MDX_EXPRESSION = re.compile(r"^\{[^{}]*\}$")
_DETAILS_OPEN = re.compile(r"<details[\s>]", re.IGNORECASE)
# A Markdown heading line left as text inside raw HTML ("<div …>#### Key takeaways")
_ATX_IN_HTML = re.compile(r"^(#{1,6})\s+(\S.*?)\s*#*$")
_SUMMARY = re.compile(r"<summary[^>]*>(.*?)</summary>", re.IGNORECASE | re.DOTALL)


# MkDocs Material's boxes and tabs: '!!! tip "Quick tip"', '??? question "Can I run?"' (a
# collapsible box), '=== "Training"' (a content tab), each over a body indented four spaces.
_BOX = re.compile(
    r"^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?)[ \t]+(?P<kind>[\w-]+)"
    r'(?:[ \t]+"(?P<title>[^"]*)")?[ \t]*$'
)
_TAB = re.compile(r'^(?P<indent>[ \t]*)===\+?[ \t]+"(?P<title>[^"]*)"[ \t]*$')


# What a page's navigation says when a converter (docling, a scraper) keeps it: "Skip to main
# content", "Our services (Link: …)", "Book online(https://…)", "Home > Services > …".
_NAVIGATION = re.compile(
    r"^Skip to\b|\(Link:|\((?:https?://|tel:|mailto:)|\s[>»›]\s|^(?:Menu|Search|Home)$",
    re.IGNORECASE,
)


def _after_navigation(blocks: list[Block]) -> int:
    """Where the first heading is when only a page's navigation comes before it (short lines,
    one of them plainly a menu, a skip link or breadcrumbs); else 0."""
    for index, block in enumerate(blocks[:20]):
        if block.kind == "heading":
            before = blocks[:index]
            return index if any(_NAVIGATION.search(b.text) for b in before) else 0
        if block.kind not in ("paragraph", "item") or len(block.text.split()) > 25:
            return 0
    return 0


def _material_blocks(text: str) -> str:
    """*text* with MkDocs Material's boxes and tabs read as a reader sees them, line for line: a
    box's title as a bold label (a question box's as a heading), a tab's label dropped, and
    their bodies no longer indented (which CommonMark would take for code)."""
    if "!!!" not in text and "???" not in text and '=== "' not in text:
        return text
    out, bodies = [], []  # the indents of the open bodies
    for line in text.split("\n"):
        indent = len(line) - len(line.lstrip(" "))
        while bodies and line.strip() and indent < bodies[-1]:
            bodies.pop()
        shown = line[min(indent, 4 * len(bodies)) :] if bodies else line
        marker = _BOX.match(shown) or _TAB.match(shown)
        if marker is None:
            out.append(shown)
            continue
        title = marker.group("title") if marker.re is _BOX else None
        if title and marker.group("kind").lower() in ("question", "faq"):
            out.append(f"#### {title}")  # a FAQ's collapsible question
        else:
            out.append(f"**{title}**" if title else "")  # a box's title labels its text
        bodies.append(indent + 4)
    return "\n".join(out)


def _mdx_lines(text: str) -> str:
    """*text* with MDX read as a reader sees it, line for line: module lines emptied, a
    component's tags emptied, except that an opening tag's ``title`` (else its name, as words:
    ``<KeyTakeaways>``) labels the text inside as a bold line, as the page shows it."""
    if "<" not in text and "import" not in text and "export" not in text:
        return text
    out = []
    for line in text.split("\n"):
        tag = _MDX_TAG.match(line)
        if _MDX_MODULE.match(line):
            out.append("")
        elif tag is None:
            out.append(line)
        elif tag.group("close") or tag.group("end"):
            out.append("")
        else:
            title = _MDX_TITLE.search(tag.group("attrs"))
            label = next((g for g in title.groups() if g), "") if title else ""
            if not label:  # <KeyTakeaways> is a box a reader sees labelled; <Steps> is not
                name = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", tag.group("name").split(".")[-1])
                label = name if _MDX_BOX_NAME.match(name) else ""
            # (a colon makes the title a lead-in of the text inside, as "Did you know?" is)
            colon = "" if label.endswith((".", "?", "!", ":")) else ":"
            out.append(f"**{label}{colon}**" if label else "")
    return "\n".join(out)


def read(path: str, text: str) -> Document:
    """Read Markdown *text* (already decoded) into a Document.

    Raises:
        ArticleError: an HTML page saved as .md, bad front matter, or no title.
    """
    if _HTML_START.match(text):
        raise ArticleError(
            path, 1, "this .md file is an HTML page: save it as .html to read it as one"
        )
    meta, title_line, body, offset = _front_matter(path, text)
    blocks = _Reader(offset).read(_material_blocks(_mdx_lines(_TEMPLATE_LINE.sub("", body))))
    title = None
    if blocks and _MDX_EXPRESSION.match(blocks[0].text) and "title" in meta:
        blocks.pop(0)
    if blocks and blocks[0].kind == "heading" and blocks[0].level == 1:
        title = blocks.pop(0)
    elif "title" in meta:
        title = Block("heading", title_line, meta["title"], level=1)
    elif navigation := _after_navigation(blocks):
        blocks = blocks[navigation:]  # a converted page's menu and breadcrumbs
        title = blocks.pop(0)
    elif blocks and (
        blocks[0].kind == "heading"
        or (
            blocks[0].kind == "paragraph"
            and not blocks[0].lead
            and len(blocks[0].text) <= 120
            and not blocks[0].text.endswith((".", ",", ";"))
        )
    ):
        title = blocks.pop(0)
    if title is None:
        title = title_from_file(path, blocks)  # a post's body exported from a CMS
        meta = {**meta, "title_from": TITLE_FROM_FILE} if title is not None else meta
    if title is None:
        line = blocks[0].line if blocks else 1
        raise ArticleError(
            path, line, "no title: start the post with '# Title' or give its front matter a title"
        )
    return Document(path, "markdown", title, ordinal_items(shortcode_questions(blocks)), meta)


def _front_matter(path: str, text: str) -> tuple[dict[str, str], int, str, int]:
    """Split YAML front matter from the body.

    Returns:
        ``(meta, line of the title key, body text, lines before the body)``.
    """
    lines = text.split("\n")
    if lines and _TOML_FENCE.match(lines[0]):
        return _toml_front_matter(path, lines)
    if lines and lines[0].lower().startswith("title:") and lines[0][6:].strip():
        # YAML front matter that lost its opening "---" (Jekyll forgives it), else Pelican's
        return _unopened_yaml(lines) or _key_value_front_matter(lines)
    if not lines or lines[0].strip() != "---":
        return {}, 1, text, 0
    end = next((i for i in range(1, len(lines)) if _FENCE.match(lines[i])), None)
    if end is None:
        raise ArticleError(path, 1, "the front matter opened by '---' is never closed by '---'")
    try:
        data = YAML(typ="rt", pure=True).load("\n".join(lines[1:end]))
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or "cannot be read"
        raise ArticleError(path, line, f"front matter is not valid YAML: {problem}") from None
    if data is None:
        data = {}
    if not hasattr(data, "items"):
        raise ArticleError(path, 2, "front matter must be a mapping (title: …, author: …, date: …)")
    meta = _meta(data)
    title_line = data.lc.key("title")[0] + 2 if "title" in meta else 1
    return meta, title_line, "\n".join(lines[end + 1 :]), end + 1


def _meta(data) -> dict[str, str]:
    """The title, author and date of front matter, as text (entities a CMS left in decoded)."""
    values = {
        key: collapse(html.unescape(str(data[key])))
        for key in ("title", "author", "date")
        if data.get(key) is not None
    }
    return {key: value for key, value in values.items() if value}


def _unopened_yaml(lines: list[str]) -> tuple[dict[str, str], int, str, int] | None:
    """:func:`_front_matter` for YAML closed by "---" but never opened; None when the lines
    up to the first "---" are not a YAML mapping."""
    end = next((i for i in range(1, min(len(lines), 40)) if _FENCE.match(lines[i])), None)
    if end is None:
        return None
    try:
        data = YAML(typ="safe", pure=True).load("\n".join(lines[:end]))
    except YAMLError:
        return None
    if not isinstance(data, dict) or not data.get("title"):
        return None
    return _meta(data), 1, "\n".join(lines[end + 1 :]), end + 1


def _key_value_front_matter(lines: list[str]) -> tuple[dict[str, str], int, str, int]:
    """:func:`_front_matter` for ``Key: value`` lines up to the first blank line (Pelican)."""
    data: dict[str, str] = {}
    end = 0
    while end < len(lines) and (found := _KEY_VALUE.match(lines[end])):
        key = found[1].lower()
        data.setdefault("author" if key == "authors" else key, found[2].strip())
        end += 1
    return _meta(data), 1, "\n".join(lines[end:]), end


def _toml_front_matter(path: str, lines: list[str]) -> tuple[dict[str, str], int, str, int]:
    """:func:`_front_matter` for TOML between ``+++`` lines (Hugo)."""
    end = next((i for i in range(1, len(lines)) if _TOML_FENCE.match(lines[i])), None)
    if end is None:
        raise ArticleError(path, 1, "the front matter opened by '+++' is never closed by '+++'")
    try:
        data = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+)", str(exc))
        line = int(found[1]) + 1 if found else 1
        raise ArticleError(path, line, f"front matter is not valid TOML: {exc}") from None
    meta = _meta(data)
    title_line = next((i + 1 for i in range(1, end) if _TOML_TITLE.match(lines[i])), 1)
    return meta, title_line, "\n".join(lines[end + 1 :]), end + 1


class _Reader:
    """Turn markdown-it's token stream into blocks."""

    def __init__(self, offset: int) -> None:
        self.offset = offset
        self.blocks: list[Block] = []
        self.details: list | None = (
            None  # an open <details>: [line, question, answer (line, text) pairs]
        )

    def line(self, token: Token) -> int:
        return (token.map[0] if token.map else 0) + 1 + self.offset

    def read(self, body: str) -> list[Block]:
        tokens = _MARKDOWN.parse(body)
        lists: list[Token] = []  # open lists, innermost last
        item: list | None = (
            None  # the top-level list item being gathered: [line, number, ordered, inlines]
        )
        items: list[
            tuple[Block, bool]
        ] = []  # the top-level list's items, and whether each is an in-page link
        heading: Token | None = None
        nested: list | None = None  # a nested item under a label item, gathered on its own
        labelled = False  # the top-level item is a label over its nested items
        for token in tokens:
            kind = token.type
            if kind in ("bullet_list_open", "ordered_list_open"):
                lists.append(token)
            elif kind in ("bullet_list_close", "ordered_list_close"):
                lists.pop()
                if not lists:
                    # A list of in-page links is a table of contents, not article text.
                    if len(items) < 2 or sum(anchor for _, anchor in items) < 0.8 * len(items):
                        self.blocks.extend(block for block, _ in items)
                    items = []
            elif kind == "list_item_open" and len(lists) == 1:
                number = int(token.info) if token.info.isdigit() else None
                item = [self.line(token), number, lists[-1].type == "ordered_list_open", []]
                labelled = False
            elif kind == "list_item_open" and len(lists) == 2 and (labelled or _label_text(item)):
                # "- Treatment" over nested bullets: a label, and the bullets items of their own
                if not labelled:
                    items.append((_label_block(item), False))
                    item[3], labelled = [], True
                number = int(token.info) if token.info.isdigit() else None
                nested = [self.line(token), number, lists[-1].type == "ordered_list_open", []]
            elif kind == "list_item_close" and len(lists) == 2 and nested is not None:
                items.append((self.item_block(nested), _is_anchor(nested[3])))
                nested = None
            elif kind == "list_item_close" and len(lists) == 1 and item is not None:
                if item[3]:
                    items.append((self.item_block(item), _is_anchor(item[3])))
                item = None
            elif kind == "inline" and nested is not None:
                nested[3].append(token)
            elif kind == "heading_open":
                heading = token
            elif kind == "inline" and heading is not None:
                text = " ".join(t for _, t in _inline(token, self.line(heading))[0])
                text = _ESCAPED_MARKS.sub("", text.strip())
                self.blocks.append(
                    Block("heading", self.line(heading), collapse(text), level=int(heading.tag[1]))
                )
                heading = None
            elif kind == "inline" and item is not None:
                item[3].append(token)
            elif kind == "inline" and self.details is not None:
                self.details[2].extend(_inline(token, self.line(token))[0])
            elif kind == "inline":
                self.add_paragraph(token)
            elif kind in ("fence", "code_block") and token.content.strip():
                self.blocks.append(Block("paragraph", self.line(token), collapse(token.content)))
            elif kind == "html_block":
                self.html_block(token)
        return [b for b in self.blocks if b.text or b.lead or b.kind == "qa"]

    def html_block(self, token: Token) -> None:
        """Raw HTML.

        A ``<details>`` whose answer is Markdown spans several blocks until ``</details>``.
        """
        from runreport.ingest.readers.html import fragment_blocks

        content = token.content
        opens, closes = _DETAILS_OPEN.search(content), "</details>" in content.lower()
        if opens and not closes:
            summary = _SUMMARY.search(content)
            question = (
                collapse(html.unescape(re.sub(r"<[^>]*>", " ", summary.group(1))))
                if summary
                else ""
            )
            line = self.line(token) + (content[: summary.start()].count("\n") if summary else 0)
            self.details = [line, question, []]
            return
        if closes and self.details is not None:
            line, question, answer = self.details
            self.details = None
            if question:
                self.blocks.append(Block("qa", line, question, answer=tuple(answer)))
            else:
                self.blocks.extend(Block("paragraph", n, t) for n, t in answer)
            return
        for block in fragment_blocks(content, self.line(token)):
            before = self.blocks[-1] if self.blocks else None
            atx = _ATX_IN_HTML.match(block.text) if block.kind == "paragraph" else None
            if atx:  # "#### Key takeaways" inside a WordPress group's <div>: a heading still
                block = Block("heading", block.line, atx.group(2), level=len(atx.group(1)))
            if (
                block.kind == "item"
                and not block.ordered
                and content.lstrip().lower().startswith("<li")
                and before is not None
                and before.kind == "item"
                and before.ordered
            ):
                # a WordPress export's "<!-- wp:list-item -->" blocks: items of the numbered
                # list the first of them opened
                block = dataclasses.replace(block, ordered=True, number=(before.number or 0) + 1)
            self.blocks.append(block)

    def add_paragraph(self, token: Token) -> None:
        segments, leads, breaks = _inline(token, self.line(token))
        for index, (line, text) in enumerate(segments):
            strong = leads[index]
            split = (
                lead_in(strong, text[len(strong) :]) if strong and text.startswith(strong) else None
            )
            self.blocks.append(
                Block(
                    "paragraph",
                    line,
                    text,
                    lead=split[0] if split else None,
                    after_lead=split[1] if split else "",
                    breaks=breaks[index],
                )
            )

    def item_block(self, item: list) -> Block:
        line, number, ordered, inlines = item
        texts, split, breaks, at = [], None, [], 0
        for index, token in enumerate(inlines):
            segments, leads, _ = _inline(token, self.line(token))
            strong = leads[0]
            text = collapse(" ".join(t for _, t in segments))
            if index == 0 and strong and text.startswith(strong):
                split = lead_in(strong, text[len(strong) :])
            if index:  # (the item's next paragraph starts on its own line of the file)
                breaks.append((at, self.line(token)))
            texts.append(text)
            at += len(text) + 1
        text = " ".join(texts)
        if split and len(texts) > 1:
            split = (split[0], " ".join([split[1], *texts[1:]]))
        return Block(
            "item",
            line,
            text,
            lead=split[0] if split else None,
            after_lead=split[1] if split else "",
            ordered=ordered,
            number=number if ordered else None,
            breaks=tuple(breaks),
        )


def _label_text(item: list | None) -> str:
    """The words of a list item gathered so far when they are a short label over its nested
    list ("- Treatment", "- Signs:"), not an item whose nested bullets are its details; else ""."""
    if item is None or len(item[3]) != 1:
        return ""
    text = collapse(" ".join(t for _, t in _inline(item[3][0], item[0])[0])).rstrip(":")
    return text if len(text.split()) <= 4 else ""


def _label_block(item: list) -> Block:
    text = _label_text(item)
    return Block("paragraph", item[0], f"{text}:", lead=text)


def _is_anchor(inlines: list[Token]) -> bool:
    """Whether a list item is a link to a place on the same page ("[Causes](#causes)")."""
    children = inlines[0].children or [] if inlines else []
    return any(
        c.type == "link_open" and str(c.attrs.get("href", "")).startswith("#") for c in children
    )


#: An HTML bold tag inside Markdown text ("<strong>", "</b>").
_HTML_BOLD = re.compile(r"</?(?:strong|b)(?:\s[^>]*)?>$", re.IGNORECASE)


def _inline(
    token: Token, line: int
) -> tuple[list[tuple[int, str]], list[str | None], list[tuple[tuple[int, int], ...]]]:
    """The text of an inline token split at marked lines, and the bold text that opens it (or None).

    Returns:
        ``([(line, text), …], [lead of each text], [breaks of each text])`` (see
        :attr:`Block.breaks`): a bold label that opens a later line ("**Real Cause:** …")
        starts a text of its own.
    """
    parts: list[tuple[int, list[str]]] = [(line, [])]
    strong: list[str] | None = None
    lead: str | None = None
    seen_text = False
    skipping: str | None = None
    # a bold label opening a later line ("**Real Cause:** …" under "**Symptoms:** …")
    labels: dict[int, str] = {}
    label: list[str] | None = None
    for child in token.children or []:
        kind = child.type
        if kind == "html_inline" and _HTML_BOLD.match(child.content):
            # "<strong>Taping.</strong> After …" (a WordPress export): bold as "**" makes it
            kind = "strong_close" if child.content.startswith("</") else "strong_open"
        if skipping is not None:
            if kind == "html_inline" and child.content.lower().startswith(f"</{skipping}"):
                skipping = None
            continue
        if kind == "strong_open" and len(parts) > 1 and not "".join(parts[-1][1]).strip():
            label = []
        elif kind == "strong_close" and label is not None:
            labels[len(parts) - 1], label = collapse("".join(label)), None
        elif kind in ("text", "code_inline") and label is not None:
            label.append(child.content)
        if kind in ("softbreak", "hardbreak"):
            line += 1
            parts.append((line, []))
        elif kind == "html_inline":
            tag = _SKIPPED_INLINE.match(child.content)
            if tag:
                skipping = tag.group(1).lower()
            elif child.content.lower().startswith("<br"):
                parts.append((line, []))
        elif kind == "strong_open" and not seen_text and strong is None and lead is None:
            strong = []
        elif kind == "strong_close" and strong is not None:
            lead = collapse("".join(strong))
            strong = None
            seen_text = True
        elif kind in ("text", "code_inline"):
            if child.content.strip():
                seen_text = seen_text or strong is None
            parts[-1][1].append(child.content)
            if strong is not None:
                strong.append(child.content)
        elif kind == "image":
            continue
    starts = {index for index, text in labels.items() if text.endswith(":")}
    joined = join_lines([(n, "".join(pieces)) for n, pieces in parts], starts)
    segments = [(n, text) for n, text, _ in joined] or [(parts[0][0], "")]
    breaks = [b for _, _, b in joined] or [()]
    # each segment's bold label: the first line's lead, then the labels that opened a segment
    opened = {parts[index][0]: labels[index] for index in starts}
    leads = [lead or None] + [opened.get(n) for n, _ in segments[1:]]
    return segments, leads, breaks
