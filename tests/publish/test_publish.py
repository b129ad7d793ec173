"""runreport.publish: display helpers, preprocessors, HTML and PDF exporters.

The end-to-end tests build a small report notebook with nbformat (a parameters
cell, headings, a chart, a table full of hostile text, cross references),
execute it with nbclient in the venv's ``python3`` kernel, and export it with
both exporters.
"""

from __future__ import annotations

import io
import re
from itertools import pairwise
from pathlib import Path

import matplotlib
import nbformat
import numpy as np
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from runreport.charts import Chart
from runreport.publish import (
    CrossReferencePreprocessor,
    ReportHTMLExporter,
    ReportPage,
    ReportPDFExporter,
    ReportTagRemovePreprocessor,
)

matplotlib.use("Agg")

HOSTILE = [
    "<script>alert(1)</script>",
    "{{ 7*7 }} {% if true %}x{% endif %} ${7*7}",
    "<img src=x onerror=alert(1)>",
]
TITLE = "Soreness after running: the claims"


def _chart(key: str = "demo", title: str = "Claims per cause") -> Chart:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
    ax.bar(["a", "b", "c"], [3, 1, 2])
    return Chart(
        key=key,
        figure=fig,
        title=title,
        caption="Each bar is one cause.",
        alt="Bar chart: cause a has the most claims (3), then c (2) and b (1).",
        source="Source: the article.",
        data=pd.DataFrame({"cause": ["a", "b", "c"], "claims": [3, 1, 2]}),
    )


# --------------------------------------------------------------- display ---


def test_render_figure_writes_deterministic_files(tmp_path):
    page = ReportPage(figures_dir=tmp_path / "figures")
    first = page.render_figure(_chart(title="Claims <b>per</b> cause"))
    png, svg, csv = (first.png.read_bytes(), first.svg.read_bytes(), first.csv.read_bytes())
    second = ReportPage(figures_dir=tmp_path / "figures").render_figure(_chart())

    assert (first.number, second.number) == (1, 1)
    assert png.startswith(b"\x89PNG") and second.png.read_bytes() == png
    assert second.svg.read_bytes() == svg and b"<dc:date>" not in svg
    assert csv == b"cause,claims\na,3\nb,1\nc,2\n"
    html = str(first.html)
    assert 'id="fig-demo"' in html and 'data-figure-number="1"' in html
    assert 'src="data:image/png;base64,' in html and 'alt="Bar chart: cause a' in html
    assert "Claims &lt;b&gt;per&lt;/b&gt; cause" in html and "<b>per" not in html
    assert 'href="figures/demo.svg"' in html


def test_figure_numbers_run_and_rerun_keeps_number(tmp_path):
    page = ReportPage(figures_dir=tmp_path)
    numbers = [page.render_figure(_chart(k)).number for k in ("a", "b", "a", "c")]
    assert numbers == [1, 2, 1, 3]


@pytest.mark.parametrize("key", ["", "Has Space", "../up", "x" * 70, "-lead"])
def test_bad_keys_are_refused(tmp_path, key):
    with pytest.raises(ValueError, match="invalid figure key"):
        ReportPage(figures_dir=tmp_path).render_figure(_chart(key))


def test_table_escapes_everything_and_links_only_http():
    df = pd.DataFrame(
        {
            "claim": HOSTILE,
            "score": [0.5, np.nan, 2.0],
            "source_url": ['https://example.org/?a=1&b="2"', "javascript:alert(1)", None],
            "doi": ["10.1000/xyz", "<b>", None],
        }
    )
    html = str(ReportPage(figures_dir=".").render_table(df, "claims", "Claims <i>here</i>"))

    assert "<script" not in html and "<img" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "{{ 7*7 }}" in html  # literal text, never evaluated
    assert 'href="https://example.org/?a=1&amp;b=&#34;2&#34;"' in html
    assert 'href="https://doi.org/10.1000/xyz"' in html
    assert "javascript:" not in re.findall(r'href="([^"]*)"', html)[-1]
    assert html.count("<a ") == 2
    assert '<th scope="col"' in html and '<caption id="tbl-claims-caption">' in html
    assert 'data-table-number="1"' in html and "\N{EM DASH}" in html


