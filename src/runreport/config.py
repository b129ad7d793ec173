"""Where runreport's files are: what ships with it, and the user's folder it works on.

Two kinds of files, as constants so that notebooks and modules never write ``"../data"``:

- **Shipped with runreport** (package data, read-only): the evidence library, the lexicon, the
  notebooks, the templates and the chart style. In a checkout, ``src/runreport/library`` and
  ``src/runreport/notebooks`` are links to ``data/`` and ``notebooks/``; a wheel holds copies.
- **The user's folder** (:data:`PROJ_ROOT`): articles, annotations, exports and the build cache.
  It is ``$RUNREPORT_PROJECT_DIR`` when set (a build sets it for its kernels, which run in the
  notebooks folder), else this checkout when the current folder is inside it (``make report``,
  JupyterLab on ``notebooks/``), else the current folder (``pip install`` and run anywhere).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent

# Shipped with runreport ------------------------------------------------------------------------

LIBRARY_DIR = PACKAGE_DIR / "library"
EVIDENCE_FILE = LIBRARY_DIR / "evidence.yaml"
LEXICON_FILE = LIBRARY_DIR / "lexicon.yaml"
NOTEBOOKS_DIR = Path(os.environ.get("RUNREPORT_NOTEBOOKS_DIR") or PACKAGE_DIR / "notebooks")
MPLSTYLE = PACKAGE_DIR / "charts" / "runreport.mplstyle"
TEMPLATES_DIR = PACKAGE_DIR / "templates"

# The user's folder --------------------------------------------------------------------------

#: The checkout runreport runs from (an editable install), or None for an installed wheel.
CHECKOUT: Path | None = (
    PACKAGE_DIR.parents[1]
    if PACKAGE_DIR.parent.name == "src" and (PACKAGE_DIR.parents[1] / "pyproject.toml").is_file()
    else None
)


def project_dir() -> Path:
    """The folder runreport works on (see the module docstring for the order)."""
    if os.environ.get("RUNREPORT_PROJECT_DIR"):
        return Path(os.environ["RUNREPORT_PROJECT_DIR"]).resolve()
    here = Path.cwd().resolve()
    if CHECKOUT is not None and here.is_relative_to(CHECKOUT):
        return CHECKOUT
    return here


PROJ_ROOT = project_dir()
DATA_DIR = PROJ_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
ANNOTATIONS_DIR = DATA_DIR / "annotations"
EXPORTS_DIR = PROJ_ROOT / "exports"
# The build cache; tests point it elsewhere to start cold.
CACHE_DIR = Path(os.environ.get("RUNREPORT_CACHE_DIR") or PROJ_ROOT / ".cache")

#: The article ``runreport build`` builds when none is named (this repository's edition).
SEED_ARTICLE = RAW_DIR / "upper-back-sore-after-running.txt"


def annotations_for(article: str | Path, folder: str | Path | None = None) -> Path | None:
    """The annotations file of *article*, or None when it has none.

    Looked for as ``<article stem>.yaml`` in *folder* when given; else beside the article, then
    in ``data/annotations/`` of the article's own project when it lies in a ``data/raw/`` folder,
    then in ``data/annotations/`` of the user's folder.
    """
    article = Path(article)
    name = f"{article.stem}.yaml"
    if folder is not None:
        places = [Path(folder)]
    else:
        places = [article.parent, ANNOTATIONS_DIR]
        if article.parent.name == "raw" and article.parent.parent.name == "data":
            places.insert(1, article.parent.parent / "annotations")
    return next((place / name for place in places if (place / name).is_file()), None)


#: Modules runreport's own processes (the command, a site's local workers) never need, though a
#: library would import them at a cost. jsonschema (through nbformat) imports rfc3987-syntax,
#: installed for jupyter-events, to check "iri" strings, which no notebook schema has; importing it
#: builds some thirty Earley parsers: a second of every process.
UNNEEDED_MODULES = ("rfc3987_syntax",)


def leave_out_unneeded_modules() -> None:
    """Make an import of :data:`UNNEEDED_MODULES` fail in this process (their importers take them as
    optional).

    Only for processes runreport owns: a Dask worker may run other people's tasks too.
    """
    for name in UNNEEDED_MODULES:
        sys.modules.setdefault(name, None)
