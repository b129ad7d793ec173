"""Benchmark: runreport's build against plain nbconvert on the same notebooks.

Run with ``make bench``. Measures, in one run on this machine:

- baseline: ``jupyter nbconvert --execute --to html`` over the four notebooks;
- runreport's cold full build (HTML + PDF + data + download page, empty cache);
- a no-op rebuild (median of 5);
- a rebuild after changing one annotation;
- parser throughput over a generated corpus of text articles, of ~50 kB web pages and of Markdown
  posts (``python bench/bench_build.py --parser`` measures only these, in seconds);
- the sizes of report.html and report.pdf;
- Lighthouse's four scores (mobile preset) for the fresh report.html and
  index.html served from 127.0.0.1 (``bench/lighthouse.py``, also ``make lighthouse``).
- the corpus: ``runreport site`` over generated text, Markdown and HTML
  articles (200, or ``BENCH_ARTICLES``) with 2 and 1 local workers against a
  shell loop of ``runreport build`` over the same articles (all of them, or the
  first ``BENCH_LOOP_ARTICLES``: the loop's rate per article does not depend on
  how many), all from a cold cache, in articles per minute, and the peak
  memory per worker (the worker process and its kernel); then a no-op site
  rebuild at 1,000 articles (``BENCH_NOOP_ARTICLES``), the built folders
  copied under new names (see :func:`noop_at_scale`); and the CPU floor of an
  article (:mod:`bench_floor`): what its unskippable outputs cost with no
  overhead at all, and the most articles per minute that allows on this
  machine's CPUs.

Prints a table with ratios to the baseline and the targets. Not a test: numbers
depend on the machine.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE.parent / "tests"))

from helpers.articles import make_article  # noqa: E402
from helpers.render import sample_page, sample_post  # noqa: E402
from lighthouse import measure, table  # noqa: E402

VENV_BIN = Path(sys.executable).parent
#: Articles in the no-op site rebuild (``BENCH_NOOP_ARTICLES``): the issue's 1,000.
NOOP_ARTICLES = int(os.environ.get("BENCH_NOOP_ARTICLES", "1000"))
#: Articles whose CPU floor is measured (:mod:`bench_floor`; the first one only warms up).
FLOOR_ARTICLES = 13
ANNOTATIONS = ROOT / "data" / "annotations" / "upper-back-sore-after-running.yaml"


def timed(cmd: list[str], env: dict[str, str], cwd: Path = ROOT) -> float:
    started = time.perf_counter()
    result = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{result.stderr[-2000:]}")
    return elapsed


def throughput(corpus: list[tuple[str, str]], passes: int = 3) -> tuple[float, float, float]:
    """How fast ``parse_article`` (reader, structure and claims) reads
    *corpus*, ``(path, text)`` pairs.

    Returns:
        Articles per second by the wall clock and by this process's CPU time (less disturbed
        by other work on a shared machine), each the median of *passes* passes, and the
        articles' mean size in kB.
    """
    from runreport.ingest.parse import parse_article

    parse_article(*corpus[0])  # imports the reader (lxml, markdown-it) once
    wall, cpu = [], []
    for _ in range(passes):
        started, used = time.perf_counter(), time.process_time()
        for path, text in corpus:
            parse_article(path, text)
        wall.append(len(corpus) / (time.perf_counter() - started))
        cpu.append(len(corpus) / (time.process_time() - used))
    size = sum(len(text.encode("utf-8")) for _, text in corpus) / len(corpus) / 1000
    return statistics.median(wall), statistics.median(cpu), size


def text_corpus(count: int = 2000) -> list[tuple[str, str]]:
    """Generated text articles of every shape the text format has, and the seed."""
    corpus = [
        make_article(reasons=1 + i % 9, tips=1 + i % 13, faqs=i % 4, blank_lines=bool(i % 2))
        for i in range(count)
    ]
    corpus.append(
        (ROOT / "data" / "raw" / "upper-back-sore-after-running.txt").read_text(encoding="utf-8")
    )
    return [(f"article-{i}.txt", text) for i, text in enumerate(corpus)]


def page_corpus(make, extension: str, count: int = 300) -> list[tuple[str, str]]:
    """*count* web pages (``render.sample_page``) or Markdown posts (``render.sample_post``)."""
    return [(f"page-{i}.{extension}", make(i).decode("utf-8")) for i in range(count)]


def parser_rows() -> list[tuple[str, str, str, str]]:
    """The table rows of the three parser throughputs."""
    rows = []
    for name, corpus, unit, target in (
        ("text articles", text_corpus(), "articles", "≥ 1,000/s"),
        ("HTML pages", page_corpus(sample_page, "html"), "pages", "≥ 200/s"),
        ("Markdown posts", page_corpus(sample_post, "md"), "posts", ""),
    ):
        wall, cpu, size = throughput(corpus)
        rows.append(
            (
                f"parser throughput, {name} (~{size:.1f} kB)",
                f"{wall:,.0f} {unit}/s (CPU {cpu:,.0f})",
                "",
                target,
            )
        )
    return rows


def print_table(rows: list[tuple[str, str, str, str]]) -> None:
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'value':>30}  {'vs baseline':>11}  target")
    print("-" * (width + 58))
    for name, value, ratio, target in rows:
        print(f"{name:<{width}}  {value:>30}  {ratio:>11}  {target}")
    print(
        "\nParser throughput: median of 3 passes by the "
        "wall clock; in brackets, by the process's CPU time."
    )
    print(
        f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
        f"load average {os.getloadavg()[0]:.1f}\n"
    )


def corpus_articles(folder: Path, count: int) -> list[Path]:
    """*count* generated articles in turn text, Markdown and HTML, of varied
    shape, items and claims.

    Text articles come from :func:`articles.make_article` (2-7 reasons, 2-8 tips, FAQs
    or not, claims or not); Markdown posts and saved web pages are the full-length
    articles of :func:`render.sample_spec` (about 2,800 words, with claims that recur
    from one article to another).
    """
    folder.mkdir(parents=True, exist_ok=True)
    topics = [
        "Knee Pain",
        "Hip Pain",
        "Shin Pain",
        "Heel Pain",
        "Calf Pain",
        "Neck Pain",
        "Ankle Pain",
    ]
    paths = []
    for i in range(count):
        if i % 3 == 0:
            path = folder / f"article-{i:04d}.txt"
            path.write_text(
                make_article(
                    topic=f"{topics[i % len(topics)]} After Running {i}",
                    reasons=2 + i % 6,
                    tips=2 + i % 7,
                    faqs=i % 4,
                    blank_lines=bool(i % 2),
                    claims=i % 5 != 4,
                    body_lines=1 + i % 3,
                ),
                encoding="utf-8",
            )
        elif i % 3 == 1:
            path = folder / f"article-{i:04d}.md"
            path.write_bytes(sample_post(i))
        else:
            path = folder / f"article-{i:04d}.html"
            path.write_bytes(sample_page(i))
        paths.append(path)
    return paths


def timed_with_memory(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds *cmd* takes, and the peak memory of its largest worker: a direct child process with
    every process below it (the warm kernel), sampled every 0.2 s, in MB."""
    import psutil

    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    peak = 0.0
    parent = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            for child in parent.children():
                tree = [child, *child.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()) / 2**20)
        except psutil.Error:
            pass  # a process ended while it was being measured
        time.sleep(0.2)
    err = proc.stderr.read()
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{err[-2000:]}")
    return elapsed, peak