def test_table_marks_only_cells_with_long_tokens_for_breaking():
    token = "x" * 60
    df = pd.DataFrame(
        {
            "claim": [f"see {token} here", "number right but misattributed"],
            "status": ["onmouseover=alert(2)>For</b> x", "related conclusion"],
            "url": ["https://example.org/" + "a" * 40, "https://example.org/"],
        }
    )
    html = str(ReportPage(figures_dir=".").render_table(df, "t", "T."))
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)[1:]
    cells = [re.findall(r"<t[dh]([^>]*)>", row) for row in rows]
    assert cells[0] == [
        ' scope="row" class="rr-break" data-label="claim"',
        ' class="rr-break" data-label="status"',
        ' class="rr-break" data-label="url"',
    ]
    # "misattributed", "conclusion": normal wrapping
    assert cells[1] == [
        ' scope="row" data-label="claim"',
        ' data-label="status"',
        ' data-label="url"',
    ]


def test_css_breaks_only_marked_cells_and_code_has_no_side_padding():
    from runreport.config import TEMPLATES_DIR

    css = (TEMPLATES_DIR / "runreport" / "report.css").read_text(encoding="utf-8")
    rules = re.findall(r"([^{}]+)\{([^{}]*overflow-wrap:\s*anywhere[^{}]*)\}", css)
    assert [" ".join(sel.split()[-2:]) for sel, _ in rules] == ["td.rr-break, th.rr-break"]
    code = re.search(r"(?m)^code\s*\{([^}]*)\}", css)[1]
    padding = re.search(r"padding:\s*([^;]+);", code)[1].split()
    assert padding[1:2] in ([], ["0"])  # a side padding shows as a gap before "," or ";"
    print_rules = css[css.index("@media print") :]
    max_height = re.search(r"\.rr-figure img\s*\{[^}]*max-height:\s*(\d+)mm", print_rules)
    assert 150 <= int(max_height[1]) <= 170  # tall charts keep readable labels, fit a page


# --------------------------------------------------------- preprocessors ---


def _figure_output(key: str, number: int) -> nbformat.NotebookNode:
    html = (
        f'<figure id="fig-{key}" class="rr-figure" data-figure-key="{key}" '
        f'data-figure-number="{number}"><figcaption><span class="rr-label">Figure {number}.'
        f"</span> x</figcaption></figure>"
    )
    return new_output("display_data", data={"text/html": html})


def test_cross_references_renumber_in_document_order():
    nb = new_notebook(
        cells=[
            new_markdown_cell(
                "See [Figure](#fig-b), [fig.](#fig-a) and [this](#fig-a). `[Figure](#fig-zz)`"
            ),
            new_code_cell("", outputs=[_figure_output("b", 7)]),
            new_code_cell("", outputs=[_figure_output("a", 3)]),
        ]
    )
    nb, resources = CrossReferencePreprocessor().preprocess(nb, {})
    assert nb.cells[0].source == (
        "See [Figure 1](#fig-b), [Figure 2](#fig-a) and [this](#fig-a). `[Figure](#fig-zz)`"
    )
    html_b = nb.cells[1].outputs[0].data["text/html"]
    assert 'data-figure-number="1"' in html_b and "Figure 1." in html_b
    assert resources["runreport"]["figures"] == {"b": 1, "a": 2}


def test_cross_reference_to_unknown_key_is_an_error():
    nb = new_notebook(cells=[new_markdown_cell("As [Figure](#fig-missing) shows.")])
    with pytest.raises(ValueError, match="unknown figure 'missing'"):
        CrossReferencePreprocessor().preprocess(nb, {})


def test_duplicate_figure_key_is_an_error():
    nb = new_notebook(cells=[new_code_cell("", outputs=[_figure_output("a", 1)]) for _ in range(2)])
    with pytest.raises(ValueError, match="shown twice"):
        CrossReferencePreprocessor().preprocess(nb, {})


def test_tag_remove_drops_parameter_cells_and_stderr():
    nb = new_notebook(
        cells=[
            new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
            new_code_cell("y = 1", metadata={"tags": ["injected-parameters"]}),
            new_code_cell("w = 1", metadata={"tags": ["configured"]}),
            new_code_cell(
                "v", metadata={"tags": ["remove-output"]}, outputs=[new_output("stream", text="x")]
            ),
            new_code_cell(
                "z",
                outputs=[
                    new_output("stream", name="stderr", text="UserWarning: noise\n"),
                    new_output("stream", name="stdout", text="kept\n"),
                ],
            ),
        ]
    )
    # configuring the nbconvert trait adds to the report's tags, never replaces them
    nb, _ = ReportTagRemovePreprocessor(remove_cell_tags={"configured"}).preprocess(nb, {})
    assert [c.source for c in nb.cells] == ["v", "z"]
    assert nb.cells[0].outputs == []
    assert [o.name for o in nb.cells[1].outputs] == ["stdout"]


