"""Verdicts a fact-checker would sign: the cases of ``tests/factcheck/verdict_cases.yaml`` run
through the claim finder and the verdict code, and scored against what a careful fact-checker
says.

Each case is one sentence, put alone into a tiny Markdown article (under a cause's heading when
the case gives an ``item``). The article is parsed with
:func:`runreport.ingest.parse.parse_article`; its ``claims`` table is built and validated as
:func:`runreport.analysis.tables.build_tables` builds it (alone: the other tables cost most of
the time and the verdicts do not read them) and judged against the evidence library with
:func:`runreport.factcheck.verdicts.verdict_table`. The first claim found on the sentence's line
is compared with the expected status and figure.

Shared by ``bench/eval_verdicts.py``, which prints the scores, and
``tests/factcheck/test_verdict_cases.py``, which holds the engine to them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from ruamel.yaml import YAML

from runreport import config
from runreport.analysis import tables
from runreport.errors import InputError
from runreport.factcheck.evidence import Evidence, load_evidence
from runreport.factcheck.verdicts import verdict_table
from runreport.ingest.parse import parse_article

CASES_FILE = Path(__file__).resolve().parents[1] / "factcheck" / "verdict_cases.yaml"

#: The statuses a case may expect: the verdict code's, the article's own data, and no claim.
STATUSES = ("verified", "misattributed", "out of range", "unsourced", "own data", "no claim")
#: Statuses whose verdict rests on a figure (a case must name it).
WITH_FIGURE = ("verified", "misattributed", "out of range")
NO_CLAIM = "no claim"
ERROR = "error"  # the article could not be parsed or judged
#: The agreement the engine must reach.
GOAL = 0.95
#: A number printed with a float's noise ("49.349999999999994").
FLOAT_ARTEFACT = re.compile(r"\d\.\d{6,}")

TITLE = "# Running injuries"
INTRO = (
    "Most runners meet an injury sooner or later. Here is what causes them and how to stay on "
    "the road."
)
CAUSES_HEADING = "## Common Causes of Pain"
_FIELDS = {"id", "sentence", "item", "status", "figure", "covers", "why"}


@dataclass(frozen=True)
class Case:
    """One sentence and the verdict a careful fact-checker gives it."""

    id: str
    sentence: str
    status: str
    figures: tuple[str, ...]  # "source/figure" keys, any of which will do; () for none
    why: str
    item: str | None = None
    covers: tuple[int, ...] = ()


@dataclass(frozen=True)
class Outcome:
    """What the claim finder and the verdict code made of one case."""

    case: Case
    status: str  # the computed status, NO_CLAIM or ERROR
    figure: str  # "source/figure" the verdict shows, or ""
    reason: str  # the verdict's reason sentence (the error message for ERROR)
    claims: int  # claims found in the sentence

    @property
    def agrees(self) -> bool:
        """The status is the expected one and, where the case names figures, so is the figure."""
        if self.status != self.case.status:
            return False
        return not self.case.figures or self.figure in self.case.figures

    @property
    def wrongly_verified(self) -> bool:
        """Computed verified where a fact-checker would not sign it."""
        return self.status == "verified" and self.case.status != "verified"

    @property
    def artefacts(self) -> list[str]:
        """Numbers of the reason sentence printed with float noise."""
        return FLOAT_ARTEFACT.findall(self.reason)


# Reading the cases -----------------------------------------------------------------------------


def load_cases(path: Path = CASES_FILE) -> list[Case]:
    """The cases of *path*.

    Raises:
        ValueError: when a case lacks a field, has an unknown one, repeats an id, expects an
            unknown status, or names figures where its status rests on none (or the reverse).
    """
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    cases, seen = [], set()
    for n, entry in enumerate(data["cases"], start=1):
        where = f"{path.name}: case {n} ({entry.get('id', '?')})"
        missing = {"id", "sentence", "status", "figure", "why"} - set(entry)
        unknown = set(entry) - _FIELDS
        if missing or unknown:
            raise ValueError(f"{where}: missing {sorted(missing)}, unknown {sorted(unknown)}")
        if entry["id"] in seen:
            raise ValueError(f"{where}: the id is used twice")
        seen.add(entry["id"])
        if entry["status"] not in STATUSES:
            raise ValueError(f"{where}: unknown status {entry['status']!r}")
        figure = entry["figure"]
        figures = (
            tuple(figure) if isinstance(figure, list) else (() if figure is None else (figure,))
        )
        if bool(figures) != (entry["status"] in WITH_FIGURE):
            raise ValueError(
                f"{where}: a {entry['status']} case names a figure only if it rests on one"
            )
        cases.append(
            Case(
                id=entry["id"],
                sentence=" ".join(str(entry["sentence"]).split()),
                status=entry["status"],
                figures=figures,
                why=" ".join(str(entry["why"]).split()),
                item=entry.get("item"),
                covers=tuple(entry.get("covers") or ()),
            )
        )
    return cases


def unknown_figures(cases: list[Case], evidence: Evidence) -> list[str]:
    """The "case: source/figure" of every expected figure the library does not hold."""
    known = {f"{f.source}/{f.figure}" for f in evidence.figures.itertuples()}
    return [f"{c.id}: {f}" for c in cases for f in c.figures if f not in known]


def library() -> Evidence:
    """The evidence library the build uses."""
    return load_evidence(config.EVIDENCE_FILE)


# Running them ----------------------------------------------------------------------------------


def article_text(case: Case) -> tuple[str, int]:
    """The tiny Markdown article of *case*, and the line its sentence is on."""
    lines = [TITLE, "", INTRO, ""]
    if case.item:
        lines += [CAUSES_HEADING, "", f"### {case.item}", ""]
    lines.append(case.sentence)
    return "\n".join(lines) + "\n", len(lines)


def evaluate(case: Case, evidence: Evidence) -> Outcome:
    """Parse *case*'s article, judge its claims and keep the first claim of its sentence."""
    try:
        article = _parse(case)
        claims = tables.validate("claims", tables._claims_frame(article), article.path)
    except InputError as error:  # ArticleError included
        return Outcome(case, ERROR, "", str(error), 0)
    return _judge(case, claims, evidence)


