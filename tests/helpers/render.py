"""Write one article in any shape and format, and say what a parser must find in it.

An :class:`Article` spec (title, intro, causes, tips, conclusion, FAQ) and a
:class:`Style` (heading wording, item markers, FAQ form, fix label, noise) are
rendered by :func:`render` as plain text, Markdown or HTML. The renderer writes
one block per line and records the line of every item, question and link it
places, so the expectations it returns are where the text really is — nothing
is copied from the parser's output.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field, replace

MARKERS = ("1.", "1)", "#1:", "Reason #1:", "heading", "lead", "ol", "all-1")
TEXT_MARKERS = ("1.", "1)", "#1:", "Reason #1:", "all-1")
FAQ_STYLES = ("q-number", "qa", "heading", "details")
FIX_LABELS = ("What to do:", "Fix it:", "The fix:", "How to fix it:")
HTML_NOISE = (
    "nav",
    "cookie",
    "toc",
    "figure",
    "aside",
    "bio",
    "footer",
    "product",
    "form",
    "script",
    "style",
    "hidden",
    "share",
    "comments",
)
MARKDOWN_NOISE = ("toc", "image", "comment", "script")


@dataclass
class Entry:
    """A cause, tip or question: its title and body paragraphs (and, for a cause, its fix)."""

    title: str
    body: list[str]
    fix: list[str] = field(default_factory=list)


@dataclass
class Spec:
    """What an article says, independent of how it is written down."""

    title: str
    intro: list[str]
    causes_heading: str | None  # None with causes: the title alone announces the list
    causes: list[Entry]
    tips_heading: str | None
    tips: list[Entry]
    faq_heading: str | None = "Frequently Asked Questions"
    faqs: list[Entry] = field(default_factory=list)
    conclusion: list[str] | None = None
    conclusion_heading: str = "Conclusion"
    related: dict[int, str] = field(
        default_factory=dict
    )  # cause index → "Related Article" title after it


@dataclass
class Style:
    """How the article is written down."""

    cause_marker: str = "1."
    tip_marker: str = "1."
    faq: str = "q-number"
    fix_label: str = "What to do:"
    noise: tuple[str, ...] = ()
    front_matter: bool = False
    charset: str = "utf-8"


@dataclass
class Expected:
    """What a parser must find: titles with the line each starts on."""

    title: str
    title_line: int
    causes: list[tuple[str, int]]
    fixes: list[str]
    tips: list[tuple[str, int]]
    faqs: list[tuple[str, int]]
    related: list[tuple[str, int]]
    products: list[str]
    sections: list[str]


def _number(marker: str, n: int, title: str) -> str:
    return {
        "1.": f"{n}. {title}",
        "1)": f"{n}) {title}",
        "#1:": f"#{n}: {title}",
        "Reason #1:": f"Reason #{n}: {title}",
        "all-1": f"1. {title}",
    }.get(marker, f"{n}. {title}")


class _Lines:
    """Lines of the file being written; :meth:`add` returns the line number of what it adds."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, text: str) -> int:
        self.lines.append(text)
        return len(self.lines)

    def blank(self) -> None:
        self.lines.append("")


def render(spec: Spec, style: Style, fmt: str) -> tuple[bytes, Expected]:
    """Write *spec* in *style* as *fmt* ("text", "markdown" or "html").

    Returns:
        The file's bytes and what a parser must find in it.
    """
    if fmt == "text":
        style = replace(
            style,
            cause_marker=_text_marker(style.cause_marker),
            tip_marker=_text_marker(style.tip_marker),
            faq="heading" if style.faq == "details" else style.faq,
        )
    writer = {"text": _TextWriter, "markdown": _MarkdownWriter, "html": _HtmlWriter}[fmt](
        spec, style
    )
    text, expected = writer.write()
    return text.encode(style.charset if fmt == "html" else "utf-8"), expected


def _text_marker(marker: str) -> str:
    return marker if marker in TEXT_MARKERS else "1."


