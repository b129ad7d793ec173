"""Quality gates on the real exports: hostile input, a real browser, the real PDF, privacy.

Every build here goes through the command an editor runs: the seed through
``python -m runreport build``, the hostile articles through one ``python -m runreport site`` (see
:func:`hostile_builds`): their reports, PDFs, data and download pages are what
``runreport build`` writes, but the analyst notebooks do not run on them (they run on the seed
and the other articles of ``test_build.py``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from helpers.accessibility import record_axe_incomplete
from helpers.articles import (
    HOSTILE_MARKUP,
    HOSTILE_PAGE_BODIES,
    HOSTILE_PAGE_TEXT,
    hostile_articles,
    make_article,
)
from helpers.buildhelp import ROOT, run_build, snapshot
from helpers.html_validation import run_vnu
from helpers.pdf_checks import (
    normalize_text,
    pdf_fonts,
    pdf_link_uris,
    pdf_outline_titles,
    pdf_page_count,
    pdf_page_size_mm,
    pdf_text,
)
from helpers.privacy_scan import default_private_needles, find_private_strings
from helpers.site_articles import HOSTILE_NOTE, site_articles

pytestmark = pytest.mark.slow

ARTIFACTS = ROOT / "test-artifacts"
REPORT_SECTIONS = [
    "The article at a glance",
    "Injury statistics",
    "Causes",
    "Tips",
    "Risk in plain numbers",
    "Methods and sources",
    "Download the data",
    "How to reproduce",
]


@pytest.fixture(scope="session")
def hostile_builds(publish_site):
    """The hostile articles of the publication tests' one ``runreport site`` run
    (:func:`conftest.publish_site`): ``{stem: (article, folder, completed process)}``, each
    folder the site's article folder, plus ``"site"``: the site's own folder.

    An article's folder holds what ``runreport build --article`` writes (the same code;
    ``test_site.py`` compares the seed's folder with the committed edition byte for byte), and
    the site's own pages carry the hostile titles too. Built with the articles of
    ``test_fit.py``, they share two kernel start-ups and skip the analyst notebooks, which run
    on the seed and the other articles of ``test_build.py``.
    """
    corpus, site, result = publish_site["corpus"], publish_site["site"], publish_site["result"]
    builds = {
        Path(name).stem: (corpus / name, site / Path(name).stem, result)
        for name in hostile_articles()
    }
    return {**builds, "site": (corpus, site, result)}


def _articles(hostile_builds):
    """The hostile articles' entries, without the site's own."""
    return {stem: entry for stem, entry in hostile_builds.items() if stem != "site"}


def _text(html_path: Path) -> str:
    return BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser").get_text(" ")


def test_hostile_articles_build(hostile_builds):
    result = hostile_builds["site"][2]
    n = len(site_articles())
    assert (
        f"{n} article(s): 0 current, {n} to build" in result.stderr
        and f": {n} article(s), 0 failed" in result.stderr
    )
    for stem, (_, out, result) in _articles(hostile_builds).items():
        assert result.returncode == 0, (stem, result.stderr)
        assert "Traceback" not in result.stderr
        assert (out / "report.html").is_file() and (out / "report.pdf").is_file()


def test_hostile_text_is_shown_literally(hostile_builds):
    _, out, _ = hostile_builds["hostile-markup"]
    html = (out / "report.html").read_text(encoding="utf-8")
    text = _text(out / "report.html")
    for snippet in [
        "<script>alert('title')</script> Knee <img src=x onerror=alert(1)> Pain",
        '<a href="javascript:alert(4)">Click</a> ![img](https://example.com/x.png)',
        "<script>document.title='pwned'</script> Does it hurt?",
        "Second <em>reason</em> {{ 7*7 }}",
        "Second tip {% if true %}yes{% endif %}",
    ]:
        assert snippet in text, snippet
    # Nothing of it became markup.
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find_all(["iframe", "svg", "object", "embed"]) == []
    # The one <script> is runreport's JSON-LD in <head>; the one <link> its inline icon.
    assert [(s.parent.name, s.attrs) for s in soup.find_all("script")] == [
        ("head", {"type": "application/ld+json"})
    ]
    assert [
        (link.parent.name, link["rel"], link["href"][:19]) for link in soup.find_all("link")
    ] == [("head", ["icon"], "data:image/svg+xml,")]
    assert [tag.parent.name for tag in soup.find_all("style")] == ["head"] * len(
        soup.find_all("style")
    )
    assert soup.find("em", string="reason") is None and soup.find("b", string="yes") is None
    assert not soup.find_all(attrs=lambda a: a and any(k.startswith("on") for k in a))
    assert "javascript:" not in " ".join(a.get("href", "") for a in soup.find_all("a"))
    assert not soup.select("img[src^=http], img[src=x]")
    index_text = _text(out / "index.html")
    assert HOSTILE_MARKUP["title"] in index_text


def test_hostile_text_in_json_ld_stays_data(hostile_builds, browser):
    _, out, _ = hostile_builds["hostile-markup"]
    html = (out / "report.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)[1]
    # Nothing inside can end the element or open a comment: < > & ' are JSON escapes.
    assert not set("<>&'") & set(block)
    # In the browser: the block parses back to the article's text, and nothing ran.
    report = browser.inspect_page(out / "report.html")
    assert report.scripts_run == [] and report.dialogs == [] and report.ok, report.problems()
    # The annotated claim carries the curator's hostile note; the others are automatic verdicts.
    (review,) = [r for r in report.json_ld[0] if r.get("reviewBody") == HOSTILE_NOTE]
    assert review["itemReviewed"]["appearance"]["name"].startswith(HOSTILE_MARKUP["title"])
    assert "<iframe src=" in review["claimReviewed"] and review["reviewRating"][
        "alternateName"
    ].startswith("unsourced")
    # Every other hostile article publishes at most its JSON-LD data block, never a script.
    for stem in ("hostile-unicode", "huge-article", "hostile-page"):
        html = (hostile_builds[stem][1] / "report.html").read_text(encoding="utf-8")
        assert html.count("<script") == html.count('<script type="application/ld+json">') <= 1, stem


#: For each character of the first *word* in the first element matching *selector*:
#: its left edge on screen.
_LETTER_EDGES = """([selector, word]) => {
  const root = document.querySelector(selector);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(word);
    if (at < 0) continue;
    return [...word].map((_, i) => {
      const range = document.createRange();
      range.setStart(node, at + i);
      range.setEnd(node, at + i + 1);
      return range.getBoundingClientRect().left;
    });
  }
  return null;
}"""


def test_direction_controls_in_article_text_stay_inside_it(hostile_builds, browser):
    """The unicode article's title holds a right-to-left override (U+202E) it never closes. It turns
    the title's own characters, as the article wrote them, but not runreport's words after it: the
    lede's "asserts", after the quoted title, reads left to right."""
    _, out, _ = hostile_builds["hostile-unicode"]
    for selector, word in ((".rr-lede", "asserts"), ("h1", "Pain")):
        edges = browser.evaluate(
            out / "report.html", _LETTER_EDGES, [selector, word], full_page=False
        )
        assert edges is not None, (selector, word)
        ordered = edges == sorted(edges)
        # runreport's word reads left to right; the title's word after the override
        # is turned, as written.
        assert ordered == (word == "asserts"), (selector, word, edges)


