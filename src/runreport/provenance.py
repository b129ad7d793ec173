"""Where an edition comes from: content hashes, the build date, package versions.

Takes files and the installed environment and gives the facts the build keys
its cache on and the publication states about itself:

- :func:`file_sha256`, :func:`bytes_sha256` and :func:`package_hash` (every
  file of the ``runreport`` package);
- :func:`package_versions`: Python, runreport and :data:`KEY_PACKAGES`;
- :func:`build_date`: the date an edition is stamped with. It never comes from
  the clock or a file's modification time, so the same inputs give the same
  bytes on any machine and a checkout (which resets modification times)
  changes nothing.

The build, the download page and the report's prose all use this module; of
runreport it imports only :mod:`runreport.config` and :mod:`runreport.errors`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import subprocess
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from runreport import __version__, config
from runreport.errors import UsageError

#: Packages whose versions key the build cache and are listed in the report.
KEY_PACKAGES = (
    "pandas",
    "numpy",
    "matplotlib",
    "pillow",
    "nbconvert",
    "nbclient",
    "ipykernel",
    "jupyterlab",
    "weasyprint",
    "pandera",
    "ruamel.yaml",
    "jinja2",
)

# A YAML front-matter block at the very start of an article ("---" … "---") and its date field.
# YAML ("---") or TOML ("+++", Hugo) front matter.
_FRONT_MATTER_RE = re.compile(
    r"\A\ufeff?(?P<fence>---|\+\+\+)[ \t]*\r?\n(?P<body>.*?)\r?\n(?P=fence)[ \t]*(?:\r?\n|\Z)",
    re.DOTALL,
)
_DATE_FIELD_RE = re.compile(
    r"^(?:date|updated|modified|last_modified)[ \t]*[:=][ \t]*['\"]?"
    r"(?P<date>\d{4}-\d\d-\d\d)(?!\d)",
    re.MULTILINE | re.IGNORECASE,
)
GIT_TIMEOUT = 30
# Variables that would point git at another repository than the one holding the article (e.g. in a
# git hook).
_GIT_LOCATION_VARS = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR")


def bytes_sha256(data: bytes) -> str:
    """SHA-256 of *data*, as hex."""
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: str | Path) -> str:
    """SHA-256 of a file's bytes, as hex (read in blocks, so large files are fine)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def package_hash() -> str:
    """SHA-256 over every file of the ``runreport`` package, by relative name and bytes.

    The shipped data count too: links are followed, so a checkout (where ``library/`` and
    ``notebooks`` link to ``data/`` and ``notebooks/``) and a wheel of the same code agree.
    Caches and hidden folders (``__pycache__``, ``.ipynb_checkpoints``) are left out.
    """
    files = {}
    for folder, subfolders, names in os.walk(config.PACKAGE_DIR, followlinks=True):
        subfolders[:] = [n for n in subfolders if n != "__pycache__" and not n.startswith(".")]
        for name in names:
            path = Path(folder, name)
            files[path.relative_to(config.PACKAGE_DIR).as_posix()] = path
    digest = hashlib.sha256()
    for name, path in sorted(files.items()):
        digest.update(name.encode())
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


def build_date(
    article: str | Path, commit_time: Callable[[Path], int | None] | None = None
) -> int | None:
    """The date an edition of *article* is stamped with, as seconds since 1970 (UTC), or None.

    In order:

    1. ``SOURCE_DATE_EPOCH`` when it is set (the reproducible-builds.org convention);
    2. else the time of the last git commit that touched the article, when it is
       tracked in a git work tree (``git log -1 --format=%ct -- ARTICLE``);
    3. else a date the article states in a YAML front-matter block at its top
       (``date:``, ``updated:``, ``modified:`` or ``last_modified:`` as
       ``YYYY-MM-DD``);
    4. else None: the edition states no date. Neither the clock nor the file's
       modification time is ever used, so copying or touching the article
       changes nothing.

    A shallow git clone only knows the commits it fetched: there the article's
    date is the oldest fetched commit that has it, so set ``SOURCE_DATE_EPOCH``
    or fetch the history (``git fetch --unshallow``) to reproduce an edition
    built from a full clone.

    *commit_time* answers step 2 for the resolved path (default :func:`git_commit_time`; a site
    passes one that remembers answers between runs,
    :meth:`runreport.site.file_cache.FileFacts.commit_time`).

    Raises:
        UsageError: when ``SOURCE_DATE_EPOCH`` is set but is not a whole number.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value:
        if not value.isdigit():
            raise UsageError(
                f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, got {value!r}"
            )
        return int(value)
    article = Path(article).resolve()
    committed = (commit_time or git_commit_time)(article)
    if committed is not None:
        return committed
    return stated_date(article)


def git_commit_time(path: Path) -> int | None:
    """Commit time of the last commit that touched *path*, or None.

    None when git is not installed, *path* is not in a git work tree, git
    refuses the repository (e.g. ``safe.directory``), or *path* was never
    committed.
    """
    try:
        result = subprocess.run(
            ["git", "-C", str(path.parent), "log", "-1", "--format=%ct", "--", path.name],
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT,
            check=False,
            env=git_env(),
        )
    except (OSError, subprocess.SubprocessError):
        return None
    value = result.stdout.strip()
    return int(value) if result.returncode == 0 and value.isdigit() else None


def git_env() -> dict[str, str]:
    """The environment git runs in: this one without :data:`_GIT_LOCATION_VARS`, no optional locks,
    C locale."""
    return {
        **{k: v for k, v in os.environ.items() if k not in _GIT_LOCATION_VARS},
        "GIT_OPTIONAL_LOCKS": "0",
        "LC_ALL": "C",
    }


def stated_date(path: Path) -> int | None:
    """Midnight UTC of the date in *path*'s front matter (see :func:`build_date`), or None."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(64 * 1024).decode("utf-8", errors="replace")
    except OSError:
        return None
    block = _FRONT_MATTER_RE.match(head)
    found = _DATE_FIELD_RE.search(block["body"]) if block else None
    if found is None:
        return None
    try:
        day = dt.date.fromisoformat(found["date"])
    except ValueError:
        return None
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())
