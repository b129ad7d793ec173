"""The privacy gate: no exported file may give away the machine it was built on.

:func:`default_private_needles` lists what must never appear (absolute paths,
user and host names); :func:`find_private_strings` searches exported files for
them as bytes, including compressed PDF streams, gzip files and zip members.
"""

from __future__ import annotations

import contextlib
import getpass
import gzip
import os
import re
import socket
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from helpers.tool_paths import REPO_ROOT

#: Account and host names too generic to search for on their own.
_GENERIC_NAMES = frozenset(
    """root user users admin administrator runner jovyan ubuntu debian vscode node app
    build builder ci docker test tester guest default home work main localhost
    localhost.localdomain runreport""".split()
)


def default_private_needles(extra: Iterable[str] = ()) -> list[str]:
    """Strings that must never appear in exported files on this machine.

    Includes the home directory, the repository's and the current directory's
    absolute paths, the temp directory (with a trailing slash), generic home
    and temp prefixes (``/home/``, ``/Users/``, ``/var/folders/``,
    ``pytest-of-``), ``site-packages`` (a leaked traceback), ``user@`` and the
    host name.  The bare user name is only included when it is at least four
    characters and not a generic account name: ``root`` would match "square
    root", so root is covered by its home ``/root`` instead.

    Args:
        extra: More needles, e.g. a temporary build directory.

    Returns:
        Unique, non-trivial needles in a stable order.
    """
    candidates: list[str] = []
    home = str(Path.home())
    candidates.append(home)
    candidates.append(str(REPO_ROOT))
    candidates.append(str(Path.cwd()))
    tmp = tempfile.gettempdir().rstrip("/\\")
    if tmp:
        candidates.append(tmp + os.sep)
    candidates += [
        "/home/",
        "/Users/",
        "C:\\Users\\",
        "/var/folders/",
        "/private/var/",
        "pytest-of-",
    ]
    candidates.append("site-packages")
    if sys.prefix not in ("/usr", "/usr/local", "/"):  # the venv or conda env
        candidates.append(sys.prefix)
    try:
        user = getpass.getuser()
    except Exception:  # no user name in some containers  # pragma: no cover
        user = ""
    if user:
        candidates.append(f"{user}@")
        if len(user) >= 4 and user.lower() not in _GENERIC_NAMES:
            candidates.append(user)
    host = socket.gethostname()
    if host and len(host) >= 4 and host.lower() not in _GENERIC_NAMES:
        candidates.append(host)
        short = host.split(".")[0]
        if short != host and len(short) >= 4 and short.lower() not in _GENERIC_NAMES:
            candidates.append(short)
    candidates += list(extra)
    out: list[str] = []
    for needle in candidates:
        if needle and needle not in ("/", "\\", ".") and len(needle) >= 3 and needle not in out:
            out.append(needle)
    return out


def _needle_variants(needle: str, utf16: bool) -> list[bytes]:
    texts = {needle, needle.replace("/", "\\/")}  # JSON may escape slashes
    variants = [t.encode("utf-8") for t in texts]
    if utf16:  # PDF text strings, Windows metadata
        variants += [t.encode(enc) for t in texts for enc in ("utf-16-be", "utf-16-le")]
    return variants


def _pdf_streams(data: bytes) -> Iterable[bytes]:
    """Inflate every Flate-compressed ``stream`` of a PDF (best effort)."""
    for match in re.finditer(rb"stream\r?\n", data):
        decomp = zlib.decompressobj()
        try:
            chunk = decomp.decompress(data[match.end() : match.end() + 50_000_000], 200_000_000)
        except zlib.error:
            continue
        if chunk:
            yield chunk


def _blobs(path: Path, data: bytes) -> Iterable[bytes]:
    """The file's bytes plus the decompressed content hidden inside it."""
    yield data
    if data.startswith(b"%PDF"):
        yield from _pdf_streams(data)
    elif data[:2] == b"\x1f\x8b":
        with contextlib.suppress(OSError, EOFError):
            yield gzip.decompress(data)
    elif data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(path) as zf:
                for name in zf.namelist():
                    yield name.encode("utf-8")
                    member = zf.read(name)
                    yield member
                    yield from _blobs(path, member) if member.startswith(b"%PDF") else ()
        except (zipfile.BadZipFile, OSError, RuntimeError):
            pass


class _Haystack:
    """A blob to search for byte strings, UTF-16 ones included, fast."""

    def __init__(self, blob: bytes) -> None:
        self.blob = blob
        self._halves: tuple[bytes, bytes] | None = None

    def contains(self, needle: bytes) -> bool:
        """Whether *needle* occurs in the blob (exactly as ``needle in blob``)."""
        if len(needle) < 4 or b"\x00" not in needle:
            return needle in self.blob
        # A UTF-16 needle has a NUL every other byte, and searching for it through binary
        # data full of NULs (decompressed images) crawls. Its other bytes lie one after
        # another in the blob's even or odd bytes: found there, each candidate is compared
        # whole.
        skip = 0 if needle[0::2].count(0) <= needle[1::2].count(0) else 1
        part = needle[skip::2]
        if self._halves is None:
            self._halves = (self.blob[0::2], self.blob[1::2])
        for parity, half in enumerate(self._halves):
            k = half.find(part)
            while k != -1:
                # the needle's byte *skip* is the blob's byte 2k + parity
                start = 2 * k + parity - skip
                if start >= 0 and self.blob[start : start + len(needle)] == needle:
                    return True
                k = half.find(part, k + 1)
        return False


def find_private_strings(
    directory: Path, needles: Sequence[str], *, utf16: bool = True
) -> list[tuple[Path, str]]:
    """Find files under ``directory`` whose bytes contain any needle.

    Every file is searched as bytes (text and binary alike), for the UTF-8
    form of each needle, its JSON-escaped form (``\\/``) and, with ``utf16``,
    its UTF-16 forms.  Compressed content is searched too: Flate streams of
    PDFs, gzip files and zip members (with their names).  A symlink whose
    target contains a needle counts as well.  File names are not checked.

    Args:
        directory: Folder to scan recursively (a single file works too).
        needles: Strings to look for, e.g. :func:`default_private_needles`.
        utf16: Also look for UTF-16BE/LE encodings of the needles.

    Returns:
        Sorted, unique ``(file, needle)`` hits; empty when clean.
    """
    directory = Path(directory)
    files = [directory] if directory.is_file() else sorted(directory.rglob("*"))
    wanted = [(n, _needle_variants(n, utf16)) for n in needles if n]
    hits: set[tuple[Path, str]] = set()
    for path in files:
        if path.is_symlink():
            target = os.readlink(path)
            hits.update((path, n) for n, _ in wanted if n in target)
            continue
        if not path.is_file():
            continue
        data = path.read_bytes()
        remaining = list(wanted)
        for blob in map(_Haystack, _blobs(path, data)):
            found = [(n, v) for n, v in remaining if any(blob.contains(b) for b in v)]
            hits.update((path, n) for n, _ in found)
            remaining = [item for item in remaining if item not in found]
            if not remaining:
                break
    return sorted(hits, key=lambda hit: (str(hit[0]), hit[1]))
