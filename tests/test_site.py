"""``runreport site``: a corpus of articles → a fact-check site, locally and on a Dask cluster.

One corpus for the module: the seed (with its annotations, so its folder can be compared with
the committed edition), two small generated articles sharing figures, and one broken article.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from articles import SEED, write_article
from buildhelp import ROOT, snapshot

from runreport.build import MANIFEST
from runreport.provenance import git_commit_time

BIN = Path(sys.executable).parent


def _env(cache: Path) -> dict[str, str]:
    env = {**os.environ, "RUNREPORT_CACHE_DIR": str(cache), "CI": "true",
           "SOURCE_DATE_EPOCH": str(git_commit_time(SEED))}
    return env


def run_site(base: Path, *args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    """``python -m runreport site ARGS`` from *base*, its own cache, never raising."""
    return subprocess.run([sys.executable, "-m", "runreport", "site", *args], cwd=base, env=_env(base / "cache"),
                          capture_output=True, text=True, timeout=timeout, check=False)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("site")
    folder = base / "corpus"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    write_article(folder, "knee-pain-after-cycling.txt")
    write_article(folder, "hip-pain-after-cycling.txt", topic="Hip Pain After Cycling", reasons=2, tips=3)
    (folder / "broken.txt").write_text("Just a line of text, no title\nand nothing else.\n", encoding="utf-8")
    (folder / "notes.csv").write_text("not,an,article\n", encoding="utf-8")  # not an article suffix: ignored
    return base


@pytest.fixture(scope="module")
def local_site(corpus):
    result = run_site(corpus, "corpus", "--out", "site", "--workers", "2")
    return corpus / "site", result


def test_broken_article_is_listed_not_fatal(local_site):
    site, result = local_site
    assert result.returncode == 1, result.stderr
    assert "corpus/broken.txt:1:" in result.stderr
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "corpus/broken.txt:1:" in index
    for slug in ("upper-back-sore-after-running", "knee-pain-after-cycling", "hip-pain-after-cycling"):
        assert f'href="{slug}/report.html"' in index and f'href="{slug}/report.pdf"' in index
        assert (site / slug / "report.pdf").read_bytes().startswith(b"%PDF")
    assert not (site / "broken").exists() and not (site / "notes").exists()
    assert "<script" not in index
    for key in ("unsourced-by-site", "recurring-figures"):  # the site's charts, with their data
        assert f'src="figures/{key}.svg"' in index
        assert all((site / "figures" / f"{key}.{ext}").is_file() for ext in ("png", "svg", "csv"))


def test_article_folder_is_the_build_edition(local_site):
    """The seed's folder holds the committed edition's bytes (only the manifest carries the site summary)."""
    site, _ = local_site
    built, committed = snapshot(site / "upper-back-sore-after-running"), snapshot(ROOT / "exports")
    built.pop(MANIFEST), committed.pop(MANIFEST)
    assert built.keys() == committed.keys()
    assert [name for name in built if built[name] != committed[name]] == []


def test_cross_article_tables(local_site):
    import pandas as pd

    site, _ = local_site
    articles = pd.read_csv(site / "data" / "articles.csv").set_index("slug")
    assert set(articles.index) == {"upper-back-sore-after-running", "knee-pain-after-cycling",
                                   "hip-pain-after-cycling"}
    assert articles.loc["hip-pain-after-cycling", ["causes", "tips"]].tolist() == [2, 3]
    seed_fact = pd.read_csv(ROOT / "exports" / "data" / "fact_check.csv")
    seed = articles.loc["upper-back-sore-after-running"]
    assert seed["claims"] == len(seed_fact)
    assert seed["unsourced"] == (seed_fact["status"] == "unsourced").sum()
    assert seed["reviewed"] + seed["automatic"] == len(seed_fact)
    recurring = pd.read_csv(site / "data" / "recurring_figures.csv", dtype=str)
    # Both generated articles state "12.5 injuries per 1000 hours of riding": one row, two articles.
    rate = recurring[(recurring["value"] == "12.5") & (recurring["unit"] == "injuries per 1000 hours")]
    assert len(rate) == 1 and rate["articles"].iloc[0] == "2"
    assert rate["slugs"].iloc[0] == "hip-pain-after-cycling knee-pain-after-cycling"
    citations = pd.read_csv(site / "data" / "source_citations.csv")
    seed_refs = pd.read_csv(ROOT / "exports" / "data" / "sources.csv")
    assert len(citations) == len(seed_refs)
    assert (citations["articles"] > 0).any() and (citations["articles"] == 0).any()
    failures = pd.read_csv(site / "data" / "failures.csv")
    assert failures["path"].tolist() == ["corpus/broken.txt"]
    import json

    package = json.loads((site / "datapackage.json").read_text(encoding="utf-8"))
    paths = {r["path"] for r in package["resources"]}
    assert "data/recurring_figures.csv" in paths and "knee-pain-after-cycling/data/claims.csv" in paths
    assert all((site / p).is_file() for p in paths)
    from frictionless import validate

    assert validate(str(site / "datapackage.json")).valid


def test_unchanged_site_is_not_rebuilt(local_site, corpus):
    site, _ = local_site
    before = {p: p.stat().st_mtime_ns for p in (site / "knee-pain-after-cycling").rglob("*")}
    started = time.perf_counter()
    again = run_site(corpus, "corpus", "--out", "site", "--workers", "2")
    assert again.returncode == 1
    assert "3 current, 1 to build" in again.stderr
    assert {p: p.stat().st_mtime_ns for p in (site / "knee-pain-after-cycling").rglob("*")} == before
    assert time.perf_counter() - started < 120  # generous: the broken article is retried; no kernel runs a report


def test_interrupted_site_resumes(local_site, corpus):
    """Ctrl-C (SIGINT to the process group) after the first article: exit 130, nothing left running; a re-run
    builds only what is missing and gives the same site."""
    site, _ = local_site
    build = subprocess.Popen([sys.executable, "-m", "runreport", "site", "corpus", "--out", "site-resume",
                              "--workers", "1"], cwd=corpus, env=_env(corpus / "cache-resume"),
                             stderr=subprocess.PIPE, text=True, start_new_session=True)
    for line in build.stderr:
        if line.split("] ", 1)[-1].startswith("built "):
            os.killpg(build.pid, signal.SIGINT)
            break
    build.stderr.read()
    assert build.wait(timeout=120) == 130
    assert not [p for p in (corpus / "site-resume").iterdir() if p.name.startswith(".") and p.is_dir()]
    again = run_site(corpus, "corpus", "--out", "site-resume", "--workers", "1")
    assert again.returncode == 1 and "1 current, 3 to build" in again.stderr, again.stderr
    resumed = snapshot(corpus / "site-resume")
    assert resumed == snapshot(site)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    import psutil

    try:
        return [c.pid for c in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def test_dask_cluster_builds_the_same_bytes_despite_a_killed_worker(local_site, corpus):
    """A real scheduler and two workers on 127.0.0.1; one worker is killed once its kernel runs."""
    site, _ = local_site
    port = _free_port()
    env = _env(corpus / "cache-dask")
    procs = []
    logs = corpus / "dask-logs"
    logs.mkdir(exist_ok=True)

    def start(*args: str, name: str) -> subprocess.Popen:
        log = open(logs / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen([str(BIN / "dask"), *args], cwd=corpus, env=env, stdout=log, stderr=log)
        procs.append(proc)
        return proc

    try:
        start("scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard", name="scheduler")
        address = f"tcp://127.0.0.1:{port}"
        workers = [start("worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard", "--host", "127.0.0.1",
                         name=f"worker{i}") for i in range(2)]
        build = subprocess.Popen([sys.executable, "-m", "runreport", "site", "corpus", "--out", "site-dask",
                                  "--scheduler", address], cwd=corpus, env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
        victim = None
        deadline = time.monotonic() + 300
        while victim is None and time.monotonic() < deadline and build.poll() is None:
            victim = next((w for w in workers if _children(w.pid)), None)  # a worker with a running kernel
            time.sleep(0.2)
        assert victim is not None, "no worker started a kernel"
        victim.send_signal(signal.SIGKILL)
        _, err = build.communicate(timeout=900)
        assert build.returncode == 1, err
        assert "corpus/broken.txt:1:" in err
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
    dask_site = snapshot(corpus / "site-dask")
    local = snapshot(site)
    assert dask_site.keys() == local.keys()
    assert [name for name in local if local[name] != dask_site[name]] == []


def _summary(slug: str, title: str, claims: list[dict]) -> dict:
    return {"slug": slug, "path": f"corpus/{slug}.txt", "format": "text", "title": title, "causes": 1, "tips": 2,
            "claims": claims, "used_sources": [], "has_pdf": False}


def _claim(value: float, status: str, measure: str = "have back pain", site: str = "back") -> dict:
    return {"line": 2, "label": f"{value:g}%", "value": value, "unit": "%", "measure": measure, "site": site,
            "status": status, "contradicted": False, "reviewed": status != "unsourced", "source": ""}


def test_site_tables_and_page_from_summaries():
    """Pure functions: recurring figures group by value, unit and measure; article text is escaped."""
    import pandas as pd

    from runreport.sitepages import render_index, site_tables

    hostile = "<script>alert(1)</script> Back Pain"
    built = [_summary("a", hostile, [_claim(14, "unsourced"), _claim(19, "verified")]),
             _summary("b", "B", [_claim(14, "unsourced"), _claim(14, "unsourced", measure="have knee pain",
                                                                        site="knee")]),
             _summary("c", "C", [_claim(14.0, "out of range")])]
    sources = pd.DataFrame({"source": ["s1"], "authors": ["X"], "year": [2020], "title": ["T"]})
    tables = site_tables(built, [{"slug": "d", "path": "corpus/d.txt", "error": "corpus/d.txt:1: bad"}], sources)
    recurring = tables["recurring_figures"]
    assert recurring[["value", "measure", "articles", "verdicts", "slugs"]].values.tolist() == [
        ["14", "have back pain", 3, "out of range; unsourced", "a b c"]]
    by_site = tables["unsourced_by_site"].set_index("body_site")
    assert by_site.loc["back"].tolist() == [4, 2] and by_site.loc["knee"].tolist() == [1, 1]
    assert tables["articles"].set_index("slug").loc["a", ["verified", "unsourced", "reviewed", "automatic"]
                                                   ].tolist() == [1, 1, 1, 1]
    assert tables["source_citations"]["articles"].tolist() == [0]
    page = render_index(tables, built)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; Back Pain" in page
    assert "corpus/d.txt:1: bad" in page and 'href="a/report.pdf"' not in page
