"""Many articles → a fact-check site: ``runreport site``.

Takes article files and folders (any format :mod:`runreport.ingest.readers`
reads: ``.txt``, ``.md``, ``.markdown``, ``.html``, ``.htm``), their
annotations, and an output folder, and gives:

- ``DIR/<slug>/`` per article: the same ``report.html``, ``report.pdf``,
  ``data/``, ``figures/`` and ``index.html`` as ``runreport build`` (built by
  :func:`runreport.site.worker.build_article`);
- the site pages and tables of :mod:`runreport.site.pages` (``index.html``,
  ``data/`` with the cross-article CSVs, ``datapackage.json``).

How:

- One task per article, on a local process pool (``--workers``, default the
  CPUs) or on a Dask cluster (``--scheduler tcp://host:8786`` or
  ``--scheduler-file``). A task receives the article's bytes and returns its
  finished files as bytes; this process writes them, each article into place
  with the atomic swap of :mod:`runreport.output_folders`, as soon as it is done, so
  an interrupted run resumes where it stopped.
- Incremental: an article whose folder holds a build for the same key (article,
  annotations, evidence, lexicon, code, versions, build date — the key of
  ``runreport build``) is not rebuilt, and the site pages are not rewritten
  when no article's key and no failure changed.
- One failed article never stops the others: it is listed on the index with
  its ``path:line: message``, and the exit status is 1. The pages name an
  article by its path inside the folder it was found in (:func:`shown_path`),
  never by an absolute path; the terminal gets the path as typed.
- A lock keeps two site builds of one folder from interleaving.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import signal
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

from runreport import config
from runreport.build.run import (
    MANIFEST,
    NOTEBOOKS,
    Inputs,
    Reporter,
    build_lock,
    file_listing,
    is_current,
)
from runreport.build.signals import signal_handlers
from runreport.errors import InputError, UsageError
from runreport.ingest.readers import FORMATS
from runreport.output_folders import (
    check_target,
    describe_oserror,
    staging_beside,
    swap_into_place,
)
from runreport.provenance import (
    build_date,
    bytes_sha256,
    file_sha256,
    package_hash,
    package_versions,
)
from runreport.site.file_cache import FileFacts
from runreport.site.worker import ArticleJob, build_article, local_worker

#: How the pages name each format the readers take (:data:`runreport.ingest.readers.FORMATS`).
FORMAT_NAMES = {"text": "text", "markdown": "Markdown", "html": "HTML"}
SITE_MANIFEST = ".runreport-site.json"
#: Names at the site's top level that an article's slug may not take.
RESERVED = {"data", "figures", "index", "findings", "downloads", "datapackage"}


def discover(paths: list[Path]) -> list[Path]:
    """Every article named or inside a named folder (hidden files left out), sorted, each once.

    A folder is searched for files of the formats :mod:`runreport.ingest.readers` reads.

    Raises:
        InputError: at ``path:1`` for a path that does not exist.
    """
    found: dict[Path, Path] = {}
    for path in map(Path, paths):
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path).parts
                if (
                    child.is_file()
                    and child.suffix.lower() in FORMATS
                    and not any(p.startswith(".") for p in relative)
                ):
                    found.setdefault(child.resolve(), child)
        elif path.is_file():
            found.setdefault(path.resolve(), path)
        else:
            raise InputError(path, 1, "no such article or folder")
    return sorted(found.values(), key=lambda p: p.as_posix())


def shown_path(article: Path, roots: list[Path]) -> str:
    """How the site's pages name *article*: its path inside the first of the *roots* folders that
    holds it, after that folder's name (``corpus/knee.md``), or its file name; never an absolute
    path, which would publish the editor's folders (the terminal still gets the path as typed).
    Paths are compared as written (made absolute, symbolic links not followed), so a linked folder
    keeps its own name."""
    where = Path(os.path.abspath(article))
    for root in (Path(os.path.abspath(r)) for r in roots):
        if root.is_dir() and where.is_relative_to(root):
            return (Path(root.name) / where.relative_to(root)).as_posix()
    return article.name


def shown_paths(articles: list[Path], roots: list[Path]) -> list[str]:
    """:func:`shown_path` for each article, told apart when two would be named alike.

    Two files named on the command line from different folders (``a/knee.md`` and
    ``b/knee.md``), or found in two folders of the same name, would both be ``knee.md`` on the
    pages. Each name is the end of the article's path, so a name shared by several articles takes
    one more folder of each path in turn, until every name is its own (``a/knee.md``,
    ``b/knee.md``): the fewest folders that tell them apart, never the whole absolute path unless
    that is all that differs.
    """
    parts = [Path(os.path.abspath(a)).parts[1:] for a in articles]
    lengths = [len(Path(shown_path(a, roots)).parts) for a in articles]
    while True:
        names = ["/".join(p[-n:]) for p, n in zip(parts, lengths, strict=True)]
        counts = Counter(names)
        longer = [
            i for i, name in enumerate(names) if counts[name] > 1 and lengths[i] < len(parts[i])
        ]
        if not longer:
            return names
        for i in longer:
            lengths[i] += 1


def _shown_message(message: str, shown: dict[str, str]) -> str:
    """*message* (``path:line: …`` as the terminal shows it) with its path as the pages name it."""
    for typed, name in shown.items():
        if message.startswith(typed + ":"):
            return name + message[len(typed) :]
    return message


def slugs(articles: list[Path]) -> list[str]:
    """A folder name per article: its lower-case stem, made unique with -2, -3, …"""
    out: list[str] = []
    taken: set[str] = set()
    for article in articles:
        base = re.sub(r"[^a-z0-9]+", "-", article.stem.lower()).strip("-") or "article"
        if base in RESERVED:
            base += "-article"
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        out.append(slug)
    return out


def _common_hashes() -> dict[str, str]:
    """The hashes every article shares (curated files, code, versions), computed once per run."""
    hashes = {
        "sources": file_sha256(config.EVIDENCE_FILE),
        "lexicon": file_sha256(config.LEXICON_FILE),
        "package": package_hash(),
        "versions": bytes_sha256(json.dumps(package_versions(), sort_keys=True).encode()),
    }
    for name in NOTEBOOKS:
        hashes[f"notebook:{name}"] = file_sha256(config.NOTEBOOKS_DIR / f"{name}.ipynb")
    return hashes


def _annotations(article: Path, annotations_dir: Path | None) -> Path | None:
    if annotations_dir is None:
        return config.annotations_for(article)
    candidate = annotations_dir / f"{article.stem}.yaml"
    return candidate if candidate.is_file() else None


def make_job(
    article: Path,
    slug: str,
    annotations: Path | None,
    common: dict[str, str],
    formats: tuple[str, ...],
    facts: FileFacts,
) -> tuple[ArticleJob, str]:
    """The task for one article and the key its folder is current for (``runreport build``'s key).

    *facts* remembers the article's git date between runs (see :mod:`runreport.site.file_cache`).
    """
    article_bytes = article.read_bytes()
    annotations_bytes = annotations.read_bytes() if annotations else None
    epoch = build_date(article, facts.commit_time)
    hashes = {
        "article": bytes_sha256(article_bytes),
        "annotations": bytes_sha256(annotations_bytes) if annotations_bytes is not None else "none",
        **common,
        "build_date": str(epoch),
    }
    # The same key as runreport build, so the two agree on what is current.
    key = Inputs(article, annotations, hashes, epoch).build_key(formats)
    job = ArticleJob(
        slug=slug,
        display=str(article),
        name=article.name,
        article=article_bytes,
        annotations_name=annotations.name if annotations else None,
        annotations=annotations_bytes,
        annotations_display=str(annotations) if annotations else None,
        hashes=hashes,
        epoch=epoch,
        formats=formats,
    )
    return job, key


# Running the tasks ------------------------------------------------------------------------


@contextlib.contextmanager
def local_pool(workers: int) -> Iterator:
    """A pool of *workers* processes, each with its own warm kernel (spawned: no forked threads).

    Interrupted (Ctrl-C, SIGTERM) or failed, the client kills its workers at once, not after their
    articles: they only ever write into a scratch folder, which is removed with the pool, and hand
    their files back (:func:`runreport.site.worker.local_worker`); their kernels die with them
    (:mod:`runreport.build.kernels`).
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from runreport.build.kernels import KERNEL_FOLDER_ROOM, short_tempdir

    # The workers' kernels make their folders inside the scratch folder: its path must leave room
    # for their sockets' paths.
    scratch = short_tempdir("runreport-workers-", KERNEL_FOLDER_ROOM)
    others = set(multiprocessing.active_children())
    try:
        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=local_worker,
            initargs=(str(scratch), os.getpid()),
        )

        def submit(job: ArticleJob):
            # A worker is started by a submit (and only there): it inherits Ctrl-C blocked, until
            # it has left the terminal's process group and ignores it, so a Ctrl-C while it
            # starts does not reach it. Blocked here, not ignored, a Ctrl-C during the submit
            # is not lost: it stops the client as soon as the submit returns. (The pool's
            # threads, started by the first submit, keep it blocked: it comes to this thread.)
            blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            try:
                return pool.submit(build_article, job)
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, blocked)

        try:
            yield submit
        except BaseException:
            # A second Ctrl-C must not cut the killing short.
            with signal_handlers(dict.fromkeys((signal.SIGINT, signal.SIGTERM), signal.SIG_IGN)):
                for worker in set(multiprocessing.active_children()) - others:
                    worker.kill()
                # A worker killed while it sent its files leaves half a message in the result
                # pipe; the pool's thread would wait for the rest for ever, as this process holds
                # the pipe's other end too. Closing that end ends the wait (the pool takes it as
                # broken). CPython's attribute names.
                writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
                if writer is not None:
                    writer.close()
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


