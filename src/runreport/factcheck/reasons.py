"""Composing a verdict's reason: the numbers as the article and the library state them.

:func:`reason` gives the one sentence, true of the numbers it shows, saying why
a claim got its status; :func:`claim_label`, :func:`claim_number`,
:func:`figure_number` and :func:`cite_short` give the pieces the verdict
table shows.
"""

from __future__ import annotations

import re

import pandas as pd

from runreport.factcheck.claim_features import claim_kind, claim_population, claim_site
from runreport.factcheck.evidence import Evidence, unit_family
from runreport.factcheck.matching import HEDGED, Match, is_missing, is_range


def format_number(value: float, unit: str) -> str:
    """A value in its unit: "19%", "17.8 injuries per 1000 hours"."""
    return f"{value:g}%" if unit_family(unit) == "percent" else f"{value:g} {unit}"


def claim_number(claim) -> str:
    """The article's number as it states it: "19%", "20–30%", "17.8 injuries per 1000 hours"."""
    if is_range(claim):
        if unit_family(claim.unit) == "percent":
            return f"{claim.low:g}–{claim.high:g}%"
        return f"{claim.low:g}–{claim.high:g} {claim.unit}"
    return format_number(claim.value, claim.unit)


def figure_number(fig) -> str:
    """A figure as the library states it.

    "17.8 (95% CI 16.7–19.1) injuries per 1000 hours", "0.7–20.2%".
    """
    percent = unit_family(fig.unit) == "percent"
    unit = "%" if percent else f" {fig.unit}"
    if is_missing(fig.value):
        return f"{fig.low:g}–{fig.high:g}{unit}"
    qualifier = f"{fig.qualifier} " if fig.qualifier else ""
    ci = f" (95% CI {fig.ci_low:g}–{fig.ci_high:g})" if not is_missing(fig.ci_low) else ""
    return (
        f"{qualifier}{fig.value:g}{unit}{ci}" if percent else f"{qualifier}{fig.value:g}{ci}{unit}"
    )


def _about(fig) -> str:
    site = "" if fig.body_site == "any" else f", {fig.body_site}"
    return f"{fig.population} ({fig.kind}{site})"


def reason(claim, status: str, match: Match | None, evidence: Evidence) -> str:
    """One sentence, true of the numbers shown, saying why *claim* got *status*."""
    said = claim_number(claim)
    if claim.kind == "proportion" and claim.qualifier in ("nearly", "almost"):
        said = f"“{claim.text}” (just under {said})"  # the words say less than the number
    if status == "own data":
        return (
            f"{said[:1].upper()}{said[1:]} comes from the article's own data (its survey, clinic "
            "or readers), which no published figure can verify or misattribute."
        )
    if match is None:
        return (
            f"No figure in the evidence library is comparable with {said}"
            f"{' of ' + claim.subject if claim.subject else ''} (the {claim_kind(claim)} of "
            f"{_site_words(claim)})."
        )
    fig_row = _Row(evidence.figure(match.source, match.figure), match.source, match.figure)
    cite = cite_short(evidence, match.source)
    stated = f"{cite} reports {figure_number(fig_row)} for {_about(fig_row)}"
    how = {
        "equal": f"the article's {said} is the same number at its precision",
        "inside CI": f"the article's {said} lies inside the 95% CI",
        "inside range": f"the article's {said} lies inside that range",
        "contains figure": f"that figure lies inside the article's {said}",
        "within bound": (
            f"the article's {said if said.startswith('“') else f'“{claim.text}” ({said})'} holds"
            if claim.kind == "proportion"
            else f"the article's “{claim.qualifier} {said}” holds"
        ),
        "outside": f"the article's {said} lies outside it",
    }[match.agreement]
    if match.agreement == "outside" and _bound_inside(claim, fig_row):
        how = _bound_not_borne_out(claim, fig_row)
    if match.agreement == "equal" and is_range(claim) and HEDGED.search(str(claim.text)):
        how = f"the article's “{claim.text}” is that range, rounded"
    elif match.agreement == "equal" and match.distance >= 0.5:
        # "about 10%" for 10.9%, "one in ten" for 10.9%: equal only as the words round it
        words = claim.text if claim.kind == "proportion" else f"{claim.qualifier} {said}".strip()
        how = f"the article's “{words}” is that figure, rounded"
    if status == "verified":
        return f"{stated}; {how}."
    if status == "out of range":
        return f"{stated}, the same measure and population; {how}."
    if status == "misattributed":
        return f"{stated}; {how}, but {_differences(claim, match, fig_row)}."
    return (
        f"No figure on file for the {claim_kind(claim)} of {_site_words(claim)} in "
        f"{claim.subject or 'the group it names'} matches {said}; the nearest: {stated}"
        f" ({'a different ' + what_differs(match) if not match.same else 'outside'})."
    )


