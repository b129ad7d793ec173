"""Readers on phones, and machines: the seed's report and download page in Chromium at phone widths,
in dark mode, with reduced motion, and their machine-readable metadata (meta description, Open
Graph, inline icon, ClaimReview JSON-LD).

Screenshots of every width go to ``test-artifacts/`` (gitignored) for people to look at.
"""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime
from urllib.parse import unquote

import jsonschema
import pytest
from bs4 import BeautifulSoup
from PIL import Image

from helpers.accessibility import record_axe_incomplete
from helpers.buildhelp import ROOT, source_date_epoch

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ARTIFACTS = ROOT / "test-artifacts"
# The narrowest phone and the most common width: the layout is fluid, so what fits 320 px and
# 360 px fits the phones between them and the desktop (larger phones were checked too, and took
# time the suite's budget needs elsewhere).
PHONES = (320, 360)
WIDTHS = (*PHONES, 1280)
PAGES = ("report", "index")

#: The ClaimReview properties Google documents for fact checks
#: (https://developers.google.com/search/docs/appearance/structured-data/factcheck): required
#: ``claimReviewed``, ``reviewRating`` with ``alternateName``, ``url``; recommended ``author``,
#: ``datePublished``, ``itemReviewed`` (a Claim, with ``appearance``) and the numeric rating
#: (``ratingValue`` with ``bestRating``/``worstRating``). runreport publishes all of them, so all
#: are required here; ``@context`` must be schema.org (Google reads no other).
CLAIM_REVIEW_SCHEMA = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "required": [
            "@context",
            "@type",
            "claimReviewed",
            "reviewRating",
            "url",
            "author",
            "datePublished",
            "itemReviewed",
        ],
        "properties": {
            "@context": {"const": "https://schema.org"},
            "@type": {"const": "ClaimReview"},
            "claimReviewed": {"type": "string", "minLength": 1},
            "url": {"type": "string", "pattern": "^#claim-line-[0-9]+(-[0-9]+)?$"},
            "datePublished": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
            "author": {
                "type": "object",
                "required": ["@type", "name"],
                "properties": {"@type": {"const": "Organization"}, "name": {"const": "runreport"}},
            },
            "reviewRating": {
                "type": "object",
                "required": ["@type", "alternateName", "ratingValue", "bestRating", "worstRating"],
                "properties": {
                    "@type": {"const": "Rating"},
                    "alternateName": {"type": "string", "minLength": 1},
                    "ratingValue": {"enum": [1, 2, 3, 4]},
                    "bestRating": {"const": 4},
                    "worstRating": {"const": 1},
                },
            },
            "itemReviewed": {
                "type": "object",
                "required": ["@type", "appearance"],
                "properties": {
                    "@type": {"const": "Claim"},
                    "name": {"type": "string", "pattern": "^Line [0-9]+ of "},
                    "appearance": {
                        "type": "object",
                        "required": ["@type", "name"],
                        "properties": {
                            "@type": {"const": "CreativeWork"},
                            "name": {"type": "string"},
                        },
                    },
                },
            },
        },
    },
}


@pytest.fixture(scope="module")
def study(seed_path):
    """The seed's study: what the report shows."""
    from runreport.analysis.study import load_study

    return load_study(seed_path, ROOT / "data" / "annotations" / f"{seed_path.stem}.yaml")


