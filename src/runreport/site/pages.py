"""The site's pages and cross-article tables.

Takes the summaries of the built articles (what :func:`runreport.site.worker.summarize`
gives, plus slug, path and format) and the failed ones (slug, path, error), and
gives, in the site folder:

- ``data/articles.csv``: each article with its counts and fact-check scorecard;
- ``data/recurring_figures.csv``: figures stated by two or more articles (same
  value, unit and measure), how many state each, the verdicts, the articles;
- ``data/source_citations.csv``: every source of the evidence library with the
  number of articles that cite it (never-cited sources have 0);
- ``data/unsourced_by_site.csv``: per body site, claims and unsourced claims;
- ``data/failures.csv``: the articles that failed, with ``path:line: message``;
- ``figures/``: the charts of :mod:`runreport.site.charts` (PNG, SVG and the
  CSV each plots);
- ``datapackage.json``: a Frictionless Data Package of these tables and every
  article's tables;
- ``index.html`` (every article and its scorecard, the failures), ``findings.html``
  (the cross-article tables and charts) and ``downloads.html`` (every CSV,
  figure and the data package with sizes and SHA-256): script-free,
  self-contained pages (inline stylesheet and icon, charts as ``data:`` URIs),
  escaped by Jinja, tables as cards on phones.

Pure functions build the tables from summaries; :func:`write_site` does the I/O.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import jinja2
import pandas as pd

from runreport import __version__, config
from runreport.analysis.tables import write_csv
from runreport.provenance import file_sha256
from runreport.publish.downloads import TABLE_DESCRIPTIONS, _field_type, _size

SCORE_COLUMNS = (
    "verified",
    "misattributed",
    "out of range",
    "unsourced",
    "own data",
    "contradicted",
    "automatic",
    "reviewed",
)

SITE_TABLE_DESCRIPTIONS = {
    "articles": "Each article: title, format, counts of causes, tips and claims, and its "
    "fact-check scorecard.",
    "failures": "Articles that could not be built, with path:line: message.",
    "recurring_figures": "Figures stated by two or more articles (same value, unit and measure): "
    "how many articles state each, the verdicts and the articles.",
    "source_citations": "Every source of the evidence library with the number of articles that "
    "cite it.",
    "unsourced_by_site": "Per body site: the claims of all articles and how many are unsourced.",
}


def articles_table(built: list[dict]) -> pd.DataFrame:
    """One row per built article: counts and scorecard."""
    rows = []
    for a in built:
        claims = a["claims"]
        row = {
            "slug": a["slug"],
            "path": a["path"],
            "title": a["title"],
            "format": a["format"],
            "causes": a["causes"],
            "tips": a["tips"],
            "claims": len(claims),
        }
        for status in ("verified", "misattributed", "out of range", "unsourced", "own data"):
            row[status] = sum(c["status"] == status for c in claims)
        row["contradicted"] = sum(c["contradicted"] for c in claims)
        row["reviewed"] = sum(c["reviewed"] for c in claims)
        row["automatic"] = len(claims) - row["reviewed"]
        rows.append(row)
    columns = ["slug", "path", "title", "format", "causes", "tips", "claims", *SCORE_COLUMNS]
    return pd.DataFrame(rows, columns=columns)


def _value_text(value: object) -> str:
    if value == "" or value is None:
        return ""
    return f"{float(value):g}"


def recurring_figures(built: list[dict], minimum: int = 2) -> pd.DataFrame:
    """Figures (value, unit, measure) stated by at least *minimum* articles.

    Most widespread first.
    """
    groups: dict[tuple[str, str, str], dict] = {}
    for a in built:
        for c in a["claims"]:
            key = (_value_text(c["value"]), c["unit"], c["measure"])
            if not key[0]:
                continue
            group = groups.setdefault(key, {"articles": [], "verdicts": set()})
            if a["slug"] not in group["articles"]:
                group["articles"].append(a["slug"])
            group["verdicts"].add(c["status"])
    rows = [
        {
            "value": k[0],
            "unit": k[1],
            "measure": k[2],
            "articles": len(g["articles"]),
            "verdicts": "; ".join(sorted(g["verdicts"])),
            "slugs": " ".join(sorted(g["articles"])),
        }
        for k, g in groups.items()
        if len(g["articles"]) >= minimum
    ]
    frame = pd.DataFrame(
        rows, columns=["value", "unit", "measure", "articles", "verdicts", "slugs"]
    )
    return frame.sort_values(
        ["articles", "value", "unit", "measure"], ascending=[False, True, True, True], kind="stable"
    ).reset_index(drop=True)


def source_citations(built: list[dict], sources: pd.DataFrame) -> pd.DataFrame:
    """Every library source with how many articles cite it.

    Most-cited first; the never-cited last, with 0.
    """
    counts = {s: 0 for s in sources["source"]}
    for a in built:
        for s in a["used_sources"]:
            counts[s] = counts.get(s, 0) + 1
    meta = sources.set_index("source")
    rows = [
        {
            "source": s,
            "authors": meta.at[s, "authors"] if s in meta.index else "",
            "year": meta.at[s, "year"] if s in meta.index else "",
            "title": meta.at[s, "title"] if s in meta.index else "",
            "articles": n,
        }
        for s, n in counts.items()
    ]
    frame = pd.DataFrame(rows, columns=["source", "authors", "year", "title", "articles"])
    return frame.sort_values(
        ["articles", "source"], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)


def unsourced_by_site(built: list[dict]) -> pd.DataFrame:
    """Per body site: claims across the site and how many are unsourced, most unsourced first."""
    tally: dict[str, list[int]] = {}
    for a in built:
        for c in a["claims"]:
            t = tally.setdefault(c["site"], [0, 0])
            t[0] += 1
            t[1] += c["status"] == "unsourced"
    frame = pd.DataFrame(
        [{"body_site": s, "claims": n, "unsourced": u} for s, (n, u) in tally.items()],
        columns=["body_site", "claims", "unsourced"],
    )
    return frame.sort_values(
        ["unsourced", "body_site"], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)


def site_tables(
    built: list[dict], failed: list[dict], sources: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """Every cross-article table, by file stem."""
    return {
        "articles": articles_table(built),
        "failures": pd.DataFrame(failed, columns=["slug", "path", "error"]),
        "recurring_figures": recurring_figures(built),
        "source_citations": source_citations(built, sources),
        "unsourced_by_site": unsourced_by_site(built),
    }


def _resource(
    root: Path, relative: str, name: str, description: str, frame: pd.DataFrame | None
) -> dict:
    path = root / relative
    resource = {
        "name": name,
        "path": relative,
        "description": description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": path.stat().st_size,
        "hash": f"sha256:{file_sha256(path)}",
    }
    if frame is not None:
        resource["schema"] = {
            "fields": [{"name": str(c), "type": _field_type(frame[c])} for c in frame.columns]
        }
    return resource


def datapackage(root: Path, tables: dict[str, pd.DataFrame], built: list[dict]) -> dict:
    """The site's Data Package: the cross-article tables, then every article's tables."""
    resources = [
        _resource(
            root, f"data/{n}.csv", f"site-{n.replace('_', '-')}", SITE_TABLE_DESCRIPTIONS[n], f
        )
        for n, f in tables.items()
    ]
    for a in built:
        for csv in sorted((root / a["slug"] / "data").glob("*.csv")):
            resources.append(
                _resource(
                    root,
                    f"{a['slug']}/data/{csv.name}",
                    f"{a['slug']}-{csv.stem.replace('_', '-')}",
                    TABLE_DESCRIPTIONS.get(csv.stem, ""),
                    None,
                )
            )
    return {
        "name": "runreport-site",
        "title": "runreport fact-check site",
        "description": "Cross-article tables of a runreport site and every article's tables.",
        "version": __version__,
        "resources": resources,
    }


def site_charts(tables: dict[str, pd.DataFrame]) -> list:
    """The site's charts (:mod:`runreport.site.charts`)."""
    from runreport.site.charts import plot_recurring_figures, plot_unsourced_by_site

    return [
        plot_unsourced_by_site(tables["unsourced_by_site"]),
        plot_recurring_figures(tables["recurring_figures"]),
    ]


