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
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

from runreport.errors import InputError
from runreport.factcheck.evidence import Evidence, unit_family
from runreport.ingest.claims import people_before

STATUSES = ("verified", "misattributed", "out of range", "unsourced")
CONTRADICTED = "contradicted by the article"
STATUS_LABELS = {
    "verified": "verified",
    "misattributed": "number right but misattributed",
    "out of range": "out of range",
    "unsourced": "unsourced",
}
AUTOMATIC, REVIEWED, PENDING = "automatic", "reviewed", "pending review"

# Body sites, most specific first; each with the words that name it.
_SITES: list[tuple[str, str]] = [
    ("medial tibial stress syndrome", r"shin splints?|medial tibial|\bmtss\b"),
    ("patellofemoral", r"patellofemoral|runner'?s knee|\bpfps?\b"),
    ("iliotibial band", r"iliotibial|\bit[- ]band|\bitbs\b"),
    ("achilles", r"achilles"),
    ("plantar fascia", r"plantar fasci"),
    ("hamstring", r"hamstring"),
    ("low back", r"low(?:er)? back|lumbar|\blbp\b"),
    ("upper back", r"upper back|mid(?:dle)?[- ]back|thoracic"),
    ("neck", r"\bneck\b|cervical"),
    ("knee", r"\bknees?\b"),
    ("shin", r"\bshins?\b|lower leg|\bshank\b|tibia"),
    ("foot-ankle", r"\bankles?\b|\bfoot\b|\bfeet\b|foot-ankle"),
    ("hip", r"\bhips?\b|\bgroin\b"),
    ("lower extremity", r"lower[- ](?:extremity|extremities|limbs?)|\blegs?\b"),
    ("back", r"\bback\b|\bspine\b|\bspinal\b"),
]
_PARENT = {
    "medial tibial stress syndrome": "shin",
    "patellofemoral": "knee",
    "iliotibial band": "knee",
    "achilles": "foot-ankle",
    "plantar fascia": "foot-ankle",
    "hamstring": "lower extremity",
    "knee": "lower extremity",
    "shin": "lower extremity",
    "foot-ankle": "lower extremity",
    "hip": "lower extremity",
    "low back": "back",
    "upper back": "back",
    "neck": "any",
    "lower extremity": "any",
    "back": "any",
}
_INJURY_KINDS = {"incidence", "prevalence", "share of injuries", "rate"}
_OTHER_ACTIVITIES = re.compile(
    r"\b(?:cycling|riding|riders?|cyclists?|swimm\w*|rowing|football|soccer|tennis)\b",
    re.IGNORECASE,
)


def body_site(text: str) -> str:
    """The body site *text* names (most specific first), or "any"."""
    for site, pattern in _SITES:
        if re.search(pattern, text, re.IGNORECASE):
            return site
    return "any"


def _ancestors(site: str) -> list[str]:
    out = [site]
    while out[-1] in _PARENT:
        out.append(_PARENT[out[-1]])
    if out[-1] != "any":
        out.append("any")
    return out


def claim_kind(claim) -> str:
    """The kind of measure a claim states: rate, share of injuries, incidence, prevalence, relative risk, count or other."""
    family = unit_family(claim.unit)
    if family == "rate per 1000 hours" or claim.kind == "rate":
        return "rate"
    if claim.kind == "times":
        return "relative risk"
    if claim.kind == "count":
        return "count"
    words = f"{claim.subject} {claim.measure}".lower()
    if re.search(r"\binjur(?:y|ies)\b|\bcomplaints\b", claim.subject.lower()):
        return "share of injuries"
    if re.search(
        r"\binjured\b|\bget (?:hurt|injured)\b|\bdevelop|\bsustain|\beach year\b|\bper year\b|\bannually\b"
        r"|\b(?:get|gets|got|suffer|suffers)\b.*\binjur"
        r"|\bincidence\b|\bwill\b|\bgets? hurt",
        words,
    ):
        return "incidence"
    if re.search(
        r"\bhave\b|\bhas\b|\bhad\b|\bsuffer|\bexperienc|\breport|\bprevalence\b|\blive with\b|\baffected\b"
        r"|\bpain\b|\bache",
        words,
    ):
        return "prevalence"
    return "other"