def test_a_heading_appears_only_when_its_section_shows_something():
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    tagged = {"tags": ["earned-by-next"]}
    shown = new_output("display_data", data={"text/html": "<p>3 rates</p>"})
    nb = new_notebook(
        cells=[
            new_markdown_cell("### Incidence", metadata=tagged),
            new_code_cell("if rates: show(text)", outputs=[]),  # no rates: nothing shown
            new_markdown_cell("### Risk", metadata=tagged),
            new_code_cell("show(risk)", outputs=[shown]),
            new_markdown_cell("## Methods"),  # untagged headings always stay
            new_code_cell("pass", outputs=[]),
            new_markdown_cell("### Last", metadata=tagged),  # nothing after it
        ]
    )
    nb, _ = ReportTagRemovePreprocessor().preprocess(nb, {})
    assert [c.source for c in nb.cells if c.cell_type == "markdown"] == ["### Risk", "## Methods"]


# ------------------------------------------------------------ end to end ---

SETUP = """\
import warnings
import numpy as np, pandas as pd
import matplotlib.pyplot as plt
from runreport.charts import Chart
from runreport.publish.display import ReportPage
warnings.warn("NOISY-WARNING for the editor only")
page = ReportPage(figures_dir=FIGURES)
"""

FIGURE = """\
fig, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
ax.plot([1, 2, 3], [2, 4, 3])
page.figure(Chart("demo", fig, "Claims over time", "A line.", \
"Line chart rising from 2 to 4, then 3.",
                  "Source: test.", pd.DataFrame({"x": [1, 2, 3], "y": [2, 4, 3]})))
"""

TABLE = """\
df = pd.DataFrame({"claim": HOSTILE, "n": [1, 2, 3],
                   "source_url": ["https://example.org/a", "http://example.org/b", "ftp://no"]})
page.table(df, key="claims", caption="Claims as written.")
"""


def _report_notebook(figures: Path) -> nbformat.NotebookNode:
    return new_notebook(
        cells=[
            new_code_cell('print("PARAMETERS-CELL-OUTPUT")', metadata={"tags": ["parameters"]}),
            new_code_cell(f"FIGURES = {str(figures)!r}\nHOSTILE = {HOSTILE!r}"),
            new_markdown_cell(f"# {TITLE}\n\nA short report for the tests."),
            new_code_cell(SETUP),
            new_markdown_cell("## Figures\n\nAs [Figure](#fig-demo) shows, claims rise."),
            new_code_cell(FIGURE),
            new_markdown_cell("### Detail\n\nMore in [Table](#tbl-claims)."),
            new_markdown_cell(
                "## Claims\n\nEvery claim, escaped. Input: `a.txt`, then `PATH`; see "
                "[the data](data/), [its package](data/datapackage.json), "
                "[the downloads](index.html) and [a PNG](figures/demo.png)."
            ),
            new_code_cell(TABLE),
        ],
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
    )


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> tuple[nbformat.NotebookNode, Path]:
    """The test report, executed in the venv's python3 kernel."""
    import nbclient

    workdir = tmp_path_factory.mktemp("report")
    nb = _report_notebook(workdir / "figures")
    nbclient.NotebookClient(
        nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(workdir)}}
    ).execute()
    return nb, workdir


def _export(exporter_cls, nb, workdir):
    resources = {"metadata": {"name": "report", "path": str(workdir)}}
    return exporter_cls().from_notebook_node(nbformat.from_dict(nb), resources=resources)


@pytest.fixture(scope="module")
def html(executed) -> str:
    nb, workdir = executed
    return _export(ReportHTMLExporter, nb, workdir)[0]


@pytest.fixture(scope="module")
def pdf(executed) -> bytes:
    nb, workdir = executed
    return _export(ReportPDFExporter, nb, workdir)[0]


@pytest.mark.slow
def test_kernel_side_outputs(executed):
    nb, workdir = executed
    figure_cell = next(c for c in nb.cells if "page.figure" in c.source)
    kinds = [(o.output_type, sorted(o.get("data", {}))) for o in figure_cell.outputs]
    assert kinds == [("display_data", ["text/html", "text/plain"])]  # no <Figure size…>
    assert sorted(p.name for p in (workdir / "figures").iterdir()) == [
        "demo.csv",
        "demo.png",
        "demo.svg",
    ]


