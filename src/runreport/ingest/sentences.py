"""Split a paragraph into sentences, the way the claims and the listicle wording read it."""

from __future__ import annotations

import re

_ABBREVIATIONS = {
    "dr",
    "mr",
    "mrs",
    "ms",
    "prof",
    "st",
    "vs",
    "etc",
    "e.g",
    "i.e",
    "approx",
    "no",
    "fig",
    "dept",
    "inc",
    "jr",
    "sr",
    "al",
}
# The gap between two sentences is group 1; the stop before it is matched rather than looked behind,
# so the search skips ahead to the next ".!?" instead of trying every character.
_SENTENCE_END = re.compile(r"[.!?]([\"”’)]*\s+)(?=[\"“‘(]?[A-Z0-9])")


def split_sentences(text: str) -> list[tuple[int, int, str]]:
    """Split a paragraph into sentences ("Dr. Smith" and "e.g. this" stay whole).

    Returns:
        ``(start, end, sentence)`` offsets into *text*.
    """
    out, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        gap = match.start(1)
        before = text[start:gap].rstrip('.!?"”’)').split()
        if before and before[-1].lower().rstrip(".") in _ABBREVIATIONS and text[gap - 1] == ".":
            continue
        out.append((start, gap, text[start:gap].strip()))
        start = match.end()
    out.append((start, len(text), text[start:].strip()))
    return out