class _Writer:
    """The walk over a spec that every format shares; subclasses say how each part is written."""

    def __init__(self, spec: Spec, style: Style) -> None:
        self.spec, self.style = spec, style
        self.out = _Lines()
        self.causes: list[tuple[str, int]] = []
        self.tips: list[tuple[str, int]] = []
        # A fix inside a cause is a tip of that cause, listed before the article's own tips.
        self.fix_tips: list[tuple[str, int]] = []
        self.faqs: list[tuple[str, int]] = []
        self.related: list[tuple[str, int]] = []
        self.products: list[str] = []
        self.sections = ["intro"]

    def write(self) -> tuple[str, Expected]:
        spec = self.spec
        title_line = self.start()
        for paragraph in spec.intro:
            self.paragraph(paragraph)
        self.noise_block(0)
        if spec.causes:
            self.sections.append("reasons")
            if spec.causes_heading:
                self.heading(spec.causes_heading, 2)
            for n, entry in enumerate(spec.causes, start=1):
                self.causes.append((entry.title, self.item(entry, n, self.style.cause_marker, 3)))
                if n - 1 in spec.related:
                    self.related.append(
                        (
                            spec.related[n - 1],
                            self.paragraph(f"Related Article: “{spec.related[n - 1]}”"),
                        )
                    )
                self.noise_block(n)
            self.end_list()
        if spec.tips:
            self.sections.append("tips")
            if spec.tips_heading:
                self.heading(spec.tips_heading, 2)
            for n, entry in enumerate(spec.tips, start=1):
                self.tips.append((entry.title, self.item(entry, n, self.style.tip_marker, 3)))
            self.end_list()
        if spec.conclusion:
            self.sections.append("conclusion")
            self.heading(spec.conclusion_heading, 2)
            for paragraph in spec.conclusion:
                self.paragraph(paragraph)
        if spec.faqs:
            self.sections.append("faq")
            if spec.faq_heading:
                self.heading(spec.faq_heading, 2)
            for n, entry in enumerate(spec.faqs, start=1):
                self.faqs.append((entry.title, self.question(entry, n)))
        self.finish()
        fixes = [" ".join(e.fix) for e in spec.causes]
        if self.fix_tips and "tips" not in self.sections:
            self.sections.insert(self.sections.index("reasons") + 1, "tips")
        return "\n".join(self.out.lines) + "\n", Expected(
            spec.title,
            title_line,
            self.causes,
            fixes,
            self.fix_tips + self.tips,
            self.faqs,
            self.related,
            self.products,
            self.sections,
        )

    def noise_block(self, index: int) -> None:
        """Noise between the blocks: each kind once, spread over the causes."""
        kinds = self.style.noise
        if kinds:
            for kind in kinds[index :: max(len(self.spec.causes), 1) + 1]:
                self.noise(kind)

    def start(self) -> int: ...
    def heading(self, text: str, level: int) -> int: ...
    def paragraph(self, text: str) -> int: ...
    def item(self, entry: Entry, n: int, marker: str, level: int) -> int: ...
    def noise(self, kind: str) -> None: ...
    def end_list(self) -> None: ...
    def finish(self) -> None: ...
    def summary(self, entry: Entry) -> int: ...
    def end_details(self) -> None: ...
    def qa_pair(self, entry: Entry) -> int: ...

    def question(self, entry: Entry, n: int) -> int:
        """One FAQ entry: a ``details`` block, a ``Q:``/``A:`` pair, a question
        heading or a ``Q1.`` line.

        The format's writer gives the markup of the first two (the text writer
        writes its own entries).
        """
        faq = self.style.faq
        if faq == "details":
            line = self.summary(entry)
            for paragraph in entry.body:
                self.paragraph(paragraph)
            self.end_details()
            return line
        if faq == "qa":
            line, body = self.qa_pair(entry), entry.body[1:]
        else:
            line = (
                self.heading(entry.title, 3)
                if faq == "heading"
                else self.paragraph(f"Q{n}. {entry.title}")
            )
            body = entry.body
        for paragraph in body:
            self.paragraph(paragraph)
        return line