@pytest.mark.slow
def test_html_is_escaped_and_script_free(html):
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "onerror=" not in re.sub(r"&lt;img src=x onerror=alert\(1\)&gt;", "", html)
    assert "{{ 7*7 }}" in html and ">49<" not in html


@pytest.mark.slow
def test_html_is_self_contained(html):
    # The one <link> is the inline icon.
    assert re.findall(r"<link[^>]*>", html) == [
        re.search(r'<link rel="icon" href="data:image/svg\+xml,[^"]+">', html)[0]
    ]
    assert "@import" not in html
    assert not re.search(r"url\(\s*['\"]?(?!data:|#)", html)
    assert not re.search(r"""<\w+[^>]*\ssrc=(?!["']?data:)""", html)
    # only <a> may point outside (links the reader can follow)
    for tag, url in re.findall(r"<(\w+)[^>]*\b(?:href|src)=\"(https?:[^\"]*)\"", html):
        assert tag == "a", (tag, url)
    assert "cdnjs" not in html and "require.js" not in html and "mathjax" not in html.lower()
    assert "widget-state" not in html


@pytest.mark.slow
def test_html_structure_and_accessibility(html):
    assert '<html lang="en">' in html
    assert html.count("<main") == 1 and html.count("</main>") == 1
    assert re.search(r'<nav[^>]*aria-label="Contents"', html)
    assert f"<title>{TITLE}</title>" in html
    nav = re.search(r"<nav.*?</nav>", html, re.S)[0]
    assert 'href="#Figures"' in nav and 'href="#Detail"' in nav and 'href="#Claims"' in nav
    assert "anchor-link" not in html and "¶" not in html
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert all(' alt="' in img for img in re.findall(r"<img[^>]*>", html))
    assert '<caption id="tbl-claims-caption">' in html and 'scope="col"' in html
    levels = [int(n) for n in re.findall(r"<h([1-6])\b", html)]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in pairwise(levels))


@pytest.mark.slow
def test_html_content(html):
    assert '<a href="#fig-demo">Figure 1</a>' in html
    assert '<a href="#tbl-claims">Table 1</a>' in html
    assert "PARAMETERS-CELL-OUTPUT" not in html
    assert "NOISY-WARNING" not in html
    assert "ReportPage(" not in html and "import " not in html  # no code
    assert 'href="ftp://no"' not in html and 'href="https://example.org/a"' in html
    assert "<code>a.txt</code>, then <code>PATH</code>;" in html  # no gap before punctuation
    assert 'href="data/datapackage.json"' in html  # relative links work beside the HTML
    footer = re.search(r"<footer.*?</footer>", html, re.S)[0]
    assert re.sub(r"<[^>]+>|\s+", " ", footer).split() == ["Made", "with", "runreport."]


@pytest.mark.slow
def test_html_is_deterministic(executed, html):
    nb, workdir = executed
    assert _export(ReportHTMLExporter, nb, workdir)[0] == html


@pytest.mark.slow
def test_html_size_is_small(html):
    css = re.search(r"<style>(.*?)</style>", html, re.S)[1]
    assert len(css) < 20_000
    assert len(html.encode()) < 150_000


@pytest.mark.slow
def test_template_found_from_any_directory(executed, tmp_path, monkeypatch):
    nb, workdir = executed
    monkeypatch.chdir(tmp_path)
    assert "<main" in _export(ReportHTMLExporter, nb, workdir)[0]


@pytest.mark.slow
def test_pdf(pdf):
    pypdf = pytest.importorskip("pypdf")
    assert pdf.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    assert titles[:4] == [TITLE, "Figures", "Detail", "Claims"]
    assert reader.metadata.title == TITLE
    assert "/CreationDate" not in reader.metadata and "/ModDate" not in reader.metadata
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "<script>alert(1)</script>" in text  # shown as text, escaped in HTML
    assert "Figure 1" in text and "PARAMETERS-CELL-OUTPUT" not in text
    links = [
        annot.get_object()
        for page in reader.pages
        for annot in page.get("/Annots") or []
        if annot.get_object().get("/Subtype") == "/Link"
    ]
    uris = {a["/A"].get("/URI") for a in links if "/A" in a}
    assert "https://example.org/a" in uris
    # The PDF stands alone: relative links (data/, index.html, figures/…) are not links.
    assert all(re.match(r"[a-z][a-z0-9+.-]*:", str(uri)) for uri in uris), uris
    assert "its package" in text and "the downloads" in text  # the link text stays
    assert any(a.get("/Dest") == "fig-demo" for a in links)  # internal link


