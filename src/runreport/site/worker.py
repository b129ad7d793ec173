"""One article of a site, built where a worker runs: bytes in, finished files out.

Takes an :class:`ArticleJob` (the article's and its annotations' bytes, their
names, the hashes and build date the client computed) and gives a plain dict:
``{"slug", "ok": True, "files": {relative path: bytes}, "summary": {...},
"warnings": ["path:line: warning: message", ...]}`` for a built article, or
``{"slug", "ok": False, "error": "path:line: message"}``.
It runs the same way in a local process pool and on a Dask worker: the task
needs no shared file system, only the project installed.

How:

- Only the report notebook runs (the analyst notebooks stay one
  ``runreport build`` away); the exports are :func:`runreport.build.run.assemble`'s,
  so an article's folder holds the same bytes as ``runreport build`` gives.
- One warm kernel per worker thread, reused across articles
  (:mod:`runreport.build.kernels`, as ``runreport build`` uses them): reset before
  each article, numbered from 1 as a fresh kernel is, restarted every
  :data:`runreport.build.kernels.RESTART_EVERY` articles and after any failure; IPC
  sockets in a private folder per kernel, so two kernels on one machine can
  never pick the same port.
"""

from __future__ import annotations

import atexit
import gc
import os
import signal
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from runreport.build.kernels import KernelPool


@dataclass(frozen=True)
class ArticleJob:
    """What a worker needs to build one article, as plain picklable values."""

    slug: str
    #: The article as the editor named it (for ``path:line`` messages).
    display: str
    name: str
    article: bytes
    annotations_name: str | None
    annotations: bytes | None
    #: Annotations path as the editor named it, or None.
    annotations_display: str | None
    hashes: dict[str, str] = field(default_factory=dict)
    epoch: int | None = None
    formats: tuple[str, ...] = ("html", "pdf")


# Warm kernels --------------------------------------------------------------------------

_pool: KernelPool | None = None
_pool_lock = threading.Lock()


def _kernels() -> KernelPool:
    """This process's warm kernels (one per worker thread; see :mod:`runreport.build.kernels`)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            from runreport.build.run import kernel_pool

            _pool = kernel_pool()
            atexit.register(_pool.close)
        return _pool


def run_report(params: dict[str, object], work: Path) -> Path:
    """Run the report notebook on this thread's warm kernel into *work*.

    Returns:
        The executed notebook's path (``work/executed.ipynb``).

    Raises:
        BuildError: naming the cell and the error (the kernel is then restarted for the next
            article).
    """
    from runreport.build.run import execute_notebook

    return execute_notebook("report", params, work, None, _kernels().kernel())


# One article ----------------------------------------------------------------------------


def summarize(study) -> dict:
    """The facts the site's pages show for one article (plain JSON values)."""
    from runreport.factcheck.verdicts import claim_site

    fact = study.fact_check
    claims = study.tables["claims"]
    rows = []
    for i, row in enumerate(fact.itertuples(index=False)):
        claim = claims.iloc[i] if len(claims) == len(fact) else None
        rows.append(
            {
                "line": int(row.line),
                "label": str(row.label),
                "value": "" if row.article_value != row.article_value else float(row.article_value),
                "unit": str(row.unit) if row.unit == row.unit else "",
                "measure": str(claim["measure"])
                if claim is not None and claim["measure"] == claim["measure"]
                else "",
                "site": claim_site(claim) if claim is not None else "any",
                "status": str(row.status),
                "contradicted": bool(str(row.contradicts or "") not in ("", "nan")),
                "reviewed": str(row.review) == "reviewed",
                "source": str(row.source_id)
                if row.source_id == row.source_id and row.source_id
                else "",
            }
        )
    return {
        "title": study.article.title,
        "causes": len(study.tables["causes"]),
        "tips": len(study.tables["tips"]),
        "claims": rows,
        "used_sources": sorted(study.used_sources),
    }


def _read_tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


#: Whether this process freezes what its first article left alive (see :func:`build_article`);
#: set by :func:`local_worker` in the local pool's processes, never on a Dask worker.
_freeze_after_first = False


