"""Tests for runreport.charts: the seed's real numbers, other articles, display, bytes.

The seed frames carry the numbers the fact-check found in "Upper Back Sore
After Running?": claims on lines 2, 17, 26, 27 and 81, the meta-analysis
incidence (novice 17.8, 95% CI 16.7–19.1; recreational 7.7, 6.9–8.7 injuries
per 1000 h) and prevalence from Maselli 2020, Briggs 2009 and Maselli 2021.
Word, link and mention counts are illustrative.
"""

from __future__ import annotations

import base64
import dataclasses
import math
import re
from pathlib import Path

import matplotlib
import matplotlib.figure
import matplotlib.image
import matplotlib.pyplot as plt
import matplotlib.text
import numpy as np
import pandas as pd
import pytest
from markupsafe import escape
from matplotlib.container import ErrorbarContainer

from runreport import charts, config
from runreport.charts import Chart
from runreport.charts.chart import png_size

NAN = float("nan")
HOSTILE = r"$\alpha$ ^_ <script>alert(1)</script> {{ x }} \frac{ 50$ & --"
LONG = "A very long label " * 20 + "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3
CAUSES = [
    "1. Slouching And Weak Muscles",
    "2. Lots Of Work, Same Moves",
    "3. Accidents Lead To Injuries",
    "4. Discs Pressing",
    "5. Squeezed Nerves",
    "6. Curvy Spine Hurts",
    "7. Bones Wearing Down Overtime",
]
TIPS = [
    "1. Exercise More",
    "2. Keep A Healthy Weight",
    "3. Quit Smoking",
    "4. Sleep Right",
    "5. Watch Your Posture",
    "6. Use The Right Desk",
    "7. Take Breaks",
    "8. Lift Things Carefully",
    "9. Wear The Right Shoes",
]
SEASON_WEEKS = 16


# --------------------------------------------------------------------------
# Frames
# --------------------------------------------------------------------------


def seed_claims() -> pd.DataFrame:
    """The article's five numeric claims and what the fact-check found."""
    rate = "injuries per 1000 hours"
    return pd.DataFrame(
        {
            "line": [2, 17, 26, 27, 81],
            "label": [
                "14% of runners (line 2)",
                "65% of employees (line 17)",
                "New runners: 17.8 injuries (line 26)",
                "Seasonal runners: 7.7 injuries (line 27)",
                "19% of runners (line 81)",
            ],
            "unit": ["%", "%", rate, rate, "%"],
            "article_value": [14.0, 65.0, 17.8, 7.7, 19.0],
            "source_value": [NAN, NAN, 17.8, 7.7, NAN],
            "ci_low": [NAN, NAN, 16.7, 6.9, NAN],
            "ci_high": [NAN, NAN, 19.1, 8.7, NAN],
            "status": ["unsourced", "unsourced", "misattributed", "misattributed", "unsourced"],
            "contradicts": ["line 81", "", "", "", "line 2"],
        }
    )


def seed_incidence() -> pd.DataFrame:
    """Meta-analysis incidence per 1000 h with the article's figures."""
    return pd.DataFrame(
        {
            "group": ["Novice runners", "Recreational runners"],
            "value": [17.8, 7.7],
            "ci_low": [16.7, 6.9],
            "ci_high": [19.1, 8.7],
            "article_value": [17.8, 7.7],
            "article_label": ["article: 'new on the run'", "article: 'seasonal runners'"],
        }
    )


def risk_from(incidence: pd.DataFrame, weeks: int, hours=(1, 2, 3, 4, 5, 6)) -> pd.DataFrame:
    """The Poisson model the caption states, for tests."""
    rows = []
    for _, r in incidence.iterrows():
        for h in hours:
            season = h * weeks
            e, lo, hi = (r[c] * season / 1000 for c in ("value", "ci_low", "ci_high"))
            rows.append(
                {
                    "group": r["group"],
                    "weekly_hours": float(h),
                    "expected": e,
                    "expected_low": lo,
                    "expected_high": hi,
                    "p_any": 1 - math.exp(-e),
                    "p_any_low": 1 - math.exp(-lo),
                    "p_any_high": 1 - math.exp(-hi),
                }
            )
    return pd.DataFrame(rows)


def seed_symptoms() -> pd.DataFrame:
    terms = ["pain", "soreness", "stiffness", "numbness", "tingling", "weakness"]
    counts = [
        [3, 1, 0, 0, 0, 2],
        [2, 0, 1, 0, 0, 0],
        [2, 0, 0, 0, 0, 0],
        [1, 0, 0, 1, 1, 0],
        [1, 0, 0, 2, 1, 1],
        [2, 0, 1, 0, 0, 0],
        [1, 0, 1, 0, 0, 0],
    ]
    return pd.DataFrame(counts, index=CAUSES, columns=terms)


def seed_treatments() -> pd.DataFrame:
    terms = [
        "exercise",
        "chiropractor",
        "physiotherapist",
        "physical therapy",
        "doctor",
        "surgery",
        "stretching",
    ]
    counts = [
        [2, 1, 1, 0, 1, 0, 0],
        [0, 0, 0, 0, 0, 0, 1],
        [0, 0, 0, 0, 2, 0, 0],
        [0, 0, 0, 1, 0, 1, 0],
        [0, 0, 0, 0, 1, 0, 0],
        [1, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 1, 0, 0],
    ]
    return pd.DataFrame(counts, index=CAUSES, columns=terms)


