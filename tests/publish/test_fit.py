"""Reports that fit their article: its subject only, no hollow sections, verdicts first.

Three realistic articles about three body parts, each in another format, and a short post with its
claims in prose, built in the publication tests' one ``runreport site`` run
(:func:`conftest.publish_site`); the seed's committed edition is the fourth body part. Each
report is read as text (HTML and PDF) and looked at: 360 px screenshots and PDF page images go
to ``test-artifacts/fit/`` for a person to see.
"""

from __future__ import annotations

import csv
import re
import subprocess

import pytest
from bs4 import BeautifulSoup

from helpers.buildhelp import ROOT
from helpers.pdf_checks import normalize_text, pdf_outline_titles, pdf_text
from helpers.site_articles import FIT_ARTICLES, SHORT_ARTICLE, SHORT_STEM
from runreport.analysis.subject import reader_name
from runreport.factcheck.claim_features import PARENT, body_site

pytestmark = pytest.mark.slow

ARTIFACTS = ROOT / "test-artifacts" / "fit"
SEED = "upper-back-sore-after-running"

#: The report's top-level sections in reading order: the claims, then causes and tips, then the
#: back matter. A report leaves out what its article does not earn, never reorders.
SECTION_ORDER = [
    "Injury statistics",
    "Causes",
    "Tips",
    "Risk in plain numbers",
    "The article at a glance",
    "Methods and sources",
    "Download the data",
    "How to reproduce",
]

#: Words a report uses when it has nothing to say, and leftovers of code.
HOLLOW = [
    r"there is no\b",
    r"No rate claim",
    r"not annotated",
    r"nothing to set beside",
    r"so no risk",
    r"No data to chart",
    r"no data:",
    r"\bnan\b",
    r"\bNone\b",
    r"[{}]",
    r"TODO",
]


def _reports(publish_site) -> dict[str, dict]:
    """Each report of this module: stem → its ``article`` (path), ``out`` (folder) and
    ``title``; the seed's is the committed edition."""
    site, corpus = publish_site["site"], publish_site["corpus"]
    stems = [*FIT_ARTICLES, SHORT_STEM]
    out = {stem: {"article": next(corpus.glob(f"{stem}.*")), "out": site / stem} for stem in stems}
    out[SEED] = {"article": ROOT / "data" / "raw" / f"{SEED}.txt", "out": ROOT / "exports"}
    for report in out.values():
        report["html"] = (report["out"] / "report.html").read_text(encoding="utf-8")
        report["title"] = BeautifulSoup(report["html"], "html.parser").h1.get_text()
    return out


