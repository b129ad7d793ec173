"""Find the numeric claims an article makes, as people write them.

Takes a parsed article (anything with ``sections`` whose ``texts()`` give
paragraphs with ``line`` and ``text``, ``items`` with ``number`` and
``paragraphs``, and ``references`` with ``kind``, ``line`` and ``title``) and
gives :class:`Claim` records: value (or ``low``–``high`` for a range), unit,
kind, the qualifier ("about", "up to" …), the matched words, who it is about
(``subject``), what was counted (``measure``), who the article says found it
(``attribution``), and the line, section, item and whole sentence it came from.

Understood: percentages ("about 14%", "19 percent", "20 per cent"), ranges
("between 20% and 30%", "20 to 30 percent", "20–30%"), proportions ("1 in 3",
"one in five", "half of", "two-thirds of"; normalised to a percentage), rates
("17.8 injuries per 1000 hours", "per 100 runners per year"), relative risks
("2.1 times the injury rate", "twice as likely", "3x more likely"; not loads
such as "three times your body weight") and counts ("50 million runners").

A new kind of claim is a new rule here; nothing else needs to change.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from runreport.ingest.article import Article, Claim
from runreport.ingest.sentences import split_sentences

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
_MAGNITUDES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_WORD = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|fifty|a\s+hundred|hundred"
_QUALIFIERS = (
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
    "under",
    "up to",
    "as high as",
    "as many as",
    "as few as",
)
_QUAL = r"(?:\b(" + "|".join(q.replace(" ", r"\s+") for q in _QUALIFIERS) + r")\s+)?"
_PCT = r"\s?(?:%|percent\b|per\s+cent\b)"
_DASH = r"\s*(?:-|–|—|to)\s*"

_RANGE_BETWEEN = re.compile(
    r"\b(between|from)\s+(" + _NUM + r")(?:" + _PCT + r")?\s+(?:and|to)\s+(" + _NUM + r")" + _PCT,
    re.IGNORECASE,
)
_RANGE = re.compile(
    _QUAL + r"(?<![\d.,])(" + _NUM + r")(?:" + _PCT + r")?" + _DASH + r"(" + _NUM + r")" + _PCT,
    re.IGNORECASE,
)
_PERCENT = re.compile(_QUAL + r"(?<![\d.,])(" + _NUM + r")" + _PCT, re.IGNORECASE)
_N_IN_M = re.compile(
    _QUAL
    + r"\b(\d+|"
    + _WORD
    + r")\s+(?:in|out\s+of)\s+(?:every\s+)?(\d+(?:,\d{3})*|"
    + _WORD
    + r")"
    r"(?=\s+(?!minutes?\b|hours?\b|days?\b|weeks?\b|months?\b|years?\b|miles?\b|km\b)[A-Za-z])",
    re.IGNORECASE,
)
_FRACTION = re.compile(
    _QUAL
    + r"\b("
    + "|".join(k.replace(" ", r"[\s-]+") for k in sorted(_FRACTIONS, key=len, reverse=True))
    + r")(?=\s+of\s)",
    re.IGNORECASE,
)
_RATE = re.compile(
    _QUAL
    + r"(?<![\d.,])("
    + _NUM
    + r")(?:"
    + _DASH
    + r"("
    + _NUM
    + r"))?\s+([A-Za-z][A-Za-z-]*(?:\s+[A-Za-z][A-Za-z-]*)?)"
    r"\s+per\s+(" + _NUM + r")\s+([A-Za-z]+)(?:\s+per\s+(year|week|month|season))?",
    re.IGNORECASE,
)
_TIMES = re.compile(
    r"\b(?:(\d+(?:\.\d+)?|"
    + _WORD
    + r")\s+times|(twice|thrice))\s+(?:as\s+(?:likely|many|much|common|high|often)"
    r"|more\b|less\b|higher\b|lower\b|greater\b|likelier\b"
    r"|the\s+(?:[a-z-]+\s+){0,2}(?:risk|rate|odds|chance|likelihood|incidence|number))",
    re.IGNORECASE,
)
_MULTIPLIER = re.compile(
    r"\b(\d+(?:\.\d+)?)\s?[x×]\s+(?:more|less|higher|lower|greater|as\s+likely)\b", re.IGNORECASE
)
_COUNT = re.compile(
    _QUAL + r"(?<![\d.,])(" + _NUM + r")\s+(thousand|million|billion)\s+([A-Za-z][A-Za-z-]*)",
    re.IGNORECASE,
)
#: The rules, in the order they claim words. Each match starts at a digit or at a word in _RULE_STARTS.
RULES = (_RATE, _RANGE_BETWEEN, _RANGE, _PERCENT, _N_IN_M, _FRACTION, _TIMES, _MULTIPLIER, _COUNT)
# The words a rule's match can start with: a qualifier's first word, "between" / "from", a number word or the first
# word of a fraction. On an ASCII sentence the rules are tried only where a digit run or one of these words starts
# (a few places) instead of at every character: a rule that starts otherwise must add its first word here.
_RULE_STARTS = frozenset(
    {q.split()[0] for q in _QUALIFIERS}
    | {"between", "from"}
    | {w.split()[0] for w in (*_NUMBER_WORDS, *_FRACTIONS)}
)
_DIGIT_RUN = re.compile(r"\d+")
# In lower-case ASCII text: a start word with the character before it (the search only tries after a \W character).
_START_WORD = "|".join(sorted(_RULE_STARTS, key=lambda word: (-len(word), word)))
_START_WORD_AFTER = re.compile(r"\W(?:" + _START_WORD + r")\b")
_START_WORD_FIRST = re.compile(r"(?:" + _START_WORD + r")\b")

# Who a claim is about ----------------------------------------------------------------
_PEOPLE = {
    "runners",
    "joggers",
    "athletes",
    "people",
    "adults",
    "women",
    "men",
    "children",
    "adolescents",
    "employees",
    "workers",
    "participants",
    "patients",
    "marathoners",
    "ultramarathoners",
    "beginners",
    "novices",
    "cyclists",
    "riders",
    "players",
    "americans",
    "students",
    "professionals",
    "individuals",
    "respondents",
    "females",
    "males",
    "girls",
    "boys",
    "teenagers",
    "seniors",
    "runner",
    "person",
}
# "70% of your max heart rate", "10% of the time": advice or a manner of speaking, not a claim about people.
_NOT_SUBJECTS = {
    "your",
    "you",
    "my",
    "our",
    "his",
    "her",
    "their",
    "its",
    "it",
    "time",
    "them",
    "us",
    "what",
    "that",
    "this",
    "which",
    "max",
    "maximum",
    "a",
    "an",
}
_LEADING = {"all", "the", "those", "these", "surveyed", "today's"}
# Words that end a subject: verbs, prepositions and time words that start what is said about it.
_SUBJECT_END = {
    "have",
    "has",
    "had",
    "are",
    "is",
    "were",
    "was",
    "will",
    "would",
    "get",
    "gets",
    "got",
    "experience",
    "experienced",
    "experiences",
    "report",
    "reported",
    "reports",
    "suffer",
    "suffered",
    "suffers",
    "develop",
    "developed",
    "say",
    "said",
    "do",
    "does",
    "did",
    "can",
    "could",
    "may",
    "might",
    "in",
    "at",
    "on",
    "with",
    "during",
    "after",
    "before",
    "each",
    "every",
    "per",
    "for",
    "from",
    "by",
    "today",
    "now",
    "worldwide",
    "and",
    "or",
    "but",
    "because",
    "than",
    "as",
    "sustain",
    "sustained",
    "feel",
    "felt",
    "complain",
    "need",
    "see",
    "saw",
    "go",
    "injure",
    "injured",
    "hurt",
    "quit",
    "stop",
    "stopped",
    "visit",
    "use",
    "run",
    "ran",
}
_STOP_BEFORE = {
    "the",
    "a",
    "an",
    "of",
    "and",
    "or",
    "with",
    "have",
    "has",
    "are",
    "is",
    "were",
    "was",
    "that",
    "while",
    "whereas",
    "but",
    "so",
    "to",
    "in",
    "on",
    "for",
    "by",
    "than",
    "as",
    "most",
    "many",
    "some",
    "all",
    "these",
    "those",
    "our",
    "your",
    "their",
    "thousand",
    "million",
    "billion",
}
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|\(|\)|[,.;:!?—–]")
_PRONOUN_START = re.compile(
    r"^(?:so much so that\s+|and\s+)?(?:they|it|this|these|that|those|which)\b", re.IGNORECASE
)
_CAUSES = re.compile(
    r"\b(accidents?|crash(?:es)?|falls?|collisions?|trauma|traumatic)\b", re.IGNORECASE
)
# (_cause_in looks for "fall", "crash", "trauma", "accident" or "collision" first: every match holds one.)

# Who the article says found it ---------------------------------------------------------
_ATTRIBUTION = re.compile(
    r"\b(?i:according\s+to)\s+(?:an?\s+|the\s+)?[^,.;]{2,80}?(?=[,.;]|$)"
    r"|\b(?:an?\s+|the\s+|one\s+)?(?:\d{4}\s+)?(?:[A-Z][\w-]*\s+){0,3}(?:research|study|studies|review|survey|"
    r"meta-analysis|report|trial|paper)\s+(?:\(\d{4}\)\s+)?(?:found|finds|shows?|showed|says|said|suggests|suggested|"
    r"reported|reports|revealed|concluded|estimates?)\b"
    r"|\b(?i:research|studies|experts|scientists|researchers|doctors)\s+(?:say|says|show|shows|suggest|found|agree)\b"
    r"|\([A-Z][A-Za-z-]+(?:\s+et\s+al\.?)?,?\s+\d{4}\)"
    r"|\[\d+\]",
)
# A sentence without any of these holds no claim (most do not: checked first, for speed).
_MAY_HOLD_NUMBER = re.compile(
    r"\d|\b(?:" + _WORD + r"|twice|thrice|half|third|thirds|quarters?|fifths?|tenth)\b",
    re.IGNORECASE,
)
# The same test for ASCII text without the regex, which tries its alternatives at every character (about 25 times
# slower): the words of _MAY_HOLD_NUMBER ("a hundred" holds "hundred"), looked up among the text's \w runs.
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
        "half",
        "third",
        "thirds",
        "quarter",
        "quarters",
        "fifth",
        "fifths",
        "tenth",
    )
)
_NOT_WORD_TO_SPACE = str.maketrans(
    {chr(c): " " for c in range(128) if not (chr(c).isalnum() or chr(c) == "_")}
)
# How far around a number its subject, measure and population are looked for (keeps huge paragraphs linear).
_WINDOW = 240
_FOOTNOTE_MARK = re.compile(r"\[(\d+)\]")
_FOOTNOTE_TEXT = re.compile(r"^\[(\d+)\]\s*(.+)$")


def _has_digit(text: str) -> bool:
    """Whether *text* holds an ASCII digit (ten substring tests run at memchr speed; a regex visits each character)."""
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
    """Whether *text* holds a digit or a number word ("five", "half", "a third"): if not, it holds no claim.

    The same answer as a search with ``_MAY_HOLD_NUMBER``, much faster on ASCII text (most text there is).
    """
    if not text.isascii():
        return (
            _MAY_HOLD_NUMBER.search(text) is not None
        )  # Unicode digits and case folding: the regex decides
    if _has_digit(text):
        return True
    # ASCII \w is [A-Za-z0-9_]: with every other character made a space, split() gives exactly the \w runs.
    return not _NUMBER_TOKENS.isdisjoint(text.lower().translate(_NOT_WORD_TO_SPACE).split())


def rule_starts(sentence: str) -> list[int] | None:
    """Where in *sentence* a rule's match can start (sorted); None for a sentence that is not ASCII.

    In ASCII text ``\\d`` is a digit and ``\\w`` a letter, digit or "_", and letters match without case
    only their ASCII twins, so a digit run's first digit and the first letter of a word in _RULE_STARTS are
    every place a match can start. Elsewhere Unicode digits and case folding ("ſ" matches "s") leave the
    regular expressions to decide.
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
    """The matches of *rule* in *sentence*, as ``rule.finditer(sentence)`` gives them, tried only at *starts*.

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
    """ "17.8", "1,000", "five", "a hundred" or "twice" as a number."""
    # casefold, not lower: the patterns match case-insensitively, so "ſix" (long s) is "six" to them too.
    token = " ".join(token.casefold().split())
    if token in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[token])
    return float(token.replace(",", ""))


def _qualifier(match: re.Match[str]) -> str:
    return " ".join((match.group(1) or "").lower().split())


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def subject_after_of(after: str) -> tuple[str | None, str]:
    """The population named after "of" and the rest of the clause.

    Returns:
        ``(subject, rest)``: subject "" when none is named, None when the
        words are not about people ("of your max heart rate", "of the time").
    """
    match = re.match(r"^\s+of\s+", after)
    if not match:
        return "", after
    return _noun_phrase(after[match.end() :])


def _noun_phrase(text: str) -> tuple[str | None, str]:
    """Words of *text* up to the first verb, preposition or punctuation; hyphenated words kept whole."""
    words: list[str] = []
    consumed = 0
    pending_who = False
    tokens = list(re.finditer(_TOKEN, text))
    for index, token_match in enumerate(tokens):
        token = token_match.group(0)
        low = token.lower()
        if not words and low in _LEADING:
            consumed = token_match.end()
            continue
        if not words and low in _NOT_SUBJECTS:
            return None, text
        if pending_who:  # "women who run": the verb belongs to the subject
            words.append(token)
            consumed = token_match.end()
            pending_who = False
            break
        if low in ("who", "that") and words:
            words.append(token)
            pending_who = True
            continue
        if not token[0].isalpha() or low in _SUBJECT_END or len(words) >= 5:
            break
        words.append(token)
        consumed = token_match.end()
        following = tokens[index + 1].group(0).lower() if index + 1 < len(tokens) else ""
        if _is_plural(low) and following not in ("who", "that"):
            break  # "non-traumatic cycling complaints | involve the knee"
    if pending_who:
        words.pop()
    return " ".join(w.lower() for w in words), text[consumed:]


def _is_plural(word: str) -> bool:
    """A people noun, or a word that looks like a plural noun ("complaints", not "across" or "this")."""
    return word in _PEOPLE or (
        len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ous"))
    )


def people_before(text: str) -> str:
    """The nearest phrase naming people in *text* ("seasonal runners", "novice runners"), or ""."""
    tokens = _tokens(text)
    for end in range(len(tokens) - 1, -1, -1):
        if tokens[end].lower() in _PEOPLE:
            start = end
            while (
                start > 0
                and end - start < 2
                and tokens[start - 1][0].isalpha()
                and tokens[start - 1].lower() not in _STOP_BEFORE
                and tokens[start - 1].lower() not in _SUBJECT_END
            ):
                start -= 1
            return " ".join(t.lower() for t in tokens[start : end + 1])
    return ""


def _measure_after(rest: str) -> str:
    """The clause after the subject: "have back pain", "are injured each year" (at most ten words)."""
    clause = re.split(r"[.;!?]|,\s|\s(?:but|because|so|while|whereas)\s|\s\[\d", rest, maxsplit=1)[
        0
    ]
    words = clause.split()
    while words and words[0].lower() in ("today", "now", "worldwide"):
        words.pop(0)
    return " ".join(words[:10])


# Claims --------------------------------------------------------------------------------


def footnotes(article: Article) -> dict[str, str]:
    """Footnote texts the article carries: paragraphs that start with "[1]"."""
    notes = {}
    for section in article.sections:
        for paragraph in section.texts():
            match = _FOOTNOTE_TEXT.match(paragraph.text)
            if match:
                notes[match.group(1)] = match.group(2).strip()
    return notes


def attribution_in(sentence: str, notes: dict[str, str] | None = None) -> str:
    """Who *sentence* says found it: "according to a study", "A University Hill research suggests", "[1] …"."""
    found = []
    for match in _ATTRIBUTION.finditer(sentence):
        text = " ".join(match.group(0).split())
        mark = _FOOTNOTE_MARK.fullmatch(text)
        if mark and notes and mark.group(1) in notes:
            text = f"{text} {notes[mark.group(1)]}"
        found.append(text)
    return "; ".join(found)


def find_claims(article: Article) -> list[Claim]:
    """Find every numeric claim in the body text of *article*.

    Headings, item titles, related-article lines, footnote lines and quoted
    titles are not searched. Quantities that are advice are not claims: "two
    minutes every 20 minutes" matches no pattern, a percentage "of your …" is
    never a claim, and in the tips section a percentage counts only when it
    names a population ("30% of runners"). A sentence that points back ("So
    much so that they …") takes its population, cause and attribution from the
    sentence before it in the same paragraph.

    Returns:
        Claims in the order they appear.
    """
    found: list[tuple[int, int, Claim]] = []
    quoted_spans = {(r.line, r.title) for r in article.references if r.kind == "quoted"}
    notes = footnotes(article)
    for section in article.sections:
        owners = {p.line: None for p in section.paragraphs}
        for item in section.items:
            owners.update({p.line: item.number for p in item.paragraphs})
        for paragraph in section.texts():
            if _FOOTNOTE_TEXT.match(paragraph.text):
                continue
            text = paragraph.text
            for line, title in quoted_spans:
                if line == paragraph.line:
                    text = text.replace(title, " " * len(title))
            # Sentences start after white space and end after ".!?", so a number word found in one of them is a
            # whole word in the paragraph too: a paragraph without one has no claim, and is not split.
            if not may_hold_number(text):
                continue
            previous = ""
            for start, end, _ in split_sentences(text):
                sentence = text[start:end]
                context = previous if _PRONOUN_START.match(sentence.strip()) else ""
                found_here = claims_in(sentence, context)
                attribution = (
                    (attribution_in(sentence, notes) or attribution_in(previous, notes))
                    if found_here
                    else ""
                )
                for offset, claim in found_here:
                    if (
                        claim["kind"] in ("percent", "proportion")
                        and section.key == "tips"
                        and not claim["subject"]
                    ):
                        continue  # "reduce your mileage by 10%" is advice
                    full = Claim(
                        line=paragraph.line,
                        section=section.key,
                        item=owners.get(paragraph.line),
                        quote=paragraph.text[start:end].strip(),
                        attribution=attribution,
                        **claim,
                    )
                    found.append((paragraph.line, start + offset, full))
                previous = sentence
    return [claim for _, _, claim in sorted(found, key=lambda f: (f[0], f[1]))]


def _cause_in(text: str, lower: str) -> re.Match[str] | None:
    """The first accident, crash or fall *text* (*lower* in lower case) names.

    The search is skipped for ASCII text that holds none of the words' stems.
    """
    if text.isascii() and not (
        "fall" in lower
        or "crash" in lower
        or "trauma" in lower
        or "accident" in lower
        or "collision" in lower
    ):
        return None
    return _CAUSES.search(text)


def claims_in(sentence: str, context: str = "") -> list[tuple[int, dict]]:
    """``(offset, fields)`` for each claim in *sentence*, fields as :class:`Claim` takes them.

    Args:
        sentence: One sentence.
        context: The sentence before it when this one points back ("they …"):
            the population and cause are looked for there too.
    """
    found: list[tuple[int, dict]] = []
    if not may_hold_number(sentence):
        return found
    # Cheap word checks first: each rule runs only on sentences that can match it, and only where it can start.
    lower = sentence.lower()
    rate = " per " in lower
    percent = "%" in lower or "per" in lower
    in_or_of = " in " in lower or " of " in lower
    of = " of " in lower
    times = "times" in lower or "twice" in lower or "thrice" in lower
    multiplier = "x " in lower or "×" in lower
    count = "illion" in lower or "thousand" in lower
    if not (rate or percent or in_or_of or times or multiplier or count):
        return found
    starts = rule_starts(sentence)
    taken: list[tuple[int, int]] = []  # sorted, non-overlapping spans already claimed

    def add(m: re.Match[str], start: int | None = None, **fields) -> None:
        span = (m.start() if start is None else start, m.end())
        at = bisect.bisect_left(taken, span)
        if (at > 0 and taken[at - 1][1] > span[0]) or (at < len(taken) and taken[at][0] < span[1]):
            return  # overlaps a claim found by an earlier rule
        fields.setdefault("low", None)
        fields.setdefault("high", None)
        found.append((span[0], {"text": sentence[span[0] : span[1]].strip(), **fields}))
        taken.insert(at, span)

    def after(m: re.Match[str]) -> str:
        return sentence[m.end() : m.end() + _WINDOW]

    def about_people(m: re.Match[str]) -> tuple[str | None, str]:
        subject, rest = subject_after_of(after(m))
        return subject, _measure_after(rest) if subject else _measure_after(after(m))

    def population_here(m: re.Match[str]) -> str:
        return people_before(sentence[max(0, m.start() - _WINDOW) : m.start()]) or people_before(
            context[-_WINDOW:]
        )

    caused = None  # ", caused by a fall": what a rate counts, looked for with the first rate

    for m in rule_matches(_RATE, sentence, starts) if rate else ():
        if caused is None:
            cause = _cause_in(sentence, lower) or _cause_in(context, context.lower())
            caused = f", caused by {cause.group(1).lower()}" if cause else ""
        noun, per, per_unit = m.group(4).lower(), m.group(5).replace(",", ""), m.group(6).lower()
        unit = f"{noun} per {per} {per_unit}" + (f" per {m.group(7).lower()}" if m.group(7) else "")
        low, high = to_number(m.group(2)), (to_number(m.group(3)) if m.group(3) else None)
        activity = re.match(r"\s+of\s+([a-z]+)", after(m), re.IGNORECASE)
        measure = (
            f"{noun} per {per} {per_unit}"
            + (f" of {activity.group(1).lower()}" if activity else "")
            + caused
        )
        if high is None:
            add(
                m,
                value=low,
                unit=unit,
                kind="rate",
                subject=population_here(m),
                qualifier=_qualifier(m),
                measure=measure,
            )
        else:
            add(
                m,
                value=(low + high) / 2,
                low=low,
                high=high,
                unit=unit,
                kind="rate",
                subject=population_here(m),
                qualifier="between",
                measure=measure,
            )
    for m in rule_matches(_RANGE_BETWEEN, sentence, starts) if percent else ():
        subject, measure = about_people(m)
        if subject is not None:
            low, high = to_number(m.group(2)), to_number(m.group(3))
            add(
                m,
                value=(low + high) / 2,
                low=low,
                high=high,
                unit="%",
                kind="percent",
                subject=subject,
                qualifier="between",
                measure=measure,
            )
    for m in rule_matches(_RANGE, sentence, starts) if percent else ():
        subject, measure = about_people(m)
        low, high = to_number(m.group(2)), to_number(m.group(3))
        if subject is not None and low <= high:
            add(
                m,
                value=(low + high) / 2,
                low=low,
                high=high,
                unit="%",
                kind="percent",
                subject=subject,
                qualifier=_qualifier(m) or "between",
                measure=measure,
            )
    for m in rule_matches(_PERCENT, sentence, starts) if percent else ():
        subject, measure = about_people(m)
        if subject is not None:
            add(
                m,
                value=to_number(m.group(2)),
                unit="%",
                kind="percent",
                subject=subject,
                qualifier=_qualifier(m),
                measure=measure,
            )
    for m in rule_matches(_N_IN_M, sentence, starts) if in_or_of else ():
        n, of = to_number(m.group(2)), to_number(m.group(3))
        if 0 < n <= of:
            subject, rest = _noun_phrase(after(m))
            if subject:
                add(
                    m,
                    value=round(100 * n / of, 2),
                    unit="%",
                    kind="proportion",
                    subject=subject,
                    qualifier=_qualifier(m),
                    measure=_measure_after(rest),
                )
    for m in rule_matches(_FRACTION, sentence, starts) if of else ():
        subject, measure = about_people(m)
        if subject:
            share = _FRACTIONS[" ".join(re.split(r"[\s-]+", m.group(2).lower()))]
            add(
                m,
                value=round(share, 2),
                unit="%",
                kind="proportion",
                subject=subject,
                qualifier=_qualifier(m),
                measure=measure,
            )
    for m in rule_matches(_TIMES, sentence, starts) if times else ():
        tail = m.group(0).split(None, 2 if m.group(1) else 1)[-1]
        add(
            m,
            value=to_number(m.group(1) or m.group(2)),
            unit="times",
            kind="times",
            subject=population_here(m),
            qualifier="",
            measure=" ".join(f"{tail} {_measure_after(after(m))}".split()),
        )
    for m in rule_matches(_MULTIPLIER, sentence, starts) if multiplier else ():
        tail = " ".join(m.group(0).split()[1:])
        add(
            m,
            value=to_number(m.group(1)),
            unit="times",
            kind="times",
            subject=population_here(m),
            qualifier="",
            measure=" ".join(f"{tail} {_measure_after(after(m))}".split()),
        )
    for m in rule_matches(_COUNT, sentence, starts) if count else ():
        noun = m.group(4).lower()
        add(
            m,
            value=to_number(m.group(2)) * _MAGNITUDES[m.group(3).lower()],
            unit=noun,
            kind="count",
            subject=noun if noun in _PEOPLE else "",
            qualifier=_qualifier(m),
            measure=_measure_after(after(m)),
        )
    return sorted(found, key=lambda pair: pair[0])