def _environment() -> jinja2.Environment:
    # site/ for the pages, pages/ for the icon the download page uses too.
    loader = jinja2.FileSystemLoader(
        [config.TEMPLATES_DIR / "site", config.TEMPLATES_DIR / "pages"]
    )
    return jinja2.Environment(
        loader=loader, autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True
    )


def _download(root: Path, relative: str) -> dict:
    path = root / relative
    return {
        "href": relative,
        "name": relative,
        "size": _size(path.stat().st_size),
        "sha256": file_sha256(path),
    }


def _chart_image(figures: Path, chart) -> dict:
    """A findings-page chart: its PNG inlined as lossless WebP (the page fetches nothing)."""
    from PIL import Image

    from runreport.publish.images import webp_data_uri

    png = (figures / f"{chart.key}.png").read_bytes()
    with Image.open(figures / f"{chart.key}.png") as image:
        width, height = image.size
    return {
        "key": chart.key,
        "title": chart.title,
        "caption": chart.caption,
        "alt": chart.alt,
        "src": webp_data_uri(png),
        "width": width,
        "height": height,
    }


def render_pages(
    tables: dict[str, pd.DataFrame],
    built: list[dict],
    root: Path | None = None,
    charts: list | None = None,
) -> dict[str, str]:
    """The site's pages by file name: ``index.html``, ``findings.html``, ``downloads.html``.

    ``downloads.html`` needs *root* (it lists the files' sizes and hashes).

    Args:
        tables: The cross-article tables (:func:`site_tables`).
        built: The built articles' summaries (with ``slug`` and ``has_pdf``).
        root: The site folder whose ``data/``, ``figures/`` and ``datapackage.json`` are written
            (for sizes, hashes and the inline charts); None renders the two pages that need no
            files.
        charts: The site's charts, already saved into ``root/figures``.

    Returns:
        Autoescaped HTML (article text is never markup), script-free and self-contained.
    """
    env = _environment()
    articles = tables["articles"].to_dict("records")
    common = {
        "total": len(articles) + len(tables["failures"]),
        "version": __version__,
        "has_pdf": {a["slug"]: a.get("has_pdf", True) for a in built},
    }
    described = f"{common['total']} running-health articles"
    pages = {
        "index.html": _index_page(env, common, described, tables, articles),
        "findings.html": _findings_page(env, common, described, tables, root, charts),
    }
    if root is not None:
        pages["downloads.html"] = _downloads_page(
            env, common, described, tables, articles, root, charts
        )
    return pages


