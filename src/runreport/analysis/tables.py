"""Turn a parsed :class:`~runreport.ingest.parse.Article` into validated tables.

Takes an Article and gives tidy pandas DataFrames — ``sections``, ``causes``,
``tips``, ``faqs``, ``claims`` and ``references`` — each row carrying the
``line`` it comes from, each validated against a declared pandera schema.
``causes`` has a ``fix`` column when the article puts a fix inside a cause
("What to do: …"); ``references`` holds related and quoted articles and the
links of product boxes.
:func:`write_tables` writes them as sorted UTF-8 CSV with a stable column order,
into a folder replaced as a whole.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from runreport.errors import InputError
from runreport.ingest.article import CLAIM_KINDS, SECTION_ORDER, Article, Item
from runreport.output_folders import check_target, staging_beside, swap_into_place

TABLE_NAMES = ("sections", "causes", "tips", "faqs", "claims", "references")

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")

_line = pa.Column(int, pa.Check.ge(1))
_text = pa.Column(str, pa.Check.str_length(min_value=1))
_section = pa.Column(str, pa.Check.isin(SECTION_ORDER))
_item = pa.Column("Int64", pa.Check.ge(1), nullable=True)


def _items_schema(
    name: str, title: str, body: str, fix: bool = False, unique_lines: bool = True
) -> pa.DataFrameSchema:
    # A cause or tip may be its heading alone (the parser warns); an FAQ question has an answer.
    may_be_bare = name in ("causes", "tips")
    columns = {
        "number": pa.Column(int, pa.Check.ge(1), unique=True),
        title: _text,
        body: pa.Column(str) if may_be_bare else _text,
        # The fix a cause gives inside itself ("What to do: …"): there when one cause has one.
        **({"fix": pa.Column(str, required=False)} if fix else {}),
        "line": pa.Column(int, pa.Check.ge(1), unique=unique_lines),
        "words": pa.Column(int, pa.Check.ge(0 if may_be_bare else 1)),
        # A cause of pain, or a named condition the article presents as an item.
        **(
            {"kind": pa.Column(str, pa.Check.isin(["cause", "injury"]))} if name == "causes" else {}
        ),
        # The cause or injury a tip is given under (its "Prevention:" bullets), else empty.
        **({"cause": _item} if name == "tips" else {}),
    }
    return pa.DataFrameSchema(
        columns,
        name=name,
        strict=True,
        ordered=True,
        checks=pa.Check(
            lambda df: df["number"].tolist() == list(range(1, len(df) + 1)), error="numbered 1..N"
        ),
    )


SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "sections": pa.DataFrameSchema(
        {
            "section": pa.Column(str, pa.Check.isin(SECTION_ORDER), unique=True),
            "heading": pa.Column(str, nullable=True),
            "line": _line,
            "end_line": _line,
            "items": pa.Column(int, pa.Check.ge(0)),
            "paragraphs": pa.Column(int, pa.Check.ge(0)),
            "words": pa.Column(int, pa.Check.ge(0)),
        },
        name="sections",
        strict=True,
        ordered=True,
        checks=pa.Check(lambda df: (df["end_line"] >= df["line"]).all(), error="end_line >= line"),
    ),
    # A list written on one line of HTML puts several causes on that line.
    "causes": _items_schema("causes", "title", "body", fix=True, unique_lines=False),
    # A paragraph that gives several pieces of advice ("Stretch daily and rotate your shoes")
    # is several tips on one line.
    "tips": _items_schema("tips", "title", "body", unique_lines=False),
    # FAQPage JSON-LD written on one line puts several questions on the same line of the page.
    "faqs": _items_schema("faqs", "question", "answer", unique_lines=False),
    "claims": pa.DataFrameSchema(
        {
            "value": pa.Column(float, pa.Check.ge(0)),
            "unit": _text,
            "line": _line,
            "section": _section,
            "quote": _text,
            "item": _item,
            "kind": pa.Column(str, pa.Check.isin(list(CLAIM_KINDS))),
            "text": _text,
            "subject": pa.Column(str),
            # A range's ends ("between 20% and 30%"), empty for a single figure.
            "low": pa.Column(float, nullable=True),
            "high": pa.Column(float, nullable=True),
            "qualifier": pa.Column(str),
            "measure": pa.Column(str),
            "attribution": pa.Column(str),
            # The cause or injury the claim sits under, or the FAQ question it answers; "" else.
            "about": pa.Column(str),
        },
        name="claims",
        strict=True,
        ordered=True,
    ),
    "references": pa.DataFrameSchema(
        {
            "title": _text,
            "kind": pa.Column(str, pa.Check.isin(["related", "quoted", "product"])),
            "line": _line,
            "section": _section,
            "item": _item,
        },
        name="references",
        strict=True,
        ordered=True,
    ),
}


def count_words(text: str) -> int:
    """Number of words in *text* (letters and digits, with inner ' and -)."""
    return len(_WORD.findall(text))


def _items_frame(items: list[Item], title: str, body: str, extra: str = "") -> pd.DataFrame:
    """The rows of causes, tips or questions; *extra* adds causes' ``kind`` or tips' ``cause``."""
    rows = [
        {
            "number": i.number,
            title: i.title,
            "kind": i.kind,
            "cause": i.parent,
            body: i.body,
            "fix": i.fix,
            "line": i.line,
            "words": count_words(i.body),
        }
        for i in items
    ]
    columns = ["number", title, body, "fix", "line", "words", *([extra] if extra else [])]
    frame = pd.DataFrame(rows, columns=columns)
    types = {"number": int, title: str, body: str, "fix": str, "line": int, "words": int}
    frame = frame.astype(types)
    if extra:
        frame[extra] = frame[extra].astype("Int64" if extra == "cause" else str)
    # Only causes carry fixes, and only some articles give them: without any, the table keeps
    # its old columns.
    return frame if frame["fix"].str.len().any() else frame.drop(columns="fix")


def build_tables(article: Article) -> dict[str, pd.DataFrame]:
    """Build every table of *article* and validate it.

    Args:
        article: A parsed article.

    Returns:
        ``{name: DataFrame}`` for each name in :data:`TABLE_NAMES`.

    Raises:
        InputError: when a table breaks its schema (located at the row's line).
    """
    tables = {
        "sections": _sections_frame(article),
        "causes": _items_frame(article.causes, "title", "body", extra="kind"),
        "tips": _items_frame(article.tips, "title", "body", extra="cause"),
        "faqs": _items_frame(article.faqs, "question", "answer"),
        "claims": _claims_frame(article),
        "references": _references_frame(article),
    }
    return {name: validate(name, frame, article.path) for name, frame in tables.items()}


def _sections_frame(article: Article) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "section": s.key,
                "heading": s.heading,
                "line": s.line,
                "end_line": s.end_line,
                "items": len(s.items),
                "paragraphs": len(s.texts()),
                "words": sum(count_words(p.text) for p in s.texts())
                + sum(count_words(i.title) for i in s.items),
            }
            for s in article.sections
        ],
        columns=list(SCHEMAS["sections"].columns),
    )


