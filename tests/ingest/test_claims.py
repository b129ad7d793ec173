"""Claims as people write them: every phrasing the fact-check understands, on sentences written
here."""

from __future__ import annotations

import math
import random
import re
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from runreport.ingest.article import Paragraph
from runreport.ingest.claim_rules import RULES, may_hold_number, rule_matches, rule_starts
from runreport.ingest.claim_subjects import attribution_in
from runreport.ingest.claims import claims_in, find_claims
from runreport.ingest.parse import parse_article
from runreport.ingest.sentences import _ABBREVIATIONS, split_sentences


def test_percent_words_are_not_other_words():
    # "one hundred percent" is effort, not a share of people; "the ten percent rule" a prescription.
    assert claims_in("Give it one hundred percent on race day.") == []
    assert claims_in("Follow the ten percent rule when you add miles.") == []
    assert claims_in("One of them said seventy was too old to start.") == []


def one(sentence: str, context: str = "") -> dict:
    found = [fields for _, fields in claims_in(sentence, context)]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    "sentence, value, qualifier",
    [
        ("About 14% of runners have back pain.", 14.0, "about"),
        ("Nearly 19 percent of runners have back pain.", 19.0, "nearly"),
        ("More than 20 per cent of runners have back pain.", 20.0, "more than"),
        ("Up to 79.3% of runners are injured each year.", 79.3, "up to"),
        ("As high as 65% of runners report pain.", 65.0, "as high as"),
        ("Exactly 14% of runners have back pain.", 14.0, ""),
        # Written in words, as magazines and newspapers do.
        ("Eighty per cent of runners have back pain.", 80.0, ""),
        ("Roughly twenty-five percent of runners have back pain.", 25.0, "roughly"),
        ("About forty five per cent of runners have back pain.", 45.0, "about"),
        ("Nearly fourteen percent of runners have back pain.", 14.0, "nearly"),
    ],
)
def test_single_figures_with_qualifiers(sentence, value, qualifier):
    claim = one(sentence)
    assert (claim["value"], claim["unit"], claim["kind"], claim["qualifier"]) == (
        value,
        "%",
        "percent",
        qualifier,
    )
    assert claim["low"] is None and claim["high"] is None
    assert claim["subject"] == "runners"


@pytest.mark.parametrize(
    "sentence, text",
    [
        ("Between 20% and 30% of runners are injured each year.", "Between 20% and 30%"),
        ("Some 20 to 30 percent of runners are injured each year.", "20 to 30 percent"),
        ("In studies 20–30% of runners are injured each year.", "20–30%"),
        ("In studies 20-30 per cent of runners are injured each year.", "20-30 per cent"),
    ],
)
def test_ranges_are_one_claim(sentence, text):
    claim = one(sentence)
    assert (claim["low"], claim["high"], claim["value"], claim["text"]) == (20.0, 30.0, 25.0, text)
    assert claim["subject"] == "runners" and claim["measure"] == "are injured each year"


@pytest.mark.parametrize(
    "sentence, low, high, text",
    [
        (
            "Between a third and a half of runners get hurt.",
            33.33,
            50.0,
            "Between a third and a half",
        ),
        ("A quarter to a third of runners get hurt.", 25.0, 33.33, "A quarter to a third"),
        ("From one fifth to two-fifths of runners get hurt.", 20.0, 40.0, None),
    ],
)
def test_fraction_ranges_are_one_claim(sentence, low, high, text):
    claim = one(sentence)
    assert (claim["low"], claim["high"], claim["qualifier"]) == (low, high, "between")
    assert math.isclose(claim["value"], (low + high) / 2, abs_tol=0.01)
    assert text is None or claim["text"] == text
    assert claim["subject"] == "runners" and claim["measure"] == "get hurt"


@pytest.mark.parametrize(
    "sentence, value",
    [
        ("1 in 3 runners get hurt.", 33.33),
        ("One in five runners get hurt.", 20.0),
        ("One out of every four runners gets hurt.", 25.0),
        ("Half of runners get hurt.", 50.0),
        ("A third of runners get hurt.", 33.33),
        ("Two-thirds of runners get hurt.", 66.67),
        ("Three quarters of runners get hurt.", 75.0),
    ],
)
def test_proportions_become_percentages(sentence, value):
    claim = one(sentence)
    assert (claim["kind"], claim["unit"], claim["subject"]) == ("proportion", "%", "runners")
    assert math.isclose(claim["value"], value)


