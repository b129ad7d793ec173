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
from functools import lru_cache

from runreport.factcheck.evidence import Evidence, unit_family
from runreport.ingest.claim_subjects import PEOPLE, people_before

# Body sites, most specific first; each with the words that name it.
_SITES: list[tuple[str, str]] = [
    ("medial tibial stress syndrome", r"shin splints?|medial tibial|\bmtss\b"),
    ("patellofemoral", r"patellofemoral|runner'?s knee|\bpfps?\b"),
    ("lower extremity", r"at or below the knee"),
    ("iliotibial band", r"iliotibial|\bit[- ]band|\bitbs\b"),
    ("achilles", r"achilles"),
    ("plantar fascia", r"plantar fasci"),
    (
        "ankle sprain",
        r"ankle sprains?|sprained ankles?|sprain(?:s|ed)? (?:an|the|their|your) ankles?",
    ),
    ("hamstring", r"hamstring"),
    ("bone stress", r"stress fractures?|bone stress|stress reactions?"),
    ("low back", r"low(?:er)? back|lumbar|\blbp\b"),
    ("upper back", r"upper back|mid(?:dle)?[- ]back|thoracic"),
    ("neck", r"\bneck\b|cervical"),
    ("meniscus", r"\bmenisc(?:us|i|al)\b"),
    ("knee", r"\bknees?\b"),
    ("shin", r"\bshins?\b|lower[- ]leg|\bshank\b|tibia"),
    (
        "foot-ankle",
        r"\bankles?\b|\bfoot\b|\bfeet\b|foot-ankle|\bheels?\b|\barch(?:es)?\b|\btoes?\b",
    ),
    ("calf", r"\bcalf\b|\bcalves\b"),
    ("thigh", r"\bthighs?\b|\bquads?\b|\bquadriceps\b"),
    ("hip", r"\bhips?\b|\bgroin\b|\bglutes?\b|\bbuttocks?\b"),
    ("lower extremity", r"lower[- ](?:extremity|extremities|limbs?)|\blegs?\b"),
    ("back", r"\bback\b|\bspine\b|\bspinal\b"),
]
_PARENT = {
    "medial tibial stress syndrome": "shin",
    "patellofemoral": "knee",
    "iliotibial band": "knee",
    "meniscus": "knee",
    "achilles": "foot-ankle",
    "plantar fascia": "foot-ankle",
    "ankle sprain": "foot-ankle",
    "hamstring": "lower extremity",
    "bone stress": "lower extremity",
    "knee": "lower extremity",
    "shin": "lower extremity",
    "foot-ankle": "lower extremity",
    "hip": "lower extremity",
    "calf": "lower extremity",
    "thigh": "lower extremity",
    "low back": "back",
    "upper back": "back",
    "neck": "any",
    "lower extremity": "any",
    "back": "any",
}
_INJURY_KINDS = {"incidence", "prevalence", "share of injuries", "rate"}
# Shares of people with an injury: an article easily gives one for the other ("occurrence" is
# a share of people whose period the words leave open). A share of injuries (not of people) or
# a rate is another kind of number.
_PEOPLE_KINDS = {"incidence", "prevalence", "occurrence"}
_INJURY_KINDS |= {"occurrence"}
# Verbs that say a condition occurs without saying when: "affects", "strikes", "is found in".
_AFFECTS = re.compile(
    r"\b(?:affect(?:s|ed|ing)?|strikes?|troubles?|plagues?|afflicts?|bothers?|hits?"
    r"|is\s+found\s+in|develops?\s+in|occurs?\s+in)\s*"
    r"(?:about|around|roughly|nearly|up\s+to|between|an\s+estimated|as\s+many\s+as)?\s*$",
    re.IGNORECASE,
)
_AFFECTS_AFTER = re.compile(r"^\S*\s*(?:get|gets|will\s+get)\s+(?!injured|hurt)\w", re.I)
_AT_ONE_TIME = re.compile(
    r"\bat\s+any\s+(?:one|given)\s+(?:time|moment)\b|\bright\s+now\b|\bcurrently\b"
    r"|\bat\s+present\b|\bare\s+present\s+in\b|\bis\s+present\s+in\b",
    re.IGNORECASE,
)
_INJURY_WORDS = re.compile(
    r"\binjur|\bpain\b|\bache|\bsplints\b|\bfasci|\btendin|\bsyndrome\b|\bfracture"
    r"|\bsprain|\bstrain\b",
    re.IGNORECASE,
)
_OTHER_ACTIVITIES = re.compile(
    r"\b(?:cycling|riding|riders?|cyclists?|swimm\w*|rowing|football|soccer|tennis)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def body_site(text: str) -> str:
    """The body site *text* names (most specific first), or "any".

    Two sites joined by "or"/"and" ("a foot or lower-limb problem") are the narrowest site that
    holds both (the lower extremity).
    """
    named = [(m, site) for site, pattern in _SITES for m in re.finditer(pattern, text, re.I)]
    if not named:
        return "any"
    found, site = named[0]
    for other, other_site in named[1:]:
        first, second = sorted((found, other), key=lambda m: m.start())
        if other_site != site and _JOINED.fullmatch(text[first.end() : second.start()]):
            return _common_site(site, other_site)
    return site


_JOINED = re.compile(r"\s*(?:,|or|and|and/or|/)\s*(?:the\s+|your\s+)?", re.I)


_REGIONS = {
    "knee",
    "shin",
    "foot-ankle",
    "hip",
    "lower extremity",
    "back",
    "low back",
    "upper back",
}


def _siblings(one: str, other: str) -> bool:
    """Two conditions of one region (the IT band and runner's knee), or two of the leg's named
    conditions (Achilles tendinopathy and shin splints); not two regions (the hip and the knee)."""
    common = _common_site(one, other)
    if common == "lower extremity":
        return one not in _REGIONS and other not in _REGIONS
    return common != "any"


def _common_site(one: str, other: str) -> str:
    """The narrowest site that holds both *one* and *other*."""
    theirs = _ancestors(other)
    return next(site for site in _ancestors(one) if site in theirs)


def _ancestors(site: str) -> list[str]:
    out = [site]
    while out[-1] in _PARENT:
        out.append(_PARENT[out[-1]])
    if out[-1] != "any":
        out.append("any")
    return out


# The article's own data: a poll of its readers, its clinic's records, its club.
_OWN_DATA = re.compile(
    r"\b(?:our|my)\s+(?:own\s+)?(?:[\w-]+\s+)?(?:survey|poll|club|readers|members|clinic|clinics"
    r"|patients|clients|coaching\s+group|group|community|followers|subscribers|records|audit"
    r"|data|athletes|runners)\b"
    r"|\bwe\s+(?:surveyed|polled|asked|counted|looked\s+at|see|treat|treated|assess|assessed)\b"
    r"|\b(?:runners|patients|people)\s+we\s+(?:see|treat|treated|assess|coach)\b",
    re.IGNORECASE,
)
# A sentence whose subject is the thing named before it: "It accounts for 17% of injuries".
_POINTS_BACK = re.compile(r"^\s*(?:it|this|they|these|the\s+condition|this\s+\w+)\b", re.I)


def is_own_data(claim) -> bool:
    """Whether the claim reports the article's own data ("in a survey of our club, 14% …"):
    the literature can neither verify nor misattribute it."""
    words = f"{getattr(claim, 'quote', '')} {getattr(claim, 'attribution', '')}"
    return bool(_OWN_DATA.search(words))


def claim_lead(claim) -> str:
    """The words of the claim's sentence before its number ("Runner's knee affects")."""
    quote, text = str(getattr(claim, "quote", "")), str(getattr(claim, "text", ""))
    at = quote.find(text)
    return quote[:at] if at > 0 else ""


def claim_kind(claim) -> str:
    """The kind of measure a claim states.

    One of rate, share of injuries, incidence, prevalence, relative risk, count or other.
    """
    family = unit_family(claim.unit)
    if family == "rate per 1000 hours" or claim.kind == "rate":
        return "rate"
    if claim.kind == "times":
        return "relative risk"
    if claim.kind == "count":
        return "count"
    condition, measure = _with_condition(claim)
    words = f"{claim.subject} {measure}".lower()
    lead = claim_lead(claim).lower()
    if re.search(r"\b(?:among(?:st)?|of)\s+(?:the\s+)?injured\b", lead):
        return "share of injuries"  # "Among injured novice runners, 15% are diagnosed with …"
    if _AFFECTS.search(lead):
        return "occurrence"  # "Shin splints affect 10% of runners": at one time or over a year
    if _AT_ONE_TIME.search(f"{lead} {words}"):
        return "prevalence"  # "present in 9% of runners at any one time"
    # "… of runners pick up an injury in a given year"
    if re.search(r"\bpick(?:s|ed|ing)?\s+up\b.*\binjur|\bin\s+a\s+given\s+year\b", words):
        return "incidence"
    if _AFFECTS_AFTER.search(words):
        return "occurrence"
    if re.search(r"\binjur(?:y|ies)\b|\bcomplaints\b|^injured\b", claim.subject.lower()):
        return "share of injuries"  # "… of running injuries", "Among injured runners, 15% …"
    if re.search(r"\b(?:have|has)\b.*\b(?:each|every|per|a)\s+year\b|\bannual", words):
        return "occurrence"  # "have knee pain each year": a year's prevalence, or its incidence
    if re.search(
        r"\binjured\b|\bget (?:hurt|injured)\b|\bdevelop|\bsustain"
        r"|\beach year\b|\bper year\b|\bannually\b"
        r"|\b(?:get|gets|got|suffer|suffers)\b.*\b(?:injur|fracture|sprain|strain|tear)"
        r"|\bincidence\b|\bwill\b|\bgets? hurt",
        words,
    ):
        return "incidence"
    if re.search(
        r"\bhave\b|\bhas\b|\bhad\b|\bsuffer|\bexperienc|\breport"
        r"|\bprevalence\b|\blive with\b|\baffected\b"
        r"|\bpain\b|\bache",
        words,
    ):
        return "prevalence"
    if _INJURY_WORDS.search(f"{words} {lead}"):
        return "occurrence"  # "… are carrying an injury", "… is nursing a knee injury"
    return "other"


# "runners with low back pain don't blame running": the condition says who, not what was counted
_WITH_CONDITION = re.compile(
    r"^with\s+(.{3,40}?)\s+(?:do|does|don't|doesn't|did|didn't|have|has|are|were|is|was|will"
    r"|can|say|said|report\w*|believe\w*|blame\w*|think\w*)\b",
    re.IGNORECASE,
)


def _with_condition(claim) -> tuple[str, str]:
    """The condition that narrows the claim's people ("with low back pain"), or "", and what was
    counted without it."""
    measure = str(claim.measure)
    found = _WITH_CONDITION.match(measure)
    if not found or not _INJURY_WORDS.search(found.group(1)):
        return "", measure
    return f"with {found.group(1)}", measure[found.end(1) :].strip()


def claim_site(claim) -> str:
    """The body site a claim is about: from its subject and measure ("have back pain" → back).

    A share of injuries names its site anywhere in the sentence ("The knee accounts for 28% of
    running injuries").
    """
    site = body_site(f"{claim.subject} {claim.measure}")
    kind = claim_kind(claim)
    if site == "any" and kind == "share of injuries":
        site = body_site(claim.quote)
    lead = claim_lead(claim)
    if site == "any" and kind != "other":
        site = body_site(lead)  # the condition named before the verb ("Runner's knee affects …")
    about = str(getattr(claim, "about", "") or "")
    pointing = _POINTS_BACK.match(lead) or re.search(r"\b(?:it|this)\b", str(claim.measure))
    if site == "any" and about and (pointing or kind == "share of injuries"):
        site = body_site(about)  # "It accounts for 17% …" inside the cause "Runner's Knee"
    if site == "any" and _names_unknown_part(f"{claim.measure} {lead}"):
        return "unknown"  # "elbow pain" is about some site: no figure for any site speaks to it
    return site


# Pain or injury of a named part the sites above do not know ("elbow pain", "wrist injuries").
_PAIN_OF = re.compile(
    r"\b([a-z][a-z'-]+)\s+(?:pain|aches?|injur(?:y|ies)|problems?|strains?|tears?)\b", re.I
)
_NOT_A_PART = frozenset(
    """running running-related overuse chronic acute any an a the some serious minor major
    time-loss new first another repeat recurrent sport sports common musculoskeletal msk their
    your his her our my such this that no one other mild severe nagging lasting persistent real
    significant similar of with from and or in more less most fewer moderate little much
    lingering ongoing injury injuries own same bad worse further unexplained suffer suffers
    suffered have has had get gets got develop develops report reports sustain sustains
    experience experiences pick picks up will cause causes caused prevent avoid reduce reduces
    treat treats to for by at on is are was were be been whose those these without all every
    each related niggling niggles career training race racing""".split()
)


def _names_unknown_part(text: str) -> bool:
    return any(
        m.group(1).lower() not in _NOT_A_PART and m.group(1).lower() not in PEOPLE
        for m in _PAIN_OF.finditer(text)
    )


def claim_population(claim) -> str:
    """Who a claim is about, for matching, in the library's words (see :func:`population_words`).

    Its subject; for a share of injuries, the people the injuries are of, or of the event named
    ("In multi-stage ultramarathons, … 35% of injuries": multi-stage runners).
    """
    subject = " ".join(str(claim.subject).lower().split())
    if claim_kind(claim) == "share of injuries":
        # "Among ultramarathoners, the ankle accounts for 26% of injuries"
        people = people_before(f"{claim.subject} {claim.measure}") or people_before(
            claim_lead(claim)
        )
        if people:
            return population_words(re.sub(r"^injured\s+", "", _unlead(people)))
        event = _EVENT.search(claim_lead(claim))
        if event:
            people = "athletes" if "marathon" not in event.group(1).lower() else "runners"
            return population_words(f"{event.group(1)} {people}")
        if re.search(r"\brunn(?:ing|ers?)\b", subject) or subject in ("injuries", "all injuries"):
            return "runners"  # "28% of running injuries": the library is about runners
    condition, _ = _with_condition(claim)
    if condition:  # "runners with low back pain"
        return f"{population_words(subject)} {condition.lower()}"
    # "high school girls who run" are high school girls: in a library of runners, the clause
    # only says they run
    return population_words(re.sub(r"\s+who\s+(?:run|runs|jog|jogs)$", "", subject))


# Events named where people would be: "in multi-stage ultramarathons", "at marathons".
_EVENT = re.compile(
    r"\b(?:in|at|during)\s+(?:international\s+|major\s+)?"
    r"((?:multi-stage\s+)?(?:ultra[- ]?)?marathon|track\s+and\s+field|athletics)"
    r"(?:s|\s+championships|\s+events)?\b",
    re.IGNORECASE,
)
_SPELLINGS = (
    (r"\bultra[- ]marathon", "ultramarathon"),
    (r"\bmulti-stage ultramarathon runners\b", "ultramarathon runners"),
    (r"\bultramarathoners\b", "ultramarathon runners"),
    (r"\bultrarunners\b", "ultra runners"),
    (r"\bmarathoners\b", "marathon runners"),
    (r"\bbeginner runners\b", "beginners"),
    (r"\bnovices\b", "novice runners"),
)


def _unlead(people: str) -> str:
    return re.sub(r"^(?:among(?:st)?|in|for|of)\s+", "", people)


@lru_cache(maxsize=4096)
def population_words(phrase: str) -> str:
    """*phrase* as the library writes populations: "among ultra-marathoners" → "ultramarathon
    runners", "first-time marathoners" → "first-time marathon runners"."""
    phrase = _unlead(" ".join(phrase.lower().split()))
    for pattern, spelling in _SPELLINGS:
        phrase = re.sub(pattern, spelling, phrase)
    return phrase


def _head(phrase: str) -> str:
    words = phrase.lower().split()
    if "who" in words:
        words = words[: words.index("who")]
    return words[-1].rstrip("s") if words else ""


def named_cause(measure: str) -> str:
    """The cause a measure names, singular ("…, caused by falls" → "fall"), or ""."""
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
    #: The figure is a point estimate (a value, with or without its CI), not a span of studies.
    point: bool = True
    #: The claim's population is the figure's own (its first population term), not one of many.
    primary: bool = True
    #: A related kind of measure (the same, or incidence for prevalence), whatever cause or
    #: activity it names.
    related_kind: bool = True
    #: Both count injuries (incidence, prevalence, share of injuries or a rate).
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
            return self.same_population and self.same_measure and self.agreement == "equal"
        if self.broader_site:  # "… of runners are injured" from a figure for leg injuries only
            return self.related_kind and self.same_population
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
    # "about half", "1 in 4": words, not digits, say a figure only to the nearest few points
    slack = max(2.0, 0.05 * claim.value) if claim.kind == "proportion" else 0.0
    for value in values:
        for point in points:
            if (
                math.isclose(round(point, decimals), round(value, decimals))
                or math.isclose(point, value)
                or abs(point - value) <= slack
            ):
                return "equal", 0.0
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

    def same(a: float, b: float) -> bool:
        return math.isclose(round(a, decimals), round(b, decimals)) or math.isclose(a, b)

    spans = [(fig.low, fig.high), (fig.ci_low, fig.ci_high)]
    for low, high in spans:
        if not is_missing(low) and low != high and same(low, claim.low) and same(high, claim.high):
            return "equal", 0.0
    if fig.low != fig.high and fig.low <= claim.low and claim.high <= fig.high:
        return "inside range", 0.0
    if not is_missing(fig.value) and claim.low <= fig.value <= claim.high:
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
        period_weeks(str(getattr(claim, "quote", ""))),
    )


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
    out = []
    for fig in evidence.figures.itertuples():
        if unit_family(fig.unit) != features.family:
            continue
        named = (fig.source, fig.figure) == (judged.get("source"), judged.get("figure"))
        match = _compare(claim, features, fig, judged if named else None)
        if match is not None:
            out.append(match)
    return sorted(out, key=_best_first)


