"""Run ``runreport build`` as a user does, for the build and quality tests."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[2]


def run_runreport(
    command: str,
    *args: str,
    cache: Path,
    env: dict[str, str] | None = None,
    cwd: Path = ROOT,
    timeout: int = 900,
) -> subprocess.CompletedProcess:
    """``python -m runreport COMMAND ARGS`` with its own cache folder; never raises on failure.

    No ``SOURCE_DATE_EPOCH``: the build date comes from the article's last
    commit, as in a fresh clone.
    """
    full_env = {**os.environ, "RUNREPORT_CACHE_DIR": str(cache), "CI": "true"}
    full_env.pop("SOURCE_DATE_EPOCH", None)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "runreport", command, *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def run_build(*args: str, **options) -> subprocess.CompletedProcess:
    """``runreport build ARGS`` through :func:`run_runreport` (same options).

    One kernel (``--jobs 1``) unless *args* say otherwise: the suite keeps every CPU busy already,
    so a second kernel would only add its start-up (the session's seed build runs on two).
    """
    jobs = [] if "--jobs" in args else ["--jobs", "1"]
    return run_runreport("build", *jobs, *args, **options)


def run_site(*args: str, **options) -> subprocess.CompletedProcess:
    """``runreport site ARGS`` through :func:`run_runreport` (same options)."""
    return run_runreport("site", *args, **options)


def build_once(
    tmp_path_factory, name: str, build: Callable[[Path], subprocess.CompletedProcess]
) -> tuple[Path, subprocess.CompletedProcess]:
    """Run *build* into a folder shared by every pytest-xdist worker of this run, once;
    return (folder, result).

    The first worker to ask builds while holding a lock; the others wait for it and read
    what it left (the result is kept as JSON beside the folder). Without xdist this is a
    plain session-scoped build.
    """
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's folder, above each worker's own
    base, record = root / name, root / f"{name}.result.json"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not record.is_file():
            shutil.rmtree(base, ignore_errors=True)
            base.mkdir()
            done = build(base)
            record.write_text(
                json.dumps(
                    {
                        "args": [str(a) for a in done.args],
                        "returncode": done.returncode,
                        "stdout": done.stdout,
                        "stderr": done.stderr,
                    }
                ),
                encoding="utf-8",
            )
    kept = json.loads(record.read_text(encoding="utf-8"))
    return base, subprocess.CompletedProcess(
        kept["args"], kept["returncode"], kept["stdout"], kept["stderr"]
    )


def source_date_epoch() -> str:
    """The seed's build date as ``runreport build`` finds it (its last commit), for tools
    run outside the build."""
    from runreport import config
    from runreport.provenance import build_date

    return str(build_date(config.SEED_ARTICLE))


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under *directory* with its bytes."""
    return {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def seed_cache_entry(cache: Path, name: str) -> Path:
    """The cache folder of notebook *name* run on the seed by ``runreport build``
    (other inputs add others)."""
    from runreport import config
    from runreport.build.run import Cache, Inputs, _reads

    article = config.SEED_ARTICLE
    inputs = Inputs.collect(article, config.annotations_for(article))
    return Cache(cache).entry(name, inputs.notebook_key(name, _reads(name)))


# A project with tiny notebooks -----------------------------------------------------------
# For the tests of the build's mechanics (failures, caching, locking): the same four notebook
# names, each reading what the real one declares it reads, but a few cells each, so a build
# costs a short kernel run.


def _notebook(name: str, *cells) -> nbformat.NotebookNode:
    nb = new_notebook(cells=list(cells))
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    real = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))
    nb.metadata["runreport"] = {"reads": real["metadata"]["runreport"]["reads"]}
    for index, cell in enumerate(nb.cells, start=1):
        cell.id = (
            f"cell-{index}"  # fixed ids: the same notebook is the same file, so the cache finds it
        )
    return nb


def _parameters(*names: str):
    return new_code_cell("".join(f"{n} = None\n" for n in names), metadata={"tags": ["parameters"]})


def write_notebooks(
    folder: Path, *report_cells, analyst_cells: dict[str, list] | None = None
) -> Path:
    """Tiny analyst notebooks and a tiny report with *report_cells* after
    its figures folder is made.

    The report shows the annotations file it was given, so a test sees which annotations it ran
    with; *analyst_cells* adds cells to the named analyst notebooks.
    """
    from runreport.build.run import NOTEBOOKS

    folder.mkdir(parents=True)
    for name in NOTEBOOKS[:-1]:
        extra = (analyst_cells or {}).get(name, [])
        nbformat.write(
            _notebook(
                name, _parameters("article", "annotations"), new_code_cell("print('ok')"), *extra
            ),
            folder / f"{name}.ipynb",
        )
    report = _notebook(
        "report",
        _parameters("article", "annotations", "figures_dir"),
        new_code_cell(
            "import os\nos.makedirs(figures_dir, exist_ok=True)", metadata={"tags": ["remove-cell"]}
        ),
        new_markdown_cell("# A tiny report\n\nIt has text and nothing else."),
        new_code_cell(
            "from runreport.config import PROJ_ROOT\n"
            "print((PROJ_ROOT / annotations).read_text() if annotations else '')"
        ),
        *report_cells,
    )
    nbformat.write(report, folder / "report.ipynb")
    return folder
