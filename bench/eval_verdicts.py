"""Score the verdicts against what a fact-checker would sign (issue "Verdicts a fact-checker would
sign").

Run by ``make eval`` (``python bench/eval_verdicts.py [--cases FILE]``). The cases are
``tests/factcheck/verdict_cases.yaml``: sentences written for it the way running blogs state
their statistics, each with the status a careful fact-checker gives it from the evidence library
alone (verified, misattributed, out of range, unsourced, own data, or no claim) and the figure
that status rests on. :mod:`helpers.verdict_cases` puts each sentence into a tiny article, runs
the claim finder and the verdict code on it and compares the first claim of the sentence with
the case.

It prints the agreement (the status, and the figure where the case names one), a confusion matrix
of expected × computed statuses, the claims wrongly verified (computed verified, expected
anything else), the agreement by failure of the issue, every disagreement with the engine's
reason, and any reason that prints a number with float noise ("49.349999999999994").
``tests/factcheck/test_verdict_cases.py`` holds the engine to the same cases (no claim wrongly
verified, agreement at least 95 %).

It measures; it is not a test. The exit status is 0 however the engine does, and 2 with a message
when the cases file is malformed or names a figure the library does not hold.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from helpers.verdict_cases import (  # noqa: E402  (tests/ is put on the path just above)
    CASES_FILE,
    GOAL,
    STATUSES,
    Outcome,
    agreement,
    computed_statuses,
    confusion,
    evaluate_all,
    library,
    load_cases,
    unknown_figures,
)

#: The failures of the issue the cases' ``covers`` refer to.
FAILURES = {
    1: "a broad range beats the specific figure",
    2: "the article's own data",
    3: "a condition named before the verb",
    4: "measure verbs (pick up, get injured, sustain)",
    5: "a condition's share of injuries",
    6: "the item a sentence sits under",
    7: "training prescriptions",
    8: "reason sentences true and clean",
}


def _figure_of(outcome: Outcome) -> str:
    return outcome.figure or "—"


def _expected_figure(outcome: Outcome) -> str:
    return " or ".join(outcome.case.figures) or "—"


def summary(console: Console, outcomes: list[Outcome]) -> None:
    """The agreement, and how it stands against the goal."""
    agreed, total = agreement(outcomes)
    share = agreed / total if total else 0.0
    wrong = sum(o.wrongly_verified for o in outcomes)
    style = "green" if share >= GOAL and not wrong else "red"
    console.print(
        f"[bold]Agreement[/]: [{style}]{agreed}/{total} ({share:.1%})[/] "
        f"— goal ≥ {GOAL:.0%} with no claim wrongly verified; wrongly verified: {wrong}"
    )


def confusion_table(outcomes: list[Outcome]) -> Table:
    """Expected statuses (rows) × computed statuses (columns)."""
    counts = confusion(outcomes)
    columns = [s for s in computed_statuses(outcomes) if any(k[1] == s for k in counts)]
    table = Table(title="Expected × computed status", title_justify="left")
    table.add_column("expected \\ computed")
    for status in columns:
        table.add_column(status, justify="right")
    table.add_column("cases", justify="right")
    for expected in STATUSES:
        row = [counts.get((expected, s), 0) for s in columns]
        cells = [
            (f"[bold]{n}[/]" if s == expected else str(n)) if n else "·"
            for s, n in zip(columns, row, strict=True)
        ]
        table.add_row(expected, *cells, str(sum(row)))
    return table


def by_failure_table(outcomes: list[Outcome]) -> Table:
    """Agreement among the cases about each failure of the issue."""
    table = Table(title="By failure of the issue", title_justify="left")
    for name, justify in (("failure", "left"), ("cases", "right"), ("agree", "right")):
        table.add_column(name, justify=justify)
    table.add_column("wrongly verified", justify="right")
    for number, label in FAILURES.items():
        mine = [o for o in outcomes if number in o.case.covers]
        if number == 8:  # every reason sentence is about failure 8
            mine = [o for o in outcomes if o.reason]
            agreed = sum(not o.artefacts for o in mine)
        else:
            agreed = sum(o.agrees for o in mine)
        wrong = sum(o.wrongly_verified for o in mine)
        table.add_row(f"{number}. {label}", str(len(mine)), str(agreed), str(wrong))
    return table


def outcome_table(title: str, outcomes: list[Outcome]) -> Table:
    """One row per outcome: the case, what was expected and computed, and the engine's reason."""
    table = Table(title=title, title_justify="left", show_lines=True)
    table.add_column("case", overflow="fold", max_width=28)
    table.add_column("sentence", overflow="fold", ratio=2)
    table.add_column("expected", overflow="fold", ratio=1)
    table.add_column("computed", overflow="fold", ratio=1)
    table.add_column("reason", overflow="fold", ratio=3)
    for o in outcomes:
        item = f"[dim]({o.case.item})[/] " if o.case.item else ""
        claims = f" [dim]({o.claims} claims)[/]" if o.claims > 1 else ""
        table.add_row(
            o.case.id,
            item + o.case.sentence,
            f"{o.case.status}\n[dim]{_expected_figure(o)}[/]",
            f"{o.status}{claims}\n[dim]{_figure_of(o)}[/]",
            o.reason or "—",
        )
    return table


def report(console: Console, outcomes: list[Outcome]) -> None:
    """Print everything the evaluation measures."""
    summary(console, outcomes)
    console.print(confusion_table(outcomes))
    console.print(by_failure_table(outcomes))
    wrong = [o for o in outcomes if o.wrongly_verified]
    if wrong:
        console.print(outcome_table(f"Wrongly verified ({len(wrong)})", wrong))
    else:
        console.print("[green]No claim wrongly verified.[/]")
    noisy = [o for o in outcomes if o.artefacts]
    for o in noisy:
        console.print(f"[red]Float noise[/] in {o.case.id}: {', '.join(o.artefacts)}")
    disagreements = [o for o in outcomes if not o.agrees]
    if disagreements:
        console.print(outcome_table(f"Disagreements ({len(disagreements)})", disagreements))
    summary(console, outcomes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=Path, default=CASES_FILE, help="the cases YAML")
    args = parser.parse_args(argv)
    console = Console(width=max(Console().width, 160))
    try:
        cases = load_cases(args.cases)
    except (OSError, ValueError, KeyError, TypeError) as error:
        print(f"eval_verdicts: {args.cases}: {error}", file=sys.stderr)
        return 2
    evidence = library()
    unknown = unknown_figures(cases, evidence)
    if unknown:
        print("eval_verdicts: figures not in the library: " + "; ".join(unknown), file=sys.stderr)
        return 2
    console.rule(f"Verdicts: {len(cases)} cases from {args.cases.name}")
    report(console, evaluate_all(cases, evidence))
    return 0


if __name__ == "__main__":
    sys.exit(main())