def _compare(claim, f: _Features, fig, judged: dict | None) -> Match | None:
    """*fig* set against the claim, or None when it is no candidate."""
    terms = [population_words(t) for t in fig.population_terms.split("; ") if t]
    fig_site = body_site(fig.body_site) if fig.body_site != "any" else "any"
    same_population = bool(f.subject) and f.subject in terms
    overlap_population = same_population or (
        bool(f.subject)
        and (
            _head(f.subject) in {_head(t) for t in terms}
            # beginners, sprinters and marathoners are runners: runners' figures concern them
            or ("runners" in terms and _head(f.subject) in _RUNNER_HEADS)
        )
    )
    same_site = f.site == fig_site
    overlap_site = same_site or f.site in _ancestors(fig_site) or fig_site in _ancestors(f.site)
    fig_cause = re.search(rf"(?<!not )\b{f.cause}", fig.measure.lower()) if f.cause else True
    kinds_match = f.kind == fig.kind or (f.kind == "occurrence" and fig.kind in _PEOPLE_KINDS)
    shared = bool(f.words & _content_words(fig.measure))
    # "Ankle sprains affect 14% of runners": "proportion of ankle sprains in runners"
    other_alike = fig.kind == "other" and f.kind in _PEOPLE_KINDS and same_site and shared
    kinds_match = kinds_match or other_alike
    same_measure = kinds_match and bool(fig_cause) and not f.other_activity
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
        injury_counts=f.kind in _INJURY_KINDS and fig.kind in _INJURY_KINDS,
        broader_site=f.site != fig_site and f.site in _ancestors(fig_site),
        narrower_site=fig_site != f.site
        and fig_site in _ancestors(f.site)
        and fig_site not in ("any", "lower extremity"),
        overlap_population=overlap_population,
        same_period=_same_period(f.period, period_weeks(str(fig.period))),
        breaks_bound=_breaks_bound(claim, fig),
        sibling_site=sibling,
    )


