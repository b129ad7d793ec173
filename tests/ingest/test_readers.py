"""The readers: what each format gives as blocks, with which lines; encodings; noise; structured
data."""

from __future__ import annotations

import pytest

from runreport.errors import ArticleError
from runreport.ingest.readers import Block, read_document


def blocks(name: str, data: bytes | str) -> list[Block]:
    return read_document(name, data.encode("utf-8") if isinstance(data, str) else data).blocks


def texts(name: str, data: bytes | str) -> list[tuple[str, int, str]]:
    return [(b.kind, b.line, b.text) for b in blocks(name, data)]


# HTML ---------------------------------------------------------------------------------------------


def page(body: str, head: str = '<meta charset="utf-8">') -> str:
    return (
        f"<!DOCTYPE html>\n<html><head>{head}<title>T | Site</title></head>\n<body>\n{body}\n"
        f"</body></html>\n"
    )


def test_html_blocks_and_their_lines():
    doc = read_document(
        "p.html",
        page(
            '<h1>Knee Pain</h1>\n<h2>Causes</h2>\n<p>One <em>two</em>\nthree.</p>\n<ol start="3">\n'
            "<li>Item</li>\n"
            '<li value="7">Seven</li>\n</ol>\n<ul><li><strong>Lead.</strong> Rest</li></ul>'
        ).encode(),
    )
    assert (doc.title.text, doc.title.line, doc.format) == ("Knee Pain", 4, "html")
    got = [(b.kind, b.line, b.text, b.level, b.number, b.lead, b.after_lead) for b in doc.blocks]
    assert got == [
        ("heading", 5, "Causes", 2, None, None, ""),
        ("paragraph", 6, "One two three.", 0, None, None, ""),
        ("item", 9, "Item", 0, 3, None, ""),
        ("item", 10, "Seven", 0, 7, None, ""),
        ("item", 12, "Lead. Rest", 0, None, "Lead", "Rest"),
    ]


def test_html_title_falls_back_to_the_title_element_without_the_site_name():
    doc = read_document("p.html", page("<p>No heading here.</p>").encode())
    assert (doc.title.text, doc.title.line) == ("T", 2)


@pytest.mark.parametrize(
    "markup, lead, rest",
    [
        ("<p><strong>Weak glutes.</strong> They cave.</p>", "Weak glutes", "They cave."),
        ("<p><b>Weak glutes</b> – they cave.</p>", "Weak glutes", "they cave."),
        ("<p><a href='/x'><strong>Fix it:</strong></a> rest.</p>", "Fix it", "rest."),
        ("<p><span><b>Bold line only</b></span></p>", "Bold line only", ""),
        ("<p><strong>Important</strong> safety information follows here.</p>", None, ""),
        ("<p>Text first <strong>then bold.</strong></p>", None, ""),
        # an aside in brackets between the bold and its separator belongs to the label
        ("<p><b>Hip bursitis</b> (outer hip) – 7.5%</p>", "Hip bursitis (outer hip)", "7.5%"),
        ("<p><b>Hip bursitis</b> (outer hip) is common.</p>", None, ""),
    ],
)
def test_html_lead_ins(markup, lead, rest):
    (block,) = blocks("p.html", page("<h1>T</h1>\n" + markup))
    assert (block.lead, block.after_lead) == (lead, rest)


def test_html_line_breaks_split_only_marked_lines():
    got = texts(
        "p.html",
        page("<h1>T</h1>\n<p>Q: Can I run?<br>\nA: Yes.</p>\n<p>14% of<br>\nrunners agree.</p>"),
    )
    assert got == [
        ("paragraph", 5, "Q: Can I run?"),
        ("paragraph", 6, "A: Yes."),
        ("paragraph", 7, "14% of runners agree."),
    ]


