"""Verdicts computed from evidence: each claim of an article against the library's figures.

Takes the article's ``claims`` table (:mod:`runreport.ingest.claims`), the evidence
library (:mod:`runreport.factcheck.evidence`) and, optionally, the human judgement in an
annotations file (:mod:`runreport.factcheck.annotations`), and gives one verdict per
claim with a one-sentence reason that is true of the numbers it shows.

How a verdict is reached:

1. *Features.* From the claim's words: who (``subject``), the body site
   ("back pain" → back, "shin splints" → medial tibial stress syndrome, no site
   → any), the kind of measure ("have" → prevalence, "get injured" →
   incidence, "of injuries" → share of injuries, a rate per 1000 hours → rate)
   and a cause it names ("accidents"). Figures carry the same fields in the library.
2. *Candidates.* Figures in the same unit family whose population terms share
   the claim's head noun ("seasonal runners" ~ "recreational runners"), whose
   body site is the claim's or contains it or is contained by it, and whose
   kind of measure is comparable. A candidate is the *same* population,
   measure and site when the claim's subject is one of the figure's
   population terms, the kinds are equal and any cause the claim names is
   the figure's, and the sites are equal; an annotation may judge otherwise.
3. *Agreement* of the article's number with a figure: *equal* after
   rounding the figure to the article's precision (18 vs 17.8), *inside the
   95% CI*, *inside the range*, *within the bound* ("more than 20%"), or
   *outside*.
4. *Status.* ``verified``: a same-population, same-measure, same-site
   figure agrees. ``misattributed``: a figure matches the number (equal, or
   inside its CI) but is about a different population, measure or site.
   ``out of range``: a same-population, same-measure, same-site figure
   disagrees. ``unsourced``: none of these. Independently, ``contradicted by
   the article`` when another claim about the same subject and measure gives a
   value that does not agree with this one.

Steps 1–3 and the computed status (:func:`~runreport.factcheck.matching.decide`)
live in :mod:`runreport.factcheck.matching`, the contradictions in
:mod:`runreport.factcheck.contradictions` and the wording of the reason in
:mod:`runreport.factcheck.reasons`. This module holds annotations to their
numbers and puts the verdict table together.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from runreport.errors import InputError
from runreport.factcheck.claim_features import (
    claim_site as claim_site,  # site.worker imports it from here
)
from runreport.factcheck.contradictions import find_contradictions
from runreport.factcheck.evidence import Evidence, frame_rows
from runreport.factcheck.matching import Match, candidates, decide
from runreport.factcheck.own_data import is_own_data
from runreport.factcheck.reasons import (
    cite_short,
    claim_label,
    claim_number,
    format_number,
    reason,
    what_differs,
)

STATUSES = ("verified", "misattributed", "out of range", "unsourced", "own data")
CONTRADICTED = "contradicted by the article"
STATUS_LABELS = {
    "verified": "verified",
    "misattributed": "number right but misattributed",
    "out of range": "out of range",
    "unsourced": "unsourced",
    "own data": "the article's own data",
}
AUTOMATIC, REVIEWED, PENDING = "automatic", "reviewed", "pending review"


# Annotations against the numbers ---------------------------------------------------------------


def check_status(
    path: str, yaml_line: int, claim, status: str, matches: list[Match], named: Match | None
) -> None:
    """Raise when an annotation sets a status that the numbers contradict.

    Raises:
        InputError: at the annotation's YAML line, saying which number contradicts it.
    """
    said = claim_number(claim)
    where = f"the claim on line {claim.line} ({said})"
    if status == "verified":
        best = named or next((m for m in matches if m.same and m.agrees), None)
        if best is None:
            raise InputError(
                path,
                yaml_line,
                f"{where} is marked verified, but no figure with the same unit, "
                "population and measure agrees with it",
            )
        if not best.agrees:
            raise InputError(
                path,
                yaml_line,
                f"{where} is marked verified, but {said} is outside {best.source}/{best.figure}",
            )
        if not best.same:
            raise InputError(
                path,
                yaml_line,
                f"{where} is marked verified, but {best.source}/{best.figure} is about "
                f"a different {what_differs(best)} (say 'population: same' or "
                "'measure: same' if they are the same)",
            )
    elif status == "misattributed":
        best = named if named is not None else next((m for m in matches if m.matches_value), None)
        if best is None or not best.matches_value:
            target = f"{named.source}/{named.figure}" if named is not None else "no figure on file"
            raise InputError(
                path,
                yaml_line,
                f"{where} is marked misattributed, but {target} does not match {said}",
            )
    elif status == "out of range":
        best = named or next((m for m in matches if m.same), None)
        if best is None or best.agrees:
            raise InputError(
                path,
                yaml_line,
                f"{where} is marked out of range, but "
                + (
                    "no figure for the same measure and population is on file"
                    if best is None
                    else f"{best.source}/{best.figure} agrees with it"
                ),
            )
    elif status == "unsourced":
        best = next((m for m in matches if m.same), None)
        if best is not None:
            verdict = "verified" if best.agrees else "out of range"
            raise InputError(
                path,
                yaml_line,
                f"{where} is marked unsourced, but {best.source}/{best.figure} is a "
                f"figure for the same population and measure (the claim is {verdict})",
            )


# The table ----------------------------------------------------------------------------------

VERDICT_COLUMNS = [
    "line",
    "section",
    "label",
    "quote",
    "article_value",
    "unit",
    "source_value",
    "ci_low",
    "ci_high",
    "population",
    "source",
    "url",
    "status",
    "status_label",
    "contradicts",
    "verdict",
    "note",
    "low",
    "high",
    "attribution",
    "agreement",
    "review",
    "source_id",
    "figure_id",
]


def verdict_table(
    claims: pd.DataFrame, evidence: Evidence, checks: pd.DataFrame | None = None, path: str = ""
) -> pd.DataFrame:
    """Every claim with its computed verdict.

    Args:
        claims: The article's ``claims`` table.
        evidence: The evidence library.
        checks: The ``claims`` frame of the article's annotations (``line``,
            ``value``, ``status``, ``source``, ``figure``,
            ``nearest_source``, ``nearest_figure``, ``population``,
            ``measure``, ``body_site``, ``review``, ``note``, ``yaml_line``),
            or None when the article has none.
        path: The annotations file, for errors.

    Returns:
        One row per claim in line order with :data:`VERDICT_COLUMNS`:
        ``status`` is verified / misattributed / out of range / unsourced,
        ``status_label`` adds "contradicted by the article" and "(automatic)"
        or "(pending review)", ``verdict`` is the reason, ``review`` is
        automatic / reviewed / pending review, ``agreement`` how the number
        relates to the figure shown.

    Raises:
        InputError: when an annotation sets a status its numbers contradict.
    """
    # what each claim contradicts, by its row ("line 12 (14%)")
    contradicted: dict[int, list[str]] = {}
    for o in frame_rows(find_contradictions(claims)):
        contradicted.setdefault(o.claim, []).append(
            f"line {o.other_line} ({format_number(o.other_value, o.unit)})"
        )
    rows = []
    for index, claim in enumerate(frame_rows(claims.reset_index(drop=True))):
        entry = _annotation_of(claim, checks)
        status, match = _status_and_figure(claim, entry, evidence, path)
        contradicts = "; ".join(contradicted.get(index, []))
        rows.append(_verdict_row(claim, status, match, entry, contradicts, evidence))
    frame = pd.DataFrame(rows, columns=VERDICT_COLUMNS)
    frame["url"] = frame["url"].fillna("")
    for column in _FLOAT_COLUMNS:  # (one column at a time: a dict of them is slower)
        frame[column] = frame[column].astype(float)
    return frame


_FLOAT_COLUMNS = ("article_value", "source_value", "ci_low", "ci_high", "low", "high")


def _annotation_of(claim, checks: pd.DataFrame | None) -> pd.Series | None:
    """The annotation entry for *claim* (same line and value), or None."""
    if checks is None or not len(checks):
        return None
    found = checks[(checks["line"] == claim.line) & ((checks["value"] - claim.value).abs() < 1e-6)]
    return found.iloc[0] if len(found) else None


def _status_and_figure(claim, entry, evidence: Evidence, path: str) -> tuple[str, Match | None]:
    """The status of *claim* and the figure its verdict shows, given its annotation *entry*.

    Raises:
        InputError: when the entry sets a status its numbers contradict.
    """
    judgement = _judgement(entry)
    matches = candidates(claim, evidence, judgement)
    named = next(
        (
            m
            for m in matches
            if (m.source, m.figure) == (judgement.get("source"), judgement.get("figure"))
        ),
        None,
    )
    # The figure an editor says the article relies on decides; otherwise every candidate does.
    status, match = decide(claim, [named] if named is not None else matches)
    if named is None and is_own_data(claim):
        status, match = "own data", None  # a survey of its own readers is not the literature's
    if entry is not None and isinstance(entry["status"], str):
        check_status(path, int(entry["yaml_line"]), claim, entry["status"], matches, named)
        if entry["status"] != status:
            match = _best_for(entry["status"], matches)
        status = entry["status"]
    if named is not None:  # the figure the editor names is the one the verdict shows
        match = named
    return status, match


def _verdict_row(
    claim,
    status: str,
    match: Match | None,
    entry,
    contradicts: str,
    evidence: Evidence,
) -> dict:
    """The row of the verdict table for *claim*."""
    review = AUTOMATIC if entry is None else (PENDING if entry["review"] == "pending" else REVIEWED)
    text = reason(claim, status, match, evidence)
    if contradicts:
        text += f" The article contradicts it at {contradicts}."
    fig = evidence.figure(match.source, match.figure) if match is not None else None
    meta = evidence.source(match.source) if match is not None else None
    shown = fig is not None and status != "unsourced"
    label = STATUS_LABELS[status] + (f"; {CONTRADICTED}" if contradicts else "")
    label += "" if review == REVIEWED else f" ({review})"
    note = entry["note"] if entry is not None and isinstance(entry["note"], str) else ""
    return {
        "line": claim.line,
        "section": claim.section,
        "label": claim_label(claim),
        "quote": claim.quote,
        "article_value": claim.value,
        "unit": claim.unit,
        "source_value": fig["value"] if shown else math.nan,
        "ci_low": fig["ci_low"] if shown else math.nan,
        "ci_high": fig["ci_high"] if shown else math.nan,
        "population": fig["population"] if shown else "",
        "source": cite_short(evidence, match.source) + _journal(meta) if shown else "",
        "url": (meta["url"] or "") if shown else "",
        "status": status,
        "status_label": label,
        "contradicts": contradicts,
        "verdict": text,
        "note": note,
        "low": claim.low,
        "high": claim.high,
        "attribution": claim.attribution,
        "agreement": match.agreement if match is not None else "",
        "review": review,
        "source_id": match.source if match is not None else "",
        "figure_id": match.figure if match is not None else "",
    }


def _journal(meta: dict) -> str:
    journal = meta["journal"]
    return f", {journal}" if isinstance(journal, str) else ""


def _judgement(entry) -> dict:
    if entry is None:
        return {}
    source, figure = entry["source"], entry["figure"]
    if not isinstance(figure, str):
        source, figure = entry["nearest_source"], entry["nearest_figure"]
    out = {
        "source": source if isinstance(source, str) else None,
        "figure": figure if isinstance(figure, str) else None,
    }
    for key in ("population", "measure", "body_site"):
        out[key] = entry[key] if isinstance(entry.get(key), str) else None
    return out


def _best_for(status: str, matches: list[Match]) -> Match | None:
    if status == "misattributed":
        return next((m for m in matches if m.matches_value), None)
    if status == "out of range":
        return next((m for m in matches if m.same), None)
    return matches[0] if matches else None


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def statement_supported(text: str, quote: str) -> bool:
    """Whether every word of *text* appears, in order, in the source's *quote*."""
    wanted, have = _words(text), iter(_words(quote))
    return bool(wanted) and all(word in have for word in wanted)


