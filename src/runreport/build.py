"""Build the publication: notebooks → ``exports/``.

Takes an article (and its annotations) and gives ``exports/``: ``report.html``
and ``report.pdf`` (the report notebook through runreport's nbconvert
exporters), ``data/`` (every table as CSV with ``datapackage.json``),
``figures/`` (PNG, SVG and CSV of each figure) and ``index.html`` (the readers'
download page).

How:

- Inputs are validated first; bad input is an :class:`InputError` (exit 2).
- Notebooks run with nbclient, in parallel, each with its parameters injected
  after its ``parameters`` cell (as papermill does).
- Each executed notebook is cached under ``.cache/`` by a content hash of what
  it reads (article, annotations, curated files, notebook, package source,
  dependency versions). A cache entry is used only when its manifest matches
  the files on disk; anything else is re-run.
- A build with nothing changed only checks hashes and stops.
- The build writes into a temporary folder beside the output and moves it into
  place, so a failure leaves the previous exports untouched. A lock file keeps
  two builds from interleaving.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from runreport import __version__, config
from runreport.errors import InputError

#: The notebooks the build runs, in the order the report presents them.
NOTEBOOKS = ("01-article-structure", "02-injury-statistics", "03-causes-and-tips", "report")
#: Packages whose versions are part of every cache key.
KEY_PACKAGES = ("pandas", "numpy", "matplotlib", "pillow", "nbconvert", "nbclient", "ipykernel", "jupyterlab",
                "weasyprint", "pandera", "ruamel.yaml", "jinja2")
MANIFEST = ".runreport-build.json"
CELL_TIMEOUT = 600


class BuildError(Exception):
    """A notebook failed or the build could not finish (exit status 1)."""


# Hashing -------------------------------------------------------------------------


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _package_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted(config.PACKAGE_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(config.PACKAGE_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def package_versions() -> dict[str, str]:
    """Python, runreport and :data:`KEY_PACKAGES` with their installed versions."""
    out = {"python": ".".join(map(str, sys.version_info[:3])), "runreport": __version__}
    for name in KEY_PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def build_date(article: Path) -> int:
    """``SOURCE_DATE_EPOCH`` when set, else the article's modification time."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value.isdigit():
        return int(value)
    return int(article.stat().st_mtime)


@dataclass(frozen=True)
class Inputs:
    """What a build reads, with content hashes."""

    article: Path
    annotations: Path | None
    hashes: dict[str, str]

    @classmethod
    def collect(cls, article: Path, annotations: Path | None) -> Inputs:
        hashes = {
            "article": file_sha256(article),
            "annotations": file_sha256(annotations) if annotations else "none",
            "sources": file_sha256(config.SOURCES_FILE),
            "lexicon": file_sha256(config.LEXICON_FILE),
            "package": _package_hash(),
            "versions": _sha256(json.dumps(package_versions(), sort_keys=True).encode()),
            "build_date": str(build_date(article)),
        }
        for name in NOTEBOOKS:
            hashes[f"notebook:{name}"] = file_sha256(config.NOTEBOOKS_DIR / f"{name}.ipynb")
        return cls(article, annotations, hashes)

    def notebook_key(self, name: str, reads: list[str]) -> str:
        """Cache key of one notebook: only what it reads."""
        parts = {k: self.hashes[k] for k in ("package", "versions", f"notebook:{name}")}
        parts.update({k: self.hashes[k] for k in reads})
        return _sha256(json.dumps(parts, sort_keys=True).encode())

    def build_key(self, formats: tuple[str, ...]) -> str:
        return _sha256(json.dumps({"inputs": self.hashes, "formats": formats}, sort_keys=True).encode())


# Output manifest and no-op check --------------------------------------------------


def _listing(directory: Path) -> dict[str, str]:
    return {
        p.relative_to(directory).as_posix(): file_sha256(p)
        for p in sorted(directory.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }


def is_current(out: Path, key: str) -> bool:
    """Whether *out* holds a complete build for *key*, every file intact."""
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return manifest.get("key") == key and manifest.get("files") == _listing(out)


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

        with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[cell]}"),
                      TimeElapsedColumn(), transient=True) as progress:
            self._progress = progress
            self._tasks = {n: progress.add_task(n, total=None, cell="") for n in names}
            try:
                yield
            finally:
                self._progress = None

    def cell(self, name: str, index: int, total: int) -> None:
        if self._progress is not None and name in self._tasks:
            self._progress.update(self._tasks[name], total=total, completed=index, cell=f"cell {index}/{total}")


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
    index = next((i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])), -1)
    nb.cells.insert(index + 1, cell)