def seed_tips() -> pd.DataFrame:
    cats = [
        "exercise",
        "lifestyle",
        "lifestyle",
        "lifestyle",
        "posture",
        "ergonomics",
        "ergonomics",
        "posture",
        "equipment",
    ]
    return pd.DataFrame(
        {
            "number": range(1, 10),
            "title": [t.split(". ", 1)[1] for t in TIPS],
            "category": cats,
        }
    )


def seed_coverage() -> pd.DataFrame:
    grid = np.zeros((len(TIPS), len(CAUSES)), dtype=int)
    for tip, cause in [
        (0, 0),
        (0, 5),
        (1, 3),
        (1, 6),
        (2, 6),
        (4, 0),
        (4, 5),
        (5, 1),
        (6, 1),
        (7, 3),
    ]:
        grid[tip, cause] = 1
    # Causes 3 (accidents) and 5 (squeezed nerves) get no tip; tips 4 and 9 no cause.
    return pd.DataFrame(grid, index=TIPS, columns=CAUSES)


def seed_anatomy() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "section": ["intro", "reasons", "tips", "conclusion", "faq"],
            "words": [236, 1180, 540, 118, 402],
            "products": [0, 1, 3, 0, 0],
            "related": [0, 8, 2, 0, 1],
            "quoted": [0, 8, 2, 0, 1],
            "claims": [1, 3, 0, 1, 0],
        }
    )


def seed_context() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "label": [
                "Back pain in runners (19 studies)",
                "Thoracic spine pain, lifetime, adults",
                "Low back pain in Italian runners, past year",
                "14% of runners have a bad back (line 2)",
                "19% of runners have back pain (line 81)",
            ],
            "low": [0.7, 15.6, 22.6, 14.0, 19.0],
            "high": [20.2, 19.5, 22.6, 14.0, 19.0],
            "kind": ["literature", "literature", "literature", "article", "article"],
            "source": [
                "Maselli 2020",
                "Briggs 2009",
                "Maselli 2021",
                "article line 2",
                "article line 81",
            ],
        }
    )


def seed_charts() -> list[Chart]:
    """Every chart for the seed article (also used by the subprocess test)."""
    incidence = seed_incidence()
    return [
        charts.plot_claims_vs_sources(seed_claims()),
        charts.plot_incidence(incidence),
        charts.plot_risk(risk_from(incidence, SEASON_WEEKS), SEASON_WEEKS),
        charts.plot_mentions_heatmap(seed_symptoms(), "symptom"),
        charts.plot_mentions_heatmap(seed_treatments(), "treatment"),
        charts.plot_tips_by_category(seed_tips()),
        charts.plot_tip_coverage(seed_coverage()),
        charts.plot_anatomy(seed_anatomy()),
        charts.plot_prevalence_context(seed_context()),
    ]


def other_charts() -> list[Chart]:
    """Charts for another article: other counts, NaNs, hostile and long labels."""
    claims = pd.DataFrame(
        {
            "line": [40, 3, 12, 12],
            "label": [HOSTILE, LONG, "30% of cyclists (line 12)", "no number (line 12)"],
            "unit": ["%", "injuries per 1000 km", "%", "%"],
            "article_value": [41.5, 2.5, 30.0, NAN],
            "source_value": [38.0, 2.1, NAN, NAN],
            "ci_low": [35.0, NAN, NAN, NAN],
            "ci_high": [42.0, NAN, NAN, NAN],
            "status": ["verified", "not annotated", "something new", "unsourced"],
            "contradicts": ["", NAN, "line 99", ""],
        }
    )
    incidence = pd.DataFrame(
        {
            "group": ["Cyclists", LONG, HOSTILE],
            "value": [5.2, NAN, 3.1],
            "ci_low": [4.0, NAN, NAN],
            "ci_high": [6.5, NAN, NAN],
            "article_value": [NAN, 9.0, 3.0],
            "article_label": ["", "article: 'pros'", NAN],
        }
    )
    return [
        charts.plot_claims_vs_sources(claims),
        charts.plot_incidence(incidence),
        charts.plot_risk(risk_from(incidence.iloc[[0]], 8, hours=(2,)), 8),
        charts.plot_mentions_heatmap(
            pd.DataFrame([[0, 0], [0, 0]], index=[HOSTILE, LONG], columns=["ache", LONG]), "symptom"
        ),
        charts.plot_mentions_heatmap(
            pd.DataFrame([[4]], index=["1. Only"], columns=["rest"]), "treatment"
        ),
        charts.plot_tips_by_category(
            pd.DataFrame(
                {
                    "number": [1, 2, 3],
                    "title": ["a", "b", HOSTILE],
                    "category": ["not annotated"] * 3,
                }
            )
        ),
        charts.plot_tip_coverage(
            pd.DataFrame([[1, NAN], [0, 0]], index=[HOSTILE, LONG], columns=["1. Knees", LONG])
        ),
        charts.plot_anatomy(
            pd.DataFrame(
                {
                    "section": ["intro", HOSTILE],
                    "words": [50, NAN],
                    "products": [0, 0],
                    "related": [0, 0],
                    "quoted": [0, 0],
                    "claims": [0, 0],
                }
            )
        ),
        charts.plot_prevalence_context(
            pd.DataFrame(
                {
                    "label": [HOSTILE, "30% of cyclists"],
                    "low": [5.0, 30.0],
                    "high": [12.0, NAN],
                    "kind": ["literature", "article"],
                    "source": ["Doe 2021", "article line 12"],
                }
            )
        ),
    ]


