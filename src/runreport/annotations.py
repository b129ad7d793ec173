"""Load the human-edited files under ``data/`` and check them against the article.

Takes YAML files — ``data/sources.yaml`` (primary sources and their figures),
``data/lexicon.yaml`` (symptom and treatment words) and
``data/annotations/<article>.yaml`` (categories, tip↔cause links, products,
claim checks) — and gives tidy DataFrames. Every problem is an
:class:`~runreport.errors.InputError` at the YAML line: unknown keys, wrong
types, ids or numbers that do not exist in the article or in the sources, a
claim without a status.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from runreport.errors import InputError
from runreport.parse import read_lines

CLAIM_STATUSES = ("verified", "misattributed", "unsourced")
STATUS_LABELS = {
    "verified": "verified",
    "misattributed": "number right but misattributed",
    "unsourced": "unsourced",
    "not annotated": "not annotated",
}
NOT_ANNOTATED = "not annotated"


@dataclass
class Sources:
    """Primary sources (one row each) and the figures they report."""

    sources: pd.DataFrame
    figures: pd.DataFrame


@dataclass
class Annotations:
    """Curated knowledge about one article, checked against its tables."""

    path: str
    causes: pd.DataFrame  # number, category
    tips: pd.DataFrame  # number, category
    links: pd.DataFrame  # tip, cause
    products: pd.DataFrame  # name, kind, where, number, line
    claims: pd.DataFrame  # line, value, status, source, figure, nearest_source, nearest_figure, note
    statements: pd.DataFrame  # line, text, status, source, note


# YAML plumbing ----------------------------------------------------------------


class _Doc:
    """A loaded YAML file that knows how to point at its own lines."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(path, 1, f"cannot read: {getattr(exc, 'strerror', None) or exc}") from None
        try:
            self.root = YAML(typ="rt").load(text)
        except MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else 1
            raise InputError(path, line, f"YAML syntax error: {exc.problem or exc.context}") from None
        except YAMLError as exc:  # e.g. a ReaderError for control characters
            line = text[: getattr(exc, "position", 0)].count("\n") + 1
            raise InputError(path, line, f"not readable as YAML: {str(exc).splitlines()[0]}") from None
        if not isinstance(self.root, CommentedMap):
            raise InputError(path, 1, "expected a mapping at the top level")

    def line(self, node: Any, key: Any = None) -> int:
        """1-based line of *node* (or of *key* inside it)."""
        try:
            if key is not None and isinstance(node, CommentedMap):
                return node.lc.key(key)[0] + 1
            if key is not None and isinstance(node, CommentedSeq):
                return node.lc.item(key)[0] + 1
            return node.lc.line + 1
        except (AttributeError, KeyError, IndexError, TypeError):
            return 1

    def fail(self, line: int, message: str) -> InputError:
        return InputError(self.path, line, message)

    def mapping(self, node: Any, line: int, what: str, allowed: set[str], required: set[str] = frozenset()):
        """Check *node* is a mapping with only *allowed* keys and every *required* key."""
        if not isinstance(node, CommentedMap):
            raise self.fail(line, f"{what} must be a mapping")
        for key in node:
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                raise self.fail(self.line(node, key), f"unknown key '{key}' in {what} (known: {known})")
        for key in sorted(required):
            if key not in node or node[key] is None:
                raise self.fail(line, f"{what} has no '{key}'")
        return node

    def _value(self, node: Any, key: str, what: str, required: bool) -> Any:
        """``node[key]``; None when absent and optional, an error when absent and required."""
        value = node.get(key)
        if value is None and required:
            raise self.fail(self.line(node), f"{what} has no '{key}'")
        return value

    def text(self, node: Any, key: str, what: str, required: bool = True) -> str | None:
        value = self._value(node, key, what, required)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(self.line(node, key), f"'{key}' in {what} must be non-empty text")
        return " ".join(value.split())

    def number(self, node: Any, key: str, what: str, required: bool = True) -> float | None:
        value = self._value(node, key, what, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise self.fail(self.line(node, key), f"'{key}' in {what} must be a number")
        return float(value)

    def integer(self, node: Any, key: str, what: str) -> int:
        """A whole number ≥ 1 (a line or an item number), or an error at its line."""
        value = self._value(node, key, what, required=True)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise self.fail(self.line(node, key), f"'{key}' in {what} must be a whole number (got {value!r})")
        return value

    def choice(self, node: Any, key: str, what: str, allowed: tuple[str, ...]) -> str:
        """One of *allowed*, or an error at its line."""
        value = node.get(key)
        if value is None:
            raise self.fail(self.line(node), f"{what} has no {key} ({' / '.join(allowed)})")
        if not isinstance(value, str) or value not in allowed:
            raise self.fail(self.line(node, key), f"{key} {value!r} in {what} is not one of {', '.join(allowed)}")
        return value

    def pair(self, node: Any, key: str, what: str) -> tuple[float, float] | tuple[None, None]:
        value = node.get(key)
        if value is None:
            return None, None
        ok = isinstance(value, CommentedSeq) and len(value) == 2 and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in value
        )
        if not ok or value[0] > value[1]:
            raise self.fail(self.line(node, key), f"'{key}' in {what} must be [low, high] with low <= high")
        return float(value[0]), float(value[1])


