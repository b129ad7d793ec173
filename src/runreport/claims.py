"""Find the numeric claims an article makes.

Takes a parsed article (anything with ``sections`` whose ``texts()`` give
paragraphs with ``line`` and ``text``, ``items`` with ``number`` and
``paragraphs``, and ``references`` with ``kind``, ``line`` and ``title``) and
gives :class:`Claim` records: value, unit, kind, the matched words, the
population it is about, and the line, section, item and whole sentence it came
from.

A new kind of claim is a new rule here; nothing else needs to change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from runreport.parse import Article

# Numeric claims ---------------------------------------------------------------
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "twice": 2, "thrice": 3,
}
_NUM = r"(\d+(?:[.,]\d+)*)"
_WORDNUM = r"(\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten)"
_PERCENT = re.compile(_NUM + r"\s?(?:%|percent\b|per\s+cent\b)", re.IGNORECASE)
_RATE = re.compile(
    _NUM + r"\s+([A-Za-z][A-Za-z-]*(?:\s+[A-Za-z][A-Za-z-]*)?)\s+per\s+" + _NUM + r"\s+([A-Za-z][A-Za-z-]*)",
    re.IGNORECASE,
)
_N_IN_M = re.compile(
    r"\b" + _WORDNUM + r"\s+(?:in|out\s+of)\s+(?:every\s+)?" + r"(\d+(?:,\d{3})*|two|three|four|five|six|seven|eight|nine|ten)"
    r"\s+(?!minutes?\b|hours?\b|days?\b|weeks?\b|months?\b|years?\b)([A-Za-z]+)",
    re.IGNORECASE,
)
_TIMES = re.compile(
    r"\b(?:" + _WORDNUM + r"\s+times|(twice|thrice))\s+(?:as\s+(?:likely|many|much|common|high)|"
    r"more\b|less\b|higher\b|lower\b|greater\b|likelier\b|the\s+(?:risk|rate|odds))",
    re.IGNORECASE,
)
_MULTIPLIER = re.compile(r"\b(\d+(?:\.\d+)?)\s?[x×]\s+(?:more|less|higher|lower|greater|as\s+likely)\b", re.IGNORECASE)
# Who a percentage is about: "14% of runners", "45 percent of adult women".
_SUBJECT_AFTER = re.compile(r"^\s+of\s+(?:all\s+|the\s+|adult\s+|those\s+|these\s+)?([A-Za-z]+)")
# "70% of your max heart rate", "10% of the time": advice or a manner of speaking, not a claim about people.
_NOT_SUBJECTS = {"your", "you", "my", "our", "his", "her", "their", "its", "it", "time", "them", "us", "what", "that",
                 "this", "which", "max", "maximum"}
_ABBREVIATIONS = {"dr", "mr", "mrs", "ms", "prof", "st", "vs", "etc", "e.g", "i.e", "approx", "no", "fig", "dept",
                  "inc", "jr", "sr"}
# Every claim pattern needs a digit or a number word: text without one is not searched (most is not). Three cheap
# tests instead of one case-insensitive pattern, which is slower than all the claim patterns together.
_DIGIT = re.compile(r"\d")
_NUMBER_WORD_CHOICE = "one|two|three|four|five|six|seven|eight|nine|ten|twice|thrice"
# A leading \b would make the engine try every position; the word's start is checked in Python instead.
_NUMBER_WORD = re.compile(rf"(?:{_NUMBER_WORD_CHOICE})(?!\w)")
_NUMBER_WORD_ANY_CASE = re.compile(rf"\b(?:{_NUMBER_WORD_CHOICE})\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")


@dataclass(frozen=True)
class Claim:
    """A numeric statement the article asserts about people or studies."""

    value: float
    unit: str
    kind: str  # "percent", "rate", "ratio", "times"
    text: str  # the matched words, e.g. "14%"
    subject: str  # who it is about, e.g. "runners" ("" when not stated)
    line: int
    section: str
    item: int | None
    quote: str  # the whole sentence


# Claims -----------------------------------------------------------------------


def split_sentences(text: str) -> list[tuple[int, int, str]]:
    """Split a paragraph into sentences ("Dr. Smith" and "e.g. this" stay whole).

    Returns:
        ``(start, end, sentence)`` offsets into *text*.
    """
    out, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start : match.start()].rstrip(".!?\"”’)").split()
        if before and before[-1].lower().rstrip(".") in _ABBREVIATIONS and text[match.start() - 1] == ".":
            continue
        out.append((start, match.start(), text[start : match.start()].strip()))
        start = match.end()
    out.append((start, len(text), text[start:].strip()))
    return out


def _to_number(token: str) -> float:
    token = token.lower()
    if token in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[token])
    return float(token.replace(",", ""))


def _subject(after: str) -> str | None:
    """The population after "of", "" when none is named, None when it is not about people."""
    match = _SUBJECT_AFTER.match(after)
    if not match:
        return ""
    word = match.group(1).lower()
    return None if word in _NOT_SUBJECTS else word


def find_claims(article: Article) -> list[Claim]:
    """Find every numeric claim in the body text of *article*.

    Percentages, rates ("17.8 injuries per 1000 hours"), "N in M", "N times as
    likely" and "3x more likely" are claims. Headings, item titles,
    related-article lines and quoted titles are not searched. Quantities that
    are advice are not claims: "two minutes every 20 minutes" matches no
    pattern, a percentage "of your …" is never a claim, and in the tips
    section a percentage counts only when it names a population ("30% of
    runners").

    Returns:
        Claims in the order they appear.
    """
    found: list[tuple[int, int, Claim]] = []
    quoted_spans = {(r.line, r.title) for r in article.references if r.kind == "quoted"}
    for section in article.sections:
        owners = {p.line: None for p in section.paragraphs}
        for item in section.items:
            owners.update({p.line: item.number for p in item.paragraphs})
        for paragraph in section.texts():
            text = paragraph.text
            for line, title in quoted_spans:
                if line == paragraph.line:
                    text = text.replace(title, " " * len(title))
            if not _may_claim(text):
                continue
            for start, end, _ in split_sentences(text):
                if not _may_claim(text[start:end]):
                    continue
                for offset, (value, unit, kind, matched, subject) in _claims_in(text[start:end]):
                    if kind == "percent" and section.key == "tips" and not subject:
                        continue  # "reduce your mileage by 10%" is advice
                    claim = Claim(value, unit, kind, matched, subject, paragraph.line, section.key,
                                  owners.get(paragraph.line), paragraph.text[start:end].strip())
                    found.append((paragraph.line, start + offset, claim))
    return [claim for _, _, claim in sorted(found, key=lambda f: (f[0], f[1]))]


def _may_claim(text: str) -> bool:
    """False only when *text* has no digit and no number word, so no claim pattern can match it."""
    if _DIGIT.search(text):
        return True
    if any(ch in text for ch in "ıİſ"):
        # The patterns' IGNORECASE reads ı and İ as i and ſ as s, which str.lower() does not (and "İ" lowers to
        # two characters): ask the slow pattern.
        return _NUMBER_WORD_ANY_CASE.search(text) is not None
    low = text.lower()
    for match in _NUMBER_WORD.finditer(low):  # "often" ends in "ten": only whole words count
        start = match.start()
        if start == 0 or not (low[start - 1].isalnum() or low[start - 1] == "_"):
            return True
    return False


def _claims_in(sentence: str) -> list[tuple[int, tuple[float, str, str, str, str]]]:
    """``(offset, (value, unit, kind, matched text, subject))`` for each claim in *sentence*."""
    found: list[tuple[int, tuple[float, str, str, str, str]]] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match[str], claim: tuple[float, str, str, str, str]) -> None:
        if all(m.end() <= a or m.start() >= b for a, b in taken):
            found.append((m.start(), claim))
            taken.append(m.span())

    for m in _RATE.finditer(sentence):
        noun, per, per_unit = m.group(2).lower(), m.group(3).replace(",", ""), m.group(4).lower()
        add(m, (_to_number(m.group(1)), f"{noun} per {per} {per_unit}", "rate", m.group(0), ""))
    for m in _PERCENT.finditer(sentence):
        subject = _subject(sentence[m.end():])
        if subject is not None:
            add(m, (_to_number(m.group(1)), "%", "percent", m.group(0), subject))
    for m in _N_IN_M.finditer(sentence):
        add(m, (_to_number(m.group(1)), f"in {_to_number(m.group(2)):g}", "ratio", m.group(0), m.group(3).lower()))
    for m in _TIMES.finditer(sentence):
        add(m, (_to_number(m.group(1) or m.group(2)), "times", "times", m.group(0), ""))
    for m in _MULTIPLIER.finditer(sentence):
        add(m, (_to_number(m.group(1)), "times", "times", m.group(0), ""))
    return sorted(found, key=lambda pair: pair[0])