class _TextWriter(_Writer):
    def start(self) -> int:
        return self.out.add(self.spec.title)

    def heading(self, text: str, level: int) -> int:
        return self.out.add(text)

    def paragraph(self, text: str) -> int:
        return self.out.add(text)

    def item(self, entry: Entry, n: int, marker: str, level: int) -> int:
        line = self.out.add(_number(marker, n, entry.title))
        for paragraph in entry.body:
            self.out.add(paragraph)
        for index, paragraph in enumerate(entry.fix):
            at = self.out.add(f"{self.style.fix_label} {paragraph}" if index == 0 else paragraph)
            self.fix_tips.append((paragraph.rstrip("."), at))
        return line

    def question(self, entry: Entry, n: int) -> int:
        if self.style.faq == "qa":
            line = self.out.add(f"Q: {entry.title}")
            self.out.add(f"A: {entry.body[0]}")
            for paragraph in entry.body[1:]:
                self.out.add(paragraph)
            return line
        line = self.out.add(f"Q{n}. {entry.title}" if self.style.faq == "q-number" else entry.title)
        for paragraph in entry.body:
            self.out.add(paragraph)
        return line

    def noise(self, kind: str) -> None:
        pass

    def end_list(self) -> None:
        pass

    def finish(self) -> None:
        pass


class _MarkdownWriter(_Writer):
    def start(self) -> int:
        if self.style.front_matter:
            self.out.add("---")
            line = self.out.add(f"title: {json.dumps(self.spec.title, ensure_ascii=False)}")
            self.out.add("author: Jane Runner")
            self.out.add("date: 2024-05-01")
            self.out.add("---")
            self.out.blank()
            return line
        line = self.out.add(f"# {self.spec.title}")
        self.out.blank()
        return line

    def heading(self, text: str, level: int) -> int:
        self.end_list()
        line = self.out.add(f"{'#' * level} {text}")
        self.out.blank()
        return line

    def paragraph(self, text: str) -> int:
        self.end_list()
        line = self.out.add(text)
        self.out.blank()
        return line

    def item(self, entry: Entry, n: int, marker: str, level: int) -> int:
        if marker == "ol":
            return self.list_item(entry, n)
        if marker == "lead":
            line = self.paragraph(f"**{entry.title}.** {entry.body[0]}")
            rest = entry.body[1:]
        elif marker == "all-1":
            line = self.paragraph(f"1. {entry.title}")
            rest = entry.body
        else:
            line = self.heading(
                entry.title if marker == "heading" else _number(marker, n, entry.title), level
            )
            rest = entry.body
        for paragraph in rest:
            self.paragraph(paragraph)
        for index, paragraph in enumerate(entry.fix):
            at = self.paragraph(
                f"**{self.style.fix_label}** {paragraph}" if index == 0 else paragraph
            )
            self.fix_tips.append((paragraph.rstrip("."), at))
        return line

    def list_item(self, entry: Entry, n: int) -> int:
        line = self.out.add(f"{n}. **{entry.title}.** {entry.body[0]}")
        for paragraph in entry.body[1:]:
            self.out.blank()
            self.out.add(f"   {paragraph}")
        return line

    def end_list(self) -> None:
        if self.out.lines and self.out.lines[-1] != "":
            self.out.blank()

    def summary(self, entry: Entry) -> int:
        self.out.add("<details>")
        line = self.out.add(f"<summary>{html.escape(entry.title)}</summary>")
        self.out.blank()
        return line

    def end_details(self) -> None:
        self.out.add("</details>")
        self.out.blank()

    def qa_pair(self, entry: Entry) -> int:
        line = self.out.add(f"**Q: {entry.title}**")
        self.out.add(f"A: {entry.body[0]}")
        self.out.blank()
        return line

    def noise(self, kind: str) -> None:
        if kind == "toc":
            self.out.add("- [Causes](#causes)")
            self.out.add("- [Tips](#tips)")
            self.out.add("- [FAQ](#faq)")
            self.out.blank()
        elif kind == "image":
            self.paragraph("![A runner holding her knee](knee.jpg)")
        elif kind == "comment":
            self.paragraph("<!-- editor: check the figures -->")
        elif kind == "script":
            self.paragraph("<script>document.title = 'pwned'</script>")

    def finish(self) -> None:
        pass