# Sources and lexicon ----------------------------------------------------------

_SOURCE_KEYS = {"authors", "year", "title", "journal", "citation", "doi", "url", "figures"}
_FIGURE_KEYS = {"label", "value", "ci", "range", "approximate", "unit", "population", "measure"}


def load_sources(path: str | Path) -> Sources:
    """Load ``sources.yaml``.

    Returns:
        :class:`Sources` with ``sources`` (id, authors, year, title, journal,
        citation, doi, url) and ``figures`` (source, figure, label, value,
        ci_low, ci_high, low, high, approximate, unit, population, measure).
    """
    doc = _Doc(path)
    root = doc.mapping(doc.root, 1, "the sources file", {"sources"}, {"sources"})
    sources, figures = [], []
    table = doc.mapping(root["sources"], doc.line(root, "sources"), "'sources'", set(root["sources"] or {}))
    for source_id, entry in table.items():
        what = f"source '{source_id}'"
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", str(source_id)):
            raise doc.fail(doc.line(table, source_id), f"source id '{source_id}' must be lowercase letters, digits and -")
        doc.mapping(entry, doc.line(table, source_id), what, _SOURCE_KEYS, {"authors", "title"})
        authors = entry["authors"]
        if not isinstance(authors, CommentedSeq) or not authors or not all(isinstance(a, str) for a in authors):
            raise doc.fail(doc.line(entry, "authors"), f"'authors' in {what} must be a list of names")
        year = entry.get("year")
        if year is not None and (not isinstance(year, int) or not 1800 < year < 2100):
            raise doc.fail(doc.line(entry, "year"), f"'year' in {what} must be a year")
        doi = doc.text(entry, "doi", what, required=False)
        if doi is not None and not re.fullmatch(r"10\.\d{4,9}/\S+", doi):
            raise doc.fail(doc.line(entry, "doi"), f"'doi' in {what} is not a DOI (10.xxxx/…)")
        url = doc.text(entry, "url", what, required=False)
        if url is not None and not url.startswith("https://"):
            raise doc.fail(doc.line(entry, "url"), f"'url' in {what} must start with https://")
        sources.append(
            {
                "source": str(source_id),
                "authors": ", ".join(authors),
                "year": year,
                "title": doc.text(entry, "title", what),
                "journal": doc.text(entry, "journal", what, required=False),
                "citation": doc.text(entry, "citation", what, required=False),
                "doi": doi,
                "url": url or (f"https://doi.org/{doi}" if doi else None),
            }
        )
        figs = entry.get("figures") or CommentedMap()
        doc.mapping(figs, doc.line(entry, "figures") if "figures" in entry else doc.line(entry), f"figures of {what}", set(figs))
        for figure_id, fig in figs.items():
            fwhat = f"figure '{figure_id}' of {what}"
            doc.mapping(fig, doc.line(figs, figure_id), fwhat, _FIGURE_KEYS, {"label", "unit", "population", "measure"})
            value = doc.number(fig, "value", fwhat, required=False)
            ci_low, ci_high = doc.pair(fig, "ci", fwhat)
            low, high = doc.pair(fig, "range", fwhat)
            if (value is None) == (low is None):
                raise doc.fail(doc.line(figs, figure_id), f"{fwhat} needs exactly one of 'value' or 'range'")
            if value is not None and ci_low is not None and not ci_low <= value <= ci_high:
                raise doc.fail(doc.line(fig, "ci"), f"the CI of {fwhat} does not contain its value")
            figures.append(
                {
                    "source": str(source_id),
                    "figure": str(figure_id),
                    "label": doc.text(fig, "label", fwhat),
                    "value": value,
                    "ci_low": ci_low,
                    "ci_high": ci_high,
                    "low": low if low is not None else value,
                    "high": high if high is not None else value,
                    "approximate": bool(fig.get("approximate", False)),
                    "unit": doc.text(fig, "unit", fwhat),
                    "population": doc.text(fig, "population", fwhat),
                    "measure": doc.text(fig, "measure", fwhat),
                }
            )
    source_cols = ["source", "authors", "year", "title", "journal", "citation", "doi", "url"]
    figure_cols = ["source", "figure", "label", "value", "ci_low", "ci_high", "low", "high",
                   "approximate", "unit", "population", "measure"]
    return Sources(
        pd.DataFrame(sources, columns=source_cols).astype({"year": "Int64"}),
        pd.DataFrame(figures, columns=figure_cols).astype({c: float for c in figure_cols[3:8]}),
    )