@pytest.mark.parametrize(
    "noise",
    [
        "<script>var x = 'Common Causes of Pain';</script>",
        "<style>p { color: red }</style>",
        "<nav><a href='/'>Home</a></nav>",
        "<footer><p>Copyright</p></footer>",
        "<form><p>Subscribe</p></form>",
        "<figure><img src=x><figcaption>Caption</figcaption></figure>",
        "<div class='cookie-banner'><p>Cookies</p></div>",
        "<div id='author-bio'><p>Jane runs.</p></div>",
        "<div class='social-share'><p>Share</p></div>",
        "<div hidden><p>Hidden</p></div>",
        "<div style='display: none'><p>Hidden</p></div>",
        "<div aria-hidden='true'><p>Hidden</p></div>",
        "<div role='navigation'><p>Menu</p></div>",
        "<div class='ez-toc-container'><p>Contents</p></div>",
        "<ul><li><a href='#a'>A</a></li><li><a href='#b'>B</a></li></ul>",
        "<ol><li>Causes</li><li>Tips</li></ol>",
        "<iframe src='https://example.com'></iframe>",
        "<noscript><p>Enable JS</p></noscript>",
        "<template><p>Later</p></template>",
        "<button>Click</button>",
        "<div class='newsletter-signup'><p>Join</p></div>",
        "<section id='comments'><p>Nice</p></section>",
        "<details><summary>Table of Contents</summary><p>Causes</p></details>",
        "<h2>Table of Contents</h2>",
        "<svg><text>Chart</text></svg>",
        "<div class='ad-slot'><p>Buy</p></div>",
    ],
)
def test_html_noise_is_dropped(noise):
    body = f"<h1>T</h1>\n<h2>Causes</h2>\n{noise}\n<h3>Tips</h3>\n<p>Real text.</p>"
    assert texts("p.html", page(body)) == [
        ("heading", 5, "Causes"),
        ("heading", 7, "Tips"),
        ("paragraph", 8, "Real text."),
    ]


@pytest.mark.parametrize(
    "classes",
    [
        "entry hentry author-kai-brenner",  # a blog post's own classes (Squarespace)
        "elementor-widget elementor-widget-text-editor",  # every Elementor block is a widget
        "post-widget sidebar-like",  # a theme's words that look like a sidebar's
    ],
)
def test_html_a_container_that_holds_the_article_is_never_noise(classes):
    """A page whose article sits in an element with a sidebar's class words is still read: the
    element holds the title, or most of the page's text."""
    text = "Weak hips let the knee drop inward on every stride. " * 12
    with_title = f"<div class='{classes}'><h1>Knee Pain</h1>\n<h2>Causes</h2>\n<p>{text}</p></div>"
    assert [b.text for b in blocks("p.html", page(with_title))] == ["Causes", text.strip()]
    beside_title = (
        f"<h1>Knee Pain</h1>\n<div class='{classes}'><h2>Causes</h2>\n<p>{text}</p></div>"
    )
    assert [b.text for b in blocks("p.html", page(beside_title))] == ["Causes", text.strip()]
    small = "<h1>Knee Pain</h1>\n<div class='widget'><p>Subscribe</p></div>\n<p>" + text + "</p>"
    assert [b.text for b in blocks("p.html", page(small))] == [text.strip()]


def test_html_boxes_keep_their_links():
    body = (
        "<h1>T</h1>\n<aside class='related'><h4>Related</h4>\n"
        "<a href='/a'>Best Knee Braces For Runners</a>\n"
        "<a href='/b'>Read more</a></aside>\n"
        "<div class='product-card'><span class='product-name'>Foam Roller X"
        "</span><a href='https://shop'>Check price on Amazon</a></div>"
    )
    got = [(b.kind, b.line, b.text, b.link) for b in blocks("p.html", page(body))]
    assert got == [
        ("link", 6, "Best Knee Braces For Runners", "related"),
        ("link", 8, "Foam Roller X", "product"),
    ]


def test_html_article_is_the_largest_article_element_and_what_precedes_the_title_is_dropped():
    body = (
        "<div class='menu'><h2>Popular</h2></div>\n"
        "<main><article><p>Breadcrumb</p><h1>Real Title</h1>\n"
        "<p>Real text, long enough to be the article.</p></article>\n"
        "<article><h2>Teaser</h2></article></main>"
    )
    doc = read_document("p.html", page(body).encode())
    assert doc.title.text == "Real Title"
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "Real text, long enough to be the article.")
    ]