@pytest.mark.parametrize(
    "sentence, value, measure",
    [
        (
            "Novice runners have 2.1 times the injury rate of experienced ones.",
            2.1,
            "the injury rate of experienced ones",
        ),
        ("Novice runners are twice as likely to get hurt.", 2.0, "as likely to get hurt"),
        ("Novice runners are 3x more likely to get hurt.", 3.0, "more likely to get hurt"),
        ("Novice runners are three times more likely to get hurt.", 3.0, "more likely to get hurt"),
    ],
)
def test_relative_risks(sentence, value, measure):
    claim = one(sentence)
    assert (claim["kind"], claim["unit"], claim["value"], claim["subject"]) == (
        "times",
        "times",
        value,
        "novice runners",
    )
    assert claim["measure"] == measure


@pytest.mark.parametrize(
    "sentence",
    ["Squat three times your body weight.", "Run twice a week.", "Lift 2 times your body weight."],
)
def test_loads_are_not_relative_risks(sentence):
    assert claims_in(sentence) == []


@pytest.mark.parametrize(
    "sentence, value, unit",
    [
        (
            "Novice runners see 17.8 injuries per 1000 hours of running.",
            17.8,
            "injuries per 1000 hours",
        ),
        (
            "Novice runners see 17.8 injuries per 1,000 hours of running.",
            17.8,
            "injuries per 1000 hours",
        ),
        (
            "Novice runners report 5 injuries per 100 runners per year.",
            5.0,
            "injuries per 100 runners per year",
        ),
    ],
)
def test_rates(sentence, value, unit):
    claim = one(sentence)
    assert (claim["kind"], claim["value"], claim["unit"], claim["subject"]) == (
        "rate",
        value,
        unit,
        "novice runners",
    )


def test_counts():
    claim = one("There are 50 million runners in the United States.")
    assert (claim["kind"], claim["value"], claim["unit"], claim["subject"]) == (
        "count",
        50e6,
        "runners",
        "runners",
    )


@pytest.mark.parametrize(
    "sentence, subject, measure",
    [
        (
            "About 45 percent of non-traumatic cycling complaints involve the knee.",
            "non-traumatic cycling complaints",
            "involve the knee",
        ),
        ("14% of novice runners have back pain.", "novice runners", "have back pain"),
        ("20% of women who run have knee pain.", "women who run", "have knee pain"),
        ("60% of runners are women.", "runners", "are women"),
        (
            "65% of employees today have musculoskeletal (MSK) issues.",
            "employees",
            "have musculoskeletal (MSK) issues",
        ),
        ("Run at 70% of your max heart rate.", None, None),
    ],
)
def test_subject_and_measure(sentence, subject, measure):
    found = [fields for _, fields in claims_in(sentence)]
    if subject is None:
        assert found == []  # advice, not a claim about people
    else:
        assert (found[0]["subject"], found[0]["measure"]) == (subject, measure)


def test_a_sentence_that_points_back_takes_its_population_and_cause_from_the_one_before():
    claim = one(
        "So much so that they contribute to 17.8 injuries per 1000 hours of running.",
        context="Accidents are a common mishap for runners.",
    )
    assert claim["subject"] == "runners"
    assert claim["measure"] == "injuries per 1000 hours of running, caused by accidents"


@pytest.mark.parametrize(
    "sentence, attribution",
    [
        (
            "According to a 2015 study in Sports Medicine, 60% of runners are women.",
            "According to a 2015 study in Sports Medicine",
        ),
        ("A review found that 5% of runners get hurt.", "A review found"),
        ("Research says 14% of runners have a bad back.", "Research says"),
        ("5% of runners get hurt (Smith et al., 2015).", "(Smith et al., 2015)"),
        ("5% of runners get hurt [1].", "[1] Smith J. Injuries in runners. 2015."),
        ("5% of runners get hurt [2].", "[2]"),
        ("5% of runners get hurt.", ""),
    ],
)
def test_inline_attribution(sentence, attribution):
    assert attribution_in(sentence, {"1": "Smith J. Injuries in runners. 2015."}) == attribution


def _article(*paragraphs: str):
    texts = [Paragraph(n, t) for n, t in enumerate(paragraphs, start=2)]
    section = SimpleNamespace(key="intro", paragraphs=texts, items=[], texts=lambda: texts)
    return SimpleNamespace(sections=[section], references=[])


