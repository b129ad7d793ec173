"""The evidence library: primary sources on running injuries and the figures they report.

Takes ``data/evidence.yaml`` (or a folder of such files) and gives
:class:`Evidence`: one row per source and one row per figure, each figure with
its value and 95% CI (or range), unit, kind (incidence, prevalence, share of
injuries, rate, …), population and the words that name it
(``population_terms``), measure, body site, period and the sentence of the
source it was read in (``quote``). Every problem is an
:class:`~runreport.errors.InputError` at the YAML line: unknown keys, missing
fields, a CI that does not contain its value, a figure with no quote.
"""

from __future__ import annotations

import hashlib
import re
from collections import namedtuple
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from runreport.factcheck.curated_yaml import YamlDoc
from runreport.ingest.claim_rules import QUALIFIERS


@lru_cache(maxsize=32)
def _row_type(columns: tuple[str, ...]):
    return namedtuple("Row", ("Index", *columns), rename=True)


def frame_rows(frame: pd.DataFrame) -> list:
    """The rows of *frame* as named tuples, as ``DataFrame.itertuples()`` gives them, without
    making a new tuple class on every call (which takes most of its time on a small frame)."""
    row = _row_type(tuple(str(c) for c in frame.columns))
    columns = [frame.index.tolist(), *(frame[c].tolist() for c in frame.columns)]
    return [row(*values) for values in zip(*columns, strict=True)]


#: What a figure counts. "share of injuries": the part of all injuries at one site or diagnosis.
FIGURE_KINDS = (
    "incidence",
    "prevalence",
    "share of injuries",
    "rate",
    "relative risk",
    "count",
    "other",
)

_SOURCE_KEYS = {
    "authors",
    "year",
    "title",
    "journal",
    "citation",
    "doi",
    "url",
    "design",
    "read_at",
    "note",
    "quote",
    "verified_by",
    "figures",
}
_FIGURE_KEYS = {
    "label",
    "value",
    "ci",
    "range",
    "sd",
    "qualifier",
    "approximate",
    "unit",
    "kind",
    "period",
    "population",
    "population_terms",
    "measure",
    "body_site",
    "quote",
    "verified_by",
    "note",
}
_FIGURE_REQUIRED = {
    "label",
    "unit",
    "kind",
    "population",
    "population_terms",
    "measure",
    "body_site",
}

SOURCE_COLUMNS = [
    "source",
    "authors",
    "year",
    "title",
    "journal",
    "citation",
    "doi",
    "url",
    "design",
    "read_at",
    "quote",
]
FIGURE_COLUMNS = [
    "source",
    "figure",
    "label",
    "value",
    "ci_low",
    "ci_high",
    "low",
    "high",
    "approximate",
    "unit",
    "population",
    "measure",
    "kind",
    "period",
    "body_site",
    "population_terms",
    "qualifier",
    "quote",
]


@dataclass
class Evidence:
    """Primary sources (one row each) and the figures they report.

    The lookups below are computed once per table (every claim of a site reads them); a table
    replaced by another is looked up afresh.
    """

    sources: pd.DataFrame
    figures: pd.DataFrame
    _lookups: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def _lookup(self, name: str, frame: pd.DataFrame, make):
        key = (name, id(frame))
        if key not in self._lookups:
            self._lookups[key] = make(frame)
        return self._lookups[key]

    def figure_rows(self) -> list:
        """The figures as named tuples, in the library's order."""
        return self._lookup("rows", self.figures, frame_rows)

    def figure(self, source: str, figure: str) -> dict:
        """One figure's fields by its ids."""
        by_id = self._lookup(
            "figure",
            self.figures,
            lambda f: {(r["source"], r["figure"]): r for r in f.to_dict("records")},
        )
        return by_id[(source, figure)]

    def source(self, source: str) -> dict:
        """One source's fields by its id."""
        by_id = self._lookup(
            "source", self.sources, lambda f: {r["source"]: r for r in f.to_dict("records")}
        )
        return by_id[source]

    def reviews(self) -> frozenset[str]:
        """The sources whose point estimates pool many studies (meta-analyses, systematic
        reviews)."""
        return self._lookup(
            "reviews",
            self.sources,
            lambda f: frozenset(f.source[f.design.isin(("meta-analysis", "systematic review"))]),
        )


