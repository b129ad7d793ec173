"""`runreport annotate` drafts annotations an editor reviews; `runreport check` lists what to look
at."""

from __future__ import annotations

import re
import subprocess
import sys

from helpers.articles import make_article, write_article
from helpers.buildhelp import ROOT
from helpers.site_articles import DRAFTED_NAME
from runreport import config
from runreport.analysis.study import load_study
from runreport.factcheck.review import DRAFT_MARKER, is_draft

LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): (?P<kind>[a-z-]+): (?P<message>.+)$")


def runreport(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "runreport", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_annotate_drafts_every_entry_pending(tmp_path):
    article = write_article(tmp_path, reasons=3, tips=4, faqs=2)
    out = tmp_path / "draft.yaml"
    result = runreport("annotate", str(article), "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith(DRAFT_MARKER) and is_draft(text)
    entries = [line for line in text.splitlines() if re.match(r"\s+(?:\d+:|- )", line)]
    assert entries and all("review: pending" in line for line in entries if "{" in line)
    assert (
        text.count("  - line: ") == text.count("    review: pending") == 3
    )  # 22%, 12.5 per 1000 h, 1 in 4
    # The draft loads as annotations, and every verdict in it is pending review.
    study = load_study(article, out)
    assert set(study.fact_check["review"]) == {"pending review"}
    assert study.fact_check["status_label"].str.endswith("(pending review)").all()
    assert set(study.causes["category"].str.endswith("(pending review)")) == {True}


def test_annotate_never_overwrites_a_reviewed_file_and_force_replaces_a_draft(tmp_path):
    article = write_article(tmp_path)
    out = tmp_path / "draft.yaml"
    assert runreport("annotate", str(article), "--out", str(out)).returncode == 0
    again = runreport("annotate", str(article), "--out", str(out))
    assert (
        again.returncode == 2
        and again.stderr == f"{out}:1: a draft exists already; --force replaces it\n"
    )
    out.write_text(out.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert runreport("annotate", str(article), "--out", str(out), "--force").returncode == 0
    assert "# edited" not in out.read_text(encoding="utf-8")
    # Once an editor marks an entry done, the file is reviewed: even --force leaves it alone.
    reviewed = out.read_text(encoding="utf-8").replace("review: pending}", "review: done}", 1)
    out.write_text(reviewed, encoding="utf-8")
    refused = runreport("annotate", str(article), "--out", str(out), "--force")
    assert refused.returncode == 2 and "never overwrites it" in refused.stderr
    assert out.read_text(encoding="utf-8") == reviewed
    seed = config.annotations_for(config.SEED_ARTICLE)
    before = seed.read_bytes()
    assert runreport("annotate", str(config.SEED_ARTICLE), "--force").returncode == 2
    assert seed.read_bytes() == before


def test_draft_for_the_seed_finds_what_the_editor_curated(tmp_path):
    out = tmp_path / "seed.yaml"
    assert runreport("annotate", str(config.SEED_ARTICLE), "--out", str(out)).returncode == 0
    draft = load_study(config.SEED_ARTICLE, out).annotations
    reviewed = load_study(
        config.SEED_ARTICLE, config.annotations_for(config.SEED_ARTICLE)
    ).annotations
    assert draft.products["name"].tolist() == reviewed.products["name"].tolist()
    same = (draft.causes["category"] == reviewed.causes["category"]).sum()
    assert same >= 6  # six of the seven causes get the editor's category
    assert draft.statements[["line", "source"]].values.tolist() == [
        [19, "clevelandclinic-upper-back-pain"]
    ]
    assert draft.claims["status"].tolist() == [
        "unsourced",
        "out of range",
        "misattributed",
        "misattributed",
        "unsourced",
    ]


def test_check_lists_every_problem_as_path_line_kind_message(tmp_path):
    result = runreport("check", str(config.SEED_ARTICLE))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    parsed = [LINE.match(line) for line in lines]
    assert all(parsed), lines
    found = [(int(m["line"]), m["kind"]) for m in parsed]
    assert found == [
        (2, "unsourced"),
        (2, "contradiction"),
        (17, "unsourced"),
        (26, "misattributed"),
        (27, "misattributed"),
        (81, "unsourced"),
        (81, "contradiction"),
    ]
    assert {m["path"] for m in parsed} == {str(config.SEED_ARTICLE)}

    draft = tmp_path / "draft.yaml"
    assert runreport("annotate", str(config.SEED_ARTICLE), "--out", str(draft)).returncode == 0
    pending = runreport("check", str(config.SEED_ARTICLE), "--annotations", str(draft))
    text = draft.read_text(encoding="utf-8").splitlines()
    for match in map(LINE.match, pending.stdout.splitlines()):
        if match["kind"] == "pending-review":
            assert match["path"] == str(draft) and "review: pending" in text[
                int(match["line"]) - 1
            ] + "".join(text[int(match["line"]) - 1 : int(match["line"]) + 5])


def test_check_is_clean_when_nothing_needs_looking_at(tmp_path):
    article = write_article(tmp_path, claims=False)
    result = runreport("check", str(article))
    assert (result.returncode, result.stdout) == (0, "")


def test_check_reports_a_title_count_mismatch(tmp_path):
    article = tmp_path / "wrong-count.txt"
    article.write_text(
        make_article(reasons=3, tips=4, claims=False).replace("(3 Reasons", "(5 Reasons"),
        encoding="utf-8",
    )
    result = runreport("check", str(article))
    assert result.returncode == 1
    assert (
        result.stdout
        == f"{article}:1: title-count: the title promises 5 causes; the article lists 3\n"
    )


def test_a_draft_builds_a_full_report(publish_site):
    # The site build drafted this article's annotations with `runreport annotate` and built
    # it with them (the report alone: the analyst notebooks run in test_build.py).
    article = publish_site["corpus"] / DRAFTED_NAME
    draft = publish_site["annotations"] / f"{article.stem}.yaml"
    assert is_draft(draft.read_text(encoding="utf-8"))
    out = publish_site["site"] / article.stem
    assert publish_site["result"].returncode == 0, publish_site["result"].stderr[-3000:]
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "(pending review)" in html and "Fact-check: Shin Pain After Running" in html
    fact = (out / "data" / "fact_check.csv").read_text(encoding="utf-8")
    assert fact.count(",pending review,") == 3 and fact.count("(pending review)") == 3


def test_a_draft_of_every_kind_of_claim_loads_back(tmp_path):
    article = tmp_path / "claims-of-every-kind.txt"
    article.write_text(
        make_article(reasons=1, tips=1, faqs=0, claims=False, related=False).replace(
            "Many riders know knee pain after cycling. Here is why and what to do.",
            "There are 50 million runners. One in three runners get hurt. Between 20% and 30% of "
            "runners are "
            "injured each year. Novice runners are twice as likely to get hurt.",
        ),
        encoding="utf-8",
    )
    out = tmp_path / "draft.yaml"
    assert runreport("annotate", str(article), "--out", str(out)).returncode == 0
    study = load_study(article, out)
    assert sorted(study.annotations.claims["value"]) == [2.0, 25.0, 33.33, 50e6]
    assert set(study.fact_check["review"]) == {"pending review"}
