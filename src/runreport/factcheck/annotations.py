"""Load the human-edited files under ``data/`` and check them against the article.

Takes YAML files — ``data/lexicon.yaml`` (symptom and treatment words,
categories) and ``data/annotations/<article>.yaml`` (categories, tip↔cause
links, products, and the human judgement on claims: which figure the article
relies on, whether its population and measure are the article's, a status, a
note) — and gives tidy DataFrames. Every problem is an
:class:`~runreport.errors.InputError` at the YAML line: unknown keys, wrong
types, ids or numbers that do not exist in the article or in the evidence
library. Whether a status agrees with the numbers is checked by
:mod:`runreport.factcheck.verdicts`, also at the YAML line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from runreport.factcheck.curated_yaml import YamlDoc as _Doc
from runreport.factcheck.evidence import Evidence
from runreport.ingest.parse import read_lines

#: Statuses an annotation may set; :mod:`runreport.factcheck.verdicts` checks each against the
#: numbers.
CLAIM_STATUSES = ("verified", "misattributed", "out of range", "unsourced", "own data")
STATEMENT_STATUSES = ("verified", "unsourced")
#: Human judgement on the figure an entry names: is it about the article's population,
#: measure, body site?
JUDGEMENTS = ("same", "different")
#: ``review: pending`` marks an entry drafted by ``runreport annotate`` that nobody has checked yet.
REVIEWS = ("pending", "done")
NOT_ANNOTATED = "not annotated"


@dataclass
class Annotations:
    """Curated knowledge about one article, checked against its tables."""

    path: str
    causes: pd.DataFrame  # number, category
    tips: pd.DataFrame  # number, category
    links: pd.DataFrame  # tip, cause
    products: pd.DataFrame  # name, kind, where, number, line
    # line, value, status, source, figure, nearest_*, population, measure, body_site, review,
    # note, yaml_line
    claims: pd.DataFrame
    statements: pd.DataFrame  # line, text, status, source, review, note, yaml_line


# Sources and lexicon ----------------------------------------------------------


def load_lexicon(path: str | Path) -> pd.DataFrame:
    """Load ``lexicon.yaml``.

    Returns:
        One row per phrase: ``kind`` (symptom / treatment / cause category /
        tip category), ``term``, ``phrase``.
    """
    doc = _Doc(path)
    groups = {
        "symptoms": "symptom",
        "treatments": "treatment",
        "cause_categories": "cause category",
        "tip_categories": "tip category",
    }
    root = doc.mapping(doc.root, 1, "the lexicon", set(groups), {"symptoms", "treatments"})
    rows = []
    for group, kind in groups.items():
        if group not in root:
            continue
        terms = doc.mapping(
            root[group], doc.line(root, group), f"'{group}'", set(root[group] or {})
        )
        for term, phrases in terms.items():
            ok = (
                isinstance(phrases, CommentedSeq)
                and phrases
                and all(isinstance(p, str) and p.strip() for p in phrases)
            )
            if not ok:
                raise doc.fail(
                    doc.line(terms, term), f"'{term}' in {group} must list one or more phrases"
                )
            rows += [
                {"kind": kind, "term": str(term), "phrase": " ".join(p.lower().split())}
                for p in phrases
            ]
    return pd.DataFrame(rows, columns=["kind", "term", "phrase"])


# Annotations --------------------------------------------------------------------

_TOP_KEYS = {"article", "causes", "tips", "products", "claims", "statements"}


def load_annotations(
    path: str | Path,
    tables: dict[str, pd.DataFrame],
    sources: Evidence,
    article_path: str | Path | None = None,
) -> Annotations:
    """Load an annotations file and check it against the article's tables.

    Args:
        path: The YAML file.
        tables: The article's tables from :func:`runreport.analysis.tables.build_tables`.
        sources: The evidence library (claims point at its figures).
        article_path: The article; its file name must match ``article:``.

    Returns:
        The validated :class:`Annotations`.

    Raises:
        InputError: at the YAML line of the first problem.
    """
    doc = _Doc(path)
    root = doc.mapping(doc.root, 1, "the annotations file", _TOP_KEYS, {"article"})
    name = doc.text(root, "article", "the annotations file")
    if article_path is not None and Path(article_path).name != name:
        raise doc.fail(
            doc.line(root, "article"),
            f"annotations are for '{name}', not '{Path(article_path).name}'",
        )

    causes = _categories(doc, root, "causes", tables["causes"])
    tips = _categories(
        doc, root, "tips", tables["tips"], links=True, cause_numbers=set(tables["causes"]["number"])
    )
    links = tips.pop("links")
    lines = dict(read_lines(article_path)) if article_path is not None else {}
    products = _products(doc, root, tables, lines)
    figure_ids = set(zip(sources.figures["source"], sources.figures["figure"], strict=True))
    source_ids = set(sources.sources["source"])
    claims = _claims(doc, root, tables["claims"], source_ids, figure_ids)
    statements = _statements(doc, root, source_ids)
    if lines:
        for index, row in enumerate(statements.itertuples()):
            if row.text.lower() not in " ".join(lines.get(row.line, "").lower().split()):
                raise doc.fail(
                    doc.line(root["statements"], index),
                    f"article line {row.line} does not say '{row.text}'",
                )
    return Annotations(
        doc.path, causes["frame"], tips["frame"], links, products, claims, statements
    )


def _items(doc: _Doc, root: CommentedMap, key: str) -> CommentedMap:
    node = root.get(key)
    if node is None:
        return CommentedMap()
    return doc.mapping(
        node,
        doc.line(root, key),
        f"'{key}'",
        set(node) if isinstance(node, CommentedMap) else set(),
    )


def _categories(
    doc: _Doc,
    root: CommentedMap,
    key: str,
    items: pd.DataFrame,
    links: bool = False,
    cause_numbers: set[int] | None = None,
) -> dict[str, pd.DataFrame]:
    node = _items(doc, root, key)
    numbers = set(items["number"])
    singular = key[:-1]
    rows, link_rows = [], []
    for number, entry in node.items():
        line = doc.line(node, number)
        if isinstance(number, bool) or not isinstance(number, int):
            raise doc.fail(line, f"{singular} numbers are whole numbers, not {number!r}")
        if number not in numbers:
            raise doc.fail(
                line, f"{singular} {number} does not exist in the article (it has {len(numbers)})"
            )
        allowed = {"category", "addresses", "review"} if links else {"category", "review"}
        doc.mapping(entry, line, f"{singular} {number}", allowed, {"category"})
        review = (
            doc.choice(entry, "review", f"{singular} {number}", REVIEWS)
            if "review" in entry
            else "done"
        )
        rows.append(
            {
                "number": number,
                "category": doc.text(entry, "category", f"{singular} {number}").lower(),
                "review": review,
                "yaml_line": line,
            }
        )
        if links:
            addresses = entry.get("addresses", CommentedSeq())
            if not isinstance(addresses, CommentedSeq):
                raise doc.fail(
                    doc.line(entry, "addresses"),
                    f"'addresses' of tip {number} must be a list of cause numbers",
                )
            for cause in addresses:
                if (
                    not isinstance(cause, int)
                    or isinstance(cause, bool)
                    or cause not in (cause_numbers or set())
                ):
                    raise doc.fail(
                        doc.line(entry, "addresses"),
                        f"tip {number} addresses cause {cause}, which does not exist",
                    )
                link_rows.append({"tip": number, "cause": cause})
    frame = pd.DataFrame(rows, columns=["number", "category", "review", "yaml_line"])
    out = {"frame": frame.sort_values("number", ignore_index=True)}
    if links:
        out["links"] = pd.DataFrame(link_rows, columns=["tip", "cause"]).sort_values(
            ["tip", "cause"], ignore_index=True
        )
    return out


def _products(
    doc: _Doc, root: CommentedMap, tables: dict[str, pd.DataFrame], lines: dict[int, str]
) -> pd.DataFrame:
    node = root.get("products") or CommentedSeq()
    if not isinstance(node, CommentedSeq):
        raise doc.fail(doc.line(root, "products"), "'products' must be a list")
    rows = []
    for index, entry in enumerate(node):
        line = doc.line(node, index)
        doc.mapping(
            entry, line, "a product", {"name", "kind", "cause", "tip", "review"}, {"name", "kind"}
        )
        name = doc.text(entry, "name", "a product")
        where = [k for k in ("cause", "tip") if k in entry]
        if len(where) != 1:
            raise doc.fail(line, f"product '{name}' needs exactly one of 'cause' or 'tip'")
        number = doc.integer(entry, where[0], f"product '{name}'")
        frame = tables["causes" if where[0] == "cause" else "tips"]
        match = frame[frame["number"] == number]
        if match.empty:
            raise doc.fail(
                doc.line(entry, where[0]),
                f"product '{name}': {where[0]} {number} does not exist in the article",
            )
        if name not in match["body"].iloc[0]:
            raise doc.fail(line, f"product '{name}' is not mentioned in {where[0]} {number}")
        item_line = int(match["line"].iloc[0])
        # The line where the name appears; the item's own line when the article text is not at hand.
        line_of_name = next(
            (n for n in sorted(lines) if n >= item_line and name in lines[n]), item_line
        )
        rows.append(
            {
                "name": name,
                "kind": doc.text(entry, "kind", "a product"),
                "where": where[0],
                "number": int(number),
                "line": line_of_name,
            }
        )
    return pd.DataFrame(rows, columns=["name", "kind", "where", "number", "line"])


def _ref(
    doc: _Doc,
    entry: CommentedMap,
    key: str,
    what: str,
    source_ids: set[str],
    figure_ids: set[tuple[str, str]] | None,
) -> tuple[str | None, str | None]:
    node = entry.get(key)
    if node is None:
        return None, None
    allowed = {"source", "figure"} if figure_ids is not None else {"source"}
    doc.mapping(node, doc.line(entry, key), f"'{key}' of {what}", allowed, {"source"})
    source = str(node["source"])
    if source not in source_ids:
        raise doc.fail(
            doc.line(node, "source"), f"source '{source}' is not in the evidence library"
        )
    figure = node.get("figure")
    if figure is not None and (source, str(figure)) not in (figure_ids or set()):
        raise doc.fail(doc.line(node, "figure"), f"source '{source}' has no figure '{figure}'")
    return source, (str(figure) if figure is not None else None)


def _claims(
    doc: _Doc,
    root: CommentedMap,
    claims: pd.DataFrame,
    source_ids: set[str],
    figure_ids: set[tuple[str, str]],
) -> pd.DataFrame:
    node = root.get("claims") or CommentedSeq()
    if not isinstance(node, CommentedSeq):
        raise doc.fail(doc.line(root, "claims"), "'claims' must be a list")
    rows, seen = [], set()
    allowed = {
        "line",
        "value",
        "status",
        "source",
        "nearest",
        "population",
        "measure",
        "body_site",
        "review",
        "note",
    }
    for index, entry in enumerate(node):
        line = doc.line(node, index)
        doc.mapping(entry, line, "a claim", allowed, {"line", "value"})
        article_line = doc.integer(entry, "line", "a claim")
        what = f"the claim on line {article_line}"
        value = doc.number(entry, "value", what)
        found = claims[(claims["line"] == article_line) & ((claims["value"] - value).abs() < 1e-6)]
        if found.empty:
            raise doc.fail(line, f"the article has no claim of {value:g} on line {article_line}")
        if (article_line, value) in seen:
            raise doc.fail(line, f"{what} ({value:g}) is annotated twice")
        seen.add((article_line, value))
        status = doc.choice(entry, "status", what, CLAIM_STATUSES) if "status" in entry else None
        source, figure = _ref(doc, entry, "source", what, source_ids, figure_ids)
        nearest_source, nearest_figure = _ref(doc, entry, "nearest", what, source_ids, figure_ids)
        judged = {
            key: doc.choice(entry, key, what, JUDGEMENTS) if key in entry else None
            for key in ("population", "measure", "body_site")
        }
        if any(judged.values()) and figure is None and nearest_figure is None:
            raise doc.fail(
                line,
                f"{what} judges a population or measure but names no figure "
                "('source' or 'nearest')",
            )
        review = doc.choice(entry, "review", what, REVIEWS) if "review" in entry else "done"
        rows.append(
            {
                "line": int(article_line),
                "value": value,
                "status": status,
                "source": source,
                "figure": figure,
                "nearest_source": nearest_source,
                "nearest_figure": nearest_figure,
                **judged,
                "review": review,
                "note": doc.text(entry, "note", what, required=False),
                "yaml_line": line,
            }
        )
    cols = [
        "line",
        "value",
        "status",
        "source",
        "figure",
        "nearest_source",
        "nearest_figure",
        "population",
        "measure",
        "body_site",
        "review",
        "note",
        "yaml_line",
    ]
    return pd.DataFrame(rows, columns=cols).sort_values(["line", "value"], ignore_index=True)


def _statements(doc: _Doc, root: CommentedMap, source_ids: set[str]) -> pd.DataFrame:
    node = root.get("statements") or CommentedSeq()
    if not isinstance(node, CommentedSeq):
        raise doc.fail(doc.line(root, "statements"), "'statements' must be a list")
    rows = []
    for index, entry in enumerate(node):
        line = doc.line(node, index)
        doc.mapping(
            entry,
            line,
            "a statement",
            {"line", "text", "status", "source", "review", "note"},
            {"line", "text"},
        )
        article_line = doc.integer(entry, "line", "a statement")
        what = f"the statement on line {article_line}"
        status = (
            doc.choice(entry, "status", what, STATEMENT_STATUSES) if "status" in entry else None
        )
        source, _ = _ref(doc, entry, "source", what, source_ids, None)
        review = doc.choice(entry, "review", what, REVIEWS) if "review" in entry else "done"
        rows.append(
            {
                "line": article_line,
                "text": doc.text(entry, "text", what),
                "status": status,
                "source": source,
                "review": review,
                "note": doc.text(entry, "note", what, required=False),
                "yaml_line": line,
            }
        )
    return pd.DataFrame(
        rows, columns=["line", "text", "status", "source", "review", "note", "yaml_line"]
    )
