"""Every failure of `runreport build` and `runreport parse` is one clear line, never a traceback.

Each path is driven through the real command (``python -m runreport``, as an
editor runs it) and checked for: the exit status, exactly one line that says
what failed (the last line on stderr; the other lines are the build's
``[runreport …s]`` progress), no ``Traceback``, and the earlier output folder
byte-identical afterwards.

The notebook-side failures (a broken cross-reference, a PDF that would miss an
image, a PDF WeasyPrint cannot lay out) use a project with tiny notebooks
(RUNREPORT_NOTEBOOKS_DIR), so each costs one short kernel run and not a full
build; the failures themselves happen in runreport's real exporters.
``/proc`` and ``/sys`` are places even root cannot write; ``chattr +i`` makes a
folder that even root cannot change.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell

from helpers.buildhelp import ROOT, snapshot, write_notebooks
from runreport.build.run import MANIFEST

pytestmark = pytest.mark.slow

SEED = ROOT / "data" / "raw" / "upper-back-sore-after-running.txt"
PROGRESS = re.compile(r"\[runreport +\d+\.\ds\] .*")
BROKEN_PNG = "data:image/png;base64,bm90IGFuIGltYWdl"  # "not an image"


def _env(
    notebooks: Path | None = None, cache: Path | None = None, env: dict[str, str] | None = None
) -> dict[str, str]:
    full_env = {
        k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "RUNREPORT_DEBUG")
    }
    full_env["CI"] = "true"
    if notebooks is not None:
        full_env["RUNREPORT_NOTEBOOKS_DIR"] = str(notebooks)
    if cache is not None:
        full_env["RUNREPORT_CACHE_DIR"] = str(cache)
    full_env.update(env or {})
    return full_env


def runreport(
    *args: str,
    notebooks: Path | None = None,
    cache: Path | None = None,
    env: dict[str, str] | None = None,
    cwd: Path = ROOT,
    timeout: int = 600,
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "runreport", *args],
        cwd=cwd,
        env=_env(notebooks, cache, env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def failure_line(result: subprocess.CompletedProcess, status: int) -> str:
    """The one line that reports the failure (asserting there is exactly one and no traceback)."""
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    lines = result.stderr.splitlines()
    reports = [line for line in lines if not PROGRESS.fullmatch(line)]
    assert len(reports) == 1, result.stderr
    assert lines[-1] == reports[0]
    if status == 2:
        assert lines == reports  # bad input is found before any work starts
    return reports[0]


@contextlib.contextmanager
def immutable(path: Path) -> Iterator[None]:
    """``chattr +i``: not even root can add, remove or rename entries of *path* meanwhile."""
    subprocess.run(["chattr", "+i", str(path)], check=True, capture_output=True)
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True, capture_output=True)


@pytest.fixture(scope="module")
def tiny(tiny_project, tmp_path_factory) -> tuple[Path, Path]:
    """(cache, previous export): a good build of the tiny project (:func:`conftest.tiny_project`,
    built once per run), its notebooks cached in this module's own copy of the cache."""
    cache, out = tmp_path_factory.mktemp("tiny") / "cache", tiny_project["exports"]
    shutil.copytree(tiny_project["cache"], cache)
    assert (out / "report.pdf").is_file() and (out / MANIFEST).is_file()
    return cache, out


@pytest.fixture
def previous(tiny, tmp_path) -> Path:
    """A copy of the tiny project's export, as an earlier edition in --out."""
    out = tmp_path / "exports"
    shutil.copytree(tiny[1], out)
    return out


# Failures in the exporters ---------------------------------------------------------------


def test_unknown_cross_reference(tiny, previous, tmp_path):
    notebooks = write_notebooks(
        tmp_path / "nb", new_markdown_cell("As [Figure](#fig-nowhere) shows.")
    )
    before = snapshot(previous)
    result = runreport("build", "--out", str(previous), notebooks=notebooks, cache=tiny[0])
    line = failure_line(result, 1)
    assert line == (
        "error: notebook report.ipynb, cell 5: the link #fig-nowhere refers to unknown figure "
        "'nowhere'; known figure keys: none"
    )
    assert snapshot(previous) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_pdf_that_would_miss_an_image(tiny, previous, tmp_path):
    notebooks = write_notebooks(
        tmp_path / "nb", new_markdown_cell(f'<img src="{BROKEN_PNG}" alt="A chart.">')
    )
    before = snapshot(previous)
    result = runreport("build", "--out", str(previous), notebooks=notebooks, cache=tiny[0])
    line = failure_line(result, 1)
    assert (
        line
        == f"error: report.pdf: the PDF would miss content: an image failed to load ({BROKEN_PNG})"
    )
    assert snapshot(previous) == before