def test_footnotes_give_their_text_and_are_not_claims():
    claims = find_claims(
        _article(
            "A review found 5% of runners get hurt [1].",
            "[1] Smith J. 12% of injuries in runners. Sports Med 2015.",
        )
    )
    assert [(c.value, c.line) for c in claims] == [(5.0, 2)]
    assert (
        claims[0].attribution
        == "A review found; [1] Smith J. 12% of injuries in runners. Sports Med 2015."
    )


def test_claims_keep_the_original_wording():
    claims = find_claims(
        _article(
            "Some say about 19% of runners have back pain. Between 20% and 30% of runners "
            "are injured each year."
        )
    )
    assert [c.text for c in claims] == ["about 19%", "Between 20% and 30%"]
    assert claims[1].quote == "Between 20% and 30% of runners are injured each year."


# The fast paths must give exactly what the plain regular expressions give. Sentences are built from
# the words the rules look for, numbers, punctuation and look-alikes ("often" holds "ten", "ſix"
# folds to "six").
_WORDS = (
    "about",
    "around",
    "approximately",
    "nearly",
    "almost",
    "more",
    "than",
    "over",
    "at",
    "least",
    "less",
    "under",
    "up",
    "to",
    "as",
    "high",
    "many",
    "few",
    "between",
    "from",
    "and",
    "-",
    "–",
    "—",
    "%",
    "percent",
    "per",
    "cent",
    "in",
    "out",
    "of",
    "every",
    "one",
    "two",
    "three",
    "ten",
    "eleven",
    "twenty",
    "fifty",
    "a",
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
    "times",
    "likely",
    "higher",
    "the",
    "risk",
    "rate",
    "injuries",
    "hours",
    "runners",
    "people",
    "women",
    "who",
    "run",
    "have",
    "pain",
    "each",
    "year",
    "x",
    "×",
    "thousand",
    "million",
    "your",
    "often",
    "someone",
    "tendon",
    "weight",
    "behalf",
    "ſix",
    "K",
    "٣",
    "_one",
    "one_",
    "14",
    "19.5",
    "1,000",
    "2",
    "3",
    "1",
    "20",
    "30",
    "1000",
    "17.8",
    "1x",
    "2.5x",
    ".",
    ",",
    ";",
    "(",
    ")",
    "Dr.",
    "e.g.",
    "They",
    "It",
)
_SEPARATORS = (" ", " ", " ", "  ", "-", "", "\n", ". ", "! ", '." ')
_soup = st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_SEPARATORS)), max_size=30).map(
    lambda parts: "".join(word + separator for word, separator in parts)
)
# Claims as each rule words them, for soup around: "up to between 20 and 30% of women who run have
# pain".
_QUALIFIERS = ("", "About", "nearly", "up to", "As many as", "more than", "at least", "over")
_NUMBERS = ("14", "19.5", "1,000", "3", "2.1", "two", "one", "a hundred", "fifty", "ten")
_PERCENTS = ("%", "percent", "per cent")
_WHO = (
    "of runners",
    "of novice runners",
    "of women who run",
    "of your max",
    "adults",
    "of the time",
)
_TEMPLATES = (
    (_QUALIFIERS, _NUMBERS, _PERCENTS, _WHO),
    (("between", "from", "From"), _NUMBERS, ("", "%"), ("and", "to"), _NUMBERS, _PERCENTS, _WHO),
    (_QUALIFIERS, _NUMBERS, ("-", "–", "to"), _NUMBERS, _PERCENTS, _WHO),
    (_QUALIFIERS, _NUMBERS, ("in", "out of", "in every"), _NUMBERS, _WHO),
    (_QUALIFIERS, ("half", "a third", "two-thirds", "three quarters", "one fifth"), _WHO),
    (_NUMBERS, ("times the risk", "times more likely", "x more", "× higher"), _WHO),
    (("twice as likely", "thrice the rate"),),
    (_QUALIFIERS, _NUMBERS, ("injuries per 1000 hours", "falls per 100 runners per year")),
    (_QUALIFIERS, _NUMBERS, ("million runners", "thousand people", "billion steps")),
)


def _claim_sentences(count: int, seed: int = 9) -> list[str]:
    """*count* sentences of soup with a claim phrase in each (seeded: the same every run)."""
    rng = random.Random(seed)

    def soup() -> str:
        return "".join(
            rng.choice(_WORDS) + rng.choice(_SEPARATORS) for _ in range(rng.randrange(8))
        )

    return [
        " ".join((soup(), *(rng.choice(choices) for choices in rng.choice(_TEMPLATES)), soup()))
        for _ in range(count)
    ]


