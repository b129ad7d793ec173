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

A new kind of claim is a new rule in :mod:`runreport.ingest.claim_rules` and
the function here that turns its matches into claims; who and what a claim is
about come from :mod:`runreport.ingest.claim_subjects`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from runreport.ingest.article import Article, Claim
from runreport.ingest.claim_rules import (
    BY_FRACTION,
    COUNT,
    EFFECT,
    FRACTION,
    FRACTION_DID,
    FRACTION_RANGE,
    HALF_THE,
    MULTIPLIER,
    N_IN_M,
    PERCENT,
    RANGE,
    RANGE_BETWEEN,
    RATE,
    TIMES,
    fraction_to_percent,
    is_prescription,
    magnitude,
    may_hold_number,
    qualifier_of,
    rule_matches,
    rule_starts,
    to_number,
)
from runreport.ingest.claim_subjects import (
    PEOPLE,
    attribution_in,
    cause_in,
    measure_after,
    noun_phrase,
    people_before,
    subject_after_of,
)
from runreport.ingest.sentences import split_sentences

_VERB_NEXT = re.compile(
    r"^\s+(?:had|have|has|were|are|was|is|said|reported|got|get|gets|went|ended|developed"
    r"|develops|suffered|suffers|sustained|sustains|picked|picks|needed|needs|need|will|came"
    r"|reported|developed)\b",
    re.I,
)
# "35% fewer ankle injuries", "20% lower risk": an effect on the people named before it
# A study's result stated before its number, in the tips too: "In our clinic audit of 150 …"
_REPORTED = re.compile(
    r"\b(?:audit\w*|survey\w*|study|studies|studied|trial|review|research|poll\w*|data)\b",
    re.IGNORECASE,
)
# The person counted between the numbers of "one runner in six"
_ONE_OF = re.compile(
    r"\s(runner|person|athlete|woman|man|adult|beginner|novice|patient|reader|member|marathoner)"
    r"\s+in\s",
    re.IGNORECASE,
)
_PLURALS = {"person": "people", "woman": "women", "man": "men"}
# The writer's own running group named before a number ("my Saturday running group")
_OWN_GROUP = re.compile(
    r"\b(?:my|our)\s+(?:[\w-]+\s+){0,3}(?:group|club|squad|crew|class|physios?|clinic|coaches)\b",
    re.IGNORECASE,
)


def _own_group(found: _SentenceClaims, m: re.Match[str]) -> str | None:
    """ "runners" when the writer's own group is named before the number ("In a poll of my running
    group, one in four said …", "Of the hopefuls our physios treated, roughly a third …")."""
    return "runners" if _OWN_GROUP.search(found.sentence[: m.start()]) else None


_EFFECT_NEXT = re.compile(
    r"^\s+(?:fewer|more|less|lower|higher|greater|smaller)\s+(?:[\w-]+\s+){0,2}"
    r"(?:injur\w*|risk|rate|odds|chance|pain|sprains|fractures)\b",
    re.I,
)
# "a one in three chance of …", "… is one in nine.": the people came before the number
_CHANCE_NEXT = re.compile(r"^\s+(?:chance|risk|odds|likelihood|probability)\b|^\s*[.;]|^\s*$", re.I)
_OF_THEM = re.compile(
    r"^\s+of\s+(?:all\s+)?(?:them\b|those\b(?!\s+who\b)|their\s+(?:[\w-]+\s+){0,2}?(injuries|injury)\b)",
    re.IGNORECASE,
)
_YOU = re.compile(r"\byou(?:['’](?:ll|re|ve|d))?\b", re.IGNORECASE)
_PRONOUN_START = re.compile(
    r"^(?:so much so that\s+|and\s+)?(?:they|it|this|these|that|those|which)\b", re.IGNORECASE
)
# How far around a number its subject, measure and population are looked for: keeps huge
# paragraphs linear.
_WINDOW = 240
_FOOTNOTE_TEXT = re.compile(r"^\[(\d+)\]\s*(.+)$")


def footnotes(article: Article) -> dict[str, str]:
    """Footnote texts the article carries: paragraphs that start with "[1]"."""
    notes = {}
    for section in article.sections:
        for paragraph in section.texts():
            match = _FOOTNOTE_TEXT.match(paragraph.text)
            if match:
                notes[match.group(1)] = match.group(2).strip()
    return notes


