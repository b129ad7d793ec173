"""The ``runreport`` command: validate arguments, delegate, report.

Every failure ends in one line on stderr and a non-zero exit status, never a
traceback:

- bad input (an :class:`~runreport.errors.InputError`, including an ``--out``
  that cannot be used): ``path:line: message``, exit status 2;
- a bad setting (:class:`~runreport.errors.UsageError`): ``runreport: message``,
  exit status 2;
- a failed build: ``error: message`` naming the notebook and cell where there
  is one, exit status 1 (printed by :func:`runreport.build.run.run_build`);
- anything else (a write that fails, an error runreport did not foresee):
  ``runreport: error: message``, exit status 1. ``RUNREPORT_DEBUG=1`` shows
  the traceback instead, for whoever fixes it.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from runreport import __version__, config
from runreport.build.signals import raise_interrupt, signal_handlers
from runreport.errors import InputError, UsageError


def _parse_command(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from runreport.analysis.tables import build_tables, write_tables
    from runreport.ingest.parse import parse_article
    from runreport.output_folders import describe_oserror

    out = args.out if args.out is not None else Path(f"{Path(args.article).stem}-tables")
    article = parse_article(args.article)
    for warning in article.warnings:
        print(warning, file=sys.stderr)
    tables = build_tables(article)
    try:
        write_tables(tables, out)
    except OSError as exc:
        print(
            f"error: cannot write the tables: {describe_oserror(exc)}; {out} left as it was",
            file=sys.stderr,
        )
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
    from runreport.build.run import run_build

    return run_build(
        article=args.article if args.article is not None else _default_article(),
        annotations=args.annotations,
        out=args.out,
        formats=args.to,
        force=args.force,
        check=args.check,
        jobs=args.jobs,
    )


def _default_article() -> Path:
    """The article ``runreport build`` builds when none is named: this folder's edition."""
    if config.SEED_ARTICLE.is_file():
        return config.SEED_ARTICLE
    raise UsageError(
        "name the article to build: runreport build --article PATH "
        f"(there is no {config.SEED_ARTICLE.relative_to(config.PROJ_ROOT)} here)"
    )


def _annotations_of(article: Path, given: Path | None) -> Path | None:
    """The annotations file for *article*: *given* itself, else looked up in *given* or beside
    it."""
    if given is not None and not given.is_dir():
        return given
    return config.annotations_for(article, given)


