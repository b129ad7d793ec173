"""``runreport site``: a corpus of articles → a fact-check site, locally and on a Dask cluster.

One small corpus, built once for the session (:func:`site_build`, one local worker): the seed
(text, with its annotations, so its folder can be compared with the committed edition), a Markdown
post and an HTML page that both state "25% … report it each year", one broken article and a file
that is not an article. The tests that only read the site share that build. The tests that build
again start from a copy of it with article folders removed (two for the resume after Ctrl-C, one for
the Dask cluster), so each builds those, not the corpus, and must end with the same bytes.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers.articles import SEED
from helpers.buildhelp import ROOT, snapshot
from helpers.corpus import corpus
from runreport.build.run import MANIFEST
from runreport.provenance import git_commit_time

BIN = Path(sys.executable).parent
ARTIFACTS = ROOT / "test-artifacts"
#: The two generated articles, by slug; each test that builds again rebuilds exactly these.
GENERATED = {"why-hurt": "why-hurt.md", "reason-hash": "reason-hash.html"}
SEED_SLUG = "upper-back-sore-after-running"
SEED_ANNOTATIONS = ROOT / "data" / "annotations" / f"{SEED_SLUG}.yaml"
PAGES = ("index", "findings", "downloads")


def _env(cache: Path) -> dict[str, str]:
    return {
        **os.environ,
        "RUNREPORT_CACHE_DIR": str(cache),
        "CI": "true",
        "SOURCE_DATE_EPOCH": str(git_commit_time(SEED)),
    }


def run_site(
    base: Path, *args: str, timeout: int = 600, corpus: str = "corpus"
) -> subprocess.CompletedProcess:
    """``python -m runreport site CORPUS ARGS`` from *base*, its own cache, never raising."""
    return subprocess.run(
        [sys.executable, "-m", "runreport", "site", corpus, *args],
        cwd=base,
        env=_env(base / "cache"),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="session")
def site_build(tmp_path_factory):
    """The corpus built once on one local worker (the publication tests' site runs two): (base
    folder, site folder, completed process)."""
    base = tmp_path_factory.mktemp("site")
    folder = base / "corpus"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    # Its annotations beside it, where an article outside a project folder finds them.
    shutil.copy(SEED_ANNOTATIONS, folder / SEED_ANNOTATIONS.name)
    wanted = set(GENERATED.values())
    for article in corpus():
        if article.name in wanted:
            (folder / article.name).write_bytes(article.data)
    (folder / "broken.txt").write_text(
        "Just a line of text and nothing after it\n", encoding="utf-8"
    )
    (folder / "notes.csv").write_text(
        "not,an,article\n", encoding="utf-8"
    )  # not an article suffix: ignored
    # The corpus named by its absolute path, the site's pages must not publish it; the tests that
    # build again name it "corpus", as typed from *base*, and must find the same site current.
    result = run_site(base, "--out", "site", "--workers", "1", corpus=str(folder))
    return base, base / "site", result


@pytest.fixture
def short_tmp():
    """A build's own temporary folder (``TMPDIR``), short as a system's is: pytest's folders are
    deep, and a kernel's socket path must fit 107 bytes. Removed after the test."""
    folder = Path(tempfile.mkdtemp(prefix="rr-", dir="/tmp"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _partial_copy(site: Path, target: Path, missing: tuple[str, ...] = tuple(GENERATED)) -> Path:
    """A copy of the site without the *missing* articles' folders: what an
    interrupted build leaves."""
    shutil.copytree(site, target, symlinks=True)
    for slug in missing:
        shutil.rmtree(target / slug)
    return target


def _differences(expected: Path, actual: Path) -> list[str]:
    want, got = snapshot(expected), snapshot(actual)
    return sorted(name for name in want.keys() | got.keys() if want.get(name) != got.get(name))


@pytest.mark.slow
def test_broken_article_is_listed_not_fatal(site_build):
    _, site, result = site_build
    assert result.returncode == 1, result.stderr
    base = site.parent
    message = "corpus/broken.txt:1: nothing follows the title"
    assert f"{base}/{message}" in result.stderr  # the terminal: the path as typed
    index = (site / "index.html").read_text(encoding="utf-8")
    assert (
        message in index and str(base) not in index
    )  # the page: the path inside the corpus folder
    for slug in (SEED_SLUG, *GENERATED):
        assert f'href="{slug}/report.html"' in index and f'href="{slug}/report.pdf"' in index
        assert (site / slug / "report.pdf").read_bytes().startswith(b"%PDF")
    assert not (site / "broken").exists() and not (site / "notes").exists()
    # The formats come from the files: one text, one Markdown, one HTML article.
    assert [line for line in index.splitlines() if 'data-label="Format"' in line] and {
        "text",
        "Markdown",
        "HTML",
    } <= {part.split("<")[0] for part in index.split('data-label="Format">')[1:]}


@pytest.mark.slow
def test_article_folder_is_the_build_edition(site_build):
    """The seed's folder holds the committed edition's bytes (only the manifest
    carries the site summary)."""
    _, site, _ = site_build
    built, committed = snapshot(site / SEED_SLUG), snapshot(ROOT / "exports")
    built.pop(MANIFEST), committed.pop(MANIFEST)
    assert built.keys() == committed.keys()
    assert [name for name in built if built[name] != committed[name]] == []


@pytest.mark.slow
def test_cross_article_tables_and_data_package(site_build):
    import pandas as pd
    from frictionless import validate

    _, site, _ = site_build
    articles = pd.read_csv(site / "data" / "articles.csv").set_index("slug")
    assert set(articles.index) == {SEED_SLUG, *GENERATED}
    assert articles["format"].to_dict() == {
        SEED_SLUG: "text",
        "why-hurt": "Markdown",
        "reason-hash": "HTML",
    }
    expected = {a.name: a for a in corpus()}
    for slug, name in GENERATED.items():
        assert articles.loc[slug, ["causes", "tips"]].tolist() == [
            len(expected[name].causes),
            len(expected[name].tips),
        ]
    seed_fact = pd.read_csv(ROOT / "exports" / "data" / "fact_check.csv")
    seed = articles.loc[SEED_SLUG]
    assert seed["claims"] == len(seed_fact)
    assert seed["unsourced"] == (seed_fact["status"] == "unsourced").sum()
    assert seed["reviewed"] + seed["automatic"] == len(seed_fact) and seed["reviewed"] > 0
    recurring = pd.read_csv(site / "data" / "recurring_figures.csv", dtype=str)
    # The Markdown post and the HTML page both say "about 25% of runners report
    # it each year": one row.
    assert recurring[["value", "unit", "measure", "articles", "slugs"]].values.tolist() == [
        ["25", "%", "report it each year", "2", "reason-hash why-hurt"]
    ]
    citations = pd.read_csv(site / "data" / "source_citations.csv")
    assert (citations["articles"] > 0).any() and (citations["articles"] == 0).any()
    failures = pd.read_csv(site / "data" / "failures.csv")
    assert failures["path"].tolist() == ["corpus/broken.txt"]
    package = json.loads((site / "datapackage.json").read_text(encoding="utf-8"))
    paths = {r["path"] for r in package["resources"]}
    assert {
        "data/recurring_figures.csv",
        "why-hurt/data/claims.csv",
        f"{SEED_SLUG}/data/fact_check.csv",
    } <= paths
    report = validate(str(site / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    downloads = (site / "downloads.html").read_text(encoding="utf-8")
    assert (
        'href="datapackage.json"' in downloads and 'href="data/recurring_figures.csv"' in downloads
    )
    for key in ("unsourced-by-site", "recurring-figures"):  # the site's charts, with their data
        assert all((site / "figures" / f"{key}.{ext}").is_file() for ext in ("png", "svg", "csv"))
        assert f'href="figures/{key}.csv"' in downloads


@pytest.mark.slow
@pytest.mark.browser
def test_site_pages_pass_the_report_gates(site_build, browser):
    """Script-free, offline, accessible (axe), valid (vnu), and no sideways
    scrolling from 320 px up."""
    from helpers.accessibility import record_axe_incomplete
    from helpers.html_validation import run_vnu

    _, site, _ = site_build
    ARTIFACTS.mkdir(exist_ok=True)
    for name in PAGES:
        page = site / f"{name}.html"
        for width in (320, 360, 1280):  # as test_mobile.py: the narrowest, the commonest, desktop
            report = browser.inspect_page(
                page,
                ARTIFACTS / f"site-{name}-{width}.png",
                width=width,
                with_axe=width in (320, 1280),
            )
            assert report.scripts_run == [] and report.script_markup == [], (
                name,
                width,
                report.script_markup,
            )
            assert report.blocked_requests == [] and report.unrouted_requests == [], (
                name,
                report.blocked_requests,
            )
            assert report.console_errors == [], (name, report.console_errors)
            assert not report.dom_changed and report.broken_images == [], name
            assert report.page_width == width and report.overflowing == [], (
                name,
                width,
                report.overflowing[:5],
            )
            assert report.axe_violations in (None, []), (
                name,
                width,
                [v["id"] for v in report.axe_violations],
            )
            if report.axe_incomplete is not None:
                record_axe_incomplete(ARTIFACTS / "axe-incomplete", f"site-{name}-{width}", report)
        if name == "findings":
            assert len(report.images) == 2 and all(w > 0 for _, w in report.images)
        dark = browser.inspect_page(page, width=360, color_scheme="dark", with_axe=True)
        assert dark.axe_violations == [], (name, [v["id"] for v in dark.axe_violations])
    errors = run_vnu([site / f"{name}.html" for name in PAGES])
    assert errors == [], errors[:5]


@pytest.mark.slow
def test_unchanged_site_is_not_rebuilt(site_build):
    base, site, _ = site_build

    def mtimes() -> dict[Path, int]:
        return {
            p: p.stat().st_mtime_ns
            for slug in (SEED_SLUG, *GENERATED)
            for p in (site / slug).rglob("*")
        }

    before, files = mtimes(), snapshot(site)
    again = run_site(base, "--out", "site", "--workers", "2")
    assert again.returncode == 1
    assert "3 current, 1 to build" in again.stderr  # only the broken article is tried again
    assert "site pages current" in again.stderr
    assert mtimes() == before and snapshot(site) == files


#: ``python -m runreport`` started as a terminal starts it, with Ctrl-C at its default. A process
#: inherits ignored signals, and this test's process ignores SIGINT (and SIGQUIT) whenever another
#: of its threads is inside C ``system()``: a build started in that moment would ignore the Ctrl-C
#: for good, as a command started with ``nohup`` does.
_AS_FROM_A_TERMINAL = [
    sys.executable,
    "-c",
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
    "os.execv(sys.executable, [sys.executable, '-m', 'runreport', *sys.argv[1:]])",
]


def _interrupt_after_first_build(base: Path, site: Path, short_tmp: Path, name: str):
    """Start ``runreport site`` on a copy of *site* without the generated articles and send Ctrl-C
    (SIGINT to its process group) as soon as it says it built one; return (the process, what it
    had printed when the signal left, the processes it had started, the copy, its temporary
    folder), or None when the build had already finished more before the signal left (the test
    was not scheduled in time).

    Everything read from the pipe by the time ``killpg`` returns was written before the signal:
    only a line printed *after* it can show a lost Ctrl-C.
    """
    import psutil

    partial = _partial_copy(site, base / name)
    tmp = short_tmp / name[-1]  # each try its own temporary folder, kept short
    tmp.mkdir()
    build = subprocess.Popen(
        [*_AS_FROM_A_TERMINAL, "site", "corpus", "--out", partial.name, "--workers", "1"],
        cwd=base,
        env={**_env(base / f"cache-{name}"), "TMPDIR": str(tmp)},
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    fd, seen = build.stderr.fileno(), b""
    while b"] built " not in seen:
        chunk = os.read(fd, 65536)
        assert chunk, seen.decode()
        seen += chunk
    started = psutil.Process(build.pid).children(recursive=True)  # worker, kernel, tracker
    os.killpg(build.pid, signal.SIGINT)
    os.set_blocking(fd, False)
    with contextlib.suppress(BlockingIOError):
        seen += os.read(fd, 65536) or b""
    os.set_blocking(fd, True)
    after_first = seen.split(b"] built ", 1)[1]
    if b"] built " in after_first or b"] wrote " in after_first:
        build.communicate(timeout=120)  # let it end as it would
        return None
    return build, seen.decode(), started, partial, tmp


@pytest.mark.slow
def test_interrupted_site_resumes(site_build, short_tmp):
    """Ctrl-C (SIGINT to the process group) after the first article: exit 130, no staging folder
    left; a re-run builds only what is missing and gives the same site.

    On a loaded machine the test may read the "built" line only after the build has gone on to
    finish the next article: the signal then came too late to show anything, and the try starts
    again from a fresh copy (at most three times). A Ctrl-C that arrives in time and is lost
    still fails."""
    import psutil

    base, site, _ = site_build
    for attempt in range(3):
        tried = _interrupt_after_first_build(base, site, short_tmp, f"site-resume-{attempt}")
        if tried is not None:
            break
    assert tried is not None, "the build was never caught between two articles"
    build, seen, started, partial, tmp = tried
    seen += build.stderr.read().decode()
    assert build.wait(timeout=120) == 130, seen
    assert "1 current, 3 to build" in seen and "Traceback" not in seen
    assert not [p for p in partial.iterdir() if p.name.startswith(".") and p.is_dir()]
    # Everything the build started has ended, and left nothing in the temporary folder.
    assert [p for p in psutil.wait_procs(started, timeout=15)[1]] == []
    assert list(tmp.iterdir()) == []
    again = run_site(base, "--out", partial.name, "--workers", "1")
    assert again.returncode == 1 and "2 current, 2 to build" in again.stderr, again.stderr
    assert _differences(site, partial) == []


@pytest.mark.slow
@pytest.mark.parametrize("how", ["SIGTERM", "SIGKILL"])
def test_a_stopped_site_leaves_no_worker_or_kernel_running(how, tmp_path, request, short_tmp):
    """``kill`` (SIGTERM, to the client alone, as a CI runner's cancel or ``timeout`` sends it)
    while a worker's kernel runs: the client stops like Ctrl-C (exit 130, one line, no traceback),
    its workers and kernels end, and its temporary files are removed. Killed outright (SIGKILL),
    the client cannot clean up, but its workers and their kernels still end on their own: none is
    left waiting for ever."""
    import psutil

    from helpers.articles import make_article

    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "knee.txt").write_text(
        make_article(topic="Knee Pain After Running"), encoding="utf-8"
    )
    build = subprocess.Popen(
        [sys.executable, "-m", "runreport", "site", "corpus", "--out", "site", "--workers", "1"],
        cwd=tmp_path,
        env={**_env(tmp_path / "cache"), "TMPDIR": str(short_tmp)},
        stderr=subprocess.PIPE,
        text=True,
    )
    request.addfinalizer(build.kill)  # whatever happens below, the build does not outlive the test
    deadline = time.monotonic() + 120
    while not _has_kernel(build.pid):
        assert build.poll() is None and time.monotonic() < deadline, (
            f"no kernel started: {build.stderr.read() if build.poll() is not None else ''}"
        )
        time.sleep(0.2)
    started = psutil.Process(build.pid).children(recursive=True)
    build.send_signal(getattr(signal, how))
    err = build.communicate(timeout=60)[1]
    assert [p for p in psutil.wait_procs(started, timeout=15)[1]] == []
    if how == "SIGTERM":
        assert build.returncode == 130 and err.splitlines()[-1] == "interrupted", err
        assert "Traceback" not in err
        assert list(short_tmp.iterdir()) == []
        assert not (tmp_path / "site" / "knee").exists()
    else:
        assert build.returncode == -signal.SIGKILL


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _has_kernel(pid: int) -> bool:
    import psutil

    try:
        return any(
            "ipykernel" in " ".join(c.cmdline())
            for c in psutil.Process(pid).children(recursive=True)
        )
    except psutil.Error:
        return False


@contextlib.contextmanager
def _dask_cluster(base: Path, env: dict[str, str]) -> Iterator[tuple[str, list[subprocess.Popen]]]:
    """A real dask scheduler and two one-thread workers on 127.0.0.1, separate processes.

    Yields the scheduler's address and the workers; their logs go to ``base/dask-logs``.
    """
    port = _free_port()
    logs = base / "dask-logs"
    logs.mkdir()
    procs: list[subprocess.Popen] = []

    def start(*args: str, name: str) -> subprocess.Popen:
        with open(logs / f"{name}.log", "wb") as log:
            proc = subprocess.Popen(
                [str(BIN / "dask"), *args], cwd=base, env=env, stdout=log, stderr=log
            )
        procs.append(proc)
        return proc

    try:
        address = f"tcp://127.0.0.1:{port}"
        start(
            "scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-dashboard",
            name="scheduler",
        )
        workers = [
            start(
                "worker",
                address,
                "--nthreads",
                "1",
                "--no-nanny",
                "--no-dashboard",
                "--host",
                "127.0.0.1",
                "--name",
                f"worker{i}",
                name=f"worker{i}",
            )
            for i in range(2)
        ]
        yield address, workers
    finally:
        # The workers first, one by one, then the scheduler: a worker stopped together with its
        # scheduler can hang in its goodbye to it until it is killed.
        for proc in reversed(procs):
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _kill_the_first_worker_with_a_kernel(
    workers: list[subprocess.Popen], build: subprocess.Popen
) -> subprocess.Popen:
    """SIGKILL the first of *workers* to start a kernel while *build* runs; return it."""
    victim = None
    deadline = time.monotonic() + 300
    while victim is None and time.monotonic() < deadline and build.poll() is None:
        victim = next((w for w in workers if _has_kernel(w.pid)), None)
        time.sleep(0.1)
    assert victim is not None, "no worker started a kernel"
    victim.send_signal(signal.SIGKILL)
    return victim


@pytest.mark.slow
def test_dask_cluster_builds_the_same_bytes_despite_a_killed_worker(site_build, short_tmp):
    """A real scheduler and two workers on 127.0.0.1, separate processes; the first worker to
    start a kernel is killed, its task is retried on the other, and the site is
    byte-identical to the local one.

    One article is missing (and the broken one is tried again): the one a worker starts a kernel for
    is the one whose task is retried."""
    base, site, _ = site_build
    partial = _partial_copy(site, base / "site-dask", missing=("reason-hash",))
    # The killed worker cannot remove its temporary files: they go to a folder of
    # the test's, not to /tmp.
    env = {**_env(base / "cache-dask"), "TMPDIR": str(short_tmp)}
    with _dask_cluster(base, env) as (address, workers):
        build = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "runreport",
                "site",
                "corpus",
                "--out",
                partial.name,
                "--scheduler",
                address,
            ],
            cwd=base,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        victim = _kill_the_first_worker_with_a_kernel(workers, build)
        _, err = build.communicate(timeout=600)
        assert build.returncode == 1, err
        assert "corpus/broken.txt:1:" in err and "2 current, 2 to build" in err, err
        assert victim.wait(timeout=10) == -signal.SIGKILL
    assert _differences(site, partial) == []


def _summary(slug: str, title: str, claims: list[dict]) -> dict:
    return {
        "slug": slug,
        "path": f"corpus/{slug}.txt",
        "format": "text",
        "title": title,
        "causes": 1,
        "tips": 2,
        "claims": claims,
        "used_sources": [],
        "has_pdf": False,
    }


def _claim(value: float, status: str, measure: str = "have back pain", site: str = "back") -> dict:
    return {
        "line": 2,
        "label": f"{value:g}%",
        "value": value,
        "unit": "%",
        "measure": measure,
        "site": site,
        "status": status,
        "contradicted": False,
        "reviewed": status != "unsourced",
        "source": "",
    }


def test_site_tables_and_pages_from_summaries():
    """Pure functions: recurring figures group by value, unit and measure;
    article text is escaped."""
    import pandas as pd

    from runreport.site.pages import render_pages, site_tables

    hostile = "<script>alert(1)</script> Back Pain"
    built = [
        _summary("a", hostile, [_claim(14, "unsourced"), _claim(19, "verified")]),
        _summary(
            "b",
            "B",
            [
                _claim(14, "unsourced"),
                _claim(14, "unsourced", measure="have knee pain", site="knee"),
            ],
        ),
        _summary("c", "C", [_claim(14.0, "out of range")]),
    ]
    sources = pd.DataFrame({"source": ["s1"], "authors": ["X"], "year": [2020], "title": ["T"]})
    tables = site_tables(
        built, [{"slug": "d", "path": "corpus/d.txt", "error": "corpus/d.txt:1: bad"}], sources
    )
    recurring = tables["recurring_figures"]
    assert recurring[["value", "measure", "articles", "verdicts", "slugs"]].values.tolist() == [
        ["14", "have back pain", 3, "out of range; unsourced", "a b c"]
    ]
    by_site = tables["unsourced_by_site"].set_index("body_site")
    assert by_site.loc["back"].tolist() == [4, 2] and by_site.loc["knee"].tolist() == [1, 1]
    assert tables["articles"].set_index("slug").loc[
        "a", ["verified", "unsourced", "reviewed", "automatic"]
    ].tolist() == [1, 1, 1, 1]
    assert tables["source_citations"]["articles"].tolist() == [0]
    pages = render_pages(tables, built)
    assert set(pages) == {"index.html", "findings.html"}
    index = pages["index.html"]
    assert "<script>" not in index and "&lt;script&gt;alert(1)&lt;/script&gt; Back Pain" in index
    assert "corpus/d.txt:1: bad" in index and 'href="a/report.pdf"' not in index
    assert "3 of 5 claims have no source" in index
    assert 'href="a/report.html">a</a> · <a href="b/report.html">b</a>' in pages["findings.html"]


def test_site_pages_name_articles_inside_their_corpus_folder(tmp_path):
    """The pages never publish the editor's folders: an article found in a folder is named from that
    folder's name down, one named on the command line by its file name; messages follow."""
    from runreport.site.run import _shown_message, shown_path

    corpus = tmp_path / "editors" / "corpus"
    (corpus / "knee").mkdir(parents=True)
    article = corpus / "knee" / "pain.md"
    article.write_text("# Knee\n", encoding="utf-8")
    assert shown_path(article, [tmp_path / "elsewhere", corpus]) == "corpus/knee/pain.md"
    assert shown_path(article, [article]) == "pain.md"
    relative = Path(os.path.relpath(corpus, Path.cwd()))
    assert shown_path(relative / "knee" / "pain.md", [relative]) == "corpus/knee/pain.md"
    # A root "." holds only what is below it; elsewhere, the file name. A linked
    # folder keeps its name.
    outside = tmp_path / "outside.md"
    outside.write_text("# Out\n", encoding="utf-8")
    assert shown_path(outside, [Path(os.path.relpath(corpus, Path.cwd())), Path(".")]) in (
        "outside.md",
        f"{Path.cwd().name}/{os.path.relpath(outside, Path.cwd())}",
    )
    assert not shown_path(outside, [corpus, Path(".")]).startswith("/")
    (tmp_path / "latest").symlink_to(corpus, target_is_directory=True)
    assert (
        shown_path(tmp_path / "latest" / "knee" / "pain.md", [tmp_path / "latest"])
        == "latest/knee/pain.md"
    )
    shown = {
        str(article): "corpus/knee/pain.md",
        str(tmp_path / "notes" / "pain.yaml"): "notes/pain.yaml",
    }
    assert _shown_message(f"{article}:3: no title", shown) == "corpus/knee/pain.md:3: no title"
    assert _shown_message(f"{tmp_path}/notes/pain.yaml:1: bad", shown) == "notes/pain.yaml:1: bad"
    assert _shown_message("pain: KilledWorker: ...", shown) == "pain: KilledWorker: ..."


def test_articles_named_alike_get_the_fewest_folders_that_tell_them_apart(tmp_path):
    """Two ``knee.md`` named on the command line, or found in two folders called
    ``corpus``, would be one name twice on the site's pages; each takes folders from its
    own path until the names differ."""
    from runreport.site.run import shown_paths

    paths = [
        tmp_path / "a" / "knee.md",
        tmp_path / "b" / "knee.md",
        tmp_path / "b" / "hip.md",
        tmp_path / "x" / "corpus" / "calf.md",
        tmp_path / "y" / "corpus" / "calf.md",
        tmp_path / "y" / "corpus" / "shin.md",
    ]
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("# A\n", encoding="utf-8")
    named = paths[:3]
    assert shown_paths(named, named) == ["a/knee.md", "b/knee.md", "hip.md"]
    roots = [tmp_path / "x" / "corpus", tmp_path / "y" / "corpus"]
    assert shown_paths(paths[3:], roots) == [
        "x/corpus/calf.md",
        "y/corpus/calf.md",
        "corpus/shin.md",
    ]
    # A longer name can meet another article's name: both grow again until all differ.
    deep = [tmp_path / "p" / "a" / "knee.md", tmp_path / "q" / "knee.md"]
    deep[0].parent.mkdir(parents=True)
    deep[0].write_text("# A\n", encoding="utf-8")
    (tmp_path / "q").mkdir()
    deep[1].write_text("# A\n", encoding="utf-8")
    everything = [*named, *deep]
    names = shown_paths(everything, everything)
    assert len(set(names)) == len(names) and not any(name.startswith("/") for name in names)
    assert names[1:5] == ["b/knee.md", "hip.md", "p/a/knee.md", "q/knee.md"]
    assert names[0] == f"{tmp_path.name}/a/knee.md"  # "a/knee.md" was p/a/knee.md's too


@pytest.mark.parametrize("workers", ["0", "-2", "two"])
def test_workers_must_be_a_positive_whole_number(workers, tmp_path):
    """Checked as ``runreport build --jobs`` is, before anything is read or written."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "runreport",
            "site",
            str(SEED),
            "--out",
            str(tmp_path / "site"),
            "--workers",
            workers,
        ],
        cwd=tmp_path,
        env=_env(tmp_path / "cache"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert (
        f"argument --workers: must be a whole number, 1 or more, got '{workers}'" in result.stderr
    )
    assert not (tmp_path / "site").exists()


def test_kernel_sockets_fit_a_unix_socket_address_under_a_deep_tmpdir(tmp_path, monkeypatch):
    """A deep TMPDIR (a CI workspace, a test's folder) would give a socket path ZMQ cannot bind
    ("File name too long"): the kernel's folder then goes to /tmp."""
    from runreport.build.kernels import (
        IPC_PATH_MAX,
        KERNEL_FOLDER_ROOM,
        kernel_folder,
        short_tempdir,
    )

    deep = tmp_path / ("d" * 60)
    deep.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(deep))
    folder = kernel_folder()
    try:
        assert (
            folder.parent == Path("/tmp") and len(os.fsencode(folder / "ipc-65535")) <= IPC_PATH_MAX
        )
    finally:
        folder.rmdir()
    short = Path(tempfile.mkdtemp(prefix="rr-", dir="/tmp"))
    try:
        monkeypatch.setattr(tempfile, "tempdir", str(short))  # short enough: kept where asked
        assert kernel_folder().parent == short
        # A site's workers make their kernels' folders inside theirs: it leaves room for them.
        workers = short_tempdir("runreport-workers-", KERNEL_FOLDER_ROOM)
        assert workers.parent == short
        monkeypatch.setattr(tempfile, "tempdir", str(deep))
        workers = short_tempdir("runreport-workers-", KERNEL_FOLDER_ROOM)
        monkeypatch.setattr(tempfile, "tempdir", str(workers))
        assert (
            workers.parent == Path("/tmp")
            and len(os.fsencode(kernel_folder() / "ipc-65535")) <= IPC_PATH_MAX
        )
        shutil.rmtree(workers)
    finally:
        shutil.rmtree(short)
