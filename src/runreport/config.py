"""Every path the project uses, as constants (and the modules runreport's own processes leave out).

Notebooks and modules import these instead of writing ``"../data"``, so they
work from any working directory.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJ_ROOT = PACKAGE_DIR.parents[1]

DATA_DIR = PROJ_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
ANNOTATIONS_DIR = DATA_DIR / "annotations"
EVIDENCE_FILE = DATA_DIR / "evidence.yaml"
LEXICON_FILE = DATA_DIR / "lexicon.yaml"

NOTEBOOKS_DIR = Path(os.environ.get("RUNREPORT_NOTEBOOKS_DIR", PROJ_ROOT / "notebooks"))
EXPORTS_DIR = PROJ_ROOT / "exports"
# The build cache; tests point it elsewhere to start cold.
CACHE_DIR = Path(os.environ.get("RUNREPORT_CACHE_DIR", PROJ_ROOT / ".cache"))

SEED_ARTICLE = RAW_DIR / "upper-back-sore-after-running.txt"

MPLSTYLE = PACKAGE_DIR / "charts" / "runreport.mplstyle"
TEMPLATES_DIR = PACKAGE_DIR / "templates"


def annotations_for(article: str | Path) -> Path | None:
    """Return the annotations file that belongs to *article*, or None.

    The convention is ``data/annotations/<article stem>.yaml``.
    """
    candidate = ANNOTATIONS_DIR / f"{Path(article).stem}.yaml"
    return candidate if candidate.exists() else None


#: Modules runreport's own processes (the command, a site's local workers) never need, though a library
#: would import them at a cost. jsonschema (through nbformat) imports rfc3987-syntax, installed for
#: jupyter-events, to check "iri" strings, which no notebook schema has; importing it builds some
#: thirty Earley parsers: a second of every process.
UNNEEDED_MODULES = ("rfc3987_syntax",)


def leave_out_unneeded_modules() -> None:
    """Make an import of :data:`UNNEEDED_MODULES` fail in this process (their importers take them as optional).

    Only for processes runreport owns: a Dask worker may run other people's tasks too.
    """
    for name in UNNEEDED_MODULES:
        sys.modules.setdefault(name, None)