def load_lexicon(path: str | Path) -> pd.DataFrame:
    """Load ``lexicon.yaml``.

    Returns:
        One row per phrase: ``kind`` (symptom / treatment), ``term``, ``phrase``.
    """
    doc = _Doc(path)
    root = doc.mapping(doc.root, 1, "the lexicon", {"symptoms", "treatments"}, {"symptoms", "treatments"})
    rows = []
    for group, kind in (("symptoms", "symptom"), ("treatments", "treatment")):
        terms = doc.mapping(root[group], doc.line(root, group), f"'{group}'", set(root[group] or {}))
        for term, phrases in terms.items():
            ok = isinstance(phrases, CommentedSeq) and phrases and all(isinstance(p, str) and p.strip() for p in phrases)
            if not ok:
                raise doc.fail(doc.line(terms, term), f"'{term}' in {group} must list one or more phrases")
            rows += [{"kind": kind, "term": str(term), "phrase": " ".join(p.lower().split())} for p in phrases]
    return pd.DataFrame(rows, columns=["kind", "term", "phrase"])


# Annotations --------------------------------------------------------------------

_TOP_KEYS = {"article", "causes", "tips", "products", "claims", "statements"}


def load_annotations(path: str | Path, tables: dict[str, pd.DataFrame], sources: Sources,
                     article_path: str | Path | None = None) -> Annotations:
    """Load an annotations file and check it against the article's tables.

    Args:
        path: The YAML file.
        tables: The article's tables from :func:`runreport.tables.build_tables`.
        sources: The loaded primary sources (claims point at their figures).
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
        raise doc.fail(doc.line(root, "article"), f"annotations are for '{name}', not '{Path(article_path).name}'")

    causes = _categories(doc, root, "causes", tables["causes"])
    tips = _categories(doc, root, "tips", tables["tips"], links=True, cause_numbers=set(tables["causes"]["number"]))
    links = tips.pop("links")
    lines = dict(read_lines(article_path)) if article_path is not None else {}
    products = _products(doc, root, tables, lines)
    figure_ids = set(zip(sources.figures["source"], sources.figures["figure"]))
    source_ids = set(sources.sources["source"])
    claims = _claims(doc, root, tables["claims"], source_ids, figure_ids)
    statements = _statements(doc, root, source_ids)
    if lines:
        for index, row in enumerate(statements.itertuples()):
            if row.text.lower() not in " ".join(lines.get(row.line, "").lower().split()):
                raise doc.fail(doc.line(root["statements"], index), f"article line {row.line} does not say '{row.text}'")
    return Annotations(doc.path, causes["frame"], tips["frame"], links, products, claims, statements)


def _items(doc: _Doc, root: CommentedMap, key: str) -> CommentedMap:
    node = root.get(key)
    if node is None:
        return CommentedMap()
    return doc.mapping(node, doc.line(root, key), f"'{key}'", set(node) if isinstance(node, CommentedMap) else set())


def _categories(doc: _Doc, root: CommentedMap, key: str, items: pd.DataFrame, links: bool = False,
                cause_numbers: set[int] | None = None) -> dict[str, pd.DataFrame]:
    node = _items(doc, root, key)
    numbers = set(items["number"])
    singular = key[:-1]
    rows, link_rows = [], []
    for number, entry in node.items():
        line = doc.line(node, number)
        if isinstance(number, bool) or not isinstance(number, int):
            raise doc.fail(line, f"{singular} numbers are whole numbers, not {number!r}")
        if number not in numbers:
            raise doc.fail(line, f"{singular} {number} does not exist in the article (it has {len(numbers)})")
        allowed = {"category", "addresses"} if links else {"category"}
        doc.mapping(entry, line, f"{singular} {number}", allowed, {"category"})
        rows.append({"number": number, "category": doc.text(entry, "category", f"{singular} {number}").lower()})
        if links:
            addresses = entry.get("addresses", CommentedSeq())
            if not isinstance(addresses, CommentedSeq):
                raise doc.fail(doc.line(entry, "addresses"), f"'addresses' of tip {number} must be a list of cause numbers")
            for cause in addresses:
                if not isinstance(cause, int) or isinstance(cause, bool) or cause not in (cause_numbers or set()):
                    raise doc.fail(doc.line(entry, "addresses"), f"tip {number} addresses cause {cause}, which does not exist")
                link_rows.append({"tip": number, "cause": cause})
    out = {"frame": pd.DataFrame(rows, columns=["number", "category"]).sort_values("number", ignore_index=True)}
    if links:
        out["links"] = pd.DataFrame(link_rows, columns=["tip", "cause"]).sort_values(["tip", "cause"], ignore_index=True)
    return out


def _products(doc: _Doc, root: CommentedMap, tables: dict[str, pd.DataFrame], lines: dict[int, str]) -> pd.DataFrame:
    node = root.get("products") or CommentedSeq()
    if not isinstance(node, CommentedSeq):
        raise doc.fail(doc.line(root, "products"), "'products' must be a list")
    rows = []
    for index, entry in enumerate(node):
        line = doc.line(node, index)
        doc.mapping(entry, line, "a product", {"name", "kind", "cause", "tip"}, {"name", "kind"})
        name = doc.text(entry, "name", "a product")
        where = [k for k in ("cause", "tip") if k in entry]
        if len(where) != 1:
            raise doc.fail(line, f"product '{name}' needs exactly one of 'cause' or 'tip'")
        number = doc.integer(entry, where[0], f"product '{name}'")
        frame = tables["causes" if where[0] == "cause" else "tips"]
        match = frame[frame["number"] == number]
        if match.empty:
            raise doc.fail(doc.line(entry, where[0]), f"product '{name}': {where[0]} {number} does not exist in the article")
        if name not in match["body"].iloc[0]:
            raise doc.fail(line, f"product '{name}' is not mentioned in {where[0]} {number}")
        item_line = int(match["line"].iloc[0])
        # The line where the name appears; the item's own line when the article text is not at hand.
        line_of_name = next((n for n in sorted(lines) if n >= item_line and name in lines[n]), item_line)
        rows.append({"name": name, "kind": doc.text(entry, "kind", "a product"), "where": where[0],
                     "number": int(number), "line": line_of_name})
    return pd.DataFrame(rows, columns=["name", "kind", "where", "number", "line"])


def _ref(doc: _Doc, entry: CommentedMap, key: str, what: str, source_ids: set[str],
         figure_ids: set[tuple[str, str]] | None) -> tuple[str | None, str | None]:
    node = entry.get(key)
    if node is None:
        return None, None
    allowed = {"source", "figure"} if figure_ids is not None else {"source"}
    doc.mapping(node, doc.line(entry, key), f"'{key}' of {what}", allowed, {"source"})
    source = str(node["source"])
    if source not in source_ids:
        raise doc.fail(doc.line(node, "source"), f"source '{source}' is not in the sources file")
    figure = node.get("figure")
    if figure is not None and (source, str(figure)) not in (figure_ids or set()):
        raise doc.fail(doc.line(node, "figure"), f"source '{source}' has no figure '{figure}'")
    return source, (str(figure) if figure is not None else None)


def _claims(doc: _Doc, root: CommentedMap, claims: pd.DataFrame, source_ids: set[str],
            figure_ids: set[tuple[str, str]]) -> pd.DataFrame:
    node = root.get("claims") or CommentedSeq()
    if not isinstance(node, CommentedSeq):
        raise doc.fail(doc.line(root, "claims"), "'claims' must be a list")
    rows, seen = [], set()
    for index, entry in enumerate(node):
        line = doc.line(node, index)
        doc.mapping(entry, line, "a claim", {"line", "value", "status", "source", "nearest", "note"}, {"line", "value"})
        article_line = doc.integer(entry, "line", "a claim")
        what = f"the claim on line {article_line}"
        value = doc.number(entry, "value", what)
        found = claims[(claims["line"] == article_line) & ((claims["value"] - value).abs() < 1e-9)]
        if found.empty:
            raise doc.fail(line, f"the article has no claim of {value:g} on line {article_line}")
        if (article_line, value) in seen:
            raise doc.fail(line, f"{what} ({value:g}) is annotated twice")
        seen.add((article_line, value))
        status = doc.choice(entry, "status", what, CLAIM_STATUSES)
        source, figure = _ref(doc, entry, "source", what, source_ids, figure_ids)
        if status in ("verified", "misattributed") and figure is None:
            raise doc.fail(line, f"{what} is {status} but names no source figure")
        nearest_source, nearest_figure = _ref(doc, entry, "nearest", what, source_ids, figure_ids)
        rows.append({"line": int(article_line), "value": value, "status": status, "source": source, "figure": figure,
                     "nearest_source": nearest_source, "nearest_figure": nearest_figure,
                     "note": doc.text(entry, "note", what, required=False)})
    cols = ["line", "value", "status", "source", "figure", "nearest_source", "nearest_figure", "note"]
    return pd.DataFrame(rows, columns=cols).sort_values(["line", "value"], ignore_index=True)


def _statements(doc: _Doc, root: CommentedMap, source_ids: set[str]) -> pd.DataFrame:
    node = root.get("statements") or CommentedSeq()
    if not isinstance(node, CommentedSeq):
        raise doc.fail(doc.line(root, "statements"), "'statements' must be a list")
    rows = []
    for index, entry in enumerate(node):
        line = doc.line(node, index)
        doc.mapping(entry, line, "a statement", {"line", "text", "status", "source", "note"}, {"line", "text", "status"})
        article_line = doc.integer(entry, "line", "a statement")
        what = f"the statement on line {article_line}"
        status = doc.choice(entry, "status", what, CLAIM_STATUSES)
        source, _ = _ref(doc, entry, "source", what, source_ids, None)
        rows.append({"line": article_line, "text": doc.text(entry, "text", what), "status": status,
                     "source": source, "note": doc.text(entry, "note", what, required=False)})
    return pd.DataFrame(rows, columns=["line", "text", "status", "source", "note"])