def test_html_details_and_json_ld():
    head = (
        '<meta charset="utf-8"><script type="application/ld+json">\n'
        '[{"@type": "WebPage"}, {"@graph": [\n'
        '{"@type": ["FAQPage"], "mainEntity": {"@type": "Question", "name": "Is it &amp; bad?",\n'
        '"acceptedAnswer": {"text": "<p>No <b>never</b>.</p>"}}}]}]\n</script>'
        '<script type="application/ld+json">{not json</script>'
    )
    body = (
        "<h1>T</h1>\n<details>\n<summary>Can I run?</summary>\n<p>Yes.</p>\n<p>Slowly.</p>\n"
        "</details>"
    )
    got = [(b.kind, b.line, b.text, b.answer, b.link) for b in blocks("p.html", page(body, head))]
    assert got == [
        ("qa", 10, "Can I run?", ((11, "Yes."), (12, "Slowly.")), None),
        ("qa", 4, "Is it & bad?", ((4, "No never."),), "json-ld"),
    ]


@pytest.mark.parametrize(
    "head, encoded",
    [
        ('<meta charset="windows-1252">', "Runner’s café".encode("cp1252")),
        (
            "<meta charset=ISO-8859-1>",
            "Runner’s café".encode("cp1252"),
        ),  # the HTML standard reads latin-1 as cp1252
        (
            '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-15">',
            "Runner's café €".encode("iso8859_15"),
        ),
        ("", "Runner’s café".encode()),
    ],
)
def test_html_declared_encoding_is_honoured(head, encoded):
    data = (
        page("<h1>T</h1>\n<p>X</p>", head)
        .encode("ascii")
        .replace(b"<p>X</p>", b"<p>" + encoded + b"</p>")
    )
    (block,) = blocks("p.html", data)
    assert block.text == encoded.decode(
        {"": "utf-8"}.get(head, "cp1252" if "15" not in head else "iso8859_15")
    )


def test_html_utf8_bom_wins():
    data = b"\xef\xbb\xbf" + page(
        "<h1>T</h1>\n<p>caf\xc3\xa9</p>", '<meta charset="windows-1252">'
    ).encode("latin-1")
    assert blocks("p.html", data)[0].text == "café"


def test_html_lines_past_libxml2_counter():
    body = "<h1>T</h1>\n" + "\n" * 70_000 + "<h2>Causes of Pain</h2>\n<p>Deep text.</p>"
    got = texts("p.html", page(body))
    assert got == [("heading", 70_005, "Causes of Pain"), ("paragraph", 70_006, "Deep text.")]


def test_html_nothing_is_fetched_or_run(tmp_path):
    # An external entity or a resource would have to be fetched to change the text; lxml is told not
    # to.
    body = (
        "<h1>T</h1>\n"
        "<p>A <img src='file:///etc/passwd'> <object data='file:///etc/hostname'></object>B</p>"
    )
    assert texts("p.html", page(body)) == [("paragraph", 5, "A B")]


# Markdown -----------------------------------------------------------------------------------------


def test_markdown_front_matter_and_lines():
    doc = read_document(
        "p.md",
        (
            b'---\ntitle: "Knee: A Guide"\nauthor: Jane\ndate: 2024-05-01\n---\n\n'
            b"## Causes of Knee Pain\n\n"
            b"1. **Weak glutes.** They cave.\n\n   More on them.\n2. Tight calves\n\nA paragraph\n"
            b"wrapped over lines.\n"
        ),
    )
    assert (doc.title.text, doc.title.line) == ("Knee: A Guide", 2)
    assert doc.meta == {"title": "Knee: A Guide", "author": "Jane", "date": "2024-05-01"}
    got = [(b.kind, b.line, b.text, b.lead, b.after_lead, b.number) for b in doc.blocks]
    assert got == [
        ("heading", 7, "Causes of Knee Pain", None, "", None),
        (
            "item",
            9,
            "Weak glutes. They cave. More on them.",
            "Weak glutes",
            "They cave. More on them.",
            1,
        ),
        ("item", 12, "Tight calves", None, "", 2),
        ("paragraph", 14, "A paragraph wrapped over lines.", None, "", None),
    ]


def test_markdown_h1_is_the_title_and_markup_is_not_text():
    got = texts(
        "p.md",
        "# Knee *Pain*\n\nSee [the guide](https://x) <span>now</span>.\n\n![img](x.png)\n\n"
        "<script>alert(1)</script>\n\nInline <script>alert(2)</script> gone.\n\n- [A](#a)\n"
        "- [B](#b)\n",
    )
    assert got == [("paragraph", 3, "See the guide now."), ("paragraph", 9, "Inline gone.")]