class _HtmlWriter(_Writer):
    def start(self) -> int:
        noise, out = self.style.noise, self.out
        out.add("<!DOCTYPE html>")
        out.add('<html lang="en">')
        out.add("<head>")
        out.add(f'<meta charset="{self.style.charset}">')
        out.add(f"<title>{html.escape(self.spec.title)} | RunSite</title>")
        if "style" in noise:
            out.add(
                "<style>body { background: "
                "url(https://example.com/bg.png) } .x { color: red }</style>"
            )
        if "script" in noise:
            out.add(
                "<script>window.tracker = 'Common Causes of "
                "Everything'; document.title = 'pwned';</script>"
            )
            out.add('<script src="https://example.com/analytics.js"></script>')
        out.add("</head>")
        out.add("<body>")
        if "nav" in noise:
            out.add('<header class="site-header"><a href="/">RunSite</a>')
            out.add(
                '<nav><ul><li><a href="/injuries">Injuries</a>'
                '</li><li><a href="/shoes">9 Tips For Shoes</a>'
                "</li></ul></nav></header>"
            )
        if "cookie" in noise:
            out.add(
                '<div class="cookie-banner"><p>We use cookies to improve your experience.</p>'
                "<button>Accept</button></div>"
            )
        out.add("<main>")
        out.add('<article class="post">')
        line = out.add(f'<h1 class="entry-title">{html.escape(self.spec.title)}</h1>')
        if "bio" in noise:
            out.add('<p class="byline">By Jane Runner, updated May 2024</p>')
        return line

    def heading(self, text: str, level: int) -> int:
        self.end_list()
        return self.out.add(f"<h{level}>{html.escape(text)}</h{level}>")

    def paragraph(self, text: str) -> int:
        self.end_list()
        return self.out.add(f"<p>{html.escape(text)}</p>")

    def item(self, entry: Entry, n: int, marker: str, level: int) -> int:
        e = html.escape
        if marker == "ol":
            if not getattr(self, "open_list", False):
                self.out.add("<ol>")
                self.open_list = True
            body = "".join(f"<p>{e(p)}</p>" for p in entry.body[1:])
            return self.out.add(
                f"<li><strong>{e(entry.title)}.</strong> {e(entry.body[0])}{body}</li>"
            )
        if marker == "lead":
            line = self.out.add(f"<p><strong>{e(entry.title)}:</strong> {e(entry.body[0])}</p>")
            rest = entry.body[1:]
        else:
            line = self.heading(
                entry.title if marker == "heading" else _number(marker, n, entry.title), level
            )
            rest = entry.body
        for paragraph in rest:
            self.paragraph(paragraph)
        for index, paragraph in enumerate(entry.fix):
            if index == 0:
                at = self.out.add(
                    f"<p><strong>{e(self.style.fix_label)}</strong> {e(paragraph)}</p>"
                )
            else:
                at = self.paragraph(paragraph)
            self.fix_tips.append((paragraph.rstrip("."), at))
        return line

    def end_list(self) -> None:
        if getattr(self, "open_list", False):
            self.out.add("</ol>")
            self.open_list = False

    def summary(self, entry: Entry) -> int:
        self.out.add("<details>")
        return self.out.add(f"<summary>{html.escape(entry.title)}</summary>")

    def end_details(self) -> None:
        self.out.add("</details>")

    def qa_pair(self, entry: Entry) -> int:
        line = self.out.add(f"<p><strong>Q:</strong> {html.escape(entry.title)}<br>")
        self.out.add(f"A: {html.escape(entry.body[0])}</p>")
        return line

    def noise(self, kind: str) -> None:
        self.end_list()
        out, spec = self.out, self.spec
        if kind == "toc":
            out.add('<div class="toc"><p>Table of Contents</p><ul>')
            for entry in spec.causes:
                out.add(f'<li><a href="#c">{html.escape(entry.title)}</a></li>')
            out.add("</ul></div>")
        elif kind == "figure":
            out.add(
                '<figure><img src="knee.jpg" alt="knee">'
                "<figcaption>Figure 1. 50% of runners hold their knee."
                "</figcaption></figure>"
            )
        elif kind == "aside":
            out.add('<aside class="related-posts"><h4>Related</h4><ul>')
            self.related_box = out.add(
                '<li><a href="/best-knee-braces">8 Best Knee Braces For Runners</a></li>'
            )
            out.add("</ul></aside>")
        elif kind == "product":
            out.add('<div class="product-box"><h4>Our pick</h4>')
            out.add(
                '<a href="https://example.com/roller">OPTO Foam '
                'Roller</a> <a href="/buy">Check Price</a></div>'
            )
            self.products.append("OPTO Foam Roller")
        elif kind == "form":
            out.add(
                '<form action="/subscribe"><label>Email</label>'
                '<input name="email"><button>Join</button></form>'
            )
        elif kind == "hidden":
            out.add('<div style="display:none"><p>1. Hidden Cause That Must Not Count</p></div>')
        elif kind == "share":
            out.add(
                '<div class="social-share">'
                '<a href="https://example.com/share">Share on Facebook</a></div>'
            )
        elif kind == "comments":
            out.add(
                '<section id="comments"><h3>3 Comments</h3>'
                "<p>Great article, 90% of my friends agree.</p>"
                "</section>"
            )
        elif kind == "cookie" or kind == "nav" or kind in ("script", "style", "bio", "footer"):
            pass  # written by start() and finish()

    def finish(self) -> None:
        self.end_list()
        out, noise = self.out, self.style.noise
        if "bio" in noise:
            out.add(
                '<div class="author-box"><h3>About Jane</h3><p>Jane has run 40 marathons.</p></div>'
            )
        out.add("</article>")
        out.add("</main>")
        if "footer" in noise:
            out.add(
                '<footer class="site-footer"><p>© 2024 RunSite. '
                "100% of rights reserved.</p></footer>"
            )
        if "script" in noise:
            out.add('<script>alert("noise")</script>')
        out.add("</body>")
        out.add("</html>")


