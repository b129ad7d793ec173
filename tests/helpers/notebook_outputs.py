"""What a notebook shows for its charts (read by the build and notebook tests).

Each chart cell of notebooks 01–03 ends in a ``charts.plot_*(...)`` call; the value is a
:class:`runreport.charts.Chart`, whose rich display gives ``image/png``, a captioned ``text/html``
figure and plain text.
"""

from __future__ import annotations

import ast
import base64

#: Images each notebook shows for the seed (annotated): one per chart cell.
SEED_IMAGES = {
    "01-article-structure": 1,  # anatomy
    "02-injury-statistics": 4,  # claims vs sources, incidence, risk, prevalence context
    "03-causes-and-tips": 4,  # symptom and treatment heatmaps, tips by category, tip coverage
}
#: Images for an article without annotations, or without tips: the same, since tip ↔ cause links
#: are then suggested automatically (the coverage chart shows them); every other chart still
#: shows, with "No data" where there is nothing to plot.
ANALYST_IMAGES = dict(SEED_IMAGES)


def chart_cells(nb) -> list[int]:
    """Indexes of the code cells whose last statement is an expression calling ``charts.plot_*``."""
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        body = ast.parse(cell.source).body
        if not body or not isinstance(body[-1], ast.Expr):
            continue
        calls = [
            node
            for node in ast.walk(body[-1])
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr.startswith("plot_")
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "charts"
        ]
        if calls:
            found.append(index)
    return found


def image_outputs(cell) -> list[dict]:
    """The outputs of *cell* that carry an image."""
    return [o for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]


def check_chart_output(output: dict) -> None:
    """One chart as a notebook shows it: PNG, a captioned figure, text without a repr."""
    data = output["data"]
    png = base64.b64decode(data["image/png"])
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert output["metadata"]["image/png"]["width"] == 700
    html = data["text/html"]
    assert html.startswith("<figure") and '<img src="data:image/png;base64,' in html
    caption = html.split("<figcaption>", 1)[1].split("</figcaption>", 1)[0]
    assert len(caption) > 40 and "<script" not in caption
    assert "<Figure" not in data["text/plain"]
