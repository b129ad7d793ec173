"""runreport installed from its wheel works on a folder of the user's, outside the checkout.

The session's seed build (``seed_build`` in conftest.py) is made by this installed runreport in
such a folder; tests/build/test_build.py compares it with the committed edition byte for byte.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from helpers.articles import SEED
from helpers.install import run_checked, user_env

ROOT = Path(__file__).resolve().parents[1]


def runreport(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The installed ``runreport ARGS``, run in *cwd* as a user's shell runs it."""
    return subprocess.run(
        ["runreport", *args],
        cwd=cwd,
        env=user_env(bin_dir),
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def posts(tmp_path) -> Path:
    """A user's folder with the seed in ``posts/`` (no ``data/`` folder)."""
    (tmp_path / "posts").mkdir()
    shutil.copy2(SEED, tmp_path / "posts" / SEED.name)
    return tmp_path


def test_wheel_ships_the_library_notebooks_and_templates(installed_runreport):
    (wheel,) = (installed_runreport.parents[1] / "wheel").glob("runreport-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        # The data it ships are the checkout's files, not links to them.
        shipped = archive.read("runreport/library/evidence.yaml")
    assert shipped == (ROOT / "data" / "evidence.yaml").read_bytes()
    for name in (
        "runreport/library/lexicon.yaml",
        "runreport/notebooks/report.ipynb",
        "runreport/notebooks/01-article-structure.ipynb",
        "runreport/charts/runreport.mplstyle",
        "runreport/templates/runreport/index.html.j2",
    ):
        assert name in names
    assert not any(name.startswith(("tests/", "data/", "exports/")) for name in names)


def test_the_installed_package_is_the_wheel_not_the_checkout(installed_runreport, tmp_path):
    code = (
        "from runreport import config; print(config.PACKAGE_DIR, config.CHECKOUT, config.PROJ_ROOT)"
    )
    shown = run_checked(
        [str(installed_runreport / "python"), "-c", code], tmp_path, user_env(installed_runreport)
    ).split()
    assert Path(shown[0]).is_relative_to(installed_runreport.parent)
    assert shown[1:] == ["None", str(tmp_path.resolve())]


def test_outside_a_project_build_asks_for_an_article(installed_runreport, tmp_path):
    result = runreport(installed_runreport, "build", cwd=tmp_path)
    assert result.returncode == 2
    assert "runreport build --article PATH" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "exports").exists()


def test_annotations_are_drafted_and_found_beside_the_article_or_in_a_folder(
    installed_runreport, posts
):
    article = f"posts/{SEED.name}"
    # Without data/annotations/ in the folder, the draft goes beside the article.
    drafted = runreport(installed_runreport, "annotate", article, cwd=posts)
    assert drafted.returncode == 0, drafted.stderr
    draft = posts / "posts" / f"{SEED.stem}.yaml"
    assert draft.is_file() and not (posts / "data").exists()
    # Moved to a folder, it is found there when that folder is named.
    (posts / "review").mkdir()
    draft.rename(posts / "review" / draft.name)
    checked = runreport(installed_runreport, "check", article, "--annotations", "review", cwd=posts)
    assert f"review/{draft.name}:" in checked.stdout and "pending-review" in checked.stdout
    # The seed's reviewed annotations beside it are found unnamed: they judge line 17's population
    # different, so its 65% is unsourced (computed alone, it is out of range).
    shutil.copy2(ROOT / "data" / "annotations" / f"{SEED.stem}.yaml", posts / "posts")
    beside = runreport(installed_runreport, "check", article, cwd=posts)
    assert beside.returncode == 1 and f"{article}:17: unsourced:" in beside.stdout
    assert "pending-review" not in beside.stdout
