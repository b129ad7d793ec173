"""`runreport build`: the full exports, caching, atomicity, determinism, other articles.

The seed's real build (:func:`conftest.seed_build`) is checked for what the reader gets. The build's
mechanics (which notebooks a change reruns, a damaged cache entry, a failing notebook, the lock,
``--check``) are checked on the tiny project of :func:`buildhelp.write_notebooks`: the same four
notebooks by name, each reading what the real one declares, a few cells each, so each of those
builds costs seconds, not a report.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell

from helpers.articles import write_article
from helpers.buildhelp import (
    ROOT,
    run_build,
    seed_cache_entry,
    snapshot,
    source_date_epoch,
    write_notebooks,
)
from helpers.corpus import CAUSES_ONLY_PAGE
from runreport.build.run import MANIFEST, NOTEBOOKS

pytestmark = pytest.mark.slow

SEED_ANNOTATIONS = ROOT / "data" / "annotations" / "upper-back-sore-after-running.yaml"


@pytest.fixture(scope="module")
def tiny(tiny_project, tmp_path_factory) -> dict:
    """The tiny project built once (:func:`conftest.tiny_project`), with this module's own copy
    of its cache: its notebooks, cache, exports and env, and each notebook's cache entry."""
    cache = tmp_path_factory.mktemp("tiny") / "cache"
    shutil.copytree(tiny_project["cache"], cache)
    entries = {
        entry.name.rsplit("-", 1)[0]: entry.name for entry in (cache / "notebooks").iterdir()
    }
    assert sorted(entries) == sorted(NOTEBOOKS)
    return {
        "notebooks": tiny_project["notebooks"],
        "cache": cache,
        "out": tiny_project["exports"],
        "env": tiny_project["env"],
        "entries": entries,
    }


def test_exports_are_complete(seed_build):
    out, _, result = seed_build
    assert "running 4 notebook(s), 2 at a time" in result.stderr  # --jobs 2
    for name in [
        "report.html",
        "report.pdf",
        "index.html",
        "data/datapackage.json",
        "data/causes.csv",
        "data/tips.csv",
        "data/faqs.csv",
        "data/claims.csv",
        "data/references.csv",
        "data/sections.csv",
        "data/fact_check.csv",
        "data/season_risk.csv",
    ]:
        assert (out / name).is_file(), name
    figures = {p.stem for p in (out / "figures").glob("*.png")}
    assert {
        "claims-vs-sources",
        "incidence",
        "risk",
        "cause-treatments",
        "cause-symptoms",
        "tips-by-category",
        "tip-coverage",
        "anatomy",
        "prevalence-context",
    } <= figures
    for key in figures:
        assert (out / "figures" / f"{key}.svg").is_file() and (
            out / "figures" / f"{key}.csv"
        ).is_file()
    assert (out / "report.pdf").read_bytes().startswith(b"%PDF")