def _middle(low: float, high: float) -> float:
    """The middle of a range, without float noise (19.4–79.3 → 49.35, not 49.349999999999994)."""
    return round((low + high) / 2, 6)


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
        # what a claim inside a cause or injury is about ("It accounts for 17% …")
        # (or the FAQ question it answers: "How common is runner's knee? It affects …")
        titles = (
            {i.number: i.title for i in section.items} if section.key in ("reasons", "faq") else {}
        )
        for paragraph in section.texts():
            if _FOOTNOTE_TEXT.match(paragraph.text):
                continue
            text = paragraph.text
            for line, title in quoted_spans:
                if line == paragraph.line:
                    text = text.replace(title, " " * len(title))
            # Sentences start after white space and end after ".!?", so a number word found in one
            # of them is a whole word in the paragraph too: a paragraph without one has no claim,
            # and is not split.
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
                        # ("… had 35% fewer ankle injuries" is an effect on people, a claim, and
                        # so is "programmes … cut hamstring injuries by roughly half")
                        and not _EFFECT_NEXT.match(" " + claim["measure"])
                        and not (claim["kind"] == "proportion" and EFFECT.search(claim["measure"]))
                        # ("In our clinic audit of 150 runners, 78% were back …" reports a result)
                        and not _REPORTED.search(sentence[:offset])
                    ):
                        continue  # "reduce your mileage by 10%" is advice
                    full = Claim(
                        line=paragraph.line_at(start + offset),
                        section=section.key,
                        item=owners.get(paragraph.line),
                        quote=paragraph.text[start:end].strip(),
                        attribution=attribution,
                        about=titles.get(owners.get(paragraph.line), "")
                        # "How common is it? It affects …": the question it points back to
                        or (context if context.rstrip().endswith("?") else ""),
                        **claim,
                    )
                    found.append((paragraph.line, start + offset, full))
                previous = sentence
    return [claim for _, _, claim in sorted(found, key=lambda f: (f[0], f[1]))]


def claims_in(sentence: str, context: str = "") -> list[tuple[int, dict]]:
    """``(offset, fields)`` for each claim in *sentence*, fields as :class:`Claim` takes them.

    Args:
        sentence: One sentence.
        context: The sentence before it when this one points back ("they …"):
            the population and cause are looked for there too.
    """
    if not may_hold_number(sentence):
        return []
    # Cheap word checks first: each rule runs only on sentences that can match it, and only
    # where it can start.
    lower = sentence.lower()
    rate = " per " in lower or " every " in lower
    percent = "%" in lower or "per" in lower
    in_or_of = " in " in lower or " of " in lower
    of = " of " in lower
    times = (
        "times" in lower
        or "twice" in lower
        or "half as" in lower
        or "thrice" in lower
        or "double the" in lower
        or "triple the" in lower
    )
    multiplier = "x " in lower or "×" in lower
    count = "illion" in lower or "thousand" in lower
    by = " by " in lower
    half = (
        "half " in lower
        or "third" in lower
        or "quarter" in lower
        or "fifth" in lower
        or "tenth" in lower
    )
    if not (rate or percent or in_or_of or times or multiplier or count or by or half):
        return []
    # The rules run in the order of RULES: a match that overlaps an earlier rule's is dropped.
    found = _SentenceClaims(sentence, context, lower)
    if rate:
        _add_rates(found)
        if not found.claims:
            _add_rates_after_unit(found)
    if percent:
        _add_percent_ranges_between(found)
        _add_percent_ranges(found)
        _add_percents(found)
    if in_or_of:
        last_of = _add_n_in_m(found)
        if last_of is not None:
            # Kept as it has always been: once the "N in M" rule matched, fractions are searched
            # when its last M is not 0, instead of when the sentence holds " of ".
            of = last_of
    if of or half:
        _add_fractions(found)
    if by:
        _add_fractions_of_change(found)
    if times:
        _add_times(found)
    if multiplier:
        _add_multipliers(found)
    if count:
        _add_counts(found)
    return sorted(found.claims, key=lambda pair: pair[0])


# A price cut after a percentage: "15% off", "20 percent discount".
_DISCOUNT = re.compile(r"\s*(?:off\b|discount\b)", re.IGNORECASE)


