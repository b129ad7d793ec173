"""Validated tables and their CSV files."""

from __future__ import annotations

import pandas as pd
import pytest

from runreport.cli import main
from runreport.errors import InputError
from runreport.tables import TABLE_NAMES, build_tables, read_tables, validate


@pytest.fixture(scope="module")
def seed_tables(seed_article):
    return build_tables(seed_article)


def test_minimum_columns_in_order(seed_tables):
    expected = {
        "causes": ["number", "title", "body", "line"],
        "tips": ["number", "title", "body", "line"],
        "faqs": ["number", "question", "answer", "line"],
        "claims": ["value", "unit", "line", "section", "quote"],
        "references": ["title", "kind", "line", "section"],
    }
    for name, columns in expected.items():
        assert list(seed_tables[name].columns[: len(columns)]) == columns


def test_seed_counts(seed_tables):
    counts = {name: len(frame) for name, frame in seed_tables.items()}
    assert counts == {"sections": 5, "causes": 7, "tips": 9, "faqs": 3, "claims": 5, "references": 9}
    refs = seed_tables["references"]
    assert refs["kind"].value_counts().to_dict() == {"related": 7, "quoted": 2}


def test_sections_words_add_up(seed_tables, seed_article):
    sections = seed_tables["sections"].set_index("section")
    assert sections.loc["reasons", "items"] == 7
    assert sections.loc["reasons", "words"] >= seed_tables["causes"]["words"].sum()
    assert list(sections.index) == ["intro", "reasons", "tips", "conclusion", "faq"]


def test_schema_violation_is_input_error_at_row_line(seed_tables):
    broken = seed_tables["causes"].copy()
    broken.loc[3, "title"] = ""
    with pytest.raises(InputError) as info:
        validate("causes", broken, "article.txt")
    assert info.value.line == 29 and "title" in info.value.message


def test_schema_rejects_unknown_columns(seed_tables):
    extra = seed_tables["tips"].assign(colour="red")
    with pytest.raises(InputError):
        validate("tips", extra, "article.txt")


def test_cli_parse_writes_sorted_stable_csv(tmp_path, seed_path, capsys):
    out = tmp_path / "tables"
    assert main(["parse", str(seed_path), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{n}.csv" for n in TABLE_NAMES)
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    assert main(["parse", str(seed_path), "--out", str(out)]) == 0
    assert first == {p.name: p.read_bytes() for p in out.iterdir()}
    assert b"\r\n" not in first["causes.csv"]
    back = read_tables(out)
    assert back["claims"]["line"].tolist() == [2, 17, 26, 27, 81]
    assert back["claims"]["line"].is_monotonic_increasing
    pd.testing.assert_series_equal(back["tips"]["title"], build_tables_from(seed_path)["tips"]["title"])
    assert "causes" in capsys.readouterr().out


def build_tables_from(path):
    from runreport.parse import parse_article

    return build_tables(parse_article(path))


def test_python_dash_m(tmp_path, seed_path):
    import subprocess
    import sys

    bad = tmp_path / "bad.txt"
    bad.write_text("Just a title\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "runreport", "parse", str(bad)], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr == (f"{bad}:1: no recognisable causes and no tips (expected a heading like 'Common Causes "
                             "of …', '7 Reasons For …', 'How to Prevent …' or '9 Tips To …')\n")


def test_article_without_faq_claims_or_links(tmp_path):
    from articles import write_article

    from runreport.parse import parse_article

    article = parse_article(write_article(tmp_path, faqs=0, claims=False, related=False, conclusion=False))
    tables = build_tables(article)
    assert [len(tables[n]) for n in ("faqs", "claims", "references")] == [0, 0, 0]
    assert tables["faqs"]["number"].dtype.kind == "i" and tables["claims"]["value"].dtype.kind == "f"
