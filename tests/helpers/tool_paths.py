"""Where the external checkers of the quality gates are installed.

Nothing in the gates ever downloads anything: the browser is the system
chromium (``playwright install`` is never needed) and the npm tools (axe-core,
vnu-jar) come from ``make npm-tools``.  A missing tool raises
:class:`FileNotFoundError` (see :func:`require`), so tests that depend on it
fail instead of being skipped.

Paths can be overridden with environment variables: ``RUNREPORT_CHROMIUM``,
``RUNREPORT_NPM_DIR``, ``RUNREPORT_AXE_JS``, ``RUNREPORT_VNU_JAR`` and
``RUNREPORT_JAVA`` (read by :func:`helpers.html_validation.run_vnu`).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

#: Root of the repository (the parent of ``tests/``).
REPO_ROOT = Path(__file__).resolve().parents[2]
#: Where ``make npm-tools`` installs axe-core and vnu-jar.
NPM_DIR = Path(os.environ.get("RUNREPORT_NPM_DIR", REPO_ROOT / ".venv" / "npm"))
#: axe-core's browser bundle.
AXE_JS = Path(
    os.environ.get("RUNREPORT_AXE_JS", NPM_DIR / "node_modules" / "axe-core" / "axe.min.js")
)
#: The Nu Html Checker.
VNU_JAR = Path(
    os.environ.get(
        "RUNREPORT_VNU_JAR", NPM_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    )
)
#: Debian's chromium (never a Playwright-downloaded browser).
CHROMIUM = Path(
    os.environ.get("RUNREPORT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
)


def require(path: Path, what: str, hint: str) -> Path:
    """Return ``path`` if it exists, else raise a helpful FileNotFoundError."""
    if not path.exists():
        raise FileNotFoundError(f"{what} not found at {path}; {hint}")
    return path