@contextlib.contextmanager
def dask_pool(scheduler: str | None, scheduler_file: str | None) -> Iterator:
    """Tasks on an existing Dask cluster: one per article, retried twice when a worker dies.

    Raises:
        UsageError: when the scheduler cannot be reached.
    """
    from distributed import Client

    try:
        client = (
            Client(scheduler_file=scheduler_file, timeout="20s")
            if scheduler_file
            else Client(scheduler, timeout="20s")
        )
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(
            f"cannot reach the Dask scheduler {scheduler or scheduler_file}: {exc}"
        ) from None
    try:
        yield lambda job: client.submit(
            build_article,
            job,
            key=f"runreport-site-{job.slug}-{job.hashes['article'][:12]}",
            retries=2,
            pure=False,
        )
    finally:
        client.close()


def _as_completed(futures: list, on_dask: bool) -> Iterator:
    if on_dask:
        from distributed import as_completed

        yield from as_completed(futures)
    else:
        from concurrent.futures import as_completed

        yield from as_completed(futures)


class Progress:
    """Articles done, failed and left: a rich bar on a terminal, plain lines in CI or a pipe."""

    def __init__(self, reporter: Reporter, total: int) -> None:
        self.reporter, self.total, self.done, self.failed = reporter, total, 0, 0
        self._bar = None
        self._task = None

    def __enter__(self) -> Self:
        if self.reporter.fancy and self.total:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            self._bar = Progress(
                TextColumn("articles"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.description}"),
                TimeElapsedColumn(),
                transient=True,
            )
            self._bar.__enter__()
            self._task = self._bar.add_task(self._status(), total=self.total)
        return self

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)

    def _status(self) -> str:
        return (
            f"done {self.done} · failed {self.failed} · left {self.total - self.done - self.failed}"
        )

    def step(self, slug: str, error: str | None) -> None:
        if error:
            self.failed += 1
        else:
            self.done += 1
        message = f"{'failed' if error else 'built'} {slug} ({self._status()})"
        if self._bar is not None:
            self._bar.update(self._task, advance=1, description=self._status())
            if error:
                self._bar.console.print(f"failed {slug}")
        else:
            self.reporter.line(message)


