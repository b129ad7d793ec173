"""Last pass over the rendered report HTML (BeautifulSoup).

Takes the HTML string that the ``runreport`` nbconvert template produced and
gives the publishable document:

- the ``¶`` anchor links nbconvert adds to headings are removed (the headings
  keep their ids);
- anything that could make a request or run code is removed: ``<script>``,
  ``<iframe>``/``<object>``/``<embed>``, ``<link>``, ``<base>``,
  ``<meta http-equiv>``, ``on*`` event attributes, embedded resources whose URL
  is not a ``data:`` URI, CSS ``@import``/``url()`` pointing anywhere but
  ``data:``, and link targets (``href``, ``xlink:href``, ``action``,
  ``formaction``) whose scheme is ``javascript:``, ``vbscript:`` or ``data:``,
  however they are spelled (any case, leading spaces or control characters,
  tabs or newlines inside, character references) — whatever the code that
  wrote the HTML did (plain ``http(s):``, ``mailto:`` and relative links stay:
  following them is the reader's choice);
- duplicate ids get a ``-2``, ``-3``... suffix;
- ``<title>`` is filled from the first ``<h1>`` when the template left it empty;
- a ``<nav aria-label="Contents">`` listing the ``h2``/``h3`` headings is put
  after the block holding the ``<h1>``.

Everything is deterministic: same input, same output.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from bs4 import BeautifulSoup, Tag
from bs4.dammit import EntitySubstitution
from bs4.formatter import HTMLFormatter

__all__ = ["postprocess_html"]

_NAV_CLASS = "rr-toc"
# Escape only & < > (and quotes in attributes); keep UTF-8 text as it is;
# write void elements the HTML5 way (<img ...>, not <img .../>).
_FORMATTER = HTMLFormatter(
    entity_substitution=EntitySubstitution.substitute_xml,
    void_element_close_prefix=None,
    empty_attributes_are_booleans=True,
)
_EMBEDDING = {
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "input": ("src",),
}
_ALWAYS_REMOVE = (
    "script",
    "noscript",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "link",
    "base",
    "applet",
    "portal",
)
#: Attributes holding a URL that is followed (navigated to or submitted), not embedded.
_LINK_ATTRS = ("href", "xlink:href", "action", "formaction")
#: Schemes that run code or smuggle a document into a link.
_UNSAFE_SCHEMES = ("javascript", "vbscript", "data")
# What browsers ignore when reading a URL's scheme (WHATWG URL: leading/trailing C0 controls and
# spaces are stripped, tabs and newlines are removed anywhere).
_URL_IGNORED_RE = re.compile(r"[\t\n\r]")
_CSS_IMPORT_RE = re.compile(r"@import\b[^;]*;?", re.I)
_CSS_URL_RE = re.compile(r"url\(\s*(['\"]?)(?!data:|#)[^)]*\1\s*\)", re.I)


def postprocess_html(
    html: str,
    *,
    title: str | None = None,
    toc_levels: Iterable[int] = (2, 3),
    toc_title: str = "Contents",
    log: logging.Logger | None = None,
) -> str:
    """Return the finished report HTML.

    Args:
        html: The document rendered by the ``runreport`` template.
        title: Title to use when ``<title>`` is empty and there is no ``<h1>``.
        toc_levels: Heading levels listed in the table of contents ("" to skip).
        toc_title: Visible heading and accessible name of the contents ``<nav>``.
        log: Where to report what was removed (warnings).

    Returns:
        The HTML document, serialised with HTML5 void elements.
    """
    log = log or logging.getLogger(__name__)
    soup = BeautifulSoup(html, "html.parser")
    for anchor in soup.select("a.anchor-link"):
        anchor.decompose()
    _make_offline(soup, log)
    _dedupe_ids(soup, log)
    _fill_title(soup, title)
    levels = tuple(sorted(set(toc_levels)))
    if levels:
        _insert_toc(soup, levels, toc_title)
    return soup.decode(formatter=_FORMATTER)


def _make_offline(soup: BeautifulSoup, log: logging.Logger) -> None:
    removed: list[str] = []
    for tag in soup.find_all(_ALWAYS_REMOVE):
        removed.append(f"<{tag.name}>")
        tag.decompose()
    for tag in soup.find_all("meta", attrs={"http-equiv": True}):
        removed.append("<meta http-equiv>")
        tag.decompose()
    for name, attrs in _EMBEDDING.items():
        for tag in soup.find_all(name):
            for attr in attrs:
                value = tag.get(attr)
                if value is not None and not str(value).strip().lower().startswith("data:"):
                    removed.append(f"<{name} {attr}={str(value)[:60]!r}>")
                    del tag[attr]
    for tag in soup.find_all(True):
        for attr in [a for a in tag.attrs if a.lower().startswith("on")]:
            removed.append(f"{attr} attribute")
            del tag[attr]
        for attr in [a for a in tag.attrs if a.lower() in _LINK_ATTRS]:
            scheme = _unsafe_scheme(str(tag[attr]))
            if scheme:
                removed.append(f"{scheme}: {attr}")
                del tag[attr]
        style = tag.get("style")
        if style and (_CSS_URL_RE.search(style) or _CSS_IMPORT_RE.search(style)):
            tag["style"] = _CSS_URL_RE.sub("none", _CSS_IMPORT_RE.sub("", style))
            removed.append("external url() in style attribute")
    for style in soup.find_all("style"):
        css = style.string or ""
        clean = _CSS_URL_RE.sub("none", _CSS_IMPORT_RE.sub("", css))
        if clean != css:
            removed.append("external @import/url() in <style>")
            style.string = clean
    if removed:
        log.warning(
            "Removed %d thing(s) that would run code or fetch from the network: %s",
            len(removed),
            ", ".join(sorted(set(removed))),
        )


def _unsafe_scheme(url: str) -> str | None:
    """The scheme of *url* when it is one of :data:`_UNSAFE_SCHEMES`, else None.

    *url* is an attribute value as the parser gives it (character references
    such as ``&#106;`` already decoded); it is read the way a browser reads it.
    """
    cleaned = _URL_IGNORED_RE.sub("", url).lstrip("".join(map(chr, range(0x21))))
    scheme, colon, _ = cleaned.partition(":")
    if colon and scheme.lower() in _UNSAFE_SCHEMES:
        return scheme.lower()
    return None


def _dedupe_ids(soup: BeautifulSoup, log: logging.Logger) -> None:
    seen: set[str] = set()
    for tag in soup.find_all(id=True):
        base = tag["id"]
        if base not in seen:
            seen.add(base)
            continue
        n = 2
        while f"{base}-{n}" in seen:
            n += 1
        tag["id"] = f"{base}-{n}"
        seen.add(tag["id"])
        log.warning("Duplicate id %r renamed to %r", base, tag["id"])


def _fill_title(soup: BeautifulSoup, fallback: str | None) -> None:
    head = soup.head
    if head is None:
        return
    title = head.find("title")
    if title is None:
        title = soup.new_tag("title")
        head.append(title)
    if title.get_text(strip=True):
        return
    h1 = soup.find("h1")
    text = h1.get_text(" ", strip=True) if h1 else (fallback or "Report")
    title.string = " ".join(text.split())


def _insert_toc(soup: BeautifulSoup, levels: tuple[int, ...], toc_title: str) -> None:
    main = soup.find("main")
    if main is None:
        return
    names = [f"h{level}" for level in levels]
    headings = [h for h in main.find_all(names) if h.get("id") and not _in_nav(h)]
    if not headings:
        return

    nav = soup.new_tag("nav", attrs={"class": _NAV_CLASS, "aria-label": toc_title})
    heading = soup.new_tag("h2", attrs={"class": "rr-toc-title", "id": "contents"})
    if soup.find(id="contents"):
        del heading["id"]
    heading.string = toc_title
    nav.append(heading)
    root = soup.new_tag("ol")
    nav.append(root)

    # Nest deeper levels in the <ol> of the last shallower entry.
    stack: list[tuple[int, Tag]] = [(0, root)]
    for h in headings:
        level = int(h.name[1])
        while len(stack) > 1 and stack[-1][0] >= level:
            stack.pop()
        parent_list = stack[-1][1]
        item = soup.new_tag("li")
        link = soup.new_tag("a", attrs={"href": "#" + h["id"]})
        link.string = " ".join(h.get_text(" ", strip=True).split())
        item.append(link)
        parent_list.append(item)
        sub = soup.new_tag("ol")
        item.append(sub)
        stack.append((level, sub))
    for empty in nav.find_all("ol"):
        if not empty.find("li"):
            empty.decompose()

    h1 = main.find("h1")
    anchor = _top_level_child(h1, main) if h1 else None
    if anchor is not None:
        anchor.insert_after(nav)
    else:
        main.insert(0, nav)


def _in_nav(tag: Tag) -> bool:
    return tag.find_parent("nav") is not None


def _top_level_child(tag: Tag, container: Tag) -> Tag | None:
    """The child of *container* that contains *tag*."""
    node: Tag | None = tag
    while node is not None and node.parent is not container:
        node = node.parent
    return node