EMPTY = {
    "claims-vs-sources": lambda: charts.plot_claims_vs_sources(
        pd.DataFrame(columns=list(charts.CLAIM_COLUMNS))
    ),
    "incidence": lambda: charts.plot_incidence(
        pd.DataFrame(columns=list(charts.INCIDENCE_COLUMNS))
    ),
    "risk": lambda: charts.plot_risk(pd.DataFrame(columns=list(charts.RISK_COLUMNS)), 12),
    "cause-symptoms": lambda: charts.plot_mentions_heatmap(
        pd.DataFrame(index=pd.Index([], dtype=object)), "symptom"
    ),
    "cause-treatments": lambda: charts.plot_mentions_heatmap(
        pd.DataFrame(columns=["rest"], index=pd.Index([], dtype=object)), "treatment"
    ),
    "tips-by-category": lambda: charts.plot_tips_by_category(
        pd.DataFrame(columns=list(charts.TIP_COLUMNS))
    ),
    "tip-coverage": lambda: charts.plot_tip_coverage(pd.DataFrame()),
    "anatomy": lambda: charts.plot_anatomy(pd.DataFrame(columns=list(charts.ANATOMY_COLUMNS))),
    "prevalence-context": lambda: charts.plot_prevalence_context(
        pd.DataFrame(columns=list(charts.CONTEXT_COLUMNS))
    ),
}


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def flat(text: str) -> str:
    return " ".join(text.split())


def figure_texts(fig: matplotlib.figure.Figure) -> list[matplotlib.text.Text]:
    return [t for t in fig.findobj(matplotlib.text.Text) if t.get_text()]


def data_axes(fig: matplotlib.figure.Figure) -> list:
    """Axes that plot data (not colourbars, not the "no data" placeholder)."""
    return [ax for ax in fig.axes if ax.axison and ax.get_label() != "<colorbar>"]


def gid_collections(ax, gid: str) -> list:
    return [c for c in ax.collections if c.get_gid() == gid]


def xerr_bars(ax) -> list[ErrorbarContainer]:
    return [c for c in ax.containers if isinstance(c, ErrorbarContainer) and c.has_xerr]


def check_common(chart: Chart) -> None:
    """What every chart must satisfy."""
    fig = chart.figure
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", chart.key)
    assert isinstance(fig, matplotlib.figure.Figure)
    assert fig.get_figwidth() == pytest.approx(7.0)
    # Title: in the Chart and drawn as the suptitle.
    assert chart.title.strip()
    assert fig.get_suptitle()
    assert flat(fig.get_suptitle()).rstrip(" …") in chart.title
    # Source: drawn at the bottom and equal to Chart.source.
    sources = [t for t in fig.texts if t.get_gid() == "source-line"]
    assert len(sources) == 1
    assert flat(sources[0].get_text()) == chart.source
    assert chart.source.startswith("Source")
    assert sources[0].get_position()[1] < 0.1
    # Caption: 1–2 sentences (+ an optional note).
    assert chart.caption.strip()
    assert 1 <= len(re.findall(r"[.!?](?=\s|$)", chart.caption)) <= 3
    # Alt text written for the chart.
    assert len(chart.alt) > 50
    assert not chart.alt.lower().startswith("image")
    assert "<Figure" not in chart.alt and "Figure(" not in chart.alt
    # Labelled axes.
    for ax in data_axes(fig):
        assert ax.get_xlabel() or ax.get_ylabel()
    # Article text is never mathtext.
    assert all(not t.get_parse_math() for t in fig.findobj(matplotlib.text.Text))
    assert isinstance(chart.data, pd.DataFrame)


@pytest.fixture(scope="module")
def seed():
    return {c.key: c for c in seed_charts()}


@pytest.fixture(scope="module")
def other():
    return {c.key: c for c in other_charts()}


# --------------------------------------------------------------------------
# Style and pyplot hygiene
# --------------------------------------------------------------------------


def test_style_file_settings():
    style = matplotlib.rc_params_from_file(config.MPLSTYLE, use_default_template=False)
    assert style["svg.fonttype"] == "path"
    assert style["svg.hashsalt"]
    assert style["text.parse_math"] is False
    assert style["savefig.dpi"] == 150
    assert tuple(style["figure.figsize"]) == (7.0, 4.0)
    assert style["font.sans-serif"][0] == "DejaVu Sans"
    assert not style["axes.spines.top"] and not style["axes.spines.right"]


def test_global_rcparams_and_pyplot_untouched(tmp_path):
    before = dict(matplotlib.rcParams)
    figs_before = plt.get_fignums()
    made = seed_charts()
    charts.save_chart(made[0], tmp_path)
    assert dict(matplotlib.rcParams) == before
    assert plt.get_fignums() == figs_before
    for chart in made:
        assert chart.figure.canvas.manager is None


def test_figure_displays_in_a_notebook(seed):
    from IPython.core.pylabtools import print_figure

    png = print_figure(seed["incidence"].figure, "png")
    assert png.startswith(b"\x89PNG")
    svg = print_figure(seed["incidence"].figure, "svg")
    assert "<svg" in svg


# --------------------------------------------------------------------------
# A chart in a notebook: image, SVG, caption (what IPython's formatter gives)
# --------------------------------------------------------------------------


def displayed(chart: Chart) -> tuple[dict, dict]:
    """What IPython's display machinery makes of *chart* (the value of a cell's last line)."""
    from IPython.core.formatters import DisplayFormatter

    return DisplayFormatter().format(chart)


