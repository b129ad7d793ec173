"""The report's machine-readable metadata: ClaimReview objects from the fact-check
frame, the notebook output that carries them, and the exporter that writes them into
``<head>`` (escaped, as data).

Notebooks here are built with their outputs in place: nothing is executed.
"""

from __future__ import annotations

import json
import re

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from runreport.publish import ReportHTMLExporter
from runreport.publish.head import (
    PageMetadataPreprocessor,
    date_published,
    insert_head,
    json_ld,
)
from runreport.publish.metadata import (
    MIMETYPE,
    RATING_SCALE,
    claim_ids,
    claim_reviews,
    page_metadata,
)

HOSTILE = "</script><script>alert(1)</script><!-- & 'x' \"y\" </head>"


def _fact_check() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "line": [2, 5, 5, 9],
            "quote": [
                "14% of runners.",
                f"Quote {HOSTILE}",
                "Another claim on line 5.",
                "Not checked.",
            ],
            "status": ["unsourced", "verified", "misattributed", "not annotated"],
            "status_label": [
                "unsourced; contradicted by the article itself",
                "verified",
                "number right but misattributed",
                "not annotated",
            ],
            "verdict": ["No source.", "Matches.", "Other group.", ""],
            "note": ["", "A note.", "", ""],
            "source": ["", "Smith (2020), Journal", "Smith (2020), Journal", ""],
            "url": ["", "https://doi.org/10.1000/x", "", ""],
        }
    )


def test_claim_ids_are_unique_per_line():
    assert claim_ids(_fact_check()) == [
        "claim-line-2",
        "claim-line-5",
        "claim-line-5-2",
        "claim-line-9",
    ]


def test_claim_reviews_publish_only_checked_claims_on_the_documented_scale():
    reviews = claim_reviews(_fact_check(), article_title="Title <b>", article_file="a.txt")
    assert [r["url"] for r in reviews] == ["#claim-line-2", "#claim-line-5", "#claim-line-5-2"]
    assert [r["reviewRating"]["ratingValue"] for r in reviews] == [2, 4, 3]
    assert RATING_SCALE == {
        "verified": 4,
        "misattributed": 3,
        "unsourced": 2,
        "own data": 2,  # like an unsourced claim: no published figure backs it
        "out of range": 1,
    }
    first, second, third = reviews
    assert first["claimReviewed"] == "14% of runners."
    assert first["reviewRating"]["alternateName"] == "unsourced; contradicted by the article itself"
    assert first["itemReviewed"] == {
        "@type": "Claim",
        "name": "Line 2 of “Title <b>”",
        "appearance": {"@type": "CreativeWork", "name": "Title <b>", "identifier": "a.txt"},
    }
    assert "citation" not in first and "reviewBody" not in first
    assert second["citation"] == {
        "@type": "CreativeWork",
        "name": "Smith (2020), Journal",
        "url": "https://doi.org/10.1000/x",
    }
    assert second["reviewBody"] == "A note."
    assert third["citation"] == {"@type": "CreativeWork", "name": "Smith (2020), Journal"}
    assert all(r["author"] == {"@type": "Organization", "name": "runreport"} for r in reviews)
    assert "datePublished" not in first  # the exporter adds the build date


def _metadata_output(**payload) -> nbformat.NotebookNode:
    return new_output(
        "display_data", data={MIMETYPE: page_metadata(**payload), "text/plain": "metadata"}
    )


def _notebook(reviews, description=f"Summary {HOSTILE}") -> nbformat.NotebookNode:
    html = new_output(
        "display_data", data={"text/html": "<p>Visible output.</p>", "text/plain": "x"}
    )
    return new_notebook(
        cells=[
            new_markdown_cell("# Fact-check: a title"),
            new_code_cell(
                "show()",
                outputs=[
                    html,
                    _metadata_output(
                        title=f"Fact-check: {HOSTILE}",
                        description=description,
                        claim_reviews=reviews,
                    ),
                ],
            ),
        ]
    )


def test_preprocessor_takes_the_metadata_out_of_the_page():
    nb = _notebook([{"a": 1}])
    nb.cells.append(
        new_code_cell(
            "more()",
            outputs=[_metadata_output(title="", description="Later.", claim_reviews=[{"b": 2}])],
        )
    )
    nb, resources = PageMetadataPreprocessor().preprocess(nb, {})
    assert [len(c.get("outputs", [])) for c in nb.cells] == [0, 1, 0]
    assert nb.cells[1].outputs[0]["data"]["text/html"] == "<p>Visible output.</p>"
    assert resources["runreport"]["page"] == {
        "title": f"Fact-check: {HOSTILE}",
        "description": "Later.",
        "claim_reviews": [{"a": 1}, {"b": 2}],
    }


