"""The project's own promises: matching dependency lists, clean notebooks, layout."""

from __future__ import annotations

import json
import re
import tomllib

from runreport import config

ROOT = config.PROJ_ROOT


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower()


def test_environment_matches_pyproject():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    runtime = {_name(r): r.replace(" ", "") for r in pyproject["project"]["dependencies"]}
    env_lines = (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines()
    conda = {}
    for line in env_lines[env_lines.index("dependencies:") :]:
        match = re.match(r"^  - ([A-Za-z][\w.\-]*[^:]*)$", line)
        if match and not match.group(1).startswith(("python", "pip")):
            conda[_name(match.group(1))] = match.group(1).replace(" ", "")
    assert conda == runtime
    assert "  - python=3.11" in env_lines


def test_core_packages_present():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    names = {_name(r) for r in pyproject["project"]["dependencies"]}
    assert {"jupyterlab", "pandas", "matplotlib", "nbconvert"} <= names


def test_notebooks_carry_no_outputs():
    notebooks = sorted(config.NOTEBOOKS_DIR.glob("*.ipynb"))
    assert notebooks, "no notebooks found"
    for path in notebooks:
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert cell["outputs"] == [], f"{path.name} has outputs"
                assert cell["execution_count"] is None, f"{path.name} has execution counts"


def test_notebook_names_are_numbered_lowercase_hyphenated():
    for path in config.NOTEBOOKS_DIR.glob("*.ipynb"):
        assert re.fullmatch(r"(\d\d-[a-z0-9-]+|report)\.ipynb", path.name), path.name


def test_top_level_layout():
    for name in [
        "notebooks",
        "data",
        "src",
        "exports",
        "tests",
        "environment.yml",
        "README.md",
        "pyproject.toml",
        "Makefile",
        ".ci",
    ]:
        assert (ROOT / name).exists(), name
    assert (config.RAW_DIR / "upper-back-sore-after-running.txt").exists()


def test_seed_is_byte_for_byte_copy_of_shared():
    shared = ROOT.parent / "shared" / "seed" / "upper-back-sore-after-running.txt"
    if shared.exists():  # the shared folder sits beside the clone in CI and sessions
        assert shared.read_bytes() == config.SEED_ARTICLE.read_bytes()
    assert config.SEED_ARTICLE.read_bytes().startswith(b"Upper Back Sore After Running?")


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make report" in readme and "make test" in readme