def test_chart_displays_as_png_svg_and_captioned_figure(seed):
    chart = seed["incidence"]
    data, metadata = displayed(chart)
    assert set(data) == {"text/plain", "text/html", "image/png"}
    png = base64.b64decode(data["image/png"])
    rendering = chart.render()
    assert png == chart.render(palette=False, svg=False).png
    assert png_size(png) == png_size(rendering.png)
    width, height = png_size(png)
    assert metadata["image/png"] == {"width": 700, "height": round(height * 700 / width)}
    svg = chart._repr_mimebundle_(include={"image/svg+xml"})[0]["image/svg+xml"]
    assert svg.encode("utf-8") == rendering.svg
    html = data["text/html"]
    assert html.startswith('<figure class="runreport-chart" data-chart-key="incidence">')
    assert f'<img src="data:image/png;base64,{data["image/png"]}"' in html
    assert (
        f"<figcaption><strong>{escape(chart.title)}.</strong> {escape(chart.caption)}</figcaption>"
    ) in html
    assert data["text/plain"] == f"{chart.title}\n{chart.caption}\n{chart.source}"
    assert "<Figure" not in data["text/plain"]


def test_displayed_caption_and_alt_are_escaped(other):
    chart = dataclasses.replace(
        other["claims-vs-sources"], caption="Caption with <script>alert(1)</script> & {{ x }}"
    )
    html = displayed(chart)[0]["text/html"]
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; {{ x }}" in html
    alt = html.split(' alt="', 1)[1].split('"', 1)[0]
    assert "<" not in alt and "&lt;script&gt;" in alt


def test_display_honours_include_and_exclude(seed):
    chart = seed["tips-by-category"]
    data, _ = chart._repr_mimebundle_(include={"image/png", "text/plain"})
    assert set(data) == {"image/png", "text/plain"}
    data, metadata = chart._repr_mimebundle_(exclude={"image/png", "text/html"})
    assert set(data) == {"text/plain"} and metadata == {}  # the SVG only when asked for
    data, metadata = chart._repr_mimebundle_(
        include={"image/svg+xml", "image/png", "text/plain"}, exclude={"image/png"}
    )
    assert set(data) == {"image/svg+xml", "text/plain"} and metadata == {}


def test_rendering_leaves_the_figure_as_it_was(seed, tmp_path):
    # Drawing lets the constrained layout move a little (anatomy moves on every
    # draw), so displaying a chart must not change the files saved after it.
    chart = seed["anatomy"]
    first = chart.render()
    displayed(chart)
    assert chart.render() == first
    paths = charts.save_chart(chart, tmp_path)
    assert (paths["png"].read_bytes(), paths["svg"].read_bytes()) == first


def test_rendering_a_pyplot_figure_leaves_pyplot_alone(tmp_path):
    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    chart = Chart(
        "pyplot-made",
        fig,
        "A line",
        "It rises.",
        "A line rising from 3 to 4.",
        "Source: test.",
        pd.DataFrame({"x": [1, 2], "y": [3, 4]}),
    )
    try:
        before = plt.get_fignums()
        charts.save_chart(chart, tmp_path)
        displayed(chart)
        assert plt.get_fignums() == before and plt.gcf() is fig
    finally:
        plt.close(fig)


def test_rendering_ignores_the_callers_rcparams(seed):
    chart = seed["anatomy"]
    rendering = chart.render()
    with matplotlib.rc_context(
        {
            "xtick.labelsize": 20,
            "svg.hashsalt": "other",
            "svg.fonttype": "none",
            "savefig.facecolor": "red",
        }
    ):
        assert chart.render() == rendering
    assert b'id="' in rendering.svg and b"<text" not in rendering.svg  # fonts drawn as paths


# --------------------------------------------------------------------------
# Common checks on every chart
# --------------------------------------------------------------------------


def test_seed_keys(seed):
    assert list(seed) == [
        "claims-vs-sources",
        "incidence",
        "risk",
        "cause-symptoms",
        "cause-treatments",
        "tips-by-category",
        "tip-coverage",
        "anatomy",
        "prevalence-context",
    ]


@pytest.mark.parametrize("index", range(9))
def test_common_seed(seed, index):
    chart = list(seed.values())[index]
    check_common(chart)
    assert not chart.data.empty


@pytest.mark.parametrize("index", range(9))
def test_common_other(other, index):
    check_common(list(other.values())[index])


@pytest.mark.parametrize("key", list(EMPTY))
def test_zero_rows_give_a_no_data_chart(key, tmp_path):
    chart = EMPTY[key]()
    check_common(chart)
    assert chart.key == key
    assert chart.data.empty
    assert any(
        t.get_gid() == "no-data" and "No data" in t.get_text() for t in figure_texts(chart.figure)
    )
    assert "no data" in chart.alt.lower()
    paths = charts.save_chart(chart, tmp_path)
    assert all(p.stat().st_size > 0 for p in paths.values())


def test_hostile_labels_render_literally(other, tmp_path):
    chart = other["claims-vs-sources"]
    labels = [flat(t.get_text()) for ax in chart.figure.axes for t in ax.get_yticklabels()]
    assert any(label.startswith(r"$\alpha$ ^_ <script>") for label in labels)
    paths = charts.save_chart(chart, tmp_path)
    svg = paths["svg"].read_text("utf-8")
    assert "<script" not in svg
    # A figure drawn outside the style context still draws the $ literally.
    with matplotlib.rc_context({"text.parse_math": True}):
        chart.figure.draw_without_rendering()
        charts.save_chart(chart, tmp_path / "again")


def test_long_labels_are_wrapped_and_cut(other):
    chart = other["incidence"]
    for tick in chart.figure.axes[0].get_yticklabels():
        lines = tick.get_text().split("\n")
        assert len(lines) <= 2
        assert all(len(line) <= 24 for line in lines)
    assert any(t.get_text().endswith("…") for t in chart.figure.axes[0].get_yticklabels())


