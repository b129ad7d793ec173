"""The claim rules: regular expressions that find numbers as people write them; number parsing.

Each rule in :data:`RULES` matches one way of writing a number ("about 14%",
"between 20% and 30%", "1 in 3", "two-thirds of", "17.8 injuries per 1000
hours", "twice as likely", "50 million runners"); :func:`rule_matches` runs one
only where a match can start, :func:`to_number` reads the numbers it matched.
:func:`may_hold_number` tells in advance whether a text can hold a claim at all.
:mod:`runreport.ingest.claims` turns the matches into claims.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Words and numbers ----------------------------------------------------------------
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "twenty": 20,
    "fifty": 50,
    "hundred": 100,
    "a hundred": 100,
    "twice": 2,
    "half": 0.5,  # "half as much soreness" (a fraction of a thing is _FRACTIONS')
    "double": 2,
    "triple": 3,
    "thrice": 3,
}
_FRACTIONS = {
    "half": 50.0,
    "a half": 50.0,
    "one half": 50.0,
    "a third": 100 / 3,
    "one third": 100 / 3,
    "two thirds": 200 / 3,
    "a quarter": 25.0,
    "one quarter": 25.0,
    "three quarters": 75.0,
    "a fifth": 20.0,
    "one fifth": 20.0,
    "two fifths": 40.0,
    "a tenth": 10.0,
    "one tenth": 10.0,
}
# Percentages written in words ("Eighty per cent of …", "twenty-five percent"): the words a
# number of 1-99 is written with.
_UNIT_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEEN_WORDS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen")
_TEEN_WORDS += ("seventeen", "eighteen", "nineteen")
_TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_WORD_VALUES = {
    **{w: i for i, w in enumerate(_UNIT_WORDS, 1)},
    **{w: i for i, w in enumerate(_TEEN_WORDS, 10)},
    **{w: i * 10 for i, w in enumerate(_TENS_WORDS, 2)},
}
_WORD_PERCENT = (
    r"\b(?:(?:" + "|".join(_TENS_WORDS) + r")(?:[\s-]+(?:" + "|".join(_UNIT_WORDS) + r"))?"
    r"|" + "|".join(_TEEN_WORDS + _UNIT_WORDS) + r")"
)
_MAGNITUDES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_WORD = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|fifty"
    r"|a\s+hundred|hundred"
)
#: Words an article (or a figure of the library) may put before a value.
QUALIFIERS = (
    "about",
    "around",
    "approximately",
    "roughly",
    "nearly",
    "almost",
    "more than",
    "over",
    "at least",
    "less than",
    "fewer than",
    "under",
    "up to",
    "as high as",
    "as many as",
    "as few as",
    "as much as",
    # read as "more than": "north of 60%", "upwards of 1 in 4"
    "north of",
    "upwards of",
    # a number a little above or below: "just under a quarter" is not a ceiling
    "just under",
    "just over",
    "a little under",
    "a little over",
    "slightly under",
    "slightly over",
    # read as "about": "close to 8%", "in the region of 20%", "an estimated 40%"
    "close to",
    "in the region of",
    "an estimated",
)
# Qualifiers read as another one: what matching knows them by.
_SAME_AS = {
    "as much as": "up to",
    "north of": "more than",
    "upwards of": "more than",
    "close to": "about",
    "a little under": "just under",
    "a little over": "just over",
    "slightly under": "just under",
    "slightly over": "just over",
    "in the region of": "about",
    "an estimated": "about",
}
# (with the article a chance takes between: "as much as a 10% chance")
_QUAL = (
    r"(?:\b(" + "|".join(q.replace(" ", r"\s+") for q in QUALIFIERS) + r")\s+(?:an?\s+(?=\d))?)?"
)
_PCT = r"\s?(?:%|percent\b|per\s+cent\b)"
_DASH = r"\s*(?:-|–|—|to)\s*"

# hedges inside a range: "between roughly 19% and 79%", "from as little as 0.3% to 22%"
_HEDGE = (
    r"(?:(?:roughly|about|around|approximately|nearly|almost|just|some|an\s+estimated"
    r"|as\s+(?:little|few|low|much|many|high)\s+as|up\s+to)\s+)?"
)
RANGE_BETWEEN = re.compile(
    r"\b(between|from)\s+"
    + _HEDGE
    + r"("
    + _NUM
    + r")(?:"
    + _PCT
    + r")?\s+(?:and|to)\s+"
    + _HEDGE
    + r"("
    + _NUM
    + r")"
    + _PCT,
    re.IGNORECASE,
)
RANGE = re.compile(
    _QUAL + r"(?<![\d.,])(" + _NUM + r")(?:" + _PCT + r")?" + _DASH + r"(" + _NUM + r")" + _PCT,
    re.IGNORECASE,
)
PERCENT = re.compile(
    _QUAL + r"(?<![\d.,])(" + _NUM + r"|" + _WORD_PERCENT + r")" + _PCT, re.IGNORECASE
)
N_IN_M = re.compile(
    _QUAL
    + r"\b(\d+|"
    + _WORD
    # ("9 of the 14 strains": "of" between digits only, never "one of the three causes")
    # ("one runner in six": the person counted between the numbers)
    + r")\s+(?:(?:runner|person|athlete|woman|man|adult|beginner|novice|patient|reader"
    r"|member|marathoner)\s+(?=in\s))?"
    r"(?:in|out\s+of|(?<=\d\s)of(?=\s+(?:the\s+)?\d))\s+(?:every\s+|the\s+)?(\d+(?:,\d{3})*|"
    + _WORD
    + r")"
    # (not a scale: "around 3 out of 10 effort", "4 out of 10 pain")
    r"(?=\s+(?!minutes?\b|hours?\b|days?\b|weeks?\b|months?\b|years?\b|miles?\b|km\b|effort\b"
    r"|pain\b|on\s+(?:a|the)\s+(?:pain|effort)\b)[A-Za-z]"
    # "… chance of getting injured is roughly one in nine."
    r"|\s*[.;]\s|\s*[.;]?$)",
    re.IGNORECASE,
)
# The fraction words, longest first, a space matching a space or a hyphen ("two-thirds").
_FRACTION_WORDS = "|".join(
    k.replace(" ", r"[\s-]+") for k in sorted(_FRACTIONS, key=len, reverse=True)
)
FRACTION = re.compile(
    _QUAL + r"\b(" + _FRACTION_WORDS + r")(?=\s+of\s)",
    re.IGNORECASE,
)
# "between a third and a half of runners", "a quarter to a third of …": a range in fractions.
FRACTION_RANGE = re.compile(
    r"\b(?:(between|from)\s+)?("
    + _FRACTION_WORDS
    + r")\s+(?:and|to)\s+("
    + _FRACTION_WORDS
    + r")(?=\s+of\s)",
    re.IGNORECASE,
)
# "Among first-time marathoners, nearly half picked up an injury": the people named before it.
FRACTION_DID = re.compile(
    _QUAL
    + r"\b("
    + _FRACTION_WORDS
    + r")(?=\s+(?:picked|got|had|were|reported|suffered|developed|experienced|said|ended|needed"
    r"|found|came|used|chose|started|stopped|missed"
    r"|pick|get|have|are|report|suffer|develop|experience|say|end|need)\b)",
    re.IGNORECASE,
)
# "Half the ultra runners at our camp …" (the people must follow: not "half the time").
HALF_THE = re.compile(_QUAL + r"\b(half)(?=\s+the\s)", re.IGNORECASE)
# "cuts injury risk by about a third": a fraction of a change, after "by".
BY_FRACTION = re.compile(
    r"(?<=\bby\s)" + _QUAL + r"\b(" + _FRACTION_WORDS + r")\b(?!\s+of\s)",
    re.IGNORECASE,
)
# What a change "by N%" or "by a third" is of when it is an effect on people, not a training
# prescription: their risk, rate, odds or injuries.
EFFECT = re.compile(
    r"\b(?:risk|rates?|odds|chances?|likelihood|incidence|injur\w*|episodes|problems|pain"
    r"|sprains|fractures|strength|soreness|power)\b",
    re.IGNORECASE,
)
RATE = re.compile(
    _QUAL
    + r"(?<![\d.,])("
    + _NUM
    + r"|"
    + _WORD  # "four injuries for every 1,000 hours"
    + r")(?:"
    + _DASH
    + r"("
    + _NUM
    + r"))?(?:\s+([A-Za-z][A-Za-z-]*(?:\s+[A-Za-z][A-Za-z-]*)?))?"
    r"\s+(?:per|(?:for\s+)?every)\s+(" + _NUM + r")\s+([A-Za-z]+(?:-[A-Za-z]+)?"
    r"(?:\s+(?:athletes|runners|participants|people|persons|exposures))?)"
    r"(?:\s+per\s+(year|week|month|season))?",
    re.IGNORECASE,
)
TIMES = re.compile(
    r"\b(?:(\d+(?:\.\d+)?|"
    + _WORD
    + r")\s+times|(twice|thrice|half(?=\s+as\s))"
    # "double the rate" (of a risk, not "double the number of rest days")
    + r"|(double|triple)(?=\s+the\s+(?:[a-z-]+\s+){0,2}"
    + r"(?:risk|rate|odds|chance|likelihood|incidence)\b))"
    + r"\s+(?:as\s+(?:likely|many|much|common|high|often)"
    r"|more\b|less\b|higher\b|lower\b|greater\b|likelier\b"
    r"|the\s+(?:[a-z-]+\s+){0,2}(?:risk|rate|odds|chance|likelihood|incidence|number)"
    # "your odds … are roughly 2.3 times those of the men"
    r"|(?:those|that)\s+of\b"
    # "around 1.8 times that seen in men"
    r"|(?:those|that)\s+(?:seen|found|reported|recorded)\s+(?:in|among)\b)",
    re.IGNORECASE,
)
MULTIPLIER = re.compile(
    r"\b(\d+(?:\.\d+)?)\s?[x×]\s+(?:more|less|higher|lower|greater|as\s+likely)\b", re.IGNORECASE
)
COUNT = re.compile(
    _QUAL + r"(?<![\d.,])(" + _NUM + r")\s+(thousand|million|billion)\s+([A-Za-z][A-Za-z-]*)",
    re.IGNORECASE,
)
#: The rules, in the order they claim words. A match starts at a digit or a word in _RULE_STARTS.
RULES = (
    RATE,
    RANGE_BETWEEN,
    RANGE,
    PERCENT,
    N_IN_M,
    FRACTION_RANGE,
    FRACTION,
    TIMES,
    MULTIPLIER,
    COUNT,
)
# The words a rule's match can start with: a qualifier's first word, "between" / "from", a number
# word or the first word of a fraction. On an ASCII sentence the rules are tried only where a digit
# run or one of these words starts (a few places) instead of at every character: a rule that starts
# otherwise must add its first word here.
_RULE_STARTS = frozenset(
    {q.split()[0] for q in QUALIFIERS}
    | {"between", "from"}
    | {w.split()[0] for w in (*_NUMBER_WORDS, *_FRACTIONS, *_WORD_VALUES)}
)
_DIGIT_RUN = re.compile(r"\d+")
# In lower-case ASCII text: a start word with the character before it (the search tries only
# after a \W character).
_START_WORD = "|".join(sorted(_RULE_STARTS, key=lambda word: (-len(word), word)))
_START_WORD_AFTER = re.compile(r"\W(?:" + _START_WORD + r")\b")
_START_WORD_FIRST = re.compile(r"(?:" + _START_WORD + r")\b")
# A sentence without any of these holds no claim (most do not: checked first, for speed).
_MAY_HOLD_NUMBER = re.compile(
    r"\d|\b(?:"
    + _WORD
    + r"|"
    + "|".join(_WORD_VALUES)
    + r"|twice|thrice|double|triple|half|third|thirds|quarters?|fifths?|tenth)\b",
    re.IGNORECASE,
)
# The same test for ASCII text without the regex, which tries its alternatives at every character
# (about 25 times slower): the words of _MAY_HOLD_NUMBER ("a hundred" holds "hundred"), looked up
# among the text's \w runs.
_NUMBER_TOKENS = frozenset(
    (
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "twenty",
        "fifty",
        "hundred",
        "twice",
        "thrice",
        "double",
        "triple",
        "half",
        "third",
        "thirds",
        "quarter",
        "quarters",
        "fifth",
        "fifths",
        "tenth",
        *_WORD_VALUES,
    )
)
_NOT_WORD_TO_SPACE = str.maketrans(
    {chr(c): " " for c in range(128) if not (chr(c).isalnum() or chr(c) == "_")}
)


def _has_digit(text: str) -> bool:
    """Whether *text* holds an ASCII digit.

    Ten substring tests run at memchr speed; a regex visits each character.
    """
    return (
        "0" in text
        or "1" in text
        or "2" in text
        or "3" in text
        or "4" in text
        or "5" in text
        or "6" in text
        or "7" in text
        or "8" in text
        or "9" in text
    )


def may_hold_number(text: str) -> bool:
    """Whether *text* holds a digit or a number word ("five", "half", "a third").

    If not, it holds no claim. The same answer as a search with ``_MAY_HOLD_NUMBER``, much
    faster on ASCII text (most text there is).
    """
    if not text.isascii():
        return (
            _MAY_HOLD_NUMBER.search(text) is not None
        )  # Unicode digits and case folding: the regex decides
    if _has_digit(text):
        return True
    # ASCII \w is [A-Za-z0-9_]: other characters made spaces, split() gives exactly the \w runs.
    return not _NUMBER_TOKENS.isdisjoint(text.lower().translate(_NOT_WORD_TO_SPACE).split())


def rule_starts(sentence: str) -> list[int] | None:
    """Where in *sentence* a rule's match can start (sorted); None for a sentence that is not ASCII.

    In ASCII text ``\\d`` is a digit and ``\\w`` a letter, digit or "_", and letters match
    without case only their ASCII twins, so a digit run's first digit and the first letter of a
    word in _RULE_STARTS are every place a match can start. Elsewhere Unicode digits and case
    folding ("ſ" matches "s") leave the regular expressions to decide.
    """
    if not sentence.isascii():
        return None
    lower = sentence.lower()
    starts = [m.start() for m in _DIGIT_RUN.finditer(sentence)]
    if _START_WORD_FIRST.match(lower):
        starts.append(0)
    starts.extend(m.start() + 1 for m in _START_WORD_AFTER.finditer(lower))
    starts.sort()
    return starts


def rule_matches(
    rule: re.Pattern[str], sentence: str, starts: list[int] | None
) -> Iterator[re.Match[str]]:
    """The matches of *rule* in *sentence*, tried only at *starts*.

    The same matches as ``rule.finditer(sentence)`` gives.

    Args:
        rule: One of :data:`RULES`.
        sentence: The sentence.
        starts: :func:`rule_starts` of the sentence (None: search it all).
    """
    if starts is None:
        yield from rule.finditer(sentence)
        return
    end = 0
    for at in starts:
        if at >= end:  # finditer goes on after the end of its last match
            match = rule.match(sentence, at)  # lookbehinds and \b still see the text before *at*
            if match:
                end = match.end()
                yield match


def to_number(token: str) -> float:
    """ "17.8", "1,000", "five", "a hundred", "twice" or "twenty-five" as a number."""
    # casefold, not lower: the patterns ignore case, so "ſix" (long s) is "six" to them too.
    token = " ".join(token.casefold().split())
    if token in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[token])
    words = re.split(r"[\s-]+", token)
    if all(word in _WORD_VALUES for word in words):
        return float(sum(_WORD_VALUES[word] for word in words))
    return float(token.replace(",", ""))


def fraction_to_percent(words: str) -> float:
    """The share a fraction names, in percent ("two-thirds" → 66.67); from the FRACTION rule."""
    return _FRACTIONS[" ".join(re.split(r"[\s-]+", words.lower()))]


def magnitude(word: str) -> float:
    """ "thousand", "million" or "billion" (any case) as a number."""
    return _MAGNITUDES[word.lower()]


def qualifier_of(match: re.Match[str]) -> str:
    """The qualifier a rule matched before its number ("about", "more than"), or ""."""
    qualifier = " ".join((match.group(1) or "").lower().split())
    return _SAME_AS.get(qualifier, qualifier)


# A percentage that prescribes training, not a statistic: "no more than 10% a week", "nudge your
# cadence up by about 5%", "add 10 percent to your weekly mileage".
_PRESCRIPTION_BEFORE = re.compile(
    r"(?:\b(?:no|not)\s+more\s+than|\b(?:add(?:ing)?|increas\w*|rais\w*|nudg\w*|boost\w*|lift\w*"
    r"|bump\w*|build\w*|cut(?:ting)?|reduc\w*|drop(?:ping)?|lower\w*|trim\w*|shorten\w*"
    r"|scal\w*\s+back|dial\w*\s+back|creep\w*\s+up|quicken\w*)\b[^.;:%]{0,40}?\bby"
    r"|\b(?:add(?:ing|ed)?|increas(?:e|ing)|rais(?:e|ing)|cut(?:ting)?|reduc(?:e|ing)|drop(?:ping)?"
    r"|limit(?:ing)?)\s+(?:it|them|your\s+\w+)?\s*(?:by\s+)?"
    # "a cadence increase of around 5%": a change to training, prescribed
    r"|\b(?:cadence|mileage|volume|distance|step\s+rate)\s+(?:increase|reduction|cut|drop)\s+of"
    # "Aim for week-to-week progressions of less than 20%", "a gentle incline of 1%"
    r"|\b(?:progressions?|increases?|jumps?|incline|gradient)\s+of"
    # "Monitor weekly mileage increases to keep them below 10%"
    # ("keep any jump in weekly distance to about 10 percent")
    # ("Limit each week's jump in total distance to roughly 10 percent")
    # ("keep any rise in your weekly distance under 10 percent": "under" is the number's own)
    r"|\b(?:keep|limit|cap)\s+(?:it|them|(?:your\s+|any\s+|each\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,6})"
    r"(?:\s+(?:below|under|within|to|at))?)"
    # "by no more than 10%": the claim's number may carry "more than", leaving "no" before it
    r"\s*(?:no\s+|not\s+)?(?:more\s+than\s+)?(?:about|around|roughly|approximately|up\s+to"
    r"|at\s+most|somewhere|anywhere|a\s+(?:modest|small|further|gentle))?\s*"
    # "by 5-10%": the range's first number, before the percentage's
    r"(?:(?:between|from)\s+)?(?:\d+(?:\.\d+)?\s?%?\s*(?:-|–|—|to|and)\s*)?$",
    re.IGNORECASE,
)
_PRESCRIPTION_AFTER = re.compile(
    # "at 0% incline", "a 1% gradient": a treadmill's setting
    r"^\s*(?:(?:incline|gradient|grade)\b|"
    r"(?:at\s+most\s+)?(?:(?:a|per|each|every)\s+week\b|from\s+(?:one|each|any)\s+week\b)|week\s+(?:on|to)\s+week\b|(?:to|of|on)\s+(?:your|their|the)\s+(?:weekly\s+)?"
    r"(?:mileage|miles|kilometres|kilometers|km|distance|volume|training|load|cadence"
    r"|long\s+run)|rule\b"
    # "no more than 10 percent longer than the one before it": a long run's growth
    r"|(?:longer|further|farther|more)\s+than\s+(?:the\s+(?:one|week|run)\s+before|last\s+week"
    r"|your\s+(?:previous|last|longest))\b"
    # "more than 10% beyond your longest run", "a target step rate 5% higher"
    r"|(?:beyond|above|over)\s+your\s+(?:longest|previous|current|last|usual|weekly)\b)",
    re.IGNORECASE,
)


def is_prescription(sentence: str, start: int, end: int) -> bool:
    """Whether the percentage at ``sentence[start:end]`` prescribes training rather than states
    a statistic: "no more than 10% a week", "up by about 5%", "the 10% rule"."""
    before, after = sentence[max(0, start - 60) : start], sentence[end : end + 50]
    prescribed = _PRESCRIPTION_BEFORE.search(before)
    # ("your step rate" is training, not an injury rate)
    said = (
        re.sub(r"\b(?:step|stride|heart)\s+rate\b", " ", prescribed.group(0)) if prescribed else ""
    )
    if prescribed and EFFECT.search(said):
        return False  # "reduces injury risk by 30%": an effect on people, not advice
    # "leg strength can drop by about 20%": what changes is named just before the verb
    clause = re.split(r"[,;:]", before[: prescribed.start()])[-1] if prescribed else ""
    subject = clause.split()[-3:]  # (its own clause: not "To stay injury-free, increase …")
    if subject and subject[-1].lower() != "by" and EFFECT.search(" ".join(subject)):
        return False
    # "set your new target step rate 5% higher": a change to training
    cadence = re.search(r"\b(?:cadence|step\s+rate|stride\s+rate)\b", before, re.IGNORECASE)
    # ("aiming to finish about 5% above where you started")
    raised = cadence and re.match(
        r"\s*(?:higher|faster|quicker|up|above|over|beyond)\b", after, re.IGNORECASE
    )
    return bool(prescribed or _PRESCRIPTION_AFTER.match(after) or raised)
