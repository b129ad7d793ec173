"""runreport as a user installs it: a wheel in a fresh virtual environment, run in their folder.

The wheel is built from a copy of the files it is made of (as ``pip install .`` does, without
touching the checkout) and installed into a new virtual environment. That environment sees the
test environment's third-party packages through a ``.pth`` line and their data files (nbconvert's
templates, the kernel spec) through a link to its ``share`` folder: the same pinned versions,
nothing downloaded. runreport itself comes only from the wheel, so the evidence library, lexicon,
notebooks and templates must come from its package data.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from helpers.buildhelp import ROOT

#: What the wheel is built from: the files ``pip install .`` reads.
WHEEL_SOURCES = (
    "pyproject.toml",
    "README.md",
    "src",
    "notebooks",
    "data/evidence.yaml",
    "data/lexicon.yaml",
)
SEED_NAME = "upper-back-sore-after-running"


def run_checked(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run *args*; fail the test with its output unless it exits 0; return its stdout."""
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{args}\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    return result.stdout


def build_wheel(out: Path) -> Path:
    """Build runreport's wheel into *out* (offline: no build isolation); return its path."""
    source = out / "source"
    for name in WHEEL_SOURCES:
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if (ROOT / name).is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", ".ipynb_checkpoints")
            shutil.copytree(ROOT / name, target, symlinks=True, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, target)
    wheels = out / "wheel"
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps"]
    run_checked(
        [*pip_wheel, "--no-build-isolation", "--wheel-dir", str(wheels), str(source)], source
    )
    (wheel,) = wheels.glob("runreport-*.whl")
    return wheel


def install_wheel(wheel: Path, venv: Path) -> Path:
    """A fresh virtual environment at *venv* with *wheel* installed; returns its ``bin`` folder."""
    run_checked([sys.executable, "-m", "venv", "--without-pip", str(venv)], venv.parent)
    python = venv / "bin" / "python"
    purelib = "import sysconfig; print(sysconfig.get_path('purelib'))"
    site_packages = Path(run_checked([str(python), "-c", purelib], venv).strip())
    (site_packages / "test-environment.pth").write_text(sysconfig.get_path("purelib") + "\n")
    (venv / "share").symlink_to(Path(sys.prefix) / "share", target_is_directory=True)
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet"]
    run_checked([*pip, "--no-deps", "--no-index", str(wheel)], venv)
    return venv / "bin"


def user_env(bin_dir: Path, **extra: str) -> dict[str, str]:
    """The environment a user's shell gives the installed command: none of runreport's settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RUNREPORT_")}
    env.pop("SOURCE_DATE_EPOCH", None)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    env.update(extra)
    return env


def seed_project(folder: Path) -> Path:
    """*folder* laid out as this repository keeps its edition: the seed and its annotations."""
    (folder / "data" / "raw").mkdir(parents=True)
    (folder / "data" / "annotations").mkdir(parents=True)
    for part in (f"raw/{SEED_NAME}.txt", f"annotations/{SEED_NAME}.yaml"):
        shutil.copy2(ROOT / "data" / part, folder / "data" / part)
    return folder