def local_worker(scratch: str, client: int) -> None:
    """Initializer of a local pool's worker process (see :func:`runreport.site.run.local_pool`).

    - Leaves out what the worker never uses, and freezes after the first article (the process
      builds one article at a time and runs nothing else).
    - Keeps its temporary files, and its kernel's, in *scratch*, a folder the client removes when
      the pool ends, however the workers ended.
    - Leaves the terminal's process group: Ctrl-C reaches the client alone, which stops its
      workers itself. (A worker cannot be asked to stop by a signal: while a notebook runs,
      nbclient takes SIGINT and SIGTERM over, and afterwards leaves SIGTERM at its default.) Out
      of the terminal's group, a worker that writes to the terminal would be stopped when the
      terminal says ``stty tostop``: it ignores SIGTTOU.
    - Ends itself when its *client* (process id) is gone (killed, or ended by a signal it could
      not handle): a worker would otherwise wait for ever to hand over an article nobody reads.
      Its kernel dies with it (:mod:`runreport.build.kernels`).
    """
    global _freeze_after_first
    from runreport import config

    config.leave_out_unneeded_modules()
    _freeze_after_first = True
    os.environ["TMPDIR"] = tempfile.tempdir = scratch  # the kernel, started later, inherits it
    os.setpgid(0, 0)
    # started with Ctrl-C blocked (see local_pool): ignored from now on, a Ctrl-C sent to the
    # terminal's group before it left is dropped
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    signal.signal(signal.SIGTTOU, signal.SIG_IGN)
    threading.Thread(
        target=_end_with_parent, args=(client,), name="runreport-parent-watch", daemon=True
    ).start()


#: How often a local worker checks that the client that started it is still there (seconds).
PARENT_CHECK_SECONDS = 1.0


def _end_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def build_article(job: ArticleJob) -> dict:
    """Build one article from bytes; return its files or its one-line failure.

    Bad input never raises: it is the failure.

    In a local pool's worker, after its first article, what the process keeps alive (modules,
    compiled templates, fonts) is frozen out of the garbage collector: the collections during the
    next articles' exports would otherwise walk it again and again. The article's own objects are
    collected first. A Dask worker may run other threads' articles and other jobs at the same time,
    and freezes nothing.
    """
    global _freeze_after_first
    try:
        return _build_article(job)
    finally:
        if _freeze_after_first:
            _freeze_after_first = False
            gc.collect()
            gc.freeze()


def _build_article(job: ArticleJob) -> dict:
    from runreport.analysis.study import load_study
    from runreport.build.run import BuildError, Inputs, assemble
    from runreport.errors import InputError

    with tempfile.TemporaryDirectory(prefix="runreport-site-") as tmp:
        tmp = Path(tmp)
        # The article keeps its file name: the report and data package name it.
        (tmp / "in").mkdir()
        article = tmp / "in" / job.name
        article.write_bytes(job.article)
        annotations = None
        if job.annotations is not None:
            (tmp / "ann").mkdir()
            annotations = tmp / "ann" / (job.annotations_name or "annotations.yaml")
            annotations.write_bytes(job.annotations)
        try:
            study = load_study(article, annotations)
            work = tmp / "work"
            work.mkdir()
            params = {
                "article": str(article),
                "annotations": str(annotations) if annotations else None,
                "figures_dir": str(work / "figures"),
            }
            run_report(params, work)
            target = tmp / "out"
            target.mkdir()
            inputs = Inputs(article, annotations, dict(job.hashes), job.epoch)
            assemble(inputs, work, study, job.formats, target, _Quiet())
            summary = summarize(study)
        except InputError as exc:
            where = {str(article): job.display, str(annotations): job.annotations_display}.get(
                exc.path, exc.path
            )
            return {"slug": job.slug, "ok": False, "error": f"{where}:{exc.line}: {exc.message}"}
        except BuildError as exc:
            return {"slug": job.slug, "ok": False, "error": f"{job.display}: {exc}"}
        files = _read_tree(target)
        # Warnings name the article as the editor did, not the worker's temporary copy.
        warnings = [f"{job.display}:{w.line}: warning: {w.message}" for w in study.article.warnings]
        return {
            "slug": job.slug,
            "ok": True,
            "files": files,
            "summary": summary,
            "warnings": warnings,
        }


class _Quiet:
    """A reporter that says nothing (the site shows its own progress)."""

    def line(self, message: str) -> None:
        pass