def test_markdown_marked_lines_and_details():
    got = [
        (b.kind, b.line, b.text, b.answer)
        for b in blocks(
            "p.md",
            "# T\n\n**Q: Can I run?**\nA: Yes,\nslowly.\n\n<details>\n"
            "<summary>Is it bad?</summary>\n\n"
            "No.\n\n</details>\n\n<details><summary>Inline?</summary><p>Yes.</p></details>\n",
        )
    ]
    assert got == [
        ("paragraph", 3, "Q: Can I run?", ()),
        ("paragraph", 4, "A: Yes, slowly.", ()),
        ("qa", 8, "Is it bad?", ((10, "No."),)),
        ("qa", 14, "Inline?", ((14, "Yes."),)),
    ]


# Plain text ---------------------------------------------------------------------------------------


def test_text_lines_are_blocks_and_markup_is_kept():
    doc = read_document("p.txt", b"\n  Title <b>x</b>  \n\nLine **two**\r\n# not a heading\n")
    assert (doc.title.text, doc.title.line) == ("Title <b>x</b>", 2)
    assert [(b.kind, b.line, b.text) for b in doc.blocks] == [
        ("paragraph", 4, "Line **two**"),
        ("paragraph", 5, "# not a heading"),
    ]


def test_text_contents_list_names_the_headings_and_is_left_out():
    page = (
        "Sore hips after running\n\nContents\nWhy do hips hurt?\nWhat helps\n\n"
        "Intro text.\n\nWhy do hips hurt?\n\nBecause of load.\n\nWhat helps\n\nRest.\n"
    )
    doc = read_document("p.txt", page.encode())
    assert [(b.kind, b.line, b.text) for b in doc.blocks] == [
        ("paragraph", 7, "Intro text."),
        ("heading", 9, "Why do hips hurt?"),
        ("paragraph", 11, "Because of load."),
        ("heading", 13, "What helps"),
        ("paragraph", 15, "Rest."),
    ]
    assert doc.skipped == [(3, "contents list")]


def test_text_without_a_contents_list_marks_no_headings():
    page = "Title\n\nContents\nnot repeated later\nnor this\n\nWhat helps\n\nRest.\n"
    doc = read_document("p.txt", page.encode())
    assert all(b.kind != "heading" for b in doc.blocks)
    assert doc.skipped == []


def test_source_lines_of_a_page_in_its_encoding(tmp_path):
    from runreport.ingest.parse import read_lines

    path = tmp_path / "p.html"
    path.write_bytes(page("<h1>Caf\xe9</h1>", '<meta charset="windows-1252">').encode("latin-1"))
    assert dict(read_lines(path))[4] == "<h1>Café</h1>"
    with pytest.raises(ArticleError):
        read_lines(tmp_path / "p.rtf", b"{\\rtf1}")


def test_json_ld_questions_on_one_line_share_it(tmp_path):
    from runreport.analysis.tables import build_tables
    from runreport.ingest.parse import parse_article

    head = (
        '<meta charset="utf-8"><script type="application/ld+json">{"@type": "FAQPage", '
        '"mainEntity": ['
        '{"@type": "Question", "name": "One?", "acceptedAnswer": {"text": "Yes."}}, '
        '{"@type": "Question", "name": "Two?", "acceptedAnswer": {"text": "No."}}]}</script>'
    )
    body = "<h1>Knee</h1>\n<h2>Causes of Knee Pain</h2>\n<h3>Weak hips</h3>\n<p>They cave.</p>"
    faqs = build_tables(parse_article(tmp_path / "p.html", page(body, head)))["faqs"]
    assert list(zip(faqs["question"], faqs["answer"], faqs["line"], strict=False)) == [
        ("One?", "Yes.", 2),
        ("Two?", "No.", 2),
    ]


# Fast paths: the same answers as the slow ones ---------------------------------------------