#: Every chart key, in the order seed_charts() and other_charts() make them. The tests
#: below take the charts from the module fixtures: making them at collection would make
#: them once per xdist worker.
CHART_KEYS = [
    "claims-vs-sources",
    "incidence",
    "risk",
    "cause-symptoms",
    "cause-treatments",
    "tips-by-category",
    "tip-coverage",
    "anatomy",
    "prevalence-context",
]
EVERY_CHART = [
    pytest.param(which, key, id=f"{which}-{key}")
    for which in ("seed", "other")
    for key in CHART_KEYS
]


@pytest.fixture
def chart(request, which, key):
    return request.getfixturevalue(which)[key]


def test_chart_keys_are_every_chart(seed, other):
    assert list(seed) == CHART_KEYS and list(other) == CHART_KEYS


@pytest.mark.parametrize("which, key", EVERY_CHART)
def test_caption_does_not_repeat_the_title(chart):
    # The report shows the title in bold right before the caption.
    title = chart.title.rstrip(".").lower()
    caption = chart.caption.lower()
    assert title not in caption
    assert not caption.startswith(" ".join(title.split()[:4]))


def drawn_colours(fig: matplotlib.figure.Figure) -> set[str]:
    """Every colour drawn in *fig* (hex), colour maps included (and their 'bad' colour)."""
    colours: set[str] = set()

    def add(value) -> None:
        try:
            rgba = matplotlib.colors.to_rgba_array(value)
        except (TypeError, ValueError):
            return
        colours.update(matplotlib.colors.to_hex(c) for c in rgba if c[3] > 0)

    for artist in fig.findobj():
        for getter in (
            "get_facecolor",
            "get_edgecolor",
            "get_color",
            "get_markerfacecolor",
            "get_markeredgecolor",
        ):
            if hasattr(artist, getter):
                try:
                    add(getattr(artist, getter)())
                except (AttributeError, TypeError):
                    pass
        if isinstance(artist, matplotlib.image.AxesImage):
            cmap = artist.get_cmap()
            add([cmap(x) for x in (0.5, 1.0)] + [cmap.get_bad()])
    return colours


def _is_grey(colour: str) -> bool:
    r, g, b = matplotlib.colors.to_rgb(colour)
    return r == g == b and 0.3 < r < 0.95


def _is_blue(colour: str) -> bool:
    r, g, b = matplotlib.colors.to_rgb(colour)
    return b > 0.4 and b > r + 0.2 and b > g


COLOUR_WORDS = {
    r"\borange-red\b": lambda c: c == charts.OKABE_ITO["vermillion"].lower(),
    r"\borange\b(?!-red)": lambda c: c == charts.OKABE_ITO["orange"].lower(),
    r"(?<!orange-)\bred\b": lambda c: c in ("#ff0000", "#d62728"),  # no pure red is drawn
    r"\bblue\b": _is_blue,
    r"\bblack\b": lambda c: c == "#000000",
    r"\bgr[ae]y\b": _is_grey,
}


@pytest.mark.parametrize("which, key", EVERY_CHART)
def test_colour_words_match_the_drawn_colours(chart):
    colours = drawn_colours(chart.figure)
    for text in (chart.caption, chart.alt):
        for pattern, matches in COLOUR_WORDS.items():
            if re.search(pattern, text, re.IGNORECASE):
                assert any(matches(c) for c in colours), (pattern, text)


def test_captions_name_orange_red_not_red(seed):
    assert "orange-red ring" in seed["claims-vs-sources"].caption
    assert "Orange-red labels and shading" in seed["tip-coverage"].caption
    assert "orange-red diamonds" in seed["prevalence-context"].caption
    assert seed["anatomy"].caption.startswith("Words per section (left,")
    for chart in seed.values():
        assert not re.search(r"(?<!orange-)\bred\b", chart.caption + " " + chart.alt, re.IGNORECASE)
    legend = [t.get_text() for t in seed["tip-coverage"].figure.legends[0].get_texts()]
    assert not any(re.search(r"(?<!orange-)\bred\b", label) for label in legend)


# --------------------------------------------------------------------------
# 1. Claims vs sources
# --------------------------------------------------------------------------


def test_claims_panels_per_unit(seed):
    chart = seed["claims-vs-sources"]
    axes = data_axes(chart.figure)
    assert len(axes) == 2
    assert "(%)" in axes[0].get_xlabel()
    assert "(injuries per 1000 hours)" in axes[1].get_xlabel()


def test_claims_points_equal_data(seed):
    chart = seed["claims-vs-sources"]
    expected = pd.DataFrame(seed_claims())
    pd.testing.assert_frame_equal(chart.data, expected, check_dtype=False)
    axes = data_axes(chart.figure)
    plotted = []
    for ax in axes:
        for c in gid_collections(ax, "article-value"):
            plotted.extend(c.get_offsets()[:, 0].tolist())
    assert sorted(plotted) == sorted(expected["article_value"].tolist())
    # One error bar per sourced claim (17.8 and 7.7), with the CI as its ends.
    bars = [b for ax in axes for b in xerr_bars(ax)]
    assert len(bars) == 2
    segments = sorted(tuple(np.round(b.lines[2][0].get_segments()[0][:, 0], 3)) for b in bars)
    assert segments == [(6.9, 8.7), (16.7, 19.1)]