def evaluate_all(
    cases: list[Case] | None = None, evidence: Evidence | None = None
) -> list[Outcome]:
    """Every case's outcome (the cases file and the library by default).

    As :func:`evaluate` case by case, but the claims tables are validated together, once: a
    validation per case would take most of the time.
    """
    cases = cases if cases is not None else load_cases()
    evidence = evidence if evidence is not None else library()
    frames: dict[str, pd.DataFrame] = {}
    failed: dict[str, Outcome] = {}
    for case in cases:
        try:
            frames[case.id] = tables._claims_frame(_parse(case))
        except InputError as error:
            failed[case.id] = Outcome(case, ERROR, "", str(error), 0)
    try:
        if frames:
            tables.validate(
                "claims", pd.concat(frames.values(), ignore_index=True), CASES_FILE.name
            )
    except InputError:  # say which case: validate each on its own
        return [evaluate(case, evidence) for case in cases]
    return [
        failed[case.id]
        if case.id in failed
        else _judge(case, frames[case.id].sort_values("line", kind="stable"), evidence)
        for case in cases
    ]


def _parse(case: Case):
    """The parsed article of *case*.

    Raises:
        ArticleError: when it cannot be parsed.
    """
    return parse_article(f"{case.id}.md", text=article_text(case)[0])


def _judge(case: Case, claims: pd.DataFrame, evidence: Evidence) -> Outcome:
    """The outcome of *case* given its article's *claims* table."""
    try:
        verdicts = verdict_table(claims.reset_index(drop=True), evidence)
    except InputError as error:
        return Outcome(case, ERROR, "", str(error), 0)
    found = verdicts[verdicts["line"] == article_text(case)[1]]
    if not len(found):
        return Outcome(case, NO_CLAIM, "", "", 0)
    first = found.iloc[0]
    figure = f"{first['source_id']}/{first['figure_id']}" if first["source_id"] else ""
    return Outcome(case, str(first["status"]), figure, str(first["verdict"]), len(found))


# Scores ----------------------------------------------------------------------------------------


def agreement(outcomes: list[Outcome]) -> tuple[int, int]:
    """How many outcomes agree with their case, and how many there are."""
    return sum(o.agrees for o in outcomes), len(outcomes)


def confusion(outcomes: list[Outcome]) -> Counter[tuple[str, str]]:
    """``(expected, computed)`` status pairs, counted."""
    return Counter((o.case.status, o.status) for o in outcomes)


def computed_statuses(outcomes: list[Outcome]) -> list[str]:
    """The statuses of the confusion matrix's columns: the known ones, then any other computed."""
    extra = sorted({o.status for o in outcomes} - set(STATUSES))
    return [*STATUSES, *extra]