@pytest.mark.slow
def test_pdf_is_deterministic(executed, pdf):
    nb, workdir = executed
    assert _export(ReportPDFExporter, nb, workdir)[0] == pdf


def test_pdf_renderer_is_offline_and_quiet(capfd):
    from runreport.publish.pdf import render_pdf

    html = (
        '<!DOCTYPE html><html lang="en"><head><title>t</title>'
        "<style>@import url(https://example.invalid/a.css); p { unknown-property: 1 }"
        "</style></head><body><h1>t</h1>"
        '<img src="https://example.invalid/x.png" alt="x">'
        '<img src="file:///etc/passwd" alt="y"><p>text</p></body></html>'
    )
    result = render_pdf(html)
    assert result.pdf.startswith(b"%PDF-")
    assert "https://example.invalid/x.png" in result.refused
    assert "file:///etc/passwd" in result.refused
    out, err = capfd.readouterr()
    assert out == "" and "weasyprint" not in err.lower() and "unknown-property" not in err


def test_pdf_drops_relative_links_unless_there_is_a_base_url():
    pypdf = pytest.importorskip("pypdf")
    from runreport.publish.pdf import drop_relative_links, render_pdf

    html = (
        '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>'
        '<h1 id="top">t</h1><p><a href="data/">data</a> <a href="index.html">index</a> '
        '<a href="figures/x.png" download>png</a> <a href="https://example.org/">web</a> '
        '<a href="#top">top</a> <a href="mailto:a@example.org">mail</a></p></body></html>'
    )
    kept = drop_relative_links(html)
    assert re.findall(r'href="([^"]*)"', kept) == [
        "https://example.org/",
        "#top",
        "mailto:a@example.org",
    ]
    assert "<a download>png</a>" in kept and ">data</a>" in kept
    no_links = "<p>plain <a href='#x'>x</a></p>"
    assert drop_relative_links(no_links) == no_links

    def link_targets(pdf: bytes) -> list:
        page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
        annots = [a.get_object() for a in page.get("/Annots") or []]
        return sorted(
            str(a["/A"]["/URI"]) if "/A" in a and "/URI" in a["/A"] else str(a.get("/Dest"))
            for a in annots
        )

    assert link_targets(render_pdf(html).pdf) == [
        "https://example.org/",
        "mailto:a@example.org",
        "top",
    ]
    based = link_targets(render_pdf(html, base_url="https://example.org/report/").pdf)
    assert "https://example.org/report/data/" in based
    assert "https://example.org/report/index.html" in based


def test_exporters_are_registered():
    from nbconvert.exporters import get_export_names, get_exporter

    assert get_exporter("runreport_html") is ReportHTMLExporter
    assert get_exporter("runreport_pdf") is ReportPDFExporter
    assert {"runreport_html", "runreport_pdf"} <= set(get_export_names())
    assert ReportPDFExporter().file_extension == ".pdf"
    assert ReportPDFExporter.output_mimetype == "application/pdf"


# ------------------------------------------------------ failures and defence ---


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "  javascript:alert(1)",
        "&#x01;&#x1F; javascript:alert(1)",
        "\tjava&#x09;script:alert(1)",
        "java&NewLine;script:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;&#x61;vascript&colon;alert(1)",
        "javascript&#58;alert(1)",
        "VBScript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        " DATA:text/html,<script>alert(1)</script>",
    ],
)
def test_finish_html_drops_unsafe_link_schemes_itself(href):
    from runreport.publish import postprocess_html

    html = (
        f'<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main><h1>t</h1>'
        f'<p><a href="{href}">a</a> <a href="https://example.org/">b</a> <a href="#t">c</a>'
        f'<a href="mailto:x@example.org">d</a> <a href="figures/data.csv">e</a></p>'
        f'<svg><a xlink:href="{href}"><text>f</text></a></svg>'
        f'<form action="{href}"><button formaction="{href}">g</button></form>'
        f'<img src="data:image/png;base64,iVBORw0KGgo=" alt="kept"></main></body></html>'
    )
    finished = postprocess_html(html)
    hrefs = re.findall(r'\b(?:href|xlink:href|action|formaction)="([^"]*)"', finished)
    assert hrefs == ["https://example.org/", "#t", "mailto:x@example.org", "figures/data.csv"]
    assert (
        'src="data:image/png;base64,iVBORw0KGgo="' in finished
    )  # embedded images are data: URIs and stay
    assert ">a</a>" in finished and ">f</text>" in finished  # the text stays, only the target goes