def unit_family(unit: str) -> str:
    """What a unit measures, so "%" and "percent" compare, and rates compare per 1000 hours.

    Returns:
        "percent", "rate per 1000 hours", "times", or the unit itself (lowercase) for anything else.
    """
    unit = " ".join(unit.lower().split())
    if unit in ("%", "percent", "per cent"):
        return "percent"
    if re.search(r"per 1,?000 (?:hours?|h)\b", unit):
        return "rate per 1000 hours"
    if re.search(r"per 1,?000 person[- ]years?\b", unit):
        return "rate per 1000 person-years"
    per_people = re.search(
        r"\bper 1,?000 ((?:registered )?(?:athletes|runners|participants))$", unit
    )
    if per_people:  # "hamstring injuries per 1000 registered athletes"
        return f"rate per 1000 {per_people.group(1)}"
    if unit in ("times", "x", "×"):
        return "times"
    return unit


def evidence_files(path: str | Path) -> list[Path]:
    """The YAML files of the library.

    *path* itself, or every ``*.yaml`` in the folder *path*, sorted.
    """
    path = Path(path)
    if path.is_dir():
        return sorted(path.glob("*.yaml"))
    return [path]


#: Libraries parsed in this process, by their files' paths and bytes: a warm kernel or a site worker
#: loads the same library for every notebook and article, and parsing it is most of loading a study.
_PARSED: dict[str, Evidence] = {}
_PARSED_KEEP = 4


def load_evidence(path: str | Path) -> Evidence:
    """Load the evidence library (one file, or a folder of files with distinct source ids).

    A library whose files (paths and bytes) this process has already parsed is not parsed again;
    every call gets its own copy of the tables.

    Returns:
        :class:`Evidence` with ``sources`` (:data:`SOURCE_COLUMNS`) and
        ``figures`` (:data:`FIGURE_COLUMNS`; ``low``/``high`` are the range,
        or the value when the figure is a single number; ``population_terms``
        joined with "; ").

    Raises:
        InputError: at the line of the first problem.
    """
    files = evidence_files(path)
    key = _library_key(files)
    if key is None:
        return _parse_evidence(files)  # which says, at path:line, what cannot be read
    if key not in _PARSED:
        parsed = _parse_evidence(files)
        if _library_key(files) != key:
            return parsed  # a file changed while it was read: not remembered under either content
        if len(_PARSED) >= _PARSED_KEEP:
            _PARSED.clear()
        _PARSED[key] = parsed
    parsed = _PARSED[key]
    return Evidence(sources=parsed.sources.copy(), figures=parsed.figures.copy())


def _library_key(files: list[Path]) -> str | None:
    """SHA-256 over the files' paths and bytes, or None when one cannot be read."""
    digest = hashlib.sha256()
    try:
        for file in files:
            digest.update(str(file.resolve()).encode() + b"\0" + file.read_bytes() + b"\0")
    except OSError:
        return None
    return digest.hexdigest()


def _parse_evidence(files: list[Path]) -> Evidence:
    """Parse and check the library's *files* (see :func:`load_evidence`)."""
    sources: list[dict] = []
    figures: list[dict] = []
    seen: dict[str, str] = {}
    for file in files:
        doc = YamlDoc(file)
        root = doc.mapping(doc.root, 1, "the evidence library", {"sources"}, {"sources"})
        table = root["sources"]
        doc.mapping(table, doc.line(root, "sources"), "'sources'", set(table or {}))
        for source_id, entry in table.items():
            line = doc.line(table, source_id)
            if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", str(source_id)):
                raise doc.fail(
                    line, f"source id '{source_id}' must be lowercase letters, digits and -"
                )
            if str(source_id) in seen:
                raise doc.fail(
                    line, f"source '{source_id}' is also defined in {seen[str(source_id)]}"
                )
            seen[str(source_id)] = doc.path
            sources.append(_source(doc, str(source_id), entry, line))
            figs = entry.get("figures") or CommentedMap()
            doc.mapping(
                figs,
                doc.line(entry, "figures") if "figures" in entry else line,
                f"figures of source '{source_id}'",
                set(figs),
            )
            for figure_id, fig in figs.items():
                figures.append(
                    _figure(doc, str(source_id), str(figure_id), fig, doc.line(figs, figure_id))
                )
    return Evidence(
        pd.DataFrame(sources, columns=SOURCE_COLUMNS).astype({"year": "Int64"}),
        pd.DataFrame(figures, columns=FIGURE_COLUMNS).astype(
            {c: float for c in FIGURE_COLUMNS[3:8]}
        ),
    )