def claim_site(claim) -> str:
    """The body site a claim is about: from its subject and measure ("have back pain" → back).

    A share of injuries names its site anywhere in the sentence ("The knee accounts for 28% of running injuries").
    """
    site = body_site(f"{claim.subject} {claim.measure}")
    if site == "any" and claim_kind(claim) == "share of injuries":
        site = body_site(claim.quote)
    return site


def claim_population(claim) -> str:
    """Who a claim is about, for matching: its subject; for a share of injuries, the people the injuries are of."""
    subject = " ".join(str(claim.subject).lower().split())
    if claim_kind(claim) == "share of injuries":
        people = people_before(f"{claim.subject} {claim.measure}")
        if people:
            return people
        if re.search(r"\brunn(?:ing|ers?)\b", subject) or subject in ("injuries", "all injuries"):
            return "runners"  # "28% of running injuries": the library is about runners
    return subject


def _head(phrase: str) -> str:
    words = phrase.lower().split()
    if "who" in words:
        words = words[: words.index("who")]
    return words[-1].rstrip("s") if words else ""


def _cause(measure: str) -> str:
    match = re.search(r"caused by (\w+)", measure)
    return match.group(1).rstrip("s") if match else ""


@dataclass(frozen=True)
class Match:
    """One figure set against one claim."""

    source: str
    figure: str
    agreement: str  # "equal", "inside CI", "inside range", "within bound", "outside"
    same_population: bool
    same_measure: bool
    same_site: bool
    distance: float

    @property
    def same(self) -> bool:
        """Same population, measure and body site."""
        return self.same_population and self.same_measure and self.same_site

    @property
    def agrees(self) -> bool:
        return self.agreement != "outside"

    @property
    def matches_value(self) -> bool:
        """The number itself is the figure's (equal at the article's precision, or inside its 95% CI)."""
        return self.agreement in ("equal", "inside CI")


def _decimals(text: str) -> int:
    numbers = re.findall(r"\d+(?:[.,]\d+)*", text)
    if not numbers:
        return 0
    last = numbers[0].replace(",", "")
    return len(last.split(".")[1]) if "." in last else 0


def agreement(claim, fig) -> tuple[str, float]:
    """How the article's number relates to a figure, and how far apart they are.

    Returns:
        ``(agreement, distance)``; agreement is "equal" (after rounding the
        figure to the article's precision), "inside CI", "inside range",
        "within bound" (a qualifier such as "more than" holds), or "outside".
    """
    decimals = 0 if claim.kind == "proportion" else _decimals(claim.text)
    values = [claim.low, claim.high] if _is_range(claim) else [claim.value]
    points = [v for v in (fig.value, fig.low, fig.high) if not _nan(v)]
    for value in values:
        for point in points:
            if math.isclose(round(point, decimals), round(value, decimals)) or math.isclose(
                point, value
            ):
                return "equal", 0.0
    value = claim.value
    if not _nan(fig.ci_low) and fig.ci_low <= value <= fig.ci_high:
        return "inside CI", 0.0
    low, high = fig.low, fig.high
    if _is_range(claim) and low != high and low <= claim.low and claim.high <= high:
        return "inside range", 0.0
    if not _is_range(claim) and low != high and low <= value <= high:
        return "inside range", 0.0
    if _is_range(claim) and not _nan(fig.value) and claim.low <= fig.value <= claim.high:
        return "inside range", 0.0
    qualifier = claim.qualifier
    if qualifier in ("more than", "over", "at least") and low >= value:
        return "within bound", 0.0
    if qualifier in ("less than", "under", "up to", "as high as") and high <= value:
        return "within bound", 0.0
    return "outside", min(abs(value - low), abs(value - high))