def test_finish_html_keeps_safe_links_that_look_alike():
    from runreport.publish import postprocess_html

    hrefs = [
        "javascript-tips.html",
        "./javascript:x",
        "data/",
        "data/causes.csv",
        "#data:x",
        "?q=javascript:1",
        "https://example.org/javascript:alert(1)",
    ]
    html = (
        "<html><head><title>t</title></head><body>"
        + "".join(f'<a href="{h}">x</a>' for h in hrefs)
        + "</body></html>"
    )
    assert re.findall(r'href="([^"]*)"', postprocess_html(html)) == hrefs


def _broken_image_html(src: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><h1>t</h1>'
        f'<p>Before</p><img src="{src}" alt="a chart"><p>After</p></body></html>'
    )


def test_pdf_lost_content_is_reported_and_benign_warnings_are_not():
    from runreport.publish.pdf import render_pdf

    broken = "data:image/png;base64," + "bm90IGFuIGltYWdl" * 40  # a data: URI that is not a PNG
    result = render_pdf(_broken_image_html(broken))
    assert result.pdf.startswith(b"%PDF-")  # WeasyPrint itself carries on without the image
    assert len(result.lost) == 1 and result.lost[0].startswith(
        "an image failed to load (data:image/png;base64,"
    )
    assert len(result.lost[0]) < 120  # a shortened URL, not the whole data: URI

    glyphs = render_pdf('<html lang="en"><body><p>Linear B \U00010000</p></body></html>')
    missing = (
        "a character no installed font has (.notdef glyph rendered for Unicode string "
        'unsupported by fonts: "\U00010000" (U+10000))'
    )
    assert glyphs.lost == [missing]

    benign = render_pdf(
        '<html lang="en"><head><style>p { text-size-adjust: 100%; overflow-x: auto }</style>'
        "</head><body><p>x</p></body></html>"
    )
    assert benign.messages and all("Ignored" in m for m in benign.messages)
    assert benign.lost == []


def test_pdf_exporter_fails_on_lost_content(tmp_path):
    from runreport.publish.pdf import PDFContentError

    nb = new_notebook(
        cells=[
            new_markdown_cell(
                '# Report\n\n<img src="data:image/png;base64,bm90IGFuIGltYWdl" '
                'alt="a chart">\n\nText.'
            )
        ]
    )
    with pytest.raises(
        PDFContentError, match=r"^the PDF would miss content: an image failed to load \(data:image"
    ):
        ReportPDFExporter().from_notebook_node(nb, resources={"metadata": {"name": "report"}})
    exporter = ReportPDFExporter(allow_lost_content=True)
    pdf, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": "report"}})
    assert pdf.startswith(b"%PDF-")


def test_weasyprint_failure_is_one_pdf_error():
    from runreport.publish.pdf import PDFError, render_pdf

    nested = '<html lang="en"><body>' + "<div>" * 1500 + "deep" + "</div>" * 1500 + "</body></html>"
    with pytest.raises(PDFError) as info:
        render_pdf(nested)
    assert str(info.value).startswith("WeasyPrint could not lay out the PDF: RecursionError: ")
    assert "\n" not in str(info.value)


def test_cross_reference_error_names_the_cell():
    from runreport.publish.preprocessors import CrossReferenceError

    bad = new_markdown_cell("As [Figure](#fig-missing) shows.")
    bad.id = "the-bad-cell"
    nb = new_notebook(cells=[new_code_cell("", outputs=[_figure_output("a", 1)]), bad])
    with pytest.raises(CrossReferenceError) as info:
        CrossReferencePreprocessor().preprocess(nb, {})
    assert info.value.cell_id == "the-bad-cell" and info.value.cell_index == 1
    assert (
        info.value.message
        == "the link #fig-missing refers to unknown figure 'missing'; known figure keys: a"
    )
    assert str(info.value) == f"cell 'the-bad-cell': {info.value.message}"
