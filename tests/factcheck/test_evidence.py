"""The evidence library: it loads, holds what references.md lists, and every mistake has its YAML
line."""

from __future__ import annotations

import pytest

from runreport import config
from runreport.errors import InputError
from runreport.factcheck.evidence import FIGURE_KINDS, load_evidence, unit_family


@pytest.fixture(scope="module")
def library():
    return load_evidence(config.EVIDENCE_FILE)


def test_library_holds_the_reference_figures(library):
    figs = library.figures.set_index(["source", "figure"])
    assert figs.loc[
        ("videbaek2015", "novice-incidence"), ["value", "ci_low", "ci_high"]
    ].tolist() == [17.8, 16.7, 19.1]
    assert figs.loc[
        ("videbaek2015", "recreational-incidence"), ["value", "ci_low", "ci_high"]
    ].tolist() == [7.7, 6.9, 8.7]
    assert figs.loc[("maselli2020", "runners-lbp-prevalence"), ["low", "high"]].tolist() == [
        0.7,
        20.2,
    ]
    assert figs.loc[("vangent2007", "lower-extremity-incidence"), ["low", "high"]].tolist() == [
        19.4,
        79.3,
    ]
    assert (
        library.sources.set_index("source").loc["videbaek2015", "doi"]
        == "10.1007/s40279-015-0333-8"
    )


def test_every_figure_is_complete(library):
    figures = library.figures
    assert figures["kind"].isin(FIGURE_KINDS).all()
    assert (figures["quote"] != "").all()  # each figure carries the sentence it was read in
    assert (figures["population_terms"] != "").all() and (figures["body_site"] != "").all()
    assert (figures["low"] <= figures["high"]).all()
    assert len(library.sources) >= 10 and len(figures) >= 25


@pytest.mark.parametrize(
    "unit, family",
    [
        ("%", "percent"),
        ("percent", "percent"),
        ("injuries per 1000 hours", "rate per 1000 hours"),
        ("injuries per 1,000 h", "rate per 1000 hours"),
        ("times", "times"),
        ("injuries per 100 runners per year", "injuries per 100 runners per year"),
    ],
)
def test_unit_families(unit, family):
    assert unit_family(unit) == family


def _broken(tmp_path, old: str, new: str):
    text = config.EVIDENCE_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "evidence.yaml"
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return path, text.splitlines()


@pytest.mark.parametrize(
    "old, new, needle, message",
    [
        ("ci: [16.7, 19.1]", "ci: [18.0, 19.1]", "        ci: [18.0", "does not contain its value"),
        ("doi: 10.1007/s40279-015-0333-8", "doi: not-a-doi", "    doi: not-a-doi", "not a DOI"),
        ("        kind: rate\n", "        kind: speed\n", "        kind: speed", "kind 'speed'"),
        (
            "        body_site: any\n",
            "        body_site: any\n        colour: red\n",
            "        colour: red",
            "unknown key 'colour'",
        ),
        (
            "        population_terms: [novice runners, new runners, beginners, beginner "
            "runners]\n",
            "",
            "      novice-incidence:",
            "has no 'population_terms'",
        ),
    ],
)
def test_errors_point_at_the_line(tmp_path, old, new, needle, message):
    path, lines = _broken(tmp_path, old, new)
    with pytest.raises(InputError) as info:
        load_evidence(path)
    assert message in info.value.message
    assert lines[info.value.line - 1].startswith(needle), (info.value, lines[info.value.line - 1])
    assert info.value.path == str(path)


def test_a_figure_without_its_quote_is_refused(tmp_path):
    text = config.EVIDENCE_FILE.read_text(encoding="utf-8")
    start = text.index("      novice-incidence:")
    quote = text.index("        quote:", start)
    path = tmp_path / "evidence.yaml"
    path.write_text(text[:quote] + text[text.index("\n", quote) + 1 :], encoding="utf-8")
    with pytest.raises(InputError, match="has no 'quote'") as info:
        load_evidence(path)
    assert (
        path.read_text(encoding="utf-8").splitlines()[info.value.line - 1]
        == "      novice-incidence:"
    )


def test_a_folder_of_files_loads_as_one_library_and_ids_stay_unique(tmp_path, library):
    text = config.EVIDENCE_FILE.read_text(encoding="utf-8")
    folder = tmp_path / "evidence"
    folder.mkdir()
    (folder / "a.yaml").write_text(text, encoding="utf-8")
    (folder / "b.yaml").write_text("sources: {}\n", encoding="utf-8")
    assert len(load_evidence(folder).figures) == len(library.figures)
    (folder / "b.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="also defined in") as info:
        load_evidence(folder)
    assert info.value.path == str(folder / "b.yaml")


def test_a_figure_verified_by_the_reference_list_needs_no_quote(tmp_path):
    text = config.EVIDENCE_FILE.read_text(encoding="utf-8")
    start = text.index("      novice-incidence:")
    quote = text.index("        quote:", start)
    path = tmp_path / "evidence.yaml"
    path.write_text(
        text[:quote]
        + "        verified_by: shared/references.md\n"
        + text[text.index("\n", quote) + 1 :],
        encoding="utf-8",
    )
    figures = load_evidence(path).figures.set_index("figure")
    assert (
        figures.loc["novice-incidence", "quote"] == ""
        and figures.loc["novice-incidence", "value"] == 17.8
    )


def test_a_library_is_parsed_once_per_content_and_each_caller_gets_its_own_tables(
    tmp_path, monkeypatch
):
    from runreport.factcheck import evidence

    path = tmp_path / "evidence.yaml"
    text = config.EVIDENCE_FILE.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    parsed = []
    real = evidence._parse_evidence
    monkeypatch.setattr(
        evidence, "_parse_evidence", lambda files: parsed.append(files) or real(files)
    )
    first = load_evidence(path)
    first.figures.loc[0, "value"] = -1.0  # a caller's change stays its own
    second = load_evidence(path)
    assert len(parsed) == 1 and second.figures.loc[0, "value"] != -1.0
    # Same path, new bytes: parsed again, and the new figure is there.
    path.write_text(text.replace("ci: [16.7, 19.1]", "ci: [16.6, 19.1]"), encoding="utf-8")
    assert 16.6 in load_evidence(path).figures["ci_low"].tolist() and len(parsed) == 2
    # A file that cannot be read is reported as before, at its path.
    with pytest.raises(InputError) as info:
        load_evidence(tmp_path / "missing.yaml")
    assert info.value.path == str(tmp_path / "missing.yaml")