class _SentenceClaims:
    """The claims found so far in one sentence, and what the rules look up around a match."""

    def __init__(self, sentence: str, context: str, lower: str) -> None:
        self.sentence, self.context, self.lower = sentence, context, lower
        self.starts = rule_starts(sentence)
        self.claims: list[tuple[int, dict]] = []
        self.taken: list[tuple[int, int]] = []  # sorted, non-overlapping spans already claimed
        self._caused: str | None = None

    def matches(self, rule: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """The matches of *rule* in the sentence (see rule_matches)."""
        return rule_matches(rule, self.sentence, self.starts)

    def add(self, m: re.Match[str], **fields) -> None:
        """Add the claim *m* matched, unless it overlaps a claim found by an earlier rule."""
        span, taken = (m.start(), m.end()), self.taken
        at = bisect.bisect_left(taken, span)
        if (at > 0 and taken[at - 1][1] > span[0]) or (at < len(taken) and taken[at][0] < span[1]):
            return
        if fields.get("unit") == "%" and is_prescription(self.sentence, *span):
            return  # "no more than 10% a week" is advice, not a claim about people
        if fields.get("unit") == "%" and _DISCOUNT.match(self.sentence, span[1]):
            return  # "15% off your first assessment" is a price
        fields.setdefault("low", None)
        fields.setdefault("high", None)
        self.claims.append((span[0], {"text": self.sentence[span[0] : span[1]].strip(), **fields}))
        taken.insert(at, span)

    def after(self, m: re.Match[str]) -> str:
        """The text after *m*, at most _WINDOW characters."""
        return self.sentence[m.end() : m.end() + _WINDOW]

    def about_people(self, m: re.Match[str]) -> tuple[str | None, str]:
        """The population named after *m* ("of runners") and what was counted.

        The population is None when the words are not about people (see subject_after_of).
        "30% of them" and "28% of their injuries" point back to people named before the number
        ("Novice runners …, and 30% of them …").
        """
        after = self.after(m)
        subject, rest = subject_after_of(after)
        back = _OF_THEM.match(after) if not subject else None
        if back and self.population_here(m):
            injuries = back.group(1)
            return (injuries or self.population_here(m)), measure_after(after[back.end() :])
        if subject:  # "… of runners, recreational and competitive, sustain …": past the aside
            rest = _APPOSITIVE.sub("", rest, count=1)
        return subject, measure_after(rest) if subject else measure_after(after)

    def population_here(self, m: re.Match[str]) -> str:
        """The people named before *m*, or at the end of the sentence this one points back to."""
        before = self.sentence[max(0, m.start() - _WINDOW) : m.start()]
        return people_before(before) or people_before(self.context[-_WINDOW:])

    def caused(self) -> str:
        """ ", caused by a fall": what a rate counts.

        From the sentence, or the one it points back to.
        """
        if self._caused is None:  # looked for once, with the first rate
            cause = cause_in(self.sentence, self.lower) or cause_in(
                self.context, self.context.lower()
            )
            self._caused = f", caused by {cause.group(1).lower()}" if cause else ""
        return self._caused


# The first number of a rate's range said in words before it: "between 2.5 and ".
_BETWEEN_BEFORE = re.compile(r"\b(?:between|from)\s+(\d+(?:\.\d+)?)\s+(?:and|to)\s+$", re.I)


class _Span:
    """A match widened to start earlier (what :meth:`_SentenceClaims.add` reads of one)."""

    def __init__(self, start: int, end: int, match: re.Match[str]) -> None:
        self._start, self._end, self._match = start, end, match

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self, n: int = 0):
        return self._match.group(n)


