"""A corpus of test articles in the shapes running-health sites use, each with what a
parser must find.

Eighteen articles — plain text, Markdown and HTML — written the way the big
running sites write them: causes under "N Reasons", "Common Causes of", "Causes
of", "What causes …?", "Why does my … hurt?" or under the title alone; items as
numbered lines, "#1:" and "Reason #1:" headings, unnumbered headings, bold
lead-ins and lists (numbered per section, or all "1."); fixes inside causes;
tips-only and causes-only articles; FAQs as question headings, "Q:"/"A:" pairs,
"Q1." lines, ``<details>`` and FAQPage JSON-LD; and every kind of page noise.
Most are written by :func:`render.render`, which records the line of each item
it writes; the hand-written pages find their lines by searching their own text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from helpers.render import (
    HTML_NOISE,
    MARKDOWN_NOISE,
    Entry,
    Spec,
    Style,
    expected_references,
    render,
)


@dataclass
class CorpusArticle:
    """One test article and the tables it must give."""

    name: str
    data: bytes
    title: str
    causes: list[tuple[str, int]]
    tips: list[tuple[str, int]]
    faqs: list[tuple[str, int]]
    fixes: list[str]
    references: list[tuple[str, str]]
    sections: list[str]
    warnings: list[str] = field(default_factory=list)
    shapes: set[str] = field(
        default_factory=set
    )  # what the article exercises, for the coverage test


def _body(topic: str, n: int) -> list[str]:
    return [
        f"{topic} number {n} puts extra load on the joint and the tissue around it, "
        "and runners feel it.",
        "It builds over several runs rather than in one.",
    ]


def _entries(
    titles: list[str], topic: str, fixes: dict[int, list[str]] | None = None
) -> list[Entry]:
    fixes = fixes or {}
    return [Entry(t, _body(topic, n), fixes.get(n, [])) for n, t in enumerate(titles, start=1)]


def _faqs(*questions: str) -> list[Entry]:
    return [
        Entry(q, [f"Answer {n}: see a physiotherapist if it lasts more than a week."])
        for n, q in enumerate(questions, start=1)
    ]


def _rendered(
    name: str,
    spec: Spec,
    style: Style,
    fmt: str,
    warnings: list[str] | None = None,
    shapes: set[str] | None = None,
) -> CorpusArticle:
    data, expected = render(spec, style, fmt)
    markers = {f"marker:{style.cause_marker}"} if spec.causes else set()
    markers |= {f"marker:{style.tip_marker}"} if spec.tips else set()
    return CorpusArticle(
        name,
        data,
        expected.title,
        expected.causes,
        expected.tips,
        expected.faqs,
        expected.fixes,
        expected_references(expected, style, fmt),
        expected.sections,
        warnings or [],
        {
            f"format:{fmt}",
            f"faq:{style.faq}" if spec.faqs else "faq:none",
            f"fix:{style.fix_label}" if any(e.fix for e in spec.causes) else "fix:none",
            *markers,
            *(f"noise:{k}" for k in style.noise),
            *(shapes or set()),
        },
    )


INTRO = [
    "Pain after a run is common: about 25% of runners report it each year.",
    "Here is why it happens and what you can do about it.",
]


def _text_seed_like_articles() -> list[CorpusArticle]:
    """Causes and tips under headings of their own, as numbered lines ("1.", "1)")."""
    return [
        _rendered(
            "seed-shape.txt",
            Spec(
                "Upper Back Pain After Running? (3 Reasons + 2 Tips To Avoid It)",
                INTRO,
                "3 Reasons For Upper Back Pain After Running",
                _entries(["Slouching", "Weak Muscles", "Old Injuries"], "Slouching"),
                "2 Tips To Avoid Upper Back Pain",
                _entries(["Exercise More", "Sleep Right"], "Exercise"),
                faqs=_faqs(
                    "Why does my upper back hurt after running?", "Can I run with back pain?"
                ),
                conclusion=["See a doctor if it stays."],
                related={0: "Is Running Bad For Scoliosis (Expert’s Insight)"},
            ),
            Style(cause_marker="1.", tip_marker="1.", faq="q-number"),
            "text",
            shapes={"heading:N Reasons", "heading:N Tips"},
        ),
        _rendered(
            "common-causes.txt",
            Spec(
                "Shin Splints From Running",
                INTRO,
                "Common Causes of Shin Splints",
                _entries(
                    ["Too Much Too Soon", "Hard Surfaces", "Worn Shoes"],
                    "Overload",
                    {1: ["Add no more than a tenth to your weekly mileage."], 3: ["Replace them."]},
                ),
                "How to Prevent Shin Splints",
                _entries(["Build Up Slowly", "Strengthen Your Calves"], "Calf"),
                faqs=_faqs("Can I run with shin splints?", "How long do shin splints last?"),
            ),
            Style(cause_marker="1)", tip_marker="1)", faq="qa", fix_label="Fix it:"),
            "text",
            shapes={"heading:Common Causes of", "heading:How to prevent"},
        ),
    ]


def _text_articles_of_other_shapes() -> list[CorpusArticle]:
    """Causes under the title alone or "What causes …?" as "#1:" headings; tips only."""
    return [
        _rendered(
            "title-only-list.txt",
            Spec(
                "5 Reasons Your Hip Hurts After Running",
                INTRO,
                None,
                _entries(
                    [
                        "Tight Hip Flexors",
                        "Weak Glutes",
                        "Overstriding",
                        "Uneven Ground",
                        "Old Shoes",
                    ],
                    "Hip",
                    {2: ["Do clamshells three times a week."]},
                ),
                None,
                [],
                faq_heading=None,
                conclusion=["Most hip pain settles with rest."],
            ),
            Style(cause_marker="#1:", fix_label="The fix:"),
            "text",
            shapes={"heading:title only", "causes-only"},
        ),
        _rendered(
            "what-causes.txt",
            Spec(
                "Runner's Knee Explained",
                INTRO,
                "What Causes Runner's Knee?",
                _entries(["Weak Quads", "Overuse"], "Knee", {1: ["Do wall sits."]}),
                "Prevention",
                _entries(["Warm Up", "Rest Days", "Strength Work"], "Warm"),
                faqs=_faqs("Is runner's knee serious?", "Should I ice it?"),
            ),
            Style(
                cause_marker="Reason #1:",
                tip_marker="#1:",
                faq="heading",
                fix_label="How to fix it:",
            ),
            "text",
            shapes={"heading:What causes", "heading:Prevention"},
        ),
        _rendered(
            "tips-only.txt",
            Spec(
                "How To Run Faster Without Getting Hurt",
                INTRO,
                None,
                [],
                "3 Tips To Run Faster Without Injury",
                _entries(["Do Strides", "Sleep More", "Run Easy Most Days"], "Speed"),
                faqs=_faqs("How often should I do strides?"),
            ),
            Style(tip_marker="1.", faq="q-number"),
            "text",
            shapes={"tips-only", "heading:N Tips"},
        ),
    ]


def _text_articles() -> list[CorpusArticle]:
    return _text_seed_like_articles() + _text_articles_of_other_shapes()


def _markdown_articles_with_noise_and_headings() -> list[CorpusArticle]:
    """With front matter and page noise; with unnumbered cause headings and lead-in tips."""
    return [
        _rendered(
            "front-matter.md",
            Spec(
                "IT Band Pain After Running: Causes and Fixes",
                INTRO,
                "Most Common Causes of IT Band Pain",
                _entries(
                    ["Weak Hip Abductors", "Running on Cambered Roads", "Sudden Mileage Jumps"],
                    "IT band",
                    {
                        1: ["Do side planks."],
                        2: ["Switch sides of the road.", "Or run on a track."],
                    },
                ),
                "How to Fix IT Band Pain",
                _entries(["Foam roll your hips", "Strengthen your glutes"], "Roll"),
                faq_heading="FAQs",
                faqs=_faqs("Should I stretch my IT band?", "Can I keep running?"),
            ),
            Style(
                cause_marker="1.",
                tip_marker="ol",
                faq="heading",
                front_matter=True,
                noise=MARKDOWN_NOISE,
            ),
            "markdown",
            shapes={"heading:Most Common Causes", "heading:How to fix", "front matter"},
        ),
        _rendered(
            "why-hurt.md",
            Spec(
                "Achilles Pain in Runners",
                INTRO,
                "Why Does My Achilles Hurt After Running?",
                _entries(
                    ["Tight calves pull on the tendon", "Too many hills", "Flat racing shoes"],
                    "Achilles",
                    {1: ["Stretch your calves after every run."]},
                ),
                "Tips",
                _entries(["Warm up", "Add hills slowly", "Keep a cushioned pair"], "Tendon"),
                faqs=_faqs("Is Achilles pain serious?", "Can I run through it?"),
            ),
            Style(cause_marker="heading", tip_marker="lead", faq="qa", fix_label="How to fix it:"),
            "markdown",
            shapes={"heading:Why does my … hurt", "heading:Tips", "unnumbered headings"},
        ),
    ]


def _markdown_articles_with_numbering_and_warnings() -> list[CorpusArticle]:
    """Every item numbered "1."; causes only as lead-ins; tips only, fewer than promised."""
    return [
        _rendered(
            "all-ones.md",
            Spec(
                "Lower Back Pain After Running (3 Reasons + Tips)",
                INTRO,
                "3 Reasons For Lower Back Pain",
                _entries(["Weak Core", "Tight Hamstrings", "Overstriding"], "Back"),
                "Treatment",
                _entries(["Rest", "Heat", "Core Work"], "Treatment"),
                faqs=_faqs("When should I see a doctor?", "Is running bad for my back?"),
            ),
            Style(cause_marker="all-1", tip_marker="all-1", faq="details"),
            "markdown",
            shapes={"heading:Treatment", "numbering all 1."},
        ),
        _rendered(
            "lead-causes-only.md",
            Spec(
                "Plantar Fasciitis and Running",
                INTRO,
                "Causes of Plantar Fasciitis",
                _entries(
                    ["Tight calves", "High mileage", "Flat feet"],
                    "Heel",
                    {3: ["Try arch support."]},
                ),
                None,
                [],
                faq_heading=None,
                conclusion=["Most cases get better in months."],
                conclusion_heading="The Bottom Line",
            ),
            Style(cause_marker="lead", fix_label="The fix:"),
            "markdown",
            shapes={"heading:Causes of", "causes-only", "lead-ins"},
        ),
        _rendered(
            "tips-only-warning.md",
            Spec(
                "8 Tips to Prevent Blisters When Running",
                INTRO,
                None,
                [],
                "How to Prevent Blisters",
                _entries(
                    [
                        "Wear wicking socks",
                        "Break in new shoes",
                        "Lubricate hot spots",
                        "Keep feet dry",
                        "Trim your nails",
                        "Lace them right",
                        "Tape early",
                    ],
                    "Blister",
                ),
                faqs=_faqs("Should I pop a blister?"),
            ),
            Style(tip_marker="#1:", faq="q-number"),
            "markdown",
            warnings=["the title promises 8 tips; the article lists 7"],
            shapes={"tips-only", "title warning"},
        ),
    ]


def _markdown_articles() -> list[CorpusArticle]:
    return (
        _markdown_articles_with_noise_and_headings()
        + _markdown_articles_with_numbering_and_warnings()
    )


def _html_articles_with_noise_and_charset() -> list[CorpusArticle]:
    """Every kind of page noise; a windows-1252 page with ``<details>`` FAQs."""
    return [
        _rendered(
            "full-noise.html",
            Spec(
                "Knee Pain After Running: 3 Causes and 3 Tips",
                INTRO,
                "Common Causes of Knee Pain After Running",
                _entries(
                    ["Weak glutes", "Too much mileage", "Worn shoes"],
                    "Knee",
                    {1: ["Do clamshells daily."], 3: ["Replace them every 500 miles."]},
                ),
                "How to Prevent Knee Pain",
                _entries(["Warm up", "Rest", "Strength train"], "Prevent"),
                faqs=_faqs("Can I run with knee pain?", "When should I see a doctor?"),
                conclusion=["Look after them."],
                related={1: "Is Running Bad For Your Knees (5 Facts)"},
            ),
            Style(cause_marker="1.", tip_marker="ol", faq="heading", noise=HTML_NOISE),
            "html",
            shapes={"every noise"},
        ),
        _rendered(
            "details-cp1252.html",
            Spec(
                "Hip Pain When Running – What’s Behind It",
                INTRO,
                "What Causes Hip Pain When Running?",
                _entries(
                    ["Tight hip flexors", "Weak glutes", "Running on cambered roads"],
                    "Hip",
                    {2: ["Bridges, three sets of 15."]},
                ),
                "How to Treat Hip Pain",
                _entries(["Ice it", "Stretch", "See a physio"], "Café"),
                faqs=_faqs("Why does my hip click?", "Is it arthritis?"),
            ),
            Style(
                cause_marker="lead",
                tip_marker="ol",
                faq="details",
                charset="windows-1252",
                noise=("cookie", "figure"),
            ),
            "html",
            shapes={"meta charset", "lead-ins", "heading:How to treat"},
        ),
    ]


def _html_articles_with_markers_and_numbering() -> list[CorpusArticle]:
    """Causes as "Reason #1:" headings; an ordered list under the title; numbering per section."""
    return [
        _rendered(
            "reason-hash.html",
            Spec(
                "Shin Pain in Runners",
                INTRO,
                "Why Does My Shin Hurt When I Run?",
                _entries(["Overuse", "Weak calves", "Hard surfaces"], "Shin"),
                "Treatment",
                _entries(["Rest for two weeks", "Ice after runs", "Calf raises"], "Ice"),
                faqs=_faqs("Are shin splints a fracture?", "Can I cycle instead?"),
            ),
            Style(
                cause_marker="Reason #1:",
                tip_marker="heading",
                faq="q-number",
                noise=("aside", "share"),
            ),
            "html",
            shapes={"unnumbered headings"},
        ),
        _rendered(
            "title-only-list.html",
            Spec(
                "6 Reasons Your Hip Hurts After Running (And 3 Tips)",
                INTRO,
                None,
                _entries(
                    [
                        "Tight hip flexors",
                        "Weak glutes",
                        "Overstriding",
                        "Uneven ground",
                        "Old shoes",
                        "Sitting all day",
                    ],
                    "Hip",
                ),
                "Tips",
                _entries(["Stretch daily", "Strengthen glutes", "Shorten your stride"], "Stride"),
                faqs=_faqs("Is hip pain from running normal?"),
            ),
            Style(cause_marker="ol", tip_marker="1)", faq="qa", noise=("toc", "bio")),
            "html",
            shapes={"heading:title only", "ordered lists"},
        ),
        _rendered(
            "restart-per-section.html",
            Spec(
                "Calf Pain After Running (3 Reasons + 2 Tips)",
                INTRO,
                "3 Reasons For Calf Pain",
                _entries(["Dehydration", "Tight calves", "New shoes"], "Calf"),
                "2 Tips To Avoid Calf Pain",
                _entries(["Drink more", "Stretch"], "Drink"),
                conclusion=["Calf pain usually passes."],
                conclusion_heading="Final Thoughts",
            ),
            Style(
                cause_marker="1.", tip_marker="1.", noise=("footer", "form", "hidden", "comments")
            ),
            "html",
            shapes={"numbering restarts per section"},
        ),
    ]


def _html_articles() -> list[CorpusArticle]:
    return [
        *_html_articles_with_noise_and_charset(),
        *_html_articles_with_markers_and_numbering(),
        _wordpress_page(),
        _json_ld_page(),
        _causes_only_warning_page(),
    ]


def _line_of(text: str, needle: str) -> int:
    assert text.count(needle) == 1, needle
    return text[: text.index(needle)].count("\n") + 1


WORDPRESS = """<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Runner&#8217;s Knee: 4 Causes and How to Treat It | RunFast</title>
<link rel="stylesheet" href="https://example.com/wp-content/themes/run/style.css">
<style>.entry-content h2 { margin-top: 2em } .wp-block-image { background: url(/x.png) }</style>
<script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [
 {"@type": "Article", "headline": "Runner's Knee"},
 {"@type": "FAQPage", "mainEntity": [
  {"@type": "Question", "name": "Can I run with runner&#8217;s knee?",
   "acceptedAnswer": {"@type": "Answer", "text": "<p>Only if the pain is mild.</p>"}}]}]}