def corpus_bench(work: Path, count: int, loop_count: int) -> list[tuple[str, str, str, str]]:
    """Articles per minute: runreport site (2 and 1 workers) on *count* articles vs a
    shell loop of runreport build on the first *loop_count* of them, all cold (own empty
    caches and output folders)."""
    articles = corpus_articles(work / "corpus", count)
    rows = []
    rates = {}
    for workers in (2, 1):
        env = {
            **os.environ,
            "CI": "true",
            "RUNREPORT_CACHE_DIR": str(work / f"cache-site-{workers}"),
        }
        site = [
            str(VENV_BIN / "runreport"),
            "site",
            str(work / "corpus"),
            "--out",
            str(work / f"site-{workers}"),
            "--workers",
            str(workers),
        ]
        seconds, peak = timed_with_memory(site, env)
        rates[workers] = count / seconds * 60
        rows.append(
            (
                f"runreport site, {count} articles, {workers} worker(s)",
                f"{rates[workers]:.1f} articles/min",
                "",
                "≥ 60/min on 2 CPUs" if workers == 2 else "",
            )
        )
        rows.append(
            (
                f"  peak memory per worker (worker + its kernel), {workers} worker(s)",
                f"{peak:.0f} MB",
                "",
                "≤ 1,500 MB",
            )
        )
        if workers == 2:
            noop = timed(site, env)
            rows.append((f"  no-op site rebuild, {count} articles", f"{noop:.2f} s", "", ""))
            large, seconds = noop_at_scale(work, articles, work / "site-2", env, NOOP_ARTICLES)
            rows.append(
                (
                    f"  no-op site rebuild, {large:,} articles (copies of the {count})",
                    f"{seconds:.2f} s",
                    "",
                    "≤ 2 s for 1,000",
                )
            )
    env = {**os.environ, "CI": "true", "RUNREPORT_CACHE_DIR": str(work / "cache-loop")}
    loop = " && ".join(
        f"{VENV_BIN / 'runreport'} build --article {a} --out {work / 'loop' / a.stem}"
        for a in articles[:loop_count]
    )
    seconds = timed(["sh", "-c", loop], env)
    loop_rate = loop_count / seconds * 60
    rows.append(
        (
            f"shell loop of runreport build, {loop_count} articles",
            f"{loop_rate:.1f} articles/min",
            "",
            "",
        )
    )
    rows.append(("site (2 workers) vs the loop", f"{rates[2] / loop_rate:.1f}×", "", "≥ 8×"))
    rows.append(("site: 2 workers vs 1 worker", f"{rates[2] / rates[1]:.2f}×", "", ""))
    rows.extend(floor_rows(articles[:FLOOR_ARTICLES], env))
    return rows


