"""Curated YAML files that point at their own lines.

Takes a YAML file path and gives :class:`YamlDoc`: the round-trip loaded
mapping (ruamel.yaml keeps line numbers) with checkers for mappings, text,
numbers, choices and pairs. Every problem is an
:class:`~runreport.errors.InputError` at the YAML line. Used by the
annotations, lexicon and evidence loaders.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from runreport.errors import InputError


class YamlDoc:
    """A loaded YAML file that knows how to point at its own lines."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(
                path, 1, f"cannot read: {getattr(exc, 'strerror', None) or exc}"
            ) from None
        try:
            self.root = YAML(typ="rt").load(text)
        except MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else 1
            raise InputError(
                path, line, f"YAML syntax error: {exc.problem or exc.context}"
            ) from None
        except YAMLError as exc:  # e.g. a ReaderError for control characters
            line = text[: getattr(exc, "position", 0)].count("\n") + 1
            raise InputError(
                path, line, f"not readable as YAML: {str(exc).splitlines()[0]}"
            ) from None
        if not isinstance(self.root, CommentedMap):
            raise InputError(path, 1, "expected a mapping at the top level")

    def line(self, node: Any, key: Any = None) -> int:
        """1-based line of *node* (or of *key* inside it)."""
        try:
            if key is not None and isinstance(node, CommentedMap):
                return node.lc.key(key)[0] + 1
            if key is not None and isinstance(node, CommentedSeq):
                return node.lc.item(key)[0] + 1
            return node.lc.line + 1
        except (AttributeError, KeyError, IndexError, TypeError):
            return 1

    def fail(self, line: int, message: str) -> InputError:
        return InputError(self.path, line, message)

    def mapping(
        self, node: Any, line: int, what: str, allowed: set[str], required: set[str] = frozenset()
    ):
        """Check *node* is a mapping with only *allowed* keys and every *required* key."""
        if not isinstance(node, CommentedMap):
            raise self.fail(line, f"{what} must be a mapping")
        for key in node:
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                raise self.fail(
                    self.line(node, key), f"unknown key '{key}' in {what} (known: {known})"
                )
        for key in sorted(required):
            if key not in node or node[key] is None:
                raise self.fail(line, f"{what} has no '{key}'")
        return node

    def _value(self, node: Any, key: str, what: str, required: bool) -> Any:
        """``node[key]``; None when absent and optional, an error when absent and required."""
        value = node.get(key)
        if value is None and required:
            raise self.fail(self.line(node), f"{what} has no '{key}'")
        return value

    def text(self, node: Any, key: str, what: str, required: bool = True) -> str | None:
        value = self._value(node, key, what, required)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(self.line(node, key), f"'{key}' in {what} must be non-empty text")
        return " ".join(value.split())

    def number(self, node: Any, key: str, what: str, required: bool = True) -> float | None:
        value = self._value(node, key, what, required)
        if value is None:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)
        ):
            raise self.fail(self.line(node, key), f"'{key}' in {what} must be a number")
        return float(value)

    def integer(self, node: Any, key: str, what: str) -> int:
        """A whole number ≥ 1 (a line or an item number), or an error at its line."""
        value = self._value(node, key, what, required=True)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise self.fail(
                self.line(node, key), f"'{key}' in {what} must be a whole number (got {value!r})"
            )
        return value

    def choice(self, node: Any, key: str, what: str, allowed: tuple[str, ...]) -> str:
        """One of *allowed*, or an error at its line."""
        value = node.get(key)
        if value is None:
            raise self.fail(self.line(node), f"{what} has no {key} ({' / '.join(allowed)})")
        if not isinstance(value, str) or value not in allowed:
            raise self.fail(
                self.line(node, key),
                f"{key} {value!r} in {what} is not one of {', '.join(allowed)}",
            )
        return value

    def pair(self, node: Any, key: str, what: str) -> tuple[float, float] | tuple[None, None]:
        value = node.get(key)
        if value is None:
            return None, None
        ok = (
            isinstance(value, CommentedSeq)
            and len(value) == 2
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
        )
        if not ok or value[0] > value[1]:
            raise self.fail(
                self.line(node, key), f"'{key}' in {what} must be [low, high] with low <= high"
            )
        return float(value[0]), float(value[1])