_MAY_HOLD_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|fifty|"
    r"a\s+hundred|hundred|twice|thrice|half|third|thirds|quarters?|fifths?|tenth)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")


def _same_matches(sentence: str) -> None:
    starts = rule_starts(sentence)
    for rule in RULES:
        found = [m.span() for m in rule_matches(rule, sentence, starts)]
        assert found == [m.span() for m in rule.finditer(sentence)], (rule.pattern[:60], sentence)


def test_rules_tried_at_their_start_positions_find_what_a_full_search_finds():
    for sentence in _claim_sentences(4000):
        _same_matches(sentence)


@given(_soup)
def test_rules_tried_at_their_start_positions_find_what_a_full_search_finds_in_any_words(sentence):
    _same_matches(sentence)


@given(_soup)
def test_number_precheck_agrees_with_the_regular_expression(sentence):
    assert may_hold_number(sentence) == bool(_MAY_HOLD_NUMBER.search(sentence))


@given(_soup)
def test_sentences_split_as_the_lookbehind_pattern_splits_them(sentence):
    expected, start = [], 0
    for match in _SENTENCE_END.finditer(sentence):  # the split as first written, stop looked behind
        before = sentence[start : match.start()].rstrip('.!?"”’)').split()
        if (
            before
            and before[-1].lower().rstrip(".") in _ABBREVIATIONS
            and sentence[match.start() - 1] == "."
        ):
            continue
        expected.append((start, match.start(), sentence[start : match.start()].strip()))
        start = match.end()
    expected.append((start, len(sentence), sentence[start:].strip()))
    assert split_sentences(sentence) == expected


def test_a_paragraph_without_a_number_gives_no_claim_even_with_number_lookalikes():
    assert (
        find_claims(_article("Someone often strains a tendon; the weight of it tends to hurt."))
        == []
    )
    assert [c.value for c in find_claims(_article("Often, one in five runners get hurt."))] == [
        20.0
    ]


@pytest.mark.parametrize(
    "sentence, value",
    [("ſix in ten runners get hurt.", 60.0), ("ＴＷＯ in ten runners get hurt.", None)],
)
def test_letters_that_fold_to_number_words_are_read_not_crashed(sentence, value):
    # The patterns match case-insensitively (Unicode folding: "ſ" is "s"), so the number reader
    # folds alike.
    values = [fields["value"] for _, fields in claims_in(sentence)]
    assert values == ([value] if value is not None else [])


@pytest.mark.parametrize(
    ("sentence", "claims"),
    [
        ("Nudge your cadence up by about 5% using a metronome app.", []),
        ("Treatment: a cadence increase of around 5% to soften each landing.", []),
        ("Monitor weekly mileage increases to keep them below 10%, as jumps hurt.", []),
        ("A common rule of thumb is no more than 10% a week.", []),
        ("Increase your mileage by no more than 10% per week.", []),
        # the condition is advice; the comparison is a claim
        (
            "Runners who add more than 10 percent to their weekly mileage are 2 times as likely "
            "to get injured.",
            ["2 times as likely"],
        ),
        ("Injuries rose by 20% among novices.", ["20%"]),
        ("About 14% of members had lost a week of training.", ["About 14%"]),
    ],
)
def test_training_prescriptions_are_not_claims(sentence, claims):
    assert [fields["text"] for _, fields in claims_in(sentence)] == claims


def test_rates_whose_unit_comes_first():
    found = [
        fields
        for _, fields in claims_in(
            "Measured per 1,000 hours of running, novices are injured at a rate of about 15, "
            "compared with about 7 for experienced runners."
        )
    ]
    assert [(c["text"], c["value"], c["unit"], c["qualifier"]) for c in found] == [
        ("about 15", 15.0, "injuries per 1000 hours", "about"),
        ("about 7", 7.0, "injuries per 1000 hours", "about"),
    ]
    assert found[0]["subject"] == "novices" and found[1]["subject"].endswith("runners")
    # numbers after a unit that are not rates stay out
    assert claims_in("We run 3 times per week, at a pace of 10 km an hour.") == []


@pytest.mark.parametrize(
    "sentence, text, subject",
    [
        (
            "Half of runners get hurt, and roughly three-quarters of those are overuse injuries.",
            "roughly three-quarters",
            "runners",
        ),
        ("Back pain touches around 80% of us at some point.", "around 80%", "people"),
        ("Knee problems show a prevalence of around 24% among runners.", "around 24%", "runners"),
    ],
)
def test_people_named_elsewhere_than_after_of(sentence, text, subject):
    found = {fields["text"]: fields["subject"] for _, fields in claims_in(sentence)}
    assert found[text] == subject