def expected_references(expected: Expected, style: Style, fmt: str) -> list[tuple[str, str]]:
    """``(title, kind)`` of the references a parser must record (related lines, box links)."""
    refs = [(title, "related") for title, _ in expected.related]
    if fmt == "html" and "aside" in style.noise:
        refs.append(("8 Best Knee Braces For Runners", "related"))
    refs += [(name, "product") for name in expected.products]
    return refs


_SENTENCE = (
    "Runners who add mileage too quickly often feel a "
    "dull ache around the kneecap, and the pain tends to "
    "build over several runs rather than appearing all at once."
)


def sample_spec(i: int) -> Spec:
    """A full-length article (about 2,800 words: 7 causes, 8 tips, 4 questions), varied by *i*."""

    def paragraph(k: int) -> str:
        # A number in one paragraph of six, about as often as the seed states one.
        claim = (
            f"About {10 + (i + k) % 80}% of runners in one survey said so. " if k % 6 == 0 else ""
        )
        return claim + " ".join([_SENTENCE] * 3)

    causes = [
        Entry(f"Cause number {n}", [paragraph(n * 10 + j) for j in range(3)], [_SENTENCE])
        for n in range(1, 8)
    ]
    tips = [Entry(f"Tip number {n}", [paragraph(n), _SENTENCE]) for n in range(1, 9)]
    return Spec(
        f"Knee Pain After Running: 7 Causes and 8 Tips ({i})",
        [paragraph(1), paragraph(2)],
        "Common Causes of Knee Pain After Running",
        causes,
        "How to Prevent Knee Pain",
        tips,
        faqs=[Entry(f"Question number {n}?", [paragraph(n)]) for n in range(1, 5)],
        conclusion=[paragraph(3)],
    )