def _bound_inside(claim, fig) -> bool:
    """Whether a bounded claim's number ("as many as 80%") lies inside the figure's range that
    does not bear it out: the bound, not the number, is what disagrees."""
    return (
        not is_range(claim)
        and bool(claim.qualifier)
        and not is_missing(fig.low)
        and fig.low != fig.high
        and fig.low <= claim.value <= fig.high
    )


def _bound_not_borne_out(claim, fig) -> str:
    """Why a bound inside a range disagrees: it is not the range's end it names."""
    words, number = claim.text, claim_number(claim)
    unit = "%" if claim.unit == "%" else f" {claim.unit}"
    if claim.qualifier in ("more than", "over", "at least"):
        return (
            f"the article's “{words}” puts the floor at {number}, but that range starts at "
            f"{fig.low:g}{unit}"
        )
    return (
        f"the article's “{words}” puts the top at {number}, but that range reaches "
        f"{fig.high:g}{unit}"
    )


def _site_words(claim) -> str:
    site = claim_site(claim)
    if site == "unknown":
        return "injury or pain at a body site the library has no figures for"
    return "injury or pain at any body site" if site == "any" else f"{site} injury or pain"


class _Row:
    """A figure's fields as attributes (for the formatting helpers)."""

    def __init__(self, fields: dict, source: str, figure: str) -> None:
        self.__dict__.update(fields)
        self.source, self.figure = source, figure


def what_differs(match: Match) -> str:
    """What about *match*'s figure is not the claim's: "population and body site", or "figure"."""
    parts = [
        name
        for name, same in (
            ("population", match.same_population),
            ("measure", match.same_measure),
            ("body site", match.same_site),
        )
        if not same
    ]
    return " and ".join(parts) or "figure"


def _differences(claim, match: Match, fig) -> str:
    """What the article changed about the figure it used: "the article's population is …"."""
    if match.same:
        if match.same_period is False:
            period = {"point": "a single point in time"}.get(fig.period, fig.period)
            return f"the figure's period ({period}) is not the one the article names"
        # a figure for many groups, given to one of them whose own figure differs
        return (
            f"it counts “{claim_population(claim)}” among others, and a figure of their own differs"
        )
    parts = []
    if not match.same_population:
        # (what a share counts is its injuries; its people are the population's)
        subject = "" if re.search(r"\binjur", str(claim.subject or "")) else claim.subject
        people = subject or claim_population(claim)
        parts.append(f"population is “{people}”" if people else "population is not stated")
    if not match.same_measure:
        # (the measure's words, unless they only name a site: "… one in four involves the knee")
        words = str(claim.measure or "")
        only_site = len(words.split()) <= 3 and claim_site(claim) != "any"
        parts.append(f"measure is “{claim_kind(claim) if only_site or not words else words}”")
    if not match.same_site:
        parts.append(f"body site is “{claim_site(claim)}”")
    return "the article's " + " and its ".join(parts)


def cite_short(evidence: Evidence, source: str) -> str:
    """ "Videbæk S, Bueno AM, et al. (2015)" for a source id."""
    row = evidence.source(source)
    authors = row["authors"].split(", ")
    names = ", ".join(authors[:2]) + (
        ", et al." if len(authors) > 2 and authors[2] != "et al." else ""
    )
    if len(authors) == 2 and authors[1] == "et al.":
        names = f"{authors[0]}, et al."
    return names + (f" ({row['year']})" if pd.notna(row["year"]) else "")


def claim_label(claim) -> str:
    """ "14% of runners (line 2)"."""
    subject = (
        f" of {claim.subject}" if claim.subject and unit_family(claim.unit) == "percent" else ""
    )
    return f"{claim_number(claim)}{subject} (line {claim.line})"
