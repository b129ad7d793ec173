"""Output folders replaced as a whole, never left half-written.

Takes the ``--out`` folder of ``runreport build`` or ``runreport parse`` and a
test that recognises a folder runreport wrote, and gives a staging folder
beside it that is moved into place once complete:

- :func:`check_target` refuses a target that is a file, the file-system root,
  the current folder (or one of its parents), or a folder holding anything but
  an earlier runreport output (replacing it would delete those files);
- :func:`staging_beside` creates the target's parent and an empty temporary
  folder in it, so a place that cannot be written is reported before any work;
- :func:`swap_into_place` replaces the target by the staging folder with two
  renames (putting the old folder back if the second fails), so readers see
  the old output or the new one, never a mix, and a failure at any point
  leaves the earlier output untouched.

Problems with the target are :class:`~runreport.errors.InputError` (exit 2);
an ``OSError`` while swapping is the caller's to report (exit 1).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from runreport.errors import InputError


def describe_oserror(exc: OSError) -> str:
    """One line for an ``OSError``: its reason and the path it concerns."""
    reason = exc.strerror or type(exc).__name__
    return f"{reason}: {exc.filename}" if exc.filename else reason


def check_target(out: Path, is_ours: Callable[[Path], bool], not_ours: str) -> None:
    """Refuse an ``--out`` that must not be replaced as a whole.

    Args:
        out: The folder as the user named it.
        is_ours: Whether an existing, non-empty folder is an earlier output.
        not_ours: What the message says a refused folder lacks (e.g. "no .runreport-build.json").

    Raises:
        InputError: at ``out:1`` for a file, the root, the current folder or
            one of its parents, or a folder with other things in it.
    """
    if out.exists() and not out.is_dir():
        raise InputError(out, 1, "--out is a file, not a folder")
    resolved = out.resolve()
    if resolved == resolved.parent:
        raise InputError(out, 1, "--out cannot be the file-system root")
    here = Path.cwd().resolve()
    if resolved == here or resolved in here.parents:
        raise InputError(
            out,
            1,
            "--out is the current folder or one of its parents; it is replaced as a whole, "
            "so name a folder of its own",
        )
    try:
        has_files = out.is_dir() and any(out.iterdir())
    except OSError as exc:
        raise InputError(out, 1, f"cannot read --out: {describe_oserror(exc)}") from None
    if has_files and not is_ours(out):
        raise InputError(
            out,
            1,
            f"--out is a folder with other files in it ({not_ours}); choose an empty or "
            "new folder, or an earlier runreport output",
        )


def staging_beside(out: Path, prefix: str) -> Path:
    """Create *out*'s parent folders and an empty staging folder beside *out*.

    Args:
        out: The target folder (resolved).
        prefix: Start of the staging folder's name (hidden, e.g. ".exports-build-").

    Returns:
        The staging folder, on the same file system as *out* so it can be renamed into place.

    Raises:
        InputError: at ``out:1`` when the parent cannot be created or written.
    """
    for ancestor in (out.parent, *out.parent.parents):
        if ancestor.exists():
            if not ancestor.is_dir():
                raise InputError(out, 1, f"cannot create --out: {ancestor} is a file, not a folder")
            break
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            out, 1, f"cannot create {exc.filename or out.parent}: {exc.strerror or exc}"
        ) from None
    try:
        return Path(tempfile.mkdtemp(dir=out.parent, prefix=prefix))
    except OSError as exc:
        raise InputError(out, 1, f"cannot write in {out.parent}: {exc.strerror or exc}") from None


def swap_into_place(staging: Path, out: Path) -> None:
    """Replace *out* by *staging* with renames, so readers never see half an output.

    Raises:
        OSError: when a rename fails; *out* is then as it was (the old folder is put back).
    """
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(out, old)
    try:
        os.replace(staging, out)
    except OSError:
        if old is not None:
            os.replace(old, out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