def test_pdf_weasyprint_cannot_lay_out(tiny, previous, tmp_path):
    deep = "<div>" * 1500 + "deep" + "</div>" * 1500
    notebooks = write_notebooks(tmp_path / "nb", new_markdown_cell(deep))
    before = snapshot(previous)
    result = runreport(
        "build", "--out", str(previous), "--to", "pdf", notebooks=notebooks, cache=tiny[0]
    )
    line = failure_line(result, 1)
    assert line.startswith(
        "error: report.pdf: WeasyPrint could not lay out the PDF: RecursionError: "
    )
    assert snapshot(previous) == before


# A kernel that dies, a build that is stopped ------------------------------------------------


def test_kernel_that_dies_in_a_cell_fails_the_build_at_once(tiny, previous, tmp_path):
    """Killed (out of memory, a crash) in the middle of a cell, a kernel fails the build within
    seconds: the build used to wait for the cell's output for ever."""
    notebooks = write_notebooks(
        tmp_path / "nb", new_code_cell("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")
    )
    before = snapshot(previous)
    result = runreport(
        "build", "--out", str(previous), notebooks=notebooks, cache=tiny[0], timeout=120
    )
    assert failure_line(result, 1) == "error: notebook report.ipynb: DeadKernelError: Kernel died"
    assert snapshot(previous) == before