def test_byte_check_never_calls_a_text_with_a_forbidden_character_clean():
    from runreport.ingest.readers.document import _FORBIDDEN, _FORBIDDEN_ASTRAL, _surely_clean

    planes_ends = [
        plane * 0x10000 + low for plane in range(1, 17) for low in (0xFFFD, 0xFFFE, 0xFFFF)
    ]
    for code in [*range(0x10000), *planes_ends, 0x1F600, 0x20000, 0x10FFFD]:
        char = chr(code)
        if _surely_clean(f"a©{char}’b"):
            assert not _FORBIDDEN.search(char) and not _FORBIDDEN_ASTRAL.search(char), hex(code)
    # Most clean text takes the fast path: ASCII, Latin-1 signs after C2, curly quotes, emoji.
    assert all(
        map(_surely_clean, ["plain\ttext\n", "© 2024, 20 °C, ½ mile\u00a0away", "it’s — “ok” 😀"])
    )


@pytest.mark.parametrize(
    "char, name",
    [
        ("\x85", "U+0085"),
        ("\x9f", "U+009F"),
        ("\ufdd0", "U+FDD0"),
        ("\U0001fffe", "U+1FFFE"),
        ("\x0b", "U+000B"),
    ],
)
def test_control_characters_beside_clean_latin1_signs_are_still_found(char, name):
    with pytest.raises(ArticleError) as err:
        read_document("post.md", f"# Knee ©\n\nIt’s 20 °C.\n\nA {char} here.\n".encode())
    assert name in err.value.message and err.value.line == 5


def test_element_text_is_what_text_content_gives():
    import lxml.html

    from helpers.render import sample_page
    from runreport.ingest.readers.html_inline import text_of as _text

    markup = (
        sample_page(1).decode()
        + "<div>a<!-- c -->b &amp; &nbsp;<b>bold</b> tail<script>x=1</script></div>"
    )
    for tree in (
        lxml.html.document_fromstring(markup),
        lxml.html.fragment_fromstring(markup, create_parent="div"),
    ):
        elements = [el for el in tree.iter() if isinstance(el.tag, str)]
        assert len(elements) > 300
        assert all(_text(el) == el.text_content() for el in elements)


def test_toml_front_matter_gives_the_title_and_date():
    doc = read_document(
        "post.md",
        b'+++\ndraft = false\ntitle = "Shin Splints: Causes"\ndate = 2023-04-01\n+++\n\n'
        b"## Common Causes of Shin Splints\n\n### Too much, too soon\n\nIt adds up.\n",
    )
    assert (doc.title.text, doc.title.line) == ("Shin Splints: Causes", 3)
    assert doc.meta == {"title": "Shin Splints: Causes", "date": "2023-04-01"}
    assert [(b.kind, b.line, b.text) for b in doc.blocks][:2] == [
        ("heading", 7, "Common Causes of Shin Splints"),
        ("heading", 9, "Too much, too soon"),
    ]


def test_bad_toml_front_matter_is_one_line(tmp_path):
    with pytest.raises(ArticleError) as info:
        read_document("post.md", b'+++\ntitle = "x\n+++\n# T\n')
    assert info.value.message.startswith("front matter is not valid TOML")
    with pytest.raises(ArticleError) as info:
        read_document("post.md", b'+++\ntitle = "x"\n# T\n')
    assert "never closed by '+++'" in info.value.message


def test_heading_marks_escaped_into_the_text_are_dropped():
    doc = read_document("post.md", b"# Knee\n\n## FAQ\n\n### \\#\\#\\# Can I run?\n\nYes.\n")
    assert [b.text for b in doc.blocks if b.kind == "heading"] == ["FAQ", "Can I run?"]


def test_front_matter_entities_a_cms_left_are_decoded():
    doc = read_document("post.md", b"---\ntitle: Runner&#8217;s Knee &amp; You\n---\n\nText.\n")
    assert doc.title.text == "Runner\u2019s Knee & You"


def test_pelican_metadata_gives_the_title_and_date(tmp_path):
    from runreport.ingest.parse import parse_article

    path = tmp_path / "post.md"
    path.write_text(
        "Title: Sore Toes &amp; Long Runs\nDate: 2023-05-01 10:00\nAuthors: A. Runner\n\n"
        "Toes take a beating.\n\n## Common Causes of Sore Toes\n\n- Tight shoes\n",
        encoding="utf-8",
    )
    article = parse_article(path)
    assert (article.title, article.title_line) == ("Sore Toes & Long Runs", 1)
    assert article.meta == {
        "title": "Sore Toes & Long Runs",
        "author": "A. Runner",
        "date": "2023-05-01 10:00",
    }
    assert [c.title for c in article.causes] == ["Tight shoes"]