def _main_text(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").main.get_text(" ").split())


def subject_words(title: str) -> set[str]:
    """What an article is about, in the words a report would use: the words of its title that
    name its body site ("upper back"), and "<site> pain" for the site and the site it is part of
    ("back pain")."""
    site = body_site(title.replace("’", "'"))
    assert site not in ("any", "lower extremity"), f"no body site in the title {title!r}"
    words = re.findall(r"[\w’']+", title)
    named: set[str] = set()
    for n in (1, 2, 3):  # the fewest words that name it: "upper back", not "upper back sore"
        for i in range(len(words) - n + 1):
            gram = " ".join(words[i : i + n]).lower()
            if body_site(gram.replace("’", "'")) == site and not any(w in gram for w in named):
                named.add(gram)
    sites = [site] + [p for p in [PARENT.get(site)] if p not in (None, "any", "lower extremity")]
    return named | {f"{reader_name(s).lower()} pain" for s in sites}


def test_subject_words_come_from_the_title():
    assert subject_words("Upper Back Sore After Running? (7 Reasons + 5 Tips)") == {
        "upper back",
        "upper back pain",
        "back pain",
    }
    assert {"shin splints", "shin pain"} <= subject_words("Shin Splints: What Fixed It")
    assert subject_words("Runner’s Knee: Why It Happens") == {"runner’s knee", "knee pain"}


def test_the_articles_cover_five_body_parts(publish_site):
    reports = _reports(publish_site)
    sites = {body_site(r["title"].replace("’", "'")) for r in reports.values()}
    assert len(sites) == len(reports) >= 5, sites
    assert publish_site["result"].returncode == 0, publish_site["result"].stderr


def test_no_report_speaks_of_another_articles_subject(publish_site):
    reports = _reports(publish_site)
    subjects = {stem: subject_words(r["title"]) for stem, r in reports.items()}
    checked = 0
    for stem, report in reports.items():
        own = report["article"].read_text(encoding="utf-8").lower()
        # A verdict may name the site of the library's figure a number belongs to ("the
        # article's 10% is the number for Achilles injuries"): evidence, not another subject.
        text, pdf = (
            _main_text(report["html"]),
            normalize_text(pdf_text(report["out"] / "report.pdf")),
        )
        for verdict in _verdicts(report["out"]):
            text, pdf = text.replace(verdict, ""), pdf.replace(verdict, "")
        text, pdf = text.lower(), pdf.lower()
        for other, words in subjects.items():
            for word in words - subjects[stem]:
                if other == stem or word in own:
                    continue  # the article's own words may come back in its report
                checked += 1
                pattern = rf"\b{re.escape(word)}\b"
                assert not re.search(pattern, text), (stem, word, _around(text, pattern))
                assert not re.search(pattern, pdf), (stem, word, "PDF")
    assert checked >= 40  # the check compares something


def _verdicts(out) -> list[str]:
    """The reason given for each verdict of a report, as its text shows it."""
    with (out / "data" / "fact_check.csv").open(encoding="utf-8") as fact:
        return [normalize_text(row["verdict"]) for row in csv.DictReader(fact)]


def _around(text: str, pattern: str) -> str:
    found = re.search(pattern, text)
    return text[max(0, found.start() - 80) : found.end() + 80] if found else ""


def test_no_hollow_sentences_or_placeholders(publish_site):
    for stem, report in _reports(publish_site).items():
        text = _main_text(report["html"])
        pdf = normalize_text(pdf_text(report["out"] / "report.pdf"))
        for pattern in HOLLOW:
            assert not re.search(pattern, text), (stem, pattern, _around(text, pattern))
            assert not re.search(pattern, pdf), (stem, pattern, "PDF", _around(pdf, pattern))


def _headings(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser").main
    return [
        h.get_text(" ", strip=True) for h in soup.find_all("h2") if h.find_parent("nav") is None
    ]


def test_title_rating_claims_then_causes_then_back_matter(publish_site):
    for stem, report in _reports(publish_site).items():
        soup = BeautifulSoup(report["html"], "html.parser").main
        first = soup.find(["h1", "h2", "h3", "p", "table"])
        assert first.name == "h1" and first.get_text().startswith("Fact-check: "), stem
        rating = first.find_next("p")
        assert "rr-rating" in rating["class"] and re.match(r"\d+ of \d+ statement", rating.text)
        headings = [h for h in _headings(report["html"]) if h in SECTION_ORDER]
        assert headings == sorted(headings, key=SECTION_ORDER.index), (stem, headings)
        assert headings[0] == "Injury statistics" and headings[-3:] == SECTION_ORDER[-3:], stem
        # Each claim with its verdict, in the table before any cause or tip.
        table = soup.find(id="tbl-fact-check")
        with (report["out"] / "data" / "fact_check.csv").open(encoding="utf-8") as fact:
            verdicts = [(row["quote"], row["status_label"]) for row in csv.DictReader(fact)]
        rows = [" ".join(tr.get_text(" ").split()) for tr in table.find_all("tr")[1:]]
        assert len(verdicts) == len(rows) >= 1, stem
        for (quote, status), row in zip(verdicts, rows, strict=True):
            assert " ".join(quote.split()) in row and status in row, (stem, status, row)
        causes = soup.find("h2", string="Causes")
        assert causes is None or table.sourceline < causes.sourceline, stem
        # The PDF reads in the same order: its bookmarks, and its headings (each a line of its
        # own; the contents and the running header, which may name "Causes", are not).
        outline = [t for t in pdf_outline_titles(report["out"] / "report.pdf") if t in headings]
        assert outline == headings, (stem, outline)
        lines = [line.strip() for line in pdf_text(report["out"] / "report.pdf").splitlines()]
        at = [lines.index(h) for h in headings]
        assert at == sorted(at), (stem, headings, at)
        pdf = normalize_text("\n".join(lines))
        rating_at = pdf.index(normalize_text(rating.text)[:30])
        contents_at = pdf.lower().index("contents")
        assert pdf.index(normalize_text(report["title"])[:30]) < rating_at < contents_at, stem


def test_short_article_gets_a_short_complete_report(publish_site):
    report = _reports(publish_site)[SHORT_STEM]
    assert "\n- " not in SHORT_ARTICLE and "\n1. " not in SHORT_ARTICLE  # prose only
    text = _main_text(report["html"])
    assert report["title"] == "Fact-check: Plantar Fasciitis in Runners: What the Numbers Say"
    assert re.search(r"0 of 3 statements check out; 1 misattributed; 2 without a source", text)
    # Every claim, with its source and the reason for its verdict.
    for quote in ("about 8% of runners develop", "40% of runners will have", "twice as likely"):
        assert quote in text, quote
    assert "Kakouris N, Yener N, et al. (2021)" in text and "No figure on file" in text
    assert _headings(report["html"]) == [
        "Injury statistics",
        "Methods and sources",
        "Download the data",
        "How to reproduce",
    ]
    assert not (report["out"] / "figures" / "tips-by-category.png").exists()
    assert not (report["out"] / "figures" / "anatomy.png").exists()


@pytest.mark.browser
def test_look_at_them(publish_site, browser):
    """360 px screenshots and PDF pages of each report, for a person to look at; each fits a
    phone and shows every figure."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for stem in [*FIT_ARTICLES, SHORT_STEM]:
        out = publish_site["site"] / stem
        shot = ARTIFACTS / f"{stem}-360.png"
        page = browser.inspect_page(out / "report.html", shot, width=360)
        assert page.ok and page.page_width == 360 and page.overflowing == [], (
            stem,
            page.problems()[:3],
            page.overflowing[:3],
        )
        assert page.images and all(width > 0 for _, width in page.images), stem
        assert shot.stat().st_size > 20_000
        for old in ARTIFACTS.glob(f"{stem}-pdf-*.png"):
            old.unlink()
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "50",
                "-png",
                str(out / "report.pdf"),
                str(ARTIFACTS / f"{stem}-pdf"),
            ],
            check=True,
            timeout=120,
        )
        assert len(list(ARTIFACTS.glob(f"{stem}-pdf-*.png"))) >= 2, stem