def _index_page(
    env: jinja2.Environment,
    common: dict,
    described: str,
    tables: dict[str, pd.DataFrame],
    articles: list[dict],
) -> str:
    """``index.html``: every article and its scorecard, the failures."""
    by_site = tables["unsourced_by_site"]
    return env.get_template("index.html.j2").render(
        **common,
        current="index.html",
        page_title="Fact-check site: articles",
        heading=f"Fact-check of {described}",
        description=f"runreport's fact-check of {described}: each article's claims, verdicts and "
        "downloads.",
        articles=articles,
        failures=tables["failures"].to_dict("records"),
        recurring=tables["recurring_figures"].to_dict("records"),
        claims_total=int(by_site["claims"].sum()),
        unsourced_total=int(by_site["unsourced"].sum()),
    )


def _findings_page(
    env: jinja2.Environment,
    common: dict,
    described: str,
    tables: dict[str, pd.DataFrame],
    root: Path | None,
    charts: list | None,
) -> str:
    """``findings.html``: the cross-article tables, and the charts when *root* holds them."""
    return env.get_template("findings.html.j2").render(
        **common,
        current="findings.html",
        page_title="Fact-check site: cross-article findings",
        heading="Cross-article findings",
        description=f"Figures that recur across {described}, unsourced claims by body site, and "
        "the most- and never-cited sources of the evidence library.",
        recurring=tables["recurring_figures"].to_dict("records"),
        sites=tables["unsourced_by_site"].to_dict("records"),
        cited=tables["source_citations"].query("articles > 0").to_dict("records"),
        never=tables["source_citations"].query("articles == 0").to_dict("records"),
        charts=[_chart_image(root / "figures", c) for c in charts or []]
        if root is not None
        else [],
    )