def statement_table(statements: pd.DataFrame, evidence: Evidence, path: str = "") -> pd.DataFrame:
    """Statements without a number, checked against the quote of the source they name.

    A statement is verified when its words appear, in order, in the sentence
    the library quotes from its source; otherwise unsourced.

    Returns:
        ``line``, ``text``, ``status``, ``source``, ``review``, ``note``.

    Raises:
        InputError: at the YAML line when an annotation marks a statement
            verified that its source's quote does not contain.
    """
    meta = evidence.sources.set_index("source")
    rows = []
    for s in statements.itertuples():
        quote = meta.loc[s.source, "quote"] if isinstance(s.source, str) else None
        supported = isinstance(quote, str) and statement_supported(s.text, quote)
        status = "verified" if supported else "unsourced"
        if s.status == "verified" and not supported:
            raise InputError(
                path,
                int(s.yaml_line),
                f"the statement on line {s.line} is marked verified, but "
                + (
                    f"the quote on file for '{s.source}' does not say '{s.text}'"
                    if isinstance(s.source, str)
                    else "it names no source"
                ),
            )
        rows.append(
            {
                "line": s.line,
                "text": s.text,
                "status": s.status or status,
                "source": s.source,
                "review": PENDING if s.review == "pending" else REVIEWED,
                "note": s.note if isinstance(s.note, str) else "",
            }
        )
    return pd.DataFrame(rows, columns=["line", "text", "status", "source", "review", "note"])