def _failure(name: str, nb, exc: Exception) -> BuildError:
    """Name the failing cell by its number in the notebook file (the injected cell not counted)."""
    cells = [c for c in nb.cells if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    for index, cell in enumerate(cells, start=1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return BuildError(f"notebook {name}.ipynb, cell {index}: {output['ename']}: {output['evalue']}")
    return BuildError(f"notebook {name}.ipynb: {type(exc).__name__}: {exc}")


def execute_notebook(name: str, params: dict[str, object], work: Path, reporter: Reporter, nice: int = 0) -> Path:
    """Run one notebook into *work* (``executed.ipynb`` plus whatever it writes).

    Raises:
        BuildError: naming the notebook, the cell and the error.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, DeadKernelError

    nb = nbformat.read(config.NOTEBOOKS_DIR / f"{name}.ipynb", as_version=4)
    _inject_parameters(nb, params)
    client = NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(config.NOTEBOOKS_DIR)}})
    total = len(nb.cells)
    client.on_cell_executed = lambda cell_index, **_: reporter.cell(name, cell_index + 1, total)
    started = time.perf_counter()
    # The kernel's own stderr (start-up warnings) goes to a log beside the result, not to the editor.
    with open(work / "kernel.log", "wb") as kernel_log:
        try:
            client.execute(env={**os.environ, "MPLBACKEND": "module://matplotlib_inline.backend_inline"},
                           stderr=kernel_log, preexec_fn=(lambda: os.nice(nice)) if nice else None)
        except (CellExecutionError, DeadKernelError, TimeoutError, RuntimeError) as exc:
            raise _failure(name, nb, exc) from None
    (work / "kernel.log").unlink()
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, work / "executed.ipynb")
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
            files = {p.relative_to(entry).as_posix(): file_sha256(p)
                     for p in sorted(entry.rglob("*")) if p.is_file() and p.name != "manifest.json"}
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
        files = {p.relative_to(work).as_posix(): file_sha256(p) for p in sorted(work.rglob("*")) if p.is_file()}
        os.replace(work, entry)
        (entry / "manifest.json").write_text(json.dumps({"key": key, "files": files}, sort_keys=True), encoding="utf-8")
        return entry


def _reads(name: str) -> list[str]:
    nb = json.loads((config.NOTEBOOKS_DIR / f"{name}.ipynb").read_text(encoding="utf-8"))
    return list(nb.get("metadata", {}).get("runreport", {}).get("reads", ["article", "annotations", "sources",
                                                                          "lexicon"]))


@contextlib.contextmanager
def notebook_runs(inputs: Inputs, cache: Cache, force: bool, reporter: Reporter) -> Iterator[dict[str, Future]]:
    """Start every notebook that is not cached; yield futures of their cache entries.

    The report runs first: the exports wait for it and are written while the
    analyst notebooks still run. As many kernels run at once as there are CPUs.
    """
    params = {"article": _project_relative(inputs.article),
              "annotations": _project_relative(inputs.annotations) if inputs.annotations else None}
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
            execute_notebook(name, values, work, reporter, nice=0 if name == "report" else 10)
            return cache.store(name, key, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)

    workers = max(1, min(len(todo), os.cpu_count() or 1))
    if todo:
        reporter.line(f"running {len(todo)} notebook(s), {workers} at a time: {', '.join(n for n, _ in todo)}")
    with reporter.notebooks([n for n, _ in todo]), ThreadPoolExecutor(max_workers=workers) as pool:
        futures.update({name: pool.submit(run, name, key) for name, key in todo})
        try:
            yield futures
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise


# Assembling exports ------------------------------------------------------------------


def assemble(inputs: Inputs, report_entry: Path, study, formats: tuple[str, ...], target: Path,
             reporter: Reporter) -> None:
    """Write every export into *target* (an empty folder)."""
    import nbformat

    from runreport import publish
    from runreport.pages import write_datapackage, write_index

    study.write_data(target / "data")
    shutil.copytree(report_entry / "figures", target / "figures")
    report_nb = nbformat.read(report_entry / "executed.ipynb", as_version=4)
    epoch = build_date(inputs.article)
    if "html" in formats:
        started = time.perf_counter()
        body, _ = publish.ReportHTMLExporter().from_notebook_node(report_nb, resources=_resources())
        (target / "report.html").write_text(body, encoding="utf-8")
        reporter.line(f"wrote report.html in {time.perf_counter() - started:.2f}s")
    if "pdf" in formats:
        started = time.perf_counter()
        with _source_date_epoch(epoch):
            pdf, _ = publish.ReportPDFExporter().from_notebook_node(report_nb, resources=_resources())
        (target / "report.pdf").write_bytes(pdf)
        reporter.line(f"wrote report.pdf in {time.perf_counter() - started:.2f}s")
    write_datapackage(target, study)
    write_index(target, study, inputs, epoch)
    (target / MANIFEST).write_text(
        json.dumps({"key": inputs.build_key(formats), "files": _listing(target)}, indent=1, sort_keys=True) + "\n",
        encoding="utf-8",
    )


def _resources() -> dict:
    """What ``jupyter nbconvert notebooks/report.ipynb`` passes, so both give the same bytes."""
    return {"metadata": {"name": "report"}}


@contextlib.contextmanager
def _source_date_epoch(epoch: int) -> Iterator[None]:
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


@contextlib.contextmanager
def build_lock(cache_dir: Path, reporter: Reporter) -> Iterator[None]:
    """Hold an exclusive lock for the whole build (waits for another build)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
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


def _check_out(out: Path) -> None:
    """Refuse to replace a folder that is not a runreport export (it would be deleted)."""
    if out.exists() and not out.is_dir():
        raise InputError(out, 1, "--out is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).is_file():
        raise InputError(out, 1, f"--out is a folder with other files in it (no {MANIFEST}); choose an empty or "
                                 "new folder, or an earlier runreport export")
    if out.resolve() == out.resolve().parent:
        raise InputError(out, 1, "--out cannot be the file-system root")


def _swap_into_place(staging: Path, out: Path) -> None:
    """Replace *out* by *staging* with renames, so readers never see half a build."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.replace(out, old)
    os.replace(staging, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _compare(expected: Path, actual: Path) -> list[str]:
    want, have = _listing(expected), _listing(actual) if actual.exists() else {}
    problems = [f"missing: {p}" for p in sorted(set(want) - set(have))]
    problems += [f"unexpected: {p}" for p in sorted(set(have) - set(want))]
    problems += [f"stale: {p}" for p in sorted(set(want) & set(have)) if want[p] != have[p]]
    return problems


def run_build(article: Path, annotations: Path | None, out: Path, formats: tuple[str, ...] = ("html", "pdf"),
              force: bool = False, check: bool = False, cache_dir: Path | None = None) -> int:
    """Build the exports; return the exit status (0 done, 1 failed or stale).

    Raises:
        InputError: for bad input (the CLI turns it into exit status 2).
    """
    reporter = Reporter()
    article = Path(article)
    if not article.is_file():
        raise InputError(article, 1, "no such article file")
    if annotations is None:
        annotations = config.annotations_for(article)
    elif not Path(annotations).is_file():
        raise InputError(annotations, 1, "no such annotations file")
    _check_out(Path(out))
    out = Path(out).resolve()
    cache_dir = Path(cache_dir) if cache_dir else config.CACHE_DIR
    inputs = Inputs.collect(article, Path(annotations) if annotations else None)
    key = inputs.build_key(formats)
    if not check and not force and is_current(out, key):
        reporter.line(f"{out} is up to date")
        return 0

    # Validate before any kernel starts: bad input is exit 2 with path:line.
    from runreport.study import load_study

    study = load_study(article, inputs.annotations)
    for warning in study.article.warnings:
        print(warning, file=sys.stderr)

    with build_lock(cache_dir, reporter):
        cache = Cache(cache_dir)
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}-build-"))
        try:
            with notebook_runs(inputs, cache, force, reporter) as runs:
                assemble(inputs, runs["report"].result(), study, formats, staging, reporter)
                for future in runs.values():
                    future.result()  # every notebook must run clean before anything is published
            if check:
                problems = _compare(staging, out)
                if problems:
                    print(f"{out} is stale; run `make report`:\n  " + "\n  ".join(problems), file=sys.stderr)
                    return 1
                reporter.line(f"{out} is current")
                return 0
            _swap_into_place(staging, out)
        except BuildError as exc:
            reporter.line("build failed; previous exports left untouched")
            print(f"error: {exc}", file=sys.stderr)
            return 1
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    reporter.line(f"wrote {out}")
    return 0
