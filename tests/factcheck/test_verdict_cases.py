"""Verdicts a fact-checker would sign: the engine against the cases of verdict_cases.yaml.

The cases say what a careful fact-checker gives each sentence from the evidence library alone
(see the file's header); :mod:`helpers.verdict_cases` runs them, and ``make eval`` prints the
same scores in full. No claim may be verified that a fact-checker would not sign, and the engine
must agree with at least 95 % of the cases (``GOAL``, issue 22).
"""

from __future__ import annotations

import pytest

from helpers.verdict_cases import (
    GOAL,
    STATUSES,
    Outcome,
    agreement,
    evaluate_all,
    library,
    load_cases,
    unknown_figures,
)

MIN_CASES = 85


@pytest.fixture(scope="module")
def outcomes() -> list[Outcome]:
    return evaluate_all(load_cases(), library())


def _lines(outcomes: list[Outcome]) -> str:
    return "\n".join(
        f"  {o.case.id}: expected {o.case.status} ({' or '.join(o.case.figures) or '-'}), "
        f"computed {o.status} ({o.figure or '-'}) — {o.reason}"
        for o in outcomes
    )


def test_the_cases_cover_every_status_with_figures_on_file():
    cases = load_cases()
    assert len(cases) >= MIN_CASES
    assert {c.status for c in cases} == set(STATUSES)
    assert unknown_figures(cases, library()) == []


def test_no_claim_is_wrongly_verified(outcomes):
    wrong = [o for o in outcomes if o.wrongly_verified]
    assert not wrong, (
        f"{len(wrong)} claims verified that a fact-checker would not sign:\n" + _lines(wrong)
    )


def test_the_engine_agrees_with_the_fact_checker(outcomes):
    agreed, total = agreement(outcomes)
    assert agreed / total >= GOAL, (
        f"agreement {agreed}/{total} ({agreed / total:.1%}) fell below {GOAL:.0%}; "
        "disagreements:\n" + _lines([o for o in outcomes if not o.agrees])
    )


def test_reasons_print_clean_numbers(outcomes):
    noisy = [o for o in outcomes if o.artefacts]
    assert not noisy, "reasons with float noise:\n" + _lines(noisy)


def test_misattributions_say_what_the_article_changed(outcomes):
    # A misattribution's reason names what differs from the figure used: its people, measure,
    # site or period. A reason ending "but the article's ." says nothing and is not true of it.
    said = ("population", "measure", "body site", "period", "among others")
    vague = [
        o
        for o in outcomes
        if o.status == "misattributed"
        and not any(word in o.reason.split(", but ")[-1] for word in said)
    ]
    assert not vague, "misattributions that do not say what differs:\n" + _lines(vague)