@pytest.mark.parametrize(
    "sentence, text, value, low, high, qualifier",
    [
        (
            "Runners average four injuries for every 1,000 hours they run.",
            "four injuries for every 1,000 hours",
            4.0,
            None,
            None,
            "",
        ),
        (
            "Runners sustain between 2.5 and 33 injuries per 1000 hours of running.",
            "between 2.5 and 33 injuries per 1000 hours",
            17.75,
            2.5,
            33.0,
            "between",
        ),
        (
            "Runners face as much as a 10% chance of developing plantar fasciitis.",
            "as much as a 10%",
            10.0,
            None,
            None,
            "up to",
        ),
    ],
)
def test_rates_in_words_rate_ranges_and_chances(sentence, text, value, low, high, qualifier):
    claim = one(sentence)
    assert (claim["text"], claim["value"], claim["low"], claim["high"]) == (text, value, low, high)
    assert claim["qualifier"] == qualifier and claim["subject"] == "runners"


def test_minutes_in_words_are_no_rate():
    assert claims_in("Take two minutes away from your desk every 20 minutes.") == []


def test_double_the_rate_is_a_relative_risk_but_double_the_rest_is_advice():
    claim = one("Trail runners reported ankle pain at nearly double the rate of road runners.")
    assert (claim["value"], claim["unit"], claim["subject"]) == (2.0, "times", "trail runners")
    assert claims_in("Reduce your mileage and double the number of rest days.") == []


def test_people_named_before_a_range_or_them():
    # "the share of runners who develop it at 0.3% to 22%": the people came before the range
    claim = one(
        "Reviews put the share of runners who develop back pain at anywhere from 0.3% to 22%."
    )
    assert (claim["low"], claim["high"], claim["subject"]) == (0.3, 22.0, "runners")
    # "… followed beginners …, one in ten of them picked up an injury": them are the beginners
    claim = one("Researchers followed beginners for six weeks, and one in ten of them got hurt.")
    assert claim["value"] == 10.0 and "beginners" in claim["subject"]
    assert one("Three out of the four of us who started got injured.")["value"] == 75.0


def test_prescribed_changes_are_not_claims():
    assert claims_in("Once you know your cadence, try lifting it by roughly 5%.") == []
    assert (
        claims_in("Build up gradually, adding no more than 10 percent from one week to the next.")
        == []
    )


def test_n_of_m_in_digits_and_effects_of_advice_are_claims():
    assert one("In our club, 9 of the 14 strains happened late in a session.")["value"] == 64.29
    assert claims_in("It is one of the three causes.") == []
    # under a tip, an effect on injuries is a claim ("reduce your mileage by 10%" is advice)
    article = parse_article(
        "curls.md",
        "# Hamstring Strains\n\nThey come back.\n\n## How to prevent them\n\n"
        "### 1. Add Nordic curls\n\nA pooled analysis found that Nordic curls cut hamstring "
        "injuries by roughly half.\n\n### 2. Warm up\n\nReduce your mileage by 10% first.\n",
    )
    assert [c.text for c in article.claims] == ["roughly half"]


def test_people_before_a_bracketed_number_or_an_aside():
    assert one("Most ultramarathoners (64.6%) reported an injury in the past year.")["subject"] == (
        "ultramarathoners"
    )
    claim = one("Up to 70 per cent of runners, recreational and competitive, sustain an injury.")
    assert claim["measure"].startswith("sustain an injury")


def test_the_writers_own_people_effects_and_scales():
    # "of our marathoners": people (the article's own); a drop in strength is an effect, not
    # advice; "half as much" is a relative figure; "3 out of 10 effort" is a scale
    assert one("Of our runners, 74% of our marathoners reported sore quads.")["value"] == 74.0
    assert one("Leg strength can drop by about 20% after a marathon.")["value"] == 20.0
    assert one("Runners who did one downhill session had half as much soreness.")["value"] == 0.5
    assert claims_in("Keep the run easy, around 3 out of 10 effort.") == []
    assert claims_in("To stay injury-free, increase your weekly mileage by no more than 10%.") == []


def test_treadmill_settings_are_not_claims():
    assert claims_in("Running at 0% incline for every session means the same joint angles.") == []
    assert claims_in("Set the deck to a gentle incline of 1% for easy runs.") == []