def test_hostile_page_text_is_shown_and_nothing_else(hostile_builds):
    """A saved web page's text reaches the report as text; its scripts,
    frames and handlers do not."""
    _, out, _ = hostile_builds["hostile-page"]
    html = (out / "report.html").read_text(encoding="utf-8")
    text = _text(out / "report.html")
    for snippet in HOSTILE_PAGE_TEXT:
        assert snippet in text, snippet
    causes = (out / "data" / "causes.csv").read_text(encoding="utf-8")
    for snippet in HOSTILE_PAGE_BODIES:
        assert snippet in causes, snippet
    for never in (
        "alert(7)",
        "alert(8)",
        "alert(10)",
        "alert(11)",
        "pwned",
        "hidden comment",
        "example.com/x.js",
    ):
        assert never not in html, never
    soup = BeautifulSoup(html, "html.parser")
    # The only script element is runreport's own JSON-LD data block (never run;
    # checked in the browser gate).
    assert [
        tag for tag in soup.find_all("script") if tag.get("type") != "application/ld+json"
    ] == []
    assert soup.find_all(["iframe", "object", "embed", "svg", "base", "form", "math"]) == []
    assert soup.find("meta", attrs={"http-equiv": True}) is None
    assert not soup.find_all(attrs=lambda a: a and any(k.startswith("on") for k in a))
    assert not [
        a["href"]
        for a in soup.find_all("a", href=True)
        if a["href"].startswith(("javascript:", "data:"))
    ]


def test_unicode_and_huge_articles(hostile_builds):
    _, out, _ = hostile_builds["hostile-unicode"]
    text = _text(out / "report.html")
    assert "Knee\u202e Pain\u200b After\u200d Cycling \U0001f6b4?" in text
    assert "\u05e2\u05d1\u05e8\u05d9\u05ea" in text
    _, out, _ = hostile_builds["huge-article"]
    assert "Reason Number 5" in _text(out / "report.html")
    assert (out / "data" / "causes.csv").stat().st_size > 150_000


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("empty.txt", b"", "the article is empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "binary data"),
        (
            "latin1.txt",
            make_article(related=False).replace("Cycling", "Cycl\xefng").encode("latin-1"),
            "not valid UTF-8",
        ),
        (
            "control.txt",
            make_article().replace("Tip 2:", "Tip\x1b[31m 2:").encode(),
            "control character U+001B",
        ),
        ("notitle.html", b"<html><body><p>Just text.</p></body></html>", "no title"),
        ("charset.html", b'<meta charset="klingon"><h1>Knee</h1>', "unknown character set"),
        ("nothing.md", b"# Knee Pain\n\n", "nothing follows the title"),
        ("large.txt", b"Title\n" + b"x" * 2_100_000, "the most an article may have"),
    ],
)
def test_malformed_articles_exit_2_and_keep_exports(seed_build, tmp_path, name, data, message):
    out, cache, _ = seed_build
    before = snapshot(out)
    article = tmp_path / name
    article.write_bytes(data)
    result = run_build("--article", str(article), "--out", str(out), cache=cache)
    assert result.returncode == 2
    assert re.fullmatch(rf"{re.escape(str(article))}:\d+: .*\n", result.stderr), result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    assert snapshot(out) == before


