"""Which parts of a web page are not the article: navigation, sharing, adverts, sidebars,
related posts and product boxes, told by their tags' roles, styles and class names.

Used by :mod:`runreport.ingest.readers.html` as it walks a page.
"""

from __future__ import annotations

import re

import lxml.html

from runreport.ingest.readers.document import collapse

_NOISE_WORDS = {
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "nav",
    "navbar",
    "navigation",
    "menu",
    "breadcrumb",
    "breadcrumbs",
    "share",
    "sharing",
    "sharedaddy",
    "social",
    "newsletter",
    "subscribe",
    "subscription",
    "signup",
    "optin",
    "author",
    "bio",
    "byline",
    "sidebar",
    "widget",
    "comment",
    "comments",
    "respond",
    "footer",
    "toc",
    "popup",
    "modal",
    "overlay",
    "ad",
    "ads",
    "adsense",
    "advert",
    "advertisement",
    "sponsor",
    "sponsored",
    "promo",
    "disclaimer",
    "disclosure",
    "cta",
    "booking",
    "meta",
    "tags",
    "categories",
    "pagination",
    "hidden",
    "screen",
    "sr",
    "print",
    "skip",
}
_RELATED_WORDS = {
    "related",
    "recent",
    "relatedposts",
    "recommended",
    "popular",
    "trending",
    "further",
    "yarpp",
    "also",
}
_PRODUCT_WORDS = {
    "product",
    "products",
    "affiliate",
    "amazon",
    "shop",
    "shopping",
    "buy",
    "price",
    "deal",
    "deals",
    "aawp",
    "lasso",
}
_NOISE_ROLES = {
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "dialog",
    "alert",
    "menu",
}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_WORD_SPLIT = re.compile(r"[\s_\-]+")

_POST_CLASS = re.compile(r"(?<!\S)(?:author|category|tag|post-type|format|status)-\S+")


def class_words(el: lxml.html.HtmlElement) -> set[str]:
    words = set()
    for attr in ("class", "id", "data-hook"):  # (Wix names its blog's parts in data-hook)
        value = el.get(attr)
        if value:
            # a post's own classes say what it is about, not what box it is: "author-kai",
            # "category-running-injuries", "tag-shin" on a blog's "hentry" <article>
            value = value.lower()
            if "hentry" in value:  # (the microformat class of a blog's post element)
                value = _POST_CLASS.sub(" ", value)
            words.update(w for w in _WORD_SPLIT.split(value) if w)
    if "elementor" in words:
        words.discard("widget")  # Elementor calls every block of a page a widget
    return words


def noise_of(el: lxml.html.HtmlElement) -> str | None:
    """``drop``, ``related`` or ``product`` for an element that is not article text, else None."""
    tag = el.tag
    if tag == "aside":
        return "product" if class_words(el) & _PRODUCT_WORDS else "related"
    if tag == "header" or not el.keys():
        # a header is kept or dropped by the walker; without attributes nothing marks noise
        return None
    style = el.get("style")
    if (
        el.get("hidden") is not None
        or el.get("aria-hidden") == "true"
        or (style and _HIDDEN_STYLE.search(style))
    ):
        return "drop"
    if (el.get("role") or "").lower() in _NOISE_ROLES:
        return "drop"
    words = class_words(el)
    if not words:
        return None
    if words & _RELATED_WORDS:
        return "related"
    if words & _PRODUCT_WORDS:
        return "product"
    if words & _NOISE_WORDS or {"book", "now"} <= words:  # a "book-now-box"
        return "drop"
    return None


def class_attribute(el: lxml.html.HtmlElement) -> str:
    """' class="promo-box"' for an element with a class, else ""."""
    classes = collapse(el.get("class") or "")
    return f' class="{classes}"' if classes else ""
