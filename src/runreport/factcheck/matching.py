"""Matching a claim to the library's figures: what the claim is about, and which figures compare.

Steps 1–3 of how a verdict is reached (:mod:`runreport.factcheck.verdicts`):
the claim's *features* (kind of measure, body site, population, a cause it
names), the *candidates* among the library's figures, and the *agreement* of
the article's number with each. :func:`decide` gives the status the
candidates support.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from runreport.factcheck.claim_features import (
    _INJURY_KINDS,
    _OTHER_ACTIVITIES,
    _PEOPLE_KINDS,
    _head,
    _siblings,
    ancestors,
    body_site,
    claim_kind,
    claim_lead,
    claim_population,
    claim_site,
    named_cause,
    population_words,
)
from runreport.factcheck.claim_periods import period_weeks, severity
from runreport.factcheck.evidence import Evidence, unit_family


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
    #: The figure is a point estimate (a value, with or without its CI), not a span of studies.
    point: bool = True
    #: The claim's population is the figure's own (its first population term), not one of many.
    primary: bool = True
    #: A related kind of measure (the same, or incidence for prevalence), whatever cause or
    #: activity it names.
    related_kind: bool = True
    #: Both count injuries (incidence, prevalence, share of injuries or a rate) at a named body
    #: site (a share of *all* injuries is no share of people injured).
    injury_counts: bool = True
    #: The claim's body site contains the figure's (any site, for a figure about the legs).
    broader_site: bool = False
    #: The figure's site contains the claim's (the knee's share, for runner's knee).
    narrower_site: bool = False
    #: The populations share a head noun ("novice runners" and "runners"), or are the same.
    overlap_population: bool = True
    #: The periods agree (True), differ (False), or one is not said (None).
    same_period: bool | None = None
    #: The figure says more or less than the claim's bound allows ("fewer than 25%" and 48.5%).
    breaks_bound: bool = False
    #: Another condition or site of the same region (the IT band's figure, for runner's knee).
    sibling_site: bool = False
    #: The claim gives its number in words ("one in ten", "about half"), not digits.
    in_words: bool = False
    #: A share of injuries by body site, for a claim that shares all injuries some other way
    #: ("Overuse lies behind 80% of running injuries" and "80% are at or below the knee").
    other_partition: bool = False
    #: A review's point estimate (a meta-analysis or systematic review), not one study's.
    pooled: bool = False
    #: The figure is itself a ceiling ("up to 70%"): numbers under it do not contradict it.
    ceiling: bool = False
    #: Both periods are said and one is four times the other or more (6 weeks and a year).
    far_period: bool = False

    @property
    def same(self) -> bool:
        """Same population, measure and body site."""
        return self.same_population and self.same_measure and self.same_site

    @property
    def agrees(self) -> bool:
        return self.agreement != "outside"

    @property
    def matches_value(self) -> bool:
        """The number itself is the figure's.

        Equal at the article's precision, or inside its 95% CI.
        """
        return self.agreement in ("equal", "inside CI")

    @property
    def plausible(self) -> bool:
        """A figure the article may have used: about the same body site or condition, with a
        related measure (the same kind, or another count of injuries: a knee's share of injuries
        for the share of runners with knee pain). A number that merely equals a figure about
        another condition is a coincidence."""
        if self.sibling_site:  # the same people and measure, the next condition's exact number
            # (not one end of its range, nor a number in words: "one in ten" is no figure's)
            exact = self.agreement == "equal" and self.point and not self.in_words
            return self.same_population and self.same_measure and exact
        if self.other_partition:
            return False
        if self.broader_site:  # "… of runners are injured" from a figure for leg injuries only
            # (or from another group's, when its very number over its very period: "28% of
            # female marathon runners get injured in the month before race day" is the men's)
            other_group = self.overlap_population and self.same_period and self.agreement == "equal"
            return self.related_kind and (self.same_population or other_group)
        if self.narrower_site:  # runner's knee given the whole knee's share of injuries
            return self.related_kind and self.overlap_population
        if not self.overlap_population:  # another group's figure: the same condition or words
            return self.related_kind and self.agreement == "equal"
        # another count of injuries (a share for a prevalence) only for the same people
        return self.same_site and (
            self.related_kind or (self.injury_counts and self.same_population)
        )


def decimals_of(text: str) -> int:
    """How many decimals the first number of *text* is written with ("17.8%" → 1, "1,000" → 0)."""
    numbers = re.findall(r"\d+(?:[.,]\d+)*", text)
    if not numbers:
        return 0
    last = numbers[0].replace(",", "")
    return len(last.split(".")[1]) if "." in last else 0


_APPROXIMATE = ("about", "around", "approximately", "roughly")
#: A hedge word anywhere in a claim's words ("between roughly 20% and 80%").
HEDGED = re.compile(r"\b(?:" + "|".join(_APPROXIMATE) + r")\b", re.IGNORECASE)


def _round_about(claim) -> bool:
    """Whether the claim hedges a round percentage ("about 10%", "roughly 50%")."""
    value = claim.value
    return (
        claim.qualifier in _APPROXIMATE
        and claim.kind != "proportion"
        and unit_family(claim.unit) == "percent"
        and value >= 10
        and float(value) % 5 == 0
    )


def agreement(claim, fig) -> tuple[str, float]:
    """How the article's number relates to a figure, and how far apart they are.

    Returns:
        ``(agreement, distance)``; agreement is "equal" (after rounding the
        figure to the article's precision), "inside CI", "inside range",
        "within bound" (a qualifier such as "more than" holds), or "outside".
    """
    decimals = 0 if claim.kind == "proportion" else decimals_of(claim.text)
    if is_range(claim):
        return _range_agreement(claim, fig, decimals)
    values = [claim.value]
    points = [v for v in (fig.value, fig.low, fig.high) if not is_missing(v)]
    # "at least 20%" is not borne out by a range that ends at 20, nor "up to 13%" by one that
    # starts at 13
    if claim.qualifier in ("more than", "over", "at least") and fig.low != fig.high:
        points = [v for v in points if v != fig.high]
    if claim.qualifier in _UPPER_BOUNDS and fig.low != fig.high:
        points = [v for v in points if v != fig.low]
    # "just under a quarter", "just over 30%": a little below or above the number; and so is
    # "nearly one in four" in words (22.6% is nearly one in four)
    below = claim.qualifier in ("nearly", "almost") and claim.kind == "proportion"
    if claim.qualifier in ("just under", "just over") or below:
        near = max(3.0, 0.12 * claim.value)
    elif claim.qualifier in ("nearly", "almost"):
        below = True  # "nearly 11%" in digits: a point or so under, no more ("almost 50%": 47.5)
        near = max(1.0, 0.05 * claim.value)
    if claim.qualifier in ("just under", "just over", "nearly", "almost"):
        low, high = (
            (claim.value - near, claim.value)
            if claim.qualifier == "just under" or below
            else (claim.value, claim.value + near)
        )
        for point in points:
            if low <= point <= high:
                # (the number itself when it rounds to it; else the qualifier holds)
                same = math.isclose(round(point, decimals), round(claim.value, decimals))
                return ("equal" if same else "within bound"), round(abs(point - claim.value), 6)
    # "about half", "1 in 4": words, not digits, say a figure only to the nearest few points
    # (so does a percentage in words: "Sixty-five percent" for 65.6%)
    worded = claim.kind == "proportion" or not re.search(r"\d", str(claim.text))
    slack = max(2.0, 0.05 * claim.value) if worded else 0.0
    if _round_about(claim):
        # "about 10%" for 10.9%, "roughly 50%" for 51%: a hedged round number is the figure
        # within a point and a half (not "about 25%" for 22.6%)
        slack = max(slack, 1.5)
    for value in values:
        for point in points:
            if below and point > value:
                continue  # "almost half" is not 51%: the words say just under
            if (
                math.isclose(round(point, decimals), round(value, decimals))
                or math.isclose(point, value)
                or abs(point - value) <= slack
            ):
                # (how far: "1 in 8" is 12.5%, equal to 10.9% only by the slack of words)
                return "equal", round(abs(point - value), 6)
    value = claim.value
    if not is_missing(fig.ci_low) and fig.ci_low <= value <= fig.ci_high:
        return "inside CI", 0.0
    low, high = fig.low, fig.high
    bounded = claim.qualifier in _BOUNDS  # "at least 20%" is not inside 13.6–20: it says more
    if low != high and low <= value <= high and not bounded:
        return "inside range", 0.0
    qualifier = claim.qualifier
    if qualifier in ("more than", "over", "at least") and low >= value:
        return "within bound", 0.0
    # "up to 25%" says the top is 25%: a figure of 8% does not bear it out (it is not a bound)
    if qualifier in ("less than", "fewer than", "under") and high <= value:
        return "within bound", 0.0
    return "outside", min(abs(value - low), abs(value - high))


def _range_agreement(claim, fig, decimals: int) -> tuple[str, float]:
    """As :func:`agreement`, for a claim that gives a range ("between 4% and 72%").

    Equal when both its ends are the figure's range or 95% CI at the article's precision (one
    shared end is not the same number); inside when the figure's range holds it; "contains
    figure" when it holds the figure's point estimate.
    """

    # "between roughly 20% and 80%" for 19.4-79.3%: hedged round ends, each within a point and
    # a half
    hedged = bool(HEDGED.search(str(claim.text))) and claim.low % 5 == 0 == claim.high % 5

    def same(a: float, b: float) -> bool:
        if hedged and abs(a - b) <= 1.5:
            return True
        return math.isclose(round(a, decimals), round(b, decimals)) or math.isclose(a, b)

    spans = [(fig.low, fig.high), (fig.ci_low, fig.ci_high)]
    for low, high in spans:
        if not is_missing(low) and low != high and same(low, claim.low) and same(high, claim.high):
            return "equal", 0.0
    if fig.low != fig.high and fig.low <= claim.low and claim.high <= fig.high:
        return "inside range", 0.0
    # (a figure that is itself a ceiling, "up to 70%", is not held by a range: it gives no floor,
    # so it bears out neither "65 to 70 per cent" nor a range that goes past it)
    ceiling = str(getattr(fig, "qualifier", "") or "") in _UPPER_BOUNDS
    # ("between a third and a half" in words holds 51%: fractions say their ends roughly)
    slack = 2.0 if claim.kind == "proportion" else 0.0
    if (
        not is_missing(fig.value)
        and claim.low - slack <= fig.value <= claim.high + slack
        and not ceiling
    ):
        return "contains figure", 0.0
    return "outside", min(abs(claim.value - fig.low), abs(claim.value - fig.high))


def is_missing(value) -> bool:
    """Whether a field has no value (None or NaN)."""
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


def is_range(claim) -> bool:
    """Whether a claim gives a range: both its ``low`` and ``high`` are set."""
    return not is_missing(getattr(claim, "low", None)) and not is_missing(
        getattr(claim, "high", None)
    )


@dataclass(frozen=True)
class _Features:
    """What a claim is about, read once for all the figures."""

    family: str
    kind: str
    site: str
    cause: str
    other_activity: bool
    subject: str
    words: frozenset  # the distinctive words of what was counted
    period: float | None  # weeks
    severity: str  # "major", "minor" or "" (not said)


_RUNNER_HEADS = {
    "runner",
    "beginner",
    "novice",
    "jogger",
    "marathoner",
    "ultramarathoner",
    "ultrarunner",
    "sprinter",
}
# Words every figure of the library shares: they say nothing about which figure an article used.
_GENERIC = {"injur", "pain", "runne", "runni", "peopl", "perce", "preva", "incid", "share"}


def _features(claim) -> _Features:
    measure = f"{claim.measure} {claim_lead(claim)}"
    return _Features(
        unit_family(claim.unit),
        claim_kind(claim),
        claim_site(claim),
        named_cause(claim.measure),
        bool(_OTHER_ACTIVITIES.search(f"{claim.subject} {claim.measure}")),
        claim_population(claim),
        frozenset(_content_words(measure) - _GENERIC),
        period_weeks(_own_words(claim)),
        severity(str(getattr(claim, "quote", ""))),
    )


def _own_words(claim) -> str:
    """The claim's sentence without another number's clause: "… has a point prevalence of 7.2%
    and an annual prevalence of 28.9%" names a point for the first number, a year for the second.
    """
    quote, text = str(getattr(claim, "quote", "")), str(getattr(claim, "text", ""))
    at = quote.find(text)
    if at < 0:
        return quote
    # (cut only at another percentage: "Within a 24-week block, 51% …" keeps its period)
    before = _PERCENTAGE.split(quote[:at])[-1]
    after = re.split(
        r"\b(?:and|but|while|whereas|compared)\b[^.]*?\d[\d.,]*\s?(?:%|per\s*cent|percent)",
        quote[at + len(text) :],
    )[0]
    return f"{before}{text}{after}"


_PERCENTAGE = re.compile(r"\d[\d.,]*\s?(?:%|per\s*cent\b|percent\b)")


def candidates(claim, evidence: Evidence, judgement: dict | None = None) -> list[Match]:
    """Figures comparable with *claim*, best first.

    Same before different, agreeing before not, nearest first. Figures about another population
    are candidates too when they are about the claim's condition or name what it counted
    ("musculoskeletal"): an article may have used them (see :func:`decide`).

    Args:
        claim: A row of the claims table.
        evidence: The library.
        judgement: From an annotation: ``{"source", "figure", "population",
            "measure", "body_site"}``; "same"/"different" overrides the computed
            sameness for that figure (and makes it a candidate).
    """
    features, judged = _features(claim), judgement or {}
    reviews = evidence.reviews()
    out = []
    for fig in evidence.figure_rows():
        if unit_family(fig.unit) != features.family:
            continue
        named = (fig.source, fig.figure) == (judged.get("source"), judged.get("figure"))
        match = _compare(claim, features, fig, judged if named else None, fig.source in reviews)
        if match is not None:
            out.append(match)
    return sorted(out, key=_best_first)


def _compare(claim, f: _Features, fig, judged: dict | None, review: bool) -> Match | None:
    """*fig* set against the claim, or None when it is no candidate."""
    terms = [population_words(t) for t in fig.population_terms.split("; ") if t]
    fig_site = body_site(fig.body_site) if fig.body_site != "any" else "any"
    fig_weeks = period_weeks(str(fig.period))
    same_population = bool(f.subject) and (f.subject in terms or _named_by(f.subject, terms))
    overlap_population = same_population or (
        bool(f.subject)
        and (
            _head(f.subject) in {_head(t) for t in terms}
            # beginners, sprinters and marathoners are runners: runners' figures concern them
            or ("runners" in terms and _head(f.subject) in _RUNNER_HEADS)
        )
    )
    same_site = f.site == fig_site
    overlap_site = same_site or f.site in ancestors(fig_site) or fig_site in ancestors(f.site)
    fig_cause = re.search(rf"(?<!not )\b{f.cause}", fig.measure.lower()) if f.cause else True
    kinds_match = f.kind == fig.kind or (f.kind == "occurrence" and fig.kind in _PEOPLE_KINDS)
    shared = bool(f.words & _content_words(fig.measure))
    # "Ankle sprains affect 14% of runners": "proportion of ankle sprains in runners"
    other_alike = fig.kind == "other" and f.kind in _PEOPLE_KINDS and same_site and shared
    kinds_match = kinds_match or other_alike
    # "an injury serious enough to stop them finishing" is not the count of minor injuries
    other_severity = bool(f.severity) and severity(fig.measure) not in ("", f.severity)
    same_measure = kinds_match and bool(fig_cause) and not f.other_activity and not other_severity
    overlap_measure = kinds_match or (f.kind in _INJURY_KINDS and fig.kind in _INJURY_KINDS)
    if f.kind == "other" or fig.kind == "other":
        # "Other" says nothing about what was counted: only shared words can ("14% of runners
        # agree" is not comparable with "54% of injured runners were women").
        shared = shared or bool(_content_words(claim.measure) & _content_words(fig.measure))
        same_measure, overlap_measure = same_measure and shared, overlap_measure and shared
    related = f.kind == fig.kind or {f.kind, fig.kind} <= _PEOPLE_KINDS or other_alike
    # Another condition of the same region (ITBS and runner's knee): the row next to the right one
    sibling = not overlap_site and "any" not in (f.site, fig_site)
    sibling = sibling and _siblings(f.site, fig_site)
    if judged is not None:
        answers = {"same": True, "different": False}
        same_population = answers.get(judged.get("population"), same_population)
        same_measure = answers.get(judged.get("measure"), same_measure)
        same_site = answers.get(judged.get("body_site"), same_site)
    elif not ((overlap_site or sibling) and overlap_measure):
        return None
    elif not overlap_population and (
        f.other_activity or not (related and ((same_site and f.site != "any") or shared))
    ):
        return None  # another population's figure, about another condition or activity
    agreed, distance = agreement(claim, fig)
    return Match(
        fig.source,
        fig.figure,
        agreed,
        same_population,
        same_measure,
        same_site,
        distance,
        point=not is_missing(fig.value),
        primary=bool(terms) and f.subject == terms[0],
        related_kind=related,
        # (a share of all injuries and a share of people injured count different things: only a
        # site's share stands for its injuries' prevalence)
        injury_counts=f.kind in _INJURY_KINDS and fig.kind in _INJURY_KINDS and f.site != "any",
        broader_site=f.site != fig_site and f.site in ancestors(fig_site),
        narrower_site=fig_site != f.site
        and fig_site in ancestors(f.site)
        and fig_site not in ("any", "lower extremity"),
        overlap_population=overlap_population,
        same_period=_same_period(f.period, fig_weeks),
        far_period=_far_period(f.period, fig_weeks),
        breaks_bound=_breaks_bound(claim, fig),
        sibling_site=sibling,
        in_words=claim.kind == "proportion",
        pooled=review and not is_missing(fig.value),
        other_partition=f.site == "any" != fig_site and f.kind == fig.kind == "share of injuries",
        ceiling=str(getattr(fig, "qualifier", "") or "") in _UPPER_BOUNDS,
    )


def _named_by(subject: str, terms: list[str]) -> bool:
    """Whether *subject* joins two of a figure's names for its people ("multi-stage ultra
    runners" from "multi-stage runners" and "ultra runners"): every word is one of theirs, and
    its head is theirs. A word none of them has ("female novice runners") makes other people."""
    # "italian runners with low back pain": "Italian runners" who are "runners with low back pain"
    group, with_, condition = subject.partition(" with ")
    if with_ and group in terms and f"{group.split()[-1]} with {condition}" in terms:
        return True
    words = subject.split()
    if len(words) < 3:
        return False
    named = [t.split() for t in terms if t.split()[-1:] == words[-1:]]
    return len(named) >= 2 and set(words) <= {w for t in named for w in t}


def _same_period(claim_weeks: float | None, fig_weeks: float | None) -> bool | None:
    if claim_weeks is None or fig_weeks is None:
        return None
    return math.isclose(claim_weeks, fig_weeks, rel_tol=0.15)


def _far_period(claim_weeks: float | None, fig_weeks: float | None) -> bool:
    if claim_weeks is None or fig_weeks is None:
        return False
    if not claim_weeks or not fig_weeks:  # "at any one time" against a year's prevalence
        return max(claim_weeks, fig_weeks) >= 4
    return max(claim_weeks, fig_weeks) >= 4 * min(claim_weeks, fig_weeks)


def _breaks_bound(claim, fig) -> bool:
    """Whether *fig* is above the ceiling the claim states ("fewer than 25%" and 48.5%)."""
    if str(getattr(claim, "qualifier", "")) not in ("less than", "fewer than", "under"):
        return False  # "up to 20%" names the top of a range; "more than" is read as a floor
    point = fig.value if not is_missing(fig.value) else fig.low
    return point > claim.value


_UPPER_BOUNDS = ("up to", "as high as", "as many as", "less than", "fewer than", "under")
_BOUNDS = {"more than", "over", "at least", *_UPPER_BOUNDS}
_RANK = {
    "equal": 0,
    "inside CI": 1,
    "inside range": 2,
    "contains figure": 2,
    "within bound": 3,
    "outside": 4,
}


def _best_first(m: Match) -> tuple:
    """Same before different, more alike before less, agreeing before not, nearest first."""
    alike = m.same_population + m.same_measure + m.same_site
    other_period = m.same_period is False
    return (not m.same, -alike, other_period, _RANK[m.agreement], m.distance, m.source, m.figure)


def decide(claim, matches: list[Match]) -> tuple[str, Match | None]:
    """The computed status and the figure it rests on (the nearest one for unsourced claims).

    The precedence (docs/verdicts.md): the most specific comparable figures decide: the figures
    of the same population, measure and site, and among them those whose own population the
    claim's is. *Verified* when one of them is the number, or one of their point estimates agrees;
    *misattributed* when the
    number is a figure the article plausibly used for another group (the same kind of measure,
    and the same population or site); then *verified* when one of their ranges holds it; *out
    of range* when comparable figures exist and all disagree; else *unsourced*.
    """
    same, other_period = _same_figures(matches)
    specific = [m for m in same if m.primary] or same
    bound = str(getattr(claim, "qualifier", "")) in _BOUNDS
    # "Fewer than 1 in 4 … get injured" is not borne out by one figure under 25% when another
    # for the same people and period is 48.5%
    broken = [m for m in specific if m.breaks_bound and m.same_period is not False]
    if bound and broken:
        return "out of range", broken[0]
    # A plain number at the end of a spread of studies ("10% of runners" and 4.5-10%) is one of
    # the numbers the spread holds, not its figure: a review's pooled figure that disagrees (6.1%)
    # beats it, as below. A bound at its end ("up to 10%") is its figure.
    # (the claim's own people's pooled figures first; else those of a group that includes them:
    # "runners" average 7.7 injuries per 1000 hours in the recreational runners' pooled figure)
    pooled = [m for m in specific if m.pooled] or [m for m in same if m.pooled]
    pooled = [m for m in pooled if m.same_period is not False]
    pooled_against = [m for m in pooled if not m.agrees]
    for match in specific:
        spread_end = not match.point and not bound and not is_range(claim) and bool(pooled_against)
        held = match.point and match.agrees and match.agreement != "contains figure"
        if (match.agreement == "equal" and not spread_end) or held:
            return "verified", match
    # the number is a figure that counts the claim's people among others': it verifies the claim
    # unless the same review gives those people their own figure, which disagrees ("28% of male
    # runners' injuries are at the knee" is the men and women's 28%; the men's own is 31%)
    for match in same:
        if match.agreement == "equal" and (match.point or bound):
            # (a figure over the very period the claim names is not beaten by one of no period)
            own = any(
                m.point
                and m.primary
                and not m.ceiling
                and not (match.same_period and not m.same_period)
                for m in specific
            )
            pooled_others = match.point and not match.primary and own
            return ("misattributed" if pooled_others else "verified"), match
    for match in other_period:  # the number is the same people's figure over another period
        if match.agreement == "equal":
            return "misattributed", match
    # A span of studies does not verify a number that is another group's pooled figure.
    misattributed = _misattribution(
        _sources(matches, specific),
        bound,
        # (a spread's end may be where a number came from when the claim's own figures are none)
        ends=is_range(claim) or not specific,
    )
    if misattributed is not None:
        return "misattributed", misattributed
    # a range that holds the figure bears it out, unless it is another figure's range exactly
    # ("between 19% and 79% of runners" is the legs' 19.4-79.3%, whatever else it holds)
    holding = _holding(specific, same)
    if holding:
        return "verified", holding[0]
    # A spread of studies holds many numbers: it verifies one only when no review's pooled figure
    # for the same people disagrees ("80% of runners get injured": 40.2% pooled, whatever the
    # spread 3.2-84.9 holds). The pooled figure is then the one the verdict shows.
    spread = [m for m in specific if m.agrees]
    # (a figure over the very period the claim names is the one an out-of-range verdict shows:
    # "Every year, 85% …" against the year's 51%, not a pooled figure of no period)
    over_period = next((m for m in same if m.same_period and not m.agrees and not m.ceiling), None)
    if spread:
        return ("out of range", over_period or pooled[0]) if pooled else ("verified", spread[0])
    if specific:
        return "out of range", over_period or specific[0]
    # (the same people's figures over far other periods only: none agrees, so none bears it out)
    if other_period:
        return "out of range", other_period[0]
    return "unsourced", (matches[0] if matches else None)


def _holding(specific: list[Match], same: list[Match]) -> list[Match]:
    """The point figures a claim's range holds that bear it out: the specific ones; when the
    claim names a period its figures have, only theirs (a figure of no period inside "30 to 50
    percent … over 12 months" does not, when the year's own 51% lies outside)."""
    if any(m.same_period for m in same):
        specific = [m for m in same if m.same_period]
    return [m for m in specific if m.point and m.agreement == "contains figure"]


def _same_figures(matches: list[Match]) -> tuple[list[Match], list[Match]]:
    """The figures of the claim's population, measure and site, and those of them over another
    period than the one the claim names (empty when it names none they have)."""
    same = [m for m in matches if m.same]
    # A period the claim names puts that period's figures first: another period's figure, even
    # equal, does not verify it ("32% … over a year" is a 24-week figure; a year's is 51%).
    other_period = [m for m in same if m.same_period is False]
    if any(m.same_period for m in same):
        # … and so does a spread of studies whose period is not said, unless the number is its
        # own end ("80% … each year" is not borne out by time-loss proportions across
        # populations, 3.2–84.9%, when the year's own figures are 51% and less)
        same = [
            m
            for m in same
            if m.same_period or (m.same_period is None and (m.point or m.agreement == "equal"))
        ]
    else:
        # none over the claim's period: a figure over a far shorter or longer one is not its own
        # ("about 11% … during their first year" is the 6-week programme's 10.9%, whether or
        # not a figure of no period is on file)
        other_period = [m for m in other_period if m.far_period]
        same = [m for m in same if not m.far_period]
    return same, other_period


def _sources(matches: list[Match], specific: list[Match]) -> list[Match]:
    """The figures an article may have taken its number from, given the claim's own."""
    # (the next condition's equal number is no source when the claim's own condition's figures
    # hold it: "Plantar fasciitis affects 10% of runners" is not the Achilles' 10.3%)
    own_site_holds = any(m.same and m.agrees for m in matches)
    # (when the claim's own figures exist, a figure for other people *and* another site is a
    # coincidence: "13% of running injuries are shin splints" is not ultramarathoners' lower legs)
    # (… unless it is that figure's very number over the very period the claim names: "28% of
    # first-time marathoners get hurt in the final month" is the men's 28% for that month)
    return [
        m
        for m in matches
        if (
            not specific
            or m.same_population + m.same_site >= 1
            or (m.same_period and m.agreement == "equal")
        )
        and not (own_site_holds and m.sibling_site)
    ]


def _misattribution(matches: list[Match], bound: bool, ends: bool) -> Match | None:
    """The figure the article plausibly took its number from, for another group, period, site or
    measure; the one most like the claim (the same kind of measure first).

    Another population's or site's figure must be the number itself (within half a point), not
    merely hold it in its CI or come near it as words do ("1 in 8"); and a bound ("up to 72%")
    must be the figure's own end, never a figure inside it.
    """

    # the number itself: equal, within half a point (not by the slack of "1 in 8" or "about half")
    def exact(m: Match) -> bool:
        return m.agreement == "equal" and m.distance <= 0.5

    found = [
        m
        for m in matches
        if m.matches_value
        and m.plausible
        and not m.same
        and (m.same_population or exact(m))
        and (m.same_site or exact(m))  # another site's figure: its number, not inside its CI
        and (not bound or m.agreement == "equal")
        # a plain number at a spread's end is one the spread holds, not its figure
        and (m.point or bound or ends)
    ]
    # (the region holding the condition before another condition of it: "Runner's knee affects
    # 24% of runners" is the whole knee's 24.3%, not the Achilles' 24%)
    found.sort(
        key=lambda m: (m.sibling_site, not m.same_measure, not m.same_site, not m.same_population)
    )
    return found[0] if found else None