def _hostile_pages(hostile_builds):
    """Each hostile article's report and download page, and the site's front page (every
    hostile title, linked)."""
    return [
        (f"{stem}-{name}", out / f"{name}.html")
        for stem, (_, out, _) in sorted(_articles(hostile_builds).items())
        for name in ("report", "index")
    ] + [("hostile-site-index", hostile_builds["site"][1] / "index.html")]


def _pages(seed_build, hostile_builds):
    """The seed's report and download page, then :func:`_hostile_pages`."""
    return [
        (f"seed-{name}", seed_build[0] / f"{name}.html") for name in ("report", "index")
    ] + _hostile_pages(hostile_builds)


def test_real_browser_no_script_no_network_accessible(browser, seed_build, hostile_builds):
    ARTIFACTS.mkdir(exist_ok=True)
    for label, page in _pages(seed_build, hostile_builds):
        report = browser.inspect_page(page, ARTIFACTS / f"{label}.png", with_axe=True)
        assert report.axe_incomplete is not None, (
            label
        )  # axe ran; what it could not decide is reported
        record_axe_incomplete(ARTIFACTS / "axe-incomplete", label, report)
        expected_title = BeautifulSoup(
            page.read_text(encoding="utf-8"), "html.parser"
        ).title.get_text()
        assert report.title == expected_title and "pwned" not in report.title, label
        assert report.dialogs == [] and report.scripts_run == [], (
            label,
            report.dialogs,
            report.scripts_run,
        )
        assert report.foreign_script_markup == [] and None not in report.json_ld, label
        assert report.blocked_requests == [] and report.unrouted_requests == [], (
            label,
            report.blocked_requests,
        )
        assert report.console_errors == [] and report.page_errors == [], label
        assert not report.dom_changed, (label, report.dom_change_excerpt)
        assert (
            report.images and all(width > 0 for _, width in report.images)
            if "report" in label
            else True
        )
        assert report.axe_violations == [], (
            label,
            [(v["id"], v["nodes"][:2]) for v in report.axe_violations],
        )
        assert (ARTIFACTS / f"{label}.png").stat().st_size > 10_000


def test_hostile_pages_fit_a_phone(browser, hostile_builds):
    # Long unbroken words, right-to-left text, huge tables: still no sideways scrolling at 320 px.
    for label, page in _hostile_pages(hostile_builds):
        report = browser.inspect_page(page, ARTIFACTS / f"{label}-320.png", width=320)
        assert report.page_width == 320 and report.overflowing == [], (
            label,
            report.overflowing[:5],
        )


def test_html_is_valid(seed_build, hostile_builds):
    errors = run_vnu([page for _, page in _pages(seed_build, hostile_builds)])
    assert errors == [], errors[:5]


def test_pdf(seed_build, seed_article):
    pdf = seed_build[0] / "report.pdf"
    fonts = pdf_fonts(pdf)
    assert fonts and all(f["emb"] for f in fonts), fonts
    text = pdf_text(pdf, normalize=True)
    for item in seed_article.causes + seed_article.tips:
        assert normalize_text(item.title) in text, item.title
    for claim in seed_article.claims:
        assert normalize_text(claim.quote) in text, claim.quote
    assert 5 <= pdf_page_count(pdf) <= 40
    assert pdf_page_size_mm(pdf) == pytest.approx((210.0, 297.0), abs=0.5)
    outline = pdf_outline_titles(pdf)
    for section in REPORT_SECTIONS:
        assert any(section == title.strip() for title in outline), (section, outline)
    uris = pdf_link_uris(pdf)
    assert "https://doi.org/10.1007/s40279-015-0333-8" in uris
    assert "https://doi.org/10.1186/s12891-020-03357-4" in uris


def test_hostile_pdf_shows_text(hostile_builds):
    _, out, _ = hostile_builds["hostile-markup"]
    text = pdf_text(out / "report.pdf", normalize=True)
    assert normalize_text(HOSTILE_MARKUP["title"]) in text


def test_exports_hold_no_private_strings(seed_build, hostile_builds, tmp_path_factory):
    folders = [
        seed_build[0],
        hostile_builds["site"][1],
    ]  # the site's folder holds every hostile article's
    needles = default_private_needles([str(tmp_path_factory.getbasetemp())])
    for folder in folders:
        assert find_private_strings(folder, needles) == [], folder


def test_committed_exports_hold_no_private_strings():
    assert find_private_strings(ROOT / "exports", default_private_needles()) == []
