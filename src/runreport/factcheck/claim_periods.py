"""How long and how bad: the period a claim or a figure names ("24 weeks", "each year", "at any
one time", "follow-up 2004–2008") and how bad the injuries it counts were ("serious enough to keep
them from finishing", "an injury that disrupts their training").

Part of reading a claim (:mod:`runreport.factcheck.claim_features`) and of comparing it with a
figure (:mod:`runreport.factcheck.matching`).
"""

from __future__ import annotations

import re
from functools import lru_cache

AT_ONE_TIME = re.compile(
    r"\bat\s+any\s+(?:one|given)\s+(?:time|moment)\b|\bright\s+now\b|\bcurrently\b"
    r"|\bat\s+present\b|\bare\s+present\s+in\b|\bis\s+present\s+in\b",
    re.IGNORECASE,
)

# "can't finish the race because of an injury": new injuries bad enough to stop a runner
UNFINISHED = re.compile(
    r"\b(?:can['’]?t|cannot|could\s*n['’]?t|could\s+not|fail(?:ed|s)?\s+to|did\s*n['’]?t)\s+"
    r"(?:start\s+or\s+)?finish\b"
    # "never make it to the finish line"
    r"|\b(?:never|don['’]t|didn['’]t|do\s+not|did\s+not|fail(?:ed|s)?\s+to)\s+(?:make\s+it\s+to"
    r"|reach|cross)\s+the\s+finish"
    # "are unable to complete the race because of injury"
    r"|\bunable\s+to\s+(?:finish|complete)\b",
    re.IGNORECASE,
)
BY_INJURY = re.compile(r"\b(?:because\s+of|due\s+to|through)\s+(?:an?\s+)?injur", re.IGNORECASE)

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "six": 6, "twelve": 12, "a": 1, "an": 1}
_UNIT_WEEKS = {"week": 1, "month": 52 / 12, "year": 52, "season": 52}


_LIFETIME = re.compile(
    r"\b(?:lifetime|over\s+(?:their|your|a)\s+(?:running\s+)?(?:life|lives|career)"
    r"|in\s+(?:their|your|a\s+runner['’]s)\s+(?:running\s+)?(?:life|lives|career))\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def period_weeks(text: str) -> float | None:
    """The length of the period *text* names, in weeks ("24 weeks", "a given year", "12
    months"); 0 for a moment ("at any one time", "point"); None when it names none."""
    text = text.lower()
    if AT_ONE_TIME.search(text) or re.match(r"^(?:point|current)\b", text):
        return 0.0
    found = re.search(
        # ("over a full year of training", "an average training year": a year)
        r"\b(\d+|one|two|three|four|six|twelve|a|an)[- ]"
        r"(?:(?:given|training|calendar|racing|full|whole|entire|average|typical|normal|single)\s+)"
        r"{0,2}(week|month|year|season)s?\b",
        text,
    ) or re.search(
        # (also "during their first year of running": one year)
        r"\b(?:each|every|per|past|first|in\s+(?:a|any)\s+(?:given|single|one))\s+(?:single\s+)?"
        r"(year|season)\b",
        text,
    )
    # "in the month before race day", "the week leading up to it": one of that unit
    before = re.search(
        r"(?:^|\bthe\s+)(?:(?:final|last)\s+)?(week|month|year)\s+(?:before|leading\s+up\s+to|ahead\s+of)\b",
        text,
    )
    if found and re.search(
        r"\b(?:out|off|sidelined|laid\s+up)\s+for\s+(?:at\s+least\s+)?$|\bmiss(?:es|ed|ing)?\s+$",
        text[: found.start()],
    ):
        found = None  # "keeps them out for two weeks": how bad the injury was, not a period
    if before and not found:
        return _UNIT_WEEKS[before.group(1)]
    if not found:
        if _LIFETIME.search(text):
            return 52.0 * 40  # "at some point in their lives": a running life, decades
        years = re.search(r"\b((?:19|20)\d\d)\s*[–-]\s*((?:19|20)\d\d)\b", text)
        if years and int(years.group(2)) > int(years.group(1)):
            return 52.0 * (int(years.group(2)) - int(years.group(1)))  # "follow-up 2004–2008"
        return 52.0 if re.search(r"\bannual(?:ly)?\b", text) else None
    if found.lastindex == 1:
        return 52.0
    number = found.group(1)
    count = float(number) if number.isdigit() else _NUMBER_WORDS[number]
    return count * _UNIT_WEEKS[found.group(2)]


# How bad the injuries counted were: "major" (kept from finishing, serious) or "minor".
_MAJOR = re.compile(
    r"\b(?:major|serious|severe|non-?completion|(?:keep|kept|stop|stopped|prevent\w*)\s+"
    r"(?:\w+\s+){0,2}from\s+finishing|did\s+not\s+finish|DNF"
    # "can't finish the race because of an injury"
    r"|(?:can['’]?t|cannot|could\s*n['’]?t|could\s+not|fail(?:ed|s)?\s+to|did\s*n['’]?t)\s+finish)\b",
    re.IGNORECASE,
)
# ("an injury that disrupts their training": one that impaired training, a minor one)
_MINOR = re.compile(
    r"\b(?:minor|niggles?|impaired|disrupt(?:s|ed|ing)?\s+(?:their|your|his|her)\s+training)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def severity(text: str) -> str:
    """``"major"``, ``"minor"`` or "" for what *text* says of the injuries it counts."""
    major, minor = bool(_MAJOR.search(text) or UNFINISHED.search(text)), bool(_MINOR.search(text))
    return "major" if major and not minor else "minor" if minor and not major else ""