def _nan(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


_STOP_WORDS = {
    "with",
    "that",
    "this",
    "have",
    "from",
    "were",
    "they",
    "their",
    "which",
    "who",
    "what",
    "when",
    "into",
    "than",
    "over",
    "more",
    "less",
    "most",
    "some",
    "each",
    "year",
    "years",
    "study",
    "group",
}


def _content_words(text: str) -> set[str]:
    """The words of four letters or more that say what was counted, stems cut to five letters."""
    return {w[:5] for w in re.findall(r"[a-z]{4,}", str(text).lower()) if w not in _STOP_WORDS}


def _is_range(claim) -> bool:
    return not _nan(getattr(claim, "low", None)) and not _nan(getattr(claim, "high", None))


def candidates(claim, evidence: Evidence, judgement: dict | None = None) -> list[Match]:
    """Figures comparable with *claim*, best first (same before different, agreeing before not, nearest first).

    Args:
        claim: A row of the claims table.
        evidence: The library.
        judgement: From an annotation: ``{"source", "figure", "population",
            "measure", "body_site"}``; "same"/"different" overrides the computed
            sameness for that figure (and makes it a candidate).
    """
    family = unit_family(claim.unit)
    kind = claim_kind(claim)
    site = claim_site(claim)
    cause = _cause(claim.measure)
    other_activity = bool(_OTHER_ACTIVITIES.search(f"{claim.subject} {claim.measure}"))
    subject = claim_population(claim)
    judged = judgement or {}
    out = []
    for fig in evidence.figures.itertuples():
        named = (fig.source, fig.figure) == (judged.get("source"), judged.get("figure"))
        if unit_family(fig.unit) != family:
            continue
        terms = [t for t in fig.population_terms.split("; ") if t]
        fig_site = body_site(fig.body_site) if fig.body_site != "any" else "any"
        same_population = bool(subject) and subject in terms
        overlap_population = same_population or (
            bool(subject) and _head(subject) in {_head(t) for t in terms}
        )
        same_site = site == fig_site
        overlap_site = same_site or site in _ancestors(fig_site) or fig_site in _ancestors(site)
        fig_cause = re.search(rf"(?<!not )\b{cause}", fig.measure.lower()) if cause else True
        same_measure = kind == fig.kind and bool(fig_cause) and not other_activity
        overlap_measure = kind == fig.kind or (kind in _INJURY_KINDS and fig.kind in _INJURY_KINDS)
        if kind == "other" or fig.kind == "other":
            # "Other" says nothing about what was counted: only shared words can ("14% of runners agree" is not
            # comparable with "54% of injured runners were women").
            shared = bool(_content_words(claim.measure) & _content_words(fig.measure))
            same_measure, overlap_measure = same_measure and shared, overlap_measure and shared
        if named:
            same_population = {"same": True, "different": False}.get(
                judged.get("population"), same_population
            )
            same_measure = {"same": True, "different": False}.get(
                judged.get("measure"), same_measure
            )
            same_site = {"same": True, "different": False}.get(judged.get("body_site"), same_site)
        elif not (overlap_population and overlap_site and overlap_measure):
            continue
        agreed, distance = agreement(claim, fig)
        out.append(
            Match(
                fig.source, fig.figure, agreed, same_population, same_measure, same_site, distance
            )
        )
    rank = {"equal": 0, "inside CI": 1, "inside range": 2, "within bound": 3, "outside": 4}

    def alike(m: Match) -> int:
        return m.same_population + m.same_measure + m.same_site

    return sorted(
        out,
        key=lambda m: (not m.same, -alike(m), rank[m.agreement], m.distance, m.source, m.figure),
    )


def decide(claim, matches: list[Match]) -> tuple[str, Match | None]:
    """The computed status and the figure it rests on (the nearest one for unsourced claims)."""
    for match in matches:
        if match.same and match.agrees:
            return "verified", match
    for match in matches:
        if match.matches_value:
            return "misattributed", match
    for match in matches:
        if match.same:
            return "out of range", match
    return "unsourced", (matches[0] if matches else None)


# Contradictions ----------------------------------------------------------------------------


def measure_key(claim) -> tuple[str, str, str, str]:
    """What a claim measures, for comparing claims: unit family, kind, body site, and the words when kind is other."""
    kind = claim_kind(claim)
    words = (
        " ".join(claim.measure.lower().split())
        if kind in ("other", "relative risk", "count")
        else ""
    )
    return unit_family(claim.unit), kind, claim_site(claim), words + _cause(claim.measure)


def find_contradictions(claims: pd.DataFrame) -> pd.DataFrame:
    """Pairs of claims about the same subject and measure whose values do not agree.

    "14% of runners have a bad back" and "19% of runners have back pain"
    contradict each other (runners; prevalence of back pain); "60% of runners
    are women" and "5% of runners get hurt" do not (different measures).
    Ranges that overlap agree; single values agree when equal at the coarser
    precision.

    Returns:
        Columns ``claim`` and ``other_claim`` (row positions in *claims*),
        ``line``, ``other_line``, ``unit``, ``subject``, ``value``,
        ``other_value``; one row per claim and per claim it contradicts.
    """
    rows = []
    known = claims.reset_index(drop=True)
    keyed = [
        (i, c, " ".join(str(c.subject).lower().split()), measure_key(c))
        for i, c in enumerate(known.itertuples())
    ]
    for i, a, subject_a, key_a in keyed:
        for j, b, subject_b, key_b in keyed:
            if i == j or not subject_a or subject_a != subject_b or key_a != key_b:
                continue
            if not _values_agree(a, b):
                rows.append(
                    {
                        "claim": i,
                        "other_claim": j,
                        "line": a.line,
                        "other_line": b.line,
                        "unit": a.unit,
                        "subject": subject_a,
                        "value": a.value,
                        "other_value": b.value,
                    }
                )
    columns = [
        "claim",
        "other_claim",
        "line",
        "other_line",
        "unit",
        "subject",
        "value",
        "other_value",
    ]
    return pd.DataFrame(rows, columns=columns).sort_values(
        ["claim", "other_claim"], ignore_index=True
    )


def _values_agree(a, b) -> bool:
    a_low, a_high = (a.low, a.high) if _is_range(a) else (a.value, a.value)
    b_low, b_high = (b.low, b.high) if _is_range(b) else (b.value, b.value)
    decimals = min(_decimals(a.text), _decimals(b.text))
    return round(a_low, decimals) <= round(b_high, decimals) and round(b_low, decimals) <= round(
        a_high, decimals
    )


# Reasons -------------------------------------------------------------------------------------


def _number(value: float, unit: str) -> str:
    return f"{value:g}%" if unit_family(unit) == "percent" else f"{value:g} {unit}"


def claim_number(claim) -> str:
    """The article's number as it states it: "19%", "20–30%", "17.8 injuries per 1000 hours"."""
    if _is_range(claim):
        if unit_family(claim.unit) == "percent":
            return f"{claim.low:g}–{claim.high:g}%"
        return f"{claim.low:g}–{claim.high:g} {claim.unit}"
    return _number(claim.value, claim.unit)


def figure_number(fig) -> str:
    """A figure as the library states it: "17.8 (95% CI 16.7–19.1) injuries per 1000 hours", "0.7–20.2%"."""
    percent = unit_family(fig.unit) == "percent"
    unit = "%" if percent else f" {fig.unit}"
    if _nan(fig.value):
        return f"{fig.low:g}–{fig.high:g}{unit}"
    qualifier = f"{fig.qualifier} " if fig.qualifier else ""
    ci = f" (95% CI {fig.ci_low:g}–{fig.ci_high:g})" if not _nan(fig.ci_low) else ""
    return (
        f"{qualifier}{fig.value:g}{unit}{ci}" if percent else f"{qualifier}{fig.value:g}{ci}{unit}"
    )


def _about(fig) -> str:
    site = "" if fig.body_site == "any" else f", {fig.body_site}"
    return f"{fig.population} ({fig.kind}{site})"


def reason(claim, status: str, match: Match | None, evidence: Evidence) -> str:
    """One sentence, true of the numbers shown, saying why *claim* got *status*."""
    said = claim_number(claim)
    if match is None:
        return (
            f"No figure in the evidence library is comparable with {said}"
            f"{' of ' + claim.subject if claim.subject else ''} (the {claim_kind(claim)} of "
            f"{_site_words(claim)})."
        )
    fig = evidence.figures.set_index(["source", "figure"]).loc[(match.source, match.figure)]
    fig = pd.Series(fig).rename(None)
    fig_row = _Row(fig, match.source, match.figure)
    cite = cite_short(evidence, match.source)
    stated = f"{cite} reports {figure_number(fig_row)} for {_about(fig_row)}"
    how = {
        "equal": f"the article's {said} is the same number at its precision",
        "inside CI": f"the article's {said} lies inside the 95% CI",
        "inside range": f"the article's {said} lies inside that range",
        "within bound": f"the article's “{claim.qualifier} {said}” holds",
        "outside": f"the article's {said} lies outside it",
    }[match.agreement]
    if status == "verified":
        return f"{stated}; {how}."
    if status == "out of range":
        return f"{stated}, the same measure and population; {how}."
    if status == "misattributed":
        return f"{stated}; {how}, but the article's {_differences(claim, match)}."
    return (
        f"No figure on file for the {claim_kind(claim)} of {_site_words(claim)} in "
        f"{claim.subject or 'the group it names'} matches {said}; the nearest: {stated}"
        f" ({'a different ' + _what_differs(match) if not match.same else 'outside'})."
    )


def _site_words(claim) -> str:
    site = claim_site(claim)
    return "injury or pain at any body site" if site == "any" else f"{site} injury or pain"


class _Row:
    """A figure's fields as attributes (for the formatting helpers)."""

    def __init__(self, series: pd.Series, source: str, figure: str) -> None:
        self.__dict__.update(series.to_dict())
        self.source, self.figure = source, figure


def _what_differs(match: Match) -> str:
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


def _differences(claim, match: Match) -> str:
    parts = []
    if not match.same_population:
        parts.append(
            f"population is “{claim.subject}”" if claim.subject else "population is not stated"
        )
    if not match.same_measure:
        parts.append(f"measure is “{claim.measure or claim_kind(claim)}”")
    if not match.same_site:
        parts.append(f"body site is “{claim_site(claim)}”")
    return " and its ".join(parts)


def cite_short(evidence: Evidence, source: str) -> str:
    """ "Videbæk S, Bueno AM, et al. (2015)" for a source id."""
    row = evidence.sources.set_index("source").loc[source]
    authors = row["authors"].split(", ")
    names = ", ".join(authors[:2]) + (
        ", et al." if len(authors) > 2 and authors[2] != "et al." else ""
    )
    if len(authors) == 2 and authors[1] == "et al.":
        names = f"{authors[0]}, et al."
    return names + (f" ({row['year']})" if pd.notna(row["year"]) else "")


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
                f"a different {_what_differs(best)} (say 'population: same' or "
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


def claim_label(claim) -> str:
    """ "14% of runners (line 2)"."""
    subject = (
        f" of {claim.subject}" if claim.subject and unit_family(claim.unit) == "percent" else ""
    )
    return f"{claim_number(claim)}{subject} (line {claim.line})"


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
    contradictions = find_contradictions(claims)
    figures = evidence.figures.set_index(["source", "figure"])
    meta = evidence.sources.set_index("source")
    rows = []
    for index, claim in enumerate(claims.reset_index(drop=True).itertuples()):
        entry = None
        if checks is not None and len(checks):
            found = checks[
                (checks["line"] == claim.line) & ((checks["value"] - claim.value).abs() < 1e-6)
            ]
            entry = found.iloc[0] if len(found) else None
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
        if entry is not None and isinstance(entry["status"], str):
            check_status(path, int(entry["yaml_line"]), claim, entry["status"], matches, named)
            if entry["status"] != status:
                match = _best_for(entry["status"], matches)
            status = entry["status"]
        if named is not None:  # the figure the editor names is the one the verdict shows
            match = named
        review = (
            AUTOMATIC if entry is None else (PENDING if entry["review"] == "pending" else REVIEWED)
        )
        others = contradictions[contradictions["claim"] == index]
        contradicts = "; ".join(
            f"line {o.other_line} ({_number(o.other_value, o.unit)})" for o in others.itertuples()
        )
        text = reason(claim, status, match, evidence)
        if contradicts:
            text += f" The article contradicts it at {contradicts}."
        fig = figures.loc[(match.source, match.figure)] if match is not None else None
        shown = fig is not None and status != "unsourced"
        label = STATUS_LABELS[status] + (f"; {CONTRADICTED}" if contradicts else "")
        label += "" if review == REVIEWED else f" ({review})"
        note = entry["note"] if entry is not None and isinstance(entry["note"], str) else ""
        rows.append(
            {
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
                "source": cite_short(evidence, match.source) + _journal(meta, match.source)
                if shown
                else "",
                "url": (meta.loc[match.source, "url"] or "") if shown else "",
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
        )
    frame = pd.DataFrame(rows, columns=VERDICT_COLUMNS)
    frame["url"] = frame["url"].fillna("")
    return frame.astype(
        {
            "article_value": float,
            "source_value": float,
            "ci_low": float,
            "ci_high": float,
            "low": float,
            "high": float,
        }
    )


def _journal(meta: pd.DataFrame, source: str) -> str:
    journal = meta.loc[source, "journal"]
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