def _add_rates(found: _SentenceClaims) -> None:
    """ "17.8 injuries per 1000 hours (of running)", "2–3 injuries per 100 runners per year"."""
    for m in found.matches(RATE):
        if not m.group(2)[0].isdigit() and not re.match(r"injur|cases", m.group(4) or "", re.I):
            continue  # "two minutes every 20 minutes" is advice; "four injuries per 1000 …" a rate
        caused = found.caused()
        noun, per, per_unit = (m.group(4) or "").lower(), m.group(5).replace(",", ""), m.group(6)
        # "1080 cases per 1000 person-years", "up to 571 per 1000 person-years"
        noun = re.sub(r"\s+for$", "", noun)  # "18 injuries for every 1000 hours"
        noun, per_unit = ("" if noun == "cases" else noun), per_unit.lower()
        unit = f"{noun} per {per} {per_unit}".strip()
        unit += f" per {m.group(7).lower()}" if m.group(7) else ""
        low, high = to_number(m.group(2)), (to_number(m.group(3)) if m.group(3) else None)
        between = _BETWEEN_BEFORE.search(found.sentence, 0, m.start()) if high is None else None
        if between is not None and not m.group(1):  # "between 2.5 and 33 injuries per 1000 …"
            low, high = to_number(between.group(1)), low
            m = _Span(between.start(), m.end(), m)
        activity = re.match(r"\s+of\s+([a-z]+)", found.after(m), re.IGNORECASE)
        measure = (
            unit.removesuffix(f" per {(m.group(7) or '').lower()}")
            + (f" of {activity.group(1).lower()}" if activity else "")
            + caused
        )
        if high is None:
            found.add(
                m,
                value=low,
                unit=unit,
                kind="rate",
                subject=found.population_here(m),
                qualifier=qualifier_of(m),
                measure=measure,
            )
        else:
            found.add(
                m,
                value=_middle(low, high),
                low=low,
                high=high,
                unit=unit,
                kind="rate",
                subject=found.population_here(m),
                qualifier="between",
                measure=measure,
            )


# "Measured per 1,000 hours of running, novices are injured at a rate of about 15, compared with
# about 7 for experienced runners": the unit first, then its numbers.
_UNIT_FIRST = re.compile(
    r"\bper\s+(1,000|1000|100)\s+(hours|runners|athletes|exposures|person-years)\b"
    r"(?:\s+of\s+(running|training))?",
    re.IGNORECASE,
)
_BARE_RATE = re.compile(
    r"\b(?:(?:rate|risk|incidence)\s+of|compared\s+(?:with|to))\s+"
    r"(?:(about|around|roughly|nearly|approximately)\s+)?(\d+(?:\.\d+)?)\b(?![\d,.]*\s*(?:%|percent"
    r"|per\b|times\b|x\b))",
    re.IGNORECASE,
)


_QUALIFIED_NUMBER = re.compile(
    r"(?:(about|around|roughly|nearly|approximately)\s+)?(\d+(?:\.\d+)?)", re.IGNORECASE
)


def _add_rates_after_unit(found: _SentenceClaims) -> None:
    """Rates whose unit comes before their numbers, in one sentence (see _UNIT_FIRST)."""
    unit = _UNIT_FIRST.search(found.sentence)
    if unit is None:
        return
    per, what = unit.group(1).replace(",", ""), unit.group(2).lower()
    noun = "injuries" if what in ("hours", "exposures", "person-years") else ""
    measure = f"{noun} per {per} {what}".strip()
    measure += f" of {unit.group(3).lower()}" if unit.group(3) else ""
    for bare in _BARE_RATE.finditer(found.sentence, unit.end()):
        # the claim is the number and its qualifier, not the words that lead to it
        m = _QUALIFIED_NUMBER.match(
            found.sentence, bare.start(1) if bare.group(1) else bare.start(2)
        )
        people = re.match(r"\s+(?:for|in|among)\s+((?:[\w-]+\s+){0,2}[\w-]+)", found.after(m))
        subject = (people_before(people.group(1)) if people else "") or found.population_here(m)
        found.add(
            m,
            value=to_number(m.group(2)),
            unit=f"{noun} per {per} {what}".strip(),
            kind="rate",
            subject=subject,
            qualifier=(m.group(1) or "").lower(),
            measure=measure,
        )


def _add_percent_ranges_between(found: _SentenceClaims) -> None:
    """ "between 20% and 30% of runners", "from 20 to 30 percent of …"."""
    for m in found.matches(RANGE_BETWEEN):
        subject, measure = _people_of(found, m)
        if subject is not None:
            low, high = to_number(m.group(2)), to_number(m.group(3))
            found.add(
                m,
                value=_middle(low, high),
                low=low,
                high=high,
                unit="%",
                kind="percent",
                subject=subject,
                qualifier="between",
                measure=measure,
            )


