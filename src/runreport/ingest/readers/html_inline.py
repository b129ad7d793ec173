"""Inline HTML as text: the nodes of a run of inline content, cut into paragraphs at breaks
and blank lines, with their lines and bold lead-ins. Used by :mod:`runreport.ingest.readers.html`.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from runreport.ingest.readers.document import collapse, join_lines, lead_in

BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.IGNORECASE)


def text_of(el: lxml.html.HtmlElement) -> str:
    """*el*'s text, as ``el.text_content()`` gives it (faster: libxml2 collects it, no XPath)."""
    return etree.tostring(el, method="text", encoding=str, with_tail=False)


def child_nodes(el: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement | str]:
    """*el*'s content as nodes: its text, then each child followed by the child's tail."""
    nodes: list[lxml.html.HtmlElement | str] = [el.text] if el.text else []
    for child in el:
        nodes.append(child)
        if child.tail:
            nodes.append(child.tail)
    return nodes


def line_segments(
    nodes: list[lxml.html.HtmlElement | str], line: int, offset: int = 0
) -> list[tuple[int, str]]:
    """The text of *nodes* as ``(line, text)``, split at breaks that open a marked line ("A: …").

    *offset* is added to the elements' own lines (HTML that starts further down a file).
    """
    return [(seg_line, text) for seg_line, text, _ in line_blocks(nodes, line, offset)]


def line_blocks(
    nodes: list[lxml.html.HtmlElement | str], line: int, offset: int = 0
) -> list[tuple[int, str, tuple[tuple[int, int], ...]]]:
    """As :func:`line_segments`, with where each segment's later lines start: ``(offset in
    text, line)`` (a claim after a ``<br>`` is on its own line)."""
    parts: list[tuple[int, list[str]]] = [(line, [])]

    def visit(node: lxml.html.HtmlElement | str) -> None:
        if isinstance(node, str):
            line, pieces = parts[-1]
            if not "".join(pieces).strip() and node.strip():
                # After "<br>\n", the text starts on the next line.
                parts[-1] = (line + node[: len(node) - len(node.lstrip())].count("\n"), pieces)
            pieces.append(node)
            return
        if not isinstance(node.tag, str):
            return
        own = node.sourceline + offset if node.sourceline else None
        if node.tag == "br":
            parts.append((own or parts[-1][0], []))
            return
        if not "".join(parts[-1][1]).strip():
            parts[-1] = (own or parts[-1][0], parts[-1][1])  # the text starts where it does
        elif node.tag in ("p", "div", "li", "blockquote", "ul", "ol"):
            parts.append((own or parts[-1][0], []))
        for child in child_nodes(node):
            visit(child)

    for node in nodes:
        visit(node)
    return join_lines([(seg_line, "".join(pieces)) for seg_line, pieces in parts]) or [
        (line, "", ())
    ]


# A table column of advice: "What to do first", "Fix", "Treatment", "How to prevent it".
FIX_COLUMN = re.compile(
    r"\b(?:what\s+to\s+(?:do|try)|fix\w*|treat\w*|solutions?|remed\w+|how\s+to|prevent\w*"
    r"|try\s+this|advice)\b",
    re.IGNORECASE,
)


def blank_line_groups(
    nodes: list[lxml.html.HtmlElement | str], line: int, line_of
) -> list[tuple[int, list[lxml.html.HtmlElement | str]]]:
    """*nodes* cut at each blank line (two <br> with only white space between them), each part
    with the line it starts on (the second <br>'s, as the text after it counts its own lines)."""
    groups: list[tuple[int, list[lxml.html.HtmlElement | str]]] = [(line, [])]
    last_break = None  # index in the current part of a <br> with nothing but space after it
    for node in nodes:
        part = groups[-1][1]
        if isinstance(node, str):
            if node.strip():
                last_break = None
            part.append(node)
            continue
        if node.tag == "br" and last_break is not None:
            del part[last_break:]
            groups.append((line_of(node), []))
            last_break = None
            continue
        last_break = len(part) if node.tag == "br" else None
        part.append(node)
    return [(n, g) for n, g in groups if any(not isinstance(x, str) or x.strip() for x in g)]