def floor_rows(articles: list[Path], env: dict[str, str]) -> list[tuple[str, str, str, str]]:
    """The CPU floor of an article (:mod:`bench_floor`) and the most articles per
    minute it allows here."""
    result = subprocess.run(
        [sys.executable, str(HERE / "bench_floor.py"), *map(str, articles)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"failed: bench_floor.py\n{result.stderr[-2000:]}")
    floor = float(result.stdout.split()[-1])
    cpus = os.cpu_count() or 1
    return [
        (
            f"  CPU floor per article, {len(articles) - 1} warm (bench_floor.py)",
            f"{floor:.2f} CPU-s",
            "",
            "",
        ),
        (
            f"  most articles/min that floor allows ({cpus} CPUs × 60 / floor)",
            f"{cpus * 60 / floor:.1f} articles/min",
            "",
            "≥ 60 needed",
        ),
    ]


def noop_at_scale(
    work: Path, articles: list[Path], site: Path, env: dict[str, str], total: int
) -> tuple[int, float]:
    """Seconds of a no-op ``runreport site`` over *total* articles: the built
    ones and copies of them.

    Building *total* articles would take an hour, and a no-op rebuild reads only the articles, the
    folders' manifests and files, and git: a copy of an article, with a copy of its folder under the
    copy's slug, is as current as the original (the key holds the content, not the name). The first
    run after copying writes the site pages for all of them and hashes the copied folders once; the
    second run, timed (median of 3), is the no-op.
    """
    corpus, out = articles[0].parent, work / "site-noop"
    shutil.copytree(site, out)
    for i in range(len(articles), total):
        original = articles[i % len(articles)]
        copy = corpus.parent / "corpus-noop" / f"copy-{i:05d}{original.suffix}"
        copy.parent.mkdir(exist_ok=True)
        shutil.copyfile(original, copy)
        shutil.copytree(site / original.stem, out / copy.stem)
    command = [
        str(VENV_BIN / "runreport"),
        "site",
        str(corpus),
        str(corpus.parent / "corpus-noop"),
        "--out",
        str(out),
    ]
    timed(command, env)
    return total, statistics.median(timed(command, env) for _ in range(3))


def _corpus_sizes() -> tuple[int, int]:
    """Articles for the site and for the loop of runreport build (``BENCH_ARTICLES``,
    ``BENCH_LOOP_ARTICLES``)."""
    count = int(os.environ.get("BENCH_ARTICLES", "200"))
    return count, int(os.environ.get("BENCH_LOOP_ARTICLES", str(count)))


def main() -> None:
    if sys.argv[1:] == ["--parser"]:  # only the parser's throughput (seconds, not minutes)
        print_table(parser_rows())
        return
    work = Path(tempfile.mkdtemp(prefix="runreport-bench-"))
    env = {**os.environ, "CI": "true", "RUNREPORT_CACHE_DIR": str(work / "cache")}
    try:
        notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
        baseline = timed(
            [
                str(VENV_BIN / "jupyter"),
                "nbconvert",
                "--execute",
                "--to",
                "html",
                "--output-dir",
                str(work / "baseline"),
                *map(str, notebooks),
            ],
            env,
        )
        build = [str(VENV_BIN / "runreport"), "build", "--out", str(work / "exports")]
        cold = timed(build, env)
        noop = statistics.median(timed(build, env) for _ in range(5))
        changed = work / ANNOTATIONS.name
        changed.write_text(
            ANNOTATIONS.read_text(encoding="utf-8").replace(
                "No source found for 14%.", "No source found for 14% (benchmark)."
            ),
            encoding="utf-8",
        )
        touched = timed([*build, "--annotations", str(changed)], env)
        parsing = parser_rows()
        html_mb = (work / "exports" / "report.html").stat().st_size / 1e6
        pdf_mb = (work / "exports" / "report.pdf").stat().st_size / 1e6
        # Lighthouse: the pages of the fresh build, served from 127.0.0.1, median of 3 runs each.
        scores = measure(work / "exports", runs=3)
        corpus_rows = corpus_bench(work, *_corpus_sizes())
    finally:
        shutil.rmtree(work, ignore_errors=True)

    rows = [
        ("baseline: nbconvert --execute --to html (4 notebooks)", f"{baseline:.2f} s", "1.00×", ""),
        (
            "runreport cold build (HTML + PDF + data + page)",
            f"{cold:.2f} s",
            f"{cold / baseline:.2f}×",
            "≤ 0.8×",
        ),
        ("no-op rebuild (median of 5)", f"{noop:.3f} s", f"{noop / baseline:.3f}×", "≤ 0.2 s"),
        (
            "rebuild after one annotation changed",
            f"{touched:.2f} s",
            f"{touched / baseline:.2f}×",
            "",
        ),
        *parsing,
        ("report.html size", f"{html_mb:.2f} MB", "", "≤ 1 MB"),
        ("report.pdf size", f"{pdf_mb:.2f} MB", "", "≤ 1 MB"),
        *corpus_rows,
    ]
    print_table(rows)
    print(table(scores))


if __name__ == "__main__":
    if "--corpus-only" in sys.argv:
        # Just the corpus section (what the README's site numbers come from).
        scratch = Path(tempfile.mkdtemp(prefix="runreport-bench-"))
        try:
            for row in corpus_bench(scratch, *_corpus_sizes()):
                print(f"{row[0]:<60} {row[1]:>22}  {row[3]}")
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    else:
        main()
