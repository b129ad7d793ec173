"""Who and what a claim is about, and who the article says found it.

Given the words around a number: the people it is about (``subject``: "of
runners", "novice runners are …"), what was counted (``measure``: "have back
pain"), a cause it names ("caused by a fall") and the attribution ("according to
a study", "[1] …"). :mod:`runreport.ingest.claims` asks these for each number a
rule finds.
"""

from __future__ import annotations

import re

# Who a claim is about ----------------------------------------------------------------
#: The nouns that name people ("runners", "women"): the populations a claim can be about.
PEOPLE = {
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
    "readers",
    "members",
    "clients",
    "recruits",
    "soldiers",
    "sprinters",
    "ultrarunners",
    "triathletes",
}
# "70% of your max heart rate", "10% of the time": advice or a manner of speaking, not a claim
# about people.
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
    # "When Italian runners were surveyed": the clause's word, not a kind of runner
    "when",
    "if",
    "once",
    "after",
    "before",
    "since",
    "where",
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
    # "the injuries ultra runners suffer": what was counted, not who
    "injuries",
    "injury",
    # "the diagnosis recreational runners received": what they were given, not who
    "diagnosis",
    "diagnoses",
    # "the joint runners hurt most often": the part, not a kind of runner
    "joint",
    "joints",
    "part",
    # "the most common place runners get hurt": where, not a kind of runner
    "place",
    "places",
    "spot",
    "area",
    "bone",
    "muscle",
    "condition",
    "complaint",
    "problem",
    # "the most common diagnosis among runners": the people come after it
    "among",
    "amongst",
    "across",
    "between",
    # "Research suggests new runners …": the verb of who said it, not a kind of runner
    "suggests",
    "suggest",
    "shows",
    "show",
    "found",
    "finds",
    "says",
    "say",
    "estimates",
    "means",
    "mean",
}
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|\(|\)|[,.;:!?—–]")
_CAUSES = re.compile(
    r"\b(accidents?|crash(?:es)?|falls?|collisions?|trauma|traumatic)\b", re.IGNORECASE
)
# (cause_in looks for "fall", "crash", "trauma", "accident" or "collision" first: every match
# holds one.)

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
_FOOTNOTE_MARK = re.compile(r"\[(\d+)\]")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def subject_after_of(after: str) -> tuple[str | None, str]:
    """The population named after "of" and the rest of the clause.

    Returns:
        ``(subject, rest)``: subject "" when none is named, None when the
        words are not about people ("of your max heart rate", "of the time").
    """
    match = re.match(r"^\s+of\s+", after)
    if match and re.match(r"us\b", after[match.end() :]):
        return "people", after[match.end() + 2 :]  # "around 80% of us": people at large
    if not match:
        # "… a prevalence of around 24% among runners": the people after the number
        among = _AMONG.match(after)
        if among:
            subject, rest = noun_phrase(after[among.end() :])
            if subject and subject.split()[-1] in PEOPLE:
                return subject, rest
        return "", after
    return noun_phrase(after[match.end() :])


_AMONG = re.compile(r"^\s+(?:among(?:st)?|in|for)\s+(?:the\s+)?", re.IGNORECASE)


_GOT = frozenset({"got", "get", "gets", "were", "are", "became"})
_CONDITION_END = frozenset({"pain", "injury", "injuries", "ache", "aches", "problems"})


def _condition_had(tokens: list[re.Match[str]]) -> list[re.Match[str]] | None:
    """The words of the pain or injury people "had (had)" ("low back pain"), or None."""
    if tokens and tokens[0].group(0).lower() in ("had", "experienced", "suffered", "reported"):
        tokens = tokens[1:]
    for end, token in enumerate(tokens[:4]):
        if not token.group(0)[0].isalpha():
            return None
        if token.group(0).lower() in _CONDITION_END:
            return tokens[: end + 1]
    return None


def noun_phrase(text: str) -> tuple[str | None, str]:
    """Words of *text* up to the first verb, preposition or punctuation.

    Hyphenated words are kept whole.
    """
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
        if not words and low in ("our", "my") and _people_next(tokens[index + 1 : index + 4]):
            consumed = token_match.end()  # "74% of our marathoners": the writer's own people
            continue
        if not words and low in _NOT_SUBJECTS:
            return None, text
        if pending_who and low in ("have", "has", "had"):
            condition = _condition_had(tokens[index + 1 : index + 7])
            if condition is not None:  # "runners who had had low back pain": with it
                words[-1] = "with"
                words += [t.group(0) for t in condition]
                consumed = condition[-1].end()
                pending_who = False
                break
        if pending_who:  # "women who run": the verb belongs to the subject
            words.append(token)
            consumed = token_match.end()
            hurt = tokens[index + 1] if index + 1 < len(tokens) else None
            if low in _GOT and hurt and hurt.group(0).lower() in ("hurt", "injured"):
                words.append(hurt.group(0))  # "runners who got hurt": the injured, not "got"
                consumed = hurt.end()
            pending_who = False
            break
        if low in ("who", "that") and words:
            words.append(token)
            pending_who = True
            continue
        # "of injured beginners", "1 in 10 experienced runners": a verb's form as an adjective
        opening_adjective = not words and (
            low == "injured" or (low.endswith("ed") and _people_next(tokens[index + 1 : index + 2]))
        )
        if not token[0].isalpha() or (low in _SUBJECT_END and not opening_adjective):
            break
        if len(words) >= 5:
            break
        words.append(token)
        consumed = token_match.end()
        following = tokens[index + 1].group(0).lower() if index + 1 < len(tokens) else ""
        if _is_plural(low) and following not in ("who", "that"):
            break  # "non-traumatic cycling complaints | involve the knee"
    if pending_who:
        words.pop()
    return " ".join(w.lower() for w in words), text[consumed:]


