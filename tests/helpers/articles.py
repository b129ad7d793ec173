"""Write articles of the seed's family with any shape, for tests.

:func:`make_article` gives the text of a well-formed article; options change
its counts and its formatting so tests cover more than the seed.
"""

from __future__ import annotations

from pathlib import Path

SEED = Path(__file__).resolve().parents[2] / "data" / "raw" / "upper-back-sore-after-running.txt"


def make_article(
    *,
    topic: str = "Knee Pain After Cycling",
    reasons: int = 3,
    tips: int = 4,
    faqs: int = 2,
    title_counts: str = "both",
    blank_lines: bool = False,
    related: bool = True,
    claims: bool = True,
    conclusion: bool = True,
    body_lines: int = 1,
) -> str:
    """Return the text of an article with the given shape.

    Args:
        topic: Words used in the title and headings.
        reasons: Number of numbered reasons.
        tips: Number of numbered tips.
        faqs: Number of FAQ questions (0: no FAQ section).
        title_counts: "both" ("(3 Reasons + 4 Tips …)"),
            "reasons" ("(3 Reasons + Tips …)") or "none".
        blank_lines: Put a blank line between paragraphs.
        related: Add "Related Article" lines.
        claims: Add numeric claims (22% in the intro, a rate in reason 1, 1 in 4 in the FAQ).
        conclusion: Add a conclusion section.
        body_lines: Body paragraphs per item.
    """
    counts = {
        "both": f" ({reasons} Reasons + {tips} Tips To Fix It)",
        "reasons": f" ({reasons} Reasons + Tips To Fix It)",
        "none": "",
    }[title_counts]
    out = [f"{topic}?{counts}"]
    if claims:
        out.append(f"Studies say 22% of cyclists have {topic.lower()}. Here is why and what to do.")
    else:
        out.append(f"Many riders know {topic.lower()}. Here is why and what to do.")
    out.append(f"{reasons} Reasons For {topic}")
    for n in range(1, reasons + 1):
        out.append(f"{n}. Reason Number {n}")
        for k in range(body_lines):
            sentence = f"Reason {n} explains part {k + 1} of the problem with stiffness and pain."
            if claims and n == 1 and k == 0:
                sentence += " Beginners see 12.5 injuries per 1000 hours of riding, a study found."
            out.append(sentence)
        if related and n == 1:
            out.append("Related Article: “Is Cycling Good For Your Knees? (5 Facts)”")
    out.append(f"{tips} Tips To Avoid {topic}")
    for n in range(1, tips + 1):
        out.append(f"{n}. Tip Number {n}")
        out.append(f"Tip {n}: rest two minutes every 20 minutes and stretch the legs.")
    if conclusion:
        out.append("Conclusion")
        out.append("Take care, and see a physiotherapist when the pain stays.")
    if faqs:
        out.append("Frequently Asked Questions (FAQs)")
        for n in range(1, faqs + 1):
            out.append(f"Q{n}. Question number {n}?")
            answer = f"Answer {n} says see a doctor."
            if claims and n == 1:
                answer += " About 1 in 4 riders report it."
            out.append(answer)
    separator = "\n\n" if blank_lines else "\n"
    return separator.join(out) + "\n"


def write_article(directory: Path, name: str = "knee-pain-after-cycling.txt", **shape) -> Path:
    """Write :func:`make_article` text to *directory/name* and return the path."""
    path = Path(directory) / name
    path.write_text(make_article(**shape), encoding="utf-8")
    return path


HOSTILE_MARKUP = {
    "title": "<script>alert('title')</script> Knee <img src=x onerror=alert(1)> Pain",
    "heading": "<b onmouseover=alert(2)>For</b> [click](javascript:alert(3))",
    "item": '<a href="javascript:alert(4)">Click</a> ![img](https://example.com/x.png)',
    "body": (
        '<iframe src="https://example.com/"></iframe> <style>body{display:none}</style> '
        "<!-- hidden --> <![CDATA[ data ]]> {{ 7*7 }} {% raw %}x{% endraw %} ${alert(5)} "
        "</textarea></table></figure> <svg onload=alert(6)>"
        '<use href="https://example.com/#x"/></svg> '
        "<link rel=stylesheet href=https://example.com/x.css> $\\alpha$ ^_ \\n"
    ),
    "faq": "<script>document.title='pwned'</script> Does it hurt?",
    "related": "<img src=x onerror=alert(7)> {{ config }}",
}