def leading_strong_in(el: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The <strong> or <b> that opens *el*'s text."""
    return leading_strong([el.text or "", *el[:1]])


def leading_strong(nodes: list[lxml.html.HtmlElement | str]) -> lxml.html.HtmlElement | None:
    """The <strong> or <b> opening the text of *nodes*, through wrappers like <p>, <a> or <span>."""
    for _ in range(4):
        first = next((n for n in nodes if not isinstance(n, str) or n.strip()), None)
        if first is None or isinstance(first, str):
            return None
        if first.tag in ("strong", "b") or BOLD_STYLE.search(first.get("style") or ""):
            return first  # site builders (Wix) make bold with a styled <span>
        if first.tag not in ("a", "span", "em", "i", "u", "mark", "p", "div"):
            return None
        nodes = [first.text or "", *first[:1]]
    return None


def split_lead(strong: lxml.html.HtmlElement | None, text: str) -> tuple[str, str] | None:
    """``(label, text after it)`` when *strong* opens *text* as a lead-in."""
    if strong is None:
        return None
    label = collapse(text_of(strong))
    if not label or not text.startswith(label):
        return None
    after = strong.getnext()
    if after is not None and after.tag == "br" and not (strong.tail or "").strip():
        # "<strong>1. Your long run grew</strong><br>The long run …": a line of its own
        return label.rstrip(" :.–—-|").strip() or label, collapse(text[len(label) :])
    return lead_in(label, text[len(label) :])


def heading_text(el: lxml.html.HtmlElement) -> str:
    """A heading's text; a number in an element of its own opens it as "1. " (a slideshow's
    "<span>1</span><span>Weak glutes</span>" reads "1. Weak glutes", not "1Weak glutes")."""
    first = el[0] if len(el) and not (el.text or "").strip() else None
    if first is not None and isinstance(first.tag, str) and not (first.tail or "").strip():
        number = text_of(first).strip()
        if number.isdigit() and len(number) <= 3:
            rest = "".join(text_of(child) + (child.tail or "") for child in el[1:])
            return f"{number}. {rest}"
    return text_of(el)


#: Classes of an accordion's toggle in page builders' FAQ blocks ("accordion-header").
_TOGGLE_CLASS = re.compile(
    r"accordion[-_]?(?:header|title|toggle|button|trigger)|faq[-_]?(?:question|title|toggle)"
    r"|toggle[-_]?title",
    re.IGNORECASE,
)


def accordion_toggle(
    el: lxml.html.HtmlElement, question: bool = True
) -> lxml.html.HtmlElement | None:
    """The first child of *el* when it is an accordion's toggle asking a question (or, not
    *question*, titling a section) and a panel
    follows it: a kept ``<button>``, an element with ``aria-expanded``, ``aria-controls`` or
    ``role="tab"``/``"button"``, or one classed as a toggle (``accordion-header``); else None."""
    children = [c for c in el if isinstance(c.tag, str)]
    if len(children) < 2 or el.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return None
    head = children[0]
    toggles = (
        head.get("data-question-toggle") is not None
        or head.get("aria-expanded") is not None
        or head.get("aria-controls") is not None
        or (head.get("role") or "").lower() in ("tab", "button")
        or bool(_TOGGLE_CLASS.search(head.get("class") or ""))
    )
    if not toggles:
        return None
    text = toggle_text(head)
    if not question:  # a section's title on the toggle ("1. Gluteal tendinopathy")
        return head if text and not text.endswith("?") and len(text) <= 100 else None
    return head if text.endswith("?") and len(text) <= 200 else None


def toggle_text(toggle: lxml.html.HtmlElement) -> str:
    """A toggle's question without the open/close sign drawn after it ("…?+", "…? ▾")."""
    return _TOGGLE_SIGN.sub("", collapse(text_of(toggle)))


_TOGGLE_SIGN = re.compile(r"[\s+\-\u2212\u00d7\u25be\u25b8\u25bc\u25ba\u203a\u00bb\u2304]+$")


def component_question(el: lxml.html.HtmlElement) -> str:
    """The question a page component (not an HTML element) carries as its title: MDX's
    ``<AccordionItem title="Do heel lifts help?">``; "" for anything else."""
    if el.tag in lxml.html.defs.tags:
        return ""
    title = collapse(el.get("title") or el.get("question") or "")
    return title if title.endswith("?") else ""


def int_attribute(value: str | None, default: int) -> int:
    """An attribute as a number ("3" → 3), *default* when it is missing or not one."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
