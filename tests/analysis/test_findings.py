"""Analyses: the fact-check gives references.md's statuses, the maths is right."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from runreport import config
from runreport.analysis import findings as analysis
from runreport.analysis.tables import build_tables
from runreport.factcheck.annotations import load_annotations, load_lexicon
from runreport.factcheck.evidence import load_evidence


@pytest.fixture(scope="module")
def seed(seed_article, seed_path):
    tables = build_tables(seed_article)
    sources = load_evidence(config.EVIDENCE_FILE)
    ann = load_annotations(config.annotations_for(seed_path), tables, sources, seed_path)
    return tables, sources, ann, load_lexicon(config.LEXICON_FILE)


def test_fact_check_statuses_match_references(seed):
    tables, sources, ann, _ = seed
    fact = analysis.fact_check(tables["claims"], sources, ann).set_index("line")
    assert fact["status"].to_dict() == {
        2: "unsourced",
        17: "unsourced",
        26: "misattributed",
        27: "misattributed",
        81: "unsourced",
    }
    assert fact.loc[26, ["source_value", "ci_low", "ci_high"]].tolist() == [17.8, 16.7, 19.1]
    assert fact.loc[27, ["source_value", "ci_low", "ci_high"]].tolist() == [7.7, 6.9, 8.7]
    assert fact.loc[26, "status_label"] == "number right but misattributed"
    assert set(fact["review"]) == {"reviewed"}
    assert fact.loc[2, "status_label"] == "unsourced; contradicted by the article"
    assert "10.1007/s40279-015-0333-8" in fact.loc[26, "url"]
    assert (
        fact.loc[81, "contradicts"] == "line 2 (14%)"
        and fact.loc[2, "contradicts"] == "line 81 (19%)"
    )
    assert fact.loc[17, "contradicts"] == ""
    assert fact.loc[2, "quote"] == "Research says 14% of runners have a bad back."


def test_contradiction_is_detected_not_typed(seed):
    tables = seed[0]
    found = analysis.find_contradictions(tables["claims"])
    assert found[["line", "other_line"]].values.tolist() == [[2, 81], [81, 2]]
    # Same unit, different subject: no contradiction.
    claims = tables["claims"].copy()
    claims.loc[claims["line"] == 81, "subject"] = "cyclists"
    assert analysis.find_contradictions(claims).empty
    # Rates without a stated subject are not compared (17.8 vs 7.7 are different groups).
    assert not (found["unit"] != "%").any()


def test_not_annotated(seed):
    tables, sources, _, lexicon = seed
    fact = analysis.fact_check(tables["claims"], sources, None).set_index("line")
    # Computed without annotations: the same verdicts as the reviewed ones, except 65% of employees,
    # whose population only an editor can judge (the nearest figure is for one provider's workplace
    # data).
    assert fact["status"].to_dict() == {
        2: "unsourced",
        17: "out of range",
        26: "misattributed",
        27: "misattributed",
        81: "unsourced",
    }
    assert (
        set(fact["review"]) == {"automatic"}
        and fact["status_label"].str.endswith("(automatic)").all()
    )
    assert len(analysis.incidence_table(fact.reset_index(), sources, None)) == 2
    # without a lexicon to suggest them, nothing is categorised
    assert set(analysis.tips_overview(tables["tips"], None)["category"]) == {"not annotated"}
    # with one, categories and links are suggested and said to be automatic
    causes = analysis.causes_overview(tables["causes"], lexicon, None)
    assert causes["category"].str.endswith("(automatic)").all()
    assert (causes["category"] != "other (automatic)").sum() >= 5  # the lexicon knows the genre
    tips = analysis.tips_overview(tables["tips"], None, lexicon, tables["causes"])
    assert tips["category"].str.endswith("(automatic)").all()
    assert "not annotated" not in set(tips["addresses"])


def test_mention_matrix_word_boundaries():
    lexicon = pd.DataFrame(
        [
            ("treatment", "rest", "rest"),
            ("treatment", "brace", "brace"),
            ("treatment", "brace", "back brace"),
            ("symptom", "pain", "pain"),
        ],
        columns=["kind", "term", "phrase"],
    )
    causes = pd.DataFrame(
        {
            "number": [1, 2],
            "title": ["A", "B"],
            "body": [
                "Rest. The rest of it; restore, interest, a back  brace.",
                "Painful pain, PAIN.",
            ],
        }
    )
    matrix = analysis.mention_matrix(causes, lexicon, "treatment")
    assert matrix.loc["1. A"].to_dict() == {"rest": 2, "brace": 1}
    assert analysis.mention_matrix(causes, lexicon, "symptom").loc["2. B", "pain"] == 2


def test_seed_treatments(seed):
    tables, _, _, lexicon = seed
    matrix = analysis.mention_matrix(tables["causes"], lexicon, "treatment")
    assert matrix.loc["4. Discs Pressing", "epidural steroids"] == 1
    assert matrix.loc["5. Squeezed Nerves", "traction"] == 1
    assert matrix.loc["6. Curvy Spine Hurts", "brace"] >= 1
    assert matrix.loc["2. Lots Of Work, Same Moves", "surgery"] == 0


def test_tip_coverage_gaps(seed):
    tables, _, ann, _ = seed
    coverage = analysis.tip_coverage(tables["tips"], tables["causes"], ann.links)
    assert coverage.shape == (9, 7) and coverage.values.sum() == len(ann.links)
    gaps = analysis.coverage_gaps(coverage)
    assert gaps == {
        "causes_without_tip": ["3. Accidents Lead To Injuries"],
        "tips_without_cause": ["4. Sleep Right"],
    }


def test_anatomy(seed):
    tables, _, ann, _ = seed
    anatomy = analysis.article_anatomy(tables, ann.products).set_index("section")
    assert anatomy["words"].sum() == tables["sections"]["words"].sum()
    assert math.isclose(anatomy["share"].sum(), 1.0, abs_tol=1e-3)
    assert anatomy.loc["tips", "products"] == 4 and anatomy.loc["reasons", "products"] == 1
    assert anatomy.loc["reasons", "related"] == 4 and anatomy.loc["conclusion", "quoted"] == 2
    assert anatomy["claims"].sum() == 5


def test_risk_poisson(seed):
    tables, sources, ann, _ = seed
    fact = analysis.fact_check(tables["claims"], sources, ann)
    incidence = analysis.incidence_table(fact, sources, ann)
    assert incidence["group"].tolist() == ["Novice runners", "Recreational runners"]
    risk = analysis.season_risk(incidence, weekly_hours=[2.0], weeks=10)
    novice = risk[risk["group"] == "Novice runners"].iloc[0]
    assert novice["season_hours"] == 20.0
    assert math.isclose(novice["expected"], 17.8 * 20 / 1000, rel_tol=1e-6)
    assert math.isclose(novice["p_any"], 1 - math.exp(-0.356), rel_tol=1e-5)
    assert novice["expected_low"] < novice["expected"] < novice["expected_high"]
    assert (np.diff(analysis.season_risk(incidence)["p_any"].to_numpy()[:16]) > 0).all()
    assert (
        "Poisson" in analysis.describe_risk_model() and "26 weeks" in analysis.describe_risk_model()
    )


def test_prevalence_context(seed):
    tables, sources, ann, _ = seed
    fact = analysis.fact_check(tables["claims"], sources, ann)
    context = analysis.prevalence_context(fact, sources, ann)
    lit = context[context["kind"] == "literature"]
    assert {(r.low, r.high) for r in lit.itertuples()} >= {(0.7, 20.2), (15.6, 19.5), (22.6, 22.6)}
    assert (lit["label"].str.contains("back|thoracic", case=False)).all()
    assert context.loc[context["kind"] == "article", "low"].tolist() == [14.0, 19.0]
    assert not context["label"].str.contains("employees").any()
    assert not context["label"].str.contains("incidence").any()


def test_references_table(seed):
    refs = analysis.references_table(seed[1]).set_index("source")
    assert refs.loc["videbaek2015", "reference"].startswith(
        "Videbæk S, Bueno AM, Nielsen RO, Rasmussen S. Incidence"
    )
    assert refs.loc["videbaek2015", "url"] == "https://doi.org/10.1007/s40279-015-0333-8"
    assert ".." not in "".join(refs["reference"])


def test_contradictions_belong_to_claims_not_lines():
    claims = pd.DataFrame(
        {
            "value": [30.0, 20.0, 50.0],
            "unit": ["%", "%", "%"],
            "line": [2, 2, 5],
            "subject": ["runners", "riders", "runners"],
            "kind": ["percent", "proportion", "percent"],
            "text": ["30%", "one in five", "50%"],
            "measure": ["have back pain"] * 3,
            "low": [np.nan] * 3,
            "high": [np.nan] * 3,
        }
    )
    found = analysis.find_contradictions(claims)
    assert found[["claim", "other_claim"]].values.tolist() == [[0, 2], [2, 0]]


def test_methods_list_only_sources_used(seed):
    tables, sources, ann, lexicon = seed
    from runreport.analysis.study import Study

    study = Study(None, tables, sources, lexicon, ann)
    assert study.used_sources == {
        "videbaek2015",
        "championhealth2022",
        "clevelandclinic-upper-back-pain",
        "maselli2021",
        "maselli2020",
        "briggs2009",
    }
    bare = Study(None, {**tables, "claims": tables["claims"].iloc[0:0]}, sources, lexicon, None)
    assert bare.used_sources == set() and bare.references.empty
