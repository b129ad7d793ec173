"""Articles as plain text, Markdown and web pages: the corpus, shape variants, errors, warnings and
fixes."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.corpus import CorpusArticle, corpus
from helpers.render import (
    FAQ_STYLES,
    FIX_LABELS,
    HTML_NOISE,
    MARKDOWN_NOISE,
    MARKERS,
    Entry,
    Spec,
    Style,
    render,
)
from helpers.site_articles import FORMAT_BUILDS, PROSE_NAME
from runreport.analysis.tables import build_tables
from runreport.errors import ArticleError
from runreport.ingest.parse import MAX_BYTES, parse_article, read_lines

CORPUS = corpus()
EXTENSIONS = {"text": "txt", "markdown": "md", "html": "html"}


def _parse(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return parse_article(path)


def _source_line(path, line: int) -> str:
    text = dict(read_lines(path))[line]
    # inline markup (<em>, **) is not part of what a reader reads
    return html.unescape(re.sub(r"<[^>]+>", "", text)) if path.suffix == ".html" else text


# The corpus ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("article", CORPUS, ids=lambda a: a.name)
def test_corpus_article_gives_its_tables(tmp_path, article: CorpusArticle):
    parsed = _parse(tmp_path, article.name, article.data)
    tables = build_tables(parsed)
    assert parsed.title == article.title
    assert [s.key for s in parsed.sections] == article.sections
    causes, tips, faqs = tables["causes"], tables["tips"], tables["faqs"]
    assert list(zip(causes["title"], causes["line"], strict=False)) == article.causes
    assert list(zip(tips["title"], tips["line"], strict=False)) == article.tips
    assert list(zip(faqs["question"], faqs["line"], strict=False)) == article.faqs
    assert causes["number"].tolist() == list(range(1, len(article.causes) + 1))
    if any(article.fixes):
        assert [f.replace("\n\n", " ") for f in causes["fix"]] == article.fixes
        # The fix is not part of the body: the body explains, the fix advises.
        assert all(
            fix == "" or fix not in body
            for fix, body in zip(causes["fix"], causes["body"], strict=False)
        )
    else:
        assert "fix" not in causes.columns
    refs = tables["references"]
    assert sorted(
        zip(
            refs.loc[refs["kind"] != "quoted", "title"],
            refs.loc[refs["kind"] != "quoted", "kind"],
            strict=False,
        )
    ) == sorted(article.references)
    assert [w.message for w in parsed.warnings] == article.warnings


@pytest.mark.parametrize("article", CORPUS, ids=lambda a: a.name)
def test_corpus_lines_point_at_the_text(tmp_path, article: CorpusArticle):
    """Every item's line holds its title, every claim's line its words: path:line references stay
    true."""
    path = tmp_path / article.name
    path.write_bytes(article.data)
    parsed = parse_article(path)
    for item in parsed.causes + parsed.tips + parsed.faqs:
        assert item.title.rstrip("…") in _source_line(path, item.line), (item.title, item.line)
    for claim in parsed.claims:
        assert claim.text in _source_line(path, claim.line), (claim.text, claim.line)
    assert parsed.title.split(" ")[0] in _source_line(path, parsed.title_line)


def test_corpus_covers_every_shape():
    shapes = set().union(*(a.shapes for a in CORPUS))
    required = (
        {f"format:{f}" for f in EXTENSIONS}
        | {f"marker:{m}" for m in MARKERS}
        | {f"faq:{s}" for s in (*FAQ_STYLES, "json-ld")}
        | {f"fix:{label}" for label in FIX_LABELS}
        | {f"noise:{k}" for k in (*HTML_NOISE, *MARKDOWN_NOISE)}
        | {
            f"heading:{h}"
            for h in (
                "N Reasons",
                "Common Causes of",
                "Most Common Causes",
                "Causes of",
                "What causes",
                "Why does my … hurt",
                "title only",
                "N Tips",
                "How to prevent",
                "How to fix",
                "How to treat",
                "Prevention",
                "Treatment",
                "Tips",
            )
        }
        | {
            "tips-only",
            "causes-only",
            "title warning",
            "numbering all 1.",
            "numbering restarts per section",
        }
    )
    assert required <= shapes, sorted(required - shapes)
    assert len(CORPUS) >= 15
    assert {a.name.rsplit(".", 1)[1] for a in CORPUS} == {"txt", "md", "html"}


NOISE_TEXT = [
    "We use cookies",
    "Figure 1",
    "Jane has run",
    "RunSite. 100%",
    "Hidden Cause",
    "Share on Facebook",
    "Great article",
    "pwned",
    "Table of Contents",
    "Email",
    "Injuries",
    "About Jane",
    "Skip to content",
    "Privacy policy",
    "Jane is a coach",
    "Get 5 free tips",
    "Popular",
    "Photo: 90%",
    "Home",
    "by Jane Doe",
    "editor: check",
    "knee.jpg",
    "Check Price",
    "Thanks! 50%",
    "9 Tips For Faster Recovery",
    "Not shown",
]


@pytest.mark.parametrize(
    "article", [a for a in CORPUS if a.name.endswith((".html", ".md"))], ids=lambda a: a.name
)
def test_noise_is_not_article_text(tmp_path, article: CorpusArticle):
    parsed = _parse(tmp_path, article.name, article.data)
    text = "\n".join(
        [parsed.title]
        + [p.text for s in parsed.sections for p in s.texts()]
        + [i.title for s in parsed.sections for i in s.items]
        + [s.heading or "" for s in parsed.sections]
    )
    assert [n for n in NOISE_TEXT if n in text] == []
    # Nothing on the page counts as a claim unless the article's text states it.
    assert all(c.value not in (90.0, 50.0, 100.0) for c in parsed.claims)


# Shape variants -----------------------------------------------------------------------------------

CAUSE_TITLES = [
    "Weak glutes",
    "Tight calves",
    "Overtraining",
    "Worn shoes",
    "Hard surfaces",
    "Poor form",
    "Sitting all day",
    "Old injuries",
]
TIP_TITLES = [
    "Warm up",
    "Rest more",
    "Stretch daily",
    "Strength train",
    "Replace shoes",
    "Run on grass",
]
CAUSE_HEADINGS = [
    "{n} Reasons For Knee Pain After Running",
    "Common Causes of Knee Pain",
    "Most Common Causes of Knee Pain",
    "Causes of Knee Pain",
    "What Causes Knee Pain?",
    "Why Does My Knee Hurt After Running?",
    "Top {n} Causes Of Knee Pain",
    None,
]
TIP_HEADINGS = [
    "{n} Tips To Avoid Knee Pain",
    "How to Prevent Knee Pain",
    "How to Fix Knee Pain",
    "How to Treat Knee Pain",
    "Prevention",
    "Treatment",
    "Tips",
    "Prevention Tips",
]
FAQ_HEADINGS = ["Frequently Asked Questions", "FAQ", "FAQs", "Frequently Asked Questions (FAQs)"]
NUMBERED = ("1.", "1)", "#1:", "Reason #1:", "ol", "all-1")


@st.composite
def variants(draw):
    fmt = draw(st.sampled_from(list(EXTENSIONS)))
    n_causes = draw(st.integers(0, 6))
    n_tips = draw(st.integers(0 if n_causes else 1, 5))
    cause_heading = draw(st.sampled_from(CAUSE_HEADINGS)) if n_causes else None
    # A list under the title alone must be numbered: nothing else marks where it starts.
    cause_marker = draw(st.sampled_from(NUMBERED if cause_heading is None else MARKERS))
    fix_label = draw(st.sampled_from(FIX_LABELS))
    causes = [
        Entry(
            CAUSE_TITLES[i],
            [
                f"{CAUSE_TITLES[i]} loads the knee, and 2 in 10 runners feel it.",
                "It builds slowly.",
            ],
            [f"Fix number {i + 1}."] if cause_marker != "ol" and draw(st.booleans()) else [],
        )
        for i in range(n_causes)
    ]
    tips = [
        Entry(TIP_TITLES[i], [f"{TIP_TITLES[i]} before and after each run."]) for i in range(n_tips)
    ]
    title = (
        f"{n_causes} Reasons Your Knee Hurts"
        if cause_heading is None and n_causes
        else "Knee Pain And Running"
    )
    n_faqs = draw(st.integers(0, 3))
    spec = Spec(
        title,
        ["Knee pain is common among runners.", "Here is why."],
        cause_heading.format(n=n_causes) if cause_heading else None,
        causes,
        draw(st.sampled_from(TIP_HEADINGS)).format(n=n_tips) if n_tips else None,
        tips,
        draw(st.sampled_from(FAQ_HEADINGS)),
        [
            Entry(f"Question number {i + 1} about knees?", [f"Answer {i + 1}."])
            for i in range(n_faqs)
        ],
        conclusion=["See a physio if it stays."] if draw(st.booleans()) else None,
        related={0: "Is Running Bad For Your Knees (5 Facts)"}
        if n_causes and draw(st.booleans())
        else {},
    )
    pool = HTML_NOISE if fmt == "html" else MARKDOWN_NOISE if fmt == "markdown" else ()
    style = Style(
        cause_marker=cause_marker,
        tip_marker=draw(st.sampled_from(MARKERS)),
        faq=draw(st.sampled_from(FAQ_STYLES)),
        fix_label=fix_label,
        noise=tuple(draw(st.lists(st.sampled_from(pool), unique=True))) if pool else (),
        front_matter=draw(st.booleans()),
    )
    return spec, style, fmt


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(variants())
def test_shape_variants_come_back(tmp_path, variant):
    spec, style, fmt = variant
    data, expected = render(spec, style, fmt)
    parsed = _parse(tmp_path, f"variant.{EXTENSIONS[fmt]}", data)
    assert parsed.title == expected.title
    assert [(i.title, i.line) for i in parsed.causes] == expected.causes
    assert [(i.title, i.line) for i in parsed.tips] == expected.tips
    assert [(i.title, i.line) for i in parsed.faqs] == expected.faqs
    if style.cause_marker != "ol" or fmt == "text":
        assert [i.fix for i in parsed.causes] == expected.fixes
    assert parsed.warnings == []
    assert [s.key for s in parsed.sections] == expected.sections
    assert [
        (r.title, r.line)
        for r in parsed.references
        if r.kind == "related" and r.line in {line for _, line in expected.related}
    ] == expected.related
    tables = build_tables(parsed)
    # each fix inside a cause is also a tip of that cause
    fix_tips = sum(len(e.fix) for e in spec.causes)
    assert len(tables["causes"]) == len(spec.causes)
    assert len(tables["tips"]) == len(spec.tips) + fix_tips


# Errors and warnings ------------------------------------------------------------------------------

PAGE = (
    '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>T</title></head><body>\n{}\n'
    "</body></html>\n"
)
VALID_BODY = (
    "<h1>Knee Pain</h1>\n<h2>Common Causes of Knee Pain</h2>\n<h3>Weak glutes</h3>\n"
    "<p>They let it cave.</p>"
)


@pytest.mark.parametrize(
    "name, data, line, message",
    [
        (
            "page.txt",
            PAGE.format(VALID_BODY).encode(),
            1,
            "this .txt file is an HTML page: save it as .html",
        ),
        ("post.txt", b"# Knee Pain\n\n## Causes of Knee Pain\n", 1, "this .txt file is Markdown"),
        ("page.md", PAGE.format(VALID_BODY).encode(), 1, "this .md file is an HTML page"),
        (
            "notes.html",
            b"Knee Pain\n1. Weak glutes\nThey cave.\n",
            1,
            "does not start with HTML markup",
        ),
        (
            "article.docx",
            b"PK\x03\x04",
            1,
            "unsupported article format (.docx): use .txt, .md or .html",
        ),
        ("article", b"Knee Pain\n", 1, "unsupported article format (no extension)"),
        (
            "latin1.html",
            PAGE.format(VALID_BODY + "\n<p>Caf\xe9</p>").encode("latin-1"),
            7,
            "not valid UTF-8",
        ),
        (
            "klingon.html",
            PAGE.replace("utf-8", "klingon").format(VALID_BODY).encode(),
            2,
            "unknown character set 'klingon' in <meta charset>",
        ),
        ("notitle.html", b"<html><body><p>Just text.</p></body></html>", 1, "no title"),
        (
            "notitle.md",
            b"This post has no heading at all and starts with a long sentence.\n",
            1,
            "no title",
        ),
        (
            "yaml.md",
            b"---\ntitle: Knee\nauthor: [Jane\n---\n# Knee\n",
            3,
            "front matter is not valid YAML",
        ),
        ("unclosed.md", b"---\ntitle: Knee\n\n# Knee\n", 1, "never closed"),
        ("empty.html", b"", 1, "the article is empty"),
        ("blank.md", b" \n\n\t\n", 1, "the article is empty"),
        ("binary.html", b"<html>\n<body>\x00\x01</body>", 2, "binary data"),
        ("huge.html", b"<html>" + b" " * MAX_BYTES, 1, "the most an article may have"),
        (
            "control.md",
            b"# Knee\n\n## Causes of Knee Pain\n\n### Weak glutes\n\nThey \x07cave.\n",
            7,
            "control character U+0007",
        ),
    ],
)
def test_format_errors_are_one_line(tmp_path, name, data, line, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ArticleError) as info:
        parse_article(path)
    assert (info.value.path, info.value.line) == (str(path), line), info.value
    assert message in info.value.message


@pytest.mark.parametrize(
    ("name", "data", "line", "message"),
    [
        (
            "nobody.html",
            PAGE.format(
                VALID_BODY.replace("<p>They let it cave.</p>", "<h3>Tight calves</h3>\n<p>x</p>")
            ).encode(),
            5,
            "reason 1 'Weak glutes' has no body text",
        ),
        (
            # a paragraph under a causes heading with no list argues one cause
            "announced.md",
            b"# Knee\n\n## 3 Reasons For Knee Pain\n\nJust words.\n",
            3,
            "the heading promises 3 causes; the article lists 1",
        ),
        (
            "empty-section.md",
            b"# Knee\n\nIntro.\n\n## 3 Reasons For Knee Pain\n\n"
            b"## How to Prevent It\n\n- Rest more.\n",
            5,
            "the causes section has no items",
        ),
        (
            "onlyfix.md",
            b"# Knee\n\n## Causes of Knee Pain\n\n### Weak glutes\n\n**What to do:** clamshells.\n",
            5,
            "reason 1 'Weak glutes' has no body text, only a fix",
        ),
        (
            "noanswer.md",
            (
                b"# Knee\n\n## Causes of Knee Pain\n\n### Weak glutes\n\nThey cave.\n\n## FAQ\n\n"
                b"### Can I run?\n\n### Should I ice it?\n\nYes.\n"
            ),
            11,
            "question 'Can I run?' has no answer; it is left out",
        ),
        (
            "nothing.html",
            PAGE.format("<h1>Knee Pain</h1>\n<p>Running is fun.</p>").encode(),
            3,
            "no recognisable causes and no tips",
        ),
    ],
)
def test_what_is_readable_is_accepted_with_a_warning(tmp_path, name, data, line, message):
    path = tmp_path / name
    path.write_bytes(data)
    article = parse_article(path)
    assert [(w.line, message in w.message) for w in article.warnings] == [(line, True)]


def test_cli_prints_warnings_and_exits_0(tmp_path, capsys):
    from runreport.cli import main

    article = next(a for a in CORPUS if a.name == "causes-only-warning.html")
    path = tmp_path / article.name
    path.write_bytes(article.data)
    assert main(["parse", str(path), "--out", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{path}:6: warning: the title promises 6 causes; the article lists 5",
        f"{path}:8: warning: the heading promises 6 causes; the article lists 5",
    ]
    causes = pd.read_csv(tmp_path / "out" / "causes.csv")
    assert causes["title"].tolist()[-1] == "Shoes that are too soft"


def test_text_given_as_a_string_is_read_as_utf8_whatever_the_page_declares(tmp_path):
    page = PAGE.replace("utf-8", "windows-1252").format(VALID_BODY.replace("They", "Café: they"))
    parsed = parse_article(tmp_path / "p.html", page)
    assert parsed.causes[0].body == "Café: they let it cave."


# Fixes count as advice ----------------------------------------------------------------------------


def test_a_fix_inside_a_cause_covers_it_in_tip_coverage(tmp_path):
    from runreport.analysis.findings import FIX_ROW, coverage_gaps, tip_coverage

    article = next(a for a in CORPUS if a.name == "full-noise.html")
    tables = build_tables(_parse(tmp_path, article.name, article.data))
    links = pd.DataFrame({"tip": [1], "cause": [2]})
    coverage = tip_coverage(tables["tips"], tables["causes"], links)
    assert coverage.loc[FIX_ROW].tolist() == [1, 0, 1]  # causes 1 and 3 give their own fix
    assert coverage_gaps(coverage)["causes_without_tip"] == []
    without = tip_coverage(tables["tips"], tables["causes"].drop(columns="fix"), links)
    assert FIX_ROW not in without.index
    assert coverage_gaps(without)["causes_without_tip"] == ["1. Weak glutes", "3. Worn shoes"]


@pytest.mark.parametrize(
    "name, sentence",
    [
        (
            "tips-only-warning.md",
            "It names no causes, only tips. The title promises 8 tips; the article lists 7.",
        ),
        # its one tip is the fix inside a cause
        ("lead-causes-only.md", "gives 3 reasons and 1 tip"),
    ],
)
def test_report_says_what_is_missing_and_what_the_title_promised(tmp_path, name, sentence):
    from runreport.analysis import narrative
    from runreport.analysis.study import load_study

    article = next(a for a in CORPUS if a.name == name)
    path = tmp_path / name
    path.write_bytes(article.data)
    lede = re.sub(r"<[^>]+>", "", str(narrative.title_block(load_study(path))))
    assert sentence in html.unescape(lede)
    glance = str(narrative.glance(load_study(path)))
    assert "0 numbered" not in glance


# Full builds --------------------------------------------------------------------------------------

BUILDS = FORMAT_BUILDS


@pytest.fixture(scope="module")
def format_builds(publish_site):
    """A web page, a Markdown post, a page whose title over-promises and a post in prose, built
    among the suite's other articles by one ``runreport site`` (:func:`conftest.publish_site`):
    ``{name: (article, its folder, completed process)}``.

    Each article's folder holds what ``runreport build --article`` writes (the same code;
    ``test_site.py`` compares the seed's folder with the committed edition byte for byte); the
    warnings reach stderr as ``path:line: warning: message`` in both.
    """
    corpus, site, result = publish_site["corpus"], publish_site["site"], publish_site["result"]
    names = [*BUILDS, PROSE_NAME]
    return {name: (corpus / name, site / Path(name).stem, result) for name in names}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(BUILDS))
def test_build_from_page_and_post(format_builds, name):
    import json

    from bs4 import BeautifulSoup

    article, out, result = format_builds[name]
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    for path in (
        "report.html",
        "report.pdf",
        "index.html",
        "data/datapackage.json",
        "data/causes.csv",
    ):
        assert (out / path).is_file(), path
    expected = next(a for a in CORPUS if a.name == BUILDS[name])
    causes = pd.read_csv(out / "data" / "causes.csv", keep_default_na=False)
    assert list(zip(causes["title"], causes["line"], strict=False)) == expected.causes
    package = json.loads((out / "data" / "datapackage.json").read_text(encoding="utf-8"))
    fields = next(r for r in package["resources"] if r["name"] == "causes")["schema"]["fields"]
    assert ("fix" in [f["name"] for f in fields]) == any(expected.fixes)
    report = BeautifulSoup(
        (out / "report.html").read_text(encoding="utf-8"), "html.parser"
    ).get_text(" ")
    assert expected.title in report and all(
        title in report for title, _ in expected.causes + expected.tips
    )
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
    assert [line for line in warnings if line.startswith(f"{article}:")] == [
        f"{article}:{line}: warning: {message}"
        for line, message in zip((6, 8), expected.warnings, strict=False)
    ]
    # Every warning of the run names its article as typed (never a worker's copy), and these
    # articles' warnings are all theirs.
    assert all(w.startswith(f"{article.parent}/") for w in warnings)
    mine = tuple(str(article.parent / other) + ":" for other in BUILDS)
    assert sorted(w for w in warnings if w.startswith(mine)) == sorted(
        f"{folder}:{line}: warning: {message}"
        for folder, source in ((article.parent / other, BUILDS[other]) for other in BUILDS)
        for line, message in zip(
            (6, 8), next(a for a in CORPUS if a.name == source).warnings, strict=False
        )
    )
    for message in expected.warnings:
        assert message[0].upper() + message[1:] + "." in " ".join(report.split())
    if not expected.tips:
        assert "It gives no tips of its own, only causes." in " ".join(report.split())


@pytest.mark.slow
def test_a_post_without_lists_builds_a_report_of_its_claims(format_builds):
    article, out, result = format_builds["prose.md"]
    assert result.returncode == 0, result.stderr[-3000:]
    assert [line for line in result.stderr.splitlines() if line.startswith(f"{article}:")] == [
        f"{article}:2: warning: no recognisable causes and no tips (expected a heading like "
        "'Common Causes of …', '7 Reasons For …', 'How to Prevent …' or '9 Tips To …'); its "
        "claims are still checked"
    ]
    claims = pd.read_csv(out / "data" / "claims.csv", keep_default_na=False)
    assert {"About 30%", "1 in 4"} <= set(claims["text"])
    checked = pd.read_csv(out / "data" / "fact_check.csv", keep_default_na=False)
    assert len(checked) == len(claims) and (checked["status"] != "").all()
    from bs4 import BeautifulSoup

    report = " ".join(
        BeautifulSoup((out / "report.html").read_text(encoding="utf-8"), "html.parser")
        .get_text(" ")
        .split()
    )
    assert "lists no causes or tips; it asserts" in report
    assert "no recognisable causes" not in report  # the parser's hint is for editors
    assert (out / "report.pdf").is_file()


def test_a_post_body_without_its_title_is_named_after_its_file(tmp_path):
    # A CMS keeps a post's title apart from its body: the exported body has no <h1>, but it is
    # still an article a reader can follow.
    body = (
        "<p>Runners often feel it on the inside of the shin.</p>\n"
        "<h2>Common causes</h2>\n<ul><li>Too many hard days in a row.</li>"
        "<li>Worn-out shoes.</li></ul>\n"
    )
    article = parse_article("shin-splints_after-speedwork.html", body)
    assert article.title == "Shin splints after speedwork"
    assert [c.title for c in article.causes] == ["Too many hard days in a row", "Worn-out shoes"]
    assert [w.message for w in article.warnings if "no title" in w.message] == [
        "no title in the article: it is called “Shin splints after speedwork” after its file"
    ]
