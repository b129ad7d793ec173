"""The error types for bad input, and the one warning type.

Every problem with an input file (article, annotations, evidence, lexicon) or
with ``--out`` is an :class:`InputError` carrying the path, the 1-based line
and a message. The CLI prints it as ``path:line: message`` and exits with
status 2. A bad setting that is not a file (an environment variable) is a
:class:`UsageError`, printed as ``runreport: message``, also status 2.
Something worth saying that does not stop the build (a title promising six
causes where the article lists five) is an :class:`InputWarning`, printed as
``path:line: warning: message`` with exit status 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class InputError(Exception):
    """A problem in an input file, located by path and line."""

    def __init__(self, path: str | Path, line: int, message: str) -> None:
        self.path = str(path)
        self.line = int(line)
        self.message = message
        super().__init__(f"{self.path}:{self.line}: {message}")


class ArticleError(InputError):
    """The article does not have the shape runreport understands."""


class UsageError(Exception):
    """A bad setting that is not in a file, such as a malformed environment variable (exit status
    2)."""


@dataclass(frozen=True)
class InputWarning:
    """A finding about an input file that does not stop the build, located by path and line."""

    path: str
    line: int
    message: str
    #: What it is about, for code that treats some findings apart ("structure": no causes or
    #: tips were recognised); "" for the rest.
    kind: str = ""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: warning: {self.message}"