def test_claims_contradictions_are_marked(seed):
    chart = seed["claims-vs-sources"]
    ax = data_axes(chart.figure)[0]
    rings = gid_collections(ax, "contradiction")
    assert sorted(x for c in rings for x in c.get_offsets()[:, 0]) == [14.0, 19.0]
    texts = [t.get_text() for t in ax.texts]
    assert any("contradicts line 81" in t for t in texts)
    assert any("contradicts line 2" in t for t in texts)
    legend = [t.get_text() for t in chart.figure.legends[0].get_texts()]
    assert "contradicts another claim" in legend
    assert "article: unsourced" in legend and "article: misattributed" in legend


def test_claims_alt_mentions_numbers(seed):
    alt = seed["claims-vs-sources"].alt
    for text in (
        "14%",
        "19%",
        "65%",
        "17.8",
        "16.7–19.1",
        "7.7",
        "6.9–8.7",
        "contradicts line 81 (19%)",
        "contradicts line 2 (14%)",
        "the article's 17.8 matches the source's 17.8",
    ):
        assert text in alt


def test_claims_other_article_drops_missing_numbers(other):
    chart = other["claims-vs-sources"]
    assert len(chart.data) == 3
    assert chart.data["line"].tolist() == [3, 12, 40]
    assert "without a number" in chart.caption
    assert "41.5%" in chart.alt and "lies within the 95% CI of the source's 38" in chart.alt


# --------------------------------------------------------------------------
# 2. Incidence
# --------------------------------------------------------------------------


def test_incidence(seed):
    chart = seed["incidence"]
    ax = data_axes(chart.figure)[0]
    assert "1000 hours" in ax.get_xlabel()
    assert len(xerr_bars(ax)) == 2
    hollow = gid_collections(ax, "article-value")
    assert len(hollow) == 2
    assert all(c.get_facecolor().size == 0 or c.get_facecolor()[0][3] == 0 for c in hollow)
    pd.testing.assert_frame_equal(chart.data, seed_incidence(), check_dtype=False)
    for text in (
        "Novice runners: 17.8 (95% CI 16.7–19.1)",
        "Recreational runners: 7.7 (95% CI 6.9–8.7)",
        "new on the run",
        "matches",
    ):
        assert text in chart.alt


def test_incidence_other(other):
    chart = other["incidence"]
    ax = data_axes(chart.figure)[0]
    assert len(xerr_bars(ax)) == 1  # only Cyclists has a CI
    assert len(gid_collections(ax, "article-value")) == 2
    assert "no literature value" in chart.alt


# --------------------------------------------------------------------------
# 3. Risk
# --------------------------------------------------------------------------


def test_risk(seed):
    chart = seed["risk"]
    ax_e, ax_p = data_axes(chart.figure)
    assert f"{SEASON_WEEKS} weeks" in ax_e.get_ylabel()
    assert "(%)" in ax_p.get_ylabel()
    assert "hours" in ax_e.get_xlabel() and "hours" in ax_p.get_xlabel()
    for ax, gid in ((ax_e, "line-expected"), (ax_p, "line-p_any")):
        lines = [line for line in ax.lines if line.get_gid() == gid]
        assert len(lines) == 2
        assert len(gid_collections(ax, gid.replace("line", "band"))) == 2
    novice = next(line for line in ax_p.lines if line.get_gid() == "line-p_any")
    data = chart.data[chart.data["group"] == "Novice runners"]
    np.testing.assert_allclose(novice.get_ydata(), data["p_any"] * 100)
    for text in ("Poisson", "rate × hours / 1000", "1 − e^(−expected)", "constant", "95% CI"):
        assert text in chart.caption
    # 6 h/week for 16 weeks at 17.8 per 1000 h = 1.7088 expected injuries.
    assert "1.7 expected injuries" in chart.alt and "chance of at least one of 81.9%" in chart.alt


@pytest.mark.parametrize("weeks", [0, -3, 2.5, True, "12"])
def test_risk_rejects_bad_weeks(weeks):
    with pytest.raises(ValueError):
        charts.plot_risk(risk_from(seed_incidence(), 12), weeks)


# --------------------------------------------------------------------------
# 4. Heatmaps
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "frame"), [("cause-symptoms", seed_symptoms), ("cause-treatments", seed_treatments)]
)
def test_heatmap(seed, key, frame):
    chart = seed[key]
    matrix = frame()
    ax = data_axes(chart.figure)[0]
    cells = [t.get_text() for t in ax.texts if t.get_gid() == "cell"]
    assert cells == [str(v) for v in matrix.to_numpy().ravel()]
    colourbar = [a for a in chart.figure.axes if a.get_label() == "<colorbar>"]
    assert colourbar and colourbar[0].get_ylabel() == "mentions"
    assert len(chart.data) == matrix.size
    assert chart.data["mentions"].sum() == matrix.to_numpy().sum()
    assert list(chart.data.columns) == ["cause", "term", "mentions"]


def test_heatmap_alt(seed):
    alt = seed["cause-symptoms"].alt
    assert "Most mentioned: 'pain' (12 mentions, 3 of them under '1. Slouching" in alt
    assert "7 cause(s)" in alt and "6 symptom term(s)" in alt


def test_heatmap_all_zero_and_one_by_one(other):
    zero = other["cause-symptoms"]
    assert "every cell is 0" in zero.alt
    assert [t.get_text() for t in zero.figure.axes[0].texts] == ["0"] * 4
    one = other["cause-treatments"]
    assert [t.get_text() for t in one.figure.axes[0].texts] == ["4"]
    assert "1. Only × rest: 4" in one.alt


def test_heatmap_rejects_bad_kind():
    with pytest.raises(ValueError):
        charts.plot_mentions_heatmap(seed_symptoms(), "cure")


