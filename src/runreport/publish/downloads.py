"""The readers' download page and the data package.

Takes a finished build folder (report, ``data/``, ``figures/``) and the
:class:`~runreport.analysis.study.Study` it came from, and gives ``index.html`` (every
download with its size and SHA-256, the sources, how it was built) and
``data/datapackage.json`` (a Frictionless Data Package describing every CSV).
Article text is escaped by Jinja's autoescaping, never interpreted.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import jinja2
import pandas as pd

from runreport import __version__, config
from runreport.provenance import file_sha256

_TYPES = {"i": "integer", "u": "integer", "f": "number", "b": "boolean"}

#: One sentence per published table, for the data package and the page.
TABLE_DESCRIPTIONS = {
    "anatomy": "Words, claims, product mentions and links per section of the article.",
    "cause_symptoms": "Cause × symptom: whole-word mentions of each symptom term in each "
    "cause's text.",
    "cause_treatments": "Cause × treatment: whole-word mentions of each treatment term in each "
    "cause's text.",
    "causes": (
        "The article's causes and the conditions it names (kind: cause or injury): number, "
        "title, body text, source line."
    ),
    "causes_overview": "Each cause with its curated category and the symptoms and treatments its "
    "text mentions.",
    "claims": "Every numeric claim of the article: value or range, unit, kind, subject, measure, "
    "attribution, line and full sentence.",
    "fact_check": "Each claim with its verdict computed from the evidence library: figure, 95% CI, "
    "status, reason and whether an editor reviewed it.",
    "faqs": "The FAQ: question, answer and source line.",
    "references": "Links to other articles: 'Related Article' lines and titles quoted in the text.",
    "season_risk": "Expected injuries and probability of at least one injury per season "
    "(Poisson model).",
    "sections": "The article's sections with their lines, item counts and words.",
    "source_figures": "The evidence library: each figure with its 95% CI or range, population, "
    "measure, body site and the sentence of the source it was read in.",
    "sources": "The primary sources: authors, year, title, journal, DOI, URL, design and where "
    "each was read.",
    "tip_coverage": "Tips × causes: 1 where a tip addresses a cause (curated).",
    "tips": (
        "The article's tips: number, title, body text, source line, and the cause or injury a "
        "tip is given under."
    ),
    "tips_overview": "Each tip with its curated category and the causes it addresses.",
}


def _field_type(series: pd.Series) -> str:
    return _TYPES.get(series.dtype.kind, "string")


def datapackage(study, data_dir: Path) -> dict:
    """The Data Package descriptor for the CSVs in *data_dir*."""
    resources = []
    for name, frame in study.data_tables().items():
        path = data_dir / f"{name}.csv"
        resources.append(
            {
                "name": name.replace("_", "-"),
                "path": path.name,
                "title": name.replace("_", " ").capitalize(),
                "description": TABLE_DESCRIPTIONS.get(name, ""),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": path.stat().st_size,
                "hash": f"sha256:{file_sha256(path)}",
                "schema": {
                    "fields": [
                        {"name": str(col), "type": _field_type(frame[col])} for col in frame.columns
                    ]
                },
            }
        )
    return {
        # Data Package names allow lowercase letters, digits and . _ - only.
        "name": re.sub(
            r"[^a-z0-9._-]+", "-", f"runreport-{Path(study.article.path).stem.lower()}"
        ).strip("-")[:100],
        "title": f"runreport data: {study.article.title}",
        "description": "Tables parsed from the article and the analyses of the runreport report.",
        "version": __version__,
        "resources": resources,
    }


def write_datapackage(target: Path, study) -> Path:
    """Write ``data/datapackage.json`` (resources in name order, stable bytes)."""
    path = target / "data" / "datapackage.json"
    path.write_text(
        json.dumps(datapackage(study, target / "data"), indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    return path


def _size(n: int) -> str:
    """A human file size: "1,023 bytes", "2.3 KB", "1.4 MB"."""
    if n < 1024:
        return f"{n:,} bytes"
    return f"{n / 1024:.1f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def _download(target: Path, relative: str) -> dict:
    path = target / relative
    return {
        "href": relative,
        "name": relative,
        "size": _size(path.stat().st_size),
        "sha256": file_sha256(path),
    }


def write_index(target: Path, study, inputs, epoch: int | None) -> Path:
    """Write ``index.html``, the readers' download page.

    Args:
        target: The finished build folder.
        study: The :class:`~runreport.analysis.study.Study` it came from.
        inputs: The build's :class:`~runreport.build.run.Inputs` (for the article's hash).
        epoch: The build date (:func:`runreport.provenance.build_date`), or None to state no date.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(config.TEMPLATES_DIR / "pages"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    figures = []
    for png in sorted((target / "figures").glob("*.png")):
        key = png.stem
        files = [
            _download(target, f"figures/{key}.{ext}")
            for ext in ("png", "svg", "csv")
            if (target / "figures" / f"{key}.{ext}").exists()
        ]
        figures.append({"key": key, "files": files})
    tables = [
        {
            **_download(target, f"data/{name}.csv"),
            "rows": len(frame),
            "description": TABLE_DESCRIPTIONS.get(name, ""),
        }
        for name, frame in study.data_tables().items()
    ]
    reports = [
        _download(target, name)
        for name in ("report.html", "report.pdf")
        if (target / name).exists()
    ]
    html = env.get_template("index.html.j2").render(
        title=study.article.title,
        article_name=Path(study.article.path).name,
        article_sha256=inputs.hashes["article"],
        annotated=study.annotated,
        reports=reports,
        tables=tables,
        datapackage=_download(target, "data/datapackage.json"),
        figures=figures,
        references=study.references.to_dict("records"),
        build_date=dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%d")
        if epoch is not None
        else None,
        version=__version__,
    )
    path = target / "index.html"
    path.write_text(html, encoding="utf-8")
    return path