# Writing ------------------------------------------------------------------------------------


def write_article(out: Path, result: dict) -> None:
    """Put one article's files into ``out/<slug>/`` (staged beside it, swapped into place).

    The summary the site pages need is kept in the article's build manifest.
    """
    from runreport.site.pages import readable

    target = out / result["slug"]
    staging = readable(staging_beside(target, prefix=f".{result['slug']}-build-"), folder=True)
    try:
        for relative, data in result["files"].items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        manifest = json.loads((staging / MANIFEST).read_text(encoding="utf-8"))
        manifest["summary"] = result["summary"]
        (staging / MANIFEST).write_text(
            json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )
        swap_into_place(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _summary(folder: Path) -> dict:
    return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["summary"]


def _lock_dir(out: Path) -> Path:
    return config.CACHE_DIR / "site-locks" / hashlib.sha256(str(out).encode()).hexdigest()[:16]


@dataclass
class _Plan:
    """The articles of one run: which to build, and how the pages name each."""

    #: (slug, article) in corpus order.
    entries: list[tuple[str, Path]] = field(default_factory=list)
    #: [slug, shown path, build key] per article: what the site's pages are a function of.
    keys: list[list[str]] = field(default_factory=list)
    #: Per slug: each of its input paths as typed -> as the pages name it.
    shown: dict[str, dict[str, str]] = field(default_factory=dict)
    #: The articles whose folders are not current.
    todo: list[ArticleJob] = field(default_factory=list)


def _plan(
    articles: list[Path],
    roots: list[Path],
    annotations_dir: Path | None,
    common: dict[str, str],
    formats: tuple[str, ...],
    facts: FileFacts,
    out: Path,
    force: bool,
) -> _Plan:
    """A task and a key per article, and the articles whose folders in *out* are not current."""
    plan = _Plan()
    for article, slug, name in zip(
        articles, slugs(articles), shown_paths(articles, roots), strict=True
    ):
        annotations = _annotations(article, annotations_dir)
        job, key = make_job(article, slug, annotations, common, formats, facts)
        plan.entries.append((slug, article))
        plan.shown[slug] = {job.display: name}
        if annotations is not None:
            plan.shown[slug][str(annotations)] = shown_path(annotations, [annotations.parent])
        plan.keys.append([slug, name, key])
        if force or not is_current(out / slug, key, facts.sha256):
            plan.todo.append(job)
    return plan


def _open_out(out: Path) -> Path:
    """*out* resolved and made, with a site manifest (a folder that is not a site is refused).

    Raises:
        InputError: for an ``--out`` that cannot be used.
    """
    check_target(Path(out), lambda d: (d / SITE_MANIFEST).is_file(), f"no {SITE_MANIFEST}")
    out = Path(out).resolve()
    try:
        out.mkdir(parents=True, exist_ok=True)
        if not (out / SITE_MANIFEST).is_file():
            _write_site_manifest(out, None)
    except OSError as exc:
        raise InputError(out, 1, f"cannot write --out: {describe_oserror(exc)}") from None
    return out


def _task_result(future, futures: list, todo: list[ArticleJob]) -> dict:
    """The worker's result for *future*, or a failure for a task that died (after its retries)."""
    try:
        return future.result()
    except Exception as exc:  # noqa: BLE001 - a dead task is one article's failure
        slug = todo[futures.index(future)].slug
        return {"slug": slug, "ok": False, "error": f"{slug}: {type(exc).__name__}: {exc}"}


def _store_result(out: Path, result: dict, facts: FileFacts) -> dict:
    """Write a built article's files into *out*; give *result*, or a failure if they cannot be."""
    if not result["ok"]:
        return result
    try:
        write_article(out, result)
    except OSError as exc:
        return {
            **result,
            "ok": False,
            "error": f"cannot write {result['slug']}: {describe_oserror(exc)}",
        }
    with contextlib.suppress(OSError):  # only saves the next run some reading
        file_listing(out / result["slug"], facts.sha256)
    return result


def _build_articles(
    todo: list[ArticleJob],
    out: Path,
    facts: FileFacts,
    reporter: Reporter,
    workers: int | None,
    scheduler: str | None,
    scheduler_file: str | None,
) -> dict[str, str]:
    """Build *todo* on a pool, writing each article when it is done; failures' messages by slug."""
    on_dask = bool(scheduler or scheduler_file)
    pool = (
        dask_pool(scheduler, scheduler_file)
        if on_dask
        else local_pool(max(1, min(len(todo), workers or os.cpu_count() or 1)))
    )
    failures: dict[str, str] = {}
    with pool as submit, Progress(reporter, len(todo)) as progress:
        futures = [submit(job) for job in todo]
        for future in _as_completed(futures, on_dask=on_dask):
            result = _store_result(out, _task_result(future, futures, todo), facts)
            for warning in result.get("warnings", []):
                print(warning, file=sys.stderr)
            if not result["ok"]:
                failures[result["slug"]] = result["error"]
            progress.step(result["slug"], result.get("error"))
    return failures


def _remove_dropped(out: Path, keep: set[str]) -> None:
    """Remove the article folders of *out* whose slugs are not in *keep*."""
    for folder in sorted(out.iterdir()):
        # An article no longer in the corpus leaves the site.
        if folder.is_dir() and folder.name not in keep and (folder / MANIFEST).is_file():
            shutil.rmtree(folder, ignore_errors=True)


def _site_articles(
    plan: _Plan, failures: dict[str, str], out: Path
) -> tuple[list[dict], list[dict]]:
    """The built articles' summaries and the failed articles in corpus order, as pages show them."""
    built, failed = [], []
    for slug, article in plan.entries:
        path = plan.shown[slug][str(article)]
        if slug in failures:
            failed.append(
                {
                    "slug": slug,
                    "path": path,
                    "error": _shown_message(failures[slug], plan.shown[slug]),
                }
            )
        elif (out / slug / MANIFEST).is_file():
            built.append(
                {"slug": slug, "path": path, "format": _format(article), **_summary(out / slug)}
            )
    return built, failed


def _write_pages(out: Path, built: list[dict], failed: list[dict], pages_key: str) -> None:
    """Write the site's pages, and then the manifest that marks them current for *pages_key*."""
    # pandas, jinja2 and matplotlib are imported only when the pages are written.
    from runreport.site.pages import write_site

    _write_site_manifest(out, None)  # pages half rewritten are never taken as current
    write_site(out, built, failed)
    _write_site_manifest(out, pages_key)


def run_site(
    paths: list[Path],
    out: Path,
    annotations_dir: Path | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    scheduler_file: str | None = None,
    force: bool = False,
    formats: tuple[str, ...] = ("html", "pdf"),
) -> int:
    """Build every article and the site pages; return the exit status (0 all built, 1 any failed).

    Raises:
        InputError: for a path that does not exist or an ``--out`` that cannot be used (exit 2).
        UsageError: for an unreachable scheduler or a bad setting (exit 2).
    """
    reporter = Reporter()
    if annotations_dir is not None and not Path(annotations_dir).is_dir():
        raise InputError(annotations_dir, 1, "no such annotations folder")
    articles = discover(paths)
    out = _open_out(out)
    common = _common_hashes()
    # Hashes of the exported files and git dates of the articles, remembered between runs: a no-op
    # rebuild of a large site stats its files instead of reading them all.
    facts = FileFacts(_lock_dir(out) / "facts.json")
    roots = list(map(Path, paths))
    plan = _plan(articles, roots, annotations_dir, common, formats, facts, out, force)
    todo = plan.todo
    reporter.line(
        f"{len(articles)} article(s): {len(articles) - len(todo)} current, {len(todo)} to build"
    )
    failures: dict[str, str] = {}
    with build_lock(_lock_dir(out), reporter):
        if todo:
            failures = _build_articles(
                todo, out, facts, reporter, workers, scheduler, scheduler_file
            )
        _remove_dropped(out, {slug for slug, _ in plan.entries})
        built, failed = _site_articles(plan, failures, out)
        # The pages are a function of the articles' keys (which hold the code, versions and
        # evidence library) and the failures: a site where nothing was built or failed keeps the
        # pages it has.
        pages_key = bytes_sha256(
            json.dumps({"articles": plan.keys, "failed": failed}, sort_keys=True).encode()
        )
        facts.save()
        if _site_pages_key(out) == pages_key:
            reporter.line("site pages current")
        else:
            try:
                _write_pages(out, built, failed, pages_key)
            except OSError as exc:
                print(
                    f"error: cannot write the site pages: {describe_oserror(exc)}", file=sys.stderr
                )
                return 1
    for slug, _ in plan.entries:
        if slug in failures:
            print(failures[slug], file=sys.stderr)
    reporter.line(f"wrote {out}: {len(built)} article(s), {len(failed)} failed")
    return 1 if failed else 0


def _write_site_manifest(out: Path, pages_key: str | None) -> None:
    (out / SITE_MANIFEST).write_text(
        json.dumps({"runreport": "site", "pages": pages_key}) + "\n", encoding="utf-8"
    )


def _site_pages_key(out: Path) -> str | None:
    """The key the site's pages were written for, when they are all there."""
    try:
        key = json.loads((out / SITE_MANIFEST).read_text(encoding="utf-8")).get("pages")
    except (OSError, ValueError, AttributeError):
        return None
    pages = ("index.html", "findings.html", "downloads.html", "datapackage.json", "data", "figures")
    return key if all((out / name).exists() for name in pages) else None


def _format(article: Path) -> str:
    return FORMAT_NAMES[FORMATS[article.suffix.lower()]]