# --------------------------------------------------------------------------
# 5. Tips by category
# --------------------------------------------------------------------------


def test_tips_by_category(seed):
    chart = seed["tips-by-category"]
    ax = data_axes(chart.figure)[0]
    widths = [p.get_width() for p in ax.patches if p.get_gid() == "bars"]
    assert widths == chart.data["tips"].tolist() == [3, 2, 2, 1, 1]
    assert chart.data["category"].tolist()[:3] == ["lifestyle", "ergonomics", "posture"]
    assert "tips 2, 3, 4" in [t.get_text() for t in ax.texts]
    assert "lifestyle 3 (tips 2, 3, 4)" in chart.alt
    assert "count" in ax.get_xlabel()


def test_tips_all_not_annotated(other):
    chart = other["tips-by-category"]
    assert chart.data.to_dict("records") == [
        {"category": "not annotated", "tips": 3, "tip_numbers": "1, 2, 3"}
    ]
    assert "none of the" in chart.alt.lower()


# --------------------------------------------------------------------------
# 6. Tip coverage
# --------------------------------------------------------------------------


def test_tip_coverage(seed):
    chart = seed["tip-coverage"]
    ax = data_axes(chart.figure)[0]
    squares = gid_collections(ax, "addresses")[0].get_offsets()
    assert len(squares) == int(seed_coverage().to_numpy().sum()) == 10
    assert len(chart.data) == 63 and chart.data["addresses"].sum() == 10
    red = matplotlib.colors.to_rgba(charts.OKABE_ITO["vermillion"])
    red_causes = [
        flat(t.get_text())
        for t in ax.get_xticklabels()
        if matplotlib.colors.to_rgba(t.get_color()) == red
    ]
    red_tips = [
        flat(t.get_text())
        for t in ax.get_yticklabels()
        if matplotlib.colors.to_rgba(t.get_color()) == red
    ]
    assert red_causes == ["3. Accidents Lead To Injuries", "5. Squeezed Nerves"]
    assert red_tips == ["4. Sleep Right", "9. Wear The Right Shoes"]
    assert (
        "Causes no tip addresses: '3. Accidents Lead To Injuries', '5. Squeezed Nerves'"
        in chart.alt
    )
    assert "'4. Sleep Right', '9. Wear The Right Shoes'" in chart.alt


def test_tip_coverage_unknown_cells(other):
    chart = other["tip-coverage"]
    assert chart.data["addresses"].isna().sum() == 1
    assert "1 pair(s) are not annotated" in chart.alt


# --------------------------------------------------------------------------
# 7. Anatomy
# --------------------------------------------------------------------------


def test_anatomy(seed):
    chart = seed["anatomy"]
    ax_w, ax_c = data_axes(chart.figure)
    assert [p.get_width() for p in ax_w.patches] == seed_anatomy()["words"].tolist()
    stacked = {
        gid: [p.get_width() for p in ax_c.patches if p.get_gid() == gid]
        for gid in ("products", "related", "quoted")
    }
    for gid, widths in stacked.items():
        assert widths == seed_anatomy()[gid].tolist()
    assert "(count)" in ax_w.get_xlabel() and "(count)" in ax_c.get_xlabel()
    pd.testing.assert_frame_equal(chart.data, seed_anatomy(), check_dtype=False)
    assert "2,476 in all" in chart.alt and "26 links in all" in chart.alt
    assert "most in 'reasons' (17)" in chart.alt


def test_anatomy_missing_words_and_no_links(other):
    chart = other["anatomy"]
    assert chart.data["words"].tolist() == [50, 0]
    assert "missing count" in chart.caption
    assert "no product links" in chart.alt
    # no links: no empty commerce panel beside the words
    assert len(data_axes(chart.figure)) == 1 and "no product links" in chart.caption


# --------------------------------------------------------------------------
# 8. Prevalence context
# --------------------------------------------------------------------------


def test_prevalence_context(seed):
    chart = seed["prevalence-context"]
    ax = data_axes(chart.figure)[0]
    ranges = [p for p in ax.patches if p.get_gid() == "literature-range"]
    assert sorted((round(p.get_x(), 3), round(p.get_x() + p.get_width(), 3)) for p in ranges) == [
        (0.7, 20.2),
        (15.6, 19.5),
    ]
    points = [line.get_xdata()[0] for line in ax.lines if line.get_gid() == "article-point"]
    assert points == [14.0, 19.0]
    assert [line.get_xdata()[0] for line in ax.lines if line.get_gid() == "literature-point"] == [
        22.6
    ]
    assert "%" in ax.get_xlabel()
    for text in (
        "0.7–20.2%",
        "15.6–19.5%",
        "22.6%",
        "Maselli 2020",
        "Briggs 2009",
        "Maselli 2021",
        "14%",
        "19%",
    ):
        assert text in chart.alt
    assert "19%, inside the range from Maselli 2020 (0.7–20.2%) and Briggs 2009" in chart.alt
    assert chart.source.startswith("Sources: Maselli 2020; Briggs 2009; Maselli 2021")
    pd.testing.assert_frame_equal(chart.data, seed_context(), check_dtype=False)


def test_prevalence_other_fills_missing_high(other):
    chart = other["prevalence-context"]
    assert chart.data["high"].tolist() == [12.0, 30.0]
    assert "outside every literature range" in chart.alt


# --------------------------------------------------------------------------
# Saving: deterministic bytes
# --------------------------------------------------------------------------