def _same_period(claim_weeks: float | None, fig_weeks: float | None) -> bool | None:
    if claim_weeks is None or fig_weeks is None:
        return None
    return math.isclose(claim_weeks, fig_weeks, rel_tol=0.15)


def _breaks_bound(claim, fig) -> bool:
    """Whether *fig* is above the ceiling the claim states ("fewer than 25%" and 48.5%)."""
    if str(getattr(claim, "qualifier", "")) not in ("less than", "fewer than", "under"):
        return False  # "up to 20%" names the top of a range; "more than" is read as a floor
    point = fig.value if not is_missing(fig.value) else fig.low
    return point > claim.value


_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "six": 6, "twelve": 12, "a": 1}
_UNIT_WEEKS = {"week": 1, "month": 52 / 12, "year": 52, "season": 52}


def period_weeks(text: str) -> float | None:
    """The length of the period *text* names, in weeks ("24 weeks", "a given year", "12
    months"); 0 for a moment ("at any one time", "point"); None when it names none."""
    text = text.lower()
    if _AT_ONE_TIME.search(text) or re.match(r"^(?:point|current)\b", text):
        return 0.0
    found = re.search(
        r"\b(\d+|one|two|three|four|six|twelve|a)[- ](?:given\s+)?(week|month|year|season)s?\b",
        text,
    ) or re.search(r"\b(?:each|every|per|past|in\s+a\s+given)\s+(year|season)\b", text)
    if not found:
        return 52.0 if re.search(r"\bannual(?:ly)?\b", text) else None
    if found.lastindex == 1:
        return 52.0
    number = found.group(1)
    count = float(number) if number.isdigit() else _NUMBER_WORDS[number]
    return count * _UNIT_WEEKS[found.group(2)]


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
    same = [m for m in matches if m.same]
    specific = [m for m in same if m.primary] or same
    bound = str(getattr(claim, "qualifier", "")) in _BOUNDS
    # "Fewer than 1 in 4 … get injured" is not borne out by one figure under 25% when another
    # for the same people and period is 48.5%
    broken = [m for m in specific if m.breaks_bound and m.same_period is not False]
    if bound and broken:
        return "out of range", broken[0]
    for match in specific:
        if match.agreement == "equal" or (match.point and match.agrees):
            return "verified", match
    for match in same:  # the number is a figure of the claim's people, among others' figures
        if match.agreement == "equal" and (match.point or bound):
            return "verified", match
    # A span of studies does not verify a number that is another group's pooled figure.
    misattributed = _misattribution(matches, bound)
    if misattributed is not None:
        return "misattributed", misattributed
    for match in specific:
        if match.agrees:
            return "verified", match
    if specific:
        return "out of range", specific[0]
    return "unsourced", (matches[0] if matches else None)


def _misattribution(matches: list[Match], bound: bool) -> Match | None:
    """The figure the article plausibly took its number from, for another group, period, site or
    measure; the one most like the claim (the same kind of measure first).

    Another population's figure must be the number itself, not merely hold it in its CI; and a
    bound ("up to 72%") must be the figure's own end, never a figure inside it.
    """
    found = [
        m
        for m in matches
        if m.matches_value
        and m.plausible
        and not m.same
        and (m.same_population or m.agreement == "equal")
        and (not bound or m.agreement == "equal")
    ]
    found.sort(key=lambda m: (not m.same_measure, not m.same_site, not m.same_population))
    return found[0] if found else None
