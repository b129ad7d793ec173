"""Validated tables and their CSV files."""

from __future__ import annotations

import pandas as pd
import pytest

from runreport.analysis.tables import TABLE_NAMES, build_tables, validate, write_tables
from runreport.cli import main
from runreport.errors import InputError


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
    assert counts == {
        "sections": 5,
        "causes": 7,
        "tips": 9,
        "faqs": 3,
        "claims": 5,
        "references": 9,
    }
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
    assert "causes" in capsys.readouterr().out


def test_csv_reads_back_as_the_tables(tmp_path, seed_tables):
    """What a reader gets from the CSVs with plain pandas is the validated tables (values, order,
    columns)."""
    write_tables(seed_tables, tmp_path / "tables")
    for name, frame in seed_tables.items():
        back = pd.read_csv(
            tmp_path / "tables" / f"{name}.csv", keep_default_na=False, na_values=[""]
        )
        assert list(back.columns) == list(frame.columns), name
        assert len(back) == len(frame), name
        for column in frame.columns:
            want = frame[column].reset_index(drop=True)
            have = back[column]
            if want.dtype.kind in "iuf" or str(want.dtype) == "Int64":
                pd.testing.assert_series_equal(
                    have.astype("Float64"), want.astype("Float64"), check_names=False
                )
            else:
                assert (
                    have.fillna("").astype(str).tolist() == want.fillna("").astype(str).tolist()
                ), (name, column)
    claims = pd.read_csv(tmp_path / "tables" / "claims.csv")
    assert claims["line"].tolist() == [2, 17, 26, 27, 81]


def test_parse_replaces_the_table_set_as_a_whole(tmp_path, seed_path, seed_tables, monkeypatch):
    """A failure while writing leaves the earlier set as it was and no temporary folder behind."""
    import runreport.analysis.tables as tables_module

    out = tmp_path / "tables"
    write_tables(seed_tables, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    changed = {name: frame.head(1) for name, frame in seed_tables.items()}
    written = []

    def fail_on_third(frame, path):
        if len(written) == 2:
            raise OSError(28, "No space left on device", str(path))
        written.append(path)
        real_write_csv(frame, path)

    real_write_csv = tables_module.write_csv
    monkeypatch.setattr(tables_module, "write_csv", fail_on_third)
    with pytest.raises(OSError, match="No space left"):
        write_tables(changed, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tables"]
    assert len(written) == 2 and all(
        p.parent != out for p in written
    )  # they went to the staging folder

    monkeypatch.setattr(tables_module, "write_csv", real_write_csv)
    write_tables(changed, out)
    assert all(len(pd.read_csv(out / f"{name}.csv")) <= 1 for name in changed)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tables"]


def test_parse_refuses_a_folder_with_other_files(tmp_path, seed_path):
    import subprocess
    import sys

    out = tmp_path / "mine"
    out.mkdir()
    (out / "causes.csv").write_text("my own causes\n", encoding="utf-8")
    (out / "notes.txt").write_text("precious", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "runreport", "parse", str(seed_path), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith(f"{out}:1: --out is a folder with other files in it")
    assert result.stderr.count("\n") == 1
    assert {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()} == {
        "causes.csv": "my own causes\n",
        "notes.txt": "precious",
    }


def test_parse_default_out_is_a_folder_named_after_the_article(tmp_path, seed_path):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "runreport", "parse", str(seed_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    folder = tmp_path / f"{seed_path.stem}-tables"
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder.name]
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.csv" for n in TABLE_NAMES)


def test_python_dash_m(tmp_path, seed_path):
    import subprocess
    import sys

    bad = tmp_path / "bad.txt"
    bad.write_text("Just a title\n", encoding="utf-8")  # nothing else: not an article
    result = subprocess.run(
        [sys.executable, "-m", "runreport", "parse", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr == f"{bad}:1: nothing follows the title: the article has no text\n"


def test_article_without_faq_claims_or_links(tmp_path):
    from helpers.articles import write_article
    from runreport.ingest.parse import parse_article

    article = parse_article(
        write_article(tmp_path, faqs=0, claims=False, related=False, conclusion=False)
    )
    tables = build_tables(article)
    assert [len(tables[n]) for n in ("faqs", "claims", "references")] == [0, 0, 0]
    assert (
        tables["faqs"]["number"].dtype.kind == "i" and tables["claims"]["value"].dtype.kind == "f"
    )