def published_charts() -> list[Chart]:
    """The seed's charts, made from the real study as notebooks/report.ipynb makes them."""
    from runreport.analysis.findings import SEASON_WEEKS
    from runreport.analysis.study import load_study

    study = load_study(config.SEED_ARTICLE, config.annotations_for(config.SEED_ARTICLE))
    return [
        charts.plot_anatomy(study.anatomy),
        charts.plot_claims_vs_sources(study.fact_check),
        charts.plot_incidence(study.incidence),
        charts.plot_prevalence_context(study.prevalence),
        charts.plot_mentions_heatmap(study.mentions("symptom"), kind="symptom"),
        charts.plot_mentions_heatmap(study.mentions("treatment"), kind="treatment"),
        charts.plot_tips_by_category(study.tips),
        charts.plot_tip_coverage(study.coverage),
        charts.plot_risk(study.risk, weeks=SEASON_WEEKS),
    ]


def save_all(made: list[Chart], directory: Path) -> dict[str, bytes]:
    out = {}
    for chart in made:
        for path in charts.save_chart(chart, directory).values():
            out[path.name] = path.read_bytes()
    return out


@pytest.fixture(scope="module")
def made():
    return published_charts()


@pytest.fixture(scope="module")
def saved(made, tmp_path_factory):
    return save_all(made, tmp_path_factory.mktemp("first"))


def test_save_writes_three_files_per_chart(saved):
    assert len(saved) == 27
    assert saved["incidence.png"].startswith(b"\x89PNG")
    assert saved["incidence.svg"].lstrip().startswith(b"<?xml")


def test_save_is_deterministic_in_process(made, saved, tmp_path):
    # Anatomy is the chart whose layout moved on every draw; risk has bands and a legend.
    again = save_all([c for c in made if c.key in ("anatomy", "risk")], tmp_path)
    assert len(again) == 6 and all(saved[name] == data for name, data in again.items())


def test_writer_gives_the_published_figures(saved):
    """The writer, in this process, gives the bytes the build's kernel wrote into exports/figures.

    This is also the cross-process determinism check: the committed figures were written
    by another process (a notebook kernel) in an earlier build.
    ``runreport build --check`` compares a whole build.
    """
    published = config.EXPORTS_DIR / "figures"
    assert sorted(saved) == sorted(p.name for p in published.iterdir())
    for name, data in sorted(saved.items()):
        assert data == (published / name).read_bytes(), name


def test_report_page_writes_through_save_chart(seed, tmp_path):
    """One figure writer: the build's ReportPage writes exactly what save_chart writes."""
    from runreport.publish.display import ReportPage

    chart = seed["risk"]
    written = ReportPage(figures_dir=tmp_path / "page").render_figure(chart)
    paths = charts.save_chart(chart, tmp_path / "writer")
    for fmt in ("png", "svg", "csv"):
        assert getattr(written, fmt).read_bytes() == paths[fmt].read_bytes()


def test_save_refuses_a_key_that_is_not_a_file_name(seed, tmp_path):
    chart = dataclasses.replace(seed["risk"], key="../escape")
    with pytest.raises(ValueError, match="invalid figure key"):
        charts.save_chart(chart, tmp_path / "figures")
    assert not (tmp_path / "escape.png").exists()


def test_svg_has_no_date_or_version(saved):
    for name, content in saved.items():
        if name.endswith(".svg"):
            text = content.decode("utf-8")
            assert "<dc:date>" not in text
            assert "Matplotlib v" not in text and matplotlib.__version__ not in text
            assert "<dc:creator>" not in text


def test_png_has_no_software_tag(saved):
    assert b"Software" not in saved["risk.png"]
    assert b"matplotlib" not in saved["risk.png"].lower()


def test_csv_is_the_data(saved, seed, tmp_path):
    raw = saved["claims-vs-sources.csv"]
    assert b"\r\n" not in raw
    path = tmp_path / "c.csv"
    path.write_bytes(raw)
    back = pd.read_csv(path, keep_default_na=False, na_values=[""])
    assert list(back.columns) == list(charts.CLAIM_COLUMNS)
    assert back["article_value"].tolist() == [14.0, 65.0, 17.8, 7.7, 19.0]
    assert raw.decode("utf-8").startswith("line,label,unit,")


# --------------------------------------------------------------------------
# Source lines
# --------------------------------------------------------------------------


def test_long_source_is_drawn_in_full():
    source = "Sources: " + "; ".join(
        f"Author {i} et al. (20{i:02d}), Journal {i}" for i in range(8)
    )
    chart = charts.plot_incidence(seed_incidence(), source=source)
    check_common(chart)
    assert chart.source == source


def test_optional_source_column_names_the_reference():
    ref = "Videbæk S, Bueno AM, et al. (2015), Sports Medicine"
    claims = seed_claims().assign(source=["", "", ref, ref, ""], quote="extra column")
    chart = charts.plot_claims_vs_sources(claims)
    assert ref in chart.source and chart.source.count("Videbæk") == 1
    assert list(chart.data.columns) == list(charts.CLAIM_COLUMNS)
    incidence = charts.plot_incidence(seed_incidence().assign(source=ref))
    assert ref in incidence.source
    context = seed_context().assign(
        source=[
            ("Maselli F, et al. (2020), BMC Musculoskeletal Disorders"),
            "Briggs AM, et al. (2009), BMC",
            "x",
            "the article, line 2",
            "the article, line 81",
        ]
    )
    ticks = [
        t.get_text()
        for t in data_axes(charts.plot_prevalence_context(context).figure)[0].get_yticklabels()
    ]
    assert ticks[0].endswith("\nMaselli F, et al. (2020)")