def _source(doc: YamlDoc, source_id: str, entry: CommentedMap, line: int) -> dict:
    what = f"source '{source_id}'"
    doc.mapping(entry, line, what, _SOURCE_KEYS, {"authors", "title", "design"})
    authors = entry["authors"]
    if (
        not isinstance(authors, CommentedSeq)
        or not authors
        or not all(isinstance(a, str) for a in authors)
    ):
        raise doc.fail(doc.line(entry, "authors"), f"'authors' in {what} must be a list of names")
    year = entry.get("year")
    if year is not None and (
        isinstance(year, bool) or not isinstance(year, int) or not 1800 < year < 2100
    ):
        raise doc.fail(doc.line(entry, "year"), f"'year' in {what} must be a year")
    doi = doc.text(entry, "doi", what, required=False)
    if doi is not None and not re.fullmatch(r"10\.\d{4,9}/\S+", doi):
        raise doc.fail(doc.line(entry, "doi"), f"'doi' in {what} is not a DOI (10.xxxx/…)")
    url = doc.text(entry, "url", what, required=False)
    if url is not None and not re.match(r"https?://", url):
        raise doc.fail(
            doc.line(entry, "url"), f"'url' in {what} must be a web address (http:// or https://)"
        )
    read_at = doc.text(entry, "read_at", what, required=False)
    if read_at is not None and not re.match(r"https?://", read_at):
        raise doc.fail(
            doc.line(entry, "read_at"), f"'read_at' in {what} must be the address where it was read"
        )
    if read_at is None and entry.get("verified_by") is None:
        raise doc.fail(
            line, f"{what} has no 'read_at' (the page where it was read) nor 'verified_by'"
        )
    doc.text(entry, "note", what, required=False)
    doc.text(entry, "verified_by", what, required=False)
    return {
        "source": source_id,
        "authors": ", ".join(authors),
        "year": year,
        "title": doc.text(entry, "title", what),
        "journal": doc.text(entry, "journal", what, required=False),
        "citation": doc.text(entry, "citation", what, required=False),
        "doi": doi,
        "url": url or (f"https://doi.org/{doi}" if doi else None),
        "design": doc.text(entry, "design", what),
        "read_at": read_at,
        "quote": doc.text(entry, "quote", what, required=False),
    }


def _figure(doc: YamlDoc, source_id: str, figure_id: str, fig: CommentedMap, line: int) -> dict:
    what = f"figure '{figure_id}' of source '{source_id}'"
    doc.mapping(fig, line, what, _FIGURE_KEYS, _FIGURE_REQUIRED)
    value = doc.number(fig, "value", what, required=False)
    ci_low, ci_high = doc.pair(fig, "ci", what)
    low, high = doc.pair(fig, "range", what)
    if (value is None) == (low is None):
        raise doc.fail(line, f"{what} needs exactly one of 'value' or 'range'")
    if ci_low is not None and value is None:
        raise doc.fail(doc.line(fig, "ci"), f"{what} has a CI but no 'value'")
    if value is not None and ci_low is not None and not ci_low <= value <= ci_high:
        raise doc.fail(doc.line(fig, "ci"), f"the CI of {what} does not contain its value")
    sd = doc.number(fig, "sd", what, required=False)
    if sd is not None and sd < 0:
        raise doc.fail(doc.line(fig, "sd"), f"'sd' in {what} must not be negative")
    kind = doc.choice(fig, "kind", what, FIGURE_KINDS)
    qualifier = fig.get("qualifier")
    if qualifier is not None and qualifier not in QUALIFIERS:
        raise doc.fail(
            doc.line(fig, "qualifier"),
            f"qualifier {qualifier!r} in {what} is not one of {', '.join(QUALIFIERS)}",
        )
    approximate = fig.get("approximate", False)
    if not isinstance(approximate, bool):
        raise doc.fail(
            doc.line(fig, "approximate"), f"'approximate' in {what} must be true or false"
        )
    terms = fig["population_terms"]
    if (
        not isinstance(terms, CommentedSeq)
        or not terms
        or not all(isinstance(t, str) and t.strip() for t in terms)
    ):
        raise doc.fail(
            doc.line(fig, "population_terms"),
            f"'population_terms' in {what} must list the words that name the population",
        )
    quote = doc.text(fig, "quote", what, required=False)
    if quote is None and doc.text(fig, "verified_by", what, required=False) is None:
        raise doc.fail(
            line,
            f"{what} has no 'quote' (the sentence of the source that states it) nor 'verified_by'",
        )
    doc.text(fig, "note", what, required=False)
    return {
        "source": source_id,
        "figure": figure_id,
        "label": doc.text(fig, "label", what),
        "value": value,
        "ci_low": ci_low,
        "ci_high": ci_high,
        "low": low if low is not None else value,
        "high": high if high is not None else value,
        "approximate": bool(approximate) or qualifier is not None,
        "unit": doc.text(fig, "unit", what),
        "population": doc.text(fig, "population", what),
        "measure": doc.text(fig, "measure", what),
        "kind": kind,
        "period": doc.text(fig, "period", what, required=False) or "",
        "body_site": doc.text(fig, "body_site", what).lower(),
        "population_terms": "; ".join(" ".join(t.lower().split()) for t in terms),
        "qualifier": qualifier or "",
        "quote": quote or "",
    }