# A saved web page that tries everything a page can: scripts inline and external, event handlers,
# javascript: and data: links, frames, objects, styles with url(), <base>, meta refresh, SVG with
# script, entities and comments.
HOSTILE_PAGE = """<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="0; url=https://example.com/">
<base href="https://example.com/">
<title>Hostile page</title>
<link rel="stylesheet" href="https://example.com/x.css">
<style>body { background: url(https://example.com/bg.png) } @import url("https://example.com/i.css");</style>
<script src="https://example.com/x.js"></script>
<script>document.title = 'pwned'; fetch('https://example.com/beacon');</script>
<script type="application/ld+json">{"@type": "FAQPage", "mainEntity": [{"@type": "Question",
 "name": "<img src=x onerror=alert(10)>", \
"acceptedAnswer": {"text": "<script>alert(11)</script>"}}]}</script>
</head>
<body onload="alert('body')">
<h1 onclick="alert(1)">&lt;script&gt;alert('title')&lt;/script&gt; Knee Pain &amp; \
Running <!-- hidden comment --></h1>
<p>Intro with <a href="javascript:alert(2)">a javascript link</a> and <a \
href="data:text/html,<script>alert(3)</script>">
a data link</a>; 14% of runners agree.</p>
<iframe src="https://example.com/frame"></iframe>
<object data="https://example.com/x.swf"></object>
<embed src="https://example.com/e.swf">
<h2>Common Causes of Knee Pain</h2>
<h3 onmouseover="alert(4)">1. {{ 7*7 }} Weak &lt;b&gt;glutes&lt;/b&gt;</h3>
<p style="background:url(https://example.com/p.png)">Body with <img \
src="https://example.com/x.png" onerror="alert(5)">
an image and ${alert(6)}.</p>
<svg onload="alert(12)"><script>alert(7)</script><image href="https://example.com/s.png"/></svg>
<h3>2. Second cause</h3>
<p>Body two &#x3C;iframe src=x&#x3E; as text.</p>
<h2>How to Prevent Knee Pain</h2>
<ol><li><strong>Rest<script>alert(8)</script>.</strong> Take a day off.</li></ol>
<h2>FAQ</h2>
<details open ontoggle="alert(9)"><summary>Is it &lt;em&gt;bad&lt;/em&gt;?</summary><p>No, \
it is <u>fine</u>.</p></details>
<form action="https://example.com/post"><input name="q" autofocus onfocus="alert(13)"></form>
<math><mtext>x</mtext></math>
</body></html>
"""
#: What the hostile page says in its title, item titles and questions, which the
#: report must show as text.
HOSTILE_PAGE_TEXT = [
    "<script>alert('title')</script> Knee Pain & Running",
    "{{ 7*7 }} Weak <b>glutes</b>",
    "Is it <em>bad</em>?",
]
#: What its causes say, which the data package must hold as text.
HOSTILE_PAGE_BODIES = ["Body with an image and ${alert(6)}.", "Body two <iframe src=x> as text."]


def hostile_articles() -> dict[str, bytes]:
    """Articles whose text tries to run script, fetch, or template: each should appear literally.

    Returns:
        ``{name: file bytes}``.
    """
    h = HOSTILE_MARKUP
    markup = (
        "\n".join(
            [
                f"{h['title']}? (2 Reasons + 2 Tips To Fix It)",
                f"Intro: {h['body']} Studies say 22% of cyclists hurt.",
                f"2 Reasons {h['heading']}",
                f"1. {h['item']}",
                f"Body one {h['body']}",
                f"Related Article: “{h['related']}”",
                "2. Second <em>reason</em> {{ 7*7 }}",
                "Body two with a link [x](javascript:alert(8)) and ${alert(9)}.",
                f"2 Tips To Avoid {h['heading']}",
                "1. First <script>alert(10)</script> tip",
                "Rest two minutes every 20 minutes. <style>*{color:red}</style>",
                "2. Second tip {% if true %}yes{% endif %}",
                "Read “<script>alert(11)</script> Ten Great Running Tips For Everyone” next.",
                "Conclusion",
                "The end <!-- comment --> <![CDATA[ ]]>.",
                "Frequently Asked Questions (FAQs)",
                f"Q1. {h['faq']}",
                "About 1 in 4 riders say <b>yes</b>.",
            ]
        )
        + "\n"
    )
    unicode_text = (
        "\r\n".join(
            [
                "Knee\u202e Pain\u200b After\u200d Cycling "
                "\U0001f6b4? (2 Reasons + 2 Tips To Fix It)",
                "Right-to-left \u202egnirts desrever\u202c and "
                "zero\u2060width\ufeff joiners; 14% of riders agree.",
                "2 Reasons For Knee Pain",
                "1. Reason \u05e2\u05d1\u05e8\u05d9\u05ea "
                "\u0627\u0644\u0639\u0631\u0628\u064a\u0629",
                "Long: " + ("word " * 20000).strip() + ".",
                "2. Reason Two",
                "Body " + "x" * 5000 + " end.",
                "2 Tips To Avoid Knee Pain",
                "1. Tip One",
                "Stretch.",
                "2. Tip Two",
                "Rest.",
            ]
        )
        + "\r\n"
    )
    return {
        "hostile-page.html": HOSTILE_PAGE.encode("utf-8"),
        "hostile-markup.txt": markup.encode("utf-8"),
        "hostile-unicode.txt": b"\xef\xbb\xbf" + unicode_text.encode("utf-8"),
        "huge-article.txt": make_article(reasons=5, tips=5, body_lines=600).encode("utf-8"),
    }
