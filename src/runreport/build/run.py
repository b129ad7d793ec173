"""Build the publication: notebooks → ``exports/``.

Takes an article (and its annotations) and gives ``exports/``: ``report.html``
and ``report.pdf`` (the report notebook through runreport's nbconvert
exporters), ``data/`` (every table as CSV with ``datapackage.json``),
``figures/`` (PNG, SVG and CSV of each figure) and ``index.html`` (the readers'
download page).

How:

- Inputs are validated first; bad input is an :class:`InputError` (exit 2).
- Notebooks run with nbclient, in parallel, each with its parameters injected
  after its ``parameters`` cell (as papermill does). Each worker thread keeps
  one warm kernel for the notebooks it runs (:mod:`runreport.build.kernels`), reset
  between notebooks, so a build starts as many kernels as it runs at once.
- Each executed notebook is cached under ``.cache/`` by a content hash of what
  it reads (article, annotations, curated files, notebook, package source,
  dependency versions). A cache entry is used only when its manifest matches
  the files on disk; anything else is re-run.
- A build with nothing changed only checks hashes and stops.
- The build writes into a temporary folder beside the output and moves it into
  place (:mod:`runreport.output_folders`), so a failure leaves the previous exports
  untouched. A lock file keeps two builds from interleaving.
- Every failure is one line: bad input or an unusable ``--out`` is an
  :class:`InputError` (exit 2, ``path:line: message``); a notebook that fails,
  a broken cross-reference, a PDF WeasyPrint cannot make or that would miss
  content, or a write that fails is a :class:`BuildError` (exit 1) naming the
  notebook and cell where there is one.
- Hashes, the build date and package versions come from
  :mod:`runreport.provenance`.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from runreport import config
from runreport.build.kernels import KernelPool, WarmKernel
from runreport.errors import InputError
from runreport.output_folders import check_target, describe_oserror, staging_beside, swap_into_place
from runreport.provenance import (
    build_date,
    bytes_sha256,
    file_sha256,
    package_hash,
    package_versions,
)

#: The notebooks the build runs, in the order the report presents them.
NOTEBOOKS = ("01-article-structure", "02-injury-statistics", "03-causes-and-tips", "report")
MANIFEST = ".runreport-build.json"
CELL_TIMEOUT = 600


class BuildError(Exception):
    """A notebook failed or the build could not finish (exit status 1)."""


# Inputs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Inputs:
    """What a build reads, with content hashes, and the date the edition is stamped with."""

    article: Path
    annotations: Path | None
    hashes: dict[str, str]
    #: Seconds since 1970 (see :func:`runreport.provenance.build_date`), or None: no date stated.
    epoch: int | None = None

    @classmethod
    def collect(cls, article: Path, annotations: Path | None) -> Inputs:
        epoch = build_date(article)
        hashes = {
            "article": file_sha256(article),
            "annotations": file_sha256(annotations) if annotations else "none",
            "sources": file_sha256(config.EVIDENCE_FILE),
            "lexicon": file_sha256(config.LEXICON_FILE),
            "package": package_hash(),
            "versions": bytes_sha256(json.dumps(package_versions(), sort_keys=True).encode()),
            "build_date": str(epoch),
        }
        for name in NOTEBOOKS:
            hashes[f"notebook:{name}"] = file_sha256(config.NOTEBOOKS_DIR / f"{name}.ipynb")
        return cls(article, annotations, hashes, epoch)

    def notebook_key(self, name: str, reads: list[str]) -> str:
        """Cache key of one notebook: only what it reads."""
        parts = {k: self.hashes[k] for k in ("package", "versions", f"notebook:{name}")}
        parts.update({k: self.hashes[k] for k in reads})
        return bytes_sha256(json.dumps(parts, sort_keys=True).encode())

    def build_key(self, formats: tuple[str, ...]) -> str:
        return bytes_sha256(
            json.dumps({"inputs": self.hashes, "formats": formats}, sort_keys=True).encode()
        )


# Output manifest and no-op check --------------------------------------------------


def file_listing(directory: Path, sha256: Callable[[str], str] = file_sha256) -> dict[str, str]:
    """Every file under *directory* but the manifest, by relative POSIX path, with its SHA-256 (by
    *sha256*)."""
    listing = {}
    for folder, _, files in os.walk(directory):
        relative = Path(folder).relative_to(directory).as_posix()
        prefix = "" if relative == "." else relative + "/"
        for name in files:
            path = os.path.join(folder, name)
            if name != MANIFEST and os.path.isfile(path):
                listing[prefix + name] = sha256(path)
    return dict(sorted(listing.items()))


def is_current(out: Path, key: str, sha256: Callable[[str], str] = file_sha256) -> bool:
    """Whether *out* holds a complete build for *key*, every file intact.

    Args:
        out: The exports folder.
        key: The build key it must have been built for.
        sha256: How a file's hash is had (a site passes
            :meth:`runreport.site.file_cache.FileFacts.sha256`).
    """
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return manifest.get("key") == key and manifest.get("files") == file_listing(out, sha256)


# Logging ------------------------------------------------------------------------


class Reporter:
    """Progress on a terminal (rich), plain lines elsewhere (CI, pipes)."""

    def __init__(self) -> None:
        self.fancy = sys.stderr.isatty() and not os.environ.get("CI")
        self.start = time.perf_counter()
        self._progress = None
        self._tasks: dict[str, int] = {}

    def line(self, message: str) -> None:
        elapsed = time.perf_counter() - self.start
        if self._progress is not None:
            self._progress.console.print(f"[dim]{elapsed:6.1f}s[/] {message}")
        else:
            print(f"[runreport {elapsed:5.1f}s] {message}", file=sys.stderr, flush=True)

    @contextlib.contextmanager
    def notebooks(self, names: list[str]) -> Iterator[None]:
        if not self.fancy or not names:
            yield
            return
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[cell]}"),
            TimeElapsedColumn(),
            transient=True,
        ) as progress:
            self._progress = progress
            self._tasks = {n: progress.add_task(n, total=None, cell="") for n in names}
            try:
                yield
            finally:
                self._progress = None

    def cell(self, name: str, index: int, total: int) -> None:
        if self._progress is not None and name in self._tasks:
            self._progress.update(
                self._tasks[name], total=total, completed=index, cell=f"cell {index}/{total}"
            )


# Notebook execution -----------------------------------------------------------------


def _project_relative(path: Path) -> str:
    """A path for notebook parameters: relative to the project when inside it."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(config.PROJ_ROOT).as_posix()
    except ValueError:
        return str(resolved)