def _add_percent_ranges(found: _SentenceClaims) -> None:
    """ "20–30% of runners", "about 20 to 30 percent of …"."""
    for m in found.matches(RANGE):
        subject, measure = _people_of(found, m)
        low, high = to_number(m.group(2)), to_number(m.group(3))
        if subject is not None and low <= high:
            found.add(
                m,
                value=_middle(low, high),
                low=low,
                high=high,
                unit="%",
                kind="percent",
                subject=subject,
                qualifier=qualifier_of(m) or "between",
                measure=measure,
            )


# An aside after the people: ", recreational and competitive,", ", young and old,".
_APPOSITIVE = re.compile(r"^\s*,\s*(?:[\w-]+\s+){0,3}(?:and|or)\s+[\w-]+(?:\s+[\w-]+)?\s*,")
# A number in brackets after its people: "Most ultramarathoners (64.6%) reported …".
_BRACKETED = re.compile(r"^\s*\)\s*")


def _people_of(found: _SentenceClaims, m: re.Match[str]) -> tuple[str | None, str]:
    """The people a percentage (or range) is of, and what was counted: named after it ("of
    runners"), or before it when nothing follows but a chance or the sentence's end ("Runners face
    as much as a 10% chance of …", "the share of runners who develop it at 0.3% to 22%")."""
    subject, measure = found.about_people(m)
    if subject == "" and _CHANCE_NEXT.match(found.after(m)):
        subject, measure = found.population_here(m), measure_after(found.after(m))
    elif subject == "" and (bracket := _BRACKETED.match(found.after(m))):
        after = found.after(m)[bracket.end() :]
        subject, measure = found.population_here(m), measure_after(" " + after)
    return subject, measure


def _add_percents(found: _SentenceClaims) -> None:
    """ "about 14% of runners", "19 percent", "20 per cent"."""
    for m in found.matches(PERCENT):
        subject, measure = _people_of(found, m)
        if subject is not None:
            found.add(
                m,
                value=to_number(m.group(2)),
                unit="%",
                kind="percent",
                subject=subject,
                qualifier=qualifier_of(m),
                measure=measure,
            )


def _add_n_in_m(found: _SentenceClaims) -> float | None:
    """ "1 in 3 runners", "one out of every five people", as a percentage.

    Returns:
        The M of the last match (None when nothing matched): see :func:`claims_in`.
    """
    last_of = None
    for m in found.matches(N_IN_M):
        n, last_of = to_number(m.group(2)), to_number(m.group(3))
        if 0 < n <= last_of:
            subject, rest = noun_phrase(found.after(m))
            back = _OF_THEM.match(found.after(m))
            if back and not back.group(1) and found.population_here(m):
                # "… followed beginners …, just over one in ten of them picked up an injury"
                subject, rest = found.population_here(m), found.after(m)[back.end() :]
            elif _CHANCE_NEXT.match(found.after(m)):
                subject, rest = found.population_here(m) or None, found.after(m)
                # "there's a one in two chance you'll pick up …": the reader's chance
                chance = re.match(r"\s+(?:chance|risk|odds|likelihood)\b", rest)
                if subject is None and chance and _YOU.search(found.sentence):
                    subject = "you"
                if not rest.strip(" .;"):  # "… chance of getting injured … is one in nine."
                    rest = " " + _clause_before(found.sentence[: m.start()])
            elif _VERB_NEXT.match(found.after(m)):
                # "… members of our club, one in three had shin splints": the people came first
                # ("roughly one in five went on to …": "went" is no people)
                subject, rest = found.population_here(m) or None, found.after(m)
                subject = subject or _own_group(found, m)  # "In a poll of my running group, …"
            one = _ONE_OF.search(m.group(0))
            if not subject and one:  # "about one runner in six gets …": runners
                subject, rest = (
                    _PLURALS.get(one.group(1).lower(), f"{one.group(1)}s"),
                    found.after(m),
                )
            if subject:
                found.add(
                    m,
                    value=round(100 * n / last_of, 2),
                    unit="%",
                    kind="proportion",
                    subject=subject,
                    qualifier=qualifier_of(m),
                    measure=measure_after(rest),
                )
    return last_of