def _downloads_page(
    env: jinja2.Environment,
    common: dict,
    described: str,
    tables: dict[str, pd.DataFrame],
    articles: list[dict],
    root: Path,
    charts: list | None,
) -> str:
    """``downloads.html``: every CSV, figure and the data package, with sizes and SHA-256."""
    figures = [
        {
            "key": c.key,
            "files": [_download(root, f"figures/{c.key}.{ext}") for ext in ("png", "svg", "csv")],
        }
        for c in charts or []
    ]
    return env.get_template("downloads.html.j2").render(
        **common,
        current="downloads.html",
        page_title="Fact-check site: downloads",
        heading="Downloads",
        description=f"The cross-article tables of {described} as CSV with a Frictionless Data "
        "Package, the site's figures, and every article's report, PDF and data.",
        tables=[
            {
                **_download(root, f"data/{name}.csv"),
                "rows": len(frame),
                "description": SITE_TABLE_DESCRIPTIONS[name],
            }
            for name, frame in tables.items()
        ],
        datapackage=_download(root, "datapackage.json"),
        figures=figures,
        articles=articles,
    )


def readable(path: Path, folder: bool = False) -> Path:
    """Give a staged file or folder the permissions a plain write would.

    Temporary files are private, but a site is meant to be served: a web server must read what
    the staging made owner-only.
    """
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, (0o777 if folder else 0o666) & ~umask)
    return path


def _write_text(path: Path, text: str) -> None:
    """Write *path* whole or not at all (a temporary file beside it, renamed over it)."""
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp"
    ) as tmp:
        tmp.write(text)
    os.replace(readable(Path(tmp.name)), path)


def write_site(root: Path, built: list[dict], failed: list[dict]) -> None:
    """Write the site's ``data/``, ``figures/``, ``datapackage.json`` and pages into *root*.

    Each is replaced whole.
    """
    from runreport.charts import save_chart
    from runreport.factcheck.evidence import load_evidence
    from runreport.output_folders import staging_beside, swap_into_place

    sources = load_evidence(config.EVIDENCE_FILE).sources
    for a in built:
        a["has_pdf"] = (root / a["slug"] / "report.pdf").is_file()
    tables = site_tables(built, failed, sources)
    charts = site_charts(tables)
    data = readable(staging_beside(root / "data", prefix=".data-build-"), folder=True)
    figures = readable(staging_beside(root / "figures", prefix=".figures-build-"), folder=True)
    try:
        for name, frame in tables.items():
            write_csv(frame, data / f"{name}.csv")
        for chart in charts:
            save_chart(chart, figures)
        swap_into_place(data, root / "data")
        swap_into_place(figures, root / "figures")
    finally:
        shutil.rmtree(data, ignore_errors=True)
        shutil.rmtree(figures, ignore_errors=True)
    _write_text(
        root / "datapackage.json",
        json.dumps(datapackage(root, tables, built), indent=2, ensure_ascii=False) + "\n",
    )
    for name, html in render_pages(tables, built, root, charts).items():
        _write_text(root / name, html)
