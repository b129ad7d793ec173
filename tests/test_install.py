"""runreport installed from its wheel works on a folder of the user's, outside the checkout.

The wheel is built from a copy of the files it is made of (as ``pip install .`` does, without
touching the checkout) and installed into a fresh virtual environment. That environment sees the
test environment's third-party packages through a ``.pth`` line (the same pinned versions; nothing
downloads) and their data files through a link to its ``share`` folder, but runreport only from
the wheel: the evidence library, lexicon, notebooks and
templates must come from the package data.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from helpers.articles import SEED

ROOT = Path(__file__).resolve().parents[1]
#: What the wheel is built from: the files ``pip install .`` reads.
WHEEL_SOURCES = (
    "pyproject.toml",
    "README.md",
    "src",
    "notebooks",
    "data/evidence.yaml",
    "data/lexicon.yaml",
)


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{args}\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in WHEEL_SOURCES:
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if (ROOT / name).is_dir():
            shutil.copytree(
                ROOT / name,
                target,
                symlinks=True,
                ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
            )
        else:
            shutil.copy2(ROOT / name, target)
    out = tmp_path_factory.mktemp("wheel")
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(out),
            str(source),
        ],
        cwd=source,
    )
    (found,) = out.glob("runreport-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel installed; returns its ``bin`` folder."""
    venv = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=venv)
    python = venv / "bin" / "python"
    site_packages = Path(
        _run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], cwd=venv
        ).strip()
    )
    (site_packages / "test-environment.pth").write_text(sysconfig.get_path("purelib") + "\n")
    # The data files those packages install beside their code (nbconvert's templates, the kernel).
    (venv / "share").symlink_to(Path(sys.prefix) / "share", target_is_directory=True)
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        cwd=venv,
    )
    return venv / "bin"


def test_wheel_ships_the_library_notebooks_and_templates(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for shipped in (
        "runreport/library/evidence.yaml",
        "runreport/library/lexicon.yaml",
        "runreport/notebooks/report.ipynb",
        "runreport/charts/runreport.mplstyle",
        "runreport/templates/runreport/index.html.j2",
    ):
        assert shipped in names
    # The data it ships are the checkout's files, not links to them.
    with zipfile.ZipFile(wheel) as archive:
        assert (
            archive.read("runreport/library/evidence.yaml")
            == (ROOT / "data" / "evidence.yaml").read_bytes()
        )
    assert not any(name.startswith(("tests/", "data/", "exports/")) for name in names)


@pytest.mark.slow
def test_installed_wheel_builds_a_report_in_the_users_folder(installed, tmp_path):
    folder = tmp_path / "my articles"
    (folder / "posts").mkdir(parents=True)
    article = folder / "posts" / SEED.name
    shutil.copy2(SEED, article)
    # Annotations beside the article are found without being named.
    shutil.copy2(
        ROOT / "data" / "annotations" / f"{SEED.stem}.yaml", folder / "posts" / f"{SEED.stem}.yaml"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("RUNREPORT_")}
    env.update(SOURCE_DATE_EPOCH="1700000000", PATH=f"{installed}:{env['PATH']}")
    where = _run(
        [str(installed / "python"), "-c", "import runreport; print(runreport.__file__)"],
        cwd=folder,
        env=env,
    )
    assert Path(where.strip()).is_relative_to(installed.parent)

    _run(
        ["runreport", "build", "--article", f"posts/{SEED.name}", "--to", "html", "--jobs", "1"],
        cwd=folder,
        env=env,
    )
    exports = folder / "exports"
    html = (exports / "report.html").read_text(encoding="utf-8")
    assert "Upper Back Sore After Running" in html
    assert "Notes from the fact-check:" in html  # the notes of the annotations beside it
    # The same verdicts and figures as this repository's edition, built from the same files.
    for name in ("data/fact_check.csv", "data/claims.csv", "figures/incidence.csv"):
        assert (exports / name).read_bytes() == (ROOT / "exports" / name).read_bytes(), name
    assert (exports / "figures" / "incidence.svg").is_file()
    assert (folder / ".cache").is_dir()  # the build cache lives in the user's folder too


def test_outside_a_project_build_asks_for_an_article(installed, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("RUNREPORT_")}
    result = subprocess.run(
        [str(installed / "runreport"), "build"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "runreport build --article PATH" in result.stderr
    assert "Traceback" not in result.stderr