def test_sigterm_stops_a_build_at_once_and_leaves_the_exports(tiny, previous, tmp_path):
    """SIGTERM (``kill``, ``timeout``, a CI runner's cancel) stops a build as Ctrl-C does, at
    once, even in the middle of a long cell: exit 130, one line, the earlier exports untouched,
    no kernel left running."""
    import psutil

    in_cell = tmp_path / "in-the-long-cell"
    notebooks = write_notebooks(
        tmp_path / "nb",
        new_code_cell(
            f"import pathlib, time\npathlib.Path({str(in_cell)!r}).touch()\ntime.sleep(300)"
        ),
    )
    before = snapshot(previous)
    build = subprocess.Popen(
        [sys.executable, "-m", "runreport", "build", "--out", str(previous)],
        cwd=ROOT,
        env=_env(notebooks, tiny[0]),
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not in_cell.exists():
            assert build.poll() is None and time.monotonic() < deadline, (
                "the report never reached its long cell"
            )
            time.sleep(0.1)
        started = psutil.Process(build.pid).children(recursive=True)
        build.send_signal(signal.SIGTERM)
        err = build.communicate(timeout=60)[1]
    finally:
        build.kill()
    result = subprocess.CompletedProcess(build.args, build.returncode, "", err)
    assert failure_line(result, 130) == "interrupted"
    assert snapshot(previous) == before
    assert [p for p in psutil.wait_procs(started, timeout=15)[1]] == []


# Failures of --out -----------------------------------------------------------------------


@pytest.mark.parametrize("command", ["build", "parse"])
def test_out_parent_cannot_be_created(tiny, command):
    args = (
        ["build", "--out", "/proc/x/out"]
        if command == "build"
        else ["parse", str(SEED), "--out", "/proc/x/out"]
    )
    line = failure_line(runreport(*args, cache=tiny[0]), 2)
    assert line == "/proc/x/out:1: cannot create /proc/x: No such file or directory"


@pytest.mark.parametrize("command", ["build", "parse"])
def test_out_in_a_read_only_place(tiny, command):
    out = "/sys/kernel/runreport-out"
    args = ["build", "--out", out] if command == "build" else ["parse", str(SEED), "--out", out]
    line = failure_line(runreport(*args, cache=tiny[0]), 2)
    assert line == f"{out}:1: cannot write in /sys/kernel: Operation not permitted"
    assert not Path(out).exists()


@pytest.mark.parametrize("command", ["build", "parse"])
def test_out_is_a_file_or_inside_one(tiny, tmp_path, command):
    file = tmp_path / "notes.txt"
    file.write_text("precious", encoding="utf-8")
    for out, message in [
        (file, "--out is a file, not a folder"),
        (file / "out", f"cannot create --out: {file} is a file, not a folder"),
    ]:
        args = (
            ["build", "--out", str(out)]
            if command == "build"
            else ["parse", str(SEED), "--out", str(out)]
        )
        assert failure_line(runreport(*args, cache=tiny[0]), 2) == f"{out}:1: {message}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    assert file.read_text(encoding="utf-8") == "precious"


def test_build_into_a_folder_that_cannot_be_written(tiny, previous):
    before = snapshot(previous)
    with immutable(previous.parent):
        line = failure_line(
            runreport("build", "--out", str(previous), "--to", "html", cache=tiny[0]), 2
        )
    assert line == f"{previous}:1: cannot write in {previous.parent}: Operation not permitted"
    assert snapshot(previous) == before


def test_build_whose_output_cannot_be_replaced(tiny, previous, tmp_path):
    """The place is writable but the old edition cannot be moved away: found at
    the very end, exit 1."""
    notebooks = write_notebooks(tmp_path / "nb")  # the tiny project, all cached
    before = snapshot(previous)
    with immutable(previous):
        result = runreport(
            "build", "--out", str(previous), "--to", "html", notebooks=notebooks, cache=tiny[0]
        )
    line = failure_line(result, 1)
    assert line == f"error: cannot write the exports: Operation not permitted: {previous}"
    assert "ran " not in result.stderr  # the notebooks came from the cache
    assert snapshot(previous) == before
    assert sorted(p.name for p in previous.parent.iterdir()) == [
        "exports",
        "nb",
    ]  # no staging folder left


def test_parse_whose_output_cannot_be_replaced(tmp_path):
    out = tmp_path / "tables"
    assert runreport("parse", str(SEED), "--out", str(out)).returncode == 0
    before = snapshot(out)
    with immutable(out):
        line = failure_line(runreport("parse", str(SEED), "--out", str(out)), 1)
    assert (
        line
        == f"error: cannot write the tables: Operation not permitted: {out}; {out} left as it was"
    )
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tables"]


def test_parse_into_a_folder_that_cannot_be_written(tmp_path):
    out = tmp_path / "tables"
    assert runreport("parse", str(SEED), "--out", str(out)).returncode == 0
    before = snapshot(out)
    with immutable(tmp_path):
        line = failure_line(runreport("parse", str(SEED), "--out", str(out)), 2)
    assert line == f"{out}:1: cannot write in {tmp_path}: Operation not permitted"
    assert snapshot(out) == before


def test_out_is_the_current_folder(tmp_path):
    # Outside a project folder, build must be told the article before it looks at --out.
    for args in (
        ["build", "--article", str(SEED), "--out", "."],
        ["parse", str(SEED), "--out", "."],
    ):
        line = failure_line(runreport(*args, cwd=tmp_path), 2)
        assert line.startswith(".:1: --out is the current folder or one of its parents")
    assert list(tmp_path.iterdir()) == []


# Other settings ----------------------------------------------------------------------------


def test_cache_folder_that_cannot_be_created(tiny, previous, tmp_path):
    notebooks = write_notebooks(tmp_path / "nb")
    before = snapshot(previous)
    result = runreport(
        "build",
        "--out",
        str(previous),
        "--to",
        "html",
        notebooks=notebooks,
        cache=Path("/proc/x/cache"),
    )
    line = failure_line(result, 1)
    assert (
        line
        == "error: cannot use the cache folder /proc/x/cache: No such file or directory: /proc/x"
    )
    assert snapshot(previous) == before


def test_malformed_source_date_epoch(previous):
    before = snapshot(previous)
    result = runreport("build", "--out", str(previous), env={"SOURCE_DATE_EPOCH": "last tuesday"})
    line = failure_line(result, 2)
    assert (
        line == "runreport: SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, "
        "got 'last tuesday'"
    )
    assert snapshot(previous) == before


def test_missing_notebook_is_one_line(previous, tmp_path):
    """A failure runreport did not name still ends in one line, with the way
    to see the traceback."""
    notebooks = write_notebooks(tmp_path / "nb")
    (notebooks / "02-injury-statistics.ipynb").unlink()
    before = snapshot(previous)
    line = failure_line(runreport("build", "--out", str(previous), notebooks=notebooks), 1)
    assert line == (
        f"runreport: error: No such file or directory: {notebooks / '02-injury-statistics.ipynb'}"
    )
    assert snapshot(previous) == before
    debug = runreport(
        "build", "--out", str(previous), notebooks=notebooks, env={"RUNREPORT_DEBUG": "1"}
    )
    assert debug.returncode == 1 and "Traceback" in debug.stderr
