"""What a claim is about, read from its words: its body site, kind of measure, population and
period, and whether it is the article's own data.

Step 1 of how a verdict is reached (:mod:`runreport.factcheck.verdicts`); the figures it is
compared with, and how, are :mod:`runreport.factcheck.matching`'s. The sites form a tree
(:data:`PARENT`): a condition within its region, a region within the leg, everything within
"any".
"""

from __future__ import annotations

import re
from functools import lru_cache

from runreport.factcheck.claim_periods import (
    AT_ONE_TIME,
    BY_INJURY,
    UNFINISHED,
)
from runreport.factcheck.evidence import unit_family
from runreport.ingest.claim_subjects import PEOPLE, people_before

# Body sites, most specific first; each with the words that name it.
_SITES: list[tuple[str, str]] = [
    ("medial tibial stress syndrome", r"shin splints?|medial tibial|\bmtss\b"),
    ("patellofemoral", r"patellofemoral|runner'?s knee|\bpfps?\b"),
    ("lower extremity", r"at or below the knee"),
    ("iliotibial band", r"iliotibial|\bit[- ]band|\bitbs\b|\bitb\b"),
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
PARENT = {
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
    r"|is\s+found\s+in|occurs?\s+in|turns?\s+up\s+in|shows?\s+up\s+in)\s*"
    r"(?:(?:somewhere|anywhere)(?:\s+(?:between|from))?|about|around|roughly|nearly|up\s+to"
    r"|between|an\s+estimated|as\s+many\s+as|close\s+to|almost|in\s+the\s+region\s+of"
    r"|some)?\s*$",
    re.IGNORECASE,
)
_AFFECTS_AFTER = re.compile(
    r"^\S*\s*(?:get|gets|will\s+get)\s+(?!injured|hurt)\w"
    # "… are sidelined by it at some point": over a running life, at one time or over a year
    r"|\b(?:sidelined|laid\s+up|side-lined)\s+(?:by|with)\b|\bat\s+some\s+point\b",
    re.I,
)
# What share of a group were of one kind: "Women made up 54% of …", "Men accounted for 60% of …"
_COMPOSITION = re.compile(
    r"\b(?:women|men|females|males|girls|boys)\s+(?:made\s+up|make\s+up|accounted\s+for"
    r"|account\s+for|comprised|were)\s*(?:about|around|roughly|nearly|almost|just\s+over)?\s*$",
    re.IGNORECASE,
)
_INJURY_WORDS = re.compile(
    r"\binjur|\bpain\b|\bache|\bsplints\b|\bfasci|\btendin|\bsyndrome\b|\bfracture"
    r"|\bsprain|\bstrain\b|\bmedical\s+(?:attention|care|treatment|help|staff|teams?|tents?)\b",
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


#: Sites that are parts of the body, not conditions (a condition lies within one of them).
REGIONS = {
    "knee",
    "shin",
    "calf",
    "thigh",
    "neck",
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
        return one not in REGIONS and other not in REGIONS
    return common != "any"


def _common_site(one: str, other: str) -> str:
    """The narrowest site that holds both *one* and *other*."""
    theirs = ancestors(other)
    return next(site for site in ancestors(one) if site in theirs)


@lru_cache(maxsize=256)
def ancestors(site: str) -> tuple[str, ...]:
    """*site* and the regions that hold it, up to "any" (cached: asked of every figure)."""
    out = [site]
    while out[-1] in PARENT:
        out.append(PARENT[out[-1]])
    if out[-1] != "any":
        out.append("any")
    return tuple(out)


# A sentence whose subject is the thing named before it: "It accounts for 17% of injuries".
_COMPARED_WITH = re.compile(
    r"\b(?:(?:second|next)\s+(?:only\s+)?to|than|behind|after|compared\s+(?:with|to))\s+[^,;]+",
    re.IGNORECASE,
)
_OF_LEG_INJURIES = re.compile(
    r"\bof\s+(?:all\s+)?(?:the\s+)?(?:lower[- ](?:limb|extremity)|leg)\s+(?:running[- ]"
    r"(?:related\s+)?)?injuries\b",
    re.IGNORECASE,
)
_BESIDE = re.compile(r"\b(?:well\s+|far\s+|just\s+)?(?:behind|ahead\s+of)\s+[^,;.]+", re.IGNORECASE)
_SECOND_TO = re.compile(r"\b(?:second|next)\s+(?:only\s+)?to\s+[^,;.]+", re.IGNORECASE)
_NAMED_FOR_RUNNERS = re.compile(r"\b(?:runner|jumper)['’]s\s+knee\b", re.IGNORECASE)
_MOST_COMMON = re.compile(
    r"\bmost\s+common\s+(?:running\s+)?(?:injury|diagnosis|complaint|problem)\b[^.]*,\s*at\s*$"
)
# One person the reader may be ("If you're a woman who runs, …"): the group they belong to.
_ONE_PERSON = re.compile(
    r"\b(?:you['’]re|you\s+are)\s+an?\s+(woman|man|female\s+runner|male\s+runner|novice\s+runner"
    r"|beginner|new\s+runner|marathon\s+runner|teenager)\b",
    re.IGNORECASE,
)
# The reader new to running: "If you're just starting out", "if you are new to running"
_STARTING_OUT = re.compile(
    r"\b(?:you['’]re|you\s+are)\s+(?:just\s+)?(?:starting\s+out|getting\s+started|new\s+to\s+running"
    r"|a\s+(?:beginner|novice|new\s+runner))\b",
    re.IGNORECASE,
)
# "your odds of developing one": the condition the item names, as "it" does
_ONE_OF_THEM = re.compile(
    r"\b(?:develop(?:ing|s)?|get(?:ting|s)?|suffer(?:ing|s)?|sustain(?:ing|s)?)\s+one\b", re.I
)
# "It …", "This condition …", "Among amateur runners, it …": the item's condition
_POINTS_BACK = re.compile(
    r"^(?:[^,]{0,60},\s+|(?:even\s+though|although|though|while|because|since)\s+"
    r"|(?:within|in|over|during|after)\s+[\w\s-]{1,30}?\s+"
    # "Studies show it affects …", "Research suggests that this …"
    r"|(?:studies|research|experts|evidence|data|reviews|trials|surveys)\s+(?:shows?|suggests?|says?"
    r"|finds?|estimates?"
    r"|indicates?|reports?)\s+(?:that\s+)?)?\s*"
    r"(?:it|this|they|these|the\s+condition|this\s+\w+)\b",
    re.I,
)


def claim_lead(claim) -> str:
    """The words of the claim's sentence before its number ("Runner's knee affects")."""
    quote, text = str(getattr(claim, "quote", "")), str(getattr(claim, "text", ""))
    at = quote.find(text)
    return quote[:at] if at > 0 else ""


def claim_rest(claim) -> str:
    """The words of the claim's sentence after its number (", shin splints are …")."""
    quote, text = str(getattr(claim, "quote", "")), str(getattr(claim, "text", ""))
    at = quote.find(text)
    return quote[at + len(text) :] if at >= 0 else ""


_THOSE_HURT = re.compile(
    r"(?:(?:of\s+)?those\s+)?who\s+(?:got|get|were|are|had\s+been)\s+(?:hurt|injured)\b"
)


# A change in risk, not a share of people: "can cut your risk of injury by", "a 50% higher risk"
_RISK_CHANGE = re.compile(
    r"\b(?:cut|cuts|reduc\w*|lower\w*|decreas\w*|halv\w*|drop\w*|rais\w*|increas\w*|boost\w*"
    r"|slash\w*)\b[^.;]{0,60}\b(?:risk|chances?|odds|likelihood)\b[^.;]{0,40}\bby\s*$"
)
_RISK_AFTER = re.compile(
    r"\s*(?:higher|lower|greater|increased|reduced|smaller|bigger)\s+(?:risk|chance|odds|likelihood)\b"
)


# The injured or their injuries named before the number: a share of injuries
_AMONG_INJURED = re.compile(
    r"\b(?:among(?:st)?|of)\s+(?:the\s+|those\s+|these\s+)?injured\b"
    # "Of the running injuries that do happen, one in four involves the knee"
    r"|^(?:of|among(?:st)?)\s+(?:the\s+|all\s+)?(?:running[- ]related\s+|running\s+)?injuries\b"
    r"|\b(?:among(?:st)?|of\s+(?:the|those))\s+[\w\s-]{3,40}?\bwho\s+(?:got|get|were|are)"
    r"\s+(?:hurt|injured)\b"
)


_WITH_A_MEASURE = re.compile(
    r"^(?:with|at)\s+(?:a|an)\s+(?:\w+\s+)?(?:prevalence|incidence|rate)\s+of\b", re.IGNORECASE
)
_NUMBER_FIRST = re.compile(
    r"^[^:.;]{0,30}:\s+(?:that\s+is|that['’]s|this\s+is)\s+(.+)$", re.IGNORECASE
)


def number_first(claim) -> str:
    """What a number put first says it is, after a colon: "19 to 79 percent: that is the share
    of runners who end up with an overuse injury each year" → "the share of runners …"; ""
    when the sentence does not open with its number."""
    quote, text = str(getattr(claim, "quote", "")), str(getattr(claim, "text", ""))
    if not text or not quote.startswith(text):
        return ""
    found = _NUMBER_FIRST.match(claim_rest(claim))
    return found.group(1) if found else ""


def _kind_told(words: str, quote: str) -> str | None:
    """The measure a claim's story tells: "… will deal with runner's knee over a year" (either
    measure), "… can't finish the race because of an injury" (new major injuries)."""
    if re.search(r"\bwill\s+(?:deal|struggle|live)\s+with\b", words):
        return "occurrence"
    if UNFINISHED.search(quote) and (BY_INJURY.search(quote) or re.search(r"\binjur", words)):
        return "incidence"
    return None


def _kind_named_before(lead: str) -> str | None:
    """The measure named before a number that nothing follows: the last one ("the prevalence
    of Achilles tendon disorders is far higher, at 40-50%", "putting its incidence among
    runners at 7.9%"), or a share ("… the most common injury among novices, at 15%")."""
    named = re.findall(r"\b(prevalence|incidence)\b", lead)
    if named:
        return named[-1]
    return "share of injuries" if _MOST_COMMON.search(lead) else None


def claim_kind(claim) -> str:
    """The kind of measure a claim states.

    One of rate, share of injuries, incidence, prevalence, relative risk, count or other.
    """
    rate = unit_family(claim.unit) == "rate per 1000 hours" or claim.kind == "rate"
    if rate or claim.kind == "count":
        return "rate" if rate else "count"
    if claim.kind == "times":
        return "relative risk"
    condition, measure = _with_condition(claim)
    if len(measure.split()) >= 10:  # cut at ten words ("… suffer a stress"): the whole clause
        measure = _clause_after(claim)
    measure = number_first(claim) or measure
    words = f"{claim.subject} {measure}".lower()
    lead = claim_lead(claim).lower()
    if _RISK_CHANGE.search(lead) or _RISK_AFTER.match(measure.lower()):
        return "relative risk"  # "can cut your risk of injury by as much as 70%": an effect
    if _COMPOSITION.search(lead):
        return "other"  # "Women made up 54% of the injured runners": who the group were
    if _AMONG_INJURED.search(lead):
        return "share of injuries"  # "Among injured novice runners, 15% are diagnosed with …"
    if _THOSE_HURT.match(words) or _THOSE_HURT.search(str(claim.subject)):
        # "15% of those who got hurt were diagnosed with it", "7% of the novices who got hurt …"
        return "share of injuries"
    if re.search(r"\bdevelops?\s+in\b", lead):
        return "incidence"  # "The condition develops in 6% of runners": new cases
    if not words.strip() or words.strip() == claim.subject.lower().strip():
        # nothing after the number says what was counted: the words before it may
        if named := _kind_named_before(lead):
            return named
    if _AFFECTS.search(lead):
        return "occurrence"  # "Shin splints affect 10% of runners": at one time or over a year
    if AT_ONE_TIME.search(f"{lead} {words}"):
        return "prevalence"  # "present in 9% of runners at any one time"
    # "… of runners pick up an injury in a given year"
    if re.search(r"\bpick(?:s|ed|ing)?\s+up\b.*\binjur|\bin\s+a\s+given\s+year\b", words):
        return "incidence"
    if told := _kind_told(words, str(getattr(claim, "quote", ""))):
        return told
    if _AFFECTS_AFTER.search(words) or re.search(
        r"^\S*\s*experienc\w*\s+(?!\w+\s+pain\b)", measure
    ):
        return "occurrence"  # "… of runners experience shin splints": at one time or over a year
    if re.search(r"\binjur(?:y|ies)\b|\bcomplaints\b|^injured\b", claim.subject.lower()):
        return "share of injuries"  # "… of running injuries", "Among injured runners, 15% …"
    if re.search(
        r"\bover\s+(?:a|the|one|two|three|four|five|six|\d+)\s+(?:\d+[- ])?"
        r"(?:years?|months?|weeks?|seasons?)\b"
        r"|\bfollow-up\b|\bin\s+the\s+(?:weeks?|months?|year|season)\s+(?:before|after|leading)\b",
        words,
    ) or re.search(r"\b(?:followed|tracked|monitored)\b", lead):
        return "occurrence"  # "… over four years of follow-up", "a study that followed …": a period
    if re.search(
        r"\b(?:have|has|had|report\w*)\b.*\b(?:each|every|per|a|the\s+(?:past|last|previous))\s+"
        r"(?:year|12\s+months|twelve\s+months)\b|\bannual",
        words,
    ):
        return "occurrence"  # "have knee pain each year": a year's prevalence, or its incidence
    if re.search(
        r"\binjured\b|\b(?:get|gets|got|getting) (?:hurt|injured)\b|\bdevelop|\bsustain"
        r"|\beach year\b|\bper year\b|\bannually\b"
        r"|\b(?:get|gets|got|getting|suffer|suffers|suffered|suffering|sustained|sustaining)\b.*"
        r"\b(?:injur|fracture|sprain|strain"
        r"|tear)"
        r"|\bincidence\b|\bwill\b|\bgets? hurt",
        words,
    ):
        return "incidence"
    if re.search(
        r"\bhave\b|\bhas\b|\bhad\b|\bsuffer|\bexperienc|\breport|\bdeal(?:s|t)?\s+with"
        r"|\bstruggle\s+with|\bprevalence\b|\blive with\b|\baffected\b"
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
    # an aside in brackets is not what was counted: "51% … (the calf was hit most often)"
    measure = re.sub(r"\([^()]*\)", " ", str(claim.measure))
    # nor a condition it ranks after: "28% of injuries — second only to the ankle"
    measure = _SECOND_TO.sub(" ", measure)
    # … nor one it is set beside: "11% of all running injuries, well behind the knee"
    measure = _BESIDE.sub(" ", measure)
    # "28% of lower-limb running injuries": the injuries counted from, not the site
    measure = _OF_LEG_INJURIES.sub("of injuries", measure)
    subject = _OF_LEG_INJURIES.sub("of injuries", f"of {claim.subject}")[3:]
    site = body_site(f"{subject} {measure}")
    if len(str(claim.measure).split()) >= 10:
        # a measure cut at ten words ("… suffer a stress", "… at least one foot or"): the clause
        site = (
            body_site(_clause_after(claim))
            if site == "any"
            else body_site(f"{claim.subject} {_clause_after(claim)}")
        )
    kind = claim_kind(claim)
    lead = claim_lead(claim)
    about = str(getattr(claim, "about", "") or "")
    pointing = (
        _POINTS_BACK.match(lead)
        or _ONE_OF_THEM.search(lead)
        or re.search(r"\bits\b", lead, re.IGNORECASE)  # "Studies put its prevalence at …"
        # "Among runners, the prevalence of this condition reaches …"
        or re.search(r"\bthis\s+(?:condition|injury|problem|syndrome)\b", lead, re.IGNORECASE)
        # "In adolescents, the annual prevalence climbs to 28.9%" under "Runner's Knee"
        or re.search(r"\bthe\s+(?:\w+\s+)?(?:prevalence|incidence)\s+(?!of\b)", lead, re.I)
        # "Podiatrists see it all the time in runners, with …" under a condition's heading
        or (re.search(r"\b(?:see|treat|diagnose)\s+it\b", lead, re.I) and body_site(about) != "any")
        or re.search(
            r"\b(?:it|this|them|these|the\s+(?:condition|injury|problem))\b", str(claim.measure)
        )
    )
    if site == "any" and about and _POINTS_BACK.match(lead):
        # "It is the most common diagnosis among foot injuries, making up 8% …" under "Plantar
        # Fasciitis": the item's condition, not the region its sentence names on the way
        site = body_site(about)
    if site == "any" and kind == "share of injuries":
        # the site named before the verb ("Hip and pelvis problems make up 11% …, well behind
        # the knee"), else anywhere in the sentence but a site it is ranked or set beside
        site = body_site(_COMPARED_WITH.sub(" ", lead))
        if site == "any":
            site = body_site(_BESIDE.sub(" ", _SECOND_TO.sub(" ", str(claim.quote))))
    if site == "any" and kind != "other":
        # the condition named before the verb ("Runner's knee affects …"), not one it is compared
        # with ("Achilles tendinopathy comes second only to shin splints, with …")
        site = body_site(_COMPARED_WITH.sub(" ", lead))
    if site == "any" and about and (pointing or kind == "share of injuries"):
        site = body_site(about)  # "It accounts for 17% …" inside the cause "Runner's Knee"
    if site == "any" and _WITH_A_MEASURE.match(lead):
        # "With a prevalence of up to 35 percent, shin splints are …": named after the number
        site = body_site(claim_rest(claim))
    if site == "any" and _names_unknown_part(f"{claim.measure} {lead}"):
        return "unknown"  # "elbow pain" is about some site: no figure for any site speaks to it
    return site


def _clause_after(claim) -> str:
    """The words of the claim's sentence after its number, to the end of the clause."""
    rest = re.sub(r"\([^()]*\)", " ", claim_rest(claim))
    rest = re.sub(r"\s[—–]\s?[^—–.;]{1,80}?\s?[—–]\s", " ", rest)  # "— 51%, to be precise —"
    return re.split(r"[.;:!?]|,\s|\s(?:but|because|while|whereas)\s", rest, maxsplit=1)[0]


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
    each related niggling niggles career training race racing injured hurt exercise-related
    exercise sport-related sports-related activity-related physical highest lowest higher lower
    greater bigger biggest most least more less""".split()
)


# A named condition ("Morton's neuroma", "bursitis"): when the sites do not know it, it is
# still one condition, never injury at any site.
_CONDITION_NAME = re.compile(
    r"\b(?:neuromas?|[a-z]+itis|[a-z]+opathy|[a-z]+osis|syndrome|bursitis)\b", re.I
)


def _names_unknown_part(text: str) -> bool:
    return bool(_CONDITION_NAME.search(text)) or any(
        m.group(1).lower() not in _NOT_A_PART and m.group(1).lower() not in PEOPLE
        for m in _PAIN_OF.finditer(text)
    )


def claim_population(claim) -> str:
    """Who a claim is about, for matching, in the library's words (see :func:`population_words`).

    Its subject; for a share of injuries, the people the injuries are of, or of the event named
    ("In multi-stage ultramarathons, … 35% of injuries": multi-stage runners). The race the
    sentence names narrows them: "In multi-stage races, 18% of ultra runners …" are multi-stage
    runners; "training for your first marathon" makes a runner a first-time marathon runner.
    """
    people, quote = _population_of(claim), _own_clause(claim)
    if _COMPOSITION.search(claim_lead(claim)) and people in ("injuries", "patients", "injured"):
        return "injured runners"  # "Women made up 54% of the injuries in a clinic study"
    if people in ("ultramarathon runners", "runners") and re.search(
        r"\bmulti-stage\b", quote, re.I
    ):
        return "multi-stage runners"
    if (_RACE_RUNNERS.fullmatch(people) or people == "people") and _FIRST_MARATHON.search(quote):
        return "first-time marathon runners"
    if people == "runners" and re.search(r"\bhalf[- ]marathon", quote, re.I):
        return "half-marathon runners"  # "runners preparing for a half marathon": no marathoners
    return people


def _own_clause(claim) -> str:
    """The part of the claim's sentence between semicolons that holds its number: "8% of the
    running injuries …; that figure climbs to 30.1% in multi-stage ultra races" names
    multi-stage races for the second number only."""
    quote, text = str(getattr(claim, "quote", "")), str(getattr(claim, "text", ""))
    parts = quote.split(";")
    return next((part for part in parts if text and text in part), quote)


# Runners of a marathon, named or not ("city marathon runners" of "first-time New York City
# Marathon runners"), but not a group of them ("female marathon runners")
_RACE_RUNNERS = re.compile(
    r"(?:(?!(?:fe)?male|wom[ae]n|m[ae]n|girls|boys|masters|older|younger|elite|novice)"
    r"(?:[\w.'’-]+\s+){0,4}?marathon\s+|first-time\s+)?runners"
)
_FIRST_MARATHON = re.compile(
    # (the race may be named: "first-time New York City Marathon runners")
    r"\b(?:your|their|a|his|her)\s+first\s+marathon\b|\bfirst[- ]time\s+(?:[\w.'’-]+\s+){0,3}?"
    r"marathon",
    re.I,
)


def _population_of(claim) -> str:
    """The people :func:`claim_population` starts from."""
    subject = " ".join(str(claim.subject).lower().split())
    if subject == "you":  # "a one in two chance you'll …": the reader, found below
        subject = ""
    if subject in _PRONOUNS:  # "followed novice runners … found that one in ten of them …"
        subject = _people_named(claim_lead(claim))
    if subject in _VERBS:  # "Of the running injuries …, one in four involves the knee"
        subject = ""
    if _STUDIED.search(subject):  # "(researchers) followed novice runners" are novice runners
        subject = _people_named(subject)
    if re.match(r"^(?:of\s+)?(?:those|the\s+ones)\s+who\b", subject):
        # "… followed beginners …, one in ten of those who got hurt": the beginners
        subject = _people_named(claim_lead(claim)) or subject
    studied = _STUDY_OF.search(claim_lead(claim)) if not subject else None
    if studied:  # "In a study of high school girls who ran cross-country, 5.4% …"
        # ("a Dutch study of beginners following a six-week start-to-run programme": beginners)
        subject = re.sub(
            r"\s+(?:who|following|doing|taking|in|on|during)\s+.*$", "", studied.group(1)
        )
    if not subject:  # "Across populations of runners, the …", "… incidence among runners ranges"
        subject = _people_in_lead(claim)
    if not subject and (opening := _PEOPLE_FIRST.search(claim_lead(claim))):
        # "Runners face a high incidence …", "… suggest that competitive athletes carry a …"
        subject = _people_named(opening.group(1))
    if not subject and re.search(r"\bgeneral\s+population\b", claim_lead(claim), re.I):
        subject = "general population"  # "In the general population, patellofemoral pain …"
    surveyed = _SURVEYED.search(claim_lead(claim)) if not subject else None
    if surveyed:  # "When Italian runners were surveyed, roughly 23% …"
        subject = _people_named(surveyed.group(1))
    if not subject and _STUDIED.search(claim_lead(claim)):
        # "Dutch researchers who tracked novice runners … found that approximately 10% got hurt"
        subject = _people_named(claim_lead(claim))
    if not subject and (rest := number_first(claim)):
        subject = people_before(rest)  # "17.8 injuries per 1000 hours: … for novice runners"
    if not subject and _STARTING_OUT.search(claim_lead(claim)):
        subject = "novice runners"  # "If you're just starting out, expect …": the reader, new
    if not subject and _RUNNING.search(str(getattr(claim, "quote", ""))):
        # "the most common running-related injury, with an incidence of 13.6 to 20 percent":
        # no people named, in a sentence about running: runners'
        subject = "runners"
    one = _ONE_PERSON.search(claim_lead(claim)) if not subject else None
    if one:  # "If you're a woman who runs, your odds …": women
        subject = {"woman": "women", "man": "men"}.get(one.group(1).lower(), one.group(1) + "s")
    if not subject and re.search(r"\byou(?:r)?\b", claim_lead(claim), re.IGNORECASE):
        subject = "runners"  # "your odds are five times higher": the reader, a runner
    if claim_kind(claim) == "share of injuries":
        # "Among ultramarathoners, the ankle accounts for 26% of injuries"
        people = people_before(
            _NAMED_FOR_RUNNERS.sub(" ", f"{claim.subject} {claim.measure}")
        ) or people_before(
            _NAMED_FOR_RUNNERS.sub(" ", claim_lead(claim))  # "runner's knee" names no people
        )
        if people:
            if re.search(rf"\b(?:\w+ly|{_STUDY_VERBS}|{_VERB_FORMS})\b", people):
                # "mostly affects runners", "(the Netherlands) surveyed runners": runners
                people = _people_named(people) or people
            return population_words(re.sub(r"^injured\s+", "", _unlead(people)))
        event = _EVENT.search(claim_lead(claim))
        if event:
            people = "athletes" if "marathon" not in event.group(1).lower() else "runners"
            return population_words(f"{event.group(1)} {people}")
        if (
            re.search(r"\brunn(?:ing|ers?)\b", subject)
            or subject in ("injuries", "all injuries")
            or re.search(r"\brunning(?:[- ]related)?\s+injuries\b", claim_lead(claim), re.I)
        ):
            return "runners"  # "28% of running injuries": the library is about runners
    race = _RACE_STUDIED.search(claim_lead(claim))
    if race and subject in ("runners", "the runners"):
        # "In a study of week-long desert ultramarathons, 85% of the runners …": their runners
        return population_words(f"{race.group(1)} runners")
    condition, _ = _with_condition(claim)
    if condition:  # "runners with low back pain"
        return f"{population_words(subject)} {condition.lower()}"
    # "high school girls who run" are high school girls: in a library of runners, the clause
    # only says they run
    return population_words(re.sub(r"\s+who\s+(?:run|runs|jog|jogs)$", "", subject))


_PEOPLE_AFTER = re.compile(
    r"\b(?:among(?:st)?|across|in|for)\s+((?:[\w'’-]+\s+){0,4}[\w'’-]+)", re.I
)
_EFFECT = re.compile(r"^(?:fewer|more|less|higher|lower|greater|bigger|smaller)\b", re.I)


_PRONOUNS = {"them", "of them", "they", "those", "these", "who"}
# The head nouns of the people a sentence names, runners first ("novice runners", "women").
_RUNNER_HEADS = r"runners|joggers|novices|beginners|marathoners|ultramarathoners|athletes"
_PEOPLE_HEADS = _RUNNER_HEADS + r"|women|men|girls|boys"
# "In a study of high school girls who ran …,": the people a study looked at.
_STUDY_OF = re.compile(
    # ("a study of 1,696 beginners": a thousands comma is no end of the clause)
    r"\b(?:stud(?:y|ies)|trial|survey|cohort)\s+(?:of|among|in)\s+((?:[^,;]|(?<=\d),(?=\d{3}))"
    r"{3,80}?)"
    # (", 5.4% …" or "found that 28% …")
    r"(?:,|\s+(?:found|showed|shows|reported|suggests?|revealed)\b)",
    re.IGNORECASE,
)
#: What researchers did to the people they counted ("followed novice runners").
_STUDY_VERBS = r"(?:followed|tracked|studied|surveyed|monitored|recruited|examined|assessed|polled)"
_STUDIED = re.compile(
    r"\b(?:followed|tracked|studied|surveyed|monitored|recruited|looked\s+at|examined)\s+"
    rf"(?:[\w'’-]+\s+){{0,5}}(?:{_PEOPLE_HEADS})\b",
    re.IGNORECASE,
)
# People named before the passive verb of a study: "Italian runners were surveyed"
_SURVEYED = re.compile(
    rf"\b((?:[\w'’-]+\s+){{0,3}}(?:{_PEOPLE_HEADS}))\s+(?:were|was)\s+(?:surveyed|followed|tracked"
    r"|studied|asked|polled|monitored)\b",
    re.IGNORECASE,
)
_RUNNING = re.compile(r"\brunning[- ]related\b|\brunning\s+injur(?:y|ies)\b", re.IGNORECASE)
# Verbs a claim's parser can take for its people ("one in four involves the knee").
_VERBS = {"involves", "affects", "occurs", "happens", "develops", "accounts", "comes", "hurts"}
_PEOPLE_NOUN = re.compile(rf"((?:[\w'’-]+\s+){{0,2}}(?:{_PEOPLE_HEADS}))\b", re.IGNORECASE)
_PEOPLE_FIRST = re.compile(
    rf"((?:[\w'’-]+\s+){{0,2}}(?:{_RUNNER_HEADS}))"
    r"\s+(?:face|have|get|suffer|experience|report|sustain|show|see|carry|develop)\b",
    re.IGNORECASE,
)
# Verbs a phrase of people can start with ("mostly affects runners"): not part of their name.
_VERB_FORMS = r"affects?|makes?|hits?|strikes?|includes?"


def _people_named(text: str) -> str:
    """The last people *text* names ("… followed novice runners through a programme"), for a
    pronoun that points back to them; "" for none."""
    found = _PEOPLE_NOUN.findall(text)
    if not found:
        return ""
    words = found[-1].split()
    # (not the verb before them, nor who did it: "(researchers) followed novice runners" are
    # novice runners)
    verbs = [i for i, word in enumerate(words[:-1]) if re.fullmatch(_STUDY_VERBS, word, re.I)]
    words = words[verbs[-1] + 1 :] if verbs else words
    while len(words) > 1 and re.match(
        rf"(?:\w+(?:ed|ing|ly)|the|a|an|of|who|that|all|some|{_VERB_FORMS})$", words[0], re.I
    ):
        words = words[1:]
    return people_before(" ".join(words)) or ""


def _people_in_lead(claim) -> str:
    """The people the words before a claim's number name after "among", "across", "in" or
    "for" ("Low back pain incidence among runners ranges from …"); "" for none, and for an
    effect ("… have 25% fewer injuries"), whose people are the ones compared."""
    if _EFFECT.match(str(claim.measure)):
        return ""
    for found in _PEOPLE_AFTER.finditer(claim_lead(claim)):
        people = people_before(found.group(1))
        if people:
            return people
    return ""


# Events named where people would be: "in multi-stage ultramarathons", "at marathons".
_EVENT = re.compile(
    r"\b(?:in|at|during)\s+(?:international\s+|major\s+)?"
    r"((?:multi-stage\s+)?(?:ultra[- ]?)?marathon|track\s+and\s+field|athletics)"
    r"(?:s|\s+championships|\s+events)?\b",
    re.IGNORECASE,
)
# The races a study looked at: "a study of week-long desert ultramarathons", "at ultramarathons".
_RACE_STUDIED = re.compile(
    r"\b(?:of|in|at|during)\s+(?:[\w-]+\s+){0,3}?((?:multi-stage\s+)?(?:ultra[- ]?)?marathon)s?\b",
    re.IGNORECASE,
)
_SPELLINGS = (
    (r"\bultra[- ]marathon", "ultramarathon"),
    (r"\bmulti-stage ultramarathon runners\b", "multi-stage runners"),
    (r"\bultramarathoners\b", "ultramarathon runners"),
    # ultra runners, ultrarunners and ultramarathon runners are one group
    (r"\bultra ?runners\b", "ultramarathon runners"),
    (r"\bmarathoners\b", "marathon runners"),
    (r"\bbeginner runners\b", "beginners"),
    (r"\bnovices\b", "novice runners"),
    (r"\bjoggers\b", "runners"),
    (r"^(?:an?\s+)?runner$", "runners"),
    (
        r"\bfirst[- ]timers\b",
        "first-time runners",
    ),  # "As a runner, you have …": the reader, one of them
    (r"\bclub runners\b", "runners"),  # a club's members, recreational and competitive
    # "non-competitive recreational runners" are recreational runners (the sources' own words)
    (r"\bnon-?competitive\s+(?:and\s+|or\s+|/\s*)?recreational\b", "recreational"),
    (r"\bnon-?competitive\s+runners\b", "recreational runners"),
    # "beginners who got hurt": injured people, counted among the beginners
    (r"\s+who\s+(?:got|get|were|are)\s+(?:hurt|injured)$", ""),
    # "New York City Marathon first-timers": a race's first-timers are first-time marathon runners
    (r"\b(?:[\w.'’-]+\s+){0,4}?marathon\s+first-time\s+runners\b", "first-time marathon runners"),
)


def _unlead(people: str) -> str:
    return re.sub(r"^(?:among(?:st)?|in|for|of)\s+", "", people)


@lru_cache(maxsize=4096)
def population_words(phrase: str) -> str:
    """*phrase* as the library writes populations: "among ultra-marathoners" → "ultramarathon
    runners", "first-time marathoners" → "first-time marathon runners"."""
    phrase = _unlead(" ".join(phrase.lower().split()))
    # "(a study that) tracked 720 people": who was studied, not what was done to them
    phrase = re.sub(rf"^{_STUDY_VERBS}\s+", "", phrase)
    # "(a trial of) 720 first-time … runners": how many were studied, not who they were
    phrase = re.sub(
        r"^(?:more\s+than\s+|over\s+|about\s+|nearly\s+)?\d[\d,]*\s+(?=[a-z])", "", phrase
    )
    for pattern, spelling in _SPELLINGS:
        phrase = re.sub(pattern, spelling, phrase)
    return phrase


@lru_cache(maxsize=4096)
def _head(phrase: str) -> str:
    words = phrase.lower().split()
    if "who" in words:
        words = words[: words.index("who")]
    return words[-1].rstrip("s") if words else ""


def named_cause(measure: str) -> str:
    """The cause a measure names, singular ("…, caused by falls" → "fall"), or ""."""
    match = re.search(r"caused by (\w+)", measure)
    return match.group(1).rstrip("s") if match else ""
