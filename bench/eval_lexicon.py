"""Score how well the lexicon's categories cover the evaluation corpus (issue 23).

Run by ``make eval`` (``python bench/eval_lexicon.py [--corpus DIR] [--lexicon FILE]``). For
every article of ``tests/corpus/`` (``.md``, ``.html``, ``.txt``) it runs
:func:`runreport.ingest.parse.parse_article` and gives each cause and tip the category
``runreport annotate`` would suggest — :func:`runreport.factcheck.review.suggest_category` on
the item's title and body, with the lexicon's "cause category" words for causes and injuries
and its "tip category" words for tips, exactly as the draft annotations do.

It prints the coverage per kind of item (cause, injury, tip: the share whose category is not
"other"), against the issue's goal of 80 % over causes and tips together; how many items each
category got; and a sample of the items still "other".

It measures; it is not a test. The exit status is 0 however the lexicon does; an article the
parser refuses is listed and skipped. The exit status is 2 when the corpus folder does not exist
or the lexicon does not load.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from runreport import config
from runreport.errors import ArticleError, InputError
from runreport.factcheck.annotations import load_lexicon
from runreport.factcheck.review import suggest_category
from runreport.ingest.parse import parse_article

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"
SUFFIXES = (".md", ".html", ".txt")
#: The issue's goal: the share of causes and tips that get a real category.
GOAL = 0.80
#: How many items still "other" to show (a fixed sample, so that runs compare).
SAMPLE = 15
OTHER = "other"


@dataclass(frozen=True)
class Scored:
    """One cause, injury or tip and the category annotate suggests for it."""

    article: str
    kind: str  # cause, injury or tip
    title: str
    category: str
    words: tuple[str, ...]


def score_article(path: Path, lexicon) -> list[Scored]:
    """The suggested category of every cause, injury and tip of the article at *path*."""
    article = parse_article(path)
    items = [(c, "cause category") for c in article.causes]
    items += [(t, "tip category") for t in article.tips]
    out = []
    for item, lexicon_kind in items:
        category, words = suggest_category(item.title, item.body, lexicon, lexicon_kind)
        kind = "tip" if lexicon_kind == "tip category" else (item.kind or "cause")
        out.append(Scored(path.name, kind, item.title, category, tuple(words)))
    return out


def coverage_table(scored: list[Scored]) -> Table:
    """Per kind: items, items with a real category, the share."""
    table = Table(title="Coverage (share of items not “other”)")
    for column in ("kind", "items", "categorised", "coverage"):
        table.add_column(column, justify="left" if column == "kind" else "right")
    kinds = sorted({s.kind for s in scored}, key=["cause", "injury", "tip"].index)
    groups = [(k, [s for s in scored if s.kind == k]) for k in kinds]
    groups.append(("causes + injuries", [s for s in scored if s.kind != "tip"]))
    groups.append(("all", scored))
    for name, group in groups:
        real = sum(s.category != OTHER for s in group)
        table.add_row(name, str(len(group)), str(real), _share(real, len(group)))
    return table


def categories_table(scored: list[Scored]) -> Table:
    """How many items each category got, causes' and tips' categories apart."""
    table = Table(title="Categories")
    table.add_column("for")
    table.add_column("category")
    table.add_column("items", justify="right")
    for side, kinds in (("causes", {"cause", "injury"}), ("tips", {"tip"})):
        counts = Counter(s.category for s in scored if s.kind in kinds)
        for category, count in counts.most_common():
            table.add_row(side, category, str(count))
    return table


def other_table(scored: list[Scored], size: int) -> Table:
    """A fixed random sample of the items still "other"."""
    others = [s for s in scored if s.category == OTHER]
    sample = sorted(
        random.Random(23).sample(others, min(size, len(others))),
        key=lambda s: (s.article, s.kind),
    )
    table = Table(title=f"Still “other”: {len(sample)} of {len(others)}")
    for column in ("article", "kind", "title"):
        table.add_column(column)
    for s in sample:
        table.add_row(s.article, s.kind, s.title)
    return table


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "—"


def report(console: Console, scored: list[Scored], refused: list[str], sample: int) -> None:
    """Print the tables and the summary line."""
    console.print(coverage_table(scored))
    console.print(categories_table(scored))
    console.print(other_table(scored, sample))
    for message in refused:
        console.print(f"[yellow]refused[/] {message}")
    real = sum(s.category != OTHER for s in scored)
    share = real / len(scored) if scored else 0.0
    style = "green" if share >= GOAL else "red"
    console.print(
        f"[bold]Coverage[/]: [{style}]{real}/{len(scored)} ({share:.1%})[/] of the causes and "
        f"tips get a real category — goal ≥ {GOAL:.0%}"
    )


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus", type=Path, default=CORPUS, help=f"corpus folder (default: {CORPUS})"
    )
    parser.add_argument(
        "--lexicon", type=Path, default=config.LEXICON_FILE, help="lexicon (default: shipped)"
    )
    parser.add_argument(
        "--sample", type=int, default=SAMPLE, help=f"items still “other” to show ({SAMPLE})"
    )
    args = parser.parse_args(None if argv is None else list(argv))
    if not args.corpus.is_dir():
        print(f"eval_lexicon: no corpus folder {args.corpus}", file=sys.stderr)
        return 2
    try:
        lexicon = load_lexicon(args.lexicon)
    except (InputError, OSError) as exc:
        print(f"eval_lexicon: the lexicon does not load: {exc}", file=sys.stderr)
        return 2
    scored, refused = [], []
    for path in sorted(p for p in args.corpus.iterdir() if p.suffix in SUFFIXES):
        try:
            scored += score_article(path, lexicon)
        except ArticleError as exc:
            refused.append(f"{path.name}: {exc}")
    console = Console(width=shutil.get_terminal_size((160, 24)).columns)
    report(console, scored, refused, max(args.sample, 0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
