"""Curated files: they load, and every mistake is reported at its YAML line."""

from __future__ import annotations

import pytest

from runreport import config
from runreport.analysis.tables import build_tables
from runreport.errors import InputError
from runreport.factcheck.annotations import load_annotations, load_lexicon
from runreport.factcheck.evidence import load_evidence

SEED_ANNOTATIONS = config.ANNOTATIONS_DIR / "upper-back-sore-after-running.yaml"


@pytest.fixture(scope="module")
def seed_tables(seed_article):
    return build_tables(seed_article)


@pytest.fixture(scope="module")
def sources():
    return load_evidence(config.EVIDENCE_FILE)


def test_sources_match_references(sources):
    figs = sources.figures.set_index("figure")
    assert (figs.loc["novice-incidence", ["value", "ci_low", "ci_high"]].tolist()) == [
        17.8,
        16.7,
        19.1,
    ]
    assert (figs.loc["recreational-incidence", ["value", "ci_low", "ci_high"]].tolist()) == [
        7.7,
        6.9,
        8.7,
    ]
    assert figs.loc["runners-lbp-prevalence", ["low", "high"]].tolist() == [0.7, 20.2]
    doi = sources.sources.set_index("source").loc["videbaek2015", "doi"]
    assert doi == "10.1007/s40279-015-0333-8"


def test_lexicon_has_the_terms():
    lexicon = load_lexicon(config.LEXICON_FILE)
    symptoms = set(lexicon.loc[lexicon["kind"] == "symptom", "term"])
    treatments = set(lexicon.loc[lexicon["kind"] == "treatment", "term"])
    assert {"pain", "numbness", "tingling", "weakness", "spasms", "stiffness"} <= symptoms
    assert {
        "physical therapy",
        "medication",
        "epidural steroids",
        "surgery",
        "rest",
        "traction",
        "brace",
        "foam rolling",
        "chiropractor",
        "doctor visit",
    } <= treatments


def test_seed_annotations_load(seed_tables, sources, seed_path):
    ann = load_annotations(SEED_ANNOTATIONS, seed_tables, sources, seed_path)
    assert ann.causes["number"].tolist() == list(range(1, 8))
    assert ann.tips["number"].tolist() == list(range(1, 10))
    assert ann.claims["line"].tolist() == [2, 17, 26, 27, 81]
    products = dict(zip(ann.products["name"], ann.products["line"], strict=False))
    assert products["FEATOL Back Brace"] == 43
    assert products["OPTO PRO-ROLLER Standard Density Foam Roller"] == 53


def _broken(tmp_path, old: str, new: str):
    text = SEED_ANNOTATIONS.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "ann.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path, text.replace(old, new, 1).splitlines()


@pytest.mark.parametrize(
    "old, new, needle, message",
    [
        (
            "  7: {category: degeneration}",
            "  8: {category: degeneration}",
            "  8: {category",
            "cause 8 does not exist",
        ),
        (
            "  9: {category: equipment, addresses: [4]}",
            "  9: {category: equipment, addresses: [12]}",
            "  9: {category: equipment",
            "addresses cause 12",
        ),
        (
            "  - {name: Tribesigns Portable Desk, kind: desk, tip: 6}",
            "  - {name: Tribesigns Portable Desk, kind: desk, tip: 2}",
            "  - {name: Tribesigns",
            "not mentioned in tip 2",
        ),
        (
            "    status: misattributed\n"
            "    source: {source: videbaek2015, figure: novice-incidence}",
            "    status: wrong\n    source: {source: videbaek2015, figure: novice-incidence}",
            "    status: wrong",
            "status 'wrong' in the claim on line 26 is not one of",
        ),
        (
            "    population: different\n",
            "    population: similar\n",
            "    population: similar",
            "population 'similar' in the claim on line 17 is not one of same, different",
        ),
        (
            "  - line: 17\n    value: 65",
            "  - line: 17\n    value: 66",
            "  - line: 17",
            "no claim of 66 on line 17",
        ),
        (
            "    status: unsourced\n    note: No source found for 19%.",
            "    status: unsourced\n    colour: red",
            "    colour: red",
            "unknown key 'colour'",
        ),
        (
            "figure: recreational-incidence",
            "figure: elite-incidence",
            "    source: {source: videbaek2015, figure: elite",
            "has no figure 'elite-incidence'",
        ),
        (
            "article: upper-back-sore-after-running.txt",
            "article: other.txt",
            "article: other.txt",
            "annotations are for 'other.txt'",
        ),
        ("causes:\n", "causes: [\n", "causes: [", "YAML syntax error"),
    ],
)
def test_annotation_errors_point_at_the_line(
    tmp_path, seed_tables, sources, seed_path, old, new, needle, message
):
    path, lines = _broken(tmp_path, old, new)
    with pytest.raises(InputError) as info:
        load_annotations(path, seed_tables, sources, seed_path)
    assert message in info.value.message
    if message != "YAML syntax error":
        expected_line = next(i for i, line in enumerate(lines, 1) if line.startswith(needle))
        assert info.value.line == expected_line, str(info.value)
    assert info.value.path == str(path)


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("  - line: 2\n", "  - line: [2]\n", "'line' in a claim must be a whole number (got [2])"),
        ("  - line: 17\n", "  - line: seventeen\n", "'line' in a claim must be a whole number"),
        (
            "kind: back brace, cause: 6}",
            "kind: back brace, cause: [6, 7]}",
            "'cause' in product 'FEATOL Back Brace' must",
        ),
        ("  - line: 19\n", "  - line: nineteen\n", "'line' in a statement must be a whole number"),
        (
            "    status: unsourced\n    note: No source found for 14%.",
            "    status: [unsourced]\n    note: x",
            "status ['unsourced'] in the claim on line 2 is not one of",
        ),
        (
            "  9: {category: equipment",
            "  '9': {category: equipment",
            "tip numbers are whole numbers, not '9'",
        ),
        ("  - {name: Tribesigns", "  - {name: Tribes\x00igns", "not readable as YAML"),
    ],
)
def test_wrong_types_are_clear_errors(tmp_path, seed_tables, sources, seed_path, old, new, message):
    path, _ = _broken(tmp_path, old, new)
    with pytest.raises(InputError) as info:
        load_annotations(path, seed_tables, sources, seed_path)
    assert message in info.value.message, info.value.message
    assert info.value.line >= 1