def _clause_before(text: str) -> str:
    """What the people's number measures, said before it: "a novice runner's chance of getting
    injured during a six-week programme is" → "chance of getting injured during a six-week
    programme"."""
    clause = re.split(r"[,;:]\s", text)[-1]
    clause = re.sub(r"\s+(?:is|are|was|were|stands\s+at|sits\s+at)(?:\s+\w+ly)?\s*$", "", clause)
    found = re.search(r"['’]s\s+(.*)$", clause)
    return found.group(1) if found else clause


def _add_fraction_ranges(found: _SentenceClaims) -> None:
    """ "between a third and a half of runners", as a range of percentages."""
    for m in found.matches(FRACTION_RANGE):
        subject, measure = found.about_people(m)
        low, high = fraction_to_percent(m.group(2)), fraction_to_percent(m.group(3))
        if subject is not None and low < high:
            found.add(
                m,
                value=round(_middle(low, high), 2),
                low=round(low, 2),
                high=round(high, 2),
                unit="%",
                kind="proportion",
                subject=subject,
                qualifier="between",
                measure=measure,
            )


def _add_fractions(found: _SentenceClaims) -> None:
    """ "half of runners", "two-thirds of women", "half the runners", as a percentage."""
    _add_fraction_ranges(found)
    matches = [(m, *found.about_people(m)) for m in found.matches(FRACTION)]
    for m in found.matches(FRACTION_DID):
        subject = found.population_here(m)
        subject = subject or _own_group(found, m)  # "Of the hopefuls our physios treated, …"
        if subject:  # "… nearly half picked up a minor injury" after the people
            matches.append((m, subject, measure_after(found.after(m))))
    for m in found.matches(HALF_THE):
        subject, rest = noun_phrase(re.sub(r"^\s+the\s+", " ", found.after(m)))
        if subject and any(word in PEOPLE for word in subject.split()):
            matches.append((m, subject, measure_after(rest)))
    for m, subject, measure in matches:
        if subject:
            found.add(
                m,
                value=round(fraction_to_percent(m.group(2)), 2),
                unit="%",
                kind="proportion",
                subject=subject,
                qualifier=qualifier_of(m),
                measure=measure,
            )


def _add_fractions_of_change(found: _SentenceClaims) -> None:
    """ "Strength training cuts injury risk by about a third": an effect, as a percentage."""
    for m in found.matches(BY_FRACTION):
        before = found.sentence[max(0, m.start() - 60) : m.start()]
        clause = re.split(r"[,;:]\s", before)[-1]
        if not EFFECT.search(clause):
            continue  # "cut your mileage by a third" is advice
        found.add(
            m,
            value=round(fraction_to_percent(m.group(2)), 2),
            unit="%",
            kind="proportion",
            subject=found.population_here(m),
            qualifier=qualifier_of(m),
            measure=" ".join(clause.split()[-10:]).removesuffix(" by"),
        )


def _add_times(found: _SentenceClaims) -> None:
    """ "2.1 times the injury rate", "twice as likely"."""
    for m in found.matches(TIMES):
        tail = m.group(0).split(None, 2 if m.group(1) else 1)[-1]
        _add_relative(found, m, to_number(m.group(1) or m.group(2) or m.group(3)), tail)


def _add_multipliers(found: _SentenceClaims) -> None:
    """ "3x more likely"."""
    for m in found.matches(MULTIPLIER):
        _add_relative(found, m, to_number(m.group(1)), " ".join(m.group(0).split()[1:]))


def _add_relative(found: _SentenceClaims, m: re.Match[str], value: float, tail: str) -> None:
    """A relative risk: *value* times, measured by the words after the number (*tail*)."""
    found.add(
        m,
        value=value,
        unit="times",
        kind="times",
        subject=found.population_here(m),
        qualifier="",
        measure=" ".join(f"{tail} {measure_after(found.after(m))}".split()),
    )


def _add_counts(found: _SentenceClaims) -> None:
    """ "50 million runners"."""
    for m in found.matches(COUNT):
        noun = m.group(4).lower()
        found.add(
            m,
            value=to_number(m.group(2)) * magnitude(m.group(3)),
            unit=noun,
            kind="count",
            subject=noun if noun in PEOPLE else "",
            qualifier=qualifier_of(m),
            measure=measure_after(found.after(m)),
        )