# The claims table's dtypes, in its columns' order.
_CLAIM_DTYPES = {
    "value": float,
    "unit": str,
    "line": int,
    "section": str,
    "quote": str,
    "item": "Int64",
    "kind": str,
    "text": str,
    "subject": str,
    "low": float,
    "high": float,
    "qualifier": str,
    "measure": str,
    "attribution": str,
    "about": str,
}


def _claims_frame(article: Article) -> pd.DataFrame:
    # Column by column with explicit dtypes (an article with no claims still gets a typed,
    # empty table): converting a frame of objects afterwards takes most of the time.
    columns = {}
    for name, dtype in _CLAIM_DTYPES.items():
        values = [getattr(c, name) for c in article.claims]
        if dtype is str:
            columns[name] = pd.Series([str(v) for v in values], dtype=str)
        elif dtype == "Int64":
            columns[name] = pd.Series(pd.array(values, dtype="Int64"))
        else:
            columns[name] = pd.Series(values, dtype=dtype)
    return pd.DataFrame(columns, columns=list(SCHEMAS["claims"].columns))


def _references_frame(article: Article) -> pd.DataFrame:
    references = pd.DataFrame(
        [
            {"title": r.title, "kind": r.kind, "line": r.line, "section": r.section, "item": r.item}
            for r in article.references
        ],
        columns=list(SCHEMAS["references"].columns),
    )
    # Explicit dtypes, as for claims: an article without links still gets a typed, empty table.
    return references.astype(
        {"title": str, "kind": str, "line": int, "section": str, "item": "Int64"}
    )


def validate(name: str, frame: pd.DataFrame, path: str) -> pd.DataFrame:
    """Validate *frame* against the schema *name*; sort it by line.

    Raises:
        InputError: naming the first failing row's line and the broken rule.
    """
    schema = SCHEMAS[name]
    frame = frame.sort_values("line", kind="stable").reset_index(drop=True)
    try:
        return schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        case = exc.failure_cases.iloc[0]
        line = 1
        index = case.get("index")
        if (
            index is not None
            and not pd.isna(index)
            and "line" in frame
            and int(index) in frame.index
        ):
            line = int(frame.loc[int(index), "line"])
        column = case.get("column") or "table"
        raise InputError(
            path,
            line,
            f"{name} table: column '{column}' fails {case['check']} (got {case['failure_case']!r})",
        ) from None


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write *frame* as UTF-8 CSV with LF line ends and no index."""
    frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")


def is_table_folder(folder: Path) -> bool:
    """Whether *folder* holds nothing but table CSVs that :func:`write_tables` writes."""
    names = {f"{name}.csv" for name in TABLE_NAMES}
    return all(entry.name in names and entry.is_file() for entry in folder.iterdir())


def write_tables(tables: dict[str, pd.DataFrame], out_dir: str | Path) -> list[Path]:
    """Write each table to ``<out_dir>/<name>.csv``, the set all at once.

    *out_dir* is replaced as a whole (see :mod:`runreport.output_folders`): the CSVs
    are written to a temporary folder beside it, which is then renamed into
    place, so readers see the old set or the new one and a failure leaves the
    old set untouched. An existing *out_dir* must be empty or hold only table
    CSVs (an earlier ``runreport parse``); anything else is refused rather
    than deleted.

    Returns:
        The written paths, sorted by name.

    Raises:
        InputError: when *out_dir* cannot be used (a file, a folder with other
            files, a place that cannot be written).
        OSError: when writing fails midway (*out_dir* is then as it was).
    """
    out = Path(out_dir)
    check_target(out, is_table_folder, "only the tables' CSV files may be there")
    out = out.resolve()
    staging = staging_beside(out, prefix=f".{out.name}-tables-")
    try:
        for name in sorted(tables):
            write_csv(tables[name], staging / f"{name}.csv")
        swap_into_place(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [out / f"{name}.csv" for name in sorted(tables)]
