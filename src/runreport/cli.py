"""The ``runreport`` command: validate arguments, delegate, report.

Every failure ends in one line on stderr and a non-zero exit status, never a
traceback:

- bad input (an :class:`~runreport.errors.InputError`, including an ``--out``
  that cannot be used): ``path:line: message``, exit status 2;
- a bad setting (:class:`~runreport.errors.UsageError`): ``runreport: message``,
  exit status 2;
- a failed build: ``error: message`` naming the notebook and cell where there
  is one, exit status 1 (printed by :func:`runreport.build.run_build`);
- anything else (a write that fails, an error runreport did not foresee):
  ``runreport: error: message``, exit status 1. ``RUNREPORT_DEBUG=1`` shows
  the traceback instead, for whoever fixes it.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from runreport import __version__, config
from runreport.errors import InputError, UsageError


def _parse_command(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from runreport.outdir import describe_oserror
    from runreport.parse import parse_article
    from runreport.tables import build_tables, write_tables

    out = args.out if args.out is not None else Path(f"{Path(args.article).stem}-tables")
    article = parse_article(args.article)
    tables = build_tables(article)
    try:
        write_tables(tables, out)
    except OSError as exc:
        print(f"error: cannot write the tables: {describe_oserror(exc)}; {out} left as it was", file=sys.stderr)
        return 1
    # The title is article text: shown as text, never read as rich markup.
    summary = Table(title=Text(article.title), show_header=True, header_style="bold")
    summary.add_column("table")
    summary.add_column("rows", justify="right")
    summary.add_column("file")
    for name, frame in tables.items():
        summary.add_row(name, str(len(frame)), str(out / f"{name}.csv"))
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
    parse.add_argument("article", type=Path, help="the article text file")
    parse.add_argument("--out", type=Path, default=None,
                       help="folder for the CSV files, replaced as a whole (default: ARTICLE-NAME-tables/)")
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


def _one_line(text: object) -> str:
    """*text* on one line (a message from a library may span several)."""
    return " ".join(line.strip() for line in str(text).splitlines() if line.strip())


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = make_parser().parse_args(argv)
    try:
        return args.func(args)
    except InputError as exc:
        print(_one_line(exc), file=sys.stderr)
        return 2
    except UsageError as exc:
        print(f"runreport: {_one_line(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        # The last line of defence: whatever was not foreseen is still one line, not a traceback.
        if os.environ.get("RUNREPORT_DEBUG"):
            raise
        if isinstance(exc, OSError):
            from runreport.outdir import describe_oserror

            print(f"runreport: error: {_one_line(describe_oserror(exc))}", file=sys.stderr)
        else:
            print(f"runreport: error: {type(exc).__name__}: {_one_line(exc)} (RUNREPORT_DEBUG=1 shows the "
                  "traceback)", file=sys.stderr)
        return 1
