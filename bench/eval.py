"""Score the article parser against the evaluation corpus in ``tests/corpus/`` (issue 21).

Run by ``make eval`` (``python bench/eval.py [--corpus DIR]``). The corpus is a folder of
running-injury articles — plain text, Markdown and HTML, written for it in the shapes real
posts take — and ``expected.yaml``, which says what a careful reader counts in each: its title,
causes, injuries (named conditions given as items), tips, FAQ questions and numeric claims.

For every article it runs :func:`runreport.ingest.parse.parse_article` and compares the
parsed counts with the expected ones. The parser has no notion of injuries yet, so the
expected causes *plus* injuries are compared with the parsed causes; the injuries are shown
on their own for a later parser. A count is within tolerance when it is off by at most 20 %
of the expected count, or by one. It prints a table, the refusals with their messages, a
breakdown by shape and a summary measured against the issue's goals: accept all but at most
one article in 21 (≥ 95 %), and get every count within tolerance for ≥ 85 % of the accepted.

It measures; it is not a test. The exit status is 0 however the parser does, and 2 with a
message when the corpus is malformed: no folder, no or invalid ``expected.yaml``, an entry
with a missing or wrong field or an unknown shape, an article that is not listed, or a listed
article that does not exist.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from runreport.errors import ArticleError, InputError
from runreport.ingest.parse import parse_article

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
EXPECTED_NAME = "expected.yaml"

COUNTS = ("causes", "tips", "faqs", "claims")  # compared with the parsed article
FIELDS = {
    "title": str,
    "causes": int,
    "injuries": int,
    "tips": int,
    "faqs": int,
    "claims": int,
    "shapes": list,
    "note": str,
}
KINDS = {str: "a string", int: "a whole number", list: "a list"}
TOLERANCE = 0.20  # a count is right when off by at most this share of the expected count, or 1
ACCEPT_GOAL = 0.95  # accept all but at most 1 article in 21
COUNT_GOAL = 0.85  # share of accepted articles whose counts are all within tolerance


class CorpusError(Exception):
    """The corpus or its expected.yaml is malformed."""


@dataclass(frozen=True)
class Expected:
    """What a careful reader counts in one corpus article."""

    name: str
    title: str
    causes: int
    injuries: int
    tips: int
    faqs: int
    claims: int
    shapes: tuple[str, ...]
    note: str

    def want(self, count: str) -> int:
        """The expected value of *count* as the parser counts it (injuries are causes to it)."""
        if count == "causes":
            return self.causes + self.injuries
        return getattr(self, count)


@dataclass(frozen=True)
class Outcome:
    """What the parser made of one article: its counts, or why it gave none."""

    expected: Expected
    got: dict[str, int] | None = None
    title: str | None = None
    refusal: str | None = None  # the ArticleError/InputError message
    crash: str | None = None  # any other exception: a parser bug

    @property
    def accepted(self) -> bool:
        return self.got is not None

    def right(self, count: str) -> bool:
        return self.got is not None and within(self.expected.want(count), self.got[count])

    @property
    def all_right(self) -> bool:
        return self.accepted and all(self.right(count) for count in COUNTS)

    @property
    def title_right(self) -> bool:
        return self.title is not None and " ".join(self.title.split()) == self.expected.title


def within(expected: int, got: int) -> bool:
    """True when *got* is off from *expected* by at most 20 % of it, or by one."""
    return abs(got - expected) <= max(1.0, TOLERANCE * expected)


# Reading the corpus -----------------------------------------------------------------


def load_corpus(corpus: Path) -> list[Expected]:
    """The entries of *corpus*/expected.yaml, checked against the folder's files.

    Raises:
        CorpusError: the folder or expected.yaml is missing or malformed, an article file is
            not listed, or a listed article does not exist.
    """
    path = corpus / EXPECTED_NAME
    if not corpus.is_dir():
        raise CorpusError(f"{corpus}: no corpus folder")
    if not path.is_file():
        raise CorpusError(f"{path}: missing")
    try:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    except (YAMLError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise CorpusError(f"{path}: expected a mapping with 'shapes' and 'articles'")
    vocabulary = _vocabulary(data.get("shapes"), path)
    articles = data.get("articles")
    if not isinstance(articles, dict) or not articles:
        raise CorpusError(f"{path}: 'articles' must map each file name to its counts")
    entries = [_entry(str(name), fields, vocabulary, path) for name, fields in articles.items()]
    _check_files(corpus, [entry.name for entry in entries], path)
    return sorted(entries, key=lambda entry: entry.name)


def _vocabulary(shapes: object, path: Path) -> set[str]:
    if not isinstance(shapes, list) or not shapes:
        raise CorpusError(f"{path}: 'shapes' must list the shape names the entries may use")
    if not all(isinstance(shape, str) for shape in shapes):
        raise CorpusError(f"{path}: every name under 'shapes' must be a string")
    return set(shapes)


def _entry(name: str, fields: object, vocabulary: set[str], path: Path) -> Expected:
    where = f"{path}: {name}"
    if not isinstance(fields, dict):
        raise CorpusError(f"{where}: expected a mapping of {', '.join(FIELDS)}")
    missing = [key for key in FIELDS if key not in fields]
    unknown = sorted(set(fields) - set(FIELDS))
    if missing or unknown:
        raise CorpusError(f"{where}: missing {missing or 'nothing'}, unknown {unknown or 'none'}")
    for key, kind in FIELDS.items():
        value = fields[key]
        if not isinstance(value, kind) or isinstance(value, bool):
            raise CorpusError(f"{where}: '{key}' must be {KINDS[kind]}, not {value!r}")
        if kind is int and value < 0:
            raise CorpusError(f"{where}: '{key}' must not be negative")
    odd = [shape for shape in fields["shapes"] if shape not in vocabulary]
    if odd or not fields["shapes"]:
        raise CorpusError(f"{where}: shapes must be a non-empty list from 'shapes'; odd: {odd}")
    if not fields["title"].strip():
        raise CorpusError(f"{where}: 'title' is empty")
    values = {key: fields[key] for key in FIELDS if key != "shapes"}
    return Expected(name=name, shapes=tuple(fields["shapes"]), **values)


def _check_files(corpus: Path, listed: list[str], path: Path) -> None:
    present = {
        item.name
        for item in corpus.iterdir()
        if item.is_file() and not item.name.startswith(".") and item.name != EXPECTED_NAME
    }
    absent = sorted(name for name in listed if name not in present)
    unlisted = sorted(present - set(listed))
    if absent:
        raise CorpusError(f"{path}: listed but not in {corpus}: {', '.join(absent)}")
    if unlisted:
        raise CorpusError(f"{path}: articles in {corpus} with no entry: {', '.join(unlisted)}")


# Parsing ----------------------------------------------------------------------------


def evaluate(corpus: Path, expected: Expected) -> Outcome:
    """Parse one corpus article and count what the parser found."""
    try:
        article = parse_article(corpus / expected.name)
    except (ArticleError, InputError) as exc:
        return Outcome(expected, refusal=_short(str(exc), corpus))
    except Exception as exc:  # a crash is a finding about the parser, not a reason to stop
        return Outcome(expected, crash=f"{type(exc).__name__}: {exc}")
    got = {
        "causes": len(article.causes),
        "tips": len(article.tips),
        "faqs": len(article.faqs),
        "claims": len(article.claims),
    }
    return Outcome(expected, got=got, title=article.title)


def _short(message: str, corpus: Path) -> str:
    """*message* without the corpus folder in front of the file name."""
    return message.replace(f"{corpus}/", "").replace(str(corpus), "")


# Reporting --------------------------------------------------------------------------


def _cell(outcome: Outcome, count: str) -> str:
    want = outcome.expected.want(count)
    if outcome.got is None:
        return f"[dim]{want} → –[/dim]"
    mark = "[green]✓[/green]" if outcome.right(count) else "[red]✗[/red]"
    return f"{want} → {outcome.got[count]} {mark}"


def _status(outcome: Outcome) -> str:
    if outcome.crash:
        return "[bold red]crashed[/bold red]"
    if outcome.refusal:
        return "[red]refused[/red]"
    return "[green]accepted[/green]"


def results_table(outcomes: list[Outcome]) -> Table:
    """One row per article: expected → parsed for each count, ✓ within tolerance."""
    table = Table(title="Parser against the evaluation corpus (expected → parsed)")
    for header in ("article", "parsed", "causes+inj.", "(inj.)", "tips", "FAQs", "claims"):
        table.add_column(header, no_wrap=header == "article")
    table.add_column("title")
    table.add_column("all")
    for outcome in outcomes:
        title = "–" if outcome.title is None else ("✓" if outcome.title_right else "✗")
        every = "–" if not outcome.accepted else ("✓" if outcome.all_right else "✗")
        table.add_row(
            outcome.expected.name,
            _status(outcome),
            _cell(outcome, "causes"),
            str(outcome.expected.injuries),
            *(_cell(outcome, count) for count in COUNTS[1:]),
            title,
            every,
        )
    return table


def shapes_table(outcomes: list[Outcome]) -> Table:
    """Per shape: how many of its articles the parser accepts, and counts right."""
    table = Table(title="By shape")
    for header in ("shape", "articles", "accepted", "all counts right"):
        table.add_column(header, justify="left" if header == "shape" else "right")
    shapes = sorted({shape for outcome in outcomes for shape in outcome.expected.shapes})
    for shape in shapes:
        group = [outcome for outcome in outcomes if shape in outcome.expected.shapes]
        accepted = sum(outcome.accepted for outcome in group)
        right = sum(outcome.all_right for outcome in group)
        table.add_row(shape, str(len(group)), str(accepted), str(right))
    return table


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "n/a"


def _verdict(part: int, whole: int, goal: float) -> str:
    met = whole > 0 and part / whole >= goal
    return "[green]met[/green]" if met else "[red]not met[/red]"


def summary_lines(outcomes: list[Outcome]) -> list[str]:
    """The summary against the issue's goals, then the share right per count."""
    total = len(outcomes)
    accepted = [outcome for outcome in outcomes if outcome.accepted]
    right = sum(outcome.all_right for outcome in accepted)
    crashed = sum(outcome.crash is not None for outcome in outcomes)
    lines = [
        f"Accepted {len(accepted)} of {total} articles ({_share(len(accepted), total)}); "
        f"goal ≥ {100 * ACCEPT_GOAL:.0f} % (all but at most 1 in 21): "
        f"{_verdict(len(accepted), total, ACCEPT_GOAL)}"
        + (f"  [red]({crashed} crashed)[/red]" if crashed else ""),
        f"All counts within tolerance (±20 % or ±1) in {right} of {len(accepted)} accepted "
        f"articles ({_share(right, len(accepted))}); goal ≥ {100 * COUNT_GOAL:.0f} %: "
        f"{_verdict(right, len(accepted), COUNT_GOAL)}",
    ]
    per_count = [
        f"{count} {sum(o.right(count) for o in accepted)}/{len(accepted)}" for count in COUNTS
    ]
    titles = sum(outcome.title_right for outcome in accepted)
    lines.append(f"Right per count among accepted: {', '.join(per_count)}; titles {titles}")
    return lines


def report(console: Console, outcomes: list[Outcome]) -> None:
    """Print the table, the refusals and crashes, the shapes and the summary."""
    console.print(results_table(outcomes))
    failures = [outcome for outcome in outcomes if not outcome.accepted]
    if failures:
        console.print(f"\n[bold]Refused or crashed ({len(failures)}):[/bold]")
        for outcome in failures:
            why = outcome.refusal or f"crash: {outcome.crash}"
            console.print(f"  {outcome.expected.name}: {why}", markup=False, highlight=False)
    console.print()
    console.print(shapes_table(outcomes))
    console.print()
    for line in summary_lines(outcomes):
        console.print(line)


# Command line -----------------------------------------------------------------------


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus", type=Path, default=CORPUS, help=f"corpus folder (default: {CORPUS})"
    )
    args = parser.parse_args(None if argv is None else list(argv))
    corpus = args.corpus.resolve()
    try:
        entries = load_corpus(corpus)
    except CorpusError as exc:
        print(f"eval: malformed corpus: {exc}", file=sys.stderr)
        return 2
    console = Console(width=shutil.get_terminal_size((160, 24)).columns)
    report(console, [evaluate(corpus, entry) for entry in entries])
    return 0


if __name__ == "__main__":
    sys.exit(main())