def _soup(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _background(png) -> tuple[int, int, int]:
    """The colour of the top-left pixel of a screenshot: the page background."""
    with Image.open(io.BytesIO(png.read_bytes())) as image:
        return image.convert("RGB").getpixel((2, 2))


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("width", WIDTHS)
def test_page_fits_the_screen(browser, seed_build, name, width):
    shot = ARTIFACTS / f"seed-{name}-{width}.png"
    report = browser.inspect_page(
        seed_build[0] / f"{name}.html", shot, width=width, with_axe=width == 360
    )
    # No sideways scrolling, nothing sticking out, even when the page is narrower
    # than the longest word.
    assert report.viewport_width == width and report.page_width == width
    assert report.overflowing == []
    # Every figure uses the text column (at least 90 % of it).
    for key, image, column in report.figure_images:
        assert image >= 0.9 * column, (key, image, column)
    assert len(report.figure_images) == (9 if name == "report" else 0)
    # Still offline, script-free and accessible (axe at 360 px).
    assert report.ok, report.problems()
    with Image.open(shot) as image:
        assert image.width == width


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("width", (360, 1280))
def test_dark_mode_keeps_contrast(browser, seed_build, name, width, tmp_path):
    shot = ARTIFACTS / f"seed-{name}-{width}-dark.png"
    report = browser.inspect_page(
        seed_build[0] / f"{name}.html", shot, width=width, color_scheme="dark", with_axe=True
    )
    assert report.axe_violations == [], [(v["id"], v["nodes"][:3]) for v in report.axe_violations]
    record_axe_incomplete(ARTIFACTS / "axe-incomplete", f"seed-{name}-{width}-dark", report)
    assert report.ok, report.problems()
    assert max(_background(shot)) < 40  # the page really is dark...
    light = (
        tmp_path / "light.png"
    )  # the first screen is enough (test_page_fits_the_screen keeps the whole page)
    browser.evaluate(
        seed_build[0] / f"{name}.html", "1", width=width, screenshot=light, full_page=False
    )
    assert min(_background(light)) > 240  # ...and light without the preference


def test_wide_tables_become_labelled_cards_on_phones(browser, seed_build):
    page = seed_build[0] / "report.html"
    rows = """(selector) => [...document.querySelectorAll(selector)].map((row) => [
        getComputedStyle(row).display, getComputedStyle(row.cells[1], '::before').content])"""
    narrow = browser.evaluate(page, rows, "#tbl-fact-check tbody tr", width=360)
    wide = browser.evaluate(page, rows, "#tbl-fact-check tbody tr", width=1280)
    # A card per claim, each value labelled with its column (label hidden from
    # screen readers: / "")...
    assert narrow == [["block", '"the article says" / ""']] * 5
    # ...and a plain table on a wide screen.
    assert wide == [["table-row", "none"]] * 5
    # Narrow tables (three columns or fewer) keep their grid on a phone.
    assert {d for d, _ in browser.evaluate(page, rows, "#tbl-faqs tbody tr", width=360)} == {
        "table-row"
    }
    index = browser.evaluate(seed_build[0] / "index.html", rows, "tbody tr", width=360)
    assert index and all(display == "block" for display, _ in index)


@pytest.mark.parametrize("name", PAGES)
def test_tables_keep_caption_headers_and_reading_order(browser, seed_build, name):
    # What assistive technology gets is the same on a phone (cards) as on a wide screen (grid).
    page = seed_build[0] / f"{name}.html"
    narrow = browser.accessibility_tree(page, width=360)
    assert narrow == browser.accessibility_tree(page, width=1280)
    roles = {role for role, _ in narrow}
    assert {"table", "columnheader", "cell"} <= roles
    tables = [label for role, label in narrow if role == "table"]
    assert tables and all(tables), tables  # every table is named by its caption
    if name == "report":
        cells = [node for node in narrow if node[0] in {"row", "rowheader", "cell"}]
        row = cells.index(
            ("rowheader", "26")
        )  # the claim on line 26, then its cells in column order
        assert cells[row + 1][0] == "cell" and "17.8 injuries per 1000 hours" in cells[row + 1][1]
        assert cells[row + 2] == ("cell", "17.8 injuries per 1000 hours")


def test_motion_follows_the_readers_preference(browser, seed_build):
    page = seed_build[0] / "report.html"
    behaviour = "getComputedStyle(document.documentElement).scrollBehavior"
    assert browser.evaluate(page, behaviour, reduced_motion="no-preference") == "smooth"
    assert browser.evaluate(page, behaviour, reduced_motion="reduce") == "auto"


def test_head_has_description_preview_and_inline_icon(seed_build, study):
    from runreport.analysis import narrative

    report, index = _soup(seed_build[0] / "report.html"), _soup(seed_build[0] / "index.html")
    description = report.find("meta", attrs={"name": "description"})["content"]
    assert description == narrative.description(study)
    assert "0 verified, 2 misattributed (right number, wrong group), 3 unsourced" in description
    og = {m["property"]: m["content"] for m in report.find_all("meta", attrs={"property": True})}
    assert og == {
        "og:type": "article",
        "og:site_name": "runreport",
        "og:title": report.title.string,
        "og:description": description,
    }
    index_description = index.find("meta", attrs={"name": "description"})["content"]
    assert study.article.title in index_description and "16 data tables as CSV" in index_description
    # The same icon on both pages, inline: no request for /favicon.ico.
    icons = [page.find("link", rel="icon")["href"] for page in (report, index)]
    assert icons[0] == icons[1] and icons[0].startswith("data:image/svg+xml,")
    assert unquote(icons[0].removeprefix("data:image/svg+xml,")).startswith("<svg xmlns=")
    assert report.find("meta", attrs={"name": "color-scheme"})["content"] == "light dark"


def test_claim_reviews_follow_googles_fact_check_properties(seed_build, study):
    html = (seed_build[0] / "report.html").read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert len(blocks) == 1 and html.count("<script") == 1
    reviews = json.loads(blocks[0])
    jsonschema.validate(reviews, CLAIM_REVIEW_SCHEMA)

    # One review per checked claim of the report's fact-check table, in its order, with its words.
    checked = study.fact_check[study.fact_check["status"] != "not annotated"]
    assert [r["claimReviewed"] for r in reviews] == checked["quote"].tolist()
    assert [r["reviewRating"]["alternateName"] for r in reviews] == checked["status_label"].tolist()
    scale = {"verified": 4, "misattributed": 3, "unsourced": 2, "out of range": 1}
    assert [r["reviewRating"]["ratingValue"] for r in reviews] == [
        scale[s] for s in checked["status"]
    ]
    assert [r["itemReviewed"]["name"] for r in reviews] == [
        f"Line {line} of “{study.article.title}”" for line in checked["line"]
    ]
    cited = [r.get("citation", {}).get("url") for r in reviews]
    assert cited.count("https://doi.org/10.1007/s40279-015-0333-8") == 2
    # Each url is the claim's own row in the fact-check table.
    soup = BeautifulSoup(html, "html.parser")
    for review, row in zip(reviews, checked.itertuples(), strict=True):
        tr = soup.find(id=review["url"][1:])
        assert tr.name == "tr" and tr.find_parent("table")["id"] == "tbl-fact-check"
        assert tr.th.get_text() == str(row.line) and row.quote in tr.get_text()
    # Published on the build date (reproducible: SOURCE_DATE_EPOCH, like the download page).
    built = datetime.fromtimestamp(int(source_date_epoch()), UTC).strftime("%Y-%m-%d")
    assert {r["datePublished"] for r in reviews} == {built}


#: The report's charts by figure key, drawn as the report notebook draws them.
REPORT_CHARTS = {
    "anatomy": lambda s: s.charts.plot_anatomy(s.study.anatomy),
    "claims-vs-sources": lambda s: s.charts.plot_claims_vs_sources(s.study.fact_check),
    "incidence": lambda s: s.charts.plot_incidence(s.study.incidence),
    "prevalence-context": lambda s: s.charts.plot_prevalence_context(s.study.prevalence),
    "cause-symptoms": lambda s: s.charts.plot_mentions_heatmap(
        s.study.mentions("symptom"), kind="symptom"
    ),
    "cause-treatments": lambda s: s.charts.plot_mentions_heatmap(
        s.study.mentions("treatment"), kind="treatment"
    ),
    "tips-by-category": lambda s: s.charts.plot_tips_by_category(s.study.tips),
    "tip-coverage": lambda s: s.charts.plot_tip_coverage(s.study.coverage),
    "risk": lambda s: s.charts.plot_risk(s.study.risk, weeks=s.weeks),
}

#: Each figure's image as the browser shows it, after scrolling it into view and decoding it:
#: key, displayed width in CSS px, intrinsic width in image px, the image it shows (currentSrc).
_SHOWN_IMAGES = """async () => {
    const shown = [];
    for (const img of document.querySelectorAll('.rr-figure img')) {
        img.scrollIntoView();
        await img.decode();
        shown.push([img.closest('figure').dataset.figureKey, img.getBoundingClientRect().width,
                    img.naturalWidth, img.currentSrc]);
    }
    return shown;
}"""


def _smallest_text_pt(figure) -> float:
    """The smallest font size, in points, of any text drawn on *figure*."""
    from matplotlib.text import Text

    return min(
        t.get_fontsize() for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()
    )


def test_charts_are_legible_on_a_phone(browser, seed_build, study):
    # Which image each figure shows at 360 px, how wide it is drawn, and the figure it was
    # drawn from: the smallest text in CSS px is its size in points times the CSS px per point
    # the image is shown at.
    from types import SimpleNamespace

    from runreport import charts
    from runreport.analysis.findings import SEASON_WEEKS
    from runreport.charts.chart import NARROW_DPI, narrow_png
    from runreport.publish.images import webp_data_uri

    report = seed_build[0] / "report.html"
    phone = browser.evaluate(
        report, _SHOWN_IMAGES, width=360, screenshot=ARTIFACTS / "seed-report-360-charts.png"
    )
    wide = {
        key: (shown, src)
        for key, shown, _, src in browser.evaluate(report, _SHOWN_IMAGES, width=1280)
    }
    assert sorted(key for key, *_ in phone) == sorted(REPORT_CHARTS)
    ns = SimpleNamespace(charts=charts, study=study, weeks=SEASON_WEEKS)
    smallest = {}
    for key, shown_width, natural_width, current_src in phone:
        chart = REPORT_CHARTS[key](ns)
        narrow = chart.narrow()
        width_in = narrow.figure.get_figwidth()
        # The page shows the narrow layout (the very image drawn from this chart)...
        assert current_src == webp_data_uri(narrow_png(chart)), key
        assert natural_width == round(width_in * NARROW_DPI)
        # ...across the text column (360 px less 2 × 16 px padding)...
        assert shown_width == pytest.approx(328, abs=1)
        smallest[key] = _smallest_text_pt(narrow.figure) * shown_width / (width_in * 72)
        # ...with its text at least 9 CSS px, where the report-width layout's would be under 6.
        report_width_px = (
            _smallest_text_pt(chart.figure) * shown_width / (chart.figure.get_figwidth() * 72)
        )
        assert report_width_px < 6, (key, report_width_px)
        assert smallest[key] >= 9, (key, smallest[key])
        # A wide screen shows the same image across its column (46 rem less 2 × 1.25 rem padding).
        assert wide[key] == (pytest.approx(696, abs=1), current_src), key
    print(
        "smallest chart text at 360 px (CSS px):",
        {k: round(float(v), 1) for k, v in sorted(smallest.items())},
    )