@pytest.fixture
def exported(monkeypatch):
    """Export the small notebook with a build date set."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    reviews = claim_reviews(_fact_check(), article_title=f"T {HOSTILE}", article_file="a.txt")
    html, _ = ReportHTMLExporter().from_notebook_node(
        _notebook(reviews), resources={"metadata": {"name": "r"}}
    )
    return html, reviews


def test_exporter_writes_description_preview_and_escaped_json_ld(exported):
    html, reviews = exported
    head, body = html.split("</head>", 1)
    assert MIMETYPE not in html and "metadata" not in body  # the output left the body
    assert 'content="Summary &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;' in head
    assert head.count('name="description"') == 1 and 'property="og:description"' in head
    assert 'content="Fact-check: &lt;/script&gt;' in head  # og:title
    assert re.findall(r"<script[^>]*>", html) == ['<script type="application/ld+json">']
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)[1]
    assert not set("<>&'") & set(block)
    assert json.loads(block) == [{**r, "datePublished": "2026-01-01"} for r in reviews]
    assert '<link rel="icon" href="data:image/svg+xml,%3Csvg' in head


def test_exporter_is_deterministic_and_dates_only_from_source_date_epoch(exported, monkeypatch):
    html, reviews = exported
    again, _ = ReportHTMLExporter().from_notebook_node(
        _notebook(reviews), resources={"metadata": {"name": "r"}}
    )
    assert again == html
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    undated, _ = ReportHTMLExporter().from_notebook_node(
        _notebook(reviews), resources={"metadata": {"name": "r"}}
    )
    assert "datePublished" not in undated and '"claimReviewed"' in undated


def test_no_reviews_no_script():
    html, _ = ReportHTMLExporter().from_notebook_node(
        _notebook([]), resources={"metadata": {"name": "r"}}
    )
    assert "<script" not in html and 'name="description"' in html
    assert json_ld([]) == ""


def test_helpers():
    assert date_published("1767225600") == "2026-01-01"
    assert date_published("") is None and date_published("soon") is None
    assert insert_head("<head><title>t</title></head><p>&lt;/head&gt;</p>", "<x>") == (
        "<head><title>t</title><x></head><p>&lt;/head&gt;</p>"
    )
    with pytest.raises(ValueError, match="no </head>"):
        insert_head("<p>no head</p>", "<x>")


def _png_base64(image) -> str:
    import base64
    import io

    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return base64.b64encode(buf.getvalue()).decode()


def _webp_image(data: str):
    import base64
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(base64.b64decode(data)))
    assert image.format == "WEBP"
    return image.convert("RGB")


def test_inline_images_become_lossless_webp_with_the_same_pixels():
    from PIL import Image

    from runreport.publish.images import webp_inline_images

    image = Image.new("RGB", (40, 30), "white")
    image.paste((11, 85, 160), (5, 5, 20, 25))
    paletted = image.quantize(colors=8)
    png = _png_base64(paletted)
    html = (
        f'<figure><img src="data:image/png;base64,{png}" alt="A" width="40" height="30"></figure>'
        f"<p>data:image/png;base64,{png}</p>"
    )
    out = webp_inline_images(html)
    src = re.search(
        r'<img src="data:image/webp;base64,([^"]+)" alt="A" width="40" height="30">', out
    )[1]
    assert out.endswith(f"<p>data:image/png;base64,{png}</p>")  # only <img src> is touched
    assert (
        _webp_image(src).tobytes() == paletted.convert("RGB").tobytes()
    )  # few colours: the same pixels
    assert webp_inline_images(html) == out  # deterministic


def test_screen_images_have_at_most_32_colours_close_to_the_original():
    import numpy as np
    from PIL import Image

    from runreport.publish.images import (
        SCREEN_COLOURS,
        narrow_images,
        report_width_images,
        webp_inline_images,
    )

    # A chart-like image: a flat bar and a smooth ramp (anti-aliasing has many in-between colours).
    ramp = np.zeros((30, 256, 3), dtype=np.uint8)
    ramp[:] = np.linspace(0, 255, 256, dtype=np.uint8)[None, :, None]
    ramp[5:15, 20:120] = (0, 114, 178)
    original = Image.fromarray(ramp, "RGB")
    wide, narrow = _png_base64(original), _png_base64(original.resize((128, 15)))
    picture = (
        f'<picture><source height="15" media="(max-width: 36em)" '
        f'srcset="data:image/png;base64,{narrow}"'
        f' width="128"><img alt="A" src="data:image/png;base64,{wide}"></picture>'
    )
    out = webp_inline_images(picture)
    narrow_webp = re.search(r'srcset="data:image/webp;base64,([^"]+)"', out)[1]
    wide_webp = re.search(r'src="data:image/webp;base64,([^"]+)"', out)[1]
    screen = _webp_image(wide_webp)
    assert len(screen.getcolors(1 << 16)) <= SCREEN_COLOURS < len(original.getcolors(1 << 16))
    difference = np.abs(np.asarray(screen, dtype=int) - np.asarray(original, dtype=int))
    assert difference.mean() < 3 and difference.max() <= 12
    assert _webp_image(narrow_webp).size == (128, 15)  # the narrow source is re-encoded too
    # The PDF gets the <img> alone, exactly as written...
    assert report_width_images(f"<figure>\n{picture}\n</figure>") == (
        f'<figure>\n<img alt="A" src="data:image/png;base64,{wide}">\n</figure>'
    )
    # ...the screen page the <img> with the narrow source's image and size, and its own alt text.
    shown = (
        f'<picture><source height="15" media="(max-width: 36em)" '
        f'srcset="data:image/png;base64,{narrow}"'
        f' width="128"><img alt="A &amp; B" decoding="async" height="30" loading="lazy"'
        f' src="data:image/png;base64,{wide}" width="256"></picture>'
    )
    assert narrow_images(f"<figure>\n{shown}\n</figure>") == (
        f'<figure>\n<img alt="A &amp; B" decoding="async" height="15" loading="lazy"'
        f' src="data:image/png;base64,{narrow}" width="128">\n</figure>'
    )


def test_pdf_exporter_keeps_png(exported):
    from runreport.publish import ReportPDFExporter

    assert (
        ReportHTMLExporter().inline_images == "webp" and ReportPDFExporter().inline_images == "png"
    )
    assert ReportHTMLExporter().figure_images == "narrow"
    assert ReportPDFExporter().figure_images == "report-width"


def test_table_rows_carry_ids_and_column_labels(tmp_path):
    from runreport.publish.display import ReportPage

    page = ReportPage(tmp_path)
    frame = pd.DataFrame({"line": [2, 5], "the <article> says": ["a", "b"]})
    html = str(
        page.render_table(frame, "claims", "Claims.", row_ids=["claim-line-2", "claim-line-5"])
    )
    assert '<tr id="claim-line-2"><th scope="row" class="num" data-label="line">2</th>' in html
    assert '<td data-label="the &lt;article&gt; says">b</td>' in html
    with pytest.raises(ValueError, match="1 row ids for 2 rows"):
        page.render_table(frame, "claims", "Claims.", row_ids=["x"])


def test_a_page_that_keeps_pngs_gets_palette_pngs_with_the_same_pixels():
    """With inline_images="png", the phone layout (an RGB intermediate) is stored as
    the figure files are."""
    import base64
    import io

    from PIL import Image

    from runreport.publish.images import palette_inline_images

    image = Image.new("RGB", (40, 30), "white")
    image.paste((11, 85, 160), (5, 5, 20, 25))
    rgb, paletted = _png_base64(image), _png_base64(image.quantize(colors=8))
    html = (
        f'<picture><source media="(max-width: 36em)" srcset="data:image/png;base64,{rgb}" '
        f'width="40" height="30"><img src="data:image/png;base64,{paletted}" alt="A" '
        f'width="40" height="30"></picture>'
        f'<img src="data:image/png;base64,not-base64!" alt="B">'
    )
    out = palette_inline_images(html)
    src = re.search(r'srcset="data:image/png;base64,([^"]+)"', out)[1]
    shown = Image.open(io.BytesIO(base64.b64decode(src)))
    assert shown.mode == "P" and shown.convert("RGB").tobytes() == image.tobytes()
    assert (
        f'<img src="data:image/png;base64,{paletted}" alt="A"' in out
    )  # already a palette: as it was
    assert out.endswith(
        '<img src="data:image/png;base64,not-base64!" alt="B">'
    )  # unreadable: as it was
    assert palette_inline_images(out) == out


def _chart_like(size: tuple[int, int] = (400, 300)):
    """White ground, a large orange bar, a small yellow marker, and anti-aliased grey text-like
    noise (hundreds of greys), as a chart gives the quantizers."""
    import numpy as np
    from PIL import Image

    pixels = np.full((size[1], size[0], 3), 255, dtype=np.uint8)
    pixels[40:260, 40:200] = (213, 94, 0)  # a large bar in the house orange
    pixels[140:150, 300:310] = (230, 159, 0)  # a small marker in the house yellow
    ramp = np.linspace(30, 250, 300).astype(np.uint8)  # the anti-aliased edges of text
    for row in range(270, 290):
        pixels[row, 50:350] = np.stack([ramp, ramp, ramp + 3 * (row % 2)], axis=1)
    return Image.fromarray(pixels, "RGB"), pixels


def test_reduced_images_keep_every_series_colour():
    """The screen image (32 colours) and the figure files (256) keep a small marker's colour; median
    cut gave the 32-colour marker the orange of the large bar."""
    import base64
    import io

    import numpy as np
    from PIL import Image

    from runreport.charts.chart import _palette
    from runreport.publish.images import webp_data_uri

    image, pixels = _chart_like()
    png = io.BytesIO()
    image.save(png, format="PNG")
    webp = base64.b64decode(webp_data_uri(png.getvalue()).split(",", 1)[1])
    screen = np.asarray(Image.open(io.BytesIO(webp)).convert("RGB")).astype(int)
    files = np.asarray(
        Image.open(io.BytesIO(_palette(image.convert("RGBA")))).convert("RGB")
    ).astype(int)
    for shown, tolerance in ((screen, 12), (files, 4)):
        assert np.abs(shown[145, 305] - (230, 159, 0)).max() <= tolerance  # the marker stays yellow
        assert np.abs(shown[100, 100] - (213, 94, 0)).max() <= tolerance  # the bar stays orange
        assert (shown[10, 10] == 255).all()  # the ground stays white
