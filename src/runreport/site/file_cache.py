"""Remembered facts about files, so that a no-op rebuild of a large site reads no more than it must.

Takes the files a site build checks (every exported file, every article) and
gives what the no-op check needs, remembered between runs in one JSON file
(:class:`FileFacts`, kept under the cache folder, never in the site):

- :meth:`FileFacts.sha256`: a file's SHA-256, computed again only when its
  stat signature (size, modification and change times in nanoseconds, inode)
  differs from the one remembered with it, as git's index does. A program
  can set a file's modification time but not its change time, so any write
  to a file is seen and the file is hashed again. As in git, a file changed
  within two seconds of the facts being saved is hashed again too: a write in
  the same clock tick could leave its times as they were.
- :meth:`FileFacts.commit_time`: :func:`runreport.provenance.git_commit_time`
  (the git part of :func:`runreport.provenance.build_date`), remembered per
  repository HEAD. The last commit that
  touched a path cannot change while HEAD stays the same commit, so an
  unchanged corpus in git costs one ``git rev-parse`` per folder instead of
  one ``git log`` per article. A shallow clone is always asked afresh
  (deepening it changes what the last commit is).

Losing or damaging the file costs time, never correctness: every fact is
then computed afresh. Entries not used in a run are dropped when it saves.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

from runreport import provenance

#: Version of the file's layout; a file of another version is ignored.
_LAYOUT = 1
#: A file whose change time is this close to when the facts were saved, or later, is hashed again.
_RACY_NS = 2_000_000_000
#: What :meth:`FileFacts._repo` gives for a folder git cannot date anything in, and for a shallow
#: clone.
_NO_REPOSITORY = object()
_ASK_GIT = object()


class FileFacts:
    """File hashes by stat signature and git dates by HEAD, loaded from and saved to *path*.

    Args:
        path: The JSON file (need not exist; its folder is made when saving).
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._hashes: dict[str, list] = {}
        self._dates: dict[str, int | None] = {}
        #: Files changed this close to saving (or later) are hashed again: a write in the same clock
        #: tick as the hash could leave the stat signature as it was (git's "racily clean" files).
        self._trusted_before = 0
        try:
            kept = json.loads(self.path.read_text(encoding="utf-8"))
            if kept.get("layout") == _LAYOUT:
                self._hashes, self._dates = dict(kept["hashes"]), dict(kept["dates"])
                self._trusted_before = int(kept["saved_ns"]) - _RACY_NS
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self._hashes, self._dates = {}, {}  # no file, or one not worth trusting: start afresh
        self._used_hashes: dict[str, list] = {}
        self._used_dates: dict[str, int | None] = {}
        self._repos: dict[str, tuple[str, str] | object] = {}

    # Hashes --------------------------------------------------------------------------------

    def sha256(self, path: str | Path) -> str:
        """SHA-256 of *path*'s bytes, as hex (from memory while its stat signature is unchanged)."""
        name = os.fspath(path)
        st = os.stat(name)
        signature = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
        known = self._hashes.get(name)
        if (
            isinstance(known, list)
            and len(known) == 5
            and known[:4] == signature
            and st.st_ctime_ns < self._trusted_before
            and isinstance(known[4], str)
        ):
            digest = known[4]
        else:
            digest = provenance.file_sha256(name)
        self._used_hashes[name] = [*signature, digest]
        return digest

    # Build dates ---------------------------------------------------------------------------

    def commit_time(self, article: Path) -> int | None:
        """:func:`runreport.provenance.git_commit_time` of *article* (a resolved path).

        Remembered per HEAD.
        """
        repo = self._repo(article.parent)
        if repo is _NO_REPOSITORY:
            return None  # git log could not answer either (no git, no work tree, no commits)
        if repo is _ASK_GIT:
            return provenance.git_commit_time(article)
        key = "\0".join((*repo, str(article)))
        known = self._dates.get(key, _ASK_GIT)
        committed = (
            known if known is None or type(known) is int else provenance.git_commit_time(article)
        )
        self._used_dates[key] = committed
        return committed

    def _repo(self, folder: Path) -> tuple[str, str] | object:
        """(work tree, HEAD commit) of the git repository holding *folder*; else why not.

        :data:`_NO_REPOSITORY` when git cannot tell (not installed, not a work tree, no commit yet:
        ``git log`` would find no commit either); :data:`_ASK_GIT` for a shallow clone, whose
        dates are not remembered, or when git did not answer in time.
        """
        name = str(folder)
        if name not in self._repos:
            self._repos[name] = _locate(folder)
        return self._repos[name]

    # Saving --------------------------------------------------------------------------------

    def save(self) -> None:
        """Write the facts used in this run (atomically), unless the file cannot be written."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            staging = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            staging.write_text(
                json.dumps(
                    {
                        "layout": _LAYOUT,
                        "saved_ns": time.time_ns(),
                        "hashes": self._used_hashes,
                        "dates": self._used_dates,
                    },
                    sort_keys=True,
                ),
                encoding="utf-8",
            )
            os.replace(staging, self.path)
        except OSError:
            pass  # only speed is lost


def _locate(folder: Path) -> tuple[str, str] | object:
    """What :meth:`FileFacts._repo` gives for *folder*, from one ``git rev-parse``."""
    try:
        result = subprocess.run(
            [
                "git",
                "-C",
                str(folder),
                "rev-parse",
                "--show-toplevel",
                "--is-shallow-repository",
                "HEAD",
            ],
            capture_output=True,
            text=True,
            timeout=provenance.GIT_TIMEOUT,
            check=False,
            env=provenance.git_env(),
        )
    except subprocess.TimeoutExpired:
        return _ASK_GIT
    except (OSError, subprocess.SubprocessError):
        return _NO_REPOSITORY
    lines = result.stdout.split("\n")
    if result.returncode != 0 or len(lines) < 3 or not lines[2]:
        return _NO_REPOSITORY
    return _ASK_GIT if lines[1] != "false" else (lines[0], lines[2])