def sample_page(i: int) -> bytes:
    """A saved web page of about 50 kB: the article of :func:`sample_spec` (about 23 kB of it),
    every kind of noise, and what makes real pages that size: inline styles and scripts, a menu,
    images with their responsive sources, a sidebar of related posts and a footer of links."""
    style = Style(
        cause_marker=("heading", "1.", "lead")[i % 3],
        tip_marker=("lead", "ol")[i % 2],
        faq=("details", "heading")[i % 2],
        noise=HTML_NOISE,
    )
    data, _ = render(sample_spec(i), style, "html")
    padding = (
        "<style>"
        + ".c{margin:0 auto;padding:1px}\n" * 300
        + "</style>\n<script>"
        + "var x=[1,2,3];\n" * 400
        + "</script>\n"
    )
    menu = (
        "<nav><ul>"
        + "".join(
            f'<li class="menu-item"><a href="/c/{n}">Category {n}</a></li>\n' for n in range(60)
        )
        + "</ul></nav>"
    )
    image = (
        '<figure class="wp-block-image size-large">'
        '<img src="/img/knee-{n}-1024.jpg" alt="A runner holding '
        'the knee" width="1024" height="683" loading="lazy" srcset="/img/knee-{n}-300.jpg 300w, '
        "/img/knee-{n}-768.jpg 768w, /img/knee-{n}-1024.jpg "
        '1024w" sizes="(max-width: 1024px) 100vw, '
        '1024px"><figcaption>Photo {n}: a runner with knee pain.</figcaption></figure>\n'
    )
    sidebar = (
        '<aside class="sidebar widget-area"><h2 class="widget-title">Popular posts</h2><ul>'
        + "".join(
            f'<li class="post-card"><a href="/posts/{n}"><img src="/img/card-{n}.jpg" alt="" '
            f'width="300" height="200" loading="lazy"></a><h3><a href="/posts/{n}">Popular post '
            f'number {n} about running</a></h3><p class="excerpt">A short excerpt of post {n} that '
            f"the theme shows under its title.</p></li>\n"
            for n in range(12)
        )
        + "</ul></aside>\n"
    )
    columns = "".join(
        f'<div class="footer-column"><h4>Column {c}</h4><ul>'
        + "".join(f'<li><a href="/c{c}/link-{n}">Footer link {c}.{n}</a></li>' for n in range(10))
        + "</ul></div>\n"
        for c in range(4)
    )
    text = data.decode().replace("</head>", padding + "</head>").replace("<main>", menu + "<main>")
    paragraph_ends = [m.end() for m in re.finditer("</p>", text)]
    for n, at in enumerate(reversed(paragraph_ends[4:50:9])):  # six images through the article
        text = text[:at] + "\n" + image.format(n=n) + text[at:]
    text = text.replace("</main>", "</main>\n" + sidebar).replace(
        "</footer>", columns + "</footer>"
    )
    return text.encode()


def sample_post(i: int) -> bytes:
    """The article of :func:`sample_spec` as a Markdown post with front matter."""
    style = Style(
        cause_marker=("heading", "1.", "lead")[i % 3],
        tip_marker=("lead", "ol")[i % 2],
        faq=("details", "heading")[i % 2],
        front_matter=True,
        noise=MARKDOWN_NOISE,
    )
    return render(sample_spec(i), style, "markdown")[0]
