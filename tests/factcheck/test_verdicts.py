"""Verdicts computed from evidence: agreement, statuses, contradictions, and annotations held to
their numbers."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from runreport import config
from runreport.analysis.study import load_study
from runreport.analysis.tables import build_tables
from runreport.errors import InputError
from runreport.factcheck import verdicts
from runreport.factcheck.evidence import FIGURE_COLUMNS, SOURCE_COLUMNS, Evidence
from runreport.ingest.article import Claim, Paragraph
from runreport.ingest.claims import find_claims

SEED_ANNOTATIONS = config.ANNOTATIONS_DIR / "upper-back-sore-after-running.yaml"


def library(*figures: dict) -> Evidence:
    """A small library with one source and *figures* (defaults: runners, back pain prevalence,
    %)."""
    rows = []
    for n, fig in enumerate(figures):
        row = {
            "source": "s",
            "figure": f"f{n}",
            "label": f"figure {n}",
            "value": math.nan,
            "ci_low": math.nan,
            "ci_high": math.nan,
            "approximate": False,
            "unit": "%",
            "population": "runners",
            "measure": "back pain",
            "kind": "prevalence",
            "period": "",
            "body_site": "back",
            "population_terms": "runners",
            "qualifier": "",
            "quote": "q",
            **fig,
        }
        if "low" not in fig:
            row["low"] = row["high"] = row["value"]
        rows.append(row)
    source = {
        "source": "s",
        "authors": "Smith J, Jones K",
        "year": 2020,
        "title": "T",
        "journal": "J",
        "citation": None,
        "doi": None,
        "url": "https://example.org/t",
        "design": "cohort",
        "read_at": None,
        "quote": None,
    }
    return Evidence(
        pd.DataFrame([source], columns=SOURCE_COLUMNS), pd.DataFrame(rows, columns=FIGURE_COLUMNS)
    )


class _Article:
    def __init__(self, *paragraphs: str) -> None:
        from types import SimpleNamespace

        texts = [Paragraph(n, t) for n, t in enumerate(paragraphs, start=2)]
        self.sections = [
            SimpleNamespace(key="intro", paragraphs=texts, items=[], texts=lambda: texts)
        ]
        self.references = []


def claims_of(*paragraphs: str) -> pd.DataFrame:
    found: list[Claim] = find_claims(_Article(*paragraphs))
    frame = pd.DataFrame([c.__dict__ for c in found])
    return frame[
        [
            "value",
            "unit",
            "line",
            "section",
            "quote",
            "item",
            "kind",
            "text",
            "subject",
            "low",
            "high",
            "qualifier",
            "measure",
            "attribution",
        ]
    ]


def verdict(sentence: str, evidence: Evidence) -> pd.Series:
    table = verdicts.verdict_table(claims_of(sentence), evidence)
    assert len(table) == 1
    return table.iloc[0]


# Agreement ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, figure, agreement",
    [
        (
            "Some 18% of runners have back pain.",
            {"value": 17.8, "ci_low": 16.7, "ci_high": 19.1},
            "equal",
        ),
        ("Some 17.8% of runners have back pain.", {"value": 17.8}, "equal"),
        (
            "Some 17% of runners have back pain.",
            {"value": 17.8, "ci_low": 16.7, "ci_high": 19.1},
            "inside CI",
        ),
        ("Some 14% of runners have back pain.", {"low": 0.7, "high": 20.2}, "inside range"),
        ("Up to 20.2% of runners have back pain.", {"low": 0.7, "high": 20.2}, "equal"),
        ("More than 15% of runners have back pain.", {"value": 17.8}, "within bound"),
        (
            "Between 15% and 20% of runners have back pain.",
            {"value": 17.8},
            "contains figure",
        ),  # the figure lies inside the claim's range
        (
            "Some 25% of runners have back pain.",
            {"value": 17.8, "ci_low": 16.7, "ci_high": 19.1},
            "outside",
        ),
        ("Some 17.5% of runners have back pain.", {"value": 17.8}, "outside"),
    ],
)
def test_agreement(sentence, figure, agreement):
    row = verdict(sentence, library(figure))
    assert row["agreement"] == agreement
    assert row["status"] == ("out of range" if agreement == "outside" else "verified")


def test_reason_states_the_numbers_shown():
    row = verdict(
        "Some 18% of runners have back pain.",
        library({"value": 17.8, "ci_low": 16.7, "ci_high": 19.1}),
    )
    assert row["verdict"] == (
        "Smith J, Jones K (2020) reports 17.8% (95% CI 16.7–19.1) for runners (prevalence, "
        "back); the article's 18% is the same number at its precision."
    )
    assert row["review"] == "automatic" and row["status_label"] == "verified (automatic)"
    # Every number in the reason is the article's or the figure's.
    assert set(re.findall(r"\d+(?:\.\d+)?", row["verdict"])) <= {
        "18",
        "17.8",
        "16.7",
        "19.1",
        "2020",
        "95",
    }


# Statuses -----------------------------------------------------------------------------------------


def test_misattributed_when_the_number_belongs_to_another_population():
    evidence = library(
        {
            "value": 7.7,
            "ci_low": 6.9,
            "ci_high": 8.7,
            "unit": "injuries per 1000 hours",
            "kind": "rate",
            "body_site": "any",
            "population_terms": "recreational runners; runners",
            "population": "recreational runners",
            "measure": "running-related injuries",
        }
    )
    row = verdict("Seasonal runners see 7.7 injuries per 1000 hours of running.", evidence)
    assert row["status"] == "misattributed" and row["agreement"] == "equal"
    assert "the article's population is “seasonal runners”" in row["verdict"]
    same = verdict("Recreational runners see 7.7 injuries per 1000 hours of running.", evidence)
    assert same["status"] == "verified"


def test_misattributed_when_the_article_names_another_cause():
    evidence = library(
        {
            "value": 17.8,
            "unit": "injuries per 1000 hours",
            "kind": "rate",
            "body_site": "any",
            "population_terms": "runners",
            "measure": "running-related injuries (not accidents)",
        }
    )
    row = verdict_with_context(evidence)
    assert row["status"] == "misattributed"
    assert "caused by accidents" in row["verdict"]


def verdict_with_context(evidence):
    claims = claims_of(
        "Accidents are common for runners. So much so that they cause 17.8 injuries per 1000 hours "
        "of running."
    )
    return verdicts.verdict_table(claims, evidence).iloc[0]


def test_out_of_range_and_unsourced():
    evidence = library(
        {"value": 22.6, "body_site": "low back"},
        {"low": 0.7, "high": 20.2, "body_site": "low back"},
    )
    assert verdict("Some 30% of runners have low back pain.", evidence)["status"] == "out of range"
    # Back pain in general is not low back pain: the low-back range does not verify it, and 14 is no
    # figure's number.
    row = verdict("Some 14% of runners have back pain.", evidence)
    assert row["status"] == "unsourced" and row["source"] == "" and math.isnan(row["source_value"])
    assert "a different body site" in row["verdict"]
    # A coincidence in another body site and group is not a misattribution.
    other = library(
        {
            "value": 19.0,
            "body_site": "foot-ankle",
            "population_terms": "female runners; women",
            "kind": "share of injuries",
        }
    )
    assert verdict("About 19% of runners have back pain.", other)["status"] == "unsourced"
    assert (
        verdict("About 19% of cyclists have back pain.", library({"value": 19.0}))["status"]
        == "unsourced"
    )


def test_a_range_is_the_same_number_only_when_both_its_ends_are():
    evidence = library({"low": 3.5, "high": 34.8, "body_site": "upper back"})
    # 4 is 3.5 rounded, but 72 is not 34.8: the article's range is not this figure
    row = verdict("Between 4% and 72% of runners have upper back pain.", evidence)
    assert row["agreement"] != "equal" and row["status"] == "out of range"
    row = verdict("Between 3.5% and 34.8% of runners have upper back pain.", evidence)
    assert row["agreement"] == "equal" and row["status"] == "verified"


def test_a_condition_figure_of_another_population_is_misattributed_only_when_equal():
    general = {
        "value": 22.7,
        "body_site": "patellofemoral",
        "population_terms": "general population; adults; people",
        "measure": "annual prevalence of patellofemoral pain",
    }
    evidence = library(general)
    row = verdict("About 22.7% of runners have runner's knee each year.", evidence)
    assert row["status"] == "misattributed" and "“runners”" in row["verdict"]
    # Another number about the condition in another population is no trace of that figure
    assert verdict("About 19% of runners have runner's knee.", evidence)["status"] == "unsourced"


def test_the_whole_regions_figure_given_for_a_condition_in_it_is_misattributed():
    evidence = library(
        {"value": 28.0, "body_site": "knee", "kind": "share of injuries"},
        {"value": 17.0, "body_site": "patellofemoral", "kind": "share of injuries"},
    )
    row = verdict("Runner's knee accounts for 28% of running injuries.", evidence)
    assert row["status"] == "misattributed" and row["source_value"] == 28.0


def test_a_bound_equal_to_the_top_of_the_peoples_own_range_is_verified():
    evidence = library(
        {
            "value": 17.8,
            "unit": "injuries per 1000 hours",
            "kind": "rate",
            "body_site": "any",
            "population_terms": "novice runners",
        },
        {
            "low": 2.5,
            "high": 33.0,
            "unit": "injuries per 1000 hours",
            "kind": "rate",
            "body_site": "any",
            "population_terms": "runners; novice runners",
        },
    )
    sentence = "Novice runners suffer as many as {} injuries per 1000 hours of running."
    assert verdict(sentence.format(33), evidence)["status"] == "verified"
    # Inside the spread of studies is not enough: the novices' own figure says otherwise
    assert verdict(sentence.format(25), evidence)["status"] == "out of range"


@pytest.mark.parametrize(
    "text, site",
    [
        ("a foot or lower-limb problem", "lower extremity"),
        ("hip and knee pain", "lower extremity"),
        ("ankle sprains", "ankle sprain"),
        ("sprain an ankle", "ankle sprain"),
        ("knee pain, then back pain", "knee"),
    ],
)
def test_body_sites_joined_by_or_and_are_the_site_holding_both(text, site):
    from runreport.factcheck.claim_features import body_site

    assert body_site(text) == site


def test_rates_per_person_years_are_read_and_compared():
    evidence = library(
        {
            "value": 1080.5,
            "unit": "per 1000 person-years",
            "kind": "rate",
            "body_site": "patellofemoral",
            "population_terms": "amateur runners; runners",
        },
    )
    row = verdict(
        "Amateur runners develop patellofemoral pain at about 1080 cases per 1000 person-years.",
        evidence,
    )
    assert row["status"] == "verified" and row["unit"] == "per 1000 person-years"


@pytest.mark.parametrize(
    "sentence",
    [
        "About 40% of runners will have heel pain at some point.",
        "About 40% of runners get wrist injuries each year.",
    ],
)
def test_a_figure_for_any_site_does_not_verify_a_claim_about_one_part(sentence):
    # 40.2% of runners injured anywhere says nothing about heels or wrists: a wrong "verified"
    evidence = library({"value": 40.2, "body_site": "any", "kind": "incidence"})
    assert verdict("About 40% of runners get injured.", evidence)["status"] == "verified"
    assert verdict(sentence, evidence)["status"] == "unsourced"


# Contradictions -----------------------------------------------------------------------------------


def test_different_measures_do_not_contradict():
    claims = claims_of("Some 60% of runners are women.", "Some 5% of runners get hurt.")
    assert verdicts.find_contradictions(claims).empty


def test_same_subject_and_measure_contradict():
    claims = claims_of(
        "Research says 14% of runners have a bad back.", "About 19% of runners have back pain."
    )
    found = verdicts.find_contradictions(claims)
    assert found[["line", "other_line"]].values.tolist() == [[2, 3], [3, 2]]
    table = verdicts.verdict_table(claims, library({"value": 50.0, "body_site": "knee"}))
    assert (
        table["status_label"].tolist() == ["unsourced; contradicted by the article (automatic)"] * 2
    )
    assert table.loc[0, "contradicts"] == "line 3 (19%)"


@pytest.mark.parametrize(
    "first, second",
    [
        ("Some 14% of runners have back pain.", "About 14% of runners have back pain."),
        ("Some 14% of runners have back pain.", "Between 10% and 20% of runners have back pain."),
        ("Some 14% of runners have back pain.", "Some 19% of cyclists have back pain."),
        ("Some 14% of runners have back pain.", "Some 19% of runners have knee pain."),
    ],
)
def test_agreeing_or_unrelated_claims_do_not_contradict(first, second):
    assert verdicts.find_contradictions(claims_of(first, second)).empty


# The seed, and annotations held to their numbers --------------------------------------------------


def test_seed_verdicts_are_computed_not_copied(tmp_path, seed_path):
    """Without any status in the annotations, the engine reaches references.md's verdicts by
    itself."""
    text = re.sub(r"\n    status: [a-z ]+", "", SEED_ANNOTATIONS.read_text(encoding="utf-8"))
    assert "status: misattributed" not in text
    path = tmp_path / "ann.yaml"
    path.write_text(text, encoding="utf-8")
    fact = load_study(seed_path, path).fact_check.set_index("line")
    assert fact["status"].to_dict() == {
        2: "unsourced",
        17: "unsourced",
        26: "misattributed",
        27: "misattributed",
        81: "unsourced",
    }
    assert (
        fact.loc[2, "contradicts"] == "line 81 (19%)"
        and fact.loc[81, "contradicts"] == "line 2 (14%)"
    )
    assert (
        fact.loc[26, "figure_id"] == "novice-incidence"
        and fact.loc[27, "figure_id"] == "recreational-incidence"
    )
    statements = load_study(seed_path, path).statements
    assert statements[["line", "status"]].values.tolist() == [[19, "verified"]]


def _annotations(tmp_path, old: str, new: str):
    text = SEED_ANNOTATIONS.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    path = tmp_path / "ann.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text.splitlines()


@pytest.mark.parametrize(
    "old, new, needle, message",
    [
        # The example: 17.8 injuries per 1000 h "verified" against 22.6% of Italian runners.
        (
            "    status: misattributed\n"
            "    source: {source: videbaek2015, figure: novice-incidence}",
            "    status: verified\n    source: {source: maselli2021, figure: italian-lbp-year}",
            "  - line: 26",
            "is marked verified, but no figure with the same unit",
        ),
        (
            "    status: misattributed\n"
            "    source: {source: videbaek2015, figure: novice-incidence}",
            "    status: verified\n    source: {source: videbaek2015, figure: novice-incidence}",
            "  - line: 26",
            "is about a different population and measure",
        ),
        (
            "  - line: 17\n    value: 65\n    status: unsourced",
            "  - line: 17\n    value: 65\n    status: misattributed",
            "  - line: 17",
            "marked misattributed, but championhealth2022/msk-employees does not match 65%",
        ),
        (
            "  - line: 2\n    value: 14\n    status: unsourced",
            "  - line: 2\n    value: 14\n    status: misattributed",
            "  - line: 2",
            "marked misattributed, but no figure on file does not match 14%",
        ),
        (
            "  - line: 2\n    value: 14\n    status: unsourced",
            "  - line: 2\n    value: 14\n    status: out of range",
            "  - line: 2",
            "marked out of range, but no figure for the same measure",
        ),
        (
            "    population: different\n",
            "    population: same\n",
            "  - line: 17",
            "marked unsourced, but championhealth2022/msk-employees",
        ),
        (
            "    status: verified\n    source: {source: clevelandclinic-upper-back-pain}",
            "    status: verified\n    source: {source: briggs2009}",
            "  - line: 19",
            "the quote on file for 'briggs2009' does not say",
        ),
    ],
)
def test_a_status_the_numbers_contradict_is_an_error_at_its_line(
    tmp_path, seed_path, old, new, needle, message
):
    path, lines = _annotations(tmp_path, old, new)
    with pytest.raises(InputError) as info:
        load_study(seed_path, path)
    assert message in info.value.message, info.value.message
    assert info.value.path == str(path)
    assert lines[info.value.line - 1] == needle


def test_claims_table_columns(seed_article):
    claims = build_tables(seed_article)["claims"].set_index("line")
    assert claims.loc[81, "qualifier"] == "about" and claims.loc[27, "qualifier"] == "approximately"
    assert claims.loc[2, "attribution"] == "Research says"
    assert claims.loc[26, "attribution"] == "according to a study"
    assert claims.loc[27, "subject"] == "seasonal runners"


@pytest.mark.parametrize(
    "sentence",
    [
        "About 28% of running injuries are at the knee.",
        "The knee accounts for 28% of running injuries.",
    ],
)
def test_a_share_of_injuries_is_about_runners_and_its_site(sentence):
    evidence = library(
        {"value": 28.0, "kind": "share of injuries", "body_site": "knee"},
        {"value": 26.0, "kind": "share of injuries", "body_site": "foot-ankle"},
    )
    row = verdict(sentence, evidence)
    assert (row["status"], row["figure_id"], row["agreement"]) == ("verified", "f0", "equal")
    # The ankle's figure is 26%: the same measure, population and site disagrees.
    assert verdict(sentence.replace("knee", "ankle"), evidence)["status"] == "out of range"


def test_the_library_reaches_the_reviews_it_holds():
    """The real library: the van Gent range is lower-extremity injuries, so "are injured" is not the
    same site."""
    from runreport.factcheck.evidence import load_evidence

    evidence = load_evidence(config.EVIDENCE_FILE)
    row = verdict("Between 19.4% and 79.3% of long-distance runners are injured.", evidence)
    assert (row["status"], row["source_id"], row["agreement"]) == (
        "misattributed",
        "vangent2007",
        "equal",
    )
    assert "body site is “any”" in row["verdict"]
    knee = verdict(
        "Between 19.4% and 79.3% of long-distance runners get lower-limb injuries.", evidence
    )
    assert knee["status"] == "verified"