def test_datapackage_is_valid_frictionless(seed_build):
    from frictionless import Package, validate

    out, _, _ = seed_build
    report = validate(str(out / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = Package(str(out / "data" / "datapackage.json"))
    names = {r.name for r in package.resources}
    assert {"causes", "tips", "faqs", "claims", "references", "sections", "fact-check"} <= names
    assert len(names) == len(list((out / "data").glob("*.csv")))


def test_report_html_content(seed_build, seed_article):
    out, _, _ = seed_build
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count("<main") == 1 and '<html lang="en"' in html and "<nav" in html
    for item in seed_article.causes + seed_article.tips:
        assert item.title in html, item.title
    # Code and parameter cells are hidden; so are injected parameters.
    for leak in ["load_study(", "figures_dir", "injected-parameters", "import tempfile"]:
        assert leak not in html, leak
    # The only <script> is the ClaimReview data block.
    assert re.findall(r"<script[^>]*>", html) == ['<script type="application/ld+json">']
    # Every figure is numbered, captioned and has its own alt text; every in-page link resolves.
    numbers = re.findall(r'data-figure-number="(\d+)"', html)
    assert numbers == [str(i) for i in range(1, len(numbers) + 1)] and len(numbers) >= 9
    alts = re.findall(r'<img [^>]*alt="([^"]*)"', html)
    assert len(alts) == len(numbers) and all(
        len(a) > 40 and not a.startswith(("Image", "<Figure")) for a in alts
    )
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    for target in re.findall(r'href="#([^"]+)"', html):
        assert target in ids, target
    assert re.search(r'<a href="#fig-risk">Figure \d+</a>', html)
    assert "10.1007/s40279-015-0333-8" in html
    # The fact-check states the statuses of references.md.
    assert (
        html.count("number right but misattributed") >= 2 and "contradicted by the article" in html
    )


def test_index_lists_downloads_with_hashes(seed_build):
    import hashlib

    out, _, _ = seed_build
    index = (out / "index.html").read_text(encoding="utf-8")
    for name in ["report.html", "report.pdf"]:
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() in index
    for csv in (out / "data").glob("*.csv"):
        assert f'href="data/{csv.name}"' in index
    for png in (out / "figures").glob("*.png"):
        assert f'href="figures/{png.name}"' in index
    assert re.search(r"Built \d{4}-\d\d-\d\d", index)


def test_noop_rebuild_touches_nothing(seed_build):
    out, cache, _ = seed_build
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    result = run_build("--out", str(out), cache=cache)
    assert result.returncode == 0 and "up to date" in result.stderr
    assert before == {p: p.stat().st_mtime_ns for p in out.rglob("*")}


def test_changed_annotation_reruns_only_its_readers(tiny, tmp_path):
    annotations = tmp_path / SEED_ANNOTATIONS.name
    annotations.write_text(
        SEED_ANNOTATIONS.read_text(encoding="utf-8").replace(
            "No source found for 14%.", "No source found for 14% (checked again)."
        ),
        encoding="utf-8",
    )
    result = run_build(
        "--out",
        str(tmp_path / "out"),
        "--annotations",
        str(annotations),
        "--to",
        "html",
        cache=tiny["cache"],
        env=tiny["env"],
    )
    assert result.returncode == 0, result.stderr
    assert "cached 01-article-structure.ipynb" in result.stderr
    for name in ["02-injury-statistics", "03-causes-and-tips", "report"]:
        assert f"ran {name}.ipynb" in result.stderr
    assert "checked again" in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert not (tmp_path / "out" / "report.pdf").exists()


def test_damaged_cache_entry_is_rerun(tiny, tmp_path):
    # A copy of the module's cache: the other tests read its entries.
    cache = tmp_path / "cache"
    shutil.copytree(tiny["cache"], cache)
    executed = cache / "notebooks" / tiny["entries"]["03-causes-and-tips"] / "executed.ipynb"
    executed.write_text(executed.read_text(encoding="utf-8")[:500], encoding="utf-8")  # truncated
    result = run_build("--out", str(tmp_path / "out"), "--to", "html", cache=cache, env=tiny["env"])
    assert result.returncode == 0, result.stderr
    assert (
        "ran 03-causes-and-tips.ipynb" in result.stderr and "cached report.ipynb" in result.stderr
    )


def test_failing_notebook_leaves_exports_untouched(tiny, tmp_path):
    failing = [
        new_code_cell("x = 1"),
        new_code_cell("x = 2"),
        new_code_cell("raise ValueError('deliberate failure')"),
    ]
    notebooks = write_notebooks(
        tmp_path / "notebooks", analyst_cells={"03-causes-and-tips": failing}
    )
    out = tmp_path / "out"
    out.mkdir()
    (out / MANIFEST).write_text("{}", encoding="utf-8")  # an earlier edition
    (out / "keep.txt").write_text("previous edition", encoding="utf-8")
    result = run_build(
        "--out", str(out), cache=tiny["cache"], env={"RUNREPORT_NOTEBOOKS_DIR": str(notebooks)}
    )
    assert result.returncode == 1
    assert (
        "notebook 03-causes-and-tips.ipynb, cell 5: ValueError: deliberate failure" in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert snapshot(out) == {MANIFEST: b"{}", "keep.txt": b"previous edition"}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out")]


def test_bad_input_exit_2_keeps_exports(seed_build, tmp_path):
    out, cache, _ = seed_build
    before = snapshot(out)
    bad = tmp_path / "title-only.txt"
    bad.write_text("Knee Pain After Cycling\n\n", encoding="utf-8")  # nothing else: no article
    result = run_build("--article", str(bad), "--out", str(out), cache=cache)
    assert result.returncode == 2
    assert result.stderr.strip() == f"{bad}:1: nothing follows the title: the article has no text"
    assert snapshot(out) == before


def test_bad_annotation_exit_2(seed_build, tmp_path):
    out, cache, _ = seed_build
    annotations = tmp_path / SEED_ANNOTATIONS.name
    annotations.write_text(
        SEED_ANNOTATIONS.read_text(encoding="utf-8").replace(
            "  3: {category: trauma}", "  30: {category: trauma}"
        )
    )
    result = run_build("--annotations", str(annotations), "--out", str(tmp_path / "o"), cache=cache)
    assert result.returncode == 2
    assert re.fullmatch(
        rf"{re.escape(str(annotations))}:\d+: cause 30 "
        rf"does not exist in the article \(it has 7\)\n",
        result.stderr,
    )


def test_two_builds_at_once_wait_for_the_lock(tiny, tmp_path):
    """Builds that start while another holds the lock wait for it, then both finish cleanly.

    The test holds the build lock itself (as a running build does), so the waiting is certain, not a
    race; the builds reuse the tiny project's cached notebooks, so only the locking is exercised.
    """
    import fcntl
    import time

    cache = tiny["cache"]
    out = tmp_path / "shared-out"
    env = {**os.environ, "RUNREPORT_CACHE_DIR": str(cache), "CI": "true", **tiny["env"]}
    with open(cache / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        logs = [tmp_path / f"build-{n}.log" for n in (1, 2)]
        builds = []
        for log in logs:
            with log.open("w") as stderr:  # the build has its own copy of the file
                builds.append(
                    subprocess.Popen(
                        [
                            sys.executable,
                            "-m",
                            "runreport",
                            "build",
                            "--out",
                            str(out),
                            "--to",
                            "html",
                        ],
                        cwd=ROOT,
                        env=env,
                        stdout=subprocess.DEVNULL,
                        stderr=stderr,
                    )
                )
        deadline = time.monotonic() + 300
        while not all("another build is running" in log.read_text() for log in logs):
            assert time.monotonic() < deadline, [log.read_text() for log in logs]
            assert all(b.poll() is None for b in builds), [log.read_text() for log in logs]
            time.sleep(0.2)
        assert not out.exists()  # nothing is written while another build holds the lock
        fcntl.flock(lock, fcntl.LOCK_UN)
    assert [b.wait(timeout=600) for b in builds] == [0, 0], [log.read_text() for log in logs]
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    from runreport.build.run import file_listing

    assert manifest["files"] == file_listing(out)


def test_cold_build_elsewhere_is_the_committed_edition(seed_build):
    """Same inputs, same bytes: the session's cold build (another folder, another working directory,
    another process and day than the committed edition) gives exactly the committed exports.

    ``runreport build --check`` itself runs in a fresh clone in ``test_provenance.py``.
    """
    out, _, _ = seed_build
    built, committed = snapshot(out), snapshot(ROOT / "exports")
    assert sorted(built) == sorted(committed)
    differing = [name for name in sorted(built) if built[name] != committed[name]]
    # The manifest's key hashes the package source: it differs only while src/
    # has uncommitted changes.
    assert differing in ([], [MANIFEST]), f"stale exports (run `make report`): {differing}"


def test_check_detects_stale_exports(tiny, tmp_path):
    stale = tmp_path / "stale"
    shutil.copytree(tiny["out"], stale)
    (stale / "data" / "tips.csv").write_text("number,title\n", encoding="utf-8")
    result = run_build("--check", "--out", str(stale), cache=tiny["cache"], env=tiny["env"])
    assert result.returncode == 1 and "stale: data/tips.csv" in result.stderr


OTHER_ANNOTATIONS = """\
# Curated facts for the test article.
article: knee-pain-after-cycling.txt
causes:
  1: {category: overuse}
  2: {category: posture and muscle}
  3: {category: equipment}
tips:
  1: {category: exercise, addresses: [1, 2]}
  2: {category: lifestyle, addresses: []}
  3: {category: equipment, addresses: [3]}
  4: {category: exercise, addresses: [1]}
claims:
  - {line: 2, value: 22, status: unsourced, note: "No source for 22% of cyclists."}
  - {line: 5, value: 12.5, status: unsourced, nearest: {source: videbaek2015, \
figure: novice-incidence},
     note: "Test data: a rate from riding; the nearest figure is for running."}
"""


#: A saved web page whose article gives causes and no tips (the corpus page whose title promises one
#: cause more than it lists), with a rate and a share in its introduction: :func:`other_articles`'
#: ``"without"``.
WEB_PAGE_WITHOUT_TIPS = CAUSES_ONLY_PAGE.replace(
    "<p>Ankle pain has many sources.</p>",
    "<p>Studies say 22% of cyclists have ankle pain too. Beginners see 12.5 injuries per 1000 "
    "hours of riding, a study found.</p>",
)


@pytest.fixture(scope="module")
def other_articles(tmp_path_factory) -> dict[str, tuple[Path, subprocess.CompletedProcess]]:
    """Two other articles built as an editor builds them, each in its own folder with its own
    cache, at the same time (two commands, one kernel each): ``"without"`` annotations, the saved
    web page :data:`WEB_PAGE_WITHOUT_TIPS` (5 causes, no tips), and ``"with"``
    :data:`OTHER_ANNOTATIONS` (a text article of 3 reasons, 4 tips, 2 FAQs). Every notebook runs
    on each (the site builds run the report alone). ``{name: (folder, completed process)}``; each
    folder holds ``out/`` and ``cache/``."""
    without = tmp_path_factory.mktemp("other-without")
    article = without / "ankle-pain-after-running.html"
    article.write_text(WEB_PAGE_WITHOUT_TIPS, encoding="utf-8")
    builds = {"without": (without, ["--article", str(article)])}
    with_ = tmp_path_factory.mktemp("other-with")
    article = write_article(with_, name="knee-pain-after-cycling.txt", reasons=3, tips=4, faqs=2)
    annotations = with_ / "knee.yaml"
    annotations.write_text(OTHER_ANNOTATIONS, encoding="utf-8")
    builds["with"] = (with_, ["--article", str(article), "--annotations", str(annotations)])

    def build(base: Path, args: list[str]) -> subprocess.CompletedProcess:
        out = ["--out", str(base / "out"), "--to", "html"]
        return run_build(*args, *out, cache=base / "cache")

    with ThreadPoolExecutor(max_workers=len(builds)) as pool:
        running = {name: pool.submit(build, *how) for name, how in builds.items()}
        return {name: (builds[name][0], future.result()) for name, future in running.items()}


def test_other_article_without_annotations(other_articles):
    base, result = other_articles["without"]
    out = base / "out"
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-3000:]
    assert f"running {len(NOTEBOOKS)} notebook(s)" in result.stderr
    assert ": warning: the title promises 6 causes; the article lists 5" in result.stderr
    html = (out / "report.html").read_text(encoding="utf-8")
    text = " ".join(html.split())
    assert "Fact-check: 6 Causes of Ankle Pain After Running" in html
    for cause in ("Old sprains", "Weak peroneals", "Tight calves", "Trail running"):
        assert cause in html
    assert "It gives no tips of its own, only causes." in text
    # No annotations: categories come from the lexicon and, like the verdicts, are marked
    # automatic; nothing says "not annotated".
    assert (
        "not annotated" not in html
        and "(automatic)" in html
        and "unsourced (automatic)" in html
        and "verified (automatic)" not in html
    )
    assert "22%" in html and "12.5 injuries per 1000 hours" in html
    entries = sorted((base / "cache" / "notebooks").glob("*-*"))
    assert sorted(p.name.rsplit("-", 1)[0] for p in entries) == sorted(NOTEBOOKS)


def test_other_article_notebooks_show_every_chart(other_articles):
    """The analyst notebooks as the build ran them on the web page without tips or annotations:
    each chart cell shows its image ("No data" where there is nothing to plot), no figure repr,
    but the tip coverage: with no tips, no tip links to a cause and that cell shows nothing."""
    import nbformat

    from helpers.notebook_outputs import ANALYST_IMAGES, check_chart_output, image_outputs

    base, _ = other_articles["without"]
    expected = {**ANALYST_IMAGES, "03-causes-and-tips": ANALYST_IMAGES["03-causes-and-tips"] - 1}
    for name, count in expected.items():
        (entry,) = (base / "cache" / "notebooks").glob(f"{name}-*")
        nb = nbformat.read(entry / "executed.ipynb", as_version=4)
        images = [output for cell in nb.cells for output in image_outputs(cell)]
        assert len(images) == count, name
        for output in images:
            check_chart_output(output)


def test_nbconvert_entry_points(seed_build, tmp_path):
    out, cache, _ = seed_build
    executed = seed_cache_entry(cache, "report") / "executed.ipynb"
    shutil.copy(executed, tmp_path / "report.ipynb")
    jupyter = ROOT / ".venv" / "bin" / "jupyter"
    # Both exporters at once, each its own `jupyter nbconvert` (the HTML waits less for the PDF).
    # The same SOURCE_DATE_EPOCH as the build (as `make` exports it): same bytes.
    env = {**os.environ, "SOURCE_DATE_EPOCH": source_date_epoch()}
    conversions = {
        suffix: subprocess.Popen(
            [str(jupyter), "nbconvert", "--to", fmt, str(tmp_path / "report.ipynb")],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
            env=env,
        )
        for fmt, suffix in [("runreport_html", ".html"), ("runreport_pdf", ".pdf")]
    }
    try:
        for suffix, conversion in conversions.items():
            _, stderr = conversion.communicate(timeout=600)
            assert conversion.returncode == 0, stderr
            assert (tmp_path / f"report{suffix}").stat().st_size > 10_000
    finally:
        for conversion in conversions.values():
            conversion.kill()  # a no-op on one that ended; none outlives a failed check
            conversion.wait()
    assert (tmp_path / "report.html").read_bytes() == (out / "report.html").read_bytes()


def test_other_article_with_annotations(other_articles):
    base, result = other_articles["with"]
    out = base / "out"
    assert result.returncode == 0, result.stderr
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "No source for 22% of cyclists." in html and "Test data: a rate from riding" in html
    assert "No tip addresses cause" not in html  # every cause has a tip
    assert (
        "Tip “<bdi>2. Tip Number 2</bdi>” addresses none of the causes." in html
    )  # article text isolated
    fact = (out / "data" / "fact_check.csv").read_text(encoding="utf-8")
    assert (
        "unsourced" in fact and "(automatic)" in fact
    )  # the 1-in-4 claim has no entry: computed, not reviewed
    # No rate claim matches a figure of the library (12.5 per 1000 h of riding is no running
    # figure): no risk chart.
    assert (
        not (out / "figures" / "risk.png").exists()
        and not (out / "data" / "season_risk.csv").exists()
    )
    # … and no section says so: the incidence and risk sections are left out, not hollow
    assert "Incidence per 1000 hours" not in html and "Risk in plain numbers" not in html
    assert "No rate claim" not in html and "there is no" not in html


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_jobs_must_be_a_positive_whole_number(jobs, tmp_path):
    result = run_build("--out", str(tmp_path / "out"), "--jobs", jobs, cache=tmp_path / "cache")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"argument --jobs/-j: must be a whole number, 1 or more, got '{jobs}'" in result.stderr
    assert not (tmp_path / "out").exists()


def test_out_folder_with_other_files_is_refused(tmp_path):
    out = tmp_path / "thesis"
    out.mkdir()
    (out / "chapter1.txt").write_text("precious", encoding="utf-8")
    result = run_build("--out", str(out), cache=tmp_path / "cache")
    assert result.returncode == 2
    assert result.stderr.startswith(f"{out}:1: --out is a folder with other files in it")
    assert snapshot(out) == {"chapter1.txt": b"precious"}