def _site_command(args: argparse.Namespace) -> int:
    from runreport.site.run import run_site

    return run_site(
        args.paths,
        args.out,
        annotations_dir=args.annotations_dir,
        workers=args.workers,
        scheduler=args.scheduler,
        scheduler_file=args.scheduler_file,
        force=args.force,
        formats=args.to,
    )


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number, 1 or more, got {value!r}")
    return number


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
        description="Turn a running-health listicle into validated tables, an analysis and a "
        "report.",
    )
    parser.add_argument("--version", action="version", version=f"runreport {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    parse = commands.add_parser("parse", help="parse an article and write its tables as CSV")
    parse.add_argument("article", type=Path, help="the article (.txt, .md or .html)")
    parse.add_argument(
        "--out",
        type=Path,
        default=None,
        help="folder for the CSV files, replaced as a whole (default: ARTICLE-NAME-tables/)",
    )
    parse.set_defaults(func=_parse_command)

    _add_build_command(commands)
    _add_editor_commands(commands)
    _add_site_command(commands)
    return parser


def _add_build_command(commands) -> None:
    build = commands.add_parser("build", help="build the report, data and figures into exports/")
    build.add_argument(
        "--article",
        type=Path,
        default=None,
        help="the article (default: data/raw/upper-back-sore-after-running.txt, this edition)",
    )
    build.add_argument(
        "--annotations",
        type=Path,
        default=None,
        metavar="FILE_OR_DIR",
        help="curated annotations YAML, or a folder of <article stem>.yaml files (default: "
        "<article stem>.yaml beside the article, else in data/annotations/)",
    )
    build.add_argument(
        "--out", type=Path, default=config.EXPORTS_DIR, help="output folder (default: ./exports)"
    )
    build.add_argument(
        "--to", type=_formats, default=("html", "pdf"), help="html,pdf (default: both)"
    )
    build.add_argument(
        "--force", action="store_true", help="re-run every notebook, ignoring the cache"
    )
    build.add_argument(
        "--check", action="store_true", help="fail if the exports in --out are not current"
    )
    build.add_argument(
        "--jobs",
        "-j",
        type=_positive,
        default=None,
        help="notebooks run at once, each on its own kernel (default: the CPUs)",
    )
    build.set_defaults(func=_build_command)


def _add_site_command(commands) -> None:
    site = commands.add_parser("site", help="build many articles into a fact-check site")
    site.add_argument(
        "paths",
        type=Path,
        nargs="+",
        metavar="ARTICLE_OR_FOLDER",
        help="articles (.txt, .md, .markdown, .html, .htm) and folders holding them",
    )
    site.add_argument("--out", type=Path, required=True, help="the site folder")
    site.add_argument(
        "--annotations-dir",
        type=Path,
        default=None,
        help="folder of <article stem>.yaml annotations (default: beside each article, else "
        "data/annotations/)",
    )
    site.add_argument(
        "--workers", type=_positive, default=None, help="local worker processes (default: the CPUs)"
    )
    where = site.add_mutually_exclusive_group()
    where.add_argument(
        "--scheduler", default=None, help="a Dask scheduler address, e.g. tcp://host:8786"
    )
    where.add_argument("--scheduler-file", default=None, help="a Dask scheduler file")
    site.add_argument(
        "--to", type=_formats, default=("html", "pdf"), help="html,pdf (default: both)"
    )
    site.add_argument("--force", action="store_true", help="rebuild every article")
    site.set_defaults(func=_site_command)


def _one_line(text: object) -> str:
    """*text* on one line (a message from a library may span several)."""
    return " ".join(line.strip() for line in str(text).splitlines() if line.strip())


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    config.leave_out_unneeded_modules()
    args = make_parser().parse_args(argv)
    # SIGTERM (`kill`, `timeout`, a CI runner's cancel) is taken as Ctrl-C, so it cleans up as
    # Ctrl-C does: temporary folders removed, the lock released, a site's workers stopped, the
    # exports untouched.
    with signal_handlers({signal.SIGTERM: raise_interrupt}):
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
            # The last line of defence: whatever was not foreseen is still one line, not a
            # traceback.
            if os.environ.get("RUNREPORT_DEBUG"):
                raise
            if isinstance(exc, OSError):
                from runreport.output_folders import describe_oserror

                print(f"runreport: error: {_one_line(describe_oserror(exc))}", file=sys.stderr)
            else:
                print(
                    f"runreport: error: {type(exc).__name__}: {_one_line(exc)} "
                    "(RUNREPORT_DEBUG=1 shows the traceback)",
                    file=sys.stderr,
                )
            return 1


# Draft annotations and the pre-publish check ------------------------------------------------


def _annotate_command(args: argparse.Namespace) -> int:
    import os
    import tempfile

    from runreport.analysis.study import load_study
    from runreport.factcheck.review import draft_annotations, is_draft

    # Into data/annotations/ where the folder has one (this repository), else beside the article.
    folder = config.ANNOTATIONS_DIR if config.ANNOTATIONS_DIR.is_dir() else args.article.parent
    out = args.out or folder / f"{args.article.stem}.yaml"
    if out.exists():
        current = out.read_text(encoding="utf-8", errors="replace")
        if not is_draft(current):
            raise InputError(
                out,
                1,
                "is a reviewed annotations file; runreport annotate never overwrites it "
                "(write the draft elsewhere with --out)",
            )
        if not args.force:
            raise InputError(out, 1, "a draft exists already; --force replaces it")
    study = load_study(args.article, None)
    text = draft_annotations(study, args.article)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=out.parent, delete=False, suffix=".tmp"
    ) as tmp:
        tmp.write(text)
    os.replace(tmp.name, out)
    print(f"{out}: draft written; every entry is review: pending")
    return 0


def _check_command(args: argparse.Namespace) -> int:
    from runreport.analysis.study import load_study
    from runreport.factcheck.review import problems

    annotations = _annotations_of(args.article, args.annotations)
    # An article or annotations file runreport cannot read is bad input (InputError, exit 2), not
    # an editorial problem; a title that promises more than the article lists is a warning and is
    # listed below.
    study = load_study(args.article, annotations)
    found = problems(study, args.article)
    for problem in found:
        print(problem)
    return 1 if found else 0


def _add_editor_commands(commands) -> None:
    annotate = commands.add_parser("annotate", help="write a draft annotations file for an article")
    annotate.add_argument("article", type=Path, help="the article")
    annotate.add_argument(
        "--out",
        type=Path,
        default=None,
        help="the draft (default: data/annotations/<article stem>.yaml when that folder exists, "
        "else beside the article)",
    )
    annotate.add_argument(
        "--force", action="store_true", help="replace an existing draft (never a reviewed file)"
    )
    annotate.set_defaults(func=_annotate_command)

    check = commands.add_parser(
        "check", help="list what an editor should look at: path:line: kind: message"
    )
    check.add_argument("article", type=Path, help="the article")
    check.add_argument(
        "--annotations",
        type=Path,
        default=None,
        metavar="FILE_OR_DIR",
        help="its annotations, or a folder of <article stem>.yaml files (default: beside the "
        "article, else in data/annotations/)",
    )
    check.set_defaults(func=_check_command)
