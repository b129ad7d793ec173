"""The ``runreport`` command: validate arguments, delegate, report.

Bad input (an :class:`~runreport.errors.InputError`) is printed as
``path:line: message`` on stderr with exit status 2, never as a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from runreport import __version__, config
from runreport.errors import InputError


def _parse_command(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from runreport.parse import parse_article
    from runreport.tables import build_tables, write_tables

    article = parse_article(args.article)
    for warning in article.warnings:
        print(warning, file=sys.stderr)
    tables = build_tables(article)
    write_tables(tables, args.out)
    # The title is article text: shown as text, never read as rich markup.
    summary = Table(title=Text(article.title), show_header=True, header_style="bold")
    summary.add_column("table")
    summary.add_column("rows", justify="right")
    summary.add_column("file")
    for name, frame in tables.items():
        summary.add_row(name, str(len(frame)), str(Path(args.out) / f"{name}.csv"))
    Console().print(summary)
    return 0


def _build_command(args: argparse.Namespace) -> int:
    from runreport.build import run_build

    return run_build(
        article=args.article,
        annotations=args.annotations,
        out=args.out,
        formats=args.to,
        force=args.force,
        check=args.check,
    )


def _formats(value: str) -> tuple[str, ...]:
    formats = tuple(sorted({part.strip() for part in value.split(",") if part.strip()}))
    unknown = set(formats) - {"html", "pdf"}
    if unknown or not formats:
        raise argparse.ArgumentTypeError(f"formats are html and pdf, got {value!r}")
    return formats


def make_parser() -> argparse.ArgumentParser:
    """The argument parser for ``runreport``."""
    parser = argparse.ArgumentParser(
        prog="runreport",
        description="Turn a running-health listicle into validated tables, an analysis and a report.",
    )
    parser.add_argument("--version", action="version", version=f"runreport {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    parse = commands.add_parser("parse", help="parse an article and write its tables as CSV")
    parse.add_argument("article", type=Path, help="the article (.txt, .md or .html)")
    parse.add_argument("--out", type=Path, default=Path("."), help="folder for the CSV files (default: .)")
    parse.set_defaults(func=_parse_command)

    build = commands.add_parser("build", help="build the report, data and figures into exports/")
    build.add_argument("--article", type=Path, default=config.SEED_ARTICLE, help="the article (default: the seed)")
    build.add_argument(
        "--annotations",
        type=Path,
        default=None,
        help="curated annotations YAML (default: data/annotations/<article>.yaml when it exists)",
    )
    build.add_argument("--out", type=Path, default=config.EXPORTS_DIR, help="output folder (default: exports/)")
    build.add_argument("--to", type=_formats, default=("html", "pdf"), help="html,pdf (default: both)")
    build.add_argument("--force", action="store_true", help="re-run every notebook, ignoring the cache")
    build.add_argument("--check", action="store_true", help="fail if the exports in --out are not current")
    build.set_defaults(func=_build_command)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = make_parser().parse_args(argv)
    try:
        return args.func(args)
    except InputError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