def _inject_parameters(nb, values: dict[str, object]) -> None:
    """Insert an ``injected-parameters`` cell after the ``parameters`` cell, as papermill does."""
    import nbformat

    source = "# Parameters\n" + "".join(f"{k} = {v!r}\n" for k, v in values.items())
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["tags"] = ["injected-parameters"]
    cell.id = "injected-parameters"
    index = next(
        (
            i
            for i, c in enumerate(nb.cells)
            if "parameters" in c.get("metadata", {}).get("tags", [])
        ),
        -1,
    )
    nb.cells.insert(index + 1, cell)


def _file_cells(nb) -> list:
    """The cells of *nb* as in the notebook file (the injected parameters cell left out)."""
    return [
        c for c in nb.cells if "injected-parameters" not in c.get("metadata", {}).get("tags", [])
    ]


def _failure(name: str, nb, exc: Exception) -> BuildError:
    """Name the failing cell by its number in the notebook file (the injected cell not counted)."""
    for index, cell in enumerate(_file_cells(nb), start=1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return BuildError(
                    f"notebook {name}.ipynb, cell {index}: {output['ename']}: {output['evalue']}"
                )
    return BuildError(f"notebook {name}.ipynb: {type(exc).__name__}: {exc}")


def kernel_pool() -> KernelPool:
    """Warm kernels for a build's notebooks: run in the notebooks folder, drawing inline."""
    return KernelPool(
        config.NOTEBOOKS_DIR,
        {
            **os.environ,
            "MPLBACKEND": "module://matplotlib_inline.backend_inline",
            # The kernels run in the notebooks folder: they find the user's folder by this.
            "RUNREPORT_PROJECT_DIR": str(config.PROJ_ROOT),
        },
    )


def execute_notebook(
    name: str,
    params: dict[str, object],
    work: Path,
    reporter: Reporter | None,
    kernel: WarmKernel,
    nice: int = 0,
) -> Path:
    """Run one notebook on *kernel* into *work* (``executed.ipynb`` plus whatever it writes).

    *reporter* shows the progress (None: quiet, as on a site's workers).

    Raises:
        BuildError: naming the notebook, the cell and the error (the kernel is then shut down).
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, DeadKernelError

    nb = nbformat.read(config.NOTEBOOKS_DIR / f"{name}.ipynb", as_version=4)
    _inject_parameters(nb, params)
    started = time.perf_counter()
    try:
        client = NotebookClient(
            nb,
            km=kernel.ready(nice),
            timeout=CELL_TIMEOUT,
            kernel_name="python3",
            record_timing=False,
            resources={"metadata": {"path": str(config.NOTEBOOKS_DIR)}},
        )
        total = len(nb.cells)
        if reporter is not None:
            client.on_cell_executed = lambda cell_index, **_: reporter.cell(
                name, cell_index + 1, total
            )
        try:
            client.execute()
        finally:
            if client.kc is not None:
                client.kc.stop_channels()
    except (CellExecutionError, DeadKernelError, TimeoutError, RuntimeError) as exc:
        kernel.close()  # what it holds now is no state to start the next notebook from
        raise _failure(name, nb, exc) from None
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, work / "executed.ipynb")
    if reporter is not None:
        reporter.line(f"ran {name}.ipynb in {time.perf_counter() - started:.1f}s")
    return work / "executed.ipynb"


class Cache:
    """Executed notebooks keyed by content hash, each entry verified by a manifest."""

    def __init__(self, root: Path) -> None:
        self.root = root / "notebooks"
        self.root.mkdir(parents=True, exist_ok=True)

    def entry(self, name: str, key: str) -> Path:
        return self.root / f"{name}-{key[:32]}"

    def load(self, name: str, key: str) -> Path | None:
        """The entry's folder when complete and intact, else None (and it is removed)."""
        entry = self.entry(name, key)
        try:
            manifest = json.loads((entry / "manifest.json").read_text(encoding="utf-8"))
            files = {
                p.relative_to(entry).as_posix(): file_sha256(p)
                for p in sorted(entry.rglob("*"))
                if p.is_file() and p.name != "manifest.json"
            }
            if manifest == {"key": key, "files": files} and "executed.ipynb" in files:
                return entry
        except (OSError, ValueError):
            pass
        shutil.rmtree(entry, ignore_errors=True)
        return None

    def store(self, name: str, key: str, work: Path) -> Path:
        """Move a finished *work* folder into the cache; the manifest is written last."""
        entry = self.entry(name, key)
        shutil.rmtree(entry, ignore_errors=True)
        files = {
            p.relative_to(work).as_posix(): file_sha256(p)
            for p in sorted(work.rglob("*"))
            if p.is_file()
        }
        os.replace(work, entry)
        (entry / "manifest.json").write_text(
            json.dumps({"key": key, "files": files}, sort_keys=True), encoding="utf-8"
        )
        return entry


def _reads(name: str) -> list[str]:
    nb = json.loads((config.NOTEBOOKS_DIR / f"{name}.ipynb").read_text(encoding="utf-8"))
    return list(
        nb.get("metadata", {})
        .get("runreport", {})
        .get("reads", ["article", "annotations", "sources", "lexicon"])
    )


@contextlib.contextmanager
def notebook_runs(
    inputs: Inputs, cache: Cache, force: bool, reporter: Reporter, jobs: int | None = None
) -> Iterator[dict[str, Future]]:
    """Start every notebook that is not cached; yield futures of their cache entries.

    The report runs first: the exports wait for it and are written while the
    analyst notebooks still run. *jobs* kernels run at once (default: as many
    as there are CPUs), each running its notebooks one after another: one job
    starts one kernel and imports the project once, about 1.3 CPU-s less than
    two, at the cost of running the analyst notebooks after the report instead
    of beside it (a busy machine, such as the test suite's, gains; an idle one
    finishes sooner with two).
    """
    params = {
        "article": _project_relative(inputs.article),
        "annotations": _project_relative(inputs.annotations) if inputs.annotations else None,
    }
    futures: dict[str, Future] = {}
    todo = []
    for name in sorted(NOTEBOOKS, key=lambda n: n != "report"):
        key = inputs.notebook_key(name, _reads(name))
        entry = None if force else cache.load(name, key)
        if entry is None:
            todo.append((name, key))
        else:
            futures[name] = Future()
            futures[name].set_result(entry)
            reporter.line(f"cached {name}.ipynb")

    def run(name: str, key: str) -> Path:
        work = Path(tempfile.mkdtemp(dir=cache.root, prefix=f".work-{name}-"))
        try:
            values = dict(params)
            if name == "report":
                values["figures_dir"] = str(work / "figures")
            # The analyst notebooks run at a lower CPU priority: the report is the critical path.
            execute_notebook(
                name, values, work, reporter, kernels.kernel(), nice=0 if name == "report" else 10
            )
            return cache.store(name, key, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)

    workers = max(1, min(len(todo), jobs or os.cpu_count() or 1))
    if todo:
        reporter.line(
            f"running {len(todo)} notebook(s), {workers} at a time: {', '.join(n for n, _ in todo)}"
        )
    with (
        reporter.notebooks([n for n, _ in todo]),
        kernel_pool() as kernels,
        ThreadPoolExecutor(max_workers=workers) as pool,
    ):
        futures.update({name: pool.submit(run, name, key) for name, key in todo})
        try:
            yield futures
        except BaseException:
            # Interrupted (Ctrl-C, SIGTERM) or failed: the kernels are shut down first, so a running
            # notebook stops now (its cell fails on a dead kernel) instead of running to its end.
            kernels.close()
            pool.shutdown(wait=True, cancel_futures=True)
            raise


# Assembling exports ------------------------------------------------------------------


def _export(exporter_class, report_nb, what: str, epoch: int | None = None):
    """Run one of runreport's exporters on the executed report notebook.

    Raises:
        BuildError: for a broken cross-reference (naming the cell) or a PDF
            that WeasyPrint cannot make or that would miss content.
    """
    from runreport.publish.preprocessors import CrossReferenceError

    try:
        return exporter_class().from_notebook_node(report_nb, resources=_resources(epoch))[0]
    except CrossReferenceError as exc:
        cells = _file_cells(report_nb)
        number = next(
            (i for i, c in enumerate(cells, start=1) if exc.cell_id and c.get("id") == exc.cell_id),
            None,
        )
        where = f"cell {number}" if number else f"cell {exc.cell_id or exc.cell_index}"
        raise BuildError(f"notebook report.ipynb, {where}: {exc.message}") from None
    except Exception as exc:
        # A PDFError can only come from runreport.publish.pdf once the PDF exporter imported it
        # (with WeasyPrint, half a second that an HTML-only build does not spend).
        pdf = sys.modules.get("runreport.publish.pdf")
        if pdf is not None and isinstance(exc, pdf.PDFError):
            raise BuildError(f"{what}: {exc}") from None
        raise


def assemble(
    inputs: Inputs,
    report_entry: Path,
    study,
    formats: tuple[str, ...],
    target: Path,
    reporter: Reporter,
) -> None:
    """Write every export into *target* (an empty folder).

    Raises:
        BuildError: when an export cannot be made (see :func:`_export`).
    """
    import nbformat

    from runreport import publish
    from runreport.publish.downloads import write_datapackage, write_index

    study.write_data(target / "data")
    shutil.copytree(report_entry / "figures", target / "figures")
    report_nb = nbformat.read(report_entry / "executed.ipynb", as_version=4)
    if "html" in formats:
        started = time.perf_counter()
        body = _export(publish.ReportHTMLExporter, report_nb, "report.html", inputs.epoch)
        (target / "report.html").write_text(body, encoding="utf-8")
        reporter.line(f"wrote report.html in {time.perf_counter() - started:.2f}s")
    if "pdf" in formats:
        started = time.perf_counter()
        pdf = _export(publish.ReportPDFExporter, report_nb, "report.pdf", inputs.epoch)
        (target / "report.pdf").write_bytes(pdf)
        reporter.line(f"wrote report.pdf in {time.perf_counter() - started:.2f}s")
    write_datapackage(target, study)
    write_index(target, study, inputs, inputs.epoch)
    (target / MANIFEST).write_text(
        json.dumps(
            {"key": inputs.build_key(formats), "files": file_listing(target)},
            indent=1,
            sort_keys=True,
        )
        + "\n",
        encoding="utf-8",
    )


def _resources(epoch: int | None = None) -> dict:
    """What ``jupyter nbconvert notebooks/report.ipynb`` passes (with ``SOURCE_DATE_EPOCH`` set to
    the build date), so both give the same bytes; the build date travels in the resources, not the
    environment."""
    resources: dict = {"metadata": {"name": "report"}}
    if epoch is not None:
        resources["source_date_epoch"] = str(epoch)
    return resources


@contextlib.contextmanager
def build_lock(cache_dir: Path, reporter: Reporter) -> Iterator[None]:
    """Hold an exclusive lock for the whole build (waits for another build).

    Raises:
        BuildError: when the cache folder cannot be created or written.
    """
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        (cache_dir / "build.lock").touch()
    except OSError as exc:
        raise BuildError(
            f"cannot use the cache folder {cache_dir}: {describe_oserror(exc)}"
        ) from None
    with open(cache_dir / "build.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            reporter.line("another build is running; waiting for it")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _is_export(folder: Path) -> bool:
    return (folder / MANIFEST).is_file()


def _compare(expected: Path, actual: Path) -> list[str]:
    want, have = file_listing(expected), file_listing(actual) if actual.exists() else {}
    problems = [f"missing: {p}" for p in sorted(set(want) - set(have))]
    problems += [f"unexpected: {p}" for p in sorted(set(have) - set(want))]
    problems += [f"stale: {p}" for p in sorted(set(want) & set(have)) if want[p] != have[p]]
    return problems


def run_build(
    article: Path,
    annotations: Path | None,
    out: Path,
    formats: tuple[str, ...] = ("html", "pdf"),
    force: bool = False,
    check: bool = False,
    cache_dir: Path | None = None,
    jobs: int | None = None,
) -> int:
    """Build the exports; return the exit status (0 done, 1 failed or stale).

    *jobs* is how many notebooks run at once (default: the CPUs).

    A failure after validation prints one line, ``error: …``, as the last line
    on stderr, and leaves *out* as it was.

    Raises:
        InputError: for bad input or an ``--out`` that cannot be used (the CLI
            turns it into exit status 2).
        UsageError: for a malformed ``SOURCE_DATE_EPOCH`` (exit status 2).
    """
    reporter = Reporter()
    article = Path(article)
    if not article.is_file():
        raise InputError(article, 1, "no such article file")
    if annotations is None or Path(annotations).is_dir():
        annotations = config.annotations_for(article, annotations)
    elif not Path(annotations).is_file():
        raise InputError(annotations, 1, "no such annotations file or folder")
    check_target(Path(out), _is_export, f"no {MANIFEST}")
    out = Path(out).resolve()
    cache_dir = Path(cache_dir) if cache_dir else config.CACHE_DIR
    inputs = Inputs.collect(article, Path(annotations) if annotations else None)
    key = inputs.build_key(formats)
    if not check and not force and is_current(out, key):
        reporter.line(f"{out} is up to date")
        return 0

    # Validate before any kernel starts: bad input is exit 2 with path:line.
    from runreport.analysis.study import load_study

    study = load_study(article, inputs.annotations)
    for warning in study.article.warnings:
        print(warning, file=sys.stderr)

    # An --out that cannot be written is found now, not after the notebooks ran.
    staging = staging_beside(out, prefix=f".{out.name}-build-")
    try:
        with build_lock(cache_dir, reporter):
            try:
                with notebook_runs(inputs, Cache(cache_dir), force, reporter, jobs) as runs:
                    assemble(inputs, runs["report"].result(), study, formats, staging, reporter)
                    # Every notebook must run clean before anything is published.
                    for future in runs.values():
                        future.result()
                if check:
                    problems = _compare(staging, out)
                    if problems:
                        for problem in problems:
                            print(f"  {problem}", file=sys.stderr)
                        print(
                            f"error: {out} is stale ({len(problems)} file(s) differ); "
                            "run `make report`",
                            file=sys.stderr,
                        )
                        return 1
                    reporter.line(f"{out} is current")
                    return 0
                swap_into_place(staging, out)
            except OSError as exc:
                raise BuildError(f"cannot write the exports: {describe_oserror(exc)}") from None
    except BuildError as exc:
        reporter.line(f"build failed; {out} left as it was")
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    reporter.line(f"wrote {out}")
    return 0