def _people_next(tokens: list[re.Match[str]]) -> bool:
    """Whether people are named in the next few words ("marathoners", "club runners", "current
    team": the writer's own group)."""
    for token in tokens:
        word = token.group(0).lower()
        if word in PEOPLE or word in ("team", "squad", "club", "group"):
            return True
        if not token.group(0)[0].isalpha() or word in _SUBJECT_END:
            return False
    return False


def _is_plural(word: str) -> bool:
    """A people noun, or a word that looks like a plural noun.

    "complaints", not "across" or "this".
    """
    return word in PEOPLE or (
        len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ous"))
    )


def _people_of_possessive(token: str) -> str:
    base = token[:-2] if token.lower().endswith(("'s", "’s")) else ""
    if base.lower() in PEOPLE:
        return base if base.lower().endswith("s") else base + "s"
    return token


def people_before(text: str) -> str:
    """The nearest phrase naming people in *text* ("seasonal runners", "novice runners"), or ""."""
    # "a novice runner's chance of …": the possessive names the people ("novice runners")
    tokens = [_people_of_possessive(t) for t in _tokens(text)]
    # "ultra-runners", "trail-runners": the people a hyphen joins to their kind
    tokens = [
        t.replace("-", " ") if "-" in t and t.rsplit("-", 1)[1].lower() in PEOPLE else t
        for t in tokens
    ]
    for end in range(len(tokens) - 1, -1, -1):
        if tokens[end].lower().rsplit(" ", 1)[-1] in PEOPLE:
            start = end
            while (
                start > 0
                and end - start < 2
                and tokens[start - 1][0].isalpha()
                and tokens[start - 1].lower() not in _STOP_BEFORE
                and tokens[start - 1].lower() not in _SUBJECT_END
            ):
                start -= 1
            if [t.lower() for t in tokens[max(0, start - 2) : start + 1]] == [
                "track",
                "and",
                "field",
            ]:
                start -= 2  # "track and field athletes" are one group
            return " ".join(t.lower() for t in tokens[start : end + 1])
    return ""


# Where the clause of a claim ends: punctuation, a conjunction, a citation, or a second predicate
# of the same subject ("… of runners and is the most common cause of pain on the outside …").
_CLAUSE_END = re.compile(
    r"[.;!?]|,\s|\s(?:but|because|so|while|whereas|which)\s|\s\[\d"
    # "… 26% of their injuries compared with 19% for female runners": another group's number
    r"|\s(?:compared\s+(?:with|to)|versus|vs\.?)\s"
    r"|\s(?:and|or)\s+(?:is|are|was|were|has|have|had|makes?|made|remains?|accounts?|tends?)\s"
)


# An aside between two dashes, which the clause goes on after.
_DASHED_ASIDE = re.compile(r"^\s*[—–]\s?[^—–.;]{1,80}?\s?[—–]\s")


_SECOND_GROUP = re.compile(
    r"^\s*,?\s*and\s+(?:\d+(?:\.\d+)?\s*(?:%|per\s*cent|percent)\s+of\s+(?:the\s+)?|\d+\s+in\s+\d+\s+)"
    r"(?:[\w'’-]+\s+){0,2}?(?:men|women|boys|girls|runners|males|females|novices|beginners)\b"
)


def measure_after(rest: str) -> str:
    """The clause after the subject, at most ten words.

    "have back pain", "are injured each year".
    """
    if "—" in rest or "–" in rest:
        rest = _DASHED_ASIDE.sub(" ", rest)  # "… runners — 51%, to be precise — picked up …"
    # "5.4% of the girls and 4.0% of the boys went on to …": both share the verb after them
    rest = _SECOND_GROUP.sub(" ", rest, count=1)
    clause = _CLAUSE_END.split(rest, maxsplit=1)[0]
    words = clause.split()
    while words and words[0].lower() in ("today", "now", "worldwide"):
        words.pop(0)
    return " ".join(words[:10])


def cause_in(text: str, lower: str) -> re.Match[str] | None:
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


def attribution_in(sentence: str, notes: dict[str, str] | None = None) -> str:
    """Who *sentence* says found it.

    "according to a study", "A University Hill research suggests", "[1] …".
    """
    found = []
    for match in _ATTRIBUTION.finditer(sentence):
        text = " ".join(match.group(0).split())
        mark = _FOOTNOTE_MARK.fullmatch(text)
        if mark and notes and mark.group(1) in notes:
            text = f"{text} {notes[mark.group(1)]}"
        found.append(text)
    return "; ".join(found)