</script>
<script>window.dataLayer = window.dataLayer || []; gtag('config', 'UA-1');</script>
</head>
<body class="post-template-default single single-post">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead" class="site-header"><div class="site-branding">\
<p class="site-title">RunFast</p></div>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">
<li><a href="/injuries/">Injuries</a></li><li><a href="/training/">7 Reasons To Train</a></li>\
</ul></nav></header>
<div id="cookie-notice" role="dialog"><p>We use cookies. <a href="/privacy">Privacy policy</a></p>\
</div>
<div id="content" class="site-content">
<main id="main" class="site-main">
<article id="post-123" class="post-123 post type-post status-publish category-injuries tag-knee">
<header class="entry-header">
<nav class="breadcrumbs"><a href="/">Home</a> &raquo; <a href="/injuries/">Injuries</a></nav>
<h1 class="entry-title">Runner&#8217;s Knee: 4 Causes and How to Treat It</h1>
<div class="entry-meta"><span class="byline">by <a href="/author/jane">Jane Doe</a></span>
<time datetime="2024-05-01">May 1, 2024</time></div>
</header>
<div class="entry-content">
<p>Runner&#8217;s knee is the most common running injury: about 1 in 4 runners get it.</p>
<p>This guide explains the causes and how to treat it.</p>
<div class="ez-toc-container"><p class="ez-toc-title">Table of Contents</p>
<ul><li><a href="#causes">Causes</a></li><li><a href="#treat">How to treat it</a></li></ul></div>
<ul>
<li>Most Common Causes of Runner&#8217;s Knee</li>
<li>How to Treat Runner&#8217;s Knee</li>
</ul>
<h2 id="causes">Most Common Causes of Runner&#8217;s Knee</h2>
<figure class="wp-block-image"><img src="/knee.jpg" alt="Knee">\
<figcaption>Photo: 90% of knees.</figcaption></figure>
<h3>#1: Weak hips</h3>
<p>Weak hip muscles let the knee collapse inward on every stride.</p>
<h4>How to fix it</h4>
<p>Do side-lying leg raises, <em>three sets of 15</em>, every other day.</p>
<h3>#2: Overtraining</h3>
<p>Adding too many miles too fast gives the kneecap no time to adapt.</p>
<p>Related: <a href="/mileage-guide/">How Many Miles Should I Run A Week (Beginner Guide)</a></p>
<div class="product-box aawp"><div class="aawp-product__title">Cho-Pat Knee Strap</div>
<a class="aawp-button" href="https://amazon.example/dp/1">Check Price on Amazon</a></div>
<h3>#3: Worn-out shoes</h3>
<p>Shoes lose their cushioning after 300 to 500 miles.</p>
<aside class="related-posts"><h4>You may also like</h4><ul>
<li><a href="/best-shoes/">10 Best Running Shoes For Bad Knees</a></li>
<li><a href="/best-shoes/">Read more</a></li></ul></aside>
<h3>#4: Running downhill</h3>
<p>Downhill running loads the front of the knee far more than flat running.</p>
<h2 id="treat">How to Treat Runner&#8217;s Knee</h2>
<ul>
<li>Rest from running until you can walk stairs without pain.</li>
<li>Ice the knee for 15 minutes after activity.</li>
<li>Strengthen your quads and hips. Start with two sessions a week.</li>
</ul>
<h2>Final Thoughts</h2>
<p>Most runners recover in six weeks.</p>
<h2>Frequently Asked Questions</h2>
<h3>Can I run with runner&#8217;s knee?</h3>
<p>Only if the pain is mild and does not get worse as you run.</p>
<h3>Does a knee strap help?</h3>
<p>It helps some runners.</p>
<div class="author-bio"><h3>About Jane Doe</h3><p>Jane is a coach with 20 years of experience.</p>\
</div>
<div class="sharedaddy sd-sharing"><h3>Share this:</h3>\
<a href="https://example.com/share">Facebook</a></div>
<form class="newsletter-signup" action="/subscribe"><p>Get 5 free tips by email</p>\
<input type="email"></form>
</div>
</article>
<section id="comments" class="comments-area"><h2>2 Comments</h2><p>Thanks! 50% better now.</p>\
</section>
</main>
<aside id="secondary" class="widget-area"><section class="widget"><h2>Popular</h2>
<ul><li><a href="/a/">9 Tips For Faster Recovery</a></li></ul></section></aside>
</div>
<footer id="colophon" class="site-footer"><p>&copy; 2024 RunFast. All rights reserved.</p></footer>
<script src="https://example.com/wp-includes/js/jquery.js"></script>
</body>
</html>
"""


def _wordpress_page() -> CorpusArticle:
    text, at = WORDPRESS, WORDPRESS.index

    def line(needle: str) -> int:
        return _line_of(text, needle)

    assert at("<h1")
    return CorpusArticle(
        "wordpress.html",
        text.encode("utf-8"),
        "Runner’s Knee: 4 Causes and How to Treat It",
        [
            ("Weak hips", line("<h3>#1")),
            ("Overtraining", line("<h3>#2")),
            ("Worn-out shoes", line("<h3>#3")),
            ("Running downhill", line("<h3>#4")),
        ],
        [
            # the fix inside cause 1 ("How to fix it") is a tip of that cause
            ("Do side-lying leg raises, three sets of 15, every other day", line("<p>Do side")),
            ("Rest from running until you can walk stairs without pain", line("<li>Rest")),
            ("Ice the knee for 15 minutes after activity", line("<li>Ice")),
            ("Strengthen your quads and hips", line("<li>Strengthen")),
        ],
        [
            ("Can I run with runner’s knee?", line("<h3>Can I")),
            ("Does a knee strap help?", line("<h3>Does")),
        ],
        ["Do side-lying leg raises, three sets of 15, every other day.", "", "", ""],
        [
            ("How Many Miles Should I Run A Week (Beginner Guide)", "related"),
            ("Cho-Pat Knee Strap", "product"),
            ("10 Best Running Shoes For Bad Knees", "related"),
        ],
        ["intro", "reasons", "tips", "conclusion", "faq"],
        shapes={
            "format:html",
            "heading:Most Common Causes",
            "heading:How to treat",
            "marker:#1:",
            "fix:How to fix it:",
            "faq:heading",
            "noise:wordpress",
            "noise:toc",
            "self-contained list tips",
            "json-ld ignored when visible",
        },
    )


JSON_LD_PAGE = """<!doctype html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>Calf Cramps While Running</title>
<script type="application/ld+json">
{
  "@context": "https://schema.org",
  "@type": "FAQPage",
  "mainEntity": [
    {"@type": "Question", "name": "Do bananas stop cramps?",
     "acceptedAnswer": {"@type": "Answer", "text": "Not reliably; the evidence is weak."}},
    {"@type": "Question", "name": "Should I stretch a cramp?",
     "acceptedAnswer": {"@type": "Answer", "text": "Yes, gently, until it eases."}}
  ]
}
</script></head>
<body><main>
<h1>Calf Cramps While Running</h1>
<p>Cramps stop 1 in 3 runners mid-race.</p>
<h2>Causes of Calf Cramps</h2>
<h3>Fatigue</h3>
<p>Tired muscles misfire.</p>
<h3>Running faster than you trained for</h3>
<p>Race pace overloads the calf.</p>
</main></body></html>
"""


def _json_ld_page() -> CorpusArticle:
    def line(needle: str) -> int:
        return _line_of(JSON_LD_PAGE, needle)

    return CorpusArticle(
        "json-ld-faq.html",
        JSON_LD_PAGE.encode(),
        "Calf Cramps While Running",
        [
            ("Fatigue", line("<h3>Fatigue")),
            ("Running faster than you trained for", line("<h3>Running")),
        ],
        [],
        [
            ("Do bananas stop cramps?", line('"Do bananas')),
            ("Should I stretch a cramp?", line('"Should I')),
        ],
        ["", ""],
        [],
        ["intro", "reasons", "faq"],
        shapes={
            "format:html",
            "faq:json-ld",
            "heading:Causes of",
            "unnumbered headings",
            "causes-only",
            "meta http-equiv",
        },
    )


CAUSES_ONLY_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>x</title></head>
<body>
<div class="sidebar"><h2>7 Reasons To Subscribe</h2><ol><li>Free</li></ol></div>
<article>
<h1>6 Causes of Ankle Pain After Running</h1>
<p>Ankle pain has many sources.</p>
<h2>6 Causes of Ankle Pain</h2>
<h3>1. Old sprains</h3>
<p>A sprain that never healed leaves the ankle loose.</p>
<div hidden><h3>2. A hidden cause</h3><p>Not shown.</p></div>
<h3>2. Weak peroneals</h3>
<p>The muscles on the outside of the shin stabilise the ankle.</p>
<h3>3. Tight calves</h3>
<p>Tight calves limit how far the ankle bends.</p>
<h3>4. Trail running</h3>
<p>Roots and rocks twist the foot.</p>
<h3>5. Shoes that are too soft</h3>
<p>Soft foam lets the foot roll.</p>
</article>
</body></html>
"""


def _causes_only_warning_page() -> CorpusArticle:
    def line(needle: str) -> int:
        return _line_of(CAUSES_ONLY_PAGE, needle)

    titles = [
        "Old sprains",
        "Weak peroneals",
        "Tight calves",
        "Trail running",
        "Shoes that are too soft",
    ]
    needles = ["<h3>1.", "<h3>2. Weak", "<h3>3.", "<h3>4.", "<h3>5."]
    return CorpusArticle(
        "causes-only-warning.html",
        CAUSES_ONLY_PAGE.encode(),
        "6 Causes of Ankle Pain After Running",
        [(t, line(n)) for t, n in zip(titles, needles, strict=True)],
        [],
        [],
        [""] * 5,
        [],
        ["intro", "reasons"],
        warnings=[
            "the title promises 6 causes; the article lists 5",
            "the heading promises 6 causes; the article lists 5",
        ],
        shapes={"format:html", "causes-only", "title warning", "noise:hidden", "noise:sidebar"},
    )


def corpus() -> list[CorpusArticle]:
    """Every corpus article."""
    return _text_articles() + _markdown_articles() + _html_articles()
